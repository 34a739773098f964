"""Who held a place when: control periods from territorial events, admin areas included.

Reads: merged :class:`Event` records (``territory``, ``place``, dates,
``sub_event_type``, ``reports``). Writes: :class:`ControlPeriod` lists keyed
by :func:`place_key` (GeoNames id as a string, ``admin:CC.A1`` for an admin
area without one).

Rules:

- A territorial event counts if one of its reports asserts or claims it, it has
  a place, a date and a new controller, and its scope is a place or a whole
  admin area. Aggregate claims ("50 villages", "3,000 km2 in Idlib") change
  no one place's control and are left out. Background history counts.
- The controller is the side, not the group (:func:`side_of`):
  ``side:state:CC`` / ``side:nonstate:CC`` by ACLED class and country, so HTS
  and the SNA holding a town make one opposition period. A side's one name is
  made from the events in the country of the place (a country's timelines
  depend on that country's events only, so the merge stage recomputes the
  countries its new mentions touch, not the world).
- Each change starts a period of the new side and ends the previous one; start
  and end are the change's date interval (earliest, latest). Changes whose
  dates overlap (within a day) and that hand the place to different sides are
  contested: each side gets a period flagged ``contested``; so is a change a
  report denies. Consecutive changes to the same side extend one period
  (unless an admin area holding the place changed hands between them).
- Before the first change, the previous controller it names (or that its
  sub-type implies: "Government regains territory" was held by non-state groups
  of that country) held the place since before any evidence (start None).
- A place inside an admin area (:func:`timeline_for`) takes the area's changes
  that the text says of the whole area ("all of X province", "the entire
  region"; ``TerritoryChange.whole``) from their dates; "rebels took X
  province" is the area's own period and says nothing of any one town in it.
  Where the place has its own evidence: its own changes win
  over an area change of the same time, and every change holds until the next,
  whichever level said it. Who held it before the first change comes from the
  level that reports that first change.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from frontlines.events.model import (
    ActorKind,
    ActorRef,
    ControlPeriod,
    DateBound,
    Event,
    PlaceRef,
    Report,
)
from frontlines.events.territory import enemy_state, state_forces_of
from frontlines.merge.records import (
    ASSERTING,
    DISPUTING,
    Interval,
    admin_level,
    agreed_interval,
    inside,
    place_key,
    side_key,
    side_of,
)

__all__ = [
    "asserts_change",
    "control_on",
    "control_periods",
    "holders_on",
    "timeline_for",
    "territorial_changes",
]

REGAINS = "Government regains territory"
OVERTAKES = "Non-state actor overtakes territory"


@dataclass
class _Point:
    """A dated change of control to one controller (one side)."""

    when: Interval
    controller: ActorRef
    event_ids: list[str] = field(default_factory=list)
    evidence: list[Report] = field(default_factory=list)
    contested: bool = False
    whole: bool = False  # an admin area's change said of the whole area
    rank: int = 0  # lower wins a tie at the same time: 0 the place's own evidence, 1+ admin areas


@dataclass
class _Prior:
    controller: ActorRef
    event_ids: list[str] = field(default_factory=list)
    evidence: list[Report] = field(default_factory=list)


# What changes who holds a place: a town or a whole admin area. Part of a place ("most of X",
# "the outskirts"), a facility in it ("the airport") and counts ("20 villages") do not.
HOLDING_SCOPES = frozenset({"place", "admin_area"})


def asserts_change(event: Event) -> bool:
    """The event says a place changed hands: a whole place, a new holder, and a report that
    asserts or claims it (not one that plans, attempts or denies it)."""
    t = event.territory
    return (
        t is not None
        and t.new_controller is not None
        and t.scope in HOLDING_SCOPES
        and event.place is not None
        and any(r.modality in ASSERTING for r in event.reports)
    )


def _usable(event: Event) -> bool:
    return asserts_change(event) and event.date_start is not None


def territorial_changes(events: Iterable[Event]) -> list[Event]:
    """The events that change control of a place, sorted by (date, id)."""
    chosen = [e for e in events if _usable(e)]
    return sorted(chosen, key=lambda e: (e.date_start or dt.date.min, e.id))


def _whole(event: Event) -> bool:
    """An admin area's change the text says of the whole area ("all of X province")."""
    t = event.territory
    return t is not None and t.scope == "admin_area" and t.whole


def _implied_previous(event: Event) -> ActorRef | None:
    assert event.territory is not None and event.territory.new_controller is not None
    if event.territory.previous_controller is not None:
        return event.territory.previous_controller
    new = event.territory.new_controller
    if event.sub_event_type == REGAINS and new.kind.is_state:
        place_cc = event.place.country_code if event.place is not None else None
        enemy = enemy_state(new.country_code, event.date_start)
        if enemy is not None:  # "Ukrainian troops entered Kherson": Russia's forces held it
            return state_forces_of(enemy, place_cc)
        cc = new.country_code or "??"
        return ActorRef(
            id=f"side:nonstate:{cc}",
            name=f"non-state armed groups ({cc})",
            kind=ActorKind.REBEL_GROUP,
            country_code=new.country_code,
        )
    place_cc = event.place.country_code if event.place is not None else None
    if (
        event.sub_event_type == OVERTAKES
        and new.kind in _HOME_GROUPS
        and place_cc is not None
        and new.country_code in (None, place_cc)
    ):
        # "opposition fighters entered Hama", no loser named: in a civil war a town a home
        # group takes was the state's (a text that names another loser says "from X")
        return state_forces_of(place_cc, place_cc)
    return None


_HOME_GROUPS = frozenset(
    {ActorKind.REBEL_GROUP, ActorKind.POLITICAL_MILITIA, ActorKind.IDENTITY_MILITIA}
)


def _interval(event: Event) -> Interval:
    assert event.date_start is not None
    return Interval(event.date_start, event.date_end or event.date_start)


def _bound(i: Interval) -> DateBound:
    return DateBound(earliest=i.start, latest=i.end)


def _sorted_reports(reports: Iterable[Report]) -> list[Report]:
    unique = {(r.article_id, r.start, r.end, r.sentence): r for r in reports}
    return [unique[k] for k in sorted(unique, key=lambda k: (k[0], k[1], k[2], k[3]))]


def _group(points: Sequence[_Point]) -> list[list[_Point]]:
    """Points in time order, gathered where their dates overlap within a day; one per controller."""
    ordered = sorted(points, key=lambda p: (p.when, p.rank, p.controller.id, p.event_ids))
    groups: list[list[_Point]] = []
    end: dt.date | None = None
    for p in ordered:
        if groups and end is not None and p.when.widened(1).start <= end:
            groups[-1].append(p)
            end = max(end, p.when.end)
        else:
            groups.append([p])
            end = p.when.end
    out = []
    for g in groups:
        best = min(p.rank for p in g)
        kept = [p for p in g if p.rank == best]  # own evidence beats an area's at the same time
        by_side: dict[str, list[_Point]] = defaultdict(list)
        for p in kept:
            by_side[p.controller.id].append(p)
        merged = []
        for sid in sorted(by_side):
            ps = by_side[sid]
            merged.append(
                _Point(
                    when=agreed_interval([p.when for p in ps]),
                    controller=ps[0].controller,
                    event_ids=sorted({i for p in ps for i in p.event_ids}),
                    evidence=_sorted_reports(r for p in ps for r in p.evidence),
                    contested=any(p.contested for p in ps) or len(by_side) > 1,
                    whole=any(p.whole for p in ps),
                    rank=best,
                )
            )
        out.append(merged)
    return out


def _build(
    place: PlaceRef,
    priors: Sequence[_Prior],
    groups: list[list[_Point]],
    breaks: Sequence[Interval] = (),
) -> list[ControlPeriod]:
    """Periods from time-ordered change groups.

    ``breaks``: dates of changes of an enclosing admin area. Two changes of the
    place to the same side are one period unless such a change falls between
    them: then :func:`timeline_for` needs the second change as its own start.
    """
    periods: list[ControlPeriod] = []
    open_: list[ControlPeriod] = []
    last_end: dt.date | None = None
    if groups:
        first_sides = {p.controller.id for p in groups[0]}
        priors = [p for p in priors if p.controller.id not in first_sides]
        first_whole = any(p.whole for p in groups[0])  # who held the whole area before
        for prior in sorted(priors, key=lambda p: p.controller.id):
            open_.append(
                ControlPeriod(
                    place=place,
                    controller=prior.controller,
                    start=None,
                    end=None,
                    contested=len(priors) > 1,
                    whole=first_whole,
                    event_ids=list(prior.event_ids),
                    evidence=list(prior.evidence),
                )
            )
    for group in groups:
        start = min(p.when.start for p in group)
        end = max(p.when.end for p in group)
        if (
            len(group) == 1
            and len(open_) == 1
            and not group[0].contested
            and not open_[0].contested
            and open_[0].controller.id == group[0].controller.id
            and open_[0].whole == group[0].whole  # "all of X" starts its own period
            and not any(
                last_end is not None and last_end < b.start and b.end < start for b in breaks
            )
        ):
            # The same side again: one period, more evidence.
            cur = open_[0]
            cur.event_ids = sorted(set(cur.event_ids) | set(group[0].event_ids))
            cur.evidence = _sorted_reports([*cur.evidence, *group[0].evidence])
            last_end = end
            continue
        last_end = end
        for period in open_:
            period.end = DateBound(earliest=start, latest=end)
        periods.extend(open_)
        open_ = [
            ControlPeriod(
                place=place,
                controller=p.controller,
                start=_bound(p.when),
                end=None,
                contested=p.contested,
                whole=p.whole,
                event_ids=list(p.event_ids),
                evidence=list(p.evidence),
            )
            for p in group
        ]
    periods.extend(open_)
    return periods


def _sides(events: Sequence[Event]) -> dict[str, ActorRef]:
    """One controller record per side over all the events, so a side has one name everywhere."""
    actors: dict[str, list[ActorRef]] = defaultdict(list)
    for e in events:
        assert e.territory is not None and e.territory.new_controller is not None
        actors[side_key(e.territory.new_controller)].append(e.territory.new_controller)
        prev = _implied_previous(e)
        if prev is not None and not prev.id.startswith("side:"):
            actors[side_key(prev)].append(prev)
    for e in events:
        prev = _implied_previous(e)
        if prev is not None and side_key(prev) not in actors:
            actors[side_key(prev)].append(prev)
    return {sid: side_of(acts) for sid, acts in actors.items()}


def control_periods(events: Sequence[Event]) -> dict[str, list[ControlPeriod]]:
    """Control periods per place key, from the place's own territorial events (rules above),
    each country's from its own events."""
    by_country: dict[str, list[Event]] = defaultdict(list)
    for e in territorial_changes(events):
        assert e.place is not None
        by_country[e.place.country_code or ""].append(e)
    out: dict[str, list[ControlPeriod]] = {}
    for country in sorted(by_country):
        out.update(_country_periods(by_country[country]))
    return dict(sorted(out.items()))


def _country_periods(usable: Sequence[Event]) -> dict[str, list[ControlPeriod]]:
    sides = _sides(usable)
    by_place: dict[str, list[Event]] = defaultdict(list)
    for e in usable:
        assert e.place is not None
        by_place[place_key(e.place)].append(e)
    places = {
        key: min((e.place for e in evs if e.place is not None), key=lambda p: p.model_dump_json())
        for key, evs in by_place.items()
    }
    out: dict[str, list[ControlPeriod]] = {}
    for key in sorted(by_place):
        evs = by_place[key]
        place = places[key]
        breaks = sorted(
            _interval(e)
            for area_key, area in places.items()
            if inside(place, area)
            for e in by_place[area_key]
            if _whole(e)
        )
        points = []
        for e in evs:
            assert e.territory is not None and e.territory.new_controller is not None
            disputed = any(r.modality in DISPUTING for r in e.reports)
            points.append(
                _Point(
                    when=_interval(e),
                    controller=sides[side_key(e.territory.new_controller)],
                    event_ids=[e.id],
                    evidence=_sorted_reports(e.reports),
                    contested=disputed,
                    whole=_whole(e),
                )
            )
        groups = _group(points)
        first_ids = {i for p in groups[0] for i in p.event_ids}
        priors: dict[str, _Prior] = {}
        for e in evs:
            prev = _implied_previous(e) if e.id in first_ids else None
            if prev is None:
                continue
            prior = priors.setdefault(side_key(prev), _Prior(sides[side_key(prev)]))
            prior.event_ids = sorted({*prior.event_ids, e.id})
            prior.evidence = _sorted_reports([*prior.evidence, *e.reports])
        out[key] = _build(place, list(priors.values()), groups, breaks)
    return out


def _areas_of(
    place: PlaceRef, periods_by_key: Mapping[str, list[ControlPeriod]]
) -> list[tuple[int, list[ControlPeriod]]]:
    """The admin areas holding ``place`` with periods said of the whole area (only those pass
    down), most specific (lowest rank) first."""
    found = []
    for key in sorted(periods_by_key):
        periods = [p for p in periods_by_key[key] if p.whole]
        if periods and inside(place, periods[0].place):
            level = admin_level(periods[0].place) or 0
            found.append((3 - level, periods))  # ADM2 → 1, ADM1 → 2
    return sorted(found, key=lambda t: t[0])


def timeline_for(
    place: PlaceRef, periods_by_key: Mapping[str, list[ControlPeriod]]
) -> list[ControlPeriod]:
    """The place's control periods in time order, admin areas' changes passed down (rules above)."""
    own = list(periods_by_key.get(place_key(place), []))
    areas = _areas_of(place, periods_by_key)
    if not areas:
        return own
    points: list[_Point] = []
    for rank, periods in [(0, own), *areas]:
        for p in periods:
            if p.start is None:
                continue
            assert p.start.earliest is not None
            when = Interval(p.start.earliest, p.start.latest or p.start.earliest)
            points.append(
                _Point(
                    when,
                    p.controller,
                    list(p.event_ids),
                    list(p.evidence),
                    contested=p.contested,
                    rank=rank,
                )
            )
    # "Held before" belongs to whichever level gives the first change (the place's own on a tie).
    sources = [(0, own), *areas]
    if points:
        first_rank = min(points, key=lambda p: (p.when, p.rank)).rank
        first = [periods for rank, periods in sources if rank == first_rank][0]
    else:
        first = next((periods for _rank, periods in sources if periods), [])
    priors = [
        _Prior(p.controller, list(p.event_ids), list(p.evidence)) for p in first if p.start is None
    ]
    shown = own[0].place if own else place
    return _build(shown, priors, _group(points))


# How far before its first dated evidence a period with no known start is read as holding:
# "rebels lost the town in August 2019" says they held it before, not that they held it in
# the year 1. Five years: long enough for a front that stood still (Homs was the
# government's through the 2020s until December 2024), short of the whole war.
EVIDENCE_REACH = dt.timedelta(days=5 * 365)


def reach(p: ControlPeriod) -> dt.date | None:
    """The first day a period answers for: its start, or for a period held "since before any
    evidence", five years before the first date its evidence gives (None: no date at all)."""
    if p.start is not None:
        return p.start.earliest
    days = [r.date_start for r in p.evidence if r.date_start is not None]
    if p.end is not None and p.end.earliest is not None:
        days.append(p.end.earliest)
    return min(days) - EVIDENCE_REACH if days else None


def before_evidence(
    place: PlaceRef, date: dt.date, periods_by_key: Mapping[str, list[ControlPeriod]]
) -> bool:
    """Whether ``date`` comes before everything the evidence on ``place`` reaches back to."""
    firsts = [reach(p) for p in timeline_for(place, periods_by_key)]
    return bool(firsts) and all(first is not None and date < first for first in firsts)


def holders_on(
    place: PlaceRef, date: dt.date, periods_by_key: Mapping[str, list[ControlPeriod]]
) -> list[ControlPeriod]:
    """Who held ``place`` on ``date``: one period, or every side of a contested one (opposite
    changes in one window), each with its evidence; none when unknown. Never one side of a
    contest picked by its id."""
    found = control_on(place, date, periods_by_key)
    if found is None or not found.contested:
        return [found] if found is not None else []
    timeline = timeline_for(place, periods_by_key)

    def holds(p: ControlPeriod) -> bool:
        start = reach(p)
        end = p.end.latest if p.end is not None else None
        return (start is None or start <= date) and (end is None or date < end)

    rivals = [p for p in timeline if p.contested and holds(p)]
    return sorted(
        {p.controller.id: p for p in [found, *rivals]}.values(), key=lambda p: p.controller.id
    )


def control_on(
    place: PlaceRef, date: dt.date, periods_by_key: Mapping[str, list[ControlPeriod]]
) -> ControlPeriod | None:
    """The period that holds ``place`` on ``date`` (admin areas included), or None if unknown.

    A period certainly holds when its change is past (``start.latest <= date``)
    and the next not yet begun (``date < end.earliest``). Inside a change's
    uncertainty window the newer holder is returned. Contested periods come
    back with ``contested=True`` (the one of lowest side id when two are).
    """
    timeline = timeline_for(place, periods_by_key)

    def started(p: ControlPeriod, strict: bool) -> bool:
        if p.start is None:
            first = reach(p)
            return first is None or first <= date
        bound = p.start.latest if strict else p.start.earliest
        return bound is not None and bound <= date

    def not_ended(p: ControlPeriod, strict: bool) -> bool:
        if p.end is None:
            return True
        bound = p.end.earliest if strict else p.end.latest
        return bound is not None and date < bound

    def order(p: ControlPeriod) -> tuple[dt.date, str]:
        start = p.start.earliest if p.start is not None and p.start.earliest else dt.date.min
        return (start, p.controller.id)

    certain = [p for p in timeline if started(p, True) and not_ended(p, True)]
    if certain:
        latest = max(order(p)[0] for p in certain)
        return min((p for p in certain if order(p)[0] == latest), key=order)
    maybe = [p for p in timeline if started(p, False) and not_ended(p, False)]
    if not maybe:
        return None
    latest = max(order(p)[0] for p in maybe)
    return min((p for p in maybe if order(p)[0] == latest), key=order)
