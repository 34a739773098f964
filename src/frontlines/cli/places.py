"""The ``gazetteer`` command group: build the place database, import GeoNames dumps, look names up."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from frontlines.cli.app import app, progress_bar
from frontlines.cli.groups import CommandGroup
from frontlines.cli.output import Column, OutputFormat, console, emit, err_console
from frontlines.errors import PathNotFound

gazetteer = CommandGroup(
    help="The gazetteer: GeoNames places and their spellings, built locally without network.",
    no_args_is_help=True,
)
app.add_typer(gazetteer, name="gazetteer")

PathOption = Annotated[
    Path | None,
    typer.Option(
        "--path",
        envvar="FRONTLINES_GAZETTEER",
        help="Gazetteer file. \\[default: ~/.local/share/frontlines/gazetteer.sqlite]",
        show_default=False,
    ),
]


def _path(path: Path | None) -> Path:
    from frontlines.geo import default_gazetteer_path

    return path or default_gazetteer_path()


@gazetteer.command("build")
def gazetteer_build(path: PathOption = None) -> None:
    """Build (or rebuild) the gazetteer from the installed GeoNames packages: about a minute."""
    from frontlines.geo import build_gazetteer

    target = _path(path)
    with progress_bar("building") as bar:
        task = bar.add_task("", total=None)

        def tick(stage: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total or None, description=stage)

        counts = build_gazetteer(target, progress=tick)
    emit(
        [{"what": k, "count": v} for k, v in counts.items()],
        [Column("what", "what"), Column("count", "count", justify="right")],
        OutputFormat.TABLE,
        title=f"gazetteer {target}",
    )


@gazetteer.command("import")
def gazetteer_import(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="GeoNames dump files: a country file (SY.txt), allCountries.txt, alternateNamesV2.txt.",
            show_default=False,
        ),
    ],
    path: PathOption = None,
) -> None:
    """Add a full GeoNames dump to the gazetteer, to reach villages the packaged data lacks."""
    from frontlines.geo import Gazetteer, import_geonames

    for f in files:
        if not f.exists():
            raise PathNotFound(path=str(f))
    target = _path(path)
    if not target.exists():
        err_console.print(
            f"building the gazetteer at {target} first (about a minute, once)", highlight=False
        )
    Gazetteer.open(target)
    counts = import_geonames(target, files)
    console.print(", ".join(f"{k}: {v}" for k, v in counts.items()), highlight=False)


@gazetteer.command("lookup")
def gazetteer_lookup(
    name: Annotated[
        str, typer.Argument(help="A place name in any common spelling.", show_default=False)
    ],
    country: Annotated[
        str | None, typer.Option("--country", help="ISO country code to restrict to (SY, UA...).")
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", min=1, help="At most this many candidates.")
    ] = 10,
    path: PathOption = None,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = OutputFormat.TABLE,
) -> None:
    """List the places a name can mean, best first, with how the name matched."""
    from frontlines.geo import Gazetteer
    from frontlines.geo.gazetteer import geonames_id

    target = _path(path)
    if not target.exists():
        err_console.print(
            f"building the gazetteer at {target} first (about a minute, once)", highlight=False
        )
    gaz = Gazetteer.open(target)
    rows: list[dict[str, Any]] = [
        {
            "geonameid": geonames_id(c.place.geonameid),
            "place_id": c.place.geonameid,
            "name": c.place.name,
            "feature_code": c.place.feature_code,
            "country_code": c.place.country_code,
            "admin1_code": c.place.admin1_code,
            "lat": c.place.lat,
            "lon": c.place.lon,
            "population": c.place.population,
            "match": c.match,
            "score": c.score,
        }
        for c in gaz.match(name, country=country, limit=limit)
    ]
    emit(
        rows,
        [
            Column("geonameid", "id", no_wrap=True),
            Column("name", "name"),
            Column("feature_code", "kind"),
            Column("country_code", "cc"),
            Column("admin1_code", "adm1"),
            Column("population", "population", justify="right"),
            Column("match", "match"),
        ],
        fmt,
        title=f"{name!r}: {len(rows)} candidates",
    )


@app.command()
def geocode(
    file: Annotated[
        Path, typer.Argument(help="A text, HTML, JSONL, feed or WARC file.", show_default=False)
    ],
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = OutputFormat.TABLE,
) -> None:
    """Show every place mention in a file and the GeoNames place it resolves to, with runner-ups.

    Builds the gazetteer first if there is none (about a minute, once).
    """
    from frontlines.geo import default_gazetteer_path
    from frontlines.geo.gazetteer import geonames_id
    from frontlines.library import places_in_file

    if not file.exists():
        raise PathNotFound(path=str(file))
    if not default_gazetteer_path().exists():
        err_console.print("building the gazetteer first (about a minute, once)", highlight=False)
    docs = places_in_file(file)
    rows: list[dict[str, Any]] = []
    for source, mentions in docs:
        for m in mentions:
            row = {
                key: getattr(m, key)
                for key in (
                    "text",
                    "start",
                    "end",
                    "geonameid",
                    "name",
                    "feature_code",
                    "lat",
                    "lon",
                    "country_code",
                    "admin1_code",
                    "admin2_code",
                    "confidence",
                )
            }
            row["geonameid"], row["place_id"] = geonames_id(m.geonameid), m.geonameid
            row["candidates"] = [
                {"geonameid": geonames_id(g), "place_id": g, "name": n, "score": sc}
                for g, n, sc in m.candidates
            ]
            if len(docs) > 1:
                row["source"] = source
            rows.append(row)
    emit(
        rows,
        [
            Column("text", "mention", max_width=30),
            Column("start", "start", justify="right"),
            Column("geonameid", "geonameid"),
            Column("name", "place", max_width=30),
            Column("feature_code", "kind"),
            Column("country_code", "cc"),
            Column("admin1_code", "adm1"),
            Column("confidence", "conf", justify="right"),
        ],
        fmt,
        title=f"{len(rows)} place mentions",
    )
