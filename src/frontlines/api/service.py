"""What the routes ask of an open database, in terms of the library's records.

Reads: ``Frontlines`` (events, control, timeline, place) and its ``Store``.
Writes nothing. Every event filter (place, area, country, bounding box, dates, type,
actor), the count and the page are the store's SQL, so a page costs the same at any
store size.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from frontlines.errors import BadOption, NotFound
from frontlines.events.model import ControlPeriod, Event, PlaceRef
from frontlines.library import Frontlines
from frontlines.merge import holders_on
from frontlines.queries import gazetteer_place, unknown_note
from frontlines.store.knowledge import bare_place


@dataclass(frozen=True)
class BBox:
    """A bounding box in degrees: west, south, east, north."""

    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    @classmethod
    def parse(cls, text: str) -> BBox:
        parts = text.split(",")
        try:
            if len(parts) != 4:
                raise ValueError
            min_lon, min_lat, max_lon, max_lat = (float(p) for p in parts)
        except ValueError:
            raise BadOption(
                detail=f"bbox wants four numbers minlon,minlat,maxlon,maxlat, not {text!r}"
            ) from None
        if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
            raise BadOption(
                detail=f"bbox {text!r} is not a box: want -180 <= minlon <= maxlon <= 180 and -90 <= minlat <= maxlat <= 90"
            )
        return cls(min_lon, min_lat, max_lon, max_lat)


def parse_admin(text: str) -> tuple[str, str]:
    """``SY.12`` → ("SY", "12"): a country code and a first-level admin code."""
    country, _, admin1 = text.partition(".")
    if len(country) != 2 or not country.isalpha() or not admin1:
        raise BadOption(
            detail=f"admin wants COUNTRY.ADMIN1 as GeoNames writes it, e.g. SY.12, not {text!r}"
        )
    return country.upper(), admin1


@dataclass(frozen=True)
class EventFilters:
    place: str | None = None
    geonameid: int | None = None
    admin: str | None = None
    country: str | None = None
    type: str | None = None
    actor: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    bbox: str | None = None


def find_events(
    fl: Frontlines, f: EventFilters, *, limit: int | None = None, offset: int = 0
) -> tuple[int, list[Event]]:
    """How many events match the filters, and the page of them from ``offset`` (at most
    ``limit``), oldest first: both counted and cut in SQL."""
    if f.since and f.until and f.since > f.until:
        raise BadOption(detail=f"since ({f.since}) is after until ({f.until})")
    box = BBox.parse(f.bbox) if f.bbox is not None else None
    admin = parse_admin(f.admin) if f.admin is not None else None
    geonameids: list[int] | None = None
    if f.geonameid is not None:
        geonameids = [f.geonameid]
    if f.place is not None:
        ref = fl.place(f.place)
        ids = [ref.geonameid] if ref.geonameid is not None else []
        geonameids = ids if geonameids is None else [i for i in geonameids if i in ids]
        if (ref.feature_code or "").startswith("ADM1") and ref.country_code and ref.admin1_code:
            # an admin area holds the events inside it, as Frontlines.events has it
            admin = admin or (ref.country_code, ref.admin1_code)
    filters: dict[str, Any] = {
        "geonameids": geonameids,
        "admin": admin,
        "since": f.since,
        "until": f.until,
        "event_type": f.type,
        "country": f.country,
        "bbox": (box.min_lon, box.min_lat, box.max_lon, box.max_lat) if box is not None else None,
        "actor": f.actor,
    }
    total = fl.store.count_events(**filters)
    if limit is not None and offset >= total:
        return total, []
    return total, fl.store.events(**filters, limit=limit, offset=offset)


# --- places -------------------------------------------------------------------------


@dataclass
class KnownPlace:
    place: PlaceRef
    mentions: int = 0
    events: int = 0
    has_control: bool = False


def known_places(
    fl: Frontlines, spelled: str | None = None, ids: list[int] | None = None
) -> dict[int, KnownPlace]:
    """Places the store has evidence on (mentions, events, control periods), by GeoNames id;
    with ``spelled``, those whose name or a mention's text contains it; with ``ids``, those."""
    return {
        gid: KnownPlace(place, mentions=m, events=e, has_control=c)
        for gid, (place, m, e, c) in fl.store.known_places(spelled, geonameids=ids).items()
    }


def search_places(fl: Frontlines, q: str | None, limit: int) -> list[KnownPlace]:
    """Known places whose name or mention text contains ``q`` (any case), best known first;
    the place ``Frontlines.place`` resolves ``q`` to (any spelling) leads the list."""
    if not q or not q.strip():
        ordered = sorted(
            known_places(fl).values(), key=lambda k: (-k.events - k.mentions, k.place.name)
        )
        return ordered[:limit]
    hits = sorted(
        known_places(fl, q.strip()).values(), key=lambda k: (-k.events - k.mentions, k.place.name)
    )
    try:
        best = fl.place(q)
    except NotFound:
        best = None
    if best is not None and best.geonameid is not None:
        lead = next((k for k in hits if k.place.geonameid == best.geonameid), None)
        if lead is None:  # known under another spelling (with its counts), or not at all
            lead = known_places(fl, ids=[best.geonameid]).get(best.geonameid) or KnownPlace(
                bare_place(best)
            )
        hits = [lead, *(k for k in hits if k.place.geonameid != best.geonameid)]
    return hits[:limit]


def place_by_id(fl: Frontlines, geonameid: int) -> PlaceRef:
    """A place by GeoNames id: as the store knows it, else from the gazetteer."""
    known = fl.store.known_place(geonameid)
    if known is not None:
        return known
    from frontlines.geo.geoparse import default_gazetteer

    found = default_gazetteer().get(geonameid)
    if found is None:
        raise NotFound(kind="place", key=str(geonameid))
    return gazetteer_place(found)


def control_map(
    fl: Frontlines, on: dt.date
) -> list[tuple[PlaceRef, list[ControlPeriod], str | None]]:
    """Every place with control periods of its own and who holds it on ``on``: one period,
    every side of a contested one, or none (unknown, and why)."""
    periods = fl.store.control_periods()
    out: list[tuple[PlaceRef, list[ControlPeriod], str | None]] = []
    for key in sorted(periods):
        own = periods[key]
        if not own:
            continue
        place = bare_place(own[0].place)
        held = holders_on(place, on, periods)
        out.append((place, held, unknown_note(place, on, periods, held)))
    return out


def event_dates(fl: Frontlines) -> tuple[dt.date | None, dt.date | None]:
    """The first and last dates any stored event has."""
    return fl.store.event_date_span()
