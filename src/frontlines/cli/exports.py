"""Commands that write files for other tools: ``export`` (CSV, GeoJSON, Parquet, JSONL) and ``report``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from frontlines.cli.app import DbOption, _open, app, console, parse_date
from frontlines.cli.knowledge import (
    PlaceFilter,
    SinceFilter,
    TypeFilter,
    UntilFilter,
    filtered_events,
)
from frontlines.errors import BadOption

if TYPE_CHECKING:
    from frontlines.export import AdminNames

# frontlines.export.ExportFormat, for the help text only (the writers load pandas, pyarrow and
# spaCy); a test keeps the two equal.
EXPORT_FORMATS = ("acled-csv", "geojson", "parquet", "jsonl")
_FORMATS = "|".join(EXPORT_FORMATS)


@contextmanager
def _admin_names() -> Iterator[AdminNames | None]:
    """Names for ACLED's admin1/admin2 columns from the gazetteer, if one is built (never builds it)."""
    from frontlines.export import AdminNames
    from frontlines.geo.gazetteer import Gazetteer, default_gazetteer_path

    path = default_gazetteer_path()
    if not path.exists():
        yield None
        return
    with Gazetteer.open(path) as gazetteer:
        yield AdminNames.from_gazetteer(gazetteer)


@app.command()
def export(
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="The file to write.", dir_okay=False)
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help=f"{_FORMATS}; without it, the --out suffix decides (.csv, .geojson, .parquet, .jsonl).",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
    place: PlaceFilter = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
    type_: TypeFilter = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Replace an existing --out file that is not an export of this format."
        ),
    ] = False,
) -> None:
    """Write merged events to a file: ACLED-style CSV, GeoJSON points, Parquet, or output-contract JSON lines.

    Never writes over the database; an existing file that is not an export of the same
    format is kept unless --force."""
    if out is None:
        raise BadOption(
            detail=f"export needs --out FILE (and --format {_FORMATS}, or a suffix that says it)"
        )
    from frontlines.export import check_overwrite, export_events, export_format
    from frontlines.library import database_file

    chosen = export_format(fmt, out)
    with _open(db) as fl:
        database = database_file(fl.store.url)
        check_overwrite(out, chosen, force=force, protected=[database] if database else [])
        found = filtered_events(fl, place, since, until, type_)
    with _admin_names() as names:
        result = export_events(found, chosen, out, names=names)
    line = f"wrote {result.written} event{'s' if result.written != 1 else ''} to {result.path} ({result.format.value})"
    if result.without_coordinates:
        line += f"; left out {result.without_coordinates} without coordinates"
    console.print(line, highlight=False, markup=False)


@app.command()
def report(
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="report.html (one self-contained page) or report.md (with report.png beside it).",
            dir_okay=False,
        ),
    ] = None,
    place: Annotated[
        str | None, typer.Option("--place", help="Report on this place (any spelling).")
    ] = None,
    country: Annotated[
        str | None,
        typer.Option(
            "--country", help="Report on this country (ISO 3166 two-letter code, e.g. SY)."
        ),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only events on or after this date (YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Only events on or before this date (YYYY-MM-DD).")
    ] = None,
    db: DbOption = None,
) -> None:
    """A dated report on a place or a country: timeline, chart, control changes, casualties, numbered sources."""
    if place is None and country is None:
        raise BadOption(detail="report needs --place NAME or --country CODE")
    if place is not None and country is not None:
        raise BadOption(
            detail="report covers one place or one country: give --place or --country, not both"
        )
    if out is None:
        raise BadOption(detail="report needs --out report.html or --out report.md")
    from frontlines.report import build_report, write_report
    from frontlines.report.build import country_name
    from frontlines.report.write import check_report_path

    check_report_path(out)
    if country is not None:  # a bad code is a usage error, said before the database is opened
        country_name(country.strip().upper())
    start, end = parse_date(since, "--since"), parse_date(until, "--until")
    with _open(db) as fl:
        built = build_report(fl, place=place, country=country, since=start, until=end)
    written = write_report(built, out)
    line = f"wrote {written.path}: {len(built.events)} events, {len(built.citations)} sources"
    if written.chart is not None:
        line += f"; chart {written.chart}"
    console.print(line, highlight=False, markup=False)
