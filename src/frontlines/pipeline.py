"""The orchestrator: reads sources, runs the stages in order, and stores what they make.

Per document: read (``ingest``) → ``clean`` → quality check → identity → story
(``dedup``) → store → document stages. After a run: corpus stages. Later
issues plug their stages in with :func:`register_document_stage` (time, places,
actors, events: they read one stored article) and :func:`register_corpus_stage`
(merge, control: they read the whole store).

Nothing is lost to a crash: an article is stored before its stages run, and the
store records which stages finished on it (``stages_done``), so the next run
finishes what a killed one left; the merge writes in one transaction and stays
due (``merge_pending``) until every corpus stage has run. One writer at a time holds the
store's lock, so two ingests into one database give what one would.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

from frontlines import clean, dedup, ingest
from frontlines.analysis import Analysis, Stage
from frontlines.dedup.stored import StoredStoryIndex
from frontlines.errors import BadOption, FrontlinesError, NothingToIngest, reason, reason_by_code
from frontlines.models import (
    Article,
    IngestOutcome,
    IngestReport,
    RawDocument,
    Rejection,
)
from frontlines.settings import Settings
from frontlines.store import Store

ProgressCallback = Callable[[str, int, int], None]  # (source or article, done, total)
RecordCallback = Callable[[str, int], None]  # (source, records read from it so far)
StageCallback = Callable[[str], None]  # (name of the corpus stage about to run)
WaitCallback = Callable[[str], None]


DocumentStage = Stage  # a stage pure over one article's analysis record


class CorpusStage(Protocol):
    """A stage that reads the whole store after a run (merge, control)."""

    name: str

    def __call__(self, store: Store) -> None: ...


def _default_document_stages() -> list[DocumentStage]:
    from frontlines.events.stage import EventsStage
    from frontlines.geo.stage import PlacesStage
    from frontlines.time.stage import TimeStage

    return [TimeStage(), PlacesStage(), EventsStage()]


def _default_corpus_stages() -> list[CorpusStage]:
    from frontlines.events.corpus import MergeStage

    return [MergeStage()]


_DOCUMENT_STAGES: list[DocumentStage] = _default_document_stages()
_CORPUS_STAGES: list[CorpusStage] = _default_corpus_stages()


def register_document_stage(stage: DocumentStage) -> None:
    if all(s.name != stage.name for s in _DOCUMENT_STAGES):
        _DOCUMENT_STAGES.append(stage)


def register_corpus_stage(stage: CorpusStage) -> None:
    if all(s.name != stage.name for s in _CORPUS_STAGES):
        _CORPUS_STAGES.append(stage)


def document_stages() -> list[DocumentStage]:
    return list(_DOCUMENT_STAGES)


def corpus_stages() -> list[CorpusStage]:
    return list(_CORPUS_STAGES)


def article_id(clean_text: str) -> str:
    """The article id: a hash of the normalised clean text (16 hex digits)."""
    normalised = clean.normalise_for_identity(clean_text)
    return hashlib.blake2b(normalised.encode("utf-8"), digest_size=8).hexdigest()


def analyse(
    items: Sequence[Article | Analysis],
    stages: Sequence[DocumentStage] | None = None,
    *,
    triage: bool = True,
    batch_size: int = 16,
) -> list[Analysis]:
    """The document stages over a batch of articles: pure, so it runs here or on a worker.

    The triage first decides which articles need a parse (``triage``; those it skips get
    its reason and empty mentions); the rest are parsed together with ``nlp.pipe`` and every
    stage runs on each record in order. A stage's rejection, or its bug, is kept on the
    record. An item may be a record that already holds some fields (from the store, for a
    run of some stages only); the parse is dropped before the records are returned."""
    from frontlines import nlp
    from frontlines.events.triage import masked_text, triage_plan

    stages = document_stages() if stages is None else list(stages)
    todo = [i if isinstance(i, Analysis) else Analysis(article=i) for i in items]
    if triage:
        for record in todo:
            plan = triage_plan(record.article.text)
            record.triage, record.parsed, record.parse_note = plan.reason, plan.parse, plan.note
    parsed = [r for r in todo if r.triage is None]
    if any("doc" in stage.reads for stage in stages):
        # where the triage chose some sentences, the rest is blank: offsets stay the text's
        texts = (
            masked_text(r.article.text, r.parsed) if r.parsed else r.article.text for r in parsed
        )
        for record, doc in zip(parsed, nlp.parse_many(texts, batch_size=batch_size), strict=True):
            record.doc = doc
    for record in todo:
        if record.triage is not None:  # not parsed: nothing found, and it says why
            record.times, record.places, record.events = [], [], []
        else:
            for stage in stages:
                problem = _run_stage(stage, record)
                if problem is not None:
                    record.rejections.append(problem)
        record.without_parse()
    return todo


class Runner(Protocol):
    """Where the document stages run: :meth:`submit` starts a batch and returns a call that
    waits for its records (this process, or :class:`frontlines.distributed.DaskRunner`)."""

    workers: int

    def submit(
        self, articles: Sequence[Article], **options: Any
    ) -> Callable[[], list[Analysis]]: ...


class LocalRunner:
    """Runs the document stages in this process, at once."""

    workers = 1

    def submit(self, articles: Sequence[Article], **options: Any) -> Callable[[], list[Analysis]]:
        done = analyse(articles, **options)
        return lambda: done


@dataclass
class Ingestor:
    """One ingest run against a store.

    Stored articles wait in a batch; a full batch goes to the runner (this process, or
    Dask workers), and what comes back is stored in one transaction per batch."""

    store: Store
    settings: Settings
    report: IngestReport = field(default_factory=IngestReport)
    triage: bool = True
    batch_size: int = 16
    runner: Runner | None = None
    _index: StoredStoryIndex | None = None
    # stored articles waiting for their stages: id -> the article, or None to read it anew
    _pending: dict[str, Article | None] = field(default_factory=dict)
    _in_flight: list[Callable[[], list[Analysis]]] = field(default_factory=list)

    def index(self) -> StoredStoryIndex:
        """The story index, whose LSH keys are in the store (made on first use where a store
        from before them, or from other settings, has none that fit)."""
        if self._index is None:
            self._index = StoredStoryIndex.from_settings(self.store, self.settings, self._anew)
        return self._index

    def _anew(self, article_id: str) -> dedup.Fingerprint:
        """A stored article's fingerprint made anew (it was made with other settings)."""
        fp = self._fingerprint(self.store.article(article_id).text)
        self.store.set_fingerprint(article_id, fp.to_bytes())
        return fp

    def _fingerprint(self, text: str) -> dedup.Fingerprint:
        return dedup.fingerprint(
            text, num_perm=self.settings.dedup_num_perm, shingle=self.settings.dedup_shingle
        )

    def reject(self, rejection: Rejection) -> IngestOutcome:
        known = reason_by_code(rejection.code)
        name = known.name if known else rejection.code
        self.report.rejected[name] = self.report.rejected.get(name, 0) + 1
        self.store.add_rejection(rejection)
        return IngestOutcome.REJECTED

    def accept(self, doc: RawDocument) -> IngestOutcome:
        """Clean, check, identify, cluster and store one document; its stages run with its
        batch."""
        if "\x00" in doc.text:  # PostgreSQL text cannot hold NUL: store the same on every backend
            doc = doc.model_copy(update={"text": doc.text.replace("\x00", "\ufffd")})
        cleaned = clean.clean_text(doc.text)
        problem = clean.check_quality(cleaned, self.settings, source=doc.source)
        if problem is not None:
            return self.reject(problem)
        new_id = article_id(cleaned.text)
        if new_id in self._pending or self.store.has_article(new_id):
            self.report.already_known += 1
            return IngestOutcome.KNOWN
        version_of = self.store.latest_version_for_url(doc.url) if doc.url else None
        fp = self._fingerprint(cleaned.text)
        index = self.index()
        change = index.add(new_id, fp)
        article = Article(
            id=new_id,
            url=doc.url,
            outlet=doc.outlet,
            title=doc.title or clean.guess_title(cleaned),
            text=cleaned.text,
            raw_text=doc.text,
            segments=cleaned.segments,
            removals=cleaned.removals,
            published=doc.published,
            source=doc.source,
            format=doc.format,
            ingested_at=dt.datetime.now(dt.UTC),
            version_of=version_of,
            story_id=change.story_id,
            encoding=doc.encoding,
        )
        stored = self.store.add_article(
            article,
            fingerprint=fp.to_bytes(),
            n_words=len(cleaned.text.split()),
            renamed_stories=change.renamed,
            story_keys=index.keys(fp),
        )
        if not stored:
            self.report.already_known += 1
            return IngestOutcome.KNOWN
        # a story of its own (linked to nothing stored) has no copy to date it from
        alone = change.story_id == new_id and not change.renamed
        redated = [] if alone else self.store.infer_story_dates(change.story_id)
        self._queue(new_id, None if new_id in redated else article)
        for other in redated:  # their dates changed: what was resolved against them is stale
            if other != new_id:
                self._queue(other, None)
        self.report.article_ids.append(new_id)
        if len(self._pending) >= self.batch_size:
            self.flush()
        if version_of:
            self.report.new_versions += 1
            return IngestOutcome.NEW_VERSION
        self.report.ingested += 1
        return IngestOutcome.INGESTED

    def _queue(self, article_id: str, article: Article | None) -> None:
        if article is None or article_id not in self._pending:
            self._pending[article_id] = article

    def flush(self, *, wait: bool = False) -> None:
        """Send the waiting articles to the runner; store what comes back, oldest batch
        first (all of it when ``wait``; on workers, enough to keep a few batches in flight;
        in this process, at once)."""
        if self._pending:
            articles = [
                a if a is not None else self.store.article(i) for i, a in self._pending.items()
            ]
            self._pending.clear()
            runner = self.runner or LocalRunner()
            self._in_flight.append(
                runner.submit(
                    articles,
                    stages=document_stages(),
                    triage=self.triage,
                    batch_size=self.batch_size,
                )
            )
        keep = 0 if wait or self.runner is None else 2 * self.runner.workers
        while len(self._in_flight) > keep:
            records = self._in_flight.pop(0)()
            self.store.write_analyses(records, [s.name for s in document_stages()])
            self.report.triaged += sum(1 for r in records if r.triage is not None)

    def finish_pending(self, progress: ProgressCallback | None = None) -> int:
        """Run the document stages on every stored article they have not all finished on
        (a run killed between storing an article and its stages); how many there were."""
        pending = self.store.articles_with_pending_stages([s.name for s in document_stages()])
        for n, article_id in enumerate(pending, start=1):
            self._queue(article_id, None)
            if len(self._pending) >= self.batch_size:
                self.flush()
            if progress is not None:
                progress(article_id, n, len(pending))
        self.flush(wait=True)
        return len(pending)

    def feed(self, item: RawDocument | Rejection) -> IngestOutcome:
        if isinstance(item, Rejection):
            return self.reject(item)
        return self.accept(item)


def run_ingest(
    store: Store,
    sources: Sequence[str],
    settings: Settings,
    *,
    format: str | None = None,
    fetch: bool = False,
    overrides: ingest.Overrides | None = None,
    client: httpx.Client | None = None,
    progress: ProgressCallback | None = None,
    require_any: bool = True,
    on_wait: WaitCallback | None = None,
    on_record: RecordCallback | None = None,
    on_stage: StageCallback | None = None,
    triage: bool = True,
    batch_size: int = 16,
    runner: Runner | None = None,
) -> IngestReport:
    """Ingest every source into ``store`` and run the corpus stages.

    Holds the store's writer lock throughout (a second writer waits, told through
    ``on_wait``); first finishes the stages a killed run left undone. ``progress``
    hears of each source done, ``on_record`` of each record read inside one (a big
    JSONL or WARC file), ``on_stage`` of each corpus stage as it starts. ``triage``
    skips the parse of articles that cannot hold an event (recorded with the reason);
    ``batch_size`` articles are parsed and stored together; ``runner`` runs the document
    stages (this process when None; a Dask cluster with :class:`DaskRunner`). Raises
    :class:`NothingToIngest` when ``require_any`` and not one document was stored
    or already known (every input was rejected).
    """
    if batch_size < 1:
        raise BadOption(detail=f"the batch size must be at least 1, not {batch_size}")
    items = ingest.expand_sources(sources, fetch=fetch)
    with store.writer_lock(on_wait):
        ingestor = Ingestor(
            store=store, settings=settings, triage=triage, batch_size=batch_size, runner=runner
        )
        ingestor.report.resumed = ingestor.finish_pending()
        for n, item in enumerate(items, start=1):
            for k, result in enumerate(
                ingest.read_source(
                    item, format=format, settings=settings, overrides=overrides, client=client
                ),  # the readers apply the overrides
                start=1,
            ):
                ingestor.feed(result)
                if on_record is not None:
                    on_record(item, k)
            if progress is not None:
                progress(item, n, len(items))
        ingestor.flush(wait=True)
        report = ingestor.report
        if store.merge_pending():
            run_corpus_stages(store, on_stage)
    report.stories_touched = len(store.story_ids_of(report.article_ids))
    if require_any and report.stored == 0 and report.already_known == 0:
        raise NothingToIngest(sources=", ".join(sources) or "(no sources)")
    return report


def _run_stage(stage: DocumentStage, record: Analysis) -> Rejection | None:
    """One document stage on one record: what it rejected, or its bug as a rejection."""
    try:
        return stage(record)
    except FrontlinesError:
        raise  # a missing model or database problem: the user must act
    except Exception as exc:  # a stage bug must not stop the run: record it as data
        article = record.article
        return Rejection(
            source=article.source,
            stage=stage.name,
            code=reason("stage_error").code,
            reason=reason("stage_error").format(stage=stage.name, detail=exc),
            detail=f"article {article.id}: {type(exc).__name__}: {exc}",
        )


def run_corpus_stages(store: Store, on_stage: StageCallback | None = None) -> None:
    """Every corpus stage over the whole store (the caller holds the writer lock); then the
    merge is no longer due (a run killed before that merges again: the stages are idempotent)."""
    for stage in corpus_stages():
        if on_stage is not None:
            on_stage(stage.name)
        stage(store)
    store.clear_merge_pending()


def _stored_record(store: Store, article: Article, run: Sequence[DocumentStage]) -> Analysis:
    """An article's record holding what the stages not in ``run`` stored, for the fields
    the ones in ``run`` read and do not write themselves."""
    written = {f for stage in run for f in stage.writes}
    read = {f for stage in run for f in stage.reads} - written
    record = Analysis(article=article)
    if "times" in read:
        record.times = store.time_mentions(article.id)
    if "places" in read:
        record.places = store.place_mentions(article.id)
    return record


def reprocess(
    store: Store,
    *,
    stages: Sequence[str] | None = None,
    progress: ProgressCallback | None = None,
    on_wait: WaitCallback | None = None,
    on_stage: StageCallback | None = None,
    triage: bool = True,
    batch_size: int = 16,
) -> int:
    """Run document stages again over every stored article, then the corpus stages.

    ``stages`` names the stages to run (document or corpus; all when None); an
    unknown name raises ``BadOption`` before anything runs. ``triage`` False parses every
    article, the ones an earlier triage skipped too. Returns how many articles the
    document stages ran on.
    """
    doc_names = [s.name for s in document_stages()]
    corpus_names = [s.name for s in corpus_stages()]
    chosen = list(stages) if stages else doc_names + corpus_names
    unknown = [name for name in chosen if name not in doc_names + corpus_names]
    if unknown:
        raise BadOption(
            detail=f"no stage named {', '.join(unknown)}; the stages are "
            f"{', '.join(doc_names + corpus_names)}"
        )
    if batch_size < 1:
        raise BadOption(detail=f"the batch size must be at least 1, not {batch_size}")
    run_docs = [s for s in document_stages() if s.name in chosen]
    n = 0
    with store.writer_lock(on_wait):
        if run_docs:
            ids = [article_id for article_id, *_ in store.article_dates()]
            for start in range(0, len(ids), batch_size):
                batch = [
                    _stored_record(store, store.article(i), run_docs)
                    for i in ids[start : start + batch_size]
                ]
                done = analyse(batch, run_docs, triage=triage, batch_size=batch_size)
                store.write_analyses(done, doc_names)
                n = start + len(batch)
                if progress is not None:
                    progress(batch[-1].article.id, n, len(ids))
        if "merge" in chosen:
            store.forget_merge_regions()  # asked for: merge the whole store
        if any(s.name in chosen for s in corpus_stages()) or store.merge_pending():
            run_corpus_stages(store, on_stage)
    return n
