"""Commands. Each one calls the library (``frontlines.library``) and prints what it returns."""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from frontlines.cli.groups import CommandGroup
from frontlines.cli.output import Column, OutputFormat, console, emit, err_console
from frontlines.errors import BadOption, UnknownFormat

# The library, its readers and their models load when a command runs, not for `--help`.
if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from frontlines.library import Frontlines
    from frontlines.models import Article, IngestReport

# frontlines.ingest.FORMATS, for the help text only (importing the readers takes a second);
# a test keeps the two equal.
INPUT_FORMATS = ("text", "html", "jsonl", "rss", "warc")


app = CommandGroup(
    name="frontlines",
    help="Read news about armed conflicts; keep a sourced, dated record of events and of who held each place when.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="FRONTLINES_DB",
        help="Database: a SQLite file path or a URL such as postgresql+psycopg://user@host/db. \\[default: ./frontlines.db]",
        show_default=False,
    ),
]
FormatOption = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
]


def _open(db: str | None, *, must_exist: bool = True) -> Frontlines:
    """The database ``--db`` names; a command that only reads refuses one that does not exist
    (a mistyped path would otherwise become a new, empty database)."""
    from frontlines.library import Frontlines

    return Frontlines(db, must_exist=must_exist)


def parse_date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadOption(detail=f"{option} wants a date as YYYY-MM-DD, not {value!r}") from None


def progress_bar(total_hint: str) -> Progress:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn(f"[bold]{total_hint}[/bold]"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}", style="dim"),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,
    )


def _ingest_with_progress(fl: Frontlines, sources: list[str], **kwargs: Any) -> IngestReport:
    with progress_bar("ingesting") as bar:
        task = bar.add_task("", total=None)

        def tick(item: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description=Path(item).name[-40:])

        def record(item: str, n: int) -> None:  # a big JSONL or WARC file moves too
            bar.update(task, description=f"{Path(item).name[-40:]}: record {n}")

        def waiting(message: str) -> None:
            err_console.print(message, highlight=False, markup=False)

        return fl.ingest(
            sources,
            progress=tick,
            on_wait=waiting,
            on_record=record,
            on_stage=partial(_merging, bar, task),
            **kwargs,
        )


def _merging(bar: Progress, task: TaskID, stage: str) -> None:
    """The corpus stages run after the last source: the bar says so while they take their time."""
    bar.update(task, description="merging" if stage == "merge" else f"merging: {stage}")


def _report_rows(report: IngestReport) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [
        {"outcome": "ingested", "count": report.ingested},
        {"outcome": "already known", "count": report.already_known},
        {"outcome": "new versions", "count": report.new_versions},
    ]
    if report.resumed:
        rows.append({"outcome": "finished from an interrupted run", "count": report.resumed})
    if report.triaged:
        rows.append(
            {"outcome": "stored unparsed (triage: no war in its words)", "count": report.triaged}
        )
    for name, count in sorted(report.rejected.items()):
        rows.append({"outcome": f"rejected: {name}", "count": count})
    return rows


def _print_report(report: IngestReport, fl: Frontlines, fmt: OutputFormat) -> None:
    counts = fl.counts()
    if fmt is OutputFormat.TABLE:
        emit(
            _report_rows(report),
            [Column("outcome", "outcome"), Column("count", "count", justify="right")],
            fmt,
            title="ingest summary",
        )
        console.print(
            f"stored now: {counts.articles} articles in {counts.stories} stories; "
            f"{counts.rejections} rejections (see `frontlines rejections`)",
            highlight=False,
        )
        return
    summary = {
        "ingested": report.ingested,
        "already_known": report.already_known,
        "new_versions": report.new_versions,
        "resumed": report.resumed,
        "rejected": report.rejected,
        "rejected_total": report.rejected_total,
        "articles": counts.articles,
        "stories": counts.stories,
        "rejections": counts.rejections,
    }
    emit([summary], [], fmt)


def _emit_stories(fl: Frontlines, fmt: OutputFormat) -> None:
    rows = [
        {
            "id": s.id,
            "articles": len(s.article_ids),
            "article_ids": s.article_ids,
            "first_published": s.first_published,
            "title": s.title,
            "outlets": s.outlets,
        }
        for s in fl.stories()
    ]
    emit(
        rows,
        [
            Column("id", "story", no_wrap=True),
            Column("articles", "articles", justify="right"),
            Column("first_published", "first published"),
            Column("title", "title", max_width=60),
            Column("outlets", "outlets", max_width=30),
        ],
        fmt,
        title=f"{len(rows)} stories",
    )


def _shorten(source: str, root: Path | None) -> str:
    """``source`` relative to ``root`` when it lies inside it (fragments such as #line=3 kept)."""
    if root is None:
        return source
    path, sep, fragment = source.partition("#")
    try:
        return Path(path).relative_to(root).as_posix() + sep + fragment
    except ValueError:
        return source


def _emit_rejections(
    fl: Frontlines,
    fmt: OutputFormat,
    *,
    reason: str | None = None,
    stage: str | None = None,
    relative_to: Path | None = None,
) -> None:
    rows = [
        {
            "id": r.id,
            "source": _shorten(r.rejection.source, relative_to),
            "stage": r.rejection.stage,
            "code": r.rejection.code,
            "reason_name": r.reason_name,
            "reason": r.rejection.reason,
            "detail": r.rejection.detail,
            "size": r.rejection.size,
            "sha256": r.rejection.sha256,
            "sample": r.rejection.sample,
            "created_at": r.created_at,
        }
        for r in fl.rejections(reason=reason, stage=stage)
    ]
    emit(
        rows,
        [
            Column("source", "source", max_width=50),
            Column("stage", "stage"),
            Column("code", "code"),
            Column("reason_name", "reason"),
            Column("reason", "why", max_width=60),
        ],
        fmt,
        title=f"{len(rows)} rejections",
    )


@app.command()
def ingest(
    sources: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders (read recursively) or, with --fetch, http(s) URLs.",
            show_default=False,
        ),
    ],
    db: DbOption = None,
    input_format: Annotated[
        str | None,
        typer.Option(
            "--input-format",
            "-i",
            help=f"Read every input as this format instead of detecting it: {', '.join(INPUT_FORMATS)}.",
        ),
    ] = None,
    fetch: Annotated[
        bool,
        typer.Option("--fetch", help="Allow http(s) URLs among the sources and download them."),
    ] = False,
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            help="Publication date (YYYY-MM-DD) for every input, overriding what they say.",
        ),
    ] = None,
    outlet: Annotated[
        str | None, typer.Option("--outlet", help="Outlet name for every input.")
    ] = None,
    url: Annotated[
        str | None, typer.Option("--url", help="URL for every input (useful for one file).")
    ] = None,
    triage: Annotated[
        bool,
        typer.Option(
            "--triage/--no-triage",
            help="Store unparsed the articles with no word of armed conflict or protest and "
            "no armed actor (their scope says so); --no-triage parses every article.",
        ),
    ] = True,
    batch_size: Annotated[
        int,
        typer.Option("--batch-size", min=1, help="Articles parsed and stored together."),
    ] = 16,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            help="Run the parse and the document stages on a local Dask cluster of this "
            "many worker processes (1: in this process).",
        ),
    ] = 1,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Run them on the Dask cluster whose scheduler is at tcp://HOST:PORT.",
        ),
    ] = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Read news into the database: text, HTML, JSONL, RSS/Atom or WARC, detected per file.

    Ends with a summary: ingested, already known, new versions, rejected by reason.
    Exits non-zero only when nothing at all could be ingested.
    """
    from frontlines.ingest import FORMATS

    if input_format is not None and input_format not in FORMATS:
        raise UnknownFormat(name=input_format, choices=", ".join(FORMATS))
    with _open(db, must_exist=False) as fl:
        report = _ingest_with_progress(
            fl,
            sources,
            format=input_format,
            fetch=fetch,
            published=parse_date(published, "--published"),
            outlet=outlet,
            url=url,
            require_any=True,
            triage=triage,
            batch_size=batch_size,
            workers=workers,
            scheduler=scheduler,
        )
        _print_report(report, fl, fmt)


@app.command()
def reprocess(
    stages: Annotated[
        list[str] | None,
        typer.Option(
            "--stage",
            help="A stage to run again (repeat for several): time, places, events, merge. "
            "\\[default: all]",
            show_default=False,
        ),
    ] = None,
    triage: Annotated[
        bool,
        typer.Option(
            "--triage/--no-triage",
            help="--no-triage parses every article, those the triage stored unparsed too.",
        ),
    ] = True,
    db: DbOption = None,
) -> None:
    """Run the stages again over every stored article, then the merge: after an upgrade,
    after a crash, or to rebuild events and control from the stored mentions."""
    with _open(db, must_exist=False) as fl:
        with progress_bar("reprocessing") as bar:
            task = bar.add_task("", total=None)

            def tick(article_id: str, done: int, total: int) -> None:
                bar.update(task, completed=done, total=total, description=article_id)

            def waiting(message: str) -> None:
                err_console.print(message, highlight=False, markup=False)

            n = fl.reprocess(
                stages,
                progress=tick,
                on_wait=waiting,
                on_stage=partial(_merging, bar, task),
                triage=triage,
            )
        console.print(
            f"reprocessed {n} article{'s' if n != 1 else ''}; now {fl.store.event_count()} events, "
            f"control timelines for {len(fl.store.control_periods())} places",
            highlight=False,
        )


def _article_row(a: Article, *, with_text: bool = False) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": a.id,
        "published": a.published.label(),
        "published_source": a.published.source.value,
        "title": a.title,
        "outlet": a.outlet,
        "url": a.url,
        "story_id": a.story_id,
        "version_of": a.version_of,
        "format": a.format,
        "source": a.source,
        "words": len(a.text.split()),
        "scope": a.scope,
        "scope_reason": a.scope_reason,
        "encoding": a.encoding,
    }
    if with_text:
        row["text"] = a.text
    return row


@app.command()
def articles(
    db: DbOption = None,
    story: Annotated[
        str | None, typer.Option("--story", help="Only articles of this story id.")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Only articles published on or after this date (YYYY-MM-DD)."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until", help="Only articles published on or before this date (YYYY-MM-DD)."
        ),
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="At most this many.")] = None,
    text: Annotated[
        bool, typer.Option("--text", help="Include the cleaned text (json, jsonl, csv).")
    ] = False,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """List stored articles with their date (and where it came from), outlet, story and scope.

    Scope is ACLED's, as the events stage decided it: conflict (every event counts), actors
    (only events with an armed actor or protesters of their own), out (no events), triaged
    (not parsed: no word of armed conflict or protest and no armed actor; `reprocess
    --no-triage` parses it); the json output says why (scope_reason)."""
    with _open(db) as fl:
        found = fl.articles(
            story_id=story,
            since=parse_date(since, "--since"),
            until=parse_date(until, "--until"),
            limit=limit,
        )
    rows = [_article_row(a, with_text=text) for a in found]
    emit(
        rows,
        [
            Column("id", "id", no_wrap=True),
            Column("published", "published"),
            Column("published_source", "from"),
            Column("title", "title", max_width=60),
            Column("outlet", "outlet", max_width=20),
            Column("story_id", "story"),
            Column("scope", "scope"),
        ],
        fmt,
        title=f"{len(rows)} articles",
    )


@app.command()
def show(
    article_id: Annotated[
        str, typer.Argument(help="An article id (a unique prefix will do).", show_default=False)
    ],
    db: DbOption = None,
    raw: Annotated[
        bool, typer.Option("--raw", help="Also show the raw text and what cleaning removed.")
    ] = False,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Show one article: metadata, cleaned text and (with --raw) what cleaning removed."""
    with _open(db) as fl:
        a = fl.article(article_id)
    if fmt is not OutputFormat.TABLE:
        emit(
            [
                a.model_dump(
                    mode="json", exclude=set() if raw else {"raw_text", "segments", "removals"}
                )
            ],
            [],
            fmt,
        )
        return
    console.print(f"[bold]{a.title or '(no title)'}[/bold]", highlight=False)
    console.print(
        f"id {a.id} · story {a.story_id} · published {a.published.label()} ({a.published.source.value})"
        f" · {a.outlet or 'outlet unknown'} · {a.url or a.source}",
        highlight=False,
    )
    if a.version_of:
        console.print(f"new version of {a.version_of}", highlight=False)
    if a.encoding:
        console.print(f"read as {a.encoding}", highlight=False, markup=False)
    console.print()
    console.print(a.text, highlight=False, markup=False)
    if raw:
        console.print("\n[bold]removed by cleaning[/bold]")
        for r in a.removals:
            console.print(
                f"  {r.kind:<20} {r.raw_start}-{r.raw_end}: {r.text[:90]!r}",
                highlight=False,
                markup=False,
            )


@app.command()
def stories(
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """List stories: syndicated copies of one report grouped as one independent source."""
    with _open(db) as fl:
        _emit_stories(fl, fmt)


@app.command()
def rejections(
    db: DbOption = None,
    reason: Annotated[
        str | None,
        typer.Option(
            "--reason", help="Only this reason (name such as too_short, or code such as R005)."
        ),
    ] = None,
    stage: Annotated[
        str | None, typer.Option("--stage", help="Only this stage (ingest, quality, ...).")
    ] = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """List inputs that could not become articles, with the stage and the reason."""
    with _open(db) as fl:
        _emit_rejections(fl, fmt, reason=reason, stage=stage)


MADE_BY, DEMO_MARK = "made_by", "frontlines demo"  # how the demo marks the database it made


def _made_by_demo(path: Path) -> bool:
    """Whether the demo may replace ``path``: nothing is there, or a database the demo made
    (its mark; from a frontlines older than the mark, a database of demo articles only)."""
    if not path.exists():
        return True
    if not path.is_file():
        return False
    import sqlite3

    try:
        with path.open("rb") as f:
            if f.read(16) != b"SQLite format 3\x00":
                return False
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            if "store_state" in tables:  # made by this version: the mark decides
                row = conn.execute(
                    "SELECT value FROM store_state WHERE key = ?", (MADE_BY,)
                ).fetchone()
                return row is not None and row[0] == DEMO_MARK
            if "articles" not in tables:
                return False
            sources = [r[0] for r in conn.execute("SELECT DISTINCT source FROM articles")]
        finally:
            conn.close()
    except (OSError, sqlite3.Error):
        return False
    from frontlines.library import demo_corpus

    demo_root = str(demo_corpus())
    return bool(sources) and all(s.startswith(demo_root) for s in sources)


@app.command()
def demo(
    db: Annotated[
        str, typer.Option("--db", help="Where to write the demo database (replaced on every run).")
    ] = "frontlines-demo.db",
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Ingest the bundled demo corpus (six conflicts, mixed formats, a few broken files) and show what was kept."""
    from frontlines.library import demo_corpus, demo_sources

    corpus = demo_corpus()
    if "://" not in db:
        if not _made_by_demo(Path(db)):
            raise BadOption(
                detail=f"{db} exists and was not made by `frontlines demo`, which replaces its "
                "database: name a new file with --db"
            )
        for suffix in ("", "-wal", "-shm"):
            Path(db + suffix).unlink(missing_ok=True)
    err_console.print(f"demo corpus: {corpus}", highlight=False)
    with _open(db, must_exist=False) as fl:
        fl.store.set_state(MADE_BY, DEMO_MARK)
        report = _ingest_with_progress(fl, [str(p) for p in demo_sources()], require_any=True)
        _print_report(report, fl, fmt)
        if fmt is OutputFormat.TABLE:
            _emit_stories(fl, fmt)
            _emit_rejections(fl, fmt, relative_to=corpus)
            total, dated = fl.store.time_mention_counts()
            undated = [
                a for a in fl.articles() if a.published.source.value in {"inferred", "unknown"}
            ]
            console.print(
                f"time stage: {total} time expressions, {dated} resolved to dates; "
                f"{len(undated)} articles without a date of their own:",
                highlight=False,
            )
            for a in undated:
                console.print(
                    f"  {_shorten(a.source, corpus)}: {a.published.label()} ({a.published.source.value}"
                    f"{', ' + a.published.evidence if a.published.evidence else ''})",
                    highlight=False,
                    markup=False,
                )
            territorial = fl.store.events(territorial=True)
            console.print(
                f"events: {fl.store.event_mention_count()} reports of events merged into "
                f"{fl.store.event_count()} events, {len(territorial)} of them changes of control; "
                f"control timelines for {len(fl.store.control_periods())} places",
                highlight=False,
            )
    err_console.print(
        f"explore it: frontlines events --db {db} · frontlines control 'Khan Sheikhoun' --db {db}"
        f" · frontlines articles --db {db}",
        highlight=False,
        soft_wrap=True,
    )
