"""Control periods: the Khan Sheikhoun timeline, sides, contested changes, admin inheritance."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st
from merge_builders import (
    GOV,
    HAMA_TOWN,
    HTS,
    IDLIB_PROVINCE,
    KHAN,
    MAARAT,
    OPP,
    SARAQIB,
    SNA,
    article,
    capture,
    day,
)

from frontlines.events.model import ControlPeriod, Modality
from frontlines.merge import (
    control_on,
    control_periods,
    holders_on,
    merge_events,
    place_key,
    timeline_for,
)
from frontlines.models import DatePrecision

ARTICLES = {
    "a0": article("a0", "story-1", "2024-11-30"),
    "a1": article("a1", "story-1", "2024-11-30"),
    "a2": article("a2", "story-2", "2024-11-30"),
    "a3": article("a3", "story-3", "2024-12-06"),
}
KHAN_2019 = capture(
    "a0",
    3,
    KHAN,
    "2019-08-01",
    "2019-08-31",
    new=GOV,
    previous=OPP,
    precision=DatePrecision.MONTH,
    background=True,
    sentence="In August 2019, regime forces took control of Khan Sheikhoun.",
)
KHAN_2024 = capture(
    "a0",
    0,
    KHAN,
    "2024-11-30",
    new=OPP,
    previous=GOV,
    sentence="Armed opposition groups recaptured the Khan Sheikhoun district.",
)
PROVINCE_2024 = capture(
    "a0",
    1,
    IDLIB_PROVINCE,
    "2024-11-30",
    new=OPP,
    previous=GOV,
    scope="admin_area",
    whole=True,
    sentence="... and gained control over the entire Idlib province.",
)


def _span(p: ControlPeriod) -> tuple[str | None, str | None, str | None, str | None]:
    def iso(d: dt.date | None) -> str | None:
        return d.isoformat() if d else None

    return (
        iso(p.start.earliest) if p.start else None,
        iso(p.start.latest) if p.start else None,
        iso(p.end.earliest) if p.end else None,
        iso(p.end.latest) if p.end else None,
    )


def test_khan_sheikhoun_timeline() -> None:
    events = merge_events([KHAN_2024, KHAN_2019], ARTICLES)
    periods = control_periods(events)[place_key(KHAN)]
    assert [p.controller.id for p in periods] == [
        "side:nonstate:SY",
        "side:state:SY",
        "side:nonstate:SY",
    ]
    assert [_span(p) for p in periods] == [
        (None, None, "2019-08-01", "2019-08-31"),
        ("2019-08-01", "2019-08-31", "2024-11-30", "2024-11-30"),
        ("2024-11-30", "2024-11-30", None, None),
    ]
    assert not any(p.contested for p in periods)
    assert periods[0].controller.name == "Syrian armed opposition"
    assert periods[1].controller.name == "Syrian government forces"
    # Every period names its evidence sentence.
    assert "August 2019" in periods[0].evidence[0].sentence
    assert "August 2019" in periods[1].evidence[0].sentence
    assert "recaptured" in periods[2].evidence[0].sentence
    assert control_on(KHAN, day("2018-01-01"), {place_key(KHAN): periods}).controller.id == (
        "side:nonstate:SY"
    )
    assert control_on(KHAN, day("2020-06-01"), {place_key(KHAN): periods}).controller.id == (
        "side:state:SY"
    )
    assert control_on(KHAN, day("2024-12-01"), {place_key(KHAN): periods}).controller.id == (
        "side:nonstate:SY"
    )


def test_regains_implies_a_non_state_holder_before() -> None:
    no_previous = capture("a0", 3, KHAN, "2019-08-01", "2019-08-31", new=GOV)
    periods = control_periods(merge_events([no_previous], ARTICLES))[place_key(KHAN)]
    assert [p.controller.id for p in periods] == ["side:nonstate:SY", "side:state:SY"]
    assert periods[0].start is None


def test_several_rebel_groups_make_one_period() -> None:
    events = merge_events(
        [
            capture("a0", 0, MAARAT, "2024-11-30", new=HTS, previous=GOV),
            capture("a3", 0, MAARAT, "2024-12-05", new=SNA),
        ],
        ARTICLES,
    )
    assert len(events) == 2
    periods = control_periods(events)[place_key(MAARAT)]
    assert [p.controller.id for p in periods] == ["side:state:SY", "side:nonstate:SY"]
    assert len(periods[1].event_ids) == 2
    assert periods[1].controller.name == "non-state armed groups (SY)"


def test_conflicting_changes_are_contested() -> None:
    events = merge_events(
        [
            capture("a0", 0, SARAQIB, "2024-12-01", new=OPP),
            capture("a3", 0, SARAQIB, "2024-12-01", new=GOV),
        ],
        ARTICLES,
    )
    periods = control_periods(events)[place_key(SARAQIB)]
    assert len(periods) == 2 and all(p.contested for p in periods)


def test_a_contested_place_answers_with_both_sides() -> None:
    # issue 13, point 11: opposite changes in one window; the answer on a date is both sides,
    # each with its evidence, not the one whose id sorts first
    events = merge_events(
        [
            capture("a0", 0, SARAQIB, "2024-12-01", new=OPP),
            capture("a3", 0, SARAQIB, "2024-12-01", new=GOV),
        ],
        ARTICLES,
    )
    by_key = control_periods(events)
    held = holders_on(SARAQIB, day("2024-12-03"), by_key)
    assert sorted(p.controller.id for p in held) == ["side:nonstate:SY", "side:state:SY"]
    assert all(p.contested and p.event_ids for p in held)
    quiet = merge_events([capture("a0", 0, SARAQIB, "2024-12-01", new=OPP)], ARTICLES)
    [one] = holders_on(SARAQIB, day("2024-12-03"), control_periods(quiet))
    assert one.controller.id == "side:nonstate:SY" and not one.contested


def test_denied_change_is_contested_and_denial_alone_changes_nothing() -> None:
    claim = capture("a0", 0, SARAQIB, "2024-12-01", new=OPP)
    denial = capture("a2", 0, SARAQIB, "2024-12-01", new=OPP, modality=Modality.DENIED)
    # rebels taking it with no loser named took it from the state: the state's period, then
    # the disputed change
    before, period = control_periods(merge_events([claim, denial], ARTICLES))[place_key(SARAQIB)]
    assert before.controller.id == "side:state:SY" and before.end is not None
    assert period.contested
    assert control_periods(merge_events([denial], ARTICLES)) == {}
    planned = capture("a2", 0, SARAQIB, "2024-12-01", new=OPP, modality=Modality.PLANNED)
    assert control_periods(merge_events([planned], ARTICLES)) == {}


def test_aggregate_claims_change_no_place() -> None:
    aggregate = capture(
        "a0", 4, IDLIB_PROVINCE, "2017-11-05", "2018-02-05", new=GOV, scope="aggregate"
    )
    assert control_periods(merge_events([aggregate], ARTICLES)) == {}


def test_province_capture_passes_down_to_towns_without_own_evidence() -> None:
    later_own = capture("a3", 0, SARAQIB, "2024-12-05", new=GOV, previous=OPP)
    events = merge_events([KHAN_2019, KHAN_2024, PROVINCE_2024, later_own], ARTICLES)
    by_key = control_periods(events)
    assert "admin:SY.12" in by_key
    # Maarat has no own evidence: opposition from the province's fall on.
    held = control_on(MAARAT, day("2024-12-01"), by_key)
    assert held is not None and held.controller.id == "side:nonstate:SY"
    assert held.start is not None and held.start.earliest == day("2024-11-30")
    assert control_on(MAARAT, day("2024-11-29"), by_key).controller.id == "side:state:SY"
    # Saraqib's own later evidence wins from its date on.
    timeline = timeline_for(SARAQIB, by_key)
    assert [(p.controller.id, _span(p)[0]) for p in timeline] == [
        ("side:state:SY", None),
        ("side:nonstate:SY", "2024-11-30"),
        ("side:state:SY", "2024-12-05"),
    ]
    assert control_on(SARAQIB, day("2024-12-02"), by_key).controller.id == "side:nonstate:SY"
    assert control_on(SARAQIB, day("2024-12-10"), by_key).controller.id == "side:state:SY"
    # Khan Sheikhoun keeps its own history before, and the province agrees on 2024-11-30.
    ks = timeline_for(KHAN, by_key)
    assert [p.controller.id for p in ks] == [
        "side:nonstate:SY",
        "side:state:SY",
        "side:nonstate:SY",
    ]
    # A town in another province inherits nothing.
    assert timeline_for(HAMA_TOWN, by_key) == []
    assert control_on(HAMA_TOWN, day("2024-12-01"), by_key) is None


def test_a_province_change_not_said_whole_stays_the_province_s() -> None:
    """ "Rebels captured Idlib province" gives the province a period, and no town in it:
    only "all of", "the entire province" passes an area's change down (issue 13, point 10)."""
    assert PROVINCE_2024.territory is not None
    province = PROVINCE_2024.model_copy(
        update={"territory": PROVINCE_2024.territory.model_copy(update={"whole": False})}
    )
    by_key = control_periods(merge_events([KHAN_2019, province], ARTICLES))
    assert [p.controller.id for p in by_key["admin:SY.12"]] == [
        "side:state:SY",
        "side:nonstate:SY",
    ]
    assert timeline_for(MAARAT, by_key) == []  # no own evidence, nothing passed down
    assert control_on(MAARAT, day("2024-12-01"), by_key) is None
    ks = timeline_for(KHAN, by_key)  # its own evidence alone: the government since 2019
    assert [p.controller.id for p in ks] == ["side:nonstate:SY", "side:state:SY"]
    assert control_on(KHAN, day("2024-12-01"), by_key).controller.id == "side:state:SY"


def test_town_retaken_after_its_province_fell() -> None:
    # Own evidence: government 2015 and again 2024-12-05; between them the province fell.
    own_2015 = capture("a1", 5, SARAQIB, "2015-01-01", "2015-12-31", new=GOV, previous=OPP)
    own_later = capture("a3", 0, SARAQIB, "2024-12-05", new=GOV)
    by_key = control_periods(merge_events([own_2015, own_later, PROVINCE_2024], ARTICLES))
    assert len(by_key[place_key(SARAQIB)]) == 3  # kept apart: the province fell in between
    timeline = timeline_for(SARAQIB, by_key)
    assert [(p.controller.id, _span(p)[0]) for p in timeline] == [
        ("side:nonstate:SY", None),
        ("side:state:SY", "2015-01-01"),
        ("side:nonstate:SY", "2024-11-30"),
        ("side:state:SY", "2024-12-05"),
    ]
    # Without the province's fall the two government changes are one period.
    alone = control_periods(merge_events([own_2015, own_later], ARTICLES))[place_key(SARAQIB)]
    assert [p.controller.id for p in alone] == ["side:nonstate:SY", "side:state:SY"]


# --- properties -----------------------------------------------------------------------

POOL = [
    KHAN_2019,
    KHAN_2024,
    PROVINCE_2024,
    capture("a1", 0, KHAN, "2024-11-30", new=HTS),
    capture("a2", 0, KHAN, "2024-11-29", new=SNA, previous=GOV),
    capture("a2", 1, MAARAT, "2024-11-30", new=OPP),
    capture("a3", 0, MAARAT, "2024-12-03", new=GOV),
    capture("a3", 1, MAARAT, "2024-12-03", new=OPP, modality=Modality.DENIED),
    capture("a3", 2, SARAQIB, "2024-12-05", new=GOV, previous=OPP),
    capture("a2", 2, SARAQIB, "2024-12-04", "2024-12-06", new=OPP),
    capture("a1", 1, SARAQIB, "2015-01-01", "2015-12-31", new=OPP, background=True),
    capture("a1", 2, IDLIB_PROVINCE, "2015-01-01", "2015-12-31", new=OPP, scope="admin_area"),
    capture(
        "a1", 3, IDLIB_PROVINCE, "2016-01-01", "2016-12-31", new=GOV, scope="admin_area", whole=True
    ),
]


def _overlap(a: ControlPeriod, b: ControlPeriod) -> bool:
    """Whether two periods certainly both held on some day."""
    lo = dt.date.min
    hi = dt.date.max
    a_from = a.start.latest if a.start and a.start.latest else lo
    b_from = b.start.latest if b.start and b.start.latest else lo
    a_to = a.end.earliest if a.end and a.end.earliest else hi
    b_to = b.end.earliest if b.end and b.end.earliest else hi
    return a_from < b_to and b_from < a_to


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(POOL), min_size=1, unique_by=lambda m: (m.article_id, m.index)))
def test_no_two_uncontested_periods_overlap(mentions: list) -> None:
    by_key = control_periods(merge_events(mentions, ARTICLES))
    places = [KHAN, MAARAT, SARAQIB, IDLIB_PROVINCE]
    for timeline in [*by_key.values(), *(timeline_for(p, by_key) for p in places)]:
        starts = [p.start.earliest if p.start else dt.date.min for p in timeline]
        assert starts == sorted(starts)
        plain = [p for p in timeline if not p.contested]
        for i, a in enumerate(plain):
            for b in plain[i + 1 :]:
                assert not _overlap(a, b), (a, b)


@settings(max_examples=40, deadline=None)
@given(st.permutations(POOL))
def test_control_is_order_independent(shuffled: list) -> None:
    expected = control_periods(merge_events(POOL, ARTICLES))
    got = control_periods(merge_events(shuffled, ARTICLES))
    assert {k: [p.model_dump_json() for p in v] for k, v in got.items()} == {
        k: [p.model_dump_json() for p in v] for k, v in expected.items()
    }
    events = merge_events(POOL, ARTICLES)
    assert control_periods(list(reversed(events))) == expected


def test_the_map_answers_a_contest_with_both_sides() -> None:
    """Issue 13, point 11: the map's answer for a contested place is every side holding it,
    each with its evidence, never one picked by id."""
    from types import SimpleNamespace

    from frontlines.api import service

    rebels = capture("a1", 0, SARAQIB, "2024-12-04", new=OPP, previous=GOV)
    army = capture("a2", 0, SARAQIB, "2024-12-04", new=GOV, previous=OPP)
    by_key = control_periods(merge_events([rebels, army], ARTICLES))
    fl = SimpleNamespace(store=SimpleNamespace(control_periods=lambda: by_key))
    [(place, held, note)] = service.control_map(fl, day("2024-12-10"))  # type: ignore[arg-type]
    assert place.geonameid == SARAQIB.geonameid
    assert sorted(p.controller.id for p in held) == ["side:nonstate:SY", "side:state:SY"]
    assert all(p.contested and p.evidence for p in held) and note is None
    [(_, before, why)] = service.control_map(fl, day("2024-12-01"))  # type: ignore[arg-type]
    assert before == []  # each report names the other side as the loser: before, unknown
    assert why == "before the evidence, unknown"


def test_a_home_group_taking_a_town_took_it_from_the_state() -> None:
    # no loser named: rebels of the country took it from the state; foreign forces and a
    # named loser are left as they are
    taken = capture("a1", 0, SARAQIB, "2024-12-04", new=OPP)
    before, after = control_periods(merge_events([taken], ARTICLES))[place_key(SARAQIB)]
    assert before.controller.id == "side:state:SY" and before.start is None
    assert after.controller.id == "side:nonstate:SY"
    named = capture("a1", 0, SARAQIB, "2024-12-04", new=OPP, previous=HTS)
    first = control_periods(merge_events([named], ARTICLES))[place_key(SARAQIB)][0]
    assert first.controller.id != "side:state:SY"
