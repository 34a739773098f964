"""The store: every read and write of articles, stories and rejections goes through here."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from frontlines.errors import NotFound, reason_by_code
from frontlines.models import (
    Article,
    DatePrecision,
    DateSource,
    Published,
    Rejection,
    Removal,
    Segment,
    Story,
    TimeAnchor,
    TimeMention,
)
from frontlines.store import engine as engines
from frontlines.store.knowledge import (
    KnowledgeTables,
    check_id,
    chunks,
    event_rows,
    mark_dirty,
    mention_regions,
    place_rows,
    write_published,
)
from frontlines.store.tables import (
    ArticleRow,
    EventMentionRow,
    EventRow,
    PlaceMentionRow,
    RejectionRow,
    StoreStateRow,
    StoryKeyRow,
    TimeMentionRow,
)

if TYPE_CHECKING:
    from frontlines.analysis import Analysis

TRIAGED = "triaged"  # articles.scope of an article the triage did not parse
STORY_KEYS = "story_keys"  # store_state key: the dedup settings the story keys are made with
MERGE_PENDING = "merge_pending"  # store_state key: mentions changed since the last merge
MAX_REASON_CHARS = 500
MAX_DETAIL_CHARS = 2000
MAX_SAMPLE_CHARS = 2000
MAX_SOURCE_CHARS = 4096


@dataclass(frozen=True)
class StoredRejection:
    """A rejection as stored: the record plus its row id, reason name and time."""

    id: int
    reason_name: str
    created_at: dt.datetime
    rejection: Rejection


@dataclass(frozen=True)
class Counts:
    articles: int
    stories: int
    rejections: int


_INFERRED_OR_UNKNOWN = {DateSource.UNKNOWN.value, DateSource.INFERRED.value}
STORY_EVIDENCE = "syndicated copy of "  # how a date taken from a syndicated copy is explained


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _to_row(article: Article, fingerprint: bytes | None, n_words: int) -> ArticleRow:
    row = ArticleRow(
        id=article.id,
        url=_text_safe(article.url),
        outlet=_text_safe(article.outlet),
        title=_text_safe(article.title),
        text=_text_safe(article.text),
        raw_text=_text_safe(article.raw_text),
        segments=[s.model_dump() for s in article.segments],
        removals=[r.model_dump() for r in article.removals],
        language=article.language,
        source=article.source,
        format=article.format,
        ingested_at=article.ingested_at or _now(),
        version_of=article.version_of,
        story_id=article.story_id,
        n_words=n_words,
        fingerprint=fingerprint,
        encoding=article.encoding,
    )
    write_published(row, article.published)
    return row


def _published_of(row: Any) -> Published:
    """The publication date of an article row (or a row of its published_* columns)."""
    return Published(
        start=row.published_start,
        end=row.published_end,
        precision=DatePrecision(row.published_precision),
        source=DateSource(row.published_source),
        evidence=row.published_evidence,
        confidence=row.published_confidence,
    )


def _from_row(row: ArticleRow) -> Article:
    return Article(
        id=row.id,
        url=row.url,
        outlet=row.outlet,
        title=row.title,
        text=row.text,
        raw_text=row.raw_text,
        segments=[Segment(**s) for s in row.segments or []],
        removals=[Removal(**r) for r in row.removals or []],
        published=_published_of(row),
        language=row.language,
        source=row.source,
        format=row.format,
        ingested_at=row.ingested_at,
        version_of=row.version_of,
        story_id=row.story_id,
        scope=row.scope,
        scope_reason=row.scope_reason,
        encoding=row.encoding,
    )


def rejection_key(rej: Rejection) -> str:
    """Identity of a rejection: the same bad input met twice is stored once."""
    parts = "\x1f".join([rej.source, rej.code, rej.sha256 or "", rej.detail or ""])
    return hashlib.sha256(parts.encode("utf-8", "surrogatepass")).hexdigest()


class Store(KnowledgeTables):
    """A frontlines database (SQLite file or PostgreSQL), migrated to the current schema.

    Writes go through :meth:`transaction`; each ingested document commits on its
    own so an interrupted run keeps what it finished.
    """

    def __init__(self, db: str) -> None:
        self.url = engines.database_url(db)
        self.engine: Engine = engines.create(db)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def session(self) -> Session:
        return self._sessions()

    # --- articles -----------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        with self.session() as s:
            return s.get(ArticleRow, article_id) is not None

    def latest_version_for_url(self, url: str) -> str | None:
        """The id of the newest stored article with this URL that nothing supersedes."""
        with self.session() as s:
            ids = set(s.scalars(select(ArticleRow.id).where(ArticleRow.url == url)))
            if not ids:
                return None
            superseded = set(
                s.scalars(select(ArticleRow.version_of).where(ArticleRow.version_of.in_(ids)))
            )
            heads = sorted(ids - superseded)
            if not heads:
                return None
            newest = s.scalars(
                select(ArticleRow.id)
                .where(ArticleRow.id.in_(heads))
                .order_by(ArticleRow.ingested_at.desc(), ArticleRow.id)
            ).first()
            return newest

    def add_article(
        self,
        article: Article,
        *,
        fingerprint: bytes | None,
        n_words: int,
        renamed_stories: dict[str, str] | None = None,
        story_keys: Sequence[int] = (),
    ) -> bool:
        """Store a new article, its story keys, and apply story renames in one transaction;
        False if known."""
        with self.session() as s:
            if s.get(ArticleRow, article.id) is not None:
                return False
            s.add(_to_row(article, fingerprint, n_words))
            s.flush()
            if story_keys:  # 64 rows an article: one executemany, not 64 ORM objects
                s.execute(
                    insert(StoryKeyRow), [{"key": k, "article_id": article.id} for k in story_keys]
                )
            for old, new in (renamed_stories or {}).items():
                # the renamed story's mentions merge anew: story counts, undated joins, and
                # the mentions with no place move to the new story's region
                members = select(ArticleRow.id).where(ArticleRow.story_id == old)
                mark_dirty(s, {*mention_regions(s, members), f"story:{old}", f"story:{new}"})
                s.execute(
                    update(EventMentionRow)
                    .where(EventMentionRow.region == f"story:{old}")
                    .values(region=f"story:{new}")
                )
                s.execute(update(ArticleRow).where(ArticleRow.story_id == old).values(story_id=new))
            _set_state(s, MERGE_PENDING, "1")
            try:
                s.commit()
            except IntegrityError:  # a concurrent writer stored it first
                s.rollback()
                return False
        return True

    def article(self, article_id: str) -> Article:
        check_id("article", article_id)
        with self.session() as s:
            row = s.get(ArticleRow, article_id)
            if row is None:
                # Let users type a prefix, as with git hashes.
                rows = list(
                    s.scalars(
                        select(ArticleRow).where(ArticleRow.id.startswith(article_id)).limit(2)
                    )
                )
                if len(rows) != 1:
                    raise NotFound(kind="article", key=article_id)
                row = rows[0]
            return _from_row(row)

    def article_dates(
        self, article_ids: Iterable[str] | None = None
    ) -> list[tuple[str, str | None, str | None, str | None, Published]]:
        """(id, url, outlet, story id, publication date) of every article (or of these),
        without its text: what merging needs."""
        query = select(
            ArticleRow.id,
            ArticleRow.url,
            ArticleRow.outlet,
            ArticleRow.story_id,
            ArticleRow.published_start,
            ArticleRow.published_end,
            ArticleRow.published_precision,
            ArticleRow.published_source,
            ArticleRow.published_evidence,
            ArticleRow.published_confidence,
        ).order_by(ArticleRow.id)
        with self.session() as s:
            if article_ids is None:
                rows = s.execute(query).all()
            else:
                rows = []
                for chunk in chunks(sorted(set(article_ids)), 500):
                    rows.extend(s.execute(query.where(ArticleRow.id.in_(chunk))).all())
                rows.sort(key=lambda r: r.id)
        return [(r.id, r.url, r.outlet, r.story_id, _published_of(r)) for r in rows]

    def articles(
        self,
        *,
        story_id: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        limit: int | None = None,
    ) -> list[Article]:
        query = select(ArticleRow).order_by(
            ArticleRow.published_start.is_(None), ArticleRow.published_start, ArticleRow.id
        )
        if story_id:
            query = query.where(ArticleRow.story_id == story_id)
        if since:
            query = query.where(ArticleRow.published_end >= since)
        if until:
            query = query.where(ArticleRow.published_start <= until)
        if limit:
            query = query.limit(limit)
        with self.session() as s:
            return [_from_row(r) for r in s.scalars(query)]

    def set_fingerprint(self, article_id: str, fingerprint: bytes) -> None:
        with self.session() as s:
            s.execute(
                update(ArticleRow)
                .where(ArticleRow.id == article_id)
                .values(fingerprint=fingerprint)
            )
            s.commit()

    def story_candidates(self, keys: Sequence[int]) -> list[tuple[str, bytes | None, str]]:
        """The stored articles sharing at least one story key: (id, fingerprint, story id),
        by id."""
        if not keys:
            return []
        with self.session() as s:
            ids = set(
                s.scalars(select(StoryKeyRow.article_id).where(StoryKeyRow.key.in_(set(keys))))
            )
            if not ids:
                return []
            rows = s.execute(
                select(ArticleRow.id, ArticleRow.fingerprint, ArticleRow.story_id).where(
                    ArticleRow.id.in_(ids)
                )
            )
            return sorted((r.id, r.fingerprint, r.story_id or r.id) for r in rows)

    def replace_story_keys(self, keys: dict[str, Sequence[int]], *, done: str) -> None:
        """Replace the story keys of these articles (a rebuild after the settings changed) and
        record ``done`` as the settings the keys are made with, in one transaction."""
        with self.session() as s:
            for chunk in chunks(list(keys), 500):
                s.execute(delete(StoryKeyRow).where(StoryKeyRow.article_id.in_(chunk)))
            for article_id, ks in keys.items():
                s.add_all(StoryKeyRow(key=k, article_id=article_id) for k in ks)
            _set_state(s, STORY_KEYS, done)
            s.commit()

    def story_keys_made_with(self) -> str | None:
        """The settings the stored story keys were made with (None: never made)."""
        with self.session() as s:
            row = s.get(StoreStateRow, STORY_KEYS)
            return row.value if row is not None else None

    def iter_fingerprints(self) -> Iterator[tuple[str, bytes]]:
        """(article id, fingerprint bytes) of every stored article, for the story index."""
        with self.session() as s:
            query = select(ArticleRow.id, ArticleRow.fingerprint).where(
                ArticleRow.fingerprint.is_not(None)
            )
            for row in s.execute(query.execution_options(yield_per=2000)):
                yield row.id, row.fingerprint

    def set_published(self, article_id: str, published: Published) -> None:
        """Replace an article's publication date (used when a stage infers one)."""
        with self.session() as s:
            row = s.get(ArticleRow, article_id)
            if row is None:
                raise NotFound(kind="article", key=article_id)
            write_published(row, published)
            s.commit()

    # --- stages and the store's state ----------------------------------------

    def write_analyses(self, records: Sequence[Analysis], done: Sequence[str]) -> None:
        """Store what the document stages found in a batch of stored articles, in one
        transaction: inferred dates, time, place and event mentions (each replacing what
        the article had, where a stage wrote it), scope or triage decisions, rejections,
        and ``done`` as the stages finished on each. The merge is due after it."""
        if not records:
            return
        ids = {
            name: [r.article.id for r in records if getattr(r, name) is not None]
            for name in ("times", "places", "events")
        }
        all_ids = [r.article.id for r in records]
        with self.session() as s:
            stories: dict[str, str] = {}
            dirty: set[str] = set()
            for chunk in chunks(all_ids, 500):
                stories.update(
                    (r.id, r.story_id or r.id)
                    for r in s.execute(
                        select(ArticleRow.id, ArticleRow.story_id).where(ArticleRow.id.in_(chunk))
                    )
                )
                # what these articles said before: their dates or mentions change
                dirty |= mention_regions(s, chunk)
            for table, name in (
                (TimeMentionRow, "times"),
                (PlaceMentionRow, "places"),
                (EventMentionRow, "events"),
            ):
                for chunk in chunks(ids[name], 500):
                    s.execute(delete(table).where(table.article_id.in_(chunk)))
            for r in records:
                aid = r.article.id
                if r.published is not None:
                    row = s.get(ArticleRow, aid)
                    if row is None:
                        raise NotFound(kind="article", key=aid)
                    write_published(row, r.published)
                if r.times is not None:
                    s.add_all(time_rows(aid, r.times))
                if r.places is not None:
                    s.add_all(place_rows(aid, r.places))
                if r.events is not None:
                    rows = event_rows(aid, r.events, stories.get(aid, aid))
                    dirty.update(row.region for row in rows if row.region is not None)
                    s.add_all(rows)
                values: dict[str, Any] = {"stages_done": ",".join(done)}
                if r.triage is not None:
                    values.update(scope=TRIAGED, scope_reason=r.triage[:500])
                elif r.scope is not None:
                    values.update(scope=r.scope.level, scope_reason=r.scope.reason[:500])
                s.execute(update(ArticleRow).where(ArticleRow.id == aid).values(**values))
                for rej in r.rejections:
                    _add_rejection_row(s, rej)
            mark_dirty(s, dirty)
            _set_state(s, MERGE_PENDING, "1")
            s.commit()

    def articles_with_pending_stages(self, names: Sequence[str]) -> list[str]:
        """Ids of the articles that some of these document stages have not finished on."""
        wanted = set(names)
        query = select(ArticleRow.id, ArticleRow.stages_done).order_by(ArticleRow.ingested_at)
        with self.session() as s:
            return [
                row.id
                for row in s.execute(query)
                if not wanted <= set((row.stages_done or "").split(","))
            ]

    def merge_pending(self) -> bool:
        """Whether mentions changed since the last merge wrote its result, or the merged tables
        are empty while mentions exist (a merge lost some other way)."""
        with self.session() as s:
            if s.get(StoreStateRow, MERGE_PENDING) is not None:
                return True
            mentions = s.scalar(select(func.count()).select_from(EventMentionRow)) or 0
            if not mentions:
                return False
            events = s.scalar(select(func.count()).select_from(EventRow)) or 0
            return events == 0

    def clear_merge_pending(self) -> None:
        with self.session() as s:
            s.execute(delete(StoreStateRow).where(StoreStateRow.key == MERGE_PENDING))
            s.commit()

    def set_state(self, key: str, value: str) -> None:
        with self.session() as s:
            _set_state(s, key, value)
            s.commit()

    @contextmanager
    def writer_lock(self, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
        """Hold the store's single-writer lock: one ingest, reprocess or merge at a time.

        SQLite: an exclusive ``flock`` on ``<database>.lock`` beside the file. PostgreSQL:
        a session advisory lock. A second writer waits for the first and says so through
        ``on_wait``. The lock goes with the process, so a killed writer never leaves it held.
        """
        with engines.writer_lock(self.engine, on_wait):
            yield

    # --- time mentions --------------------------------------------------------

    def replace_time_mentions(self, article_id: str, mentions: Iterable[TimeMention]) -> int:
        """Store an article's time mentions, replacing any it had (stages are re-runnable)."""
        rows = time_rows(article_id, mentions)
        with self.session() as s:
            s.execute(delete(TimeMentionRow).where(TimeMentionRow.article_id == article_id))
            s.add_all(rows)
            s.commit()
        return len(rows)

    def time_mention_counts(self) -> tuple[int, int]:
        """How many time mentions are stored, and how many resolved to dates."""
        with self.session() as s:
            total = s.scalar(select(func.count()).select_from(TimeMentionRow)) or 0
            dated = (
                s.scalar(
                    select(func.count())
                    .select_from(TimeMentionRow)
                    .where(TimeMentionRow.value_start.is_not(None))
                )
                or 0
            )
        return total, dated

    def time_mentions(self, article_id: str) -> list[TimeMention]:
        query = (
            select(TimeMentionRow)
            .where(TimeMentionRow.article_id == article_id)
            .order_by(TimeMentionRow.start, TimeMentionRow.id)
        )
        with self.session() as s:
            return [
                TimeMention(
                    text=r.text,
                    start=r.start,
                    end=r.end,
                    value_start=r.value_start,
                    value_end=r.value_end,
                    precision=DatePrecision(r.precision),
                    anchor=TimeAnchor(r.anchor),
                    duration=r.duration,
                    anchor_text=r.anchor_text,
                    source=r.source,
                    mod=r.mod,
                    timex=r.timex,
                )
                for r in s.scalars(query)
            ]

    # --- stories ------------------------------------------------------------

    def infer_story_dates(self, story_id: str) -> list[str]:
        """Date the undated members of a story from their dated syndicated copies.

        Reads every member's published date; writes an inferred interval (the span
        of the copies' own dates) to members whose date is unknown or was inferred
        before. Returns the ids of the members whose date changed.
        """
        with self.session() as s:
            rows = list(s.scalars(select(ArticleRow).where(ArticleRow.story_id == story_id)))
            dated = [
                r
                for r in rows
                if r.published_start is not None and r.published_source not in _INFERRED_OR_UNKNOWN
            ]
            # A copy's own date beats any inference from content, so inferred dates are targets too.
            targets = [r for r in rows if r.published_source in _INFERRED_OR_UNKNOWN]
            if not dated or not targets:
                return []
            start = min(r.published_start for r in dated if r.published_start)
            end = max((r.published_end or r.published_start) for r in dated if r.published_start)
            evidence = STORY_EVIDENCE + ", ".join(sorted(r.id for r in dated))
            changed: list[str] = []
            for r in targets:
                if (r.published_start, r.published_end, r.published_evidence) == (
                    start,
                    end,
                    evidence,
                ):
                    continue
                write_published(
                    r,
                    Published(
                        start=start,
                        end=end,
                        precision=DatePrecision.DAY if start == end else DatePrecision.RANGE,
                        source=DateSource.INFERRED,
                        evidence=evidence,
                        # A copy usually runs the same day as the wire original, not always.
                        confidence=0.7 if start == end else 0.5,
                    ),
                )
                r.stages_done = None  # what was resolved against the old date is stale
                changed.append(r.id)
            s.commit()
        return changed

    def story_ids_of(self, article_ids: Iterable[str]) -> set[str]:
        """The stories these articles belong to now."""
        wanted = list(article_ids)
        found: set[str] = set()
        with self.session() as s:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                found.update(
                    sid
                    for sid in s.scalars(
                        select(ArticleRow.story_id).where(ArticleRow.id.in_(chunk))
                    )
                    if sid
                )
        return found

    def stories(self) -> list[Story]:
        query = select(
            ArticleRow.story_id,
            ArticleRow.id,
            ArticleRow.title,
            ArticleRow.outlet,
            ArticleRow.published_start,
        ).order_by(ArticleRow.story_id, ArticleRow.published_start, ArticleRow.id)
        grouped: dict[str, Story] = {}
        with self.session() as s:
            for story_id, article_id, title, outlet, published in s.execute(query):
                key = story_id or article_id
                story = grouped.get(key)
                if story is None:
                    story = grouped[key] = Story(id=key, article_ids=[], title=title)
                story.article_ids.append(article_id)
                if outlet and outlet not in story.outlets:
                    story.outlets.append(outlet)
                if not story.title and title:
                    story.title = title
                if published and (
                    story.first_published is None or published < story.first_published
                ):
                    story.first_published = published
        return sorted(
            grouped.values(), key=lambda st: (st.first_published is None, st.first_published, st.id)
        )

    # --- rejections ---------------------------------------------------------

    def add_rejection(self, rej: Rejection) -> bool:
        """Store a rejection; False when the same one is already stored.

        The reason, detail and sample are cut to a few thousand characters: a rejection
        says why, it does not keep the input (a decompression bomb once made a reason of
        209 million characters)."""
        with self.session() as s:
            if not _add_rejection_row(s, rej):
                return False
            try:
                s.commit()
            except IntegrityError:
                s.rollback()
                return False
        return True

    def rejections(
        self, *, reason: str | None = None, stage: str | None = None
    ) -> list[StoredRejection]:
        """Stored rejections, oldest first, read from the database in batches."""
        query = select(RejectionRow).order_by(RejectionRow.id)
        if reason:
            query = query.where(
                (RejectionRow.reason_name == reason) | (RejectionRow.code == reason)
            )
        if stage:
            query = query.where(RejectionRow.stage == stage)
        with self.session() as s:
            return [
                StoredRejection(
                    id=row.id,
                    reason_name=row.reason_name,
                    created_at=row.created_at,
                    rejection=Rejection(
                        source=row.source,
                        stage=row.stage,
                        code=row.code,
                        reason=row.reason,
                        detail=row.detail,
                        sample=row.sample,
                        sha256=row.sha256,
                        size=row.size,
                    ),
                )
                for row in s.scalars(query.execution_options(yield_per=500))
            ]

    # --- summaries ----------------------------------------------------------

    def counts(self) -> Counts:
        with self.session() as s:
            articles = s.scalar(select(func.count()).select_from(ArticleRow)) or 0
            stories = s.scalar(select(func.count(func.distinct(ArticleRow.story_id)))) or 0
            rejections = s.scalar(select(func.count()).select_from(RejectionRow)) or 0
        return Counts(articles=articles, stories=stories, rejections=rejections)


def time_rows(article_id: str, mentions: Iterable[TimeMention]) -> list[TimeMentionRow]:
    return [
        TimeMentionRow(
            article_id=article_id,
            start=m.start,
            end=m.end,
            text=m.text,
            value_start=m.value_start,
            value_end=m.value_end,
            precision=m.precision.value,
            anchor=m.anchor.value,
            duration=m.duration,
            anchor_text=m.anchor_text,
            source=m.source,
            mod=m.mod,
            timex=m.timex,
        )
        for m in mentions
    ]


def _add_rejection_row(s: Session, rej: Rejection) -> bool:
    """Add a rejection to the session (capped, keyed); False when it is already stored."""
    rej = rej.model_copy(
        update={
            "reason": _capped(rej.reason, MAX_REASON_CHARS),
            "detail": _capped(rej.detail, MAX_DETAIL_CHARS),
            "sample": _capped(rej.sample, MAX_SAMPLE_CHARS),
            "source": _capped(rej.source, MAX_SOURCE_CHARS),
        }
    )
    key = rejection_key(rej)
    if s.scalar(select(RejectionRow.id).where(RejectionRow.key == key)) is not None:
        return False
    known = reason_by_code(rej.code)
    s.add(
        RejectionRow(
            key=key,
            stage=rej.stage,
            code=rej.code,
            reason_name=known.name if known else rej.code,
            source=_text_safe(rej.source),
            reason=_text_safe(rej.reason),
            detail=_text_safe(rej.detail),
            sample=_text_safe(rej.sample),
            sha256=rej.sha256,
            size=rej.size,
            created_at=_now(),
        )
    )
    s.flush()  # a second equal rejection in the same transaction sees this one
    return True


def _text_safe(value: str | None) -> str | None:
    """PostgreSQL text cannot hold NUL; samples of binary input often do."""
    if value is None:
        return None
    return value.replace("\x00", "\ufffd")


def _capped(value: str | None, limit: int) -> str | None:
    if value is None or len(value) <= limit:
        return value
    return f"{value[:limit]}… ({len(value) - limit} more characters cut)"


def _set_state(s: Session, key: str, value: str) -> None:
    row = s.get(StoreStateRow, key)
    if row is None:
        s.add(StoreStateRow(key=key, value=value))
    else:
        row.value = value
