"""Merge event mentions from many articles into events: one real-world event, all its reports.

Reads: :class:`EventMention` records (type, place, date, actors, territory,
modality, background, confidence) and :class:`ArticleInfo` per article (url,
outlet, story, publication). Writes: :class:`Event` records with their reports,
independent-story count, merged date, confidence and disagreements.

Which mentions are one event (a compatibility graph; its connected components
are the events, found with union-find over mentions sorted by key):

1. Same place key (GeoNames id, else admin code, else name), same event type,
   compatible actors (same state/non-state class and country, or one missing)
   and, for territorial changes, the same direction (new controllers on the same
   side; a missing one is compatible unless it contradicts). Dates overlap once
   one of them is widened by a day on each side ("on Tuesday" in a report of
   the 29th is the 28th). Undated mentions join each other only within one story.
2. A vague report at admin-area level ("air strikes across Idlib province") is
   attached to the one event at a place inside that area it is compatible with,
   and only when there is exactly one: attaching it to two would chain two
   towns' events into one. Territorial claims never join across levels: "the
   entire province fell" and "the town fell" are different control facts (the
   gold counts them separately), and an aggregate claim ("50 villages") is not
   any one village's capture. At one admin area, an aggregate claim and a
   whole-area claim of the same day and direction are one event.
3. An undated mention (an article without a publication date) joins the one
   dated event at its place that it is compatible with, weekday included ("on
   Wednesday" only fits an event whose dates hold a Wednesday). With two
   candidates it stays alone rather than bridge them.

Steps 2 and 3 look at the components of step 1, never at each other's results,
so the outcome does not depend on input order; duplicate mentions (same article
and index) count once, so merging is idempotent.

No event crosses a **region** (:func:`region_of`): a mention with a place belongs
to its place's (country, province), one without a place to its story. Every rule
above joins mentions of one region only, so a region's events are a function of
its mentions (and their articles' stories and dates) alone: the merge stage
recomputes only the regions whose mentions changed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from frontlines.events.model import (
    ActorRef,
    Event,
    EventMention,
    Modality,
    PlaceRef,
    Quantity,
    Report,
    TerritoryChange,
    merge_region,
)
from frontlines.merge.records import (
    ASSERTING,
    DISPUTING,
    ArticleInfo,
    Interval,
    actors_compatible,
    admin_level,
    agreed_interval,
    inside,
    mention_interval,
    mention_key,
    place_key,
    side_key,
    stable_id,
)
from frontlines.models import DatePrecision

__all__ = [
    "MentionCluster",
    "build_event",
    "cluster_mentions",
    "event_id",
    "merge_events",
    "region_of",
]

NO_PLACE = "none"


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            # The smaller index is the root: roots depend on the sorted input only.
            self.parent[max(a, b)] = min(a, b)


class MentionCluster:
    """The mentions that make one event, sorted by key, and the event's stable id."""

    __slots__ = ("id", "members")

    def __init__(self, members: Sequence[EventMention]) -> None:
        self.members = sorted(members, key=mention_key)
        self.id = event_id(self.members)

    def __repr__(self) -> str:
        return f"MentionCluster({self.id}, {[mention_key(m) for m in self.members]})"


def event_id(members: Iterable[EventMention]) -> str:
    """``ev_`` + hash of the sorted mention keys (article id # index)."""
    return stable_id("ev_", (mention_key(m) for m in members))


def _story(m: EventMention, articles: Mapping[str, ArticleInfo]) -> str:
    info = articles.get(m.article_id)
    return info.story if info is not None else m.article_id


def region_of(m: EventMention, articles: Mapping[str, ArticleInfo]) -> str:
    """The region a mention's events stay in (:func:`~frontlines.events.model.merge_region`),
    its article's story standing in for a place it lacks."""
    return merge_region(m.place, _story(m, articles))


def _mention_place_key(m: EventMention) -> str:
    return place_key(m.place) if m.place is not None else NO_PLACE


def _is_vague(m: EventMention) -> bool:
    """An admin-area report of a non-territorial event: it may have happened anywhere inside."""
    return m.place is not None and m.territory is None and admin_level(m.place) in (1, 2)


def directions_compatible(a: TerritoryChange | None, b: TerritoryChange | None) -> bool:
    """Both or neither territorial; if territorial, control passes to the same side."""
    if a is None or b is None:
        return a is None and b is None
    an, bn = a.new_controller, b.new_controller
    ap, bp = a.previous_controller, b.previous_controller
    if an is not None and bn is not None and side_key(an) != side_key(bn):
        return False
    # One side cannot be both the loser in one report and the winner in the other.
    if an is not None and bp is not None and side_key(an) == side_key(bp):
        return False
    if bn is not None and ap is not None and side_key(bn) == side_key(ap):
        return False
    return not (ap is not None and bp is not None and side_key(ap) != side_key(bp))


def kinds_compatible(a: EventMention, b: EventMention) -> bool:
    """Same event type, compatible actors and (for territory) the same direction."""
    if a.event_type != b.event_type:
        return False
    if not directions_compatible(a.territory, b.territory):
        return False
    if a.territory is not None and b.territory is not None:
        scopes = {a.territory.scope, b.territory.scope}
        # "50 villages in Idlib" is part of "all of Idlib" the same day, "much of Aleppo" part of
        # "Aleppo"; a town is never an area (places differ in key anyway).
        if (
            len(scopes) > 1
            and not scopes <= {"aggregate", "admin_area", "within"}
            and not scopes <= {"place", "within"}
        ):
            return False
    return actors_compatible(a.actor1, b.actor1) and actors_compatible(a.actor2, b.actor2)


def dates_compatible(a: EventMention, b: EventMention) -> bool:
    """Both dated and overlapping within a day; undated mentions never match dated ones here."""
    ia, ib = mention_interval(a), mention_interval(b)
    if ia is None or ib is None:
        return ia is None and ib is None
    return ia.widened(1).overlaps(ib)


def _weekday_fits(interval: Interval, weekdays: set[int]) -> bool:
    if not weekdays:
        return True
    if interval.days >= 7:
        return True
    day = interval.start
    while day <= interval.end:
        if day.weekday() in weekdays:
            return True
        day += dt.timedelta(days=1)
    return False


def _cluster_interval(members: Sequence[EventMention]) -> Interval | None:
    """The merged date of dated members (intersection, else union), None if none is dated."""
    intervals = [i for i in (mention_interval(m) for m in members) if i is not None]
    if not intervals:
        return None
    return agreed_interval(intervals)


def _groups(uf: _UnionFind, n: int) -> dict[int, list[int]]:
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[uf.find(i)].append(i)
    return groups


def _date_pairs(
    ms: Sequence[EventMention], idx: Sequence[int], articles: Mapping[str, ArticleInfo]
) -> Iterable[tuple[int, int]]:
    """The pairs ``(i, j)``, ``i < j``, of ``idx`` that :func:`dates_compatible` can admit,
    without trying every pair: dated mentions swept in order of start, each paired with the
    earlier ones that end no more than a day before it starts (a widened overlap); undated
    ones with the undated ones of their story (undated mentions join only those)."""
    dated: list[tuple[dt.date, dt.date, int]] = []
    undated: dict[str, list[int]] = defaultdict(list)
    for i in idx:
        interval = mention_interval(ms[i])
        if interval is None:
            undated[_story(ms[i], articles)].append(i)
        else:
            dated.append((interval.start, interval.end, i))
    dated.sort()
    day = dt.timedelta(days=1)
    active: list[tuple[dt.date, int]] = []  # (end, index) of what later starts can reach
    for start, end, j in dated:
        active = [(e, i) for e, i in active if e + day >= start]
        for _, i in active:
            yield (i, j) if i < j else (j, i)
        active.append((end, j))
    for group in undated.values():
        for x, i in enumerate(group):
            for j in group[x + 1 :]:
                yield (i, j) if i < j else (j, i)


def cluster_mentions(
    mentions: Sequence[EventMention], articles: Mapping[str, ArticleInfo]
) -> list[MentionCluster]:
    """Group mentions into events (rules in the module docstring), sorted by first member key."""
    unique: dict[str, EventMention] = {}
    for m in sorted(mentions, key=lambda m: (mention_key(m), m.model_dump_json())):
        unique.setdefault(mention_key(m), m)
    ms = [unique[k] for k in sorted(unique)]
    n = len(ms)
    uf = _UnionFind(n)

    # 1. Same place, compatible kind and date.
    by_place: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, m in enumerate(ms):
        by_place[(region_of(m, articles), _mention_place_key(m))].append(i)
    for (_, key), idx in by_place.items():
        for i, j in _date_pairs(ms, idx, articles):
            a, b = ms[i], ms[j]
            if not kinds_compatible(a, b) or not dates_compatible(a, b):
                continue
            undated = a.date_start is None
            if (undated or key == NO_PLACE) and _story(a, articles) != _story(b, articles):
                continue
            uf.union(i, j)
    phase1 = _groups(uf, n)

    def compatible_clusters(ga: list[int], gb: list[int], *, check_dates: bool) -> bool:
        return any(
            kinds_compatible(ms[i], ms[j]) and (not check_dates or dates_compatible(ms[i], ms[j]))
            for i in ga
            for j in gb
        )

    roots = sorted(phase1)
    joins: list[tuple[int, int]] = []
    # Indexes so each vague or undated group looks only at its possible partners.
    by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_admin1: dict[tuple[str | None, str | None], list[int]] = defaultdict(list)
    for r in roots:
        first = ms[phase1[r][0]]
        place = first.place
        by_key[(region_of(first, articles), _mention_place_key(first))].append(r)
        if place is not None:
            by_admin1[(place.country_code, place.admin1_code)].append(r)

    # 2. Vague (dated) admin-area reports join the one compatible event inside the area.
    for r in roots:
        group = phase1[r]
        area = ms[group[0]].place
        if area is None or not all(_is_vague(ms[i]) and ms[i].date_start for i in group):
            continue
        candidates = []
        for s in by_admin1[(area.country_code, area.admin1_code)]:
            place = ms[phase1[s][0]].place
            if (
                s != r
                and place is not None
                and not _is_vague(ms[phase1[s][0]])
                and inside(place, area)
                and compatible_clusters(group, phase1[s], check_dates=True)
            ):
                candidates.append(s)
        if len(candidates) == 1:
            joins.append((r, candidates[0]))
    # 3. Undated mentions join the one compatible dated event at their place.
    for r in roots:
        group = phase1[r]
        if any(ms[i].date_start is not None for i in group):
            continue
        head = ms[group[0]]
        key = _mention_place_key(head)
        if key == NO_PLACE:
            continue
        own_articles = {ms[i].article_id for i in group}
        weekdays = {w for i in group if (w := ms[i].weekday) is not None}
        candidates = []
        for s in by_key[(region_of(head, articles), key)]:
            other = phase1[s]
            dated = [ms[j] for j in other if ms[j].date_start is not None]
            if s == r or not dated or all(m.article_id in own_articles for m in dated):
                continue
            interval = _cluster_interval(dated)
            if interval is None or not _weekday_fits(interval, weekdays):
                continue
            if compatible_clusters(group, other, check_dates=False):
                candidates.append(s)
        if len(candidates) == 1:
            joins.append((r, candidates[0]))
    for r, s in joins:
        uf.union(r, s)

    clusters = [MentionCluster([ms[i] for i in idx]) for idx in _groups(uf, n).values()]
    return sorted(clusters, key=lambda c: mention_key(c.members[0]))


def merge_events(
    mentions: Sequence[EventMention], articles: Mapping[str, ArticleInfo]
) -> list[Event]:
    """Merge mentions into events, sorted by (date, id); same input in any order, same output."""
    events = [build_event(c.members, articles) for c in cluster_mentions(mentions, articles)]
    return sorted(events, key=lambda e: (e.date_start or dt.date.max, e.id))


# --- building one event -------------------------------------------------------------


def _vote(values: Iterable[str]) -> str | None:
    """The most common value; ties go to the smallest, so order never matters."""
    counts = Counter(values)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], v))


def _pick_actor(actors: Iterable[ActorRef | None]) -> ActorRef | None:
    present = [a for a in actors if a is not None]
    best = _vote(a.id for a in present)
    if best is None:
        return None
    return min((a for a in present if a.id == best), key=lambda a: a.model_dump_json())


def _pick_place(members: Sequence[EventMention]) -> PlaceRef | None:
    """The most specific place: a place over an area, then the most reported, then the smallest key."""
    places = [m.place for m in members if m.place is not None]
    if not places:
        return None
    specific = [p for p in places if admin_level(p) is None] or places
    best = _vote(place_key(p) for p in specific)
    chosen = [p for p in specific if place_key(p) == best]
    # Keep the gazetteer facts, drop the one mention's offsets.
    place = min(chosen, key=lambda p: p.model_dump_json())
    return place.model_copy(update={"text": None, "start": None, "end": None})


def _merge_quantities(
    members: Sequence[EventMention], attr: str, label: str, disagreements: list[str]
) -> Quantity | None:
    found = [(m, getattr(m, attr)) for m in members if getattr(m, attr) is not None]
    if not found:
        return None
    lows = [(q.low, mention_key(m)) for m, q in found if q.low is not None]
    highs = [(q.high, mention_key(m)) for m, q in found if q.high is not None]
    low = min(lows) if lows else None
    high = max(highs) if highs else None
    texts = sorted({q.text for _, q in found if q.text})
    if len({(q.low, q.high) for _, q in found}) > 1:
        parts = "; ".join(f"{q.text or (q.low, q.high)} ({mention_key(m)})" for m, q in found)
        disagreements.append(f"{label} differ: {parts}")
    bits = []
    if low is not None:
        bits.append(f"low {low[0]} from {low[1]}")
    if high is not None:
        bits.append(f"high {high[0]} from {high[1]}")
    return Quantity(
        low=low[0] if low else None,
        high=high[0] if high else None,
        text=texts[0] if len(texts) == 1 else "; ".join(bits),
        who=_vote(q.who for _, q in found if q.who),
    )


def _merge_territory(members: Sequence[EventMention]) -> TerritoryChange | None:
    changes = [m.territory for m in members if m.territory is not None]
    if not changes:
        return None
    scopes = {t.scope for t in changes}
    # A whole-area claim is the stronger one when an aggregate claim joined it.
    if "admin_area" in scopes:
        scope = "admin_area"
    elif "place" in scopes:  # one report says the whole place changed hands
        scope = "place"
    else:
        scope = _vote(t.scope for t in changes) or "place"
    counts = [t.count for t in changes if t.count is not None]
    areas = sorted(t.area_km2 for t in changes if t.area_km2 is not None)
    return TerritoryChange(
        new_controller=_pick_actor(t.new_controller for t in changes),
        previous_controller=_pick_actor(t.previous_controller for t in changes),
        scope=scope,
        facility=_vote(t.facility for t in changes if t.facility) if scope == "facility" else None,
        # one report saying the whole area changed hands ("all of X province") is enough
        whole=scope == "admin_area" and any(t.whole for t in changes),
        count=min(counts, key=lambda q: q.model_dump_json()) if counts else None,
        area_km2=areas[0] if areas else None,
    )


def _merge_dates(
    members: Sequence[EventMention], disagreements: list[str]
) -> tuple[dt.date | None, dt.date | None, DatePrecision]:
    dated = [(m, mention_interval(m)) for m in members]
    dated_ok = [(m, i) for m, i in dated if i is not None]
    if not dated_ok:
        return None, None, DatePrecision.UNKNOWN
    merged: Interval | None = dated_ok[0][1]
    for _, i in dated_ok[1:]:
        merged = merged.intersection(i) if merged is not None else None
    if merged is None:
        # No day fits every report: keep the union and say who said what.
        union = dated_ok[0][1]
        for _, i in dated_ok[1:]:
            union = union.union(i)
        parts = "; ".join(
            f"{mention_key(m)} says {i.start.isoformat()}"
            + ("" if i.start == i.end else f"..{i.end.isoformat()}")
            for m, i in dated_ok
        )
        disagreements.append(f"dates differ: {parts}")
        return union.start, union.end, DatePrecision.RANGE
    if merged.start == merged.end:
        return merged.start, merged.end, DatePrecision.DAY
    exact = [m for m, i in dated_ok if i == merged]
    if exact:
        best = _vote(m.date_precision.value for m in exact)
        return merged.start, merged.end, DatePrecision(best or DatePrecision.RANGE)
    return merged.start, merged.end, DatePrecision.RANGE


def _confidence(members: Sequence[EventMention], articles: Mapping[str, ArticleInfo]) -> float:
    """1 - prod(1 - c_s) over stories asserting it (c_s its best report), halved per denying story.

    With the default mention confidence 0.5 this is 1 - 0.5**n for n stories.
    """
    support: dict[str, float] = {}
    against: dict[str, float] = {}
    for m in members:
        story = _story(m, articles)
        c = max(0.0, min(1.0, m.confidence))
        if m.modality in ASSERTING:
            c = c if m.modality == Modality.ASSERTED else 0.75 * c
            support[story] = max(support.get(story, 0.0), c)
        elif m.modality in DISPUTING:
            against[story] = max(against.get(story, 0.0), c)
    doubt = 1.0
    for c in support.values():
        doubt *= 1.0 - c
    conf = 1.0 - doubt if support else 0.0
    for c in against.values():
        conf *= 1.0 - 0.5 * c
    return round(conf, 6)


def build_event(members: Sequence[EventMention], articles: Mapping[str, ArticleInfo]) -> Event:
    """One event from its member mentions (any order)."""
    members = sorted(members, key=mention_key)
    asserting = [m for m in members if m.modality in ASSERTING]
    core = asserting or members
    disagreements: list[str] = []

    sub = _vote(m.sub_event_type for m in core) or members[0].sub_event_type
    # Dates come from the reports that say it happened; a vow for next week has no say.
    date_start, date_end, precision = _merge_dates(core, disagreements)
    territory = _merge_territory(asserting)
    if territory is None and any(m.territory is not None for m in members):
        kinds = ", ".join(f"{m.modality.value} ({mention_key(m)})" for m in members)
        disagreements.append(f"no report asserts this change of control: {kinds}")
    for m in members:
        if m.modality not in ASSERTING and asserting:
            info = articles.get(m.article_id)
            outlet = f" ({info.outlet})" if info is not None and info.outlet else ""
            disagreements.append(
                f"{m.modality.value} by {m.article_id}{outlet}, story {_story(m, articles)}: "
                f"{m.sentence.strip()[:200]}"
            )
    reports = []
    for m in members:
        info = articles.get(m.article_id)
        reports.append(
            Report(
                article_id=m.article_id,
                url=info.url if info else None,
                outlet=info.outlet if info else None,
                story_id=_story(m, articles),
                sentence=m.sentence,
                start=m.sentence_start,
                end=m.sentence_end,
                modality=m.modality,
                background=m.background,
                date_start=m.date_start,
                date_end=m.date_end,
            )
        )
    reports.sort(key=lambda r: (r.article_id, r.start, r.end, r.sentence))
    return Event(
        id=event_id(members),
        event_type=core[0].event_type,
        sub_event_type=sub,
        date_start=date_start,
        date_end=date_end,
        date_precision=precision,
        place=_pick_place(members),
        actor1=_pick_actor(m.actor1 for m in core),
        actor2=_pick_actor(m.actor2 for m in core),
        territory=territory,
        fatalities=_merge_quantities(core, "fatalities", "fatalities", disagreements),
        injuries=_merge_quantities(core, "injuries", "injuries", disagreements),
        background=all(m.background for m in members),
        reports=reports,
        independent_sources=len({r.story_id for r in reports}),
        confidence=_confidence(members, articles),
        disagreements=disagreements,
    )
