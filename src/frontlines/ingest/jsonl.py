"""JSON Lines dumps: one article per line, as text or as HTML.

Reads: lines holding a JSON object with ``text`` or ``html`` and optionally
``url``, ``title``, ``outlet`` and ``published``. Sets: a document per line,
``source`` ``<path>#line=<n>`` (1-based). ``text`` is used as given (``html``
is then kept as ``raw_html``); ``html`` alone goes through the HTML
extraction, and the record's own fields win over what the page says.

The file is streamed line by line, so the size cap applies to each line, not
to the whole dump. Blank lines are skipped; a broken line becomes a
rejection and every other line still counts.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from frontlines.ingest.html import html_document
from frontlines.ingest.payload import (
    Payload,
    Undecodable,
    decode_bytes,
    normalize_newlines,
    reject,
    scrub_surrogates,
)
from frontlines.models import DatePrecision, DateSource, Published, RawDocument, Rejection
from frontlines.settings import Settings

_READ_CHUNK = 1 << 16
_STRING_FIELDS = ("url", "title", "outlet")


def read_jsonl(payload: Payload, settings: Settings) -> Iterator[RawDocument | Rejection]:
    """Read a JSONL dump; yield one document or rejection per non-blank line."""
    records = 0
    with payload.open() as stream:
        for number, line, size in _lines(stream, settings.max_document_bytes):
            source = f"{payload.source}#line={number}"
            if line is None:
                records += 1
                yield reject(
                    "too_large",
                    source,
                    size=size,
                    limit=settings.max_document_bytes,
                    detail=f"line {number} is over the cap",
                )
                continue
            if number == 1:
                line = line.removeprefix(b"\xef\xbb\xbf")
            if not line.strip():
                continue
            records += 1
            yield _read_record(line, number, source, payload)
    if records == 0:
        yield reject(
            "empty",
            payload.source,
            head=payload.head,
            size=payload.size,
            detail="no records, only blank lines",
        )


def _lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None, int]]:
    """Number, bytes and size of each line; bytes None for a line over ``limit`` (not kept)."""
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) <= limit or line.endswith(b"\n"):
            yield number, line, len(line)
            continue
        size = len(line)
        while not line.endswith(b"\n"):  # skip the rest of the oversized line
            line = stream.readline(_READ_CHUNK)
            if not line:
                break
            size += len(line)
        yield number, None, size


def _read_record(
    line: bytes, number: int, source: str, payload: Payload
) -> RawDocument | Rejection:
    """One line as a document, or the rejection that says what is wrong with it."""
    try:
        record = json.loads(decode_bytes(line))
    except Undecodable as exc:
        return reject("undecodable", source, data=line, detail=str(exc))
    except json.JSONDecodeError as exc:
        return reject("malformed_jsonl", source, data=line, line=number, detail=_json_problem(exc))
    if not isinstance(record, dict):
        return reject(
            "malformed_jsonl",
            source,
            data=line,
            line=number,
            detail=f"found a JSON {type(record).__name__}",
        )
    # JSON may escape a lone surrogate ("\\ud800"), which no encoder or database takes.
    record = {k: scrub_surrogates(v) if isinstance(v, str) else v for k, v in record.items()}
    for name in ("text", "html", *_STRING_FIELDS):
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            return reject(
                "bad_field",
                source,
                data=line,
                field=name,
                detail=f"expected a string, found {type(value).__name__}",
            )
    text, html = record.get("text"), record.get("html")
    if not (text and text.strip()) and not (html and html.strip()):
        if text is None and html is None:
            return reject("missing_field", source, data=line)
        return reject("empty", source, data=line, detail="'text' and 'html' are blank")
    fields = {name: _field(record, name) for name in _STRING_FIELDS}
    if text and text.strip():
        document = RawDocument(
            source=source, format="jsonl", text=normalize_newlines(text), raw_html=html or None
        )
    else:
        extracted = html_document(html or "", source=source, format="jsonl", url=fields["url"])
        if extracted is None:
            return reject("no_main_text", source, data=line)
        document = extracted
    published = published_field(record.get("published"))
    if not published.is_known and document.published.is_known:
        published = document.published
    updates: dict[str, Any] = {name: value for name, value in fields.items() if value}
    updates["published"] = published
    return document.model_copy(update=updates)


def _json_problem(exc: json.JSONDecodeError) -> str:
    """The parser's complaint as a whole phrase: "invalid control character U+0000 at column 12"."""
    message = exc.msg.removesuffix(" at")
    if message == "Invalid control character" and exc.pos < len(exc.doc):
        if not exc.doc[exc.pos :].strip():  # the line break ending the line, inside a string
            return f"the line ends inside a string at column {exc.colno} (the record is cut short)"
        message += f" U+{ord(exc.doc[exc.pos]):04X}"
    return f"{message[:1].lower()}{message[1:]} at column {exc.colno}"


def _field(record: dict[str, Any], name: str) -> str | None:
    value = record.get(name)
    if not isinstance(value, str):
        return None
    return value.strip() or None


def published_field(value: object) -> Published:
    """A record's ``published`` value as an exact date (source ``metadata``).

    Accepts ISO dates and datetimes (``2024-11-30``, ``2024-11-30T15:54:00Z``)
    and RFC 2822 dates (``Sat, 30 Nov 2024 15:54:00 GMT``). Anything else
    leaves the date unknown but the record still ingests: a bad date should
    not cost the article. The unusable value is kept as the evidence.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return Published.unknown()
    evidence = f"published: {value}"
    day = _parse_day(value) if isinstance(value, str) else None
    if day is None and isinstance(value, str):
        span = _parse_month_or_year(value)  # "2021-08", "2021": the page shows no day
        if span is not None:
            start, end, precision = span
            return Published(
                start=start,
                end=end,
                precision=precision,
                source=DateSource.METADATA,
                evidence=evidence,
                confidence=0.9,
            )
    if day is None:
        return Published(evidence=f"unusable {evidence!r}")
    return Published.exact(day, DateSource.METADATA, evidence=evidence)


def _parse_month_or_year(value: str) -> tuple[dt.date, dt.date, DatePrecision] | None:
    """ "2021-08" as all of August 2021, "2021" as all of 2021; None for anything else."""
    m = re.fullmatch(r"\s*(\d{4})(?:-(\d{1,2}))?\s*", value)
    if m is None:
        return None
    year = int(m.group(1))
    if m.group(2) is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31), DatePrecision.YEAR
    month = int(m.group(2))
    if not 1 <= month <= 12:
        return None
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return dt.date(year, month, 1), nxt - dt.timedelta(days=1), DatePrecision.MONTH


def _parse_day(value: str) -> dt.date | None:
    value = value.strip()
    try:
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        pass
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.date() if parsed is not None else None
