"""The five seed articles: golden inputs with must / must-not assertions."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontlines.clean import check_quality, clean_text, guess_title, mapping_errors
from frontlines.models import CleanText
from frontlines.settings import Settings

CREDIT_MARKS = ["Photo: AA", "(AFP Photo)", "(Photo: AP)"]
SIDEBAR_003 = [
    "Rare-earth elements between the United States",
    "The Eastern seas after Afghanistan",
    "The failure of the great games in Afghanistan",
    "The intelligence services organize and investigate",
]


def seed(seeds_dir: Path, number: str) -> tuple[str, CleanText]:
    (path,) = seeds_dir.glob(f"{number}_*.txt")
    raw = path.read_text(encoding="utf-8")
    return raw, clean_text(raw)


def paragraphs(clean: CleanText) -> list[str]:
    return [line for line in clean.text.split("\n") if line]


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
def test_seed_is_clean_and_mapped(seeds_dir: Path, number: str) -> None:
    raw, clean = seed(seeds_dir, number)
    assert mapping_errors(raw, clean) == []
    for line in clean.text.split("\n"):
        assert not any(mark in line for mark in CREDIT_MARKS)
        assert line.strip().casefold() not in {"read more", "aa", "img"}
    assert "\n\n\n" not in clean.text
    assert "\u00a0" not in clean.text
    assert clean.text == clean.text.strip()
    assert check_quality(clean, Settings(), source=f"seed {number}") is None
    # Cleaning clean text changes nothing.
    assert clean_text(clean.text).text == clean.text


def test_seed_000_keeps_body_and_headings(seeds_dir: Path) -> None:
    _, clean = seed(seeds_dir, "000")
    kept = paragraphs(clean)
    assert kept[0].startswith("Armed opposition groups opposing the Assad regime")
    assert kept[-1].startswith("Attacks on Idlib continued")
    assert any(
        p.startswith("Anti-regime armed groups on Saturday also recaptured Maarrat al-Numan")
        for p in kept
    )
    assert "KHAN SHEIKHOUN TARGETED WITH CHEMICAL WEAPONS IN 2017" in kept
    assert "IDLIB HEAVILY CONTESTED AFTER ASTANA, SOCHI AGREEMENTS" in kept
    assert "Anti-regime fighters celebrate" not in clean.text
    assert [r.kind for r in clean.removals if r.kind != "blank"] == ["caption"]
    assert guess_title(clean) is None  # the first line is a sentence


def test_seed_001_caption_goes_body_copy_stays_once(seeds_dir: Path) -> None:
    _, clean = seed(seeds_dir, "001")
    kept = paragraphs(clean)
    body = "Anti-regime armed groups on Saturday also recaptured Maarrat al-Numan, the largest town in Idlib province."
    assert kept.count(body) == 1
    assert len(kept) == len(set(kept))  # every paragraph once
    # The two 2019 sentences differ ("in Idlib"): both stay.
    assert sum(p.startswith("In August 2019, the Assad regime forces") for p in kept) == 2
    assert "Who is who in northern Syria?" not in clean.text
    assert "Route 6" not in clean.text
    assert kept[-1].startswith("At the Astana meeting")
    assert (
        guess_title(clean)
        == "Syrian opposition gains control of entire Idlib, advances towards Hama"
    )
    kinds = {r.kind for r in clean.removals}
    assert {"caption", "read_more", "trailing_headlines"} <= kinds


def test_seed_002_drops_the_date_line_only(seeds_dir: Path) -> None:
    raw, clean = seed(seeds_dir, "002")
    assert [r.text for r in clean.removals] == ["30 November 2024 15:54"]
    assert "Airstrikes in Aleppo" in paragraphs(clean)
    assert "According to Reuters, it is the last major area" in clean.text
    assert guess_title(clean) == "Idlib falls as rebels seize last major enclave from Assad"
    assert len(clean.text) == len(raw) - len("30 November 2024 15:54\n")


def test_seed_003_sidebar_and_sources_go(seeds_dir: Path) -> None:
    _, clean = seed(seeds_dir, "003")
    for headline in SIDEBAR_003:
        assert headline not in clean.text
    assert "[Sources:" not in clean.text
    kept = paragraphs(clean)
    assert kept[-1].startswith("“However,” the researchers conclude")
    # The standfirst has no final full stop but is not trailing: it stays.
    assert kept[1].startswith("Opposition fighters have withdrawn from the town of Khan Sheikhun")
    assert not any("Turkish military convoy at a highway" in p for p in kept)
    assert "said Syrian Observatory for Human Rights chief" in clean.text  # NBSP folded
    assert guess_title(clean) == "Syrian Regime Forces Gain Control of Key Town in Idlib"


def test_seed_004_header_bullets_go(seeds_dir: Path) -> None:
    _, clean = seed(seeds_dir, "004")
    kept = paragraphs(clean)
    assert not any(p.startswith("- ") for p in kept)
    assert kept[0] == "Syria regime, Daesh seize 3,000 square kms in Idlib"
    assert kept[1].startswith("Syria's Assad regime, backed up by Russian fighter jets")
    assert kept[-1].startswith("Hundreds of thousands of people have been killed")
    assert [r.kind for r in clean.removals] == ["metadata"] * 4
    assert "according to measurements carried out by Anadolu Agency" in clean.text
