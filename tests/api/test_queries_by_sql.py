"""The queries the API serves read only what they answer (issue 17: a page and a place's
control cost the same at any store size), and answer what reading everything answered.

Each is checked on the demo database against an oracle that reads every stored event or
period and filters in Python, as the API did before: the event filters with their count and
pages, a place by GeoNames id, a place by name, and who held a place when.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from frontlines.events.model import Event, PlaceRef
from frontlines.library import Frontlines
from frontlines.merge import event_actor_ids, holders_on, place_key, timeline_for
from frontlines.store import Store
from frontlines.store.engine import alembic_config
from frontlines.store.knowledge import EVENT_SPAN
from frontlines.store.tables import ControlPeriodRow, EventActorRow, EventTypeRow, StoreStateRow

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def fl(demo_db: Path, full_gazetteer_path: Path) -> Iterator[Frontlines]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FRONTLINES_GAZETTEER", str(full_gazetteer_path))
        with Frontlines(str(demo_db)) as opened:
            yield opened


def _overlaps(e: Event, since: dt.date | None, until: dt.date | None) -> bool:
    return (since is None or e.date_end is None or e.date_end >= since) and (
        until is None or e.date_start is None or e.date_start <= until
    )


def test_every_filter_counts_and_pages_as_reading_every_event(fl: Frontlines) -> None:
    every = fl.store.events()
    assert len(every) > 50
    actors = sorted({a for e in every for a in event_actor_ids(e)})
    types = sorted({e.event_type for e in every} | {e.sub_event_type for e in every})
    admins = sorted(
        {(e.place.country_code, e.place.admin1_code) for e in every if e.place and e.place.admin1_code}
    )  # fmt: skip
    cases: list[tuple[dict[str, object], list[Event]]] = []
    for actor in actors:
        cases.append(({"actor": actor}, [e for e in every if actor in event_actor_ids(e)]))
    for t in types:
        cases.append(
            ({"event_type": t.upper()}, [e for e in every if t in (e.event_type, e.sub_event_type)])
        )
    for cc, a1 in admins:
        assert cc is not None and a1 is not None
        inside = [
            e for e in every if e.place and (e.place.country_code, e.place.admin1_code) == (cc, a1)
        ]
        cases.append(({"admin": (cc.lower(), a1)}, inside))
        cases.append(
            ({"country": cc.lower()}, [e for e in every if e.place and e.place.country_code == cc])
        )
    since, until = dt.date(2022, 1, 1), dt.date(2024, 6, 30)
    cases.append(
        ({"since": since, "until": until}, [e for e in every if _overlaps(e, since, until)])
    )
    first = actors[0]
    cases.append(
        (
            {"actor": first, "since": since},
            [e for e in every if first in event_actor_ids(e) and _overlaps(e, since, None)],
        )
    )  # fmt: skip
    for filters, expected in cases:
        assert fl.store.count_events(**filters) == len(expected), filters  # type: ignore[arg-type]
        got = fl.store.events(**filters)  # type: ignore[arg-type]
        assert [e.id for e in got] == [e.id for e in expected], filters
        for offset in (0, 3):
            page = fl.store.events(**filters, limit=4, offset=offset)  # type: ignore[arg-type]
            assert [e.id for e in page] == [e.id for e in expected[offset : offset + 4]], filters
    assert sum(1 for f, expected in cases if expected) > 20  # the cases are not all empty


def test_the_api_pages_in_sql_with_the_total_of_every_match(client) -> None:  # type: ignore[no-untyped-def]
    whole = client.get("/api/events", params={"limit": 1000}).json()
    page = client.get("/api/events", params={"limit": 5, "offset": 5}).json()
    assert page["total"] == whole["total"] == len(whole["items"])
    assert [e["id"] for e in page["items"]] == [e["id"] for e in whole["items"][5:10]]
    beyond = client.get("/api/events", params={"offset": whole["total"] + 10}).json()
    assert beyond["total"] == whole["total"] and beyond["items"] == []


def _bare(p: PlaceRef) -> PlaceRef:
    return p.model_copy(update={"text": None, "start": None, "end": None})


def test_a_place_by_id_is_the_one_reading_everything_finds(fl: Frontlines) -> None:
    oracle: dict[int, PlaceRef] = {}  # control periods first, then mentions, then events
    for periods in fl.store.control_periods().values():
        for p in periods:
            if p.place.geonameid is not None:
                oracle.setdefault(p.place.geonameid, _bare(p.place))
    for m in fl.store.place_mentions():
        if m.geonameid is not None:
            oracle.setdefault(m.geonameid, _bare(m))
    for e in fl.store.events():
        if e.place is not None and e.place.geonameid is not None:
            oracle.setdefault(e.place.geonameid, _bare(e.place))
    assert len(oracle) > 30
    for gid, place in oracle.items():
        assert fl.store.known_place(gid) == place, gid
    assert fl.store.known_place(1) is None


def test_who_held_a_place_reads_its_own_and_its_areas_periods_only(fl: Frontlines) -> None:
    every = fl.store.control_periods()
    places = {place_key(p.place): _bare(p.place) for v in every.values() for p in v}
    places |= {place_key(m): _bare(m) for m in fl.store.place_mentions()}
    days = [dt.date(y, m, 1) for y in range(2012, 2026) for m in (1, 7)]
    checked = 0
    for key, place in sorted(places.items()):
        around = fl.store.control_periods_around(place)
        assert set(around) <= set(every)
        assert timeline_for(place, around) == timeline_for(place, every), key
        for day in days:
            assert holders_on(place, day, around) == holders_on(place, day, every), (key, day)
        checked += bool(timeline_for(place, every))
    assert checked >= 20


def test_a_name_resolves_as_it_did_when_every_place_was_read(fl: Frontlines) -> None:
    names = sorted({m.text for m in fl.store.place_mentions() if m.text})
    assert len(names) > 30
    from frontlines.geo.geoparse import default_gazetteer
    from frontlines.queries import gazetteer_place

    every = fl.store.control_periods()
    known = {
        p.place.geonameid for v in every.values() for p in v if p.place.geonameid is not None
    } | {m.geonameid for m in fl.store.place_mentions() if m.geonameid is not None}
    for name in names:
        matched = default_gazetteer().match(name, limit=10)
        # the closest spellings only (exact before loose before fuzzy), as find_place reads
        cands = [gazetteer_place(c.place) for c in matched if c.match == matched[0].match]
        if not cands:
            continue
        oracle = next(
            (c for c in cands if place_key(c) in every),
            next((c for c in cands if c.geonameid in known), cands[0]),
        )
        assert fl.place(name) == oracle, name


def _filled(store: Store) -> tuple[list, list, list, str | None]:
    """What migration 0009 fills: event actors, areas' levels, event types, longest span."""
    with store.session() as s:
        return (
            sorted(s.execute(select(EventActorRow.event_id, EventActorRow.actor, EventActorRow.date_start)).all()),
            sorted(s.execute(select(ControlPeriodRow.place_key, ControlPeriodRow.seq, ControlPeriodRow.area_level)).all()),
            sorted(s.scalars(select(EventTypeRow.name))),
            s.scalar(select(StoreStateRow.value).where(StoreStateRow.key == EVENT_SPAN)),
        )  # fmt: skip


def test_events_stored_before_the_actor_table_get_their_actors(
    tmp_path: Path, demo_db: Path
) -> None:
    """Migration 0009 fills the actor and type tables, the areas' admin levels and the
    longest event span from the events and control periods already stored."""
    from alembic import command

    db = tmp_path / "copy.db"
    db.write_bytes(demo_db.read_bytes())
    with Store(str(db)) as store:
        every = store.control_periods()
        some = next(iter(every.values()))[0]
        province = some.place.model_copy(update={"geonameid": 1, "feature_code": "ADM1"})
        store.replace_control({**every, "1": [some.model_copy(update={"place": province})]})
        want = _filled(store)
        longest = max(
            (e.date_end - e.date_start).days
            for e in store.events()
            if e.date_start is not None and e.date_end is not None
        )
        assert want[0] and ("1", 0, 1) in want[1] and want[2] and int(want[3] or -1) >= longest
        cfg = alembic_config()
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0008")
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        assert _filled(store) == want


def test_the_span_of_event_dates_is_the_span_of_every_event(fl: Frontlines) -> None:
    days = [d for e in fl.store.events() for d in (e.date_start, e.date_end) if d is not None]
    assert fl.store.event_date_span() == (min(days), max(days))


def _oracle_known(fl: Frontlines) -> dict[int, tuple[PlaceRef, int, int, bool]]:
    """Known places as the API found them before: reading every period, mention and event."""
    known: dict[int, list] = {}
    for periods in fl.store.control_periods().values():
        for p in periods:
            if p.place.geonameid is not None:
                known.setdefault(p.place.geonameid, [_bare(p.place), 0, 0, False])[3] = True
    for m in fl.store.place_mentions():
        if m.geonameid is not None:
            known.setdefault(m.geonameid, [_bare(m), 0, 0, False])[1] += 1
    for e in fl.store.events():
        if e.place is not None and e.place.geonameid is not None:
            known.setdefault(e.place.geonameid, [_bare(e.place), 0, 0, False])[2] += 1
    return {gid: (v[0], v[1], v[2], v[3]) for gid, v in known.items()}


def test_known_places_are_counted_as_reading_everything_counted_them(fl: Frontlines) -> None:
    oracle = _oracle_known(fl)
    assert fl.store.known_places() == oracle
    texts = {m.text for m in fl.store.place_mentions() if m.text}
    needles = sorted({t[:4] for t in texts} | {t.lower() for t in texts} | {"an", "zzzz"})
    every_text = [(m.geonameid, (m.text or "").casefold()) for m in fl.store.place_mentions()]
    for needle in needles:
        spelled = {g for g, t in every_text if g is not None and needle.casefold() in t}
        want = {
            gid: v
            for gid, v in oracle.items()
            if needle.casefold() in v[0].name.casefold() or gid in spelled
        }
        assert fl.store.known_places(needle) == want, needle


def test_known_places_of_some_ids_are_those_of_all(fl: Frontlines) -> None:
    every = fl.store.known_places()
    some = sorted(every)[::3]
    assert fl.store.known_places(geonameids=some) == {g: every[g] for g in some}
    assert fl.store.known_places(geonameids=[1]) == {}
