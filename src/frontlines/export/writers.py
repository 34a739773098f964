"""Writing events to files analysts open elsewhere: ACLED-style CSV, GeoJSON, Parquet, JSON lines.

Reads merged :class:`~frontlines.events.model.Event` records; writes one file
and returns an :class:`ExportResult` (how many events went in, how many were
left out and why). CSV and Parquet hold the flat rows of :mod:`.acled`; GeoJSON
holds the same rows as the properties of Point features; JSON lines hold the
output contract of the eval README, one event a line.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from frontlines.errors import BadOption
from frontlines.events.model import Event
from frontlines.export.acled import (
    BOOLEAN_COLUMNS,
    COLUMNS,
    DATE_COLUMNS,
    FLOAT_COLUMNS,
    INTEGER_COLUMNS,
    AdminNames,
    cell_text,
    event_row,
)


class ExportFormat(enum.StrEnum):
    ACLED_CSV = "acled-csv"
    GEOJSON = "geojson"
    PARQUET = "parquet"
    JSONL = "jsonl"


_SUFFIXES: dict[str, ExportFormat] = {
    ".csv": ExportFormat.ACLED_CSV,
    ".geojson": ExportFormat.GEOJSON,
    ".parquet": ExportFormat.PARQUET,
    ".jsonl": ExportFormat.JSONL,
}


def export_format(name: str | None, out: Path) -> ExportFormat:
    """The format named (any case), else the one ``out``'s suffix implies."""
    choices = ", ".join(f.value for f in ExportFormat)
    if name is None:
        found = _SUFFIXES.get(out.suffix.lower())
        if found is None:
            raise BadOption(
                detail=f"cannot tell the export format from {out.name!r}; add --format ({choices})"
            )
        return found
    try:
        return ExportFormat(name.lower())
    except ValueError:
        raise BadOption(
            detail=f"unknown export format {name!r}; choose one of: {choices}"
        ) from None


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: ``written`` events; ``without_coordinates`` left out of GeoJSON."""

    path: Path
    format: ExportFormat
    written: int
    without_coordinates: int = 0


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _write_csv(rows: Iterable[dict[str, Any]], out: Path) -> int:
    n = 0
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(COLUMNS))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: cell_text(row[k]) for k in COLUMNS})
            n += 1
    return n


def geojson_collection(
    events: Sequence[Event], names: AdminNames | None = None
) -> tuple[dict[str, Any], int]:
    """A GeoJSON FeatureCollection of the events with coordinates, and how many had none."""
    features: list[dict[str, Any]] = []
    skipped = 0
    for e in events:
        if e.place is None or e.place.lat is None or e.place.lon is None:
            skipped += 1
            continue
        row = event_row(e, names)
        features.append(
            {
                "type": "Feature",
                "id": e.id,
                # GeoJSON (RFC 7946) orders positions longitude first
                "geometry": {"type": "Point", "coordinates": [e.place.lon, e.place.lat]},
                "properties": json.loads(json.dumps(row, default=_json_default)),
            }
        )
    return {"type": "FeatureCollection", "features": features}, skipped


def _arrow_schema() -> Any:
    import pyarrow as pa

    def kind(name: str) -> Any:
        if name in INTEGER_COLUMNS:
            return pa.int64()
        if name in FLOAT_COLUMNS:
            return pa.float64()
        if name in BOOLEAN_COLUMNS:
            return pa.bool_()
        if name in DATE_COLUMNS:
            return pa.date32()
        return pa.string()

    return pa.schema([(name, kind(name)) for name in COLUMNS])


def _write_parquet(rows: list[dict[str, Any]], out: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _arrow_schema()
    table = pa.Table.from_pylist(rows, schema=schema) if rows else schema.empty_table()
    pq.write_table(table, out)
    return len(rows)


def _write_jsonl(events: Sequence[Event], out: Path) -> int:
    # The output contract lives with the `events` command; one definition, not two.
    from frontlines.queries import event_record

    with out.open("w", encoding="utf-8") as fh:
        for e in events:
            fh.write(json.dumps(event_record(e), default=_json_default, ensure_ascii=False) + "\n")
    return len(events)


_SQLITE_MAGIC = b"SQLite format 3\x00"


def check_overwrite(
    out: Path, fmt: ExportFormat, *, force: bool = False, protected: Sequence[Path] = ()
) -> None:
    """Refuse an output path that would destroy something: a database in ``protected`` (with
    its journal files), always; any other existing file not of the export's own format (an
    earlier export may be replaced), unless ``force``."""
    target = out.expanduser().resolve()
    for db in protected:
        db = db.expanduser().resolve()
        guarded = [db, *(db.with_name(db.name + s) for s in ("-wal", "-shm", "-journal", ".lock"))]
        if target in guarded:
            raise BadOption(detail=f"refusing to write the export over the database {db}")
    if force or not target.exists() or target.is_dir():
        return
    if target.stat().st_size == 0 or _is_export(target, fmt):
        return
    what = (
        "a SQLite database"
        if _head(target, 16) == _SQLITE_MAGIC
        else f"not an export in the {fmt.value} format"
    )
    raise BadOption(
        detail=f"{out} exists and is {what}; pass --force to replace it, or choose another --out"
    )


def _head(path: Path, n: int) -> bytes:
    try:
        with path.open("rb") as f:
            return f.read(n)
    except OSError:
        return b""


def _is_export(path: Path, fmt: ExportFormat) -> bool:
    """Whether an existing file looks like an export of this format (so replacing it is safe)."""
    head = _head(path, 4096)
    if fmt is ExportFormat.PARQUET:
        return head.startswith(b"PAR1")
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    first = text.split("\n", 1)[0].strip()
    if fmt is ExportFormat.ACLED_CSV:
        return first.split(",")[:2] == list(COLUMNS[:2])
    if fmt is ExportFormat.GEOJSON:
        return text.lstrip().startswith("{") and '"FeatureCollection"' in text
    try:
        return isinstance(json.loads(first), dict)
    except json.JSONDecodeError:
        return False


def export_events(
    events: Sequence[Event],
    fmt: ExportFormat | str,
    out: Path | str,
    *,
    names: AdminNames | None = None,
) -> ExportResult:
    """Write ``events`` to ``out`` in ``fmt``; ``names`` fills ACLED's admin1/admin2 columns."""
    out = Path(out)
    fmt = export_format(str(fmt), out)
    if not out.parent.is_dir():
        raise BadOption(detail=f"cannot write {out}: the folder {out.parent} does not exist")
    if fmt is ExportFormat.ACLED_CSV:
        return ExportResult(out, fmt, _write_csv((event_row(e, names) for e in events), out))
    if fmt is ExportFormat.PARQUET:
        return ExportResult(out, fmt, _write_parquet([event_row(e, names) for e in events], out))
    if fmt is ExportFormat.JSONL:
        return ExportResult(out, fmt, _write_jsonl(events, out))
    collection, skipped = geojson_collection(events, names)
    out.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    return ExportResult(out, fmt, len(collection["features"]), without_coordinates=skipped)
