"""Commands over what the stages know: events, control of a place, a place's timeline, evaluation."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from frontlines.cli.app import DbOption, FormatOption, _open, app, console, parse_date
from frontlines.cli.groups import CommandGroup, HelpGroup
from frontlines.cli.output import Column, OutputFormat, emit
from frontlines.errors import BadOption

if TYPE_CHECKING:
    from frontlines.events.model import ControlPeriod, Event
    from frontlines.library import Frontlines

# The filters `frontlines events` and `frontlines export` share.
PlaceFilter = Annotated[
    str | None,
    typer.Option(
        "--place", help="Only events at this place (any spelling) or inside this admin area."
    ),
]
SinceFilter = Annotated[
    str | None, typer.Option("--since", help="Only events on or after this date (YYYY-MM-DD).")
]
UntilFilter = Annotated[
    str | None, typer.Option("--until", help="Only events on or before this date (YYYY-MM-DD).")
]
TypeFilter = Annotated[
    str | None,
    typer.Option(
        "--type",
        help="Only this ACLED event or sub-event type, e.g. Battles or 'Air/drone strike'.",
    ),
]

_EVENT_COLUMNS = [
    Column("date", "date", no_wrap=True),
    Column("event_type", "type", max_width=18),
    Column("sub_event_type", "sub-event", max_width=24),
    Column("place_name", "place", max_width=20),
    Column("actor1_name", "actor 1", max_width=22),
    Column("actor2_name", "actor 2", max_width=22),
    Column("change", "control to", max_width=18),
    Column("killed", "killed", justify="right"),
    Column("independent_sources", "sources", justify="right"),
    Column("background", "bg"),
    Column("evidence", "evidence", max_width=60),
]


def filtered_events(
    fl: Frontlines,
    place: str | None,
    since: str | None,
    until: str | None,
    type_: str | None,
    limit: int | None = None,
) -> list[Event]:
    """The merged events the shared filter options select (dates read as the options give
    them, a bad one a clear error)."""
    return fl.events(
        place=place,
        since=parse_date(since, "--since"),
        until=parse_date(until, "--until"),
        type=type_,
        limit=limit,
    )


def _event_row(e: Event) -> dict[str, Any]:
    from frontlines.queries import when_label

    t = e.territory
    killed = ""
    if e.fatalities is not None:
        lo, hi = e.fatalities.low, e.fatalities.high
        killed = f"{lo}" if lo == hi else f"{lo or '?'}–{hi or ''}"
    return {
        "date": when_label(e.date_start, e.date_end),
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        "place_name": e.place.name if e.place else "",
        "actor1_name": e.actor1.name if e.actor1 else "",
        "actor2_name": e.actor2.name if e.actor2 else "",
        "change": t.new_controller.name if t and t.new_controller else "",
        "killed": killed,
        "independent_sources": e.independent_sources,
        "background": "yes" if e.background else "",
        "evidence": e.reports[0].sentence if e.reports else "",
    }


def _emit_events(events: list[Event], fmt: OutputFormat, title: str | None = None) -> None:
    if fmt is OutputFormat.TABLE:
        emit([_event_row(e) for e in events], _EVENT_COLUMNS, fmt, title=title)
    elif fmt is OutputFormat.CSV:
        emit([_event_row(e) | {"id": e.id} for e in events], _EVENT_COLUMNS, fmt)
    else:
        from frontlines.queries import event_record

        emit([event_record(e) for e in events], _EVENT_COLUMNS, fmt)


@app.command()
def events(
    db: DbOption = None,
    place: PlaceFilter = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
    type_: TypeFilter = None,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="At most this many events.")
    ] = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """List merged events with ACLED-like columns and the sentence each report gives."""
    with _open(db) as fl:
        found = filtered_events(fl, place, since, until, type_, limit)
        _emit_events(found, fmt)


def _distinct_evidence(p: ControlPeriod) -> list[str]:
    """Each evidence sentence once, tagged with the first article that gives it
    (syndicated copies repeat it word for word)."""
    seen: dict[str, str] = {}
    for r in p.evidence:
        seen.setdefault(r.sentence.strip(), f"[{r.article_id[:8]}] {r.sentence.strip()}")
    return list(seen.values())


def _period_row(p: ControlPeriod) -> dict[str, Any]:
    from frontlines.queries import when_label

    def bound(b: Any) -> str:
        if b is None:
            return ""
        return when_label(b.earliest, b.latest)

    return {
        "controller": p.controller.name,
        "side": p.controller.id,
        "from": bound(p.start) or "(before the evidence)",
        "to": bound(p.end) or "(still, as far as known)",
        "contested": "yes" if p.contested else "",
        "events": len(p.event_ids),
        "evidence": " | ".join(_distinct_evidence(p)[:3]),
    }


_PERIOD_COLUMNS = [
    Column("controller", "held by", max_width=26),
    Column("from", "from", no_wrap=True),
    Column("to", "until", no_wrap=True),
    Column("contested", "contested"),
    Column("events", "events", justify="right"),
    Column("evidence", "evidence", max_width=90),
]


@app.command()
def control(
    place: Annotated[
        str, typer.Argument(help="A place name in any spelling, e.g. 'Khan Sheikhoun'.")
    ],
    db: DbOption = None,
    on: Annotated[
        str | None,
        typer.Option("--on", help="Only the period that holds on this date (YYYY-MM-DD)."),
    ] = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Who held a place when: control periods with their evidence sentences."""
    if fmt in (OutputFormat.CSV, OutputFormat.JSONL):
        raise BadOption(detail="control writes --format table or json")
    with _open(db) as fl:
        answer = fl.control(place, on=parse_date(on, "--on"))
    if fmt is OutputFormat.JSON:
        sys.stdout.write(json.dumps(answer.to_json(), ensure_ascii=False, indent=2) + "\n")
        return
    p = answer.place
    where = ", ".join(x for x in (p.feature_code, p.country_code) if x)
    title = f"{p.name} (GeoNames {p.geonameid}, {where})" + (
        f" on {answer.on}" if answer.on else ""
    )
    emit([_period_row(x) for x in answer.periods], _PERIOD_COLUMNS, fmt, title=title)
    if answer.note:
        console.print(f"{p.name} on {answer.on}: {answer.note}", highlight=False, markup=False)


@app.command()
def timeline(
    place: Annotated[str, typer.Argument(help="A place name in any spelling.")],
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Every event at a place (or inside an admin area), dated, with its sources."""
    with _open(db) as fl:
        ref = fl.place(place)
        found = fl.timeline(ref)
    _emit_events(found, fmt, title=f"{ref.name} (GeoNames {ref.geonameid})")


class _EvalGroup(HelpGroup):
    """`frontlines eval GOLD.jsonl` still scores a gold file: a first word that names no
    subcommand is the `gold` subcommand's argument."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:  # typer's own click Context
        if args and not args[0].startswith("-") and args[0] not in self.commands:
            args = ["gold", *args]
        return super().resolve_command(ctx, args)


evaluate = CommandGroup(
    cls=_EvalGroup,
    help="Score the pipeline against gold: a gold file (`eval GOLD.jsonl`) or the real-news set (`eval realnews`).",
    no_args_is_help=True,
)
app.add_typer(evaluate, name="eval")


@evaluate.command("gold")
def eval_(
    gold: Annotated[
        Path,
        typer.Argument(
            help="Gold annotations (JSON lines, see the eval README).", exists=True, dir_okay=False
        ),
    ],
    root: Annotated[
        Path | None,
        typer.Option(
            "--root",
            help="Folder the gold's `file` paths are relative to \\[default: the gold file's parent's parent].",
        ),
    ] = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Ingest the gold's articles into a temporary database and score events, places and dates."""
    from frontlines.eval.events_run import evaluate_gold

    _print_scores(evaluate_gold(gold, root=root), fmt)


def _print_scores(result: Any, fmt: OutputFormat) -> None:
    """A score report (anything with ``text`` and ``to_json()``): plain text, or JSON."""
    if fmt is OutputFormat.TABLE:
        console.print(result.text, highlight=False, markup=False)
    else:
        sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n")


class Split(StrEnum):
    ALL = "all"
    TUNE = "tune"
    HELDOUT = "heldout"


@evaluate.command("realnews")
def eval_realnews(
    check: Annotated[
        Path | None,
        typer.Option(
            "--check",
            help="Only verify a rebuilt copy of the texts in this folder (its articles.jsonl) against the manifest's hashes.",
            file_okay=False,
        ),
    ] = None,
    manifest: Annotated[
        Path | None,
        typer.Option(
            "--manifest",
            help="The set's manifest \\[default: eval/realnews/manifest.jsonl of this checkout].",
            dir_okay=False,
        ),
    ] = None,
    gold: Annotated[
        Path | None,
        typer.Option(
            "--gold", help="Gold lines \\[default: gold.jsonl beside the manifest].", dir_okay=False
        ),
    ] = None,
    texts: Annotated[
        Path | None,
        typer.Option(
            "--texts",
            help="Folder of the rebuilt texts \\[default: FRONTLINES_REALNEWS, else .realnews of this checkout].",
            file_okay=False,
        ),
    ] = None,
    split: Annotated[
        Split, typer.Option("--split", help="Which split to ingest and score.")
    ] = Split.ALL,
    report: Annotated[
        Path | None,
        typer.Option("--json", help="Also write the full report here (JSON).", dir_okay=False),
    ] = None,
    errors: Annotated[
        Path | None,
        typer.Option(
            "--errors",
            help="Write each miss, false event and wrong type with its sentence and reason here (JSON lines); heldout articles are left out unless --heldout-errors.",
            dir_okay=False,
        ),
    ] = None,
    heldout_errors: Annotated[
        bool,
        typer.Option(
            "--heldout-errors",
            help="Include heldout articles in --errors (never read them while changing the extractor).",
        ),
    ] = False,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Score the real-news set (real articles, gold written blind), per split and per conflict."""
    from frontlines.eval.realnews import (
        check_texts,
        default_manifest,
        evaluate_realnews,
        load_manifest,
    )

    manifest_path = manifest or default_manifest()
    if check is not None:
        result = check_texts(load_manifest(manifest_path), check)
        _print_scores(result, fmt)
        if not result.ok:
            raise typer.Exit(1)
        return
    with console.status("ingesting and scoring the real-news set"):
        run = evaluate_realnews(manifest_path, gold_path=gold, texts=texts, split=split.value)
    if report is not None:
        report.write_text(json.dumps(run.to_json(), ensure_ascii=False, indent=2) + "\n")
    if errors is not None:
        kept = [e for e in run.errors if heldout_errors or e.get("split") != "heldout"]
        errors.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in kept))
    _print_scores(run, fmt)
