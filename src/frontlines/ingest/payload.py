"""The bytes of one input, and what every reader does with bytes.

A :class:`Payload` is one file or one download: its size (known before any
byte is read), its first bytes (for sniffing) and a way to open it as a
stream. This module also recognises binary data, decodes text conservatively
and turns a problem into a :class:`~frontlines.models.Rejection`.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

from frontlines import errors
from frontlines.models import Rejection

HEAD_BYTES = 8192  # enough to sniff a format and show a sample
SAMPLE_CHARS = 300
_MESS_SAMPLE_CHARS = 100_000  # the encoding-plausibility check reads at most this much

# Magic numbers of binary formats people drop into news folders by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x7fELF", "ELF executable"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh91AY&SY", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office (OLE) document"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"OggS", "Ogg media"),
    (b"\x00asm", "WebAssembly module"),
    (b"\xcf\xfa\xed\xfe", "Mach-O executable"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class Undecodable(ValueError):
    """Bytes that are not text in any encoding we trust; ``str()`` says why."""


@dataclass(frozen=True)
class Payload:
    """One input's bytes: size, first bytes, a way to stream them, and what its origin declared.

    ``source`` is what records cite. ``url`` and ``charset`` come from a
    download (final URL, HTTP ``Content-Type`` charset); files have neither.
    """

    source: str
    size: int
    head: bytes
    opener: Callable[[], BinaryIO]
    url: str | None = None
    charset: str | None = None

    @classmethod
    def from_path(cls, path: str) -> Payload:
        """A file's payload: stat it and read only its first bytes. Raises OSError."""
        size = os.stat(path).st_size
        with open(path, "rb") as handle:
            head = handle.read(HEAD_BYTES)

        def opener() -> BinaryIO:
            return open(path, "rb")

        return cls(source=path, size=size, head=head, opener=opener)

    @classmethod
    def from_bytes(
        cls, source: str, data: bytes, *, url: str | None = None, charset: str | None = None
    ) -> Payload:
        """A payload over bytes already in memory (a download)."""
        return cls(
            source=source,
            size=len(data),
            head=data[:HEAD_BYTES],
            opener=lambda: io.BytesIO(data),
            url=url,
            charset=charset,
        )

    def open(self) -> BinaryIO:
        """The input as a binary stream; the caller closes it."""
        return self.opener()

    def read_all(self) -> bytes:
        """Every byte of the input. Callers check ``size`` against the cap first."""
        with self.open() as handle:
            return handle.read()


def reject(
    name: str,
    source: str,
    *,
    data: bytes | None = None,
    head: bytes | None = None,
    size: int | None = None,
    detail: str | None = None,
    **fields: object,
) -> Rejection:
    """A rejection at the ingest stage for reason ``name`` (a key of ``errors.REASONS``).

    With ``data`` (the whole input) the rejection carries its sample, sha256
    and size; with only ``head`` it carries a sample and the given ``size``.
    """
    why = errors.reason(name)
    shown = data if data is not None else head
    total = len(data) if data is not None else size
    return Rejection(
        source=source,
        stage="ingest",
        code=why.code,
        reason=why.format(detail=detail, size=total, **fields),
        detail=detail,
        sample=sample_text(shown) if shown else None,
        sha256=hashlib.sha256(data).hexdigest() if data is not None else None,
        size=total,
    )


def sample_text(data: bytes) -> str:
    """The first ~300 characters of ``data`` for a human, decoded with replacement characters."""
    encoding = bom_encoding(data) or "utf-8"
    chunk = data[: SAMPLE_CHARS * 4]
    text = chunk.decode(encoding, errors="replace").lstrip("\ufeff")
    return text[:SAMPLE_CHARS]


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark at the start of ``data`` names, if any."""
    return _split_bom(data)[0]


def _split_bom(data: bytes) -> tuple[str | None, bytes]:
    """The encoding a leading byte-order mark names, and the bytes after it."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, data[len(bom) :]
    return None, data


def is_warc_head(head: bytes) -> bool:
    """Whether ``head`` starts a WARC file, plain or gzip-compressed."""
    if head.startswith(b"WARC/"):
        return True
    if head.startswith(b"\x1f\x8b"):
        try:
            inflated = zlib.decompressobj(wbits=31).decompress(head, 16)
        except zlib.error:
            return False
        return inflated.startswith(b"WARC/")
    return False


def binary_kind(head: bytes) -> str | None:
    """What kind of binary data ``head`` starts, or None if it may be text.

    A byte-order-marked UTF-16/32 text is text despite its NUL bytes; a
    gzip-compressed WARC is not binary here (the WARC reader handles it).
    """
    if is_warc_head(head):
        return None
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head[4:8] == b"ftyp":
        return "MP4/QuickTime media"
    encoding = bom_encoding(head)
    if encoding is not None and encoding != "utf-8":
        return None
    if b"\x00" in head:
        return "NUL bytes"
    return None


def declared_charset(head: bytes) -> str | None:
    """The charset an HTML ``<meta>`` tag or XML declaration in ``head`` names, if valid."""
    match = re.search(
        rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"""
        rb"""|<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
        head,
        re.IGNORECASE,
    )
    if match is None:
        return None
    name = (match.group(1) or match.group(2)).decode("ascii")
    return name if _known_codec(name) else None


def _known_codec(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def decode_bytes(data: bytes, *, declared: str | None = None) -> str:
    """Text from bytes: byte-order mark, then strict UTF-8, then ``declared``, then detection.

    Detection (charset-normalizer) is trusted only when its result reads as
    language rather than noise; otherwise :class:`Undecodable` is raised, so
    garbage becomes a rejection instead of mojibake.
    """
    encoding, body = _split_bom(data)
    if encoding is not None:
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError as exc:
            raise Undecodable(f"a {encoding} byte-order mark, but {exc.reason}") from None
        if not _reads_as_text(text):
            raise Undecodable(f"a {encoding} byte-order mark, but the text decodes to noise")
        return text.removeprefix("\ufeff")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = f"not UTF-8 ({exc.reason} at byte {exc.start})"
    if declared and _known_codec(declared) and codecs.lookup(declared).name != "utf-8":
        try:
            text = data.decode(declared)
        except UnicodeDecodeError:
            pass
        else:
            if _reads_as_text(text):
                return text
    detected = _detect(data)
    if detected is None:
        raise Undecodable(f"{utf8_error}, and no other encoding reads as text")
    return detected


def _detect(data: bytes) -> str | None:
    """Text in the encoding charset-normalizer finds, or None when its answer is not trustworthy."""
    best = from_bytes(data).best()
    if best is None or best.chaos > 0.1:
        return None
    high_share = sum(1 for byte in data if byte >= 0x80) / max(len(data), 1)
    # Short junk gets chaos 0 with zero coherence (no language recognised): only
    # trust such an answer when nearly all bytes are ASCII anyway.
    if best.coherence < 0.1 and high_share > 0.1:
        return None
    # cp1252 is what Western text usually is; prefer it among equivalent answers.
    encoding = "cp1252" if "cp1252" in best.could_be_from_charset else best.encoding
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        text = str(best)
    return text if _reads_as_text(text) else None


def _reads_as_text(text: str) -> bool:
    """Whether decoded text looks like writing, not noise (charset-normalizer's mess ratio)."""
    sample = text[:_MESS_SAMPLE_CHARS]
    if not sample.strip():
        return True
    return mess_ratio(sample, maximum_threshold=0.2) < 0.2


def normalize_newlines(text: str) -> str:
    """``text`` with CRLF and CR line ends turned into LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
