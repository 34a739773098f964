"""The store's knowledge tables: place mentions, event mentions, merged events, control periods.

Records go in and come out as the typed models of ``frontlines.events``; the
tables keep the columns queries filter on and the whole record as JSON.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, or_, select

from frontlines.errors import NotFound
from frontlines.events.model import ControlPeriod, Event, EventMention, PlaceRef
from frontlines.models import Published
from frontlines.store.tables import (
    ArticleRow,
    ControlPeriodRow,
    EventMentionRow,
    EventReportRow,
    EventRow,
    PlaceMentionRow,
)

MAX_ID_CHARS = 64  # article and event ids are 16 hex digits: anything longer is no id


def check_id(kind: str, value: str) -> None:
    """An id a user typed: too long to be one is not found (and is not sent to the database)."""
    if len(value) > MAX_ID_CHARS:
        raise NotFound(kind=kind, key=f"{value[:16]}… ({len(value)} characters)")


if TYPE_CHECKING:
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
            return [
                PlaceRef(
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
                for r in s.scalars(query)
            ]

    # --- event mentions -----------------------------------------------------

    def event_mentions(self, article_ids: Iterable[str] | None = None) -> list[EventMention]:
        """Every stored event mention (of the given articles), in article and sentence order."""
        query = select(EventMentionRow.payload).order_by(
            EventMentionRow.article_id, EventMentionRow.idx
        )
        if article_ids is not None:
            query = query.where(EventMentionRow.article_id.in_(list(article_ids)))
        with self.session() as s:
            return [EventMention.model_validate(p) for p in s.scalars(query)]

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
    ) -> None:
        """What one merge makes, in one transaction: inferred dates, events, control periods.

        A merge killed before it commits leaves the earlier merge whole; ``merge_pending``
        stays set until every corpus stage has run (``pipeline.run_corpus_stages``), so the
        next run merges again."""
        with self.session() as s:
            for article_id, value in (published or {}).items():
                row = s.get(ArticleRow, article_id)
                if row is not None:
                    write_published(row, value)
            _write_events(s, events)
            _write_control(s, periods)
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
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Event]:
        """Merged events, oldest first, filtered by place, admin area, country, bounding box
        (west, south, east, north in degrees), dates and type."""
        query = select(EventRow.payload).order_by(
            EventRow.date_start.is_(None), EventRow.date_start, EventRow.id
        )
        if geonameids is not None:
            ids = list(geonameids)
            if admin is not None:
                query = query.where(
                    or_(
                        EventRow.geonameid.in_(ids),
                        (EventRow.country_code == admin[0]) & (EventRow.admin1_code == admin[1]),
                    )
                )
            else:
                query = query.where(EventRow.geonameid.in_(ids))
        elif admin is not None:
            query = query.where(EventRow.country_code == admin[0], EventRow.admin1_code == admin[1])
        if since is not None:
            query = query.where(or_(EventRow.date_end >= since, EventRow.date_end.is_(None)))
        if until is not None:
            query = query.where(or_(EventRow.date_start <= until, EventRow.date_start.is_(None)))
        if event_type is not None:
            query = query.where(
                or_(
                    func.lower(EventRow.event_type) == event_type.lower(),
                    func.lower(EventRow.sub_event_type) == event_type.lower(),
                )
            )
        if territorial is not None:
            query = query.where(EventRow.territorial.is_(territorial))
        if country is not None:
            query = query.where(func.upper(EventRow.country_code) == country.upper())
        if bbox is not None:
            west, south, east, north = bbox
            query = query.where(
                EventRow.lon.between(west, east), EventRow.lat.between(south, north)
            )
        if article_id is not None:
            query = query.where(
                EventRow.id.in_(
                    select(EventReportRow.event_id).where(EventReportRow.article_id == article_id)
                )
            )
        if offset:
            query = query.offset(offset)
        if limit is not None:
            query = query.limit(limit)
        with self.session() as s:
            return [Event.model_validate(p) for p in s.scalars(query)]

    def event(self, event_id: str) -> Event:
        check_id("event", event_id)
        with self.session() as s:
            rows = list(
                s.scalars(select(EventRow.payload).where(EventRow.id.startswith(event_id)).limit(2))
            )
        if len(rows) != 1:
            raise NotFound(kind="event", key=event_id)
        return Event.model_validate(rows[0])

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


def event_rows(article_id: str, mentions: Iterable[EventMention]) -> list[EventMentionRow]:
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
            payload=m.model_dump(mode="json"),
        )
        for m in mentions
    ]


def _write_events(s: Session, events: Sequence[Event]) -> None:
    s.execute(delete(EventReportRow))
    s.execute(delete(EventRow))
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
                payload=e.model_dump(mode="json"),
            )
        )
    s.flush()
    for e in events:
        for article_id in sorted({r.article_id for r in e.reports}):
            s.add(EventReportRow(event_id=e.id, article_id=article_id))


def _write_control(s: Session, periods: dict[str, list[ControlPeriod]]) -> int:
    n = 0
    s.execute(delete(ControlPeriodRow))
    for key in sorted(periods):
        for seq, p in enumerate(periods[key]):
            s.add(
                ControlPeriodRow(
                    place_key=key,
                    geonameid=p.place.geonameid,
                    country_code=p.place.country_code,
                    admin1_code=p.place.admin1_code,
                    seq=seq,
                    payload=p.model_dump(mode="json"),
                )
            )
            n += 1
    return n


def write_published(row: ArticleRow, published: Published) -> None:
    row.published_start, row.published_end = published.start, published.end
    row.published_precision = published.precision.value
    row.published_source = published.source.value
    row.published_evidence = published.evidence
    row.published_confidence = published.confidence
