"""Events as flat rows with ACLED's column names, for spreadsheets and data frames.

Reads every field of :class:`~frontlines.events.model.Event`; writes one
:class:`dict` per event keyed by :data:`COLUMNS`: ACLED's columns first (those
we cannot know, such as ``region`` or ``timestamp``, stay empty), then ours.
Codes follow ACLED's codebook: ``inter1``/``inter2`` 1-8, ``interaction`` the
two codes joined (lower first; a lone actor's code times ten), ``time_precision``
1 day / 2 week / 3 month or vaguer, ``geo_precision`` 1 town / 2 district / 3 region.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pycountry

from frontlines.events.model import ActorKind, ActorRef, Event
from frontlines.events.quantities import acled_fatalities
from frontlines.geo.gazetteer import geonames_id
from frontlines.models import DatePrecision

# ACLED's columns, in ACLED's order.
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
# What frontlines knows beyond ACLED's columns.
EXTRA_COLUMNS: tuple[str, ...] = (
    "frontlines_id",
    "date_end",
    "date_precision",
    "background",
    "independent_sources",
    "geonameid",
    "new_controller",
    "previous_controller",
    "article_ids",
)
COLUMNS: tuple[str, ...] = ACLED_COLUMNS + EXTRA_COLUMNS

# Column types for typed formats (parquet); everything else is text.
INTEGER_COLUMNS = frozenset(
    {"year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision"}
    | {"fatalities", "independent_sources", "geonameid", "timestamp"}
)
FLOAT_COLUMNS = frozenset({"latitude", "longitude"})
BOOLEAN_COLUMNS = frozenset({"background"})
DATE_COLUMNS = frozenset({"event_date", "date_end"})

# Several values in one cell are joined the way ACLED joins its sources.
JOIN = "; "

_INTER_CODE: dict[ActorKind, int] = {
    ActorKind.STATE_FORCES: 1,
    ActorKind.REBEL_GROUP: 2,
    ActorKind.POLITICAL_MILITIA: 3,
    # ACLED files unidentified armed groups under political militias
    ActorKind.UNIDENTIFIED: 3,
    ActorKind.IDENTITY_MILITIA: 4,
    ActorKind.RIOTERS: 5,
    ActorKind.PROTESTERS: 6,
    ActorKind.CIVILIANS: 7,
    ActorKind.EXTERNAL_FORCES: 8,
}

_DISORDER_TYPE: dict[str, str] = {
    "battles": "Political violence",
    "explosions/remote violence": "Political violence",
    "violence against civilians": "Political violence",
    "protests": "Demonstrations",
    "riots": "Demonstrations",
    "strategic developments": "Strategic developments",
}

_TIME_PRECISION: dict[DatePrecision, int] = {
    DatePrecision.HOUR: 1,
    DatePrecision.DAY: 1,
    DatePrecision.WEEK: 2,
    DatePrecision.MONTH: 3,
    DatePrecision.SEASON: 3,
    DatePrecision.YEAR: 3,
    DatePrecision.DURATION: 3,
}


@dataclass
class AdminNames:
    """Names of countries and admin areas by code, looked up once each.

    ``admin1``/``admin2`` take (country, admin1[, admin2]) codes and return a
    name or None; without them (no gazetteer) those columns stay empty.
    """

    admin1: Callable[[str, str], str | None] | None = None
    admin2: Callable[[str, str, str], str | None] | None = None
    _cache: dict[tuple[str, ...], str | None] = field(default_factory=dict)

    @classmethod
    def from_gazetteer(cls, gazetteer: Any) -> AdminNames:
        """Names from a :class:`~frontlines.geo.gazetteer.Gazetteer`."""

        def admin1(cc: str, a1: str) -> str | None:
            place = gazetteer.admin1(cc, a1)
            return None if place is None else str(place.name)

        def admin2(cc: str, a1: str, a2: str) -> str | None:
            place = gazetteer.admin2(cc, a1, a2)
            return None if place is None else str(place.name)

        return cls(admin1=admin1, admin2=admin2)

    def _cached(self, key: tuple[str, ...], look: Callable[[], str | None]) -> str | None:
        if key not in self._cache:
            self._cache[key] = look()
        return self._cache[key]

    def country(self, cc: str) -> str | None:
        def look() -> str | None:
            c = pycountry.countries.get(alpha_2=cc.upper())
            return None if c is None else str(getattr(c, "common_name", None) or c.name)

        return self._cached(("country", cc), look)

    def iso_numeric(self, cc: str) -> int | None:
        c = pycountry.countries.get(alpha_2=cc.upper())
        return None if c is None else int(c.numeric)

    def first_level(self, cc: str, a1: str) -> str | None:
        fn = self.admin1
        return None if fn is None else self._cached(("a1", cc, a1), lambda: fn(cc, a1))

    def second_level(self, cc: str, a1: str, a2: str) -> str | None:
        fn = self.admin2
        return None if fn is None else self._cached(("a2", cc, a1, a2), lambda: fn(cc, a1, a2))


def inter_code(actor: ActorRef | None) -> int | None:
    return None if actor is None else _INTER_CODE.get(actor.kind)


def interaction_code(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction: both inter codes, lower first (12, 27); one actor alone: 10, 20, …"""
    codes = sorted(c for c in (inter1, inter2) if c is not None)
    if not codes:
        return None
    if len(codes) == 1:
        return codes[0] * 10
    return codes[0] * 10 + codes[1]


def time_precision(e: Event) -> int | None:
    if e.date_start is None:
        return None
    if e.date_precision is DatePrecision.RANGE and e.date_end is not None:
        span = (e.date_end - e.date_start).days
        return 1 if span == 0 else 2 if span <= 7 else 3
    return _TIME_PRECISION.get(e.date_precision)


def geo_precision(feature_code: str | None) -> int | None:
    code = feature_code or ""
    if not code:
        return None
    if code.startswith("ADM1") or code.startswith("PCL"):
        return 3
    if code.startswith("ADM"):
        return 2
    return 1


def evidence_sentence(e: Event) -> str:
    """The sentence that reports the event best: a current report before a retelling."""
    current = [r for r in e.reports if not r.background]
    best = (current or e.reports)[:1]
    return best[0].sentence if best else ""


def event_row(e: Event, names: AdminNames | None = None) -> dict[str, Any]:
    """One event as a flat row over :data:`COLUMNS`; unknown values are None."""
    names = names or AdminNames()
    place = e.place
    cc = (place.country_code or "").upper() if place else ""
    inter1, inter2 = inter_code(e.actor1), inter_code(e.actor2)
    outlets = list(dict.fromkeys(r.outlet for r in e.reports if r.outlet))
    articles = list(dict.fromkeys(r.article_id for r in e.reports))
    t = e.territory
    civilian = e.event_type.lower() == "violence against civilians" or (
        e.actor2 is not None and e.actor2.kind is ActorKind.CIVILIANS
    )
    row: dict[str, Any] = {
        "event_id_cnty": e.id,
        "event_date": e.date_start,
        "year": e.date_start.year if e.date_start else None,
        "time_precision": time_precision(e),
        "disorder_type": _DISORDER_TYPE.get(e.event_type.lower()),
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        "actor1": e.actor1.name if e.actor1 else None,
        "assoc_actor_1": None,
        "inter1": inter1,
        "actor2": e.actor2.name if e.actor2 else None,
        "assoc_actor_2": None,
        "inter2": inter2,
        "interaction": interaction_code(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if civilian else None,
        "iso": names.iso_numeric(cc) if cc else None,
        "region": None,
        "country": names.country(cc) if cc else None,
        "admin1": names.first_level(cc, place.admin1_code)
        if place and cc and place.admin1_code
        else None,
        "admin2": names.second_level(cc, place.admin1_code, place.admin2_code)
        if place and cc and place.admin1_code and place.admin2_code
        else None,
        "admin3": None,
        "location": place.name if place else None,
        "latitude": place.lat if place else None,
        "longitude": place.lon if place else None,
        "geo_precision": geo_precision(place.feature_code)
        if place and place.lat is not None
        else None,
        "source": JOIN.join(outlets) or None,
        "source_scale": None,
        "notes": evidence_sentence(e) or None,
        # ACLED records the lowest credible figure, and 0 where none is reported
        "fatalities": acled_fatalities(e.fatalities),
        "tags": None,
        "timestamp": None,
        "frontlines_id": e.id,
        "date_end": e.date_end,
        "date_precision": e.date_precision.value,
        "background": e.background,
        "independent_sources": e.independent_sources,
        "geonameid": geonames_id(place.geonameid) if place else None,
        "new_controller": t.new_controller.name if t and t.new_controller else None,
        "previous_controller": t.previous_controller.name if t and t.previous_controller else None,
        "article_ids": JOIN.join(articles) or None,
    }
    return row


def cell_text(value: Any) -> str:
    """A row value as CSV text: dates ISO, booleans true/false, None empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
