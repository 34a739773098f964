"""Hand-built events and articles for the export and report tests (no spaCy, no store)."""

from __future__ import annotations

import datetime as dt

from frontlines.events.model import (
    ActorKind,
    ActorRef,
    ControlPeriod,
    DateBound,
    Event,
    PlaceRef,
    Quantity,
    Report,
    TerritoryChange,
)
from frontlines.models import Article, DatePrecision, DateSource, Published

KHAN = PlaceRef(
    name="Khan Shaykhun",
    geonameid=168325,
    lat=35.44208,
    lon=36.65095,
    country_code="SY",
    admin1_code="12",
    feature_code="PPL",
)
IDLIB_PROVINCE = PlaceRef(
    name="Idlib Governorate", country_code="SY", admin1_code="12", feature_code="ADM1"
)
GOV = ActorRef(
    id="mil-sy", name="Syrian government forces", kind=ActorKind.STATE_FORCES, country_code="SY"
)
HTS = ActorRef(id="hts", name="Hayat Tahrir al-Sham", kind=ActorKind.REBEL_GROUP, country_code="SY")
CIVILIANS = ActorRef(
    id="civ-sy", name="Civilians (Syria)", kind=ActorKind.CIVILIANS, country_code="SY"
)

HOSTILE = "<script>alert('x')</script><img src=x onerror=alert(1)>"


def article(
    article_id: str,
    title: str,
    day: dt.date,
    *,
    outlet: str = "Example News",
    url: str | None = None,
) -> Article:
    return Article(
        id=article_id,
        url=url if url is not None else f"https://news.example/{article_id}",
        outlet=outlet,
        title=title,
        text=title,
        raw_text=title,
        published=Published.exact(day, DateSource.METADATA),
        source=f"{article_id}.txt",
        format="text",
    )


ARTICLES = {
    a.id: a
    for a in [
        article("a1", "Government retakes Khan Shaykhun", dt.date(2019, 8, 23)),
        article("a2", f"Rebels return {HOSTILE}", dt.date(2024, 11, 30), outlet="Wire & Co"),
        article("a3", "Strike on the market", dt.date(2019, 9, 2), url="javascript:alert(1)"),
    ]
}


def report(article_id: str, sentence: str, *, outlet: str | None = "Example News") -> Report:
    return Report(
        article_id=article_id,
        url=ARTICLES[article_id].url if article_id in ARTICLES else None,
        outlet=outlet,
        story_id=article_id,
        sentence=sentence,
        start=0,
        end=len(sentence),
    )


RETAKEN = Event(
    id="ev_retaken",
    event_type="Battles",
    sub_event_type="Government regains territory",
    date_start=dt.date(2019, 8, 21),
    date_end=dt.date(2019, 8, 21),
    date_precision=DatePrecision.DAY,
    place=KHAN,
    actor1=GOV,
    actor2=HTS,
    territory=TerritoryChange(new_controller=GOV, previous_controller=HTS),
    fatalities=Quantity(low=21, high=21, text="21"),
    reports=[report("a1", "Government forces took Khan Shaykhun on Wednesday.")],
    independent_sources=1,
    confidence=0.8,
)
STRIKE = Event(
    id="ev_strike",
    event_type="Explosions/Remote violence",
    sub_event_type="Air/drone strike",
    date_start=dt.date(2019, 9, 1),
    date_end=dt.date(2019, 9, 7),
    date_precision=DatePrecision.WEEK,
    place=KHAN,
    actor1=GOV,
    actor2=CIVILIANS,
    fatalities=Quantity(low=50, high=None, text="at least 50"),
    reports=[
        report("a3", "An air strike killed at least 50 people."),
        report("a1", "Jets struck the market again.", outlet="Other Outlet"),
    ],
    independent_sources=2,
    confidence=0.7,
)
RECAPTURED = Event(
    id="ev_recaptured",
    event_type="Battles",
    sub_event_type="Non-state actor overtakes territory",
    date_start=dt.date(2024, 11, 30),
    date_end=dt.date(2024, 11, 30),
    date_precision=DatePrecision.DAY,
    place=KHAN,
    actor1=HTS,
    actor2=GOV,
    territory=TerritoryChange(new_controller=HTS, previous_controller=GOV),
    fatalities=Quantity(low=24, high=99, text="dozens"),
    reports=[report("a2", f"Rebels recaptured Khan Shaykhun {HOSTILE}.", outlet="Wire & Co")],
    independent_sources=1,
    confidence=0.9,
)
# An area, not a point: no coordinates, so GeoJSON leaves it out.
PROVINCE_CLASH = Event(
    id="ev_province",
    event_type="Battles",
    sub_event_type="Armed clash",
    date_start=None,
    place=IDLIB_PROVINCE,
    actor1=HTS,
    reports=[report("a2", "Fighting goes on across the province.", outlet="Wire & Co")],
    independent_sources=1,
)
EVENTS = [RETAKEN, STRIKE, RECAPTURED, PROVINCE_CLASH]

PERIODS = [
    ControlPeriod(
        place=KHAN,
        controller=HTS,
        start=None,
        end=DateBound(earliest=dt.date(2019, 8, 21), latest=dt.date(2019, 8, 21)),
        event_ids=["ev_retaken"],
        evidence=RETAKEN.reports,
    ),
    ControlPeriod(
        place=KHAN,
        controller=GOV,
        start=DateBound(earliest=dt.date(2019, 8, 21), latest=dt.date(2019, 8, 21)),
        end=DateBound(earliest=dt.date(2024, 11, 30), latest=dt.date(2024, 11, 30)),
        event_ids=["ev_retaken", "ev_recaptured"],
        evidence=RETAKEN.reports + RECAPTURED.reports,
    ),
    ControlPeriod(
        place=KHAN,
        controller=HTS,
        start=DateBound(earliest=dt.date(2024, 11, 30), latest=dt.date(2024, 11, 30)),
        event_ids=["ev_recaptured"],
        evidence=RECAPTURED.reports,
    ),
]
