"""Hand-built mentions, places and actors for the merge tests (no spaCy, no gazetteer)."""

from __future__ import annotations

import datetime as dt

from frontlines.events.model import (
    ActorKind,
    ActorRef,
    EventMention,
    Modality,
    PlaceRef,
    TerritoryChange,
)
from frontlines.merge import ArticleInfo
from frontlines.models import DatePrecision, DateSource, Published

KHAN = PlaceRef(
    name="Khan Shaykhun",
    geonameid=168325,
    lat=35.44208,
    lon=36.65095,
    country_code="SY",
    admin1_code="12",
    feature_code="PPL",
)
MAARAT = PlaceRef(
    name="Ma'arrat an Nu'man",
    geonameid=167611,
    lat=35.6483,
    lon=36.67693,
    country_code="SY",
    admin1_code="12",
    feature_code="PPL",
)
SARAQIB = PlaceRef(
    name="Saraqib",
    geonameid=163270,
    lat=35.86,
    lon=36.80,
    country_code="SY",
    admin1_code="12",
    feature_code="PPL",
)
IDLIB_PROVINCE = PlaceRef(
    name="Idlib Governorate",
    country_code="SY",
    admin1_code="12",
    feature_code="ADM1",
    lat=35.75,
    lon=36.58,
)
HAMA_TOWN = PlaceRef(
    name="Morek", geonameid=166000, country_code="SY", admin1_code="10", feature_code="PPL"
)

GOV = ActorRef(
    id="mil-sy",
    name="Syrian government forces",
    kind=ActorKind.STATE_FORCES,
    country_code="SY",
    side="government",
)
HTS = ActorRef(
    id="hts",
    name="Hayat Tahrir al-Sham",
    kind=ActorKind.REBEL_GROUP,
    country_code="SY",
    side="opposition",
)
SNA = ActorRef(
    id="sna",
    name="Syrian National Army",
    kind=ActorKind.REBEL_GROUP,
    country_code="SY",
    side="opposition",
)
OPP = ActorRef(
    id="rebels-sy",
    name="Syrian armed opposition",
    kind=ActorKind.REBEL_GROUP,
    country_code="SY",
    side="opposition",
)

TAKES = "Non-state actor overtakes territory"
REGAINS = "Government regains territory"


def day(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def capture(
    article_id: str,
    index: int,
    place: PlaceRef | None,
    start: str | None,
    end: str | None = None,
    *,
    new: ActorRef = OPP,
    previous: ActorRef | None = None,
    precision: DatePrecision | None = None,
    modality: Modality = Modality.ASSERTED,
    background: bool = False,
    weekday: int | None = None,
    scope: str = "place",
    whole: bool = False,
    confidence: float = 0.5,
    sentence: str | None = None,
) -> EventMention:
    """A territorial-change mention: ``new`` takes ``place`` on ``start``..``end``."""
    ds = day(start) if start else None
    de = day(end) if end else ds
    if precision is None:
        precision = (
            DatePrecision.UNKNOWN
            if ds is None
            else DatePrecision.DAY
            if ds == de
            else DatePrecision.RANGE
        )
    text = sentence or f"{new.name} took {place.name if place else 'ground'}."
    return EventMention(
        article_id=article_id,
        index=index,
        event_type="Battles",
        sub_event_type=REGAINS if new.kind.is_state else TAKES,
        trigger="took",
        trigger_start=0,
        trigger_end=4,
        sentence=text,
        sentence_start=index * 100,
        sentence_end=index * 100 + len(text),
        actor1=new,
        actor2=previous,
        place=place,
        date_start=ds,
        date_end=de,
        date_precision=precision,
        weekday=weekday,
        territory=TerritoryChange(
            new_controller=new, previous_controller=previous, scope=scope, whole=whole
        ),
        modality=modality,
        background=background,
        confidence=confidence,
    )


def strike(article_id: str, index: int, place: PlaceRef, start: str) -> EventMention:
    text = f"Aircraft struck {place.name}."
    return EventMention(
        article_id=article_id,
        index=index,
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        trigger="struck",
        trigger_start=9,
        trigger_end=15,
        sentence=text,
        sentence_start=index * 100,
        sentence_end=index * 100 + len(text),
        actor1=GOV,
        place=place,
        date_start=day(start),
        date_end=day(start),
        date_precision=DatePrecision.DAY,
    )


def article(article_id: str, story: str | None = None, published: str | None = None) -> ArticleInfo:
    pub = Published.exact(day(published), DateSource.TEXT) if published else Published.unknown()
    return ArticleInfo(
        article_id=article_id,
        url=f"https://example.org/{article_id}",
        outlet=f"outlet-{article_id}",
        story_id=story,
        published=pub,
    )
