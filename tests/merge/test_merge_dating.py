"""Dating an undated article through an event it shares with dated articles (seed 003)."""

from __future__ import annotations

import datetime as dt

from merge_builders import GOV, KHAN, MAARAT, OPP, article, capture

from frontlines.merge import infer_dates_from_events, merge_events
from frontlines.models import DatePrecision, DateSource

ARTICLES = {
    "s000": article("s000", "story-a", "2024-11-30"),
    "s001": article("s001", "story-a", "2024-11-30"),
    "s003": article("s003", "story-c"),  # no date line at all
}
BACKGROUND = [
    capture(
        "s000",
        3,
        KHAN,
        "2019-08-01",
        "2019-08-31",
        new=GOV,
        previous=OPP,
        precision=DatePrecision.MONTH,
        background=True,
    ),
    capture(
        "s001",
        0,
        KHAN,
        "2019-08-01",
        "2019-08-31",
        new=GOV,
        previous=OPP,
        precision=DatePrecision.MONTH,
        background=True,
    ),
    capture("s000", 0, KHAN, "2024-11-30", new=OPP, previous=GOV),
]
WEDNESDAY = capture("s003", 1, KHAN, None, new=GOV, weekday=2)


def test_wednesday_in_august_2019() -> None:
    result = infer_dates_from_events([*BACKGROUND, WEDNESDAY], ARTICLES)
    pub = result.published["s003"]
    assert pub.source == DateSource.INFERRED
    assert (pub.start, pub.end) == (dt.date(2019, 8, 7), dt.date(2019, 9, 3))
    assert pub.start <= dt.date(2019, 8, 21) <= pub.end  # the truth
    assert "s000" in pub.evidence and "Wednesday" in pub.evidence and "ev_" in pub.evidence
    [dated] = [m for m in result.mentions if m.article_id == "s003"]
    assert (dated.date_start, dated.date_end) == (dt.date(2019, 8, 7), dt.date(2019, 8, 28))
    assert dated.date_precision == DatePrecision.RANGE
    assert dated.date_inferred is True
    # Merged again, the dated mention joins the background event and narrows it.
    events = merge_events(result.mentions, ARTICLES)
    [ev2019] = [e for e in events if e.date_start and e.date_start.year == 2019]
    assert {r.article_id for r in ev2019.reports} == {"s000", "s001", "s003"}
    assert ev2019.independent_sources == 2
    assert (ev2019.date_start, ev2019.date_end) == (dt.date(2019, 8, 7), dt.date(2019, 8, 28))
    assert ev2019.background is False


def test_no_inference_without_a_compatible_event() -> None:
    wrong_place = capture("s003", 1, MAARAT, None, new=GOV, weekday=2)
    wrong_side = capture("s003", 2, KHAN, None, new=OPP, weekday=2)
    result = infer_dates_from_events([BACKGROUND[0], wrong_place, wrong_side], ARTICLES)
    assert result.published == {}
    assert all(m.date_start is None for m in result.mentions if m.article_id == "s003")


def test_weekday_outside_the_event_interval_infers_nothing() -> None:
    dated = capture("s000", 5, MAARAT, "2024-11-30", new=OPP)  # a Saturday
    on_monday = capture("s003", 3, MAARAT, None, new=OPP, weekday=0)
    result = infer_dates_from_events([dated, on_monday], ARTICLES)
    assert result.published == {}


def test_two_candidate_events_infer_nothing() -> None:
    # Government took the town in 2016 and in 2019: an undated "on Wednesday" fits both.
    older = capture("s001", 7, KHAN, "2016-03-01", "2016-03-31", new=GOV, background=True)
    result = infer_dates_from_events([BACKGROUND[0], older, WEDNESDAY], ARTICLES)
    assert result.published == {}
