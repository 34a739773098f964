"""The Python API: ``frontlines.open(db)`` and what it returns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import httpx

from frontlines import ingest as readers
from frontlines import queries
from frontlines.errors import BadOption, DatabaseError
from frontlines.events.model import Event, PlaceRef
from frontlines.models import (
    Article,
    IngestReport,
    Published,
    Rejection,
    Story,
    TimeMention,
)
from frontlines.pipeline import (
    ProgressCallback,
    RecordCallback,
    StageCallback,
    WaitCallback,
    reprocess,
    run_corpus_stages,
    run_ingest,
)
from frontlines.settings import Settings, load_settings
from frontlines.store import Counts, Store, StoredRejection, database_url


def demo_corpus() -> Path:
    """The folder of the bundled demo corpus (its README and manifest describe it)."""
    return Path(str(resources.files("frontlines") / "data" / "demo"))


def demo_sources() -> list[Path]:
    """The corpus folders of the demo, without its README and manifest."""
    return sorted(
        p for p in demo_corpus().iterdir() if p.is_dir() and not p.name.startswith((".", "_"))
    )


def database_file(db: str) -> Path | None:
    """The file behind ``db`` (a SQLite path or sqlite:/// URL); None for a server database
    or one in memory, which are no file."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(database_url(db))
    except ArgumentError:  # opening it says what is wrong
        return None
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        return Path(parsed.database)
    return None


@dataclass(frozen=True)
class DatedText:
    """The time expressions of one document, with offsets into ``text``."""

    source: str
    text: str
    published: Published
    mentions: list[TimeMention]


def _texts_of_file(
    path: str | Path, published: dt.date | None, settings: Settings | None
) -> list[tuple[str, str, Published]]:
    """(source, text, publication date) for each document in a file, for the analysis commands.

    A plain-text file is read as it is, so offsets point into the file itself;
    other formats go through their reader and offsets point into the text
    extracted from each document. ``published`` overrides the documents' dates.
    """
    from frontlines.ingest.payload import Undecodable, decode_bytes

    overrides = readers.Overrides(published=published) if published is not None else None
    found: list[tuple[str, str, Published]] = []
    for item in readers.read_source(
        str(path), settings=settings or load_settings(), overrides=overrides
    ):
        if isinstance(item, Rejection):
            raise BadOption(detail=f"{item.source}: {item.reason}")
        text = item.text
        if item.format == "text":
            try:
                text = decode_bytes(Path(item.source).read_bytes()).removeprefix("\ufeff")
            except (OSError, Undecodable):
                text = item.text
        found.append((item.source, text, item.published))
    return found


def dates_in_file(
    path: str | Path, *, published: dt.date | None = None, settings: Settings | None = None
) -> list[DatedText]:
    """Every time expression in a file, resolved against its publication date."""
    from frontlines.time import extract_times

    return [
        DatedText(
            source=source,
            text=text,
            published=anchor,
            mentions=extract_times(text, published=anchor if anchor.is_known else None),
        )
        for source, text, anchor in _texts_of_file(path, published, settings)
    ]


def places_in_file(
    path: str | Path, *, settings: Settings | None = None
) -> list[tuple[str, list[Any]]]:
    """Every place mention in a file, resolved to a GeoNames place: (source, mentions) per document."""
    from frontlines.geo import geoparse

    return [(source, geoparse(text)) for source, text, _ in _texts_of_file(path, None, settings)]


class Frontlines:
    """An open frontlines database.

    >>> import frontlines
    >>> with frontlines.open("news.db") as fl:          # doctest: +SKIP
    ...     fl.ingest(["articles/"])
    ...     [s.title for s in fl.stories()]
    """

    def __init__(self, db: str | None = None, *, must_exist: bool = False, **settings: Any) -> None:
        """``must_exist``: refuse a SQLite file that is not there instead of creating it (for
        code that only reads, where a new empty database would hide a mistyped path)."""
        self.settings: Settings = load_settings(db=db, **settings)
        if must_exist:
            path = database_file(self.settings.db)
            if path is not None and not path.exists():
                raise DatabaseError(
                    url=self.settings.db,
                    detail="it does not exist; check the path, or create it with `frontlines ingest`",
                )
        self.store = Store(self.settings.db)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Frontlines:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ingest(
        self,
        sources: Sequence[str | Path],
        *,
        format: str | None = None,
        fetch: bool = False,
        published: dt.date | None = None,
        outlet: str | None = None,
        url: str | None = None,
        client: httpx.Client | None = None,
        progress: ProgressCallback | None = None,
        require_any: bool = False,
        on_wait: WaitCallback | None = None,
        on_record: RecordCallback | None = None,
        on_stage: StageCallback | None = None,
        triage: bool = True,
        batch_size: int = 16,
        workers: int = 1,
        scheduler: str | None = None,
    ) -> IngestReport:
        """Read files, folders or (with ``fetch``) URLs; returns what was kept and rejected.

        Another process writing to the same store makes this one wait (``on_wait`` hears
        why); stages a killed run left undone are finished first. ``progress`` hears of
        each source done, ``on_record`` of each record inside one, ``on_stage`` of the merge.
        ``triage`` False parses every article (True: an article with no word of armed
        conflict or protest and no armed actor is stored unparsed, with the reason);
        ``batch_size`` articles are parsed and stored together; ``workers`` above 1 runs
        the document stages on a local Dask cluster of that many processes, ``scheduler``
        (``tcp://HOST:PORT``) on an existing one."""
        overrides = None
        if published or outlet or url:
            overrides = readers.Overrides(published=published, outlet=outlet, url=url)
        options: dict[str, Any] = dict(
            format=format,
            fetch=fetch,
            overrides=overrides,
            client=client,
            progress=progress,
            require_any=require_any,
            on_wait=on_wait,
            on_record=on_record,
            on_stage=on_stage,
            triage=triage,
            batch_size=batch_size,
        )
        paths = [str(s) for s in sources]
        if workers > 1 or scheduler:
            from frontlines.distributed import DaskRunner

            with DaskRunner.start(workers=workers, scheduler=scheduler) as runner:
                return run_ingest(self.store, paths, self.settings, runner=runner, **options)
        return run_ingest(self.store, paths, self.settings, **options)

    def articles(self, **filters: Any) -> list[Article]:
        return self.store.articles(**filters)

    def article(self, article_id: str) -> Article:
        return self.store.article(article_id)

    def stories(self) -> list[Story]:
        return self.store.stories()

    def rejections(
        self, *, reason: str | None = None, stage: str | None = None
    ) -> list[StoredRejection]:
        return self.store.rejections(reason=reason, stage=stage)

    def counts(self) -> Counts:
        return self.store.counts()

    # --- knowledge: places, events, control ------------------------------------

    def place(self, name: str) -> PlaceRef:
        """The place ``name`` means (any spelling), preferring places the database has evidence on."""
        return queries.find_place(self.store, name)

    def events(
        self,
        *,
        place: str | PlaceRef | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        type: str | None = None,  # noqa: A002 - ACLED's word
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Event]:
        """Merged events, oldest first; ``place`` keeps those at it (or inside it, for an area)."""
        geonameids = None
        admin = None
        if place is not None:
            ref = self.place(place) if isinstance(place, str) else place
            geonameids = [ref.geonameid] if ref.geonameid is not None else []
            if (
                str(ref.feature_code or "").startswith("ADM1")
                and ref.country_code
                and ref.admin1_code
            ):
                admin = (ref.country_code, ref.admin1_code)
        return self.store.events(
            geonameids=geonameids,
            admin=admin,
            since=since,
            until=until,
            event_type=type,
            limit=limit,
            offset=offset,
        )

    def control(self, place: str | PlaceRef, on: dt.date | None = None) -> queries.ControlAnswer:
        """Who held ``place`` when, with the events and sentences that say so (or on one date)."""
        ref = self.place(place) if isinstance(place, str) else place
        return queries.control(self.store, ref, on)

    def timeline(self, place: str | PlaceRef) -> list[Event]:
        """Every event at ``place``, dated, with its reports."""
        ref = self.place(place) if isinstance(place, str) else place
        return queries.timeline(self.store, ref)

    def merge(self) -> None:
        """Run the corpus stages again (merge, dating through events, control); idempotent."""
        with self.store.writer_lock():
            run_corpus_stages(self.store)

    def reprocess(
        self,
        stages: Sequence[str] | None = None,
        *,
        progress: ProgressCallback | None = None,
        on_wait: WaitCallback | None = None,
        on_stage: StageCallback | None = None,
        triage: bool = True,
    ) -> int:
        """Run stages again over the whole store (all, or those named); how many articles.
        ``triage`` False parses every article, those an earlier triage skipped too."""
        return reprocess(
            self.store,
            stages=stages,
            progress=progress,
            on_wait=on_wait,
            on_stage=on_stage,
            triage=triage,
        )


def open(db: str | None = None, **settings: Any) -> Frontlines:  # noqa: A001 - the API's name
    """Open (creating and migrating if needed; not creating with ``must_exist=True``) a
    frontlines database."""
    return Frontlines(db, **settings)
