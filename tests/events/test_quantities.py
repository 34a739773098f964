"""Written amounts and their bounds: no model needed."""

from __future__ import annotations

import pytest

from frontlines.events.quantities import parse_amount


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["21"], (21, 21)),
        (["1,447"], (1447, 1447)),
        (["twenty-one"], (21, 21)),
        (["half", "a", "million"], (500_000, 500_000)),
        (["a", "dozen"], (12, 12)),
        (["dozens"], (24, 99)),
        (["hundreds"], (200, 999)),
        (["tens", "of", "thousands"], (20_000, 99_999)),
        (["two", "hundred"], (200, 200)),
        (["3", "million"], (3_000_000, 3_000_000)),
    ],
)
def test_amounts(words: list[str], expected: tuple[int, int]) -> None:
    assert parse_amount(words) == expected


@pytest.mark.parametrize("words", [[], ["soldiers"], ["the"], ["soldiers", "21"]])
def test_not_amounts(words: list[str]) -> None:
    assert parse_amount(words) is None


def test_acled_keeps_one_figure_the_lowest_or_its_number_for_dozens() -> None:
    from frontlines.events.model import Quantity
    from frontlines.events.quantities import acled_fatalities

    assert acled_fatalities(Quantity(low=24, high=99, text="dozens of soldiers")) == 12
    assert acled_fatalities(Quantity(low=40, high=None, text="at least 40")) == 40
    assert acled_fatalities(Quantity(low=12, high=20, text="between 12 and 20 people")) == 12
    assert acled_fatalities(None) == 0


def test_as_many_as_is_an_upper_bound() -> None:
    from frontlines import nlp
    from frontlines.events.lexicon import load_event_lexicon
    from frontlines.events.quantities import casualties

    doc = nlp.parse("A bomb exploded in the market on Thursday, killing as many as 20 people.")
    killed, _ = casualties(next(iter(doc.sents)), load_event_lexicon())
    assert killed is not None and (killed.low, killed.high) == (None, 20), killed
