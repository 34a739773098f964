"""What authorities do to a protest, graded by force as ACLED does (issue 14, points 2 and 4):
tear gas, water cannon, rubber bullets and arrests are an intervention; killing or live fire is
excessive force; riot-control agents are never a chemical weapon. Sentences written here."""

from __future__ import annotations

import datetime as dt

import pytest

from frontlines.events.extract import extract_events

DAY = dt.date(2024, 3, 1)

CASES = [
    (
        "Police fired tear gas and water cannon at thousands of protesters in the capital "
        "on Saturday, witnesses said.",
        "Protest with intervention",
    ),
    (
        "Security forces used pepper spray and tear gas to disperse demonstrators outside "
        "parliament.",
        "Protest with intervention",
    ),
    ("Police arrested 40 protesters who had blocked the bridge.", "Protest with intervention"),
    (
        "Police opened fire on protesters, killing four, and arrested dozens of demonstrators.",
        "Excessive force against protesters",
    ),
    (
        "Soldiers shot dead three protesters at a rally in the capital on Friday.",
        "Excessive force against protesters",
    ),
    (
        "Thousands of people marched peacefully through the capital on Sunday to demand "
        "early elections.",
        "Peaceful protest",
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), CASES, ids=[c[1] + f"-{i}" for i, c in enumerate(CASES)]
)
def test_force_on_a_protest_decides_its_type(text: str, expected: str) -> None:
    found = extract_events(text, published=DAY, country="KE")
    assert [m.sub_event_type for m in found] == [expected], found
    assert found[0].event_type == "Protests"


def test_tear_gas_is_never_a_chemical_weapon() -> None:
    for text in (
        "Riot police fired tear gas at students outside the university.",
        "Officers used tear gas and rubber bullets after the march turned into a standoff.",
    ):
        found = extract_events(text, published=DAY, country="KE")
        assert "Chemical weapon" not in {m.sub_event_type for m in found}, found
    strike = extract_events(
        "Government forces dropped chlorine gas on the rebel-held town, killing twelve people.",
        published=DAY,
        country="SY",
    )
    assert [m.sub_event_type for m in strike] == ["Chemical weapon"]


def test_police_are_the_police_forces_of_the_country() -> None:
    [m] = extract_events(CASES[3][0], published=DAY, country="KE")
    assert m.actor2 is not None and m.actor2.name == "Police Forces of Kenya"
    assert m.actor1 is not None and m.actor1.kind.value == "protesters"
    assert m.fatalities is not None and m.fatalities.low == 4
