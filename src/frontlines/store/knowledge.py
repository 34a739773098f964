"""The store's knowledge tables: place mentions, event mentions, merged events, control periods.

Records go in and come out as the typed models of ``frontlines.events``; the
tables keep the columns queries filter on and the whole record as JSON.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import delete, func, or_, select, union_all, update

from frontlines.errors import NotFound
from frontlines.events.model import (
    ControlPeriod,
    Event,
    EventMention,
    PlaceRef,
    event_region,
    merge_region,
)
from frontlines.merge.records import admin_level, event_actor_ids, place_key
from frontlines.models import Published
from frontlines.store.tables import (
    ArticleRow,
    ControlPeriodRow,
    EventActorRow,
    EventMentionRow,
    EventReportRow,
    EventRow,
    EventTypeRow,
    MergeDirtyRow,
    PlaceMentionRow,
    StoreStateRow,
)

MERGE_REGIONS = "merge_regions"  # store_state key: mention regions are filled and merged by them
EVENT_SPAN = "event_span_days"  # store_state key: no stored event spans more days than this

T = TypeVar("T")

MAX_ID_CHARS = 64  # article and event ids are 16 hex digits: anything longer is no id


def check_id(kind: str, value: str) -> None:
    """An id a user typed: too long to be one is not found (and is not sent to the database)."""
    if len(value) > MAX_ID_CHARS:
        raise NotFound(kind=kind, key=f"{value[:16]}… ({len(value)} characters)")


if TYPE_CHECKING:
    from sqlalchemy import ColumnElement, Select
    from sqlalchemy.orm import Session


class KnowledgeTables:
    """Methods of :class:`~frontlines.store.Store` for what the stages after ingest make."""

    def session(self) -> Session:  # provided by Store
        raise NotImplementedError

    # --- places -------------------------------------------------------------

    def place_mentions(self, article_id: str | None = None) -> list[PlaceRef]:
        query = select(PlaceMentionRow).order_by(PlaceMentionRow.article_id, PlaceMentionRow.start)
        if article_id is not None:
            query = query.where(PlaceMentionRow.article_id == article_id)
        with self.session() as s:
            return [_place_ref(r) for r in s.scalars(query)]

    # --- event mentions -----------------------------------------------------

    def event_mentions(
        self, article_ids: Iterable[str] | None = None, *, regions: Iterable[str] | None = None
    ) -> list[EventMention]:
        """Every stored event mention (of the given articles, or in the given merge regions),
        in article and sentence order."""
        query = select(EventMentionRow.payload).order_by(
            EventMentionRow.article_id, EventMentionRow.idx
        )
        if article_ids is not None:
            query = query.where(EventMentionRow.article_id.in_(list(article_ids)))
        out: list[EventMention] = []
        with self.session() as s:
            if regions is None:
                return [EventMention.model_validate(p) for p in s.scalars(query)]
            for chunk in chunks(sorted(set(regions)), 500):
                q = query.where(EventMentionRow.region.in_(chunk))
                out.extend(EventMention.model_validate(p) for p in s.scalars(q))
        return sorted(out, key=lambda m: (m.article_id, m.index))

    # --- merge regions ------------------------------------------------------

    def merge_by_regions(self) -> bool:
        """Whether every mention has its region and a full merge wrote events by them (so a
        merge may recompute only the dirty regions)."""
        with self.session() as s:
            return s.get(StoreStateRow, MERGE_REGIONS) is not None

    def forget_merge_regions(self) -> None:
        """Make the next merge a full one."""
        with self.session() as s:
            s.execute(delete(StoreStateRow).where(StoreStateRow.key == MERGE_REGIONS))
            s.commit()

    def dirty_regions(self) -> set[str]:
        with self.session() as s:
            return set(s.scalars(select(MergeDirtyRow.region)))

    def regions_of(self, article_ids: Iterable[str]) -> set[str]:
        """The merge regions the mentions of these articles are in."""
        found: set[str] = set()
        with self.session() as s:
            for chunk in chunks(sorted(set(article_ids)), 500):
                found |= mention_regions(s, chunk)
        return found

    def articles_in_regions(self, regions: Iterable[str]) -> set[str]:
        """Ids of the articles with a mention in one of these regions."""
        found: set[str] = set()
        with self.session() as s:
            for chunk in chunks(sorted(set(regions)), 500):
                found.update(
                    s.scalars(
                        select(EventMentionRow.article_id)
                        .where(EventMentionRow.region.in_(chunk))
                        .distinct()
                    )
                )
        return found

    def territorial_events_in(
        self, countries: Iterable[str], *, besides: Iterable[str] = ()
    ) -> list[Event]:
        """The merged territorial events at places in these countries (``""``: no country),
        but for those in the ``besides`` regions."""
        wanted = sorted(set(countries))
        skip = set(besides)
        with self.session() as s:
            return [
                e
                for region, e in _territorial_in(s, wanted)
                if region is None or region not in skip
            ]

    def event_mention_count(self) -> int:
        with self.session() as s:
            return s.scalar(select(func.count()).select_from(EventMentionRow)) or 0

    # --- merged events ------------------------------------------------------

    def replace_events(self, events: Sequence[Event]) -> int:
        """Store the merged events, replacing every earlier merge (merging reads all mentions)."""
        with self.session() as s:
            _write_events(s, events)
            s.commit()
        return len(events)

    def replace_merge(
        self,
        events: Sequence[Event],
        periods: dict[str, list[ControlPeriod]],
        published: dict[str, Published] | None = None,
        *,
        stories: dict[str, str] | None = None,
    ) -> None:
        """What one full merge makes, in one transaction: inferred dates, events, control
        periods, and (given ``stories``, each article's story) every mention's merge region;
        the dirty regions are cleared and later merges may go by region.

        A merge killed before it commits leaves the earlier merge whole; ``merge_pending``
        stays set until every corpus stage has run (``pipeline.run_corpus_stages``), so the
        next run merges again."""
        with self.session() as s:
            _write_dates(s, published or {})
            _write_events(s, events)
            _write_control(s, periods)
            if stories is not None:
                _write_mention_regions(s, stories)
                s.execute(delete(MergeDirtyRow))
                if s.get(StoreStateRow, MERGE_REGIONS) is None:
                    s.add(StoreStateRow(key=MERGE_REGIONS, value="1"))
            s.commit()

    def replace_merge_regions(
        self,
        regions: Iterable[str],
        events: Sequence[Event],
        periods: dict[str, list[ControlPeriod]],
        countries: Iterable[str],
        published: dict[str, Published],
        cleared: Iterable[str],
    ) -> None:
        """What a merge of some regions makes, in one transaction: their events replace the
        events stored in them, ``periods`` replace the control periods of ``countries``
        (``""``: places with no country), ``published`` dates are written and the
        ``cleared`` regions are no longer dirty."""
        wanted = sorted(set(regions))
        with self.session() as s:
            _write_dates(s, published)
            for chunk in chunks(wanted, 500):
                old = select(EventRow.id).where(EventRow.region.in_(chunk))
                s.execute(delete(EventReportRow).where(EventReportRow.event_id.in_(old)))
                s.execute(delete(EventActorRow).where(EventActorRow.event_id.in_(old)))
                s.execute(delete(EventRow).where(EventRow.region.in_(chunk)))
            _add_events(s, events)
            for c in sorted(set(countries)):
                s.execute(
                    delete(ControlPeriodRow).where(
                        ControlPeriodRow.country_code.is_(None)
                        if c == ""
                        else ControlPeriodRow.country_code == c
                    )
                )
            _add_control(s, periods)
            for chunk in chunks(sorted(set(cleared)), 500):
                s.execute(delete(MergeDirtyRow).where(MergeDirtyRow.region.in_(chunk)))
            s.commit()

    def events(
        self,
        *,
        geonameids: Iterable[int] | None = None,
        admin: tuple[str, str] | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        event_type: str | None = None,
        territorial: bool | None = None,
        article_id: str | None = None,
        country: str | None = None,
        bbox: tuple[float, float, float, float] | None = None,
        actor: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Event]:
        """Merged events, oldest first (undated last), filtered by place, admin area,
        country, bounding box (west, south, east, north in degrees), dates, type and actor
        (a registry id or a side id such as ``side:state:SY``).

        A page (``limit``) is found in two steps: the ids of the page, read from indexes
        alone, then those events; so a page costs about the same at any store size."""
        with self.session() as s:
            matches = _matches(
                geonameids, admin, since, until, _type_spellings(s, event_type), territorial,
                article_id, country, bbox, actor, _event_span(s),
            )  # fmt: skip
            found = union_all(*matches).subquery() if len(matches) > 1 else matches[0].subquery()
            order = (found.c.date_start.asc().nulls_last(), found.c.id)
            if limit is None:
                query = (
                    select(EventRow.payload)
                    .select_from(found)
                    .join(EventRow, EventRow.id == found.c.id)
                    .order_by(*order)
                    .offset(offset or None)
                )
                return [Event.model_validate(p) for p in s.scalars(query)]
            ids = list(s.scalars(select(found.c.id).order_by(*order).offset(offset).limit(limit)))
            if not ids:
                return []
            payloads: dict[str, dict] = {
                i: p
                for i, p in s.execute(
                    select(EventRow.id, EventRow.payload).where(EventRow.id.in_(ids))
                )
            }
        return [Event.model_validate(payloads[i]) for i in ids]

    def count_events(
        self,
        *,
        geonameids: Iterable[int] | None = None,
        admin: tuple[str, str] | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        event_type: str | None = None,
        territorial: bool | None = None,
        article_id: str | None = None,
        country: str | None = None,
        bbox: tuple[float, float, float, float] | None = None,
        actor: str | None = None,
    ) -> int:
        """How many merged events :meth:`events` gives for the same filters, all pages."""
        with self.session() as s:
            matches = _matches(
                geonameids, admin, since, until, _type_spellings(s, event_type), territorial,
                article_id, country, bbox, actor, _event_span(s),
            )  # fmt: skip
            return sum(
                s.scalar(select(func.count()).select_from(m.subquery())) or 0 for m in matches
            )

    def event(self, event_id: str) -> Event:
        check_id("event", event_id)
        with self.session() as s:
            rows = list(
                s.scalars(select(EventRow.payload).where(EventRow.id.startswith(event_id)).limit(2))
            )
        if len(rows) != 1:
            raise NotFound(kind="event", key=event_id)
        return Event.model_validate(rows[0])

    def event_date_span(self) -> tuple[dt.date | None, dt.date | None]:
        """The first and last dates any stored event has (start or end), or (None, None)."""
        query = select(
            func.min(EventRow.date_start),
            func.min(EventRow.date_end),
            func.max(EventRow.date_start),
            func.max(EventRow.date_end),
        )
        with self.session() as s:
            row = s.execute(query).one()
        firsts = [d for d in row[:2] if d is not None]
        lasts = [d for d in row[2:] if d is not None]
        return (min(firsts) if firsts else None, max(lasts) if lasts else None)

    def event_count(self) -> int:
        with self.session() as s:
            return s.scalar(select(func.count()).select_from(EventRow)) or 0

    # --- control ------------------------------------------------------------

    def replace_control(self, periods: dict[str, list[ControlPeriod]]) -> int:
        """Store every place's control periods, replacing the earlier ones."""
        with self.session() as s:
            n = _write_control(s, periods)
            s.commit()
        return n

    def control_periods_around(self, place: PlaceRef) -> dict[str, list[ControlPeriod]]:
        """The control periods that can say who held ``place``: its own and those of the
        admin areas of its province (the areas it can lie in share its country and
        first-level codes), by place key.
        What :func:`frontlines.merge.timeline_for` reads, without reading every period."""
        conditions = [ControlPeriodRow.place_key == place_key(place)]
        if place.country_code and place.admin1_code:
            conditions.append(
                (ControlPeriodRow.country_code == place.country_code)
                & (ControlPeriodRow.admin1_code == place.admin1_code)
                & ControlPeriodRow.area_level.is_not(None)
            )
        query = (
            select(ControlPeriodRow)
            .where(or_(*conditions))
            .order_by(ControlPeriodRow.place_key, ControlPeriodRow.seq)
        )
        out: dict[str, list[ControlPeriod]] = {}
        with self.session() as s:
            for r in s.scalars(query):
                out.setdefault(r.place_key, []).append(ControlPeriod.model_validate(r.payload))
        return out

    def keys_with_control(self, keys: Iterable[str]) -> set[str]:
        """Those of the place keys that have control periods of their own."""
        wanted = sorted(set(keys))
        if not wanted:
            return set()
        query = select(ControlPeriodRow.place_key).where(ControlPeriodRow.place_key.in_(wanted))
        with self.session() as s:
            return set(s.scalars(query.distinct()))

    def known_geonameids(self, geonameids: Iterable[int]) -> set[int]:
        """Those of the GeoNames ids the store has evidence on: a control period or a mention."""
        wanted = sorted(set(geonameids))
        if not wanted:
            return set()
        with self.session() as s:
            found = set(
                s.scalars(
                    select(ControlPeriodRow.geonameid)
                    .where(ControlPeriodRow.geonameid.in_(wanted))
                    .distinct()
                )
            )
            found |= set(
                s.scalars(
                    select(PlaceMentionRow.geonameid)
                    .where(PlaceMentionRow.geonameid.in_(wanted))
                    .distinct()
                )
            )
        return {int(g) for g in found if g is not None}

    def known_places(
        self, spelled: str | None = None, *, geonameids: Iterable[int] | None = None
    ) -> dict[int, tuple[PlaceRef, int, int, bool]]:
        """Every GeoNames place the store has evidence on, by id: the place as
        :meth:`known_place` gives it, its mentions, its events and whether it has control
        periods of its own; counted in SQL. With ``spelled``, only the places whose name or
        some mention's text contains it (any case): those are found first, by the names
        events and mentions store, and only they are counted. With ``geonameids``, only
        those places."""
        with self.session() as s:
            wanted = sorted(set(geonameids)) if geonameids is not None else None
            if spelled is not None and wanted is not None:
                raise ValueError("known_places takes a spelling or ids, not both")
            needle = spelled.casefold() if spelled is not None else None
            if needle is not None:
                low = needle.lower()
                found = set(
                    s.scalars(
                        select(EventRow.geonameid)
                        .where(func.lower(EventRow.place_name).contains(low, autoescape=True))
                        .distinct()
                    )
                )
                found |= set(
                    s.scalars(
                        select(PlaceMentionRow.geonameid)
                        .where(
                            func.lower(PlaceMentionRow.name).contains(low, autoescape=True)
                            | func.lower(PlaceMentionRow.text).contains(low, autoescape=True)
                        )
                        .distinct()
                    )
                )
                wanted = sorted(int(g) for g in found if g is not None)
            known = _known_places(s, wanted)
            spelled_ids: set[int] = set()
            if needle is not None:
                for chunk in chunks(wanted or [], 500):
                    spelled_ids |= {
                        int(g)
                        for g, text in s.execute(
                            select(PlaceMentionRow.geonameid, PlaceMentionRow.text)
                            .where(PlaceMentionRow.geonameid.in_(chunk))
                            .distinct()
                        )
                        if g is not None and needle in (text or "").casefold()
                    }
        if needle is None:
            return known
        return {
            gid: v
            for gid, v in known.items()
            if needle in v[0].name.casefold() or gid in spelled_ids
        }

    def known_place(self, geonameid: int) -> PlaceRef | None:
        """A GeoNames place as the store knows it (from a control period, else a place
        mention, else an event), without the mention it came from; None if unknown."""
        with self.session() as s:
            period = s.scalar(
                select(ControlPeriodRow.payload)
                .where(ControlPeriodRow.geonameid == geonameid)
                .order_by(ControlPeriodRow.place_key, ControlPeriodRow.seq)
                .limit(1)
            )
            if period is not None:
                return bare_place(ControlPeriod.model_validate(period).place)
            mention = s.scalar(
                select(PlaceMentionRow)
                .where(PlaceMentionRow.geonameid == geonameid)
                .order_by(PlaceMentionRow.article_id, PlaceMentionRow.start)
                .limit(1)
            )
            if mention is not None:
                return bare_place(_place_ref(mention))
            return _first_event_place(s, geonameid)

    def control_periods(
        self, place_keys: Iterable[str] | None = None
    ) -> dict[str, list[ControlPeriod]]:
        """Stored control periods by place key (all of them, or of the given keys)."""
        query = select(ControlPeriodRow).order_by(ControlPeriodRow.place_key, ControlPeriodRow.seq)
        if place_keys is not None:
            query = query.where(ControlPeriodRow.place_key.in_(list(place_keys)))
        out: dict[str, list[ControlPeriod]] = {}
        with self.session() as s:
            for r in s.scalars(query):
                out.setdefault(r.place_key, []).append(ControlPeriod.model_validate(r.payload))
        return out


def _known_places(s: Session, gids: list[int] | None) -> dict[int, tuple[PlaceRef, int, int, bool]]:
    """:meth:`KnowledgeTables.known_places` for these GeoNames ids (None: all of them)."""
    runs: list[Sequence[int] | None] = [None] if gids is None else list(chunks(gids, 500))
    mentions: dict[int, int] = {}
    events: dict[int, int] = {}
    places: dict[int, PlaceRef] = {}
    controlled: set[int] = set()
    first_mentions: dict[int, PlaceRef] = {}
    for chunk in runs:

        def among(column: Any, chunk: Sequence[int] | None = chunk) -> ColumnElement[bool]:
            return column.is_not(None) if chunk is None else column.in_(chunk)

        for table, counts in ((PlaceMentionRow, mentions), (EventRow, events)):
            for gid, count in s.execute(
                select(table.geonameid, func.count())
                .where(among(table.geonameid))
                .group_by(table.geonameid)
            ):
                if gid is not None:
                    counts[int(gid)] = count
        ranked_periods = (
            select(
                ControlPeriodRow.payload,
                func.row_number()
                .over(
                    partition_by=ControlPeriodRow.geonameid,
                    order_by=(ControlPeriodRow.place_key, ControlPeriodRow.seq),
                )
                .label("n"),
            )
            .where(among(ControlPeriodRow.geonameid))
            .subquery()
        )
        for payload in s.scalars(select(ranked_periods.c.payload).where(ranked_periods.c.n == 1)):
            place = PlaceRef.model_validate(payload["place"])  # the place, not the period
            assert place.geonameid is not None
            places.setdefault(place.geonameid, bare_place(place))
            controlled.add(place.geonameid)
        ranked = (
            select(
                PlaceMentionRow.id,
                func.row_number()
                .over(
                    partition_by=PlaceMentionRow.geonameid,
                    order_by=(PlaceMentionRow.article_id, PlaceMentionRow.start),
                )
                .label("n"),
            )
            .where(among(PlaceMentionRow.geonameid))
            .subquery()
        )
        firsts = select(PlaceMentionRow).join(ranked, ranked.c.id == PlaceMentionRow.id)
        for row in s.scalars(firsts.where(ranked.c.n == 1)):
            assert row.geonameid is not None
            first_mentions[int(row.geonameid)] = bare_place(_place_ref(row))
    for gid, place in first_mentions.items():
        places.setdefault(gid, place)
    for gid in sorted(set(events) - set(places)):
        if (at := _first_event_place(s, gid)) is not None:
            places[gid] = at
    return {
        gid: (place, mentions.get(gid, 0), events.get(gid, 0), gid in controlled)
        for gid, place in places.items()
    }


def _first_event_place(s: Session, geonameid: int) -> PlaceRef | None:
    """The place of the first event at ``geonameid`` (oldest first), bare."""
    event = s.scalar(
        select(EventRow.payload)
        .where(EventRow.geonameid == geonameid)
        .order_by(EventRow.date_start.asc().nulls_last(), EventRow.id)
        .limit(1)
    )
    if event is None:
        return None
    place = Event.model_validate(event).place
    return bare_place(place) if place is not None else None


def mention_regions(s: Session, article_ids: Sequence[str] | Select[str]) -> set[str]:
    """The merge regions the stored event mentions of these articles (ids, or a query of
    them) are in."""
    query = (
        select(EventMentionRow.region).where(EventMentionRow.article_id.in_(article_ids)).distinct()
    )
    return {r for r in s.scalars(query) if r is not None}


def area_level(place: PlaceRef) -> int | None:
    """1 or 2 for a first- or second-level admin area (whose control can pass down), else None."""
    level = admin_level(place)
    return level if level in (1, 2) else None


def bare_place(place: PlaceRef) -> PlaceRef:
    """The place without the mention it came from."""
    return place.model_copy(update={"text": None, "start": None, "end": None})


def _place_ref(r: PlaceMentionRow) -> PlaceRef:
    return PlaceRef(
        name=r.name or r.text,
        geonameid=r.geonameid,
        lat=r.lat,
        lon=r.lon,
        country_code=r.country_code,
        admin1_code=r.admin1_code,
        admin2_code=r.admin2_code,
        feature_code=r.feature_code,
        text=r.text,
        start=r.start,
        end=r.end,
    )


def _type_spellings(s: Session, event_type: str | None) -> list[str] | None:
    """The stored event and sub-event types that are ``event_type`` in any case (None when
    no type is asked for), so the type filter compares columns as an index holds them."""
    if event_type is None:
        return None
    query = select(EventTypeRow.name).where(func.lower(EventTypeRow.name) == event_type.lower())
    return sorted(s.scalars(query))


def _note_types(s: Session, events: Sequence[Event]) -> None:
    """Add the event and sub-event types of ``events`` the store has not seen yet."""
    names = {e.event_type for e in events} | {e.sub_event_type for e in events}
    if not names:
        return
    known = set(s.scalars(select(EventTypeRow.name).where(EventTypeRow.name.in_(sorted(names)))))
    for name in sorted(names - known):
        s.add(EventTypeRow(name=name))


def _event_span(s: Session) -> int | None:
    """At least the longest span (end minus start, in days) of a dated stored event, or None
    when the store does not know it."""
    row = s.get(StoreStateRow, EVENT_SPAN)
    return int(row.value) if row is not None else None


def _widen_event_span(s: Session, events: Sequence[Event]) -> None:
    """Keep EVENT_SPAN at least the span of every event written."""
    spans = [
        (e.date_end - e.date_start).days
        for e in events
        if e.date_start is not None and e.date_end is not None
    ]
    row = s.get(StoreStateRow, EVENT_SPAN)
    widest = max([0, *spans, int(row.value) if row is not None else 0])
    if row is None:
        s.add(StoreStateRow(key=EVENT_SPAN, value=str(widest)))
    elif int(row.value) < widest:
        row.value = str(widest)


def _matches(
    geonameids: Iterable[int] | None,
    admin: tuple[str, str] | None,
    since: dt.date | None,
    until: dt.date | None,
    types: list[str] | None,
    territorial: bool | None,
    article_id: str | None,
    country: str | None,
    bbox: tuple[float, float, float, float] | None,
    actor: str | None,
    span: int | None,
) -> list[Select[str, dt.date | None]]:
    """Queries of (id, date_start) whose disjoint union is the events matching the filters.

    Without dates, one. With ``since`` or ``until``, three, each a range an index can walk
    (a missing date passes the filter on its side): events with both dates
    (``since - span <= start <= until`` and ``end >= since``, as no event starts more than
    ``span`` days before it ends), events with no end (``start <= until`` or no start; a
    partial index holds them), and events with an end and no start (``end >= since``)."""
    where = _event_filters(geonameids, admin, types, territorial, article_id, country, bbox)
    parts: list[list[ColumnElement[bool]]] = [[]]
    if since is not None or until is not None:
        dated: list[ColumnElement[bool]] = [
            EventRow.date_start.is_not(None),
            EventRow.date_end.is_not(None),
        ]
        no_end: list[ColumnElement[bool]] = [EventRow.date_end.is_(None)]
        no_start: list[ColumnElement[bool]] = [
            EventRow.date_start.is_(None),
            EventRow.date_end.is_not(None),
        ]
        if since is not None:
            dated.append(EventRow.date_end >= since)
            if span is not None:
                dated.append(EventRow.date_start >= since - dt.timedelta(days=span))
            no_start.append(EventRow.date_end >= since)
        if until is not None:
            dated.append(EventRow.date_start <= until)
            no_end.append(or_(EventRow.date_start <= until, EventRow.date_start.is_(None)))
        parts = [dated, no_end, no_start]
    out = []
    for extra in parts:
        if actor is None:
            query = select(EventRow.id.label("id"), EventRow.date_start.label("date_start"))
            query = query.where(*where, *extra)
        else:  # the actor's index, in the list's order; the events table only for the rest
            query = select(
                EventActorRow.event_id.label("id"), EventActorRow.date_start.label("date_start")
            ).where(EventActorRow.actor == actor)
            if where or extra:
                query = query.join(EventRow, EventRow.id == EventActorRow.event_id).where(
                    *where, *extra
                )
        out.append(query)
    return out


def _event_filters(
    geonameids: Iterable[int] | None,
    admin: tuple[str, str] | None,
    types: list[str] | None,
    territorial: bool | None,
    article_id: str | None,
    country: str | None,
    bbox: tuple[float, float, float, float] | None,
) -> list[ColumnElement[bool]]:
    """The WHERE clauses of an event query but its dates and actor (see :func:`_matches`)."""
    where: list[ColumnElement[bool]] = []
    in_admin = None
    if admin is not None:
        in_admin = (EventRow.country_code == admin[0].upper()) & (EventRow.admin1_code == admin[1])
    if geonameids is not None:
        at = EventRow.geonameid.in_(list(geonameids))
        where.append(or_(at, in_admin) if in_admin is not None else at)
    elif in_admin is not None:
        where.append(in_admin)
    if types is not None:  # the stored spellings of the type asked for (none: no match)
        where.append(or_(EventRow.event_type.in_(types), EventRow.sub_event_type.in_(types)))
    if territorial is not None:
        where.append(EventRow.territorial.is_(territorial))
    if country is not None:
        # GeoNames writes country codes in capitals, and so does the store
        where.append(EventRow.country_code == country.upper())
    if bbox is not None:
        west, south, east, north = bbox
        where += [EventRow.lon.between(west, east), EventRow.lat.between(south, north)]
    if article_id is not None:
        where.append(
            EventRow.id.in_(
                select(EventReportRow.event_id).where(EventReportRow.article_id == article_id)
            )
        )
    return where


def place_rows(article_id: str, mentions: Iterable[PlaceRef]) -> list[PlaceMentionRow]:
    return [
        PlaceMentionRow(
            article_id=article_id,
            start=m.start or 0,
            end=m.end or 0,
            text=m.text or m.name,
            geonameid=m.geonameid,
            name=m.name,
            feature_code=m.feature_code,
            lat=m.lat,
            lon=m.lon,
            country_code=m.country_code,
            admin1_code=m.admin1_code,
            admin2_code=m.admin2_code,
            confidence=0.0,
        )
        for m in mentions
    ]


def event_rows(
    article_id: str, mentions: Iterable[EventMention], story: str | None = None
) -> list[EventMentionRow]:
    """Rows of an article's event mentions, in the merge region of its ``story``."""
    return [
        EventMentionRow(
            article_id=article_id,
            idx=m.index,
            event_type=m.event_type,
            sub_event_type=m.sub_event_type,
            date_start=m.date_start,
            date_end=m.date_end,
            geonameid=m.place.geonameid if m.place else None,
            background=m.background,
            region=merge_region(m.place, story or article_id),
            payload=m.model_dump(mode="json"),
        )
        for m in mentions
    ]


def _write_events(s: Session, events: Sequence[Event]) -> None:
    s.execute(delete(EventReportRow))
    s.execute(delete(EventActorRow))
    s.execute(delete(EventRow))
    s.execute(delete(StoreStateRow).where(StoreStateRow.key == EVENT_SPAN))
    _add_events(s, events)


def _add_events(s: Session, events: Sequence[Event]) -> None:
    _widen_event_span(s, events)
    _note_types(s, events)
    for e in events:
        place = e.place
        s.add(
            EventRow(
                id=e.id,
                event_type=e.event_type,
                sub_event_type=e.sub_event_type,
                date_start=e.date_start,
                date_end=e.date_end,
                geonameid=place.geonameid if place else None,
                country_code=place.country_code if place else None,
                admin1_code=place.admin1_code if place else None,
                place_name=place.name if place else None,
                lat=place.lat if place else None,
                lon=place.lon if place else None,
                territorial=e.territory is not None,
                background=e.background,
                independent_sources=e.independent_sources,
                region=event_region(e),
                payload=e.model_dump(mode="json"),
            )
        )
    s.flush()
    for e in events:
        for article_id in sorted({r.article_id for r in e.reports}):
            s.add(EventReportRow(event_id=e.id, article_id=article_id))
        for actor in sorted(event_actor_ids(e)):
            s.add(EventActorRow(event_id=e.id, actor=actor, date_start=e.date_start))


def _write_control(s: Session, periods: dict[str, list[ControlPeriod]]) -> int:
    s.execute(delete(ControlPeriodRow))
    return _add_control(s, periods)


def _add_control(s: Session, periods: dict[str, list[ControlPeriod]]) -> int:
    n = 0
    for key in sorted(periods):
        for seq, p in enumerate(periods[key]):
            s.add(
                ControlPeriodRow(
                    place_key=key,
                    geonameid=p.place.geonameid,
                    country_code=p.place.country_code,
                    admin1_code=p.place.admin1_code,
                    area_level=area_level(p.place),
                    seq=seq,
                    payload=p.model_dump(mode="json"),
                )
            )
            n += 1
    return n


def _territorial_in(s: Session, countries: Sequence[str]) -> list[tuple[str | None, Event]]:
    out: list[tuple[str | None, Event]] = []
    named = [c for c in countries if c]
    conditions = []
    if named:
        conditions.append(EventRow.country_code.in_(named))
    if "" in countries:
        conditions.append(EventRow.country_code.is_(None))
    if not conditions:
        return out
    query = select(EventRow.region, EventRow.payload).where(
        EventRow.territorial.is_(True), or_(*conditions)
    )
    return [
        (r.region, Event.model_validate(r.payload)) for r in s.execute(query.order_by(EventRow.id))
    ]


def _write_mention_regions(s: Session, stories: dict[str, str]) -> None:
    """Set every mention's region (its article's story from ``stories``), where it differs."""
    rows = s.execute(
        select(
            EventMentionRow.id,
            EventMentionRow.article_id,
            EventMentionRow.region,
            EventMentionRow.payload,
        )
    ).all()
    changes = []
    for r in rows:
        m = EventMention.model_validate(r.payload)
        region = merge_region(m.place, stories.get(r.article_id, r.article_id))
        if region != r.region:
            changes.append({"id": r.id, "region": region})
    if changes:
        s.execute(update(EventMentionRow), changes)


def mark_dirty(s: Session, regions: Iterable[str]) -> None:
    """Add regions to the dirty set (those already in it stay once)."""
    wanted = sorted(set(regions))
    for chunk in chunks(wanted, 500):
        known = set(s.scalars(select(MergeDirtyRow.region).where(MergeDirtyRow.region.in_(chunk))))
        s.add_all(MergeDirtyRow(region=r) for r in chunk if r not in known)


def country_of_region(region: str) -> str | None:
    """The country a region lies in (``""`` for a place with none), None for a story's."""
    if region.startswith("story:"):
        return None
    cc = region.split(".", 1)[0]
    return "" if cc == "-" else cc


def chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """``items`` in runs of at most ``size`` (what an SQL ``IN`` list is given)."""
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _write_dates(s: Session, published: dict[str, Published]) -> None:
    """Write the publication dates a merge inferred, to the articles still stored."""
    for article_id, value in published.items():
        row = s.get(ArticleRow, article_id)
        if row is not None:
            write_published(row, value)


def write_published(row: ArticleRow, published: Published) -> None:
    row.published_start, row.published_end = published.start, published.end
    row.published_precision = published.precision.value
    row.published_source = published.source.value
    row.published_evidence = published.evidence
    row.published_confidence = published.confidence
