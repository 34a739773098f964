"""Wars and eras named without a year ("World War II", "the first Gulf War") are dated by
the years they lasted, so what an article retells of them is history. Sentences written here."""

from __future__ import annotations

import datetime as dt

import pytest

from frontlines.events.extract import extract_events
from frontlines.time import extract_times

DAY = dt.date(2009, 3, 15)


@pytest.mark.parametrize(
    ("text", "expression", "first", "last"),
    [
        ("He served in World War II before he moved to Dorvale.", "World War II", 1939, 1945),
        ("His ship was hit in the first Gulf War.", "the first Gulf War", 1990, 1991),
        ("The Gulf-war veteran will ride to the capital.", "The Gulf-war", 1990, 1991),
        ("Her father fought in the Yom Kippur War.", "the Yom Kippur War", 1973, 1973),
        ("The bunker was built during the Cold War.", "the Cold War", 1947, 1991),
    ],
)
def test_a_named_war_is_dated_by_its_years(
    text: str, expression: str, first: int, last: int
) -> None:
    found = [t for t in extract_times(text, published=DAY) if t.value_start is not None]
    assert [(t.text, t.value_start, t.value_end) for t in found] == [
        (expression, dt.date(first, 1, 1), dt.date(last, 12, 31))
    ]


def test_a_war_in_lower_case_is_no_name() -> None:
    assert extract_times("The two firms are in a price war of words.", published=DAY) == []


def test_an_attack_in_a_named_war_is_history() -> None:
    text = "An enemy attack on his unit in the first Gulf War left him with severe damage, the army said."
    (m,) = extract_events(text, published=DAY)
    assert m.background and m.date_start == dt.date(1990, 1, 1)


def test_a_clause_on_the_events_noun_dates_it() -> None:
    text = "An enemy attack while he was serving on a ship in the first Gulf War left him deaf."
    (m,) = extract_events(text, published=DAY)
    assert m.background and m.date_start == dt.date(1990, 1, 1)


@pytest.mark.parametrize(
    "text",
    [
        "Residents said the militants fighting the army on Monday had fled by Wednesday.",
        "Rebels attacking the army post on Monday were pushed back, officials said.",
    ],
)
def test_a_participle_takes_the_tense_of_its_clause(text: str) -> None:
    # published on a Friday: the Monday before, not the one after
    friday = dt.date(2024, 3, 8)
    monday = [t for t in extract_times(text, published=friday) if t.text == "Monday"]
    assert [t.value_start for t in monday] == [dt.date(2024, 3, 4)]
    assert [(m.date_start, m.modality.value) for m in extract_events(text, published=friday)] == [
        (dt.date(2024, 3, 4), "asserted")
    ]
