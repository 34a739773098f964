"""Typed records passed between pipeline stages.

Every stage reads and writes these; none passes tuples or loose dicts. Table
models live in ``frontlines.store``; API shapes will live in ``frontlines.api``.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class DatePrecision(StrEnum):
    HOUR = "hour"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    SEASON = "season"
    YEAR = "year"
    RANGE = "range"
    DURATION = "duration"
    UNKNOWN = "unknown"


class DateSource(StrEnum):
    """Where an article's publication date came from."""

    OVERRIDE = "override"  # the user said so (--published)
    METADATA = "metadata"  # page metadata, feed entry, JSONL field, WARC header
    TEXT = "text"  # a date line in the article text
    INFERRED = "inferred"  # reasoned from content or other articles
    UNKNOWN = "unknown"


class Published(BaseModel):
    """A publication date as an interval: exact dates have start == end."""

    model_config = ConfigDict(frozen=True)

    start: dt.date | None = None
    end: dt.date | None = None
    precision: DatePrecision = DatePrecision.UNKNOWN
    source: DateSource = DateSource.UNKNOWN
    evidence: str | None = None  # the text or field the date was read from
    confidence: float = 0.0

    @classmethod
    def unknown(cls) -> Published:
        return cls()

    @classmethod
    def exact(
        cls, day: dt.date, source: DateSource, evidence: str | None = None, confidence: float = 1.0
    ) -> Published:
        return cls(
            start=day,
            end=day,
            precision=DatePrecision.DAY,
            source=source,
            evidence=evidence,
            confidence=confidence,
        )

    @property
    def is_known(self) -> bool:
        return self.start is not None

    def label(self) -> str:
        """A short human form: ``2024-11-30``, ``2019-08-01..2019-08-31`` or ``unknown``."""
        if self.start is None:
            return "unknown"
        if self.end is None or self.end == self.start:
            return self.start.isoformat()
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


class TimeAnchor(StrEnum):
    """What a time expression was resolved against."""

    ABSOLUTE = "absolute"  # it names its own date ("April 4, 2017")
    PUBLICATION = "publication"  # the article's publication date ("on Saturday")
    EXPRESSION = "expression"  # another expression in the text ("the following day")
    NONE = "none"  # nothing to anchor on: value unknown or a bare duration


class TimeMention(BaseModel):
    """A temporal expression in a text and the interval it denotes.

    ``start``/``end`` are character offsets in the text that was read;
    ``value_start``/``value_end`` the first and last day it covers (both None
    when unknown; for a duration, the period it spans if anchored, else None,
    with ``duration`` in ISO 8601 such as ``P3M``).
    """

    text: str
    start: int
    end: int
    value_start: dt.date | None = None
    value_end: dt.date | None = None
    precision: DatePrecision = DatePrecision.UNKNOWN
    anchor: TimeAnchor = TimeAnchor.NONE
    duration: str | None = None
    anchor_text: str | None = None  # the expression or date it was resolved against
    source: str = "pattern"  # pattern | ner | both | period (a named war: "World War II")
    mod: str | None = (
        None  # TIMEX2 modifier: START ("early 2011"), END, MID, APPROX, ON_OR_AFTER ("since")…
    )
    timex: str | None = (
        None  # TIMEX2 value (2017-05, 1943-SU, BC0218, P3M, PRESENT_REF) where one exists
    )


class RawDocument(BaseModel):
    """One document as a reader found it, before cleaning.

    ``source`` names where it came from precisely enough to find it again: a
    path, a URL, or a path with a fragment (``feed.xml#entry=3``,
    ``dump.jsonl#line=12``, ``crawl.warc.gz#record=7``).
    """

    source: str
    format: str  # text | html | jsonl | rss | warc | url
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: Published = Field(default_factory=Published.unknown)
    # how the bytes were read: "utf-8", "cp1252", "utf-8 (2 bad bytes replaced)"; None: the
    # format carries text (JSON, a feed parser's output)
    encoding: str | None = None
    raw_html: str | None = None  # kept only for formats that had HTML


class Removal(BaseModel):
    """A piece of the raw text that cleaning dropped, and why."""

    kind: (
        str  # caption | credit | read_more | trailing_headlines | repeated_lead | metadata | blank
    )
    raw_start: int
    raw_end: int
    text: str


class Segment(BaseModel):
    """``length`` characters at ``clean_start`` in the clean text came from ``raw_start``."""

    clean_start: int
    raw_start: int
    length: int


class CleanText(BaseModel):
    """Clean text plus the map back to the raw text it was cut from."""

    text: str
    segments: list[Segment] = Field(default_factory=list)
    removals: list[Removal] = Field(default_factory=list)

    def to_raw(self, clean_offset: int) -> int:
        """The raw-text offset of a clean-text offset."""
        for seg in reversed(self.segments):
            if seg.clean_start <= clean_offset:
                return seg.raw_start + min(clean_offset - seg.clean_start, seg.length)
        return clean_offset


class Rejection(BaseModel):
    """Input that could not become an article: kept, with where and why."""

    source: str
    stage: str  # ingest | clean | quality | store
    code: str  # stable reason code, see frontlines.errors.REASONS
    reason: str  # one human line
    detail: str | None = None
    sample: str | None = None  # the first bytes of the input, for a human to look at
    sha256: str | None = None  # of the whole input, so repeats are recognisable
    size: int | None = None


class Article(BaseModel):
    """A cleaned, identified news article."""

    id: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    text: str
    raw_text: str
    segments: list[Segment] = Field(default_factory=list)
    removals: list[Removal] = Field(default_factory=list)
    published: Published = Field(default_factory=Published.unknown)
    language: str = "en"
    source: str
    format: str
    ingested_at: dt.datetime | None = None
    version_of: str | None = None
    story_id: str | None = None
    # ACLED's scope as the events stage decided it: "conflict" (every event counts), "actors"
    # (only events with an armed actor or protesters of their own), "out" (no events), or
    # "triaged" (the triage did not parse it: no word of war or protest, no armed actor); and why
    scope: str | None = None
    scope_reason: str | None = None
    encoding: str | None = None  # how the bytes were read (RawDocument.encoding)


class Story(BaseModel):
    """Near-duplicate articles (syndicated copies): one independent source."""

    id: str
    article_ids: list[str]
    title: str | None = None
    outlets: list[str] = Field(default_factory=list)
    first_published: dt.date | None = None


class IngestOutcome(StrEnum):
    INGESTED = "ingested"
    KNOWN = "already_known"
    NEW_VERSION = "new_version"
    REJECTED = "rejected"


class IngestReport(BaseModel):
    """What one ``ingest`` run did, for the summary line and for tests."""

    ingested: int = 0
    already_known: int = 0
    new_versions: int = 0
    rejected: dict[str, int] = Field(default_factory=dict)
    article_ids: list[str] = Field(default_factory=list)
    stories_touched: int = 0
    resumed: int = 0  # stored articles whose stages a killed run left undone, finished now
    triaged: int = 0  # stored articles the triage left unparsed (out of scope on their words)

    @property
    def rejected_total(self) -> int:
        return sum(self.rejected.values())

    @property
    def stored(self) -> int:
        return self.ingested + self.new_versions
