"""Commands that analyse text without storing it: ``dates`` and the ``bench`` group."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from frontlines.cli.app import app, parse_date, progress_bar
from frontlines.cli.groups import CommandGroup
from frontlines.cli.output import Column, OutputFormat, console, emit, err_console
from frontlines.errors import BadOption, PathNotFound

bench = CommandGroup(help="Measure accuracy on public benchmark corpora.", no_args_is_help=True)
app.add_typer(bench, name="bench")


@app.command()
def dates(
    file: Annotated[
        Path, typer.Argument(help="A text, HTML, JSONL, feed or WARC file.", show_default=False)
    ],
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            help="Publication date (YYYY-MM-DD) to resolve against, overriding the file's own.",
        ),
    ] = None,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = OutputFormat.TABLE,
) -> None:
    """Show every time expression in a file and the interval it resolves to.

    Relative expressions ("on Saturday", "last September") resolve against the
    publication date; without one they stay unresolved rather than guessed.
    """
    from frontlines.library import dates_in_file

    if not file.exists():
        raise PathNotFound(path=str(file))
    docs = dates_in_file(file, published=parse_date(published, "--published"))
    many = len(docs) > 1
    rows = []
    for doc in docs:
        for m in doc.mentions:
            row: dict[str, Any] = {
                "text": m.text,
                "start": m.start,
                "end": m.end,
                "value_start": m.value_start,
                "value_end": m.value_end,
                "precision": m.precision.value,
                "anchor": m.anchor.value,
                "duration": m.duration,
                "anchor_text": m.anchor_text,
            }
            if many:
                row["source"] = doc.source
            rows.append(row)
    if fmt is OutputFormat.TABLE:
        for doc in docs:
            err_console.print(
                f"{doc.source}: published {doc.published.label()} ({doc.published.source.value})",
                highlight=False,
            )
    columns = [
        Column("text", "expression", max_width=40),
        Column("start", "start", justify="right"),
        Column("value_start", "from"),
        Column("value_end", "to"),
        Column("precision", "precision"),
        Column("anchor", "anchored on"),
        Column("duration", "duration"),
    ]
    emit(rows, columns, fmt, title=f"{len(rows)} time expressions")


@bench.command("time")
def bench_time(
    path: Annotated[
        Path,
        typer.Argument(
            help="The corpus folder (for WikiWars: the folder of *.key.xml files).",
            show_default=False,
        ),
    ],
    corpus: Annotated[
        str, typer.Option("--corpus", help="Which corpus format: wikiwars.")
    ] = "wikiwars",
    patterns_only: Annotated[
        bool,
        typer.Option("--patterns-only", help="Do not load the spaCy model: our patterns alone."),
    ] = False,
    fmt: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="Output format: table or json.", case_sensitive=False),
    ] = OutputFormat.TABLE,
) -> None:
    """Score time-expression extraction (strict and relaxed F1) and value accuracy on a corpus."""
    if corpus != "wikiwars":
        raise BadOption(detail=f"unknown time corpus {corpus!r}; choose: wikiwars")
    if not path.exists():
        raise PathNotFound(path=str(path))
    from frontlines.eval.wikiwars import run_wikiwars

    with progress_bar("scoring") as bar:
        task = bar.add_task("", total=None)
        scores = run_wikiwars(
            path,
            use_model=not patterns_only,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    _print_scores(scores.to_dict(), fmt, title=f"WikiWars ({path})")


def _print_scores(result: dict[str, Any], fmt: OutputFormat, *, title: str) -> None:
    """A benchmark's scores: a measure table plus the published figures, or the JSON as is."""
    if fmt is not OutputFormat.TABLE:
        sys.stdout.write(json.dumps(result, indent=2, default=str) + "\n")
        return
    columns = [Column("measure", "measure"), Column("value", "value", justify="right")]
    emit(_measure_rows(result, skip=_NOT_MEASURES), columns, fmt, title=title)
    if result.get("reference"):
        console.print(
            f"published for comparison (not measured here): {json.dumps(result['reference'])}",
            highlight=False,
        )


_NOT_MEASURES = {"reference", "conventions", "errors", "value_by_kind", "per_doc", "largest_errors"}


def _measure_rows(
    result: dict[str, Any], *, skip: set[str], prefix: str = ""
) -> list[dict[str, Any]]:
    """A score dictionary as (measure, value) rows; nested scores get their key as a prefix."""
    rows: list[dict[str, Any]] = []
    for key, value in result.items():
        if key in skip or isinstance(value, list):
            continue
        if isinstance(value, dict):
            rows += _measure_rows(value, skip=skip, prefix=f"{prefix}{key} ")
        else:
            rows.append({"measure": f"{prefix}{key}", "value": _rounded(value)})
    return rows


def _rounded(value: Any) -> Any:
    return round(value, 3) if isinstance(value, float) else value


CorpusOption = Annotated[str, typer.Option("--corpus", help="Which corpus: lgl or gwn.")]


def _check_corpus(corpus: str, path: Path) -> None:
    """Fail before any work on a corpus name the benches do not know, or a missing path."""
    if corpus not in {"lgl", "gwn"}:
        raise BadOption(detail=f"unknown geo corpus {corpus!r}; choose: lgl, gwn")
    if not path.exists():
        raise PathNotFound(path=str(path))


@bench.command("geo")
def bench_geo(
    path: Annotated[
        Path,
        typer.Argument(
            help="The corpus file (lgl.xml, GWN.xml) or its folder.", show_default=False
        ),
    ],
    corpus: CorpusOption = "lgl",
    gold_spans_only: Annotated[
        bool,
        typer.Option(
            "--gold-spans-only", help="Only geocode the gold spans; skip end-to-end recognition."
        ),
    ] = False,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="Score only the first N documents.")
    ] = None,
    demonyms: Annotated[
        bool,
        typer.Option(
            "--demonyms",
            help="Count demonyms ('Russian') as mentions of their country, as both corpora "
            "annotate them; by default they are context, not place mentions.",
        ),
    ] = False,
    fmt: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="Output format: table or json.", case_sensitive=False),
    ] = OutputFormat.TABLE,
) -> None:
    """Score geocoding (accuracy@161 km, mean/median km, AUC; gold spans given) and recognition P/R/F1."""
    _check_corpus(corpus, path)
    from frontlines.eval.geo import run_geo_benchmark

    with progress_bar("scoring") as bar:
        task = bar.add_task("", total=None)
        scores = run_geo_benchmark(
            corpus,
            path,
            end_to_end=not gold_spans_only,
            limit=limit,
            demonyms=demonyms,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    _print_scores(scores.to_dict(), fmt, title=f"{corpus} ({path})")


@bench.command("events")
def bench_events(
    path: Annotated[
        Path,
        typer.Argument(
            help="A general-news corpus file (lgl.xml, GWN.xml) or its folder.", show_default=False
        ),
    ],
    corpus: CorpusOption = "lgl",
    sample: Annotated[
        int,
        typer.Option("--sample", min=0, help="List this many of the events, drawn at random."),
    ] = 0,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the random sample.")] = 0,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="Read only the first N articles.")
    ] = None,
    fmt: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="Output format: table or json.", case_sensitive=False),
    ] = OutputFormat.TABLE,
) -> None:
    """Events per 100 articles of general news (no war in it): every one a candidate false
    event. Ingests the corpus into a temporary store; --sample lists events to check by hand."""
    _check_corpus(corpus, path)
    from frontlines.eval.noise import run_noise

    with progress_bar("ingesting") as bar:
        bar.add_task("", total=None)
        run = run_noise(corpus, path, sample=sample, seed=seed, limit=limit)
    if fmt is OutputFormat.JSON:
        sys.stdout.write(json.dumps(run.to_json(), ensure_ascii=False, indent=2) + "\n")
        return
    per = f"{run.per_100:.1f}" if run.per_100 is not None else "-"
    console.print(
        f"{corpus}: {run.articles} articles ({run.stored} stored), {run.events} events, "
        f"{per} per 100 articles ({run.background} of them retold history, flagged background)",
        highlight=False,
    )
    emit(
        [{"type": k, "events": v} for k, v in sorted(run.by_type.items(), key=lambda kv: -kv[1])],
        [Column("type", "sub-event type"), Column("events", "events", justify="right")],
        OutputFormat.TABLE,
    )
    if run.sample:
        emit(
            run.sample,
            [
                Column("sub_event_type", "sub-event"),
                Column("place", "place"),
                Column("title", "article", max_width=40),
                Column("sentence", "sentence", max_width=80),
            ],
            OutputFormat.TABLE,
            title=f"{len(run.sample)} events drawn at random (seed {seed})",
        )
