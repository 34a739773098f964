"""Dating an article that carries no date: an interval with evidence, or unknown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from frontlines.clean import clean_text
from frontlines.models import DatePrecision, DateSource
from frontlines.time import infer_publication


def test_latest_date_gives_a_low_confidence_interval() -> None:
    text = "Russian forces captured Kherson on March 3, 2022. The city had been shelled since late February."
    published = infer_publication(text)
    assert (published.start, published.end) == (dt.date(2022, 3, 3), dt.date(2022, 4, 2))
    assert published.precision is DatePrecision.RANGE
    assert published.source is DateSource.INFERRED
    assert 0 < published.confidence < 0.5
    assert "March 3, 2022" in (published.evidence or "")


def test_a_yearless_day_narrows_the_interval() -> None:
    text = "Talks collapsed on November 3, 2024. Rebels have advanced since Nov. 27 across the province."
    published = infer_publication(text)
    assert (published.start, published.end) == (dt.date(2024, 11, 27), dt.date(2024, 12, 3))
    assert "Nov. 27" in (published.evidence or "")


def test_background_dates_give_no_interval() -> None:
    """The latest date is history when a yearless day cannot fit after it: seed 000 without its date line."""
    text = (
        "The armed groups have been clashing with regime forces since Nov. 27. "
        "In August 2019, regime forces took control of Khan Sheikhoun."
    )
    published = infer_publication(text)
    assert not published.is_known
    assert "background" in (published.evidence or "")


def test_year_only_dates_are_too_coarse() -> None:
    published = infer_publication(
        "The conflict, ongoing since 2011, has claimed half a million lives."
    )
    assert not published.is_known
    assert "2011" in (published.evidence or "")


def test_future_dates_are_not_lower_bounds() -> None:
    text = "Fighting broke out on June 1, 2024. Elections will be held on March 3, 2030."
    assert infer_publication(text).start == dt.date(2024, 6, 1)


def test_no_dates_no_date() -> None:
    published = infer_publication("Rebels took the town on Wednesday, activists said.")
    assert not published.is_known and published.confidence == 0.0
    assert published.source is DateSource.UNKNOWN
    assert "no absolute date" in (published.evidence or "")


def test_seeds_without_their_date_lines(seeds_dir: Path) -> None:
    """No seed gets one specific day; 003 (no date line at all) is unknown."""
    for path in sorted(seeds_dir.glob("*.txt")):
        text = clean_text(path.read_text(encoding="utf-8")).text
        published = infer_publication(text)
        assert published.start is None or published.start != published.end, path.name
        if path.name.startswith("003"):
            assert not published.is_known


# -- the URL's date (issue 13, point 12) -------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "start", "end", "precision"),
    [
        (
            "https://example.org/world/2015/05/17/rebels-take-town/",
            "2015-05-17",
            "2015-05-17",
            "day",
        ),
        ("https://example.org/news/2013-12-06/troops-enter", "2013-12-06", "2013-12-06", "day"),
        (
            "https://example.org/articles/141870/20201109/city-taken",
            "2020-11-09",
            "2020-11-09",
            "day",
        ),
        ("https://example.org/28-Jul-2014/town-cleared", "2014-07-28", "2014-07-28", "day"),
        ("http://example.org/world/2017/03/army-retakes-town", "2017-03-01", "2017-03-31", "range"),
    ],
)
def test_date_from_url_reads_the_path(url: str, start: str, end: str, precision: str) -> None:
    from frontlines.time.publication import date_from_url

    got = date_from_url(url, today=dt.date(2026, 1, 1))
    assert (got.start, got.end) == (dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    assert got.precision.value == precision
    assert got.source.value == "inferred" and got.evidence and "URL" in got.evidence


@pytest.mark.parametrize(
    "url",
    [
        None,
        "https://example.org/news/151020177",  # an article number, not a date
        "https://example.org/story/160617",  # yymmdd or ddmmyy: two different days
        "https://example.org/2031/01/01/ahead",  # after today
        "https://example.org/2019/13/40/no-such-day",
    ],
)
def test_date_from_url_guesses_nothing(url: str | None) -> None:
    from frontlines.time.publication import date_from_url

    assert not date_from_url(url, today=dt.date(2026, 1, 1)).is_known
