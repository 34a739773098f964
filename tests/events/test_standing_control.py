"""Standing control with the day it began ("Khan Shaykhun, held by rebels since 2012"): the holder
took the place then; history where that is long ago (issue 13, gold rule 8). Sentences
written here."""

from __future__ import annotations

import datetime as dt

import pytest

from frontlines.events.extract import extract_events

DAY = dt.date(2024, 3, 8)


def _changes(text: str) -> list[tuple[str | None, str | None, dt.date | None, bool]]:
    return [
        (
            m.place.name if m.place else None,
            m.territory.new_controller.kind.value if m.territory.new_controller else None,
            m.date_start,
            m.background,
        )
        for m in extract_events(text, published=DAY)
        if m.territory is not None
    ]


def test_held_since_a_year_is_a_change_of_that_year() -> None:
    text = "Khan Shaykhun, held by rebels since 2012, fell to the army on Tuesday."
    assert _changes(text) == [
        ("Khān Shaykhūn", "rebel_group", dt.date(2012, 1, 1), True),
        ("Khān Shaykhūn", "state_forces", dt.date(2024, 3, 5), False),
    ]


def test_controlled_since_a_month() -> None:
    text = "The rebels have controlled Khan Shaykhun since June 2015, residents said on Tuesday."
    assert _changes(text) == [("Khān Shaykhūn", "rebel_group", dt.date(2015, 6, 1), True)]


@pytest.mark.parametrize(
    "text",
    [
        # no day the text gives: no change (the article's date is not when they took it)
        "Government forces have held Khan Shaykhun since the rebels withdrew, residents said.",
        # who won a vote, not who holds ground
        "Republicans have controlled Texas since 1994, the party said on Tuesday.",
        "The Democrats have held Ohio since 2008 in the Senate.",
        # no place
        "The minister has held the post since 2019, officials said on Tuesday.",
        "The army has held talks with rebels since Monday in Dorvale.",
    ],
)
def test_no_standing_change_without_a_date_an_armed_holder_or_a_place(text: str) -> None:
    assert _changes(text) == []


def test_a_relative_clause_tells_the_earlier_change_of_its_place() -> None:
    text = "The army recaptured Khan Shaykhun, which rebels had seized in 2020, on Tuesday."
    assert _changes(text) == [
        ("Khān Shaykhūn", "state_forces", dt.date(2024, 3, 5), False),
        ("Khān Shaykhūn", "rebel_group", dt.date(2020, 1, 1), True),
    ]
