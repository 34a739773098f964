"""Merging mentions across articles: syndication, independence, disagreement, invariants."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from merge_builders import (
    GOV,
    HTS,
    IDLIB_PROVINCE,
    KHAN,
    MAARAT,
    OPP,
    SARAQIB,
    SNA,
    article,
    capture,
    strike,
)

from frontlines.events.model import Modality
from frontlines.merge import cluster_mentions, merge_events
from frontlines.models import DatePrecision

ARTICLES = {
    "a0": article("a0", "story-1", "2024-11-30"),
    "a1": article("a1", "story-1", "2024-11-30"),  # syndicated copy of a0
    "a2": article("a2", "story-2", "2024-11-30"),
    "a3": article("a3", "story-3", "2024-12-01"),
}


def test_syndicated_copies_count_once() -> None:
    mentions = [
        capture("a0", 0, MAARAT, "2024-11-30", new=OPP),
        capture("a1", 3, MAARAT, "2024-11-30", new=OPP),
    ]
    [event] = merge_events(mentions, ARTICLES)
    assert event.independent_sources == 1
    assert [r.article_id for r in event.reports] == ["a0", "a1"]
    assert event.reports[0].outlet == "outlet-a0"
    assert event.reports[0].story_id == "story-1"


def test_two_stories_are_two_sources_and_raise_confidence() -> None:
    one = merge_events([capture("a0", 0, MAARAT, "2024-11-30")], ARTICLES)[0]
    [event] = merge_events(
        [capture("a0", 0, MAARAT, "2024-11-30"), capture("a2", 1, MAARAT, "2024-11-30")], ARTICLES
    )
    assert event.independent_sources == 2
    assert one.confidence == 0.5
    assert event.confidence == 0.75  # 1 - 0.5**2


def test_different_rebel_groups_same_direction_merge() -> None:
    [event] = merge_events(
        [
            capture("a0", 0, MAARAT, "2024-11-30", new=HTS),
            capture("a2", 0, MAARAT, "2024-11-30", new=SNA),
        ],
        ARTICLES,
    )
    assert event.independent_sources == 2


def test_opposite_directions_and_far_dates_stay_apart() -> None:
    mentions = [
        capture("a0", 0, KHAN, "2024-11-30", new=OPP, previous=GOV),
        capture("a0", 1, KHAN, "2019-08-01", "2019-08-31", new=GOV, background=True),
        capture("a2", 0, KHAN, "2024-11-29", new=OPP),  # a day off: same event
        capture("a3", 0, KHAN, "2024-11-20", new=OPP),  # ten days off: another
    ]
    events = merge_events(mentions, ARTICLES)
    assert len(events) == 3
    recent = [e for e in events if e.date_start and e.date_start.year == 2024]
    big = max(recent, key=lambda e: len(e.reports))
    assert {r.article_id for r in big.reports} == {"a0", "a2"}
    # 29th and 30th do not intersect: the union is kept and the disagreement said.
    assert (big.date_start.isoformat(), big.date_end.isoformat()) == ("2024-11-29", "2024-11-30")
    assert any(d.startswith("dates differ") for d in big.disagreements)


def test_most_precise_consistent_date_wins() -> None:
    mentions = [
        capture("a0", 0, KHAN, "2019-08-01", "2019-08-31", new=GOV, precision=DatePrecision.MONTH),
        capture("a2", 0, KHAN, "2019-08-21", new=GOV),
    ]
    [event] = merge_events(mentions, ARTICLES)
    assert event.date_start == event.date_end
    assert event.date_start.isoformat() == "2019-08-21"
    assert event.date_precision == DatePrecision.DAY
    assert event.disagreements == []


def test_denial_is_kept_as_disagreement_not_as_change() -> None:
    claim = capture("a0", 0, MAARAT, "2024-11-30", new=OPP)
    denial = capture("a2", 0, MAARAT, "2024-11-30", new=OPP, modality=Modality.DENIED)
    [event] = merge_events([claim, denial], ARTICLES)
    assert event.territory is not None
    assert any(d.startswith("denied by a2") for d in event.disagreements)
    assert event.confidence < 0.75
    [alone] = merge_events([denial], ARTICLES)
    assert alone.territory is None  # a denial never creates a change of control
    assert alone.disagreements


def test_area_capture_and_town_capture_stay_separate() -> None:
    mentions = [
        capture("a0", 0, IDLIB_PROVINCE, "2024-11-30", scope="admin_area"),
        capture("a0", 1, KHAN, "2024-11-30"),
        capture("a0", 2, IDLIB_PROVINCE, "2024-11-30", scope="aggregate"),  # "50 villages"
        capture("a0", 3, IDLIB_PROVINCE, "2024-10-01", scope="aggregate"),
    ]
    events = merge_events(mentions, ARTICLES)
    assert sorted(len(e.reports) for e in events) == [1, 1, 2]
    [whole] = [e for e in events if len(e.reports) == 2]
    assert whole.territory is not None and whole.territory.scope == "admin_area"


def test_vague_area_report_joins_only_a_unique_town_event() -> None:
    area = strike("a2", 0, IDLIB_PROVINCE, "2024-11-30")
    town = strike("a0", 0, MAARAT, "2024-11-30")
    [event] = merge_events([area, town], ARTICLES)
    assert event.place is not None and event.place.geonameid == MAARAT.geonameid
    # Two towns struck that day: the vague report must not chain them into one event.
    other = strike("a3", 0, SARAQIB, "2024-11-30")
    assert len(merge_events([area, town, other], ARTICLES)) == 3


def test_background_only_when_every_report_is() -> None:
    a = capture("a0", 0, KHAN, "2019-08-01", "2019-08-31", new=GOV, background=True)
    b = capture("a2", 0, KHAN, "2019-08-21", new=GOV)
    assert merge_events([a], ARTICLES)[0].background is True
    assert merge_events([a, b], ARTICLES)[0].background is False


# --- properties -----------------------------------------------------------------------

POOL = [
    capture("a0", 0, KHAN, "2024-11-30", new=OPP, previous=GOV),
    capture("a1", 0, KHAN, "2024-11-30", new=HTS),
    capture("a2", 0, KHAN, "2024-11-29", new=SNA),
    capture("a0", 1, KHAN, "2019-08-01", "2019-08-31", new=GOV, background=True),
    capture("a1", 1, KHAN, "2019-08-01", "2019-08-31", new=GOV, background=True),
    capture("a3", 0, KHAN, None, new=GOV, weekday=2),
    capture("a0", 2, MAARAT, "2024-11-30"),
    capture("a2", 1, MAARAT, "2024-11-30", modality=Modality.DENIED),
    capture("a2", 2, IDLIB_PROVINCE, "2024-11-30", scope="admin_area"),
    strike("a2", 3, IDLIB_PROVINCE, "2024-11-30"),
    strike("a3", 1, SARAQIB, "2024-11-30"),
    strike("a0", 3, MAARAT, "2024-11-29"),
    capture("a3", 2, SARAQIB, "2024-12-01", new=GOV),
]
ARTICLES_WITH_UNDATED = {**ARTICLES, "a3": article("a3", "story-3")}


def _dump(events: list) -> list[str]:
    return [e.model_dump_json() for e in events]


@settings(max_examples=60, deadline=None)
@given(st.permutations(POOL), st.lists(st.sampled_from(POOL), max_size=5))
def test_merge_is_order_independent_and_idempotent(shuffled: list, repeats: list) -> None:
    expected = _dump(merge_events(POOL, ARTICLES_WITH_UNDATED))
    assert _dump(merge_events(shuffled, ARTICLES_WITH_UNDATED)) == expected
    # The same mentions again (duplicates) change nothing.
    assert _dump(merge_events([*shuffled, *repeats], ARTICLES_WITH_UNDATED)) == expected


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(POOL), min_size=1, unique_by=lambda m: (m.article_id, m.index)))
def test_remerging_an_events_members_gives_that_event(subset: list) -> None:
    for cluster in cluster_mentions(subset, ARTICLES_WITH_UNDATED):
        again = cluster_mentions(cluster.members, ARTICLES_WITH_UNDATED)
        assert [c.id for c in again] == [cluster.id]


def test_event_ids_are_stable_hashes_of_members() -> None:
    a = merge_events(POOL, ARTICLES_WITH_UNDATED)
    b = merge_events(list(reversed(POOL)), ARTICLES_WITH_UNDATED)
    assert [e.id for e in a] == [e.id for e in b]
    assert all(e.id.startswith("ev_") and len(e.id) == 19 for e in a)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.integers(0, 40)),  # start day, or undated
            st.integers(0, 9),  # length in days
            st.sampled_from(["story-1", "story-2"]),
        ),
        max_size=14,
    )
)
def test_the_date_sweep_offers_every_pair_dates_can_join(
    spec: list[tuple[int | None, int, str]],
) -> None:
    """Step 1 tries only the pairs the sweep offers: they must be every pair whose dates
    are compatible (undated ones within one story), each once, in index order."""
    import datetime as dt

    from frontlines.merge.events import _date_pairs, dates_compatible

    base = dt.date(2024, 1, 1)
    ms, articles = [], {}
    for n, (start, length, story) in enumerate(spec):
        articles[f"a{n}"] = article(f"a{n}", story, "2024-03-01")
        m = capture(f"a{n}", 0, KHAN, None)
        if start is not None:
            first = base + dt.timedelta(days=start)
            m = m.model_copy(
                update={"date_start": first, "date_end": first + dt.timedelta(days=length)}
            )
        ms.append(m)
    idx = list(range(len(ms)))
    offered = list(_date_pairs(ms, idx, articles))
    assert len(offered) == len(set(offered)) and all(i < j for i, j in offered)
    wanted = {
        (i, j)
        for i in idx
        for j in idx[i + 1 :]
        if dates_compatible(ms[i], ms[j])
        and (ms[i].date_start is not None or spec[i][2] == spec[j][2])
    }
    assert wanted <= set(offered)
    # what else it offers fails the date test: nothing of what it skips could join
    assert all(not dates_compatible(ms[i], ms[j]) for i, j in set(offered) - wanted)
