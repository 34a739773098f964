"""Writing data out: one function for every command's ``--format table|json|jsonl|csv``."""

from __future__ import annotations

import csv
import datetime as dt
import enum
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

# Piped output (logs, CI) has no terminal width; 80 columns would fold every table.
console = Console(width=None if sys.stdout.isatty() else 160)
err_console = Console(stderr=True, width=None if sys.stderr.isatty() else 160)


class OutputFormat(enum.StrEnum):
    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    max_width: int | None = None
    justify: str = "left"
    no_wrap: bool = False  # ids: never broken over lines, whatever the width


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _cell(value: Any) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def emit(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[Column],
    fmt: OutputFormat,
    *,
    title: str | None = None,
    console_: Console | None = None,
) -> None:
    """Print ``rows``: a rich table of ``columns``, or every key as JSON, JSON lines or CSV."""
    if fmt is OutputFormat.JSON:
        sys.stdout.write(
            json.dumps(list(rows), default=_plain, ensure_ascii=False, indent=2) + "\n"
        )
    elif fmt is OutputFormat.JSONL:
        for row in rows:
            sys.stdout.write(json.dumps(row, default=_plain, ensure_ascii=False) + "\n")
    elif fmt is OutputFormat.CSV:
        keys = list(rows[0].keys()) if rows else [c.key for c in columns]
        writer = csv.DictWriter(
            sys.stdout, fieldnames=keys, extrasaction="ignore", lineterminator="\n"
        )
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(row.get(k)) for k in keys})
    else:
        table = Table(title=title, show_lines=False, header_style="bold")
        for col in columns:
            table.add_column(
                col.header,
                max_width=col.max_width,
                justify=col.justify,  # type: ignore[arg-type]
                overflow="fold",
                no_wrap=col.no_wrap,
                min_width=16 if col.no_wrap else None,
            )
        for row in rows:  # cells are data: "[d48502be]" in a sentence is text, not rich markup
            table.add_row(*(Text(_cell(row.get(c.key))) for c in columns))
        out = console_ or console
        out.print(table)
        if not rows:
            out.print("[dim](nothing to show)[/dim]")
