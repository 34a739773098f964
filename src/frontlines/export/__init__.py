"""Exports: merged events as ACLED-style CSV, GeoJSON, Parquet or output-contract JSON lines."""

from frontlines.export.acled import ACLED_COLUMNS, COLUMNS, EXTRA_COLUMNS, AdminNames, event_row
from frontlines.export.writers import (
    ExportFormat,
    ExportResult,
    check_overwrite,
    export_events,
    export_format,
    geojson_collection,
)

__all__ = [
    "ACLED_COLUMNS",
    "COLUMNS",
    "EXTRA_COLUMNS",
    "AdminNames",
    "ExportFormat",
    "ExportResult",
    "event_row",
    "check_overwrite",
    "export_events",
    "export_format",
    "geojson_collection",
]
