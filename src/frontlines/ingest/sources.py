"""From what the user named to readers: expand sources, detect formats, dispatch.

``expand_sources`` turns paths, directories and URLs into units of work;
``read_source`` reads one unit: it checks size, emptiness and binary content
once for every format, picks the reader (given, else sniffed from the bytes,
else from the file name) and applies the user's overrides to what it yields.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from pydantic import BaseModel

from frontlines import errors
from frontlines.ingest.feeds import read_feed
from frontlines.ingest.fetch import SCHEMES, Download, fetch, is_url
from frontlines.ingest.html import read_html
from frontlines.ingest.jsonl import read_jsonl
from frontlines.ingest.payload import (
    Payload,
    binary_kind,
    file_kind,
    is_warc_head,
    printable_path,
    reject,
    sample_text,
    scrub_surrogates,
)
from frontlines.ingest.text import read_text
from frontlines.ingest.warc import read_warc
from frontlines.models import DateSource, Published, RawDocument, Rejection
from frontlines.settings import Settings

FORMATS: tuple[str, ...] = ("text", "html", "jsonl", "rss", "warc")
Reader = Callable[[Payload, Settings], Iterator[RawDocument | Rejection]]
READERS: dict[str, Reader] = {
    "text": read_text,
    "html": read_html,
    "jsonl": read_jsonl,
    "rss": read_feed,
    "warc": read_warc,
}
# Formats read line by line or record by record: the size cap is per record.
STREAMED = frozenset({"jsonl", "warc"})

_EXTENSIONS: tuple[tuple[str, str], ...] = (
    (".warc.gz", "warc"),
    (".warc", "warc"),
    (".txt", "text"),
    (".md", "text"),
    (".html", "html"),
    (".htm", "html"),
    (".jsonl", "jsonl"),
    (".ndjson", "jsonl"),
    (".xml", "rss"),
    (".rss", "rss"),
    (".atom", "rss"),
)
_CONTENT_TYPES: dict[str, str] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/rss+xml": "rss",
    "application/atom+xml": "rss",
    "application/rdf+xml": "rss",
    "application/x-ndjson": "jsonl",
    "application/ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/x-jsonlines": "jsonl",
    "application/warc": "warc",
    "text/plain": "text",
}
_XML_TYPES = frozenset({"application/xml", "text/xml"})
_SKIPPED_NAMES = frozenset({"__MACOSX", "Thumbs.db", "desktop.ini"})
# A folder's own papers, not news in it: "README.md", "LICENSE", "manifest.json", a gold file
# of annotations ("events.gold.jsonl"). Skipped while walking a folder; named, they are read.
_FOLDER_PAPERS = re.compile(
    r"^(?:readme|license|licence|notice|changelog|copying|authors)(?:\.[a-z0-9]+)*$"
    r"|^manifest\.json$|\.gold\.jsonl?$",
    re.I,
)
_PROLOG = re.compile(r"^(?:\s+|<\?xml[^>]*\?>|<!--.*?-->|<!doctype(?!\s+html)[^>]*>)*", re.I | re.S)
_ROOT = re.compile(r"<(!doctype\s+html|[a-z][\w:.-]*)", re.I)


class Overrides(BaseModel):
    """What the user says about every document of a source, replacing what the reader found."""

    published: dt.date | None = None
    outlet: str | None = None
    url: str | None = None


def expand_sources(sources: Sequence[str], *, fetch: bool = False) -> list[str]:
    """The units of work the user named: files as given, directories walked, URLs if allowed.

    Directories are walked recursively in sorted order, skipping hidden files
    and folders (``.git``, ``.DS_Store``) and the folder's own papers (a README,
    a licence, a manifest, a gold file); a folder that cannot be walked is
    listed itself, so that reading it gives its rejection. Raises
    ``PathNotFound`` for a missing path and ``FetchNotAllowed`` for a URL
    without ``fetch`` (or any URL that is not http/https).
    """
    items: list[str] = []
    seen: set[str] = set()

    def add(item: str) -> None:
        if item not in seen:
            seen.add(item)
            items.append(item)

    for source in sources:
        if is_url(source) and not os.path.exists(source):
            scheme = urlsplit(source).scheme.lower()
            if scheme == "file":
                raise errors.FileUrlRefused(source=source)
            if not fetch or scheme not in SCHEMES:
                raise errors.FetchNotAllowed(source=source)
            add(source)
            continue
        path = Path(source).expanduser()
        if path.is_dir():
            for found in _walk(path):
                add(str(found))
        elif path.exists():
            add(str(path) if source.startswith("~") else source)
        else:
            raise errors.PathNotFound(path=source)
    return items


def _walk(root: Path) -> list[Path]:
    """Every visible file under ``root``, and every folder that could not be walked, sorted.

    Links to folders are followed, each real folder once: a link to a folder
    already walked (a loop, or a second link) is listed instead of followed,
    and so is a folder that cannot be listed.
    """
    found: list[Path] = []
    walked: set[tuple[int, int]] = set()

    def failed(error: OSError) -> None:
        found.append(Path(error.filename))

    for folder, dirnames, filenames in os.walk(root, onerror=failed, followlinks=True):
        here = _identity(folder)
        if here is not None:
            walked.add(here)
        visible = sorted((name for name in dirnames if not _hidden(name)), key=_is_link_in(folder))
        dirnames[:] = []
        for name in visible:  # real folders first, so a link never hides the folder itself
            path = os.path.join(folder, name)
            key = _identity(path)
            if key in walked:
                found.append(Path(path))
                continue
            if key is not None:
                walked.add(key)
            dirnames.append(name)
        found.extend(
            Path(folder, name)
            for name in filenames
            if not _hidden(name) and not _FOLDER_PAPERS.search(name)
        )
    return sorted(found, key=lambda path: path.relative_to(root).parts)


def _identity(path: str) -> tuple[int, int] | None:
    """The device and inode of what ``path`` names, links followed; None if it cannot be stat'ed."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _is_link_in(folder: str) -> Callable[[str], bool]:
    return lambda name: os.path.islink(os.path.join(folder, name))


def _hidden(name: str) -> bool:
    return name.startswith(".") or name in _SKIPPED_NAMES


def detect_format(name: str, head: bytes) -> str | None:
    """The reader for an input, from its first bytes, else its file name; None if unknown.

    Content wins: a WARC (plain or gzip), a feed root (``<rss``, ``<feed``,
    ``<rdf:RDF``), an HTML root or doctype, a JSON object on the first line.
    Then the extension. A file without any extension whose head is UTF-8
    text is read as text.
    """
    if is_warc_head(head):
        return "warc"
    sniffed = _sniff_markup(head) or _sniff_jsonl(head)
    if sniffed:
        return sniffed
    path = urlsplit(name).path if is_url(name) else name
    lowered = os.path.basename(path).lower()
    for extension, format_name in _EXTENSIONS:
        if lowered.endswith(extension):
            return format_name
    if "." not in lowered.lstrip(".") and head and _looks_utf8(head):
        return "text"
    return None


def _head_text(head: bytes) -> str:
    return sample_text(head[:4096]) if head else ""


def _sniff_markup(head: bytes) -> str | None:
    text = _head_text(head).lstrip("\ufeff")
    if "<" not in text[:1024]:
        return None
    prolog = _PROLOG.match(text)
    root = _ROOT.match(text, prolog.end() if prolog else 0)
    if root is None:
        return None
    tag = root.group(1).lower()
    if tag in ("rss", "feed", "rdf:rdf"):
        return "rss"
    if tag.startswith("!doctype") or tag in ("html", "head", "body"):
        return "html"
    return None


def _sniff_jsonl(head: bytes) -> str | None:
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if not text.startswith("{"):
        return None
    first, newline, _ = text.partition("\n")
    if not newline:  # the first line runs past the head
        return "jsonl" if re.match(r'\{\s*"', first) else None
    try:
        return "jsonl" if isinstance(json.loads(first), dict) else None
    except json.JSONDecodeError:
        return None


def _looks_utf8(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3  # a character cut by the end of the head
    return True


def read_source(
    item: str,
    *,
    format: str | None = None,
    settings: Settings,
    overrides: Overrides | None = None,
    client: httpx.Client | None = None,
) -> Iterator[RawDocument | Rejection]:
    """Read one file or URL into documents and rejections; never raises for bad input.

    ``format`` forces a reader; a name that is no reader raises
    ``UnknownFormat`` at once, before anything is read. Documents from a URL
    have format ``url`` and the final URL as ``url``.
    """
    if format is not None and format not in READERS:
        raise errors.UnknownFormat(name=format, choices=", ".join(FORMATS))
    return _read_source(item, format, settings, overrides, client)


def _read_source(
    item: str,
    format: str | None,
    settings: Settings,
    overrides: Overrides | None,
    client: httpx.Client | None,
) -> Iterator[RawDocument | Rejection]:
    if is_url(item) and not os.path.exists(item):
        records = _read_url(item, format, settings, client)
    else:
        records = _read_file(item, format, settings)
    for record in records:
        if isinstance(record, RawDocument) and overrides is not None:
            record = apply_overrides(record, overrides)
        yield record


def _read_file(
    path: str, format: str | None, settings: Settings
) -> Iterator[RawDocument | Rejection]:
    source = printable_path(path)  # a file name that is not UTF-8 is cited with \x escapes
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            yield reject("unreadable", source, detail=_folder_problem(path))
            return
        kind = file_kind(mode)
        if kind is not None:  # opening a FIFO would wait for a writer forever
            yield reject("unreadable", source, detail=f"{kind}, not a file")
            return
        payload = Payload.from_path(path, source=source)
    except OSError as exc:
        yield reject("unreadable", source, detail=exc.strerror or str(exc))
        return
    yield from read_payload(payload, format, settings)


def _folder_problem(path: str) -> str:
    """Why a folder is an item of its own: it cannot be listed, or it is a link not followed."""
    try:
        with os.scandir(path):
            pass
    except OSError as exc:
        return f"a folder that cannot be listed ({exc.strerror or exc})"
    if os.path.islink(path):
        target = os.path.realpath(path)
        parent = os.path.realpath(os.path.dirname(path) or ".")
        if parent == target or parent.startswith(target.rstrip(os.sep) + os.sep):
            why = f"a link back to the folder {printable_path(target)} it is in (a loop)"
        else:
            why = f"a second link to the folder {printable_path(target)}, read already"
        return f"{why}; not followed"
    return "it is a directory; name it as a source to walk it"


def _read_url(
    url: str, format: str | None, settings: Settings, client: httpx.Client | None
) -> Iterator[RawDocument | Rejection]:
    download = fetch(url, settings, client)
    if isinstance(download, Rejection):
        yield download
        return
    payload = Payload.from_bytes(url, download.body, url=download.url, charset=download.charset)
    chosen = format or _format_for(download)
    for record in read_payload(payload, chosen, settings):
        if isinstance(record, RawDocument):
            record = record.model_copy(update={"format": "url"})
        yield record


def _format_for(download: Download) -> str | None:
    """The reader for a download: by Content-Type where it is specific, else by sniffing."""
    sniffed = detect_format(download.url, download.body[:8192])
    by_type = _CONTENT_TYPES.get(download.content_type or "")
    if by_type == "text":
        return "jsonl" if sniffed == "jsonl" else "text"
    if by_type is not None:
        return by_type
    if download.content_type in _XML_TYPES:
        return sniffed if sniffed in ("rss", "html") else "rss"
    return sniffed


def read_payload(
    payload: Payload, format: str | None, settings: Settings
) -> Iterator[RawDocument | Rejection]:
    """Checks every input gets (empty, too large, binary), then the reader for its format."""
    if payload.size == 0:
        yield reject("empty", payload.source, data=b"")
        return
    chosen = format or detect_format(payload.source, payload.head)
    limit = settings.max_document_bytes
    if chosen not in STREAMED and payload.size > limit:
        # Decided from stat alone: the file is not read.
        yield reject("too_large", payload.source, head=payload.head, size=payload.size, limit=limit)
        return
    # A NUL in one JSONL record must not cost the others: the reader rejects that line alone.
    nul_ok = chosen == "jsonl" and _has_json_line(payload.head)
    kind = None if chosen == "warc" else binary_kind(payload.head, nul_ok=nul_ok)
    if kind is not None:
        yield reject(
            "binary",
            payload.source,
            data=_small(payload),
            head=payload.head,
            size=payload.size,
            kind=kind,
            detail=kind,
        )
        return
    if chosen is None:
        detail = f"{os.path.basename(payload.source) or payload.source}: not {', '.join(FORMATS)}"
        yield reject(
            "unsupported_format",
            payload.source,
            data=_small(payload),
            head=payload.head,
            size=payload.size,
            detail=detail,
        )
        return
    yield from READERS[chosen](payload, settings)


def _has_json_line(head: bytes) -> bool:
    """Whether some line of ``head`` is a JSON object: text, whatever other lines hold."""
    for line in head.split(b"\n"):
        if line.lstrip(b"\xef\xbb\xbf \t\r").startswith(b"{"):
            try:
                if isinstance(json.loads(line.decode("utf-8", errors="replace")), dict):
                    return True
            except json.JSONDecodeError:
                continue
    return False


def _small(payload: Payload) -> bytes | None:
    """The whole input if it is small (up to 1 MiB), so its rejection carries a sha256."""
    return payload.read_all() if payload.size <= 1 << 20 else None


def apply_overrides(document: RawDocument, overrides: Overrides) -> RawDocument:
    """``document`` with the user's published date, outlet and URL in place of the reader's."""
    updates: dict[str, object] = {}
    if overrides.published is not None:
        updates["published"] = Published.exact(
            overrides.published, DateSource.OVERRIDE, evidence="given by the user"
        )
    # an argument that is not UTF-8 reaches Python as lone surrogates
    if overrides.outlet is not None:
        updates["outlet"] = scrub_surrogates(overrides.outlet)
    if overrides.url is not None:
        updates["url"] = scrub_surrogates(overrides.url)
    return document.model_copy(update=updates) if updates else document
