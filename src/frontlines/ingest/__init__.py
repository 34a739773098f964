"""Ingest: readers that turn files, folders and URLs into raw documents or rejections.

``expand_sources`` lists the units of work, ``detect_format`` names the
reader for one, and ``read_source`` reads it: plain text, HTML, JSON Lines,
RSS/Atom feeds, WARC archives, or a URL (with ``fetch``). Every problem with
the input becomes a :class:`~frontlines.models.Rejection`, never an exception.
"""

from __future__ import annotations

from frontlines.ingest.sources import (
    FORMATS,
    Overrides,
    detect_format,
    expand_sources,
    read_source,
)

__all__ = ["FORMATS", "Overrides", "detect_format", "expand_sources", "read_source"]
