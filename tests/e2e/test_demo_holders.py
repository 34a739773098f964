"""Who holds each demo place, on the demo's last date and on dates in between (issue 16, 4).

The table is ours, read from the demo texts (src/frontlines/data/demo), not from what the
pipeline says. Where the pipeline is wrong and we have not fixed it, the row is an expected
failure with the reason, so a fix shows up as an unexpected pass.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import frontlines
from tests.api.demo import demo_database

pytestmark = pytest.mark.slow

LAST = "2025-03-31"  # the demo's newest dated article is of 26 March 2025
GOV, REB = "side:state:{}", "side:nonstate:{}"
RU, UA = "side:state:RU", "side:state:UA"

# place (as the texts spell it), date, the side holding it then (None: the texts do not say)
HOLDERS: list[tuple[str, str, str | None]] = [
    # Syria
    ("Khan Sheikhoun", "2018-06-01", REB.format("SY")),
    ("Khan Sheikhoun", "2020-01-01", GOV.format("SY")),
    ("Khan Sheikhoun", LAST, REB.format("SY")),
    ("Maarat al-Numan", "2021-01-01", GOV.format("SY")),
    ("Maarat al-Numan", LAST, REB.format("SY")),
    ("Saraqib", "2020-02-10", GOV.format("SY")),
    ("Saraqib", "2020-02-28", REB.format("SY")),
    ("Aleppo", "2024-11-01", GOV.format("SY")),
    ("Aleppo", LAST, REB.format("SY")),
    ("Hama", "2024-12-01", GOV.format("SY")),
    ("Hama", LAST, REB.format("SY")),
    ("Homs", "2024-12-01", GOV.format("SY")),
    ("Homs", LAST, REB.format("SY")),
    ("Damascus", "2024-12-01", GOV.format("SY")),
    ("Damascus", LAST, REB.format("SY")),
    # Iraq
    ("Fallujah", "2015-01-01", REB.format("IQ")),
    ("Fallujah", LAST, GOV.format("IQ")),
    ("Ramadi", "2015-08-01", REB.format("IQ")),
    ("Ramadi", LAST, GOV.format("IQ")),
    ("Mosul", "2016-01-01", REB.format("IQ")),
    ("Mosul", LAST, GOV.format("IQ")),
    # Ukraine
    ("Izium", "2022-03-01", UA),
    ("Izium", "2022-06-01", RU),
    ("Izium", LAST, UA),
    ("Kherson", "2022-06-01", RU),
    ("Kherson", LAST, UA),
    ("Lyman", "2022-07-01", RU),
    ("Lyman", LAST, UA),
    ("Bakhmut", "2023-01-01", UA),
    ("Bakhmut", LAST, RU),
    ("Avdiivka", "2023-06-01", UA),
    ("Avdiivka", LAST, RU),
    # Sudan
    ("Wad Madani", "2024-06-01", REB.format("SD")),
    ("Wad Madani", LAST, GOV.format("SD")),
    ("Khartoum", LAST, GOV.format("SD")),
    # Yemen
    ("Sanaa", LAST, REB.format("YE")),
    # Myanmar
    ("Laukkai", "2023-12-01", GOV.format("MM")),
    ("Laukkai", "2024-02-01", REB.format("MM")),
    ("Laukkai", LAST, REB.format("MM")),
    ("Hsenwi", "2024-03-01", REB.format("MM")),
    ("Hsenwi", LAST, REB.format("MM")),
    ("Chinshwehaw", LAST, REB.format("MM")),
    ("Lashio", "2024-10-01", REB.format("MM")),
]

# Rows the pipeline gets wrong today, with why (an expected failure each).
KNOWN_WRONG: dict[tuple[str, str], str] = {
    ("Chinshwehaw", LAST): "'taken control of the border trade town of Chinshwehaw': the "
    "gazetteer lacks the town",
}

# Places no demo text says changed hands: whatever the pipeline answers, never Russia's.
NEVER_RUSSIAN = ["Dnipro", "Kramatorsk", "Kharkiv"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, full_gazetteer_path: Path):  # type: ignore[no-untyped-def]
    db = demo_database(tmp_path_factory, full_gazetteer_path)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FRONTLINES_GAZETTEER", str(full_gazetteer_path))
        with frontlines.open(str(db)) as fl:
            yield fl


def _holders(fl, name: str, on: str) -> list[str]:  # type: ignore[no-untyped-def]
    answer = fl.control(name, on=dt.date.fromisoformat(on))
    return sorted(p.controller.id for p in answer.periods)


CASES = [
    pytest.param(
        place,
        on,
        side,
        id=f"{place}@{on}",
        marks=[pytest.mark.xfail(reason=KNOWN_WRONG[(place, on)], strict=True)]
        if (place, on) in KNOWN_WRONG
        else [],
    )
    for place, on, side in HOLDERS
]


@pytest.mark.parametrize(("place", "on", "side"), CASES)
def test_the_demo_says_who_held_it(
    demo, full_gazetteer_env: Path, place: str, on: str, side: str | None
) -> None:  # type: ignore[no-untyped-def]
    assert _holders(demo, place, on) == ([side] if side else [])


@pytest.mark.parametrize("place", NEVER_RUSSIAN)
def test_a_place_no_text_says_fell_is_never_russian(
    demo, full_gazetteer_env: Path, place: str
) -> None:  # type: ignore[no-untyped-def]
    for on in ("2022-06-01", "2023-06-01", LAST):
        assert RU not in _holders(demo, place, on), (place, on)


def test_a_place_the_store_has_no_evidence_of_is_not_a_namesake_it_has(  # type: ignore[no-untyped-def]
    demo, full_gazetteer_env: Path
) -> None:
    # "Goma" loosely matches Hama (held in the demo); the user asked for the Congolese town
    answer = demo.control("Goma", on=dt.date.fromisoformat(LAST))
    assert (answer.place.name, answer.place.country_code) == ("Goma", "CD")
    assert answer.periods == []
