"""Table models (SQLAlchemy 2). Records between stages live in ``frontlines.models``."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    url: Mapped[str | None] = mapped_column(Text, index=True)
    outlet: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    raw_text: Mapped[str] = mapped_column(Text)
    segments: Mapped[list] = mapped_column(JSON, default=list)
    removals: Mapped[list] = mapped_column(JSON, default=list)
    published_start: Mapped[dt.date | None] = mapped_column(Date)
    published_end: Mapped[dt.date | None] = mapped_column(Date)
    published_precision: Mapped[str] = mapped_column(String(16), default="unknown")
    published_source: Mapped[str] = mapped_column(String(16), default="unknown")
    published_evidence: Mapped[str | None] = mapped_column(Text)
    published_confidence: Mapped[float] = mapped_column(Float, default=0.0)
    language: Mapped[str] = mapped_column(String(8), default="en")
    source: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(16))
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    version_of: Mapped[str | None] = mapped_column(ForeignKey("articles.id"))
    story_id: Mapped[str | None] = mapped_column(String(32), index=True)
    n_words: Mapped[int] = mapped_column(Integer, default=0)
    fingerprint: Mapped[bytes | None] = mapped_column(LargeBinary)
    # the document stages that finished on this article, comma-separated; None: none yet
    stages_done: Mapped[str | None] = mapped_column(Text)
    # ACLED's scope as the events stage decided it: conflict | actors | out, and why
    scope: Mapped[str | None] = mapped_column(String(16))
    scope_reason: Mapped[str | None] = mapped_column(Text)
    encoding: Mapped[str | None] = mapped_column(String(64))  # how its bytes were read


class StoryKeyRow(Base):
    """One LSH band key of an article's fingerprint: articles sharing a key are candidate
    syndicated copies (verified on their fingerprints)."""

    __tablename__ = "story_keys"
    __table_args__ = (
        Index("ix_story_keys_key", "key"),
        Index("ix_story_keys_article", "article_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[int] = mapped_column(BigInteger)
    article_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("articles.id", ondelete="CASCADE")
    )


class MergeDirtyRow(Base):
    """A merge region whose mentions, stories or dates changed since the last merge."""

    __tablename__ = "merge_dirty"

    region: Mapped[str] = mapped_column(String(200), primary_key=True)


class StoreStateRow(Base):
    """Small flags of the store itself (``merge_pending``)."""

    __tablename__ = "store_state"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class RejectionRow(Base):
    __tablename__ = "rejections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # Hash of (source, code, sha256, detail): the same bad input twice is one row.
    key: Mapped[str] = mapped_column(String(64), unique=True)
    source: Mapped[str] = mapped_column(Text)
    stage: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(8))
    reason_name: Mapped[str] = mapped_column(String(32), index=True)
    reason: Mapped[str] = mapped_column(Text)
    detail: Mapped[str | None] = mapped_column(Text)
    sample: Mapped[str | None] = mapped_column(Text)
    sha256: Mapped[str | None] = mapped_column(String(64))
    size: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class TimeMentionRow(Base):
    __tablename__ = "time_mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    value_start: Mapped[dt.date | None] = mapped_column(Date)
    value_end: Mapped[dt.date | None] = mapped_column(Date)
    precision: Mapped[str] = mapped_column(String(16))
    anchor: Mapped[str] = mapped_column(String(16))
    duration: Mapped[str | None] = mapped_column(String(32))
    anchor_text: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16))
    mod: Mapped[str | None] = mapped_column(String(16))
    timex: Mapped[str | None] = mapped_column(String(32))


Index("ix_time_mentions_article", TimeMentionRow.article_id, TimeMentionRow.start)
Index("ix_articles_published", ArticleRow.published_start)


class PlaceMentionRow(Base):
    """A resolved place mention of an article (the places stage)."""

    __tablename__ = "place_mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    geonameid: Mapped[int | None] = mapped_column(BigInteger, index=True)
    name: Mapped[str | None] = mapped_column(Text)
    feature_code: Mapped[str | None] = mapped_column(String(16))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    country_code: Mapped[str | None] = mapped_column(String(4))
    admin1_code: Mapped[str | None] = mapped_column(String(32))
    admin2_code: Mapped[str | None] = mapped_column(String(32))
    confidence: Mapped[float] = mapped_column(Float, default=0.0)


class EventMentionRow(Base):
    """One event as one sentence reports it (the events stage); the record itself is ``payload``."""

    __tablename__ = "event_mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    idx: Mapped[int] = mapped_column(Integer)
    event_type: Mapped[str] = mapped_column(String(64))
    sub_event_type: Mapped[str] = mapped_column(String(64))
    date_start: Mapped[dt.date | None] = mapped_column(Date)
    date_end: Mapped[dt.date | None] = mapped_column(Date)
    geonameid: Mapped[int | None] = mapped_column(BigInteger)
    background: Mapped[bool] = mapped_column(Boolean, default=False)
    # the merge region (frontlines.merge.events.region_of); None before migration 0008's merge
    region: Mapped[str | None] = mapped_column(String(200), index=True)
    payload: Mapped[dict] = mapped_column(JSON)


class EventRow(Base):
    """A merged event (the merge stage); the record itself is ``payload``."""

    __tablename__ = "events"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    event_type: Mapped[str] = mapped_column(String(64), index=True)
    sub_event_type: Mapped[str] = mapped_column(String(64))
    date_start: Mapped[dt.date | None] = mapped_column(Date, index=True)
    date_end: Mapped[dt.date | None] = mapped_column(Date)
    geonameid: Mapped[int | None] = mapped_column(BigInteger, index=True)
    country_code: Mapped[str | None] = mapped_column(String(4))
    admin1_code: Mapped[str | None] = mapped_column(String(32))
    place_name: Mapped[str | None] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    territorial: Mapped[bool] = mapped_column(Boolean, default=False)
    background: Mapped[bool] = mapped_column(Boolean, default=False)
    independent_sources: Mapped[int] = mapped_column(Integer, default=0)
    region: Mapped[str | None] = mapped_column(String(200), index=True)
    payload: Mapped[dict] = mapped_column(JSON)


class EventReportRow(Base):
    """Which articles report which merged event (for "events of this article")."""

    __tablename__ = "event_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[str] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )


class EventActorRow(Base):
    """An actor of a merged event (actor1, actor2, a controller) by registry id and by the
    side it fights on (``side:state:SY``), so the actor filter is a query, not a scan."""

    __tablename__ = "event_actors"
    __table_args__ = (Index("ix_event_actors_actor_date", "actor", "date_start", "event_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    actor: Mapped[str] = mapped_column(String(200))
    date_start: Mapped[dt.date | None] = mapped_column(Date)  # the event's, for its order


class EventTypeRow(Base):
    """An event or sub-event type some stored event has had (kept when the events go):
    how the type filter finds the stored spelling of a type typed in any case."""

    __tablename__ = "event_types"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)


class ControlPeriodRow(Base):
    """Who held a place from when to when (the control stage); the record is ``payload``."""

    __tablename__ = "control_periods"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    place_key: Mapped[str] = mapped_column(String(64), index=True)
    geonameid: Mapped[int | None] = mapped_column(BigInteger, index=True)
    country_code: Mapped[str | None] = mapped_column(String(4))
    admin1_code: Mapped[str | None] = mapped_column(String(32))
    # 1 or 2 when the place is a first- or second-level admin area (its changes can pass
    # down to the places inside it), else None
    area_level: Mapped[int | None] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    payload: Mapped[dict] = mapped_column(JSON)


Index("ix_place_mentions_article", PlaceMentionRow.article_id, PlaceMentionRow.start)
Index("ix_event_mentions_article", EventMentionRow.article_id, EventMentionRow.idx)
# what the API's filtered, paginated event list and a place's control query read
Index("ix_events_date_id", EventRow.date_start, EventRow.id)
Index("ix_events_place_date", EventRow.geonameid, EventRow.date_start, EventRow.id)
# (the dates and types in them let a count read the index alone)
Index(
    "ix_events_country_date",
    EventRow.country_code,
    EventRow.date_start,
    EventRow.id,
    EventRow.date_end,
)
Index(
    "ix_events_admin_date",
    EventRow.country_code,
    EventRow.admin1_code,
    EventRow.date_start,
    EventRow.id,
    EventRow.date_end,
    EventRow.event_type,
    EventRow.sub_event_type,
)
# events with no end (undated ones among them), few: what a date filter lets through
Index(
    "ix_events_no_end",
    EventRow.country_code,
    EventRow.admin1_code,
    EventRow.date_start,
    EventRow.id,
    postgresql_where=EventRow.date_end.is_(None),
    sqlite_where=EventRow.date_end.is_(None),
)
Index(
    "ix_control_periods_area",
    ControlPeriodRow.country_code,
    ControlPeriodRow.admin1_code,
    ControlPeriodRow.area_level,
)
