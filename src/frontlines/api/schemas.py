"""What the REST API answers and accepts: its own pydantic shapes, apart from the table models.

Events, places and control periods follow the output contract of the eval
README (the same keys ``frontlines events --format jsonl`` and ``frontlines
control --format json`` write); ``extra="forbid"`` keeps the OpenAPI document
honest, since a key the code adds without declaring it fails validation.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, model_validator


class ApiModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- errors -------------------------------------------------------------------


class ErrorDetail(ApiModel):
    code: str = Field(
        description="Stable, machine-readable: bad_parameter, not_found, unauthorized, forbidden, ingest_disabled, internal_error."
    )
    message: str = Field(description="One line a person can act on.")


class ErrorOut(ApiModel):
    """Every 4xx and 5xx answer: ``{"error": {"code": ..., "message": ...}}``."""

    error: ErrorDetail


# --- places, actors, events ---------------------------------------------------


class PlaceOut(ApiModel):
    name: str
    geonameid: int | None = None
    place_id: int | None = None  # the gazetteer's key, also for features with no GeoNames id
    lat: float | None = None
    lon: float | None = None
    country_code: str | None = None
    admin1_code: str | None = None
    feature_code: str | None = None


class ActorOut(ApiModel):
    id: str
    name: str
    kind: str = Field(
        description="ACLED actor class: state_forces, rebel_group, external_forces, …"
    )
    country_code: str | None = None


class TerritoryOut(ApiModel):
    new_controller: ActorOut | None = None
    previous_controller: ActorOut | None = None
    scope: str = Field(description="place | admin_area | aggregate")


class RangeOut(ApiModel):
    """A count with bounds; either may be unknown."""

    low: int | None = None
    high: int | None = None


class ReportOut(ApiModel):
    """One article's support for an event: the sentence and its offsets in the article text."""

    article_id: str
    url: str | None = None
    outlet: str | None = None
    story_id: str | None = None
    sentence: str
    start: int
    end: int
    modality: str


class EventOut(ApiModel):
    """A merged event in the output contract's shape."""

    id: str
    event_type: str
    sub_event_type: str
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    date_precision: str
    place: PlaceOut | None = None
    actor1: ActorOut | None = None
    actor2: ActorOut | None = None
    territory: TerritoryOut | None = None
    fatalities: RangeOut | None = None
    injuries: RangeOut | None = None
    background: bool
    reports: list[ReportOut]
    independent_sources: int
    confidence: float
    disagreements: list[str]


class EventPage(ApiModel):
    """One page of events, oldest first, and how many match in all."""

    total: int
    limit: int
    offset: int
    items: list[EventOut]


# --- control --------------------------------------------------------------------


class DateBoundOut(ApiModel):
    """When a period starts or ends: some day between ``earliest`` and ``latest``."""

    earliest: dt.date | None = None
    latest: dt.date | None = None


class EvidenceOut(ApiModel):
    article_id: str
    url: str | None = None
    outlet: str | None = None
    story_id: str | None = None
    sentence: str
    start: int
    end: int
    modality: str
    background: bool
    date_start: dt.date | None = None
    date_end: dt.date | None = None


class PeriodOut(ApiModel):
    """Who held a place from when to when; ``start`` null: held since before any evidence."""

    controller: ActorOut
    start: DateBoundOut | None = None
    end: DateBoundOut | None = None
    contested: bool
    event_ids: list[str]
    evidence: list[EvidenceOut]


class ControlOut(ApiModel):
    """A place's control timeline, or (with ``on``) the one period that holds that day."""

    place: PlaceOut
    on: dt.date | None = None
    periods: list[PeriodOut]
    note: str | None = Field(
        None, description='With ``on`` and no period: why ("before the evidence, unknown").'
    )


class PlaceControlOut(ApiModel):
    """One place's controller on a date (``period`` null: unknown)."""

    place: PlaceOut
    period: PeriodOut | None = Field(
        None, description="The period that holds the place; the first of ``holders`` if contested."
    )
    holders: list[PeriodOut] = Field(
        default_factory=list,
        description="Every side that holds the place on the date: one, each side of a "
        "contested period (opposite changes in one window), or none when unknown.",
    )
    note: str | None = Field(
        None, description='With no holder: why ("before the evidence, unknown").'
    )


class ControlMapOut(ApiModel):
    """Every place with a control timeline, and who held it on ``on``."""

    on: dt.date
    places: list[PlaceControlOut]


class PlaceSummary(PlaceOut):
    """A place the store knows, with how much it knows about it."""

    mentions: int = Field(0, description="Place mentions in stored articles.")
    events: int = Field(0, description="Merged events at the place.")
    has_control: bool = Field(
        False, description="Whether the place has control periods of its own."
    )


class PlaceList(ApiModel):
    items: list[PlaceSummary]


class TimelineOut(ApiModel):
    """Every event at a place (or inside an admin area), oldest first."""

    place: PlaceOut
    events: list[EventOut]


class DateRangeOut(ApiModel):
    """The earliest and latest event dates in the store (null when it holds no dated event)."""

    earliest: dt.date | None = None
    latest: dt.date | None = None


class ConfigOut(ApiModel):
    """What the web page needs to know about this server."""

    tiles_url: str | None = None
    tiles_attribution: str | None = None
    dates: DateRangeOut


# --- articles, stories, rejections --------------------------------------------------


class PublishedOut(ApiModel):
    start: dt.date | None = None
    end: dt.date | None = None
    precision: str
    source: str = Field(description="override | metadata | text | inferred | unknown")


class ArticleSummary(ApiModel):
    id: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: PublishedOut
    language: str
    story_id: str | None = None
    ingested_at: dt.datetime | None = None


class ArticleList(ApiModel):
    total: int
    limit: int
    offset: int
    items: list[ArticleSummary]


class ArticleOut(ArticleSummary):
    """One article with its cleaned text (untrusted input: show it as text, never as markup)."""

    text: str
    version_of: str | None = None
    source: str
    format: str


class StoryOut(ApiModel):
    id: str
    article_ids: list[str]
    title: str | None = None
    outlets: list[str]
    first_published: dt.date | None = None


class StoryList(ApiModel):
    items: list[StoryOut]


class RejectionOut(ApiModel):
    id: int
    source: str
    stage: str
    code: str
    reason_name: str
    reason: str
    detail: str | None = None
    sample: str | None = None
    size: int | None = None
    created_at: dt.datetime


class RejectionList(ApiModel):
    items: list[RejectionOut]


# --- ingest -----------------------------------------------------------------------


class ArticleIn(ApiModel):
    """One document to ingest: its text (or HTML) and what is known about it."""

    text: str | None = Field(None, description="Plain text of the article.")
    html: str | None = Field(None, description="The article's HTML page, when there is no text.")
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = Field(None, description="Publication date, YYYY-MM-DD.")

    @model_validator(mode="after")
    def _has_content(self) -> ArticleIn:
        if not (self.text or self.html):
            raise ValueError("an article needs 'text' or 'html'")
        return self


class IngestIn(ApiModel):
    articles: list[ArticleIn] = Field(min_length=1, max_length=1000)


class IngestOut(ApiModel):
    ingested: int
    already_known: int
    new_versions: int
    rejected: dict[str, int]
    article_ids: list[str]
    stories_touched: int
    resumed: int = Field(
        0, description="Stored articles whose stages an interrupted run left undone, finished now."
    )
    triaged: int = Field(
        0,
        description="Stored articles left unparsed by the triage: no word of armed conflict "
        "or protest and no armed actor (their scope is 'triaged', with the reason).",
    )
