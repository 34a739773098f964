"""The knowledge tables (events, control periods) round-trip and filter in SQL, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from frontlines.events.model import (
    ActorKind,
    ActorRef,
    ControlPeriod,
    DateBound,
    Event,
    PlaceRef,
    TerritoryChange,
)
from frontlines.store import Store

REBELS = ActorRef(
    id="side:nonstate:SY", name="rebels", kind=ActorKind.REBEL_GROUP, country_code="SY"
)
KS = PlaceRef(
    name="Khan Shaykhun",
    geonameid=168325,
    lat=35.44,
    lon=36.65,
    country_code="SY",
    admin1_code="12",
    feature_code="PPL",
)
KYIV = PlaceRef(
    name="Kyiv",
    geonameid=703448,
    lat=50.45,
    lon=30.52,
    country_code="UA",
    admin1_code="12",
    feature_code="PPLC",
)


def _event(n: int, place: PlaceRef, day: dt.date, territorial: bool) -> Event:
    return Event(
        id=f"ev_{n}",
        event_type="Battles",
        sub_event_type="Non-state actor overtakes territory" if territorial else "Armed clash",
        date_start=day,
        date_end=day,
        place=place,
        territory=TerritoryChange(new_controller=REBELS) if territorial else None,
        reports=[],  # event_reports points at stored articles; none here
        independent_sources=1,
    )


def test_events_filter_in_sql(db_url: str) -> None:
    store = Store(db_url)
    try:
        store.replace_events(
            [
                _event(1, KS, dt.date(2024, 11, 30), True),
                _event(2, KYIV, dt.date(2022, 3, 1), False),
            ]
        )
        assert [e.id for e in store.events()] == ["ev_2", "ev_1"]  # oldest first
        assert [e.id for e in store.events(country="sy")] == ["ev_1"]
        assert [e.id for e in store.events(bbox=(30.0, 50.0, 31.0, 51.0))] == ["ev_2"]
        assert [e.id for e in store.events(territorial=True)] == ["ev_1"]
        assert [e.id for e in store.events(since=dt.date(2023, 1, 1))] == ["ev_1"]
        assert store.event("ev_1").territory is not None
        store.replace_events([_event(3, KS, dt.date(2019, 8, 21), True)])  # a merge replaces all
        assert [e.id for e in store.events()] == ["ev_3"]
    finally:
        store.close()


def test_control_periods_round_trip(db_url: str) -> None:
    store = Store(db_url)
    try:
        period = ControlPeriod(
            place=KS,
            controller=REBELS,
            start=DateBound(earliest=dt.date(2024, 11, 30), latest=dt.date(2024, 11, 30)),
            event_ids=["ev_1"],
        )
        store.replace_control({"168325": [period]})
        assert store.control_periods() == {"168325": [period]}
        assert store.control_periods(["nothing"]) == {}
    finally:
        store.close()


def test_periods_around_a_place_are_its_own_and_its_areas(db_url: str) -> None:
    """A place's control answer needs its own periods and those of the admin areas holding
    it (they pass down), and nothing of other provinces or countries."""
    from frontlines.merge import holders_on, timeline_for

    idlib = PlaceRef(
        name="Idlib Governorate", geonameid=169387, country_code="SY", admin1_code="12",
        feature_code="ADM1",
    )  # fmt: skip
    aleppo = PlaceRef(
        name="Aleppo", geonameid=170063, country_code="SY", admin1_code="09", feature_code="PPLA"
    )

    state = ActorRef(
        id="side:state:SY", name="regime", kind=ActorKind.STATE_FORCES, country_code="SY"
    )

    def period(place: PlaceRef, day: dt.date, **kw: object) -> ControlPeriod:
        return ControlPeriod(
            place=place,
            controller=kw.pop("controller", REBELS),  # type: ignore[arg-type]
            start=DateBound(earliest=day, latest=day),
            event_ids=["ev_1"],
            **kw,  # type: ignore[arg-type]
        )

    every = {
        "168325": [period(KS, dt.date(2019, 8, 21), controller=state)],
        "169387": [period(idlib, dt.date(2015, 5, 28), whole=True)],
        "170063": [period(aleppo, dt.date(2012, 7, 19))],
        "703448": [period(KYIV, dt.date(2022, 3, 1))],
    }
    store = Store(db_url)
    try:
        store.replace_control(every)
        around = store.control_periods_around(KS)
        assert sorted(around) == ["168325", "169387"]
        assert timeline_for(KS, around) == timeline_for(KS, every)
        assert len(timeline_for(KS, every)) == 2  # the province's change passes down
        day = dt.date(2018, 1, 1)
        assert holders_on(KS, day, around) == holders_on(KS, day, every) != []
        village = PlaceRef(name="Kafr Nubl", country_code="SY", admin1_code="12")  # no id
        assert sorted(store.control_periods_around(village)) == ["169387"]
        assert timeline_for(village, store.control_periods_around(village)) == timeline_for(
            village, every
        )
        assert sorted(store.control_periods_around(KYIV)) == ["703448"]
    finally:
        store.close()


def test_date_filters_find_long_events_and_events_missing_a_date(db_url: str) -> None:
    """The date filters range over an index with the store's longest event span as the
    bound on the start: an event that began long before ``since`` but ends after it is
    still found, after a later write widens the span, and so are events missing a date."""

    def dated(n: int, start: dt.date | None, end: dt.date | None) -> Event:
        return _event(n, KS, dt.date(2020, 1, 1), False).model_copy(
            update={"date_start": start, "date_end": end}
        )

    store = Store(db_url)
    try:
        store.replace_events(
            [
                dated(1, dt.date(2020, 1, 1), dt.date(2020, 12, 31)),  # a year long
                dated(2, dt.date(2020, 6, 1), dt.date(2020, 6, 1)),
                dated(3, None, None),
                dated(4, dt.date(2020, 12, 20), None),  # a start and no end
                dated(5, None, dt.date(2020, 12, 20)),  # an end and no start
            ]
        )
        since = dt.date(2020, 12, 1)
        assert [e.id for e in store.events(since=since)] == ["ev_1", "ev_4", "ev_3", "ev_5"]
        assert store.count_events(since=since) == 4
        until = dt.date(2020, 3, 1)
        assert [e.id for e in store.events(until=until)] == ["ev_1", "ev_3", "ev_5"]
        assert [e.id for e in store.events(since=since, limit=2, offset=1)] == ["ev_4", "ev_3"]
        # a later merge writes a longer event: the span widens and it is found too
        store.replace_merge_regions(
            ["region:x"],
            [_event(6, KS, dt.date(2016, 1, 1), False).model_copy(
                update={"date_end": dt.date(2021, 1, 1)}
            )],
            {}, [], {}, [],
        )  # fmt: skip
        assert "ev_6" in [e.id for e in store.events(since=since)]
        assert store.count_events(since=since) == 5
    finally:
        store.close()
