"""RSS and Atom feeds: one document per entry.

Reads: a feed file or download, parsed by feedparser (offline: it is only
ever given bytes). Sets per entry: ``text`` (from ``content[0]`` or
``summary``, HTML turned into text), ``title``, ``url`` (the entry link),
``outlet`` (the feed title), ``published`` (the entry's published date, else
its updated date; source ``metadata``), ``raw_html``; ``source``
``<path>#entry=<n>`` (1-based).

A feed feedparser could only partly parse (``bozo``) keeps every entry it
recovered and adds one ``malformed_feed`` rejection for the file.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import warnings
from collections.abc import Iterator
from typing import Any

import feedparser

from frontlines.ingest.html import fragment_main_text, quiet_libraries
from frontlines.ingest.payload import Payload, reject, scrub_surrogates
from frontlines.models import DateSource, Published, RawDocument, Rejection
from frontlines.settings import Settings

# bozo exceptions that say something odd about the feed but lose no content
_HARMLESS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")
_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")


def read_feed(payload: Payload, settings: Settings) -> Iterator[RawDocument | Rejection]:
    """Read an RSS/Atom feed; yield a document (or rejection) per entry, plus one if it is broken."""
    data = payload.read_all()
    if not data.strip():
        yield reject("empty", payload.source, data=data)
        return
    headers = {"content-location": payload.url} if payload.url else None
    try:
        with quiet_libraries():
            parsed = feedparser.parse(_valid_char_refs(data), response_headers=headers)
    except Exception as exc:  # feedparser's fallback parser is not hardened against every input
        detail = f"{type(exc).__name__}: {exc}"
        yield reject("malformed_feed", payload.source, data=data, detail=detail)
        return
    feed = _plain(parsed.get("feed", {}))
    entries = [_plain(entry) for entry in parsed.get("entries", [])]
    outlet = _text(feed.get("title"))
    for number, entry in enumerate(entries, start=1):
        yield _read_entry(entry, f"{payload.source}#entry={number}", outlet)
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if problem is not None and not isinstance(problem, _HARMLESS):
        detail = f"{type(problem).__name__}: {problem}"
        if entries:
            detail += f" (kept the {len(entries)} entries read before it)"
        yield reject("malformed_feed", payload.source, data=data, detail=detail)
    elif not entries:
        yield reject("empty", payload.source, data=data, detail="the feed has no entries")


def _valid_char_refs(data: bytes) -> bytes:
    """``data`` with each character reference to no character (``&#55296;``) as ``&#xFFFD;``.

    feedparser's fallback parser raises on a reference to a lone surrogate.
    """

    def replace(match: re.Match[bytes]) -> bytes:
        hexa, decimal = match.groups()
        code = int(hexa, 16) if hexa else int(decimal)
        valid = code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF
        return match.group(0) if valid else b"&#xFFFD;"

    return _CHAR_REF.sub(replace, data)


def _read_entry(entry: dict[str, Any], source: str, outlet: str | None) -> RawDocument | Rejection:
    """One feed entry as a document, or an ``empty`` rejection when it carries no text."""
    body, is_html = _entry_body(entry)
    text = fragment_main_text(body) if is_html else body.strip()
    if not text:
        return reject(
            "empty",
            source,
            data=repr(entry).encode("utf-8"),
            detail="the entry has no content or summary",
        )
    return RawDocument(
        source=source,
        format="rss",
        text=text,
        title=_text(entry.get("title")),
        url=_text(entry.get("link")),
        outlet=outlet,
        published=_entry_published(entry),
        raw_html=body if is_html else None,
    )


def _entry_body(entry: dict[str, Any]) -> tuple[str, bool]:
    """The entry's body (``content[0]``, else ``summary``) and whether it is HTML."""
    contents = entry.get("content") or []
    if contents and _text(contents[0].get("value")):
        value, kind = contents[0].get("value", ""), contents[0].get("type", "")
    else:
        detail = entry.get("summary_detail") or {}
        value, kind = entry.get("summary") or "", detail.get("type", "text/html")
    kind = (kind or "text/html").lower()
    # feedparser labels unknown bodies text/html; plain text without markup is fine either way
    return value, kind in _HTML_TYPES or "<" in value


def _entry_published(entry: dict[str, Any]) -> Published:
    """The entry's publication day from ``published``, else ``updated`` (less sure)."""
    for key, confidence in (("published", 1.0), ("updated", 0.7)):
        parsed = entry.get(f"{key}_parsed")
        if isinstance(parsed, time.struct_time):
            try:
                day = dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
            except ValueError:
                continue
            evidence = f"entry {key}: {entry.get(key)}"
            return Published.exact(
                day, DateSource.METADATA, evidence=evidence, confidence=confidence
            )
    return Published.unknown()


def _plain(value: Any) -> dict[str, Any]:
    """A feedparser dict as a plain dict, without its deprecated key aliases or lone surrogates.

    feedparser turns ``&#55296;`` into a lone surrogate, which no encoder or
    HTML parser takes: each becomes U+FFFD.
    """
    if not isinstance(value, dict):
        return {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {key: _scrubbed(item) for key, item in value.items()}


def _scrubbed(value: Any) -> Any:
    """``value`` with lone surrogates replaced in every string it holds."""
    if isinstance(value, str):
        return scrub_surrogates(value)
    if isinstance(value, dict):
        return {key: _scrubbed(item) for key, item in value.items()}
    if isinstance(value, list):  # not tuples: the parsed dates are time.struct_time
        return [_scrubbed(item) for item in value]
    return value


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return value.strip() or None
