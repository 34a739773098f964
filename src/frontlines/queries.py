"""Questions an analyst asks of a store: which place is meant, who held it when, what happened there.

``find_place`` turns a name in any spelling into the GeoNames place the store
knows ("Khan Sheikhun", "Khan Shaykhun" and "Khan Sheikhoun" are one town);
``control`` gives its control periods (or the one on a date) with evidence;
``timeline`` its dated events with their reports.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from frontlines.errors import NotFound
from frontlines.events.model import ActorRef, ControlPeriod, Event, PlaceRef
from frontlines.geo.gazetteer import Place, geonames_id
from frontlines.merge import holders_on, place_key, timeline_for
from frontlines.merge.control import before_evidence
from frontlines.store import Store

_CANDIDATES = 15


@dataclass
class ControlAnswer:
    """A place's control timeline (or the one period on ``on``), as the output contract has it."""

    place: PlaceRef
    periods: list[ControlPeriod] = field(default_factory=list)
    on: dt.date | None = None
    note: str | None = None  # why no period answers ``on`` ("before the evidence, unknown")

    def to_json(self) -> dict[str, object]:
        return {
            "place": place_record(self.place),
            "on": self.on.isoformat() if self.on else None,
            "periods": [period_record(p) for p in self.periods],
        }


def period_record(p: ControlPeriod) -> dict[str, object]:
    """A control period as the output contract has it."""
    return {
        "controller": actor_record(p.controller),
        "start": p.start.model_dump(mode="json") if p.start else None,
        "end": p.end.model_dump(mode="json") if p.end else None,
        "contested": p.contested,
        "event_ids": list(p.event_ids),
        "evidence": [r.model_dump(mode="json") for r in p.evidence],
    }


def actor_record(a: ActorRef | None) -> dict[str, Any] | None:
    """An actor as the output contract has it."""
    if a is None:
        return None
    return {"id": a.id, "name": a.name, "kind": a.kind.value, "country_code": a.country_code}


def place_record(p: PlaceRef | None) -> dict[str, Any] | None:
    """A place as the output contract has it: ``geonameid`` null for a feature GeoNames
    gave us no id for (a sea, a region), ``place_id`` the gazetteer's own key either way."""
    if p is None:
        return None
    return {
        "name": p.name,
        "geonameid": geonames_id(p.geonameid),
        "place_id": p.geonameid,
        "lat": p.lat,
        "lon": p.lon,
        "country_code": p.country_code,
        "admin1_code": p.admin1_code,
        "feature_code": p.feature_code,
    }


def when_label(start: dt.date | None, end: dt.date | None) -> str:
    """ "2024-11-30", "2019-08-07..2019-08-28" or "undated"."""
    if start is None:
        return "undated"
    if end is None or end == start:
        return start.isoformat()
    return f"{start.isoformat()}..{end.isoformat()}"


def event_record(e: Event) -> dict[str, Any]:
    """An event in the output contract's shape (eval README), plus a few extra keys."""
    t = e.territory
    return {
        "id": e.id,
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        "date_start": e.date_start,
        "date_end": e.date_end,
        "date_precision": e.date_precision.value,
        "place": place_record(e.place),
        "actor1": actor_record(e.actor1),
        "actor2": actor_record(e.actor2),
        "territory": None
        if t is None
        else {
            "new_controller": actor_record(t.new_controller),
            "previous_controller": actor_record(t.previous_controller),
            "scope": t.scope,
        },
        "fatalities": None
        if e.fatalities is None
        else {"low": e.fatalities.low, "high": e.fatalities.high},
        "injuries": None
        if e.injuries is None
        else {"low": e.injuries.low, "high": e.injuries.high},
        "background": e.background,
        "reports": [
            {
                "article_id": r.article_id,
                "url": r.url,
                "outlet": r.outlet,
                "story_id": r.story_id,
                "sentence": r.sentence,
                "start": r.start,
                "end": r.end,
                "modality": r.modality.value,
            }
            for r in e.reports
        ],
        "independent_sources": e.independent_sources,
        "confidence": round(e.confidence, 3),
        "disagreements": list(e.disagreements),
    }


def find_place(store: Store, name: str) -> PlaceRef:
    """The place ``name`` means: of the gazetteer's places of that name (any spelling, but
    only those that match as closely as the best: exact before loose before fuzzy), the one
    the store holds most evidence about, else the gazetteer's best."""
    from frontlines.geo.gazetteer import Gazetteer
    from frontlines.geo.geoparse import default_gazetteer

    gazetteer: Gazetteer = default_gazetteer()
    cands = gazetteer.match(name.strip(), limit=_CANDIDATES)
    if not cands:
        raise NotFound(kind="place", key=name)
    # only the closest spellings: "Goma" is the Congolese town even where the store knows
    # only Hama, a looser match of it
    cands = [c for c in cands if c.match == cands[0].match]
    places = [gazetteer_place(c.place) for c in cands]
    with_control = store.keys_with_control(place_key(p) for p in places)
    for p in places:  # the first candidate with a control timeline, then with any mention
        if place_key(p) in with_control:
            return p
    known = store.known_geonameids(p.geonameid for p in places if p.geonameid is not None)
    for p in places:
        if p.geonameid in known:
            return p
    return places[0]


def gazetteer_place(place: Place) -> PlaceRef:
    """A gazetteer entry as events and queries carry a place."""
    return PlaceRef(
        name=place.name,
        geonameid=place.geonameid,
        lat=place.lat,
        lon=place.lon,
        country_code=place.country_code,
        admin1_code=place.admin1_code,
        admin2_code=place.admin2_code,
        feature_code=place.feature_code,
    )


def control(store: Store, place: PlaceRef, on: dt.date | None = None) -> ControlAnswer:
    """Who held ``place`` when (admin areas pass control down to the places inside them)."""
    periods = store.control_periods_around(place)
    if on is None:
        return ControlAnswer(place=place, periods=timeline_for(place, periods))
    # a contested place answers with every side that holds it then, never one picked by id
    held = holders_on(place, on, periods)
    return ControlAnswer(
        place=place, periods=held, on=on, note=unknown_note(place, on, periods, held)
    )


def unknown_note(
    place: PlaceRef,
    on: dt.date,
    periods: dict[str, list[ControlPeriod]],
    held: list[ControlPeriod],
) -> str | None:
    """Why nobody holds ``place`` on ``on``: before the evidence reaches, or no evidence."""
    if held:
        return None
    if before_evidence(place, on, periods):
        return "before the evidence, unknown"
    return "unknown: no period of the evidence covers this date"


def timeline(store: Store, place: PlaceRef) -> list[Event]:
    """Every merged event at ``place`` (and, for an admin area, inside it), oldest first."""
    admin = None
    if (place.feature_code or "").startswith("ADM1") and place.country_code and place.admin1_code:
        admin = (place.country_code, place.admin1_code)
    ids = [place.geonameid] if place.geonameid is not None else []
    return store.events(geonameids=ids, admin=admin)
