"""The REST endpoints under ``/api``: thin calls into the library, answers in ``schemas`` shapes."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import threading
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as PathParam

from frontlines.api import service
from frontlines.api.auth import require_token
from frontlines.api.errors import ERROR_RESPONSES
from frontlines.api.schemas import (
    ArticleList,
    ArticleOut,
    ArticleSummary,
    ConfigOut,
    ControlMapOut,
    ControlOut,
    DateRangeOut,
    ErrorOut,
    EventOut,
    EventPage,
    IngestIn,
    IngestOut,
    PeriodOut,
    PlaceControlOut,
    PlaceList,
    PlaceOut,
    PlaceSummary,
    RejectionList,
    RejectionOut,
    StoryList,
    StoryOut,
    TimelineOut,
)
from frontlines.events.model import ControlPeriod, Event, PlaceRef
from frontlines.library import Frontlines
from frontlines.models import Article
from frontlines.queries import ControlAnswer, event_record, period_record

router = APIRouter(prefix="/api", responses=ERROR_RESPONSES)


def get_frontlines(request: Request) -> Frontlines:
    """The app's open database (tests and embedders override this dependency)."""
    fl: Frontlines = request.app.state.frontlines
    return fl


Db = Annotated[Frontlines, Depends(get_frontlines)]
_MAX_ID = 2**31 - 1  # GeoNames ids fit a signed 32-bit integer, as the tables store them
Limit = Annotated[int, Query(ge=1, le=1000, description="At most this many items.")]
Offset = Annotated[int, Query(ge=0, le=2**31 - 1, description="Skip this many items first.")]
Since = Annotated[dt.date | None, Query(description="On or after this date (YYYY-MM-DD).")]
Until = Annotated[dt.date | None, Query(description="On or before this date (YYYY-MM-DD).")]
GeonameId = Annotated[
    int,
    PathParam(ge=1, le=_MAX_ID, description="A GeoNames id, e.g. 168325 (Khan Sheikhoun)."),
]


def _event(e: Event) -> EventOut:
    return EventOut.model_validate(event_record(e))


def _place_json(p: PlaceRef) -> dict[str, object]:
    out = PlaceOut.model_validate(p.model_dump(include=set(PlaceOut.model_fields))).model_dump()
    if out.get("place_id") is None:
        out["place_id"] = p.geonameid  # the gazetteer's key: the GeoNames id where there is one
    return out


def _place(p: PlaceRef) -> PlaceOut:
    return PlaceOut.model_validate(_place_json(p))


def _period(p: ControlPeriod) -> PeriodOut:
    # the output contract's period shape, as ``frontlines control --format json`` writes it
    return PeriodOut.model_validate(period_record(p))


# --- events -----------------------------------------------------------------------------


@router.get("/events", response_model=EventPage, tags=["events"])
def list_events(
    fl: Db,
    place: Annotated[
        str | None,
        Query(
            description="A place name in any spelling; an admin area includes the places inside it."
        ),
    ] = None,
    geonameid: Annotated[
        int | None, Query(ge=1, le=_MAX_ID, description="Only events at this GeoNames place.")
    ] = None,
    admin: Annotated[
        str | None,
        Query(
            description="Only events inside this first-level admin area, COUNTRY.ADMIN1 as GeoNames writes it (SY.12).",
            pattern=r"^[A-Za-z]{2}\.[0-9A-Za-z]+$",
        ),
    ] = None,
    country: Annotated[
        str | None,
        Query(
            description="Only events in this country (ISO 3166 alpha-2, e.g. SY).",
            pattern=r"^[A-Za-z]{2}$",
        ),
    ] = None,
    type: Annotated[
        str | None,
        Query(description="An ACLED event or sub-event type, e.g. Battles or 'Air/drone strike'."),
    ] = None,  # noqa: A002 - ACLED's word
    actor: Annotated[
        str | None,
        Query(
            description="Only events with this actor as actor1, actor2 or controller: a registry id (sy-hts) or a side id (side:state:SY)."
        ),
    ] = None,
    since: Since = None,
    until: Until = None,
    bbox: Annotated[
        str | None, Query(description="minlon,minlat,maxlon,maxlat in degrees.")
    ] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> EventPage:
    """Merged events, oldest first, filtered and paginated; ``total`` counts every match."""
    total, page = service.find_events(
        fl,
        service.EventFilters(
            place=place,
            geonameid=geonameid,
            admin=admin,
            country=country,
            type=type,
            actor=actor,
            since=since,
            until=until,
            bbox=bbox,
        ),
        limit=limit,
        offset=offset,
    )
    return EventPage(total=total, limit=limit, offset=offset, items=[_event(e) for e in page])


@router.get("/events/{event_id}", response_model=EventOut, tags=["events"])
def get_event(
    fl: Db,
    event_id: Annotated[str, PathParam(description="An event id (or a unique prefix of one).")],
) -> EventOut:
    """One event with every report: article, outlet, story and the sentence with its offsets."""
    return _event(fl.store.event(event_id))


# --- places and control -----------------------------------------------------------------


def _summary(k: service.KnownPlace) -> PlaceSummary:
    return PlaceSummary.model_validate(
        _place_json(k.place)
        | {"mentions": k.mentions, "events": k.events, "has_control": k.has_control}
    )


@router.get("/places", response_model=PlaceList, tags=["places"])
def list_places(
    fl: Db,
    q: Annotated[
        str | None,
        Query(
            max_length=200,
            description="A name in any spelling; without it, every place the store knows.",
        ),
    ] = None,
    limit: Limit = 500,
) -> PlaceList:
    """Places the store knows (mentioned, with events or control periods), best known first."""
    return PlaceList(items=[_summary(k) for k in service.search_places(fl, q, limit)])


@router.get("/places/{geonameid}/control", response_model=ControlOut, tags=["places"])
def place_control(
    fl: Db,
    geonameid: GeonameId,
    on: Annotated[
        dt.date | None, Query(description="Only the period that holds on this date (YYYY-MM-DD).")
    ] = None,
) -> ControlOut:
    """Who held the place when (admin areas pass control down), or on one date."""
    answer: ControlAnswer = fl.control(service.place_by_id(fl, geonameid), on=on)
    return ControlOut.model_validate({**answer.to_json(), "note": answer.note})


@router.get("/places/{geonameid}/timeline", response_model=TimelineOut, tags=["places"])
def place_timeline(fl: Db, geonameid: GeonameId) -> TimelineOut:
    """Every event at the place (or inside it, for an admin area), oldest first."""
    ref = service.place_by_id(fl, geonameid)
    return TimelineOut(place=_place(ref), events=[_event(e) for e in fl.timeline(ref)])


@router.get("/control", response_model=ControlMapOut, tags=["places"])
def control_on_date(
    fl: Db, on: Annotated[dt.date, Query(description="The date (YYYY-MM-DD).")]
) -> ControlMapOut:
    """Every place with a control timeline and who held it on ``on``: what the map colours."""
    return ControlMapOut(
        on=on,
        places=[
            PlaceControlOut(
                place=_place(p),
                period=_period(held[0]) if held else None,
                holders=[_period(h) for h in held],
                note=note,
            )
            for p, held, note in service.control_map(fl, on)
        ],
    )


# --- articles, stories, rejections ---------------------------------------------------------


def _article_summary(a: Article) -> dict[str, object]:
    return {
        "id": a.id,
        "url": a.url,
        "outlet": a.outlet,
        "title": a.title,
        "published": {
            "start": a.published.start,
            "end": a.published.end,
            "precision": a.published.precision.value,
            "source": a.published.source.value,
        },
        "language": a.language,
        "story_id": a.story_id,
        "ingested_at": a.ingested_at,
    }


@router.get("/articles", response_model=ArticleList, tags=["articles"])
def list_articles(
    fl: Db,
    story: Annotated[str | None, Query(description="Only articles of this story.")] = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> ArticleList:
    """Stored articles by publication date (undated last), without their text."""
    found = fl.articles(story_id=story, since=since, until=until)
    page = found[offset : offset + limit]
    return ArticleList(
        total=len(found),
        limit=limit,
        offset=offset,
        items=[ArticleSummary.model_validate(_article_summary(a)) for a in page],
    )


@router.get("/articles/{article_id}", response_model=ArticleOut, tags=["articles"])
def get_article(
    fl: Db, article_id: Annotated[str, PathParam(description="An article id (or a unique prefix).")]
) -> ArticleOut:
    """One article with its cleaned text: the text evidence offsets point into."""
    a = fl.article(article_id)
    return ArticleOut.model_validate(
        _article_summary(a)
        | {"text": a.text, "version_of": a.version_of, "source": a.source, "format": a.format}
    )


@router.get("/stories", response_model=StoryList, tags=["articles"])
def list_stories(fl: Db) -> StoryList:
    """Stories: syndicated copies of one article, counted as one independent source."""
    return StoryList(items=[StoryOut.model_validate(s.model_dump()) for s in fl.stories()])


@router.get("/rejections", response_model=RejectionList, tags=["articles"])
def list_rejections(
    fl: Db,
    reason: Annotated[
        str | None, Query(description="A reason name (too_short) or code (R005).")
    ] = None,
    stage: Annotated[str | None, Query(description="ingest | clean | quality | store")] = None,
) -> RejectionList:
    """Inputs that could not become articles, kept with the reason."""
    return RejectionList(
        items=[
            RejectionOut(
                id=r.id,
                source=r.rejection.source,
                stage=r.rejection.stage,
                code=r.rejection.code,
                reason_name=r.reason_name,
                reason=r.rejection.reason,
                detail=r.rejection.detail,
                sample=r.rejection.sample,
                size=r.rejection.size,
                created_at=r.created_at,
            )
            for r in fl.rejections(reason=reason, stage=stage)
        ]
    )


@router.get("/config", response_model=ConfigOut, tags=["web"])
def page_config(fl: Db, request: Request) -> ConfigOut:
    """What the web page needs: base-map tiles (if any) and the span of event dates."""
    first, last = service.event_dates(fl)
    return ConfigOut(
        tiles_url=request.app.state.tiles_url,
        tiles_attribution=request.app.state.tiles_attribution,
        dates=DateRangeOut(earliest=first, latest=last),
    )


# --- writing ---------------------------------------------------------------------------

_INGEST_LOCK = threading.Lock()  # one writer at a time (SQLite has one anyway)


@router.post(
    "/ingest",
    response_model=IngestOut,
    tags=["ingest"],
    responses={
        401: {"model": ErrorOut, "description": "No bearer token."},
        403: {"model": ErrorOut, "description": "Unknown token, or no tokens configured."},
    },
)
def ingest(fl: Db, body: IngestIn, _auth: Annotated[None, Depends(require_token)]) -> IngestOut:
    """Ingest articles given as JSON (text or HTML plus metadata) and rerun the corpus stages."""
    with tempfile.TemporaryDirectory(prefix="frontlines-api-") as tmp:
        path = Path(tmp) / "api-ingest.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for a in body.articles:
                record = a.model_dump(mode="json", exclude_none=True)
                # escaped (ensure_ascii): a lone surrogate in a posted text must reach the
                # reader, which replaces it, instead of failing to encode here
                out.write(json.dumps(record) + "\n")
        with _INGEST_LOCK:
            report = fl.ingest([path], format="jsonl", require_any=False)
    return IngestOut.model_validate(report.model_dump())
