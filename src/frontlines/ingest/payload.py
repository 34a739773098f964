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
import stat
import unicodedata
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

# C0 control bytes that text does not hold (tab, LF, VT, FF, CR and ESC are allowed).
_CONTROL = re.compile(rb"[\x01-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# One character of valid UTF-8 outside ASCII (RFC 3629 ranges).
_UTF8_CHAR = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
# Unicode categories a non-ASCII character of real text may have without a letter beside it.
_STANDALONE = frozenset({"Pd", "Pi", "Pf", "Ps", "Pe", "Po", "Sc", "Sm", "So", "Sk", "No", "Zs"})

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


class NotAFile(OSError):
    """A path that is not a regular file (a FIFO, a device, a socket); ``str()`` says what it is."""


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, and how: the encoding used and how many bytes were replaced."""

    text: str
    encoding: str
    replaced: int = 0  # invalid bytes shown as U+FFFD

    @property
    def label(self) -> str:
        """How the text was read, for the article's record: "cp1252", "utf-8 (2 bad bytes…)"."""
        if not self.replaced:
            return self.encoding
        return f"{self.encoding} ({self.replaced} bad byte{'s' if self.replaced != 1 else ''} replaced)"


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
    def from_path(cls, path: str, *, source: str | None = None) -> Payload:
        """A file's payload: stat it and read only its first bytes.

        Raises :class:`NotAFile` for a FIFO, device or socket (opening one
        could block forever) and OSError for anything else that fails.
        """
        with open_regular(path) as handle:
            size = os.fstat(handle.fileno()).st_size
            head = handle.read(HEAD_BYTES)

        def opener() -> BinaryIO:
            return open_regular(path)

        return cls(source=source or path, size=size, head=head, opener=opener)

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


_FILE_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def file_kind(mode: int) -> str | None:
    """What a stat mode names when it is not a regular file ("a named pipe (FIFO)"), else None."""
    if stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in _FILE_KINDS if test(mode)), "not a regular file")


def open_regular(path: str) -> BinaryIO:
    """Open ``path`` for reading only if it is a regular file; raises NotAFile or OSError.

    The path is checked before it is opened (opening a device can have side
    effects), and the open file again, non-blocking, in case the path changed
    in between: a FIFO would otherwise block the open, or the read, forever.
    """
    kind = file_kind(os.stat(path).st_mode)
    if kind is None:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        try:
            kind = file_kind(os.fstat(fd).st_mode)
            if kind is None:
                os.set_blocking(fd, True)
                return os.fdopen(fd, "rb")
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
    raise NotAFile(f"{kind}, not a file")


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
    return text[:SAMPLE_CHARS].replace("\x00", "\ufffd")


def scrub_surrogates(text: str) -> str:
    """``text`` with each lone surrogate (``"\\ud800"`` from JSON, ``&#55296;``) replaced by U+FFFD.

    Python strings can hold them but they are not Unicode text: no encoder,
    database or HTML parser takes them.
    """
    return _SURROGATE.sub("\ufffd", text)


def printable_path(path: str) -> str:
    """A path that is safe to store and print: bytes of a non-UTF-8 file name as ``\\xe9``."""
    if not _SURROGATE.search(path):
        return path
    return os.fsencode(path).decode("utf-8", errors="backslashreplace")


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


def binary_kind(head: bytes, *, nul_ok: bool = False) -> str | None:
    """What kind of binary data ``head`` starts, or None if it may be text.

    A byte-order-marked UTF-16/32 text is text despite its NUL bytes, and so
    is text with a few stray NULs; with ``nul_ok`` (a JSONL file, whose reader
    rejects a bad line alone) only magic numbers count. A gzip-compressed WARC
    is not binary here (the WARC reader handles it).
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
    if b"\x00" in head and not nul_ok and not _stray_nuls(head):
        return "NUL bytes"
    return None


def _stray_nuls(head: bytes) -> bool:
    """Whether the NUL bytes in ``head`` are a few strays in text rather than binary data.

    Text keeps its words even with a stray NUL (a bad copy, a padded record):
    one NUL, or at most one in a hundred bytes, and no other control character.
    """
    if head.count(b"\x00") > max(1, len(head) // 100):
        return False
    return _CONTROL.search(head.replace(b"\x00", b"")) is None


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
    """Text from bytes, as :func:`decode_text` reads it. Raises :class:`Undecodable`."""
    return decode_text(data, declared=declared).text


def decode_text(data: bytes, *, declared: str | None = None) -> Decoded:
    """Text from bytes, and the encoding used; raises :class:`Undecodable` for noise.

    In order: a byte-order mark; strict UTF-8; UTF-8 with each bad byte as
    U+FFFD when most non-ASCII bytes do form UTF-8 characters; the
    ``declared`` charset (HTTP header, ``<meta>``); a legacy encoding when it
    reads clearly better, its non-ASCII characters being letters inside words
    or typographic marks (cp1252 first, else what charset-normalizer
    detects). Failing all, a few bad bytes in ASCII text still give UTF-8
    with replacements; anything else is noise.
    """
    encoding, body = _split_bom(data)
    if encoding is not None:
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError as exc:
            raise Undecodable(f"a {encoding} byte-order mark, but {exc.reason}") from None
        if not _reads_as_text(text):
            raise Undecodable(f"a {encoding} byte-order mark, but the text decodes to noise")
        return Decoded(text.removeprefix("\ufeff"), encoding)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = f"not UTF-8 ({exc.reason} at byte {exc.start})"
    good, bad = _utf8_share(data)
    repaired = data.decode("utf-8", errors="replace")
    # Mostly UTF-8 with a few bad bytes: a declared single-byte charset would garble every
    # good character to fix the few bad ones.
    if good and good >= bad and _reads_as_text(repaired):
        return Decoded(repaired, "utf-8", replaced=bad)
    if declared and _known_codec(declared) and codecs.lookup(declared).name != "utf-8":
        try:
            text = data.decode(declared)
        except UnicodeDecodeError:
            pass
        else:
            if _reads_as_text(text):
                return Decoded(text, codecs.lookup(declared).name)
    legacy = _legacy(data)
    if legacy is not None:
        return legacy
    if bad <= max(4, len(data) // 100) and _reads_as_text(repaired):
        return Decoded(repaired, "utf-8", replaced=bad)
    raise Undecodable(f"{utf8_error}, and no other encoding reads as text")


def _utf8_share(data: bytes) -> tuple[int, int]:
    """(valid non-ASCII UTF-8 characters, non-ASCII bytes outside any) in ``data``."""
    high = sum(1 for byte in data if byte >= 0x80)
    matches = _UTF8_CHAR.findall(data)
    return len(matches), high - sum(len(match) for match in matches)


def _legacy(data: bytes) -> Decoded | None:
    """``data`` in a single-byte encoding that reads as words: cp1252 first, else detected."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        pass
    else:
        if _plausible_high_chars(text) and _reads_as_text(text):
            return Decoded(text, "cp1252")
    detected = _detect(data)
    if detected is not None and _plausible_high_chars(detected.text):
        return detected
    return None


def _plausible_high_chars(text: str) -> bool:
    """Whether the non-ASCII characters of ``text`` look written, not like mojibake.

    A letter needs a letter beside it ("café", "Ï" in a word); other
    characters must be punctuation, symbols or spaces (quotes, dashes, "£").
    Nine in ten must pass.
    """
    total = passed = 0
    for at, char in enumerate(text):
        if char < "\x80":
            continue
        total += 1
        category = unicodedata.category(char)
        if category.startswith("L"):
            before = text[at - 1] if at else " "
            after = text[at + 1] if at + 1 < len(text) else " "
            passed += before.isalpha() or after.isalpha()
        else:
            passed += category in _STANDALONE
    return passed * 10 >= total * 9


def _detect(data: bytes) -> Decoded | None:
    """``data`` in the encoding charset-normalizer finds, or None when its answer is not trustworthy."""
    best = from_bytes(data).best()
    if best is None or best.chaos > 0.1:
        return None
    high_share = sum(1 for byte in data if byte >= 0x80) / max(len(data), 1)
    # Short junk gets chaos 0 with zero coherence (no language recognised): only
    # trust such an answer when nearly all bytes are ASCII anyway.
    if best.coherence < 0.1 and high_share > 0.1:
        return None
    try:
        text, encoding = data.decode(best.encoding), best.encoding
    except UnicodeDecodeError:
        text, encoding = str(best), best.encoding
    return Decoded(text, encoding) if _reads_as_text(text) else None


def _reads_as_text(text: str) -> bool:
    """Whether decoded text looks like writing, not noise (charset-normalizer's mess ratio)."""
    sample = text[:_MESS_SAMPLE_CHARS]
    if not sample.strip():
        return True
    return mess_ratio(sample, maximum_threshold=0.2) < 0.2


def normalize_newlines(text: str) -> str:
    """``text`` with CRLF and CR line ends turned into LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
