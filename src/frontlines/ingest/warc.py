"""WARC archives (``.warc``, ``.warc.gz``): one document per archived HTML page.

Reads: ``response`` records with HTTP status 200 and an HTML content type;
every other record is skipped without a word. Sets per page: what the HTML
extraction sets, with ``url`` the ``WARC-Target-URI`` and, when the page
states no date, ``published`` from ``WARC-Date`` (the capture time: an upper
bound, so lower confidence). ``source`` is ``<path>#record=<n>``, counting
every record in the file from 1.

The archive is streamed: the size cap (``max_document_bytes``) applies to
each record's payload, decoded, not to the file; the header lines of a
record may take as much (at least 1 MiB), so a gzip bomb is read only that
far: headers past it stop the file with a ``too_large`` rejection. A corrupt
or truncated archive yields one ``malformed_warc`` rejection after the pages
read before the damage. Details are cut to a few hundred characters.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.utils import BUFF_SIZE

from frontlines.ingest.html import decode_html, html_document
from frontlines.ingest.payload import Payload, Undecodable, reject
from frontlines.models import DateSource, Published, RawDocument, Rejection
from frontlines.settings import Settings

_HTML_TYPES = ("text/html", "application/xhtml+xml")
# What warcio raises on damaged input. It also fails with AttributeError,
# IndexError or TypeError on some truncated headers, so those count as damage
# too, but only around its own parsing calls.
_WARC_ERRORS = (
    ArchiveLoadFailed,
    EOFError,
    OSError,
    ValueError,
    zlib.error,
    AttributeError,
    IndexError,
    TypeError,
)
_TRAILER_SLACK = 4  # an uncompressed WARC ends with CRLF CRLF after its last record
_DETAIL_CHARS = 300  # warcio quotes whole lines in its errors; a bomb's line is megabytes
_MIN_HEADER_BYTES = 1 << 20  # header lines of a record may take this much even under a small cap


class _Damaged(Exception):
    """The archive broke at this point; ``str()`` says how."""


class _Oversized(Exception):
    """A record's header lines passed the cap; ``str()`` says which record."""


class _LineBudgetReader(DecompressingBufferedReader):
    """warcio's reader, refusing line reads past a budget of bytes (``budget``, set per record).

    warcio reads header lines whole, however long; without this a gzip of
    zeros becomes one line of hundreds of megabytes.
    """

    budget = 0

    def readline(self, length: int | None = None) -> bytes:
        cap = self.budget + 1
        line: bytes = super().readline(cap if length is None else min(length, cap))
        self.budget -= len(line)
        if self.budget < 0:
            raise _Oversized
        return line


class _TrackedIterator(ArchiveIterator):
    """warcio's iterator, remembering whether the last gzip member ended cleanly."""

    gzip_complete: bool | None = None

    def __init__(self, fileobj: BinaryIO) -> None:
        super().__init__(fileobj)
        self.reader = _LineBudgetReader(self.fh, block_size=BUFF_SIZE)

    def close(self) -> None:
        decompressor = getattr(getattr(self, "reader", None), "decompressor", None)
        if decompressor is not None:
            self.gzip_complete = bool(getattr(decompressor, "eof", True))
        super().close()


@dataclass
class _Page:
    number: int
    uri: str | None
    warc_date: str | None
    charset: str | None
    body: bytes | None  # None when over the cap
    declared: int  # the record's Content-Length (HTTP headers and payload)


def read_warc(payload: Payload, settings: Settings) -> Iterator[RawDocument | Rejection]:
    """Read a WARC archive; yield a document or rejection per HTML page, and one if it is damaged."""
    with payload.open() as stream:
        try:
            for page in _pages(stream, payload.size, settings.max_document_bytes):
                yield _read_page(page, payload.source, settings)
        except _Damaged as exc:
            yield reject(
                "malformed_warc",
                payload.source,
                head=payload.head,
                size=payload.size,
                detail=str(exc),
            )
        except _Oversized as exc:
            yield reject(
                "too_large",
                payload.source,
                head=payload.head,
                size=_header_budget(settings.max_document_bytes),
                limit=_header_budget(settings.max_document_bytes),
                more="more than ",
                detail=str(exc),
            )


def _header_budget(limit: int) -> int:
    """How many bytes the header lines of one record may take, decoded."""
    return max(limit, _MIN_HEADER_BYTES)


def _short(text: str) -> str:
    return text if len(text) <= _DETAIL_CHARS else text[:_DETAIL_CHARS] + "…"


def _pages(stream: BinaryIO, size: int, limit: int) -> Iterator[_Page]:
    """The HTML pages of the archive; raises :class:`_Damaged` where it breaks."""
    iterator = _TrackedIterator(stream)
    records = iter(iterator)
    number = 0
    end = 0
    while True:
        warnings_out = io.StringIO()
        iterator.reader.budget = budget = _header_budget(limit)
        try:
            with contextlib.redirect_stderr(warnings_out):  # warcio prints format warnings
                record = next(records)
        except StopIteration:
            break
        except _Oversized:
            raise _Oversized(
                _after(number, f"record {number + 1}'s header lines pass {budget} bytes decoded")
            ) from None
        except _WARC_ERRORS as exc:
            raise _Damaged(_after(number, f"{type(exc).__name__}: {exc}")) from None
        if record.format != "warc":  # warcio reads any line-based text as a legacy ARC file
            raise _Damaged(_after(number, f"not a WARC record ({record.format} format)"))
        if not _complete_headers(record):
            raise _Damaged(_after(number, f"record {number + 1} has incomplete headers"))
        number += 1
        try:
            with contextlib.redirect_stderr(warnings_out):
                page = _page(record, number, limit) if _is_html_page(record) else None
                _drain(record)
                iterator.read_to_end()
            end = iterator.get_record_offset() + iterator.get_record_length()
        except _Oversized:
            raise _Oversized(
                _after(number - 1, f"record {number}'s header lines pass {budget} bytes decoded")
            ) from None
        except _WARC_ERRORS as exc:
            raise _Damaged(_after(number - 1, f"record {number}: {exc}")) from None
        if _truncated(record):
            raise _Damaged(_after(number - 1, f"record {number} is cut short"))
        if warnings_out.getvalue().strip():
            raise _Damaged(_after(number - 1, warnings_out.getvalue().strip()))
        if page is not None:
            yield page
    if number == 0:
        raise _Damaged("no WARC records found")
    if iterator.gzip_complete is False:
        raise _Damaged(_after(number, "the last gzip member is cut short"))
    if size - end > _TRAILER_SLACK or (iterator.gzip_complete and size > end):
        tail = _tail(stream, end)
        if tail.strip():
            raise _Damaged(_after(number, f"{size - end} unreadable bytes at offset {end}"))


def _after(count: int, what: str) -> str:
    return f"{_short(what)} (after {count} complete records)"


def _tail(stream: BinaryIO, offset: int) -> bytes:
    """Up to 64 bytes of the raw file from ``offset`` (to tell padding from a cut record)."""
    try:
        stream.seek(offset)
        return stream.read(64)
    except (OSError, ValueError):
        return b"?"


def _is_html_page(record: ArcWarcRecord) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    if record.http_headers.get_statuscode() != "200":
        return False
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    return content_type.split(";")[0].strip() in _HTML_TYPES


def _page(record: ArcWarcRecord, number: int, limit: int) -> _Page:
    """Read an HTML response record's payload, keeping at most ``limit`` bytes."""
    body = record.content_stream().read(limit + 1)
    content_type = record.http_headers.get_header("Content-Type") or ""
    charset = None
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    return _Page(
        number=number,
        uri=record.rec_headers.get_header("WARC-Target-URI"),
        warc_date=record.rec_headers.get_header("WARC-Date"),
        charset=charset,
        body=body if len(body) <= limit else None,
        declared=record.length,
    )


def _drain(record: ArcWarcRecord) -> None:
    """Read the rest of a record so warcio can tell where it ends (constant memory)."""
    while record.raw_stream.read(1 << 16):
        pass


def _complete_headers(record: ArcWarcRecord) -> bool:
    """Whether the record's WARC headers were read whole (type and length are mandatory)."""
    declared = record.rec_headers.get_header("Content-Length")
    if not record.rec_type or declared is None or not declared.strip().isdigit():
        return False
    # warcio drops a length it could not use; a cut header block shows up this way
    return record.length == int(declared)


def _truncated(record: ArcWarcRecord) -> bool:
    """Whether the file ended before the record's declared length."""
    remaining = getattr(record.raw_stream, "limit", 0)
    return isinstance(remaining, int) and remaining > 0


def _read_page(page: _Page, source: str, settings: Settings) -> RawDocument | Rejection:
    """One archived page as a document, with the capture date as the fallback date."""
    where = f"{source}#record={page.number}"
    if page.body is None:
        limit = settings.max_document_bytes
        if page.declared > limit:
            return reject(
                "too_large",
                where,
                size=page.declared,
                limit=limit,
                detail=f"the record's Content-Length is {page.declared} bytes",
            )
        # a compressed payload (Content-Encoding) can decode past its record's length
        return reject(
            "too_large",
            where,
            size=limit,
            limit=limit,
            more="more than ",
            detail="the record's payload, decoded, is over the cap",
        )
    if not page.body.strip():
        return reject("empty", where, data=page.body)
    try:
        html = decode_html(page.body, declared=page.charset)
    except Undecodable as exc:
        return reject("undecodable", where, data=page.body, detail=str(exc))
    document = html_document(html, source=where, format="warc", url=page.uri)
    if document is None:
        return reject("no_main_text", where, data=page.body)
    if not document.published.is_known and page.warc_date:
        published = _warc_date(page.warc_date)
        if published.is_known:
            document = document.model_copy(update={"published": published})
    return document


def _warc_date(value: str) -> Published:
    """The capture day from a ``WARC-Date`` header: metadata, but only an upper bound."""
    try:
        day = dt.datetime.fromisoformat(value.strip()).date()
    except ValueError:
        return Published.unknown()
    return Published.exact(
        day, DateSource.METADATA, evidence=f"WARC-Date: {value.strip()}", confidence=0.5
    )
