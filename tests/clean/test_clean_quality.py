"""check_quality, guess_title, normalise_for_identity and the patterns file."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontlines.clean import (
    check_quality,
    clean_text,
    count_words,
    english_share,
    guess_title,
    load_patterns,
    normalise_for_identity,
)
from frontlines.errors import BadOption, reason
from frontlines.settings import Settings

ENGLISH = (
    "Government forces said on Monday that they had pushed armed groups out of three villages "
    "along the river, while aid workers reported that hundreds of families were still trying to "
    "reach the camps in the north. The ministry added that the main road would stay closed until "
    "the area had been cleared of mines, and it asked residents not to return before then."
)
FRENCH = (
    "Les forces gouvernementales ont repris le contrôle de la ville après trois jours de combats "
    "intenses. Selon les autorités locales, des centaines de familles ont fui vers le nord, où les "
    "camps sont déjà saturés. Le ministère a annoncé que les routes principales resteraient fermées "
    "jusqu'à nouvel ordre, tandis que les organisations humanitaires demandent un accès immédiat."
)
TURKISH = (
    "Hükümet güçleri üç gün süren yoğun çatışmaların ardından kentin kontrolünü yeniden ele "
    "geçirdi. Yerel yetkililere göre yüzlerce aile kuzeydeki kamplara kaçtı ve kamplar şimdiden "
    "dolmuş durumda. Bakanlık, ana yolların yeni bir karara kadar kapalı kalacağını açıkladı; "
    "insani yardım kuruluşları ise bombardımandan etkilenen bölgelere acil erişim talep ediyor."
)


def test_english_text_passes() -> None:
    assert count_words(ENGLISH) >= 40
    assert check_quality(clean_text(ENGLISH), Settings(), source="x") is None


@pytest.mark.parametrize("text", [FRENCH, TURKISH])
def test_other_languages_fail_not_english(text: str) -> None:
    rejection = check_quality(clean_text(text), Settings(), source="feed.xml#entry=2")
    assert rejection is not None
    assert rejection.code == reason("not_english").code == "R006"
    assert rejection.stage == "quality"
    assert rejection.source == "feed.xml#entry=2"
    assert "English word share" in rejection.reason
    assert rejection.sample and rejection.sample.startswith(text[:20])


def test_ten_words_fail_too_short() -> None:
    text = "Shelling hit the eastern suburbs overnight, residents of town said."
    assert count_words(text) == 10
    rejection = check_quality(clean_text(text), Settings(), source="a.txt")
    assert rejection is not None
    assert rejection.code == reason("too_short").code
    assert rejection.reason == "the text has 10 words after cleaning, under the 40-word minimum"


def test_thresholds_come_from_settings() -> None:
    text = clean_text("Shelling hit the eastern suburbs overnight, residents of the town said.")
    assert check_quality(text, Settings(min_words=5), source="a") is None
    strict = Settings(min_english_share=0.9)
    rejection = check_quality(clean_text(ENGLISH), strict, source="a")
    assert rejection is not None
    assert rejection.code == "R006"


def test_word_counting() -> None:
    assert count_words("") == 0
    assert count_words("U.S. troops left al-Tanf, didn't they? 3,035 km²") == 8
    assert english_share("") == 0.0
    assert english_share("the of and") == 1.0


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Rebels cut supply road to northern garrison\n\nBody text follows here.",
            "Rebels cut supply road to northern garrison",
        ),
        ("Who holds the bridge now?\nBody text follows here.", "Who holds the bridge now?"),
        ("Rebels cut the supply road to the garrison.\n\nBody text follows.", None),
        ("Rebels cut supply road to northern garrison", None),
        ("Smoke over the port (AFP Photo)\n\nBody text.", None),
        ("12 March 2021\n\nBody text.", None),
        ("Read more: other news\n\nBody text.", None),
        (" ".join(["word"] * 30) + "\n\nBody text.", None),
        ("\n\nBody text.", None),
    ],
)
def test_guess_title(text: str, title: str | None) -> None:
    assert guess_title(clean_text(text)) == title


def test_normalise_for_identity() -> None:
    a = "“Rebels”  took\u00a0the TOWN — again\n\n‘today’"
    b = "\"rebels\" took the town - again 'today'"
    assert normalise_for_identity(a) == normalise_for_identity(b) == b
    assert normalise_for_identity("ﬁghters\u200b  ") == "fighters"
    assert normalise_for_identity("Straße") == normalise_for_identity("STRASSE")
    assert normalise_for_identity("one town") != normalise_for_identity("one twon")


def test_patterns_load_once_and_from_a_user_file(tmp_path: Path) -> None:
    assert load_patterns() is load_patterns()
    packaged = Path(__file__).resolve().parents[2] / "src/frontlines/data/clean_patterns.toml"
    text = packaged.read_text(encoding="utf-8").replace(
        '"Courtesy",', '"Courtesy", "Harbour Foto",'
    )
    custom = tmp_path / "patterns.toml"
    custom.write_text(text, encoding="utf-8")
    patterns = load_patterns(custom)
    body = "Troops entered the valley on Friday after a week of fighting, officials said."
    raw = f"{body}\n\nA boat at anchor (Harbour Foto Photo)\n\n{body.upper()}"
    assert "Harbour Foto" in clean_text(raw).text
    assert "Harbour Foto" not in clean_text(raw, patterns=patterns).text


def test_bad_patterns_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[credits]\nagencies = [\n", encoding="utf-8")
    with pytest.raises(BadOption, match="bad.toml"):
        load_patterns(bad)
    broken = tmp_path / "broken.toml"
    packaged = Path(__file__).resolve().parents[2] / "src/frontlines/data/clean_patterns.toml"
    broken.write_text(
        packaged.read_text(encoding="utf-8").replace("'watch\\s*:',", "'watch(',"), encoding="utf-8"
    )
    with pytest.raises(BadOption, match="bad regex in read_more.line_starts"):
        load_patterns(broken)
