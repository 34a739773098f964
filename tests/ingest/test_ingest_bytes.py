"""Byte checks every reader shares: size cap before reading, empty, binary, decoding."""

from __future__ import annotations

import hashlib
import tracemalloc
from pathlib import Path

import pytest

from frontlines import errors
from frontlines.ingest import read_source
from frontlines.ingest.payload import Undecodable, decode_bytes
from frontlines.models import RawDocument, Rejection
from frontlines.settings import Settings

SETTINGS = Settings()
ARTICLE = (
    "Fighting resumed around the river crossing on Tuesday, a spokesman for the regional\n"
    "administration said. Two villages changed hands during the night.\n"
)


def only(path: Path, **kwargs: object) -> RawDocument | Rejection:
    records = list(read_source(str(path), settings=SETTINGS, **kwargs))  # type: ignore[arg-type]
    assert len(records) == 1, records
    return records[0]


def code(name: str) -> str:
    return errors.reason(name).code


def test_too_large_is_decided_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    size = 50 * 1024 * 1024
    with path.open("wb") as handle:  # sparse: costs no disk either
        handle.seek(size - 1)
        handle.write(b"\n")
    tracemalloc.start()
    try:
        rejection = only(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(rejection, Rejection)
    assert rejection.code == code("too_large")
    assert rejection.size == size
    assert str(size) in rejection.reason
    assert rejection.sha256 is None  # hashing would mean reading it all
    assert peak < 2 * 1024 * 1024


def test_too_large_respects_setting(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(ARTICLE)
    small = Settings(max_document_bytes=20)
    (rejection,) = read_source(str(path), settings=small)
    assert isinstance(rejection, Rejection)
    assert rejection.code == code("too_large")


@pytest.mark.parametrize("content", [b"", b"   \n\n\t  \r\n"])
def test_empty(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    rejection = only(path)
    assert isinstance(rejection, Rejection)
    assert rejection.code == code("empty")
    assert rejection.stage == "ingest"
    assert rejection.size == len(content)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "PNG"),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + bytes(64), "JPEG"),
        ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        ("bundle.zip", b"PK\x03\x04" + bytes(64), "ZIP"),
        ("notes.txt", b"some text\x00\x00\x01 with NULs", "NUL"),
        ("tool", b"\x7fELF\x02\x01\x01" + bytes(64), "ELF"),
        ("story.txt.gz", b"\x1f\x8b\x08\x00" + bytes(32), "gzip"),
    ],
)
def test_binary(tmp_path: Path, name: str, content: bytes, kind: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    rejection = only(path)
    assert isinstance(rejection, Rejection)
    assert rejection.code == code("binary")
    assert kind in rejection.reason
    assert rejection.sha256 == hashlib.sha256(content).hexdigest()
    assert rejection.sample is not None


@pytest.mark.parametrize(
    "content",
    [
        b"\xff\xfe\xfa random junk",
        b"\xfa\xfb\xfc random junk \x80\x81\x82\x83 more junk \x9d\x8f",
        bytes(range(128, 256)) * 8,
        b"\xc3\x28\xa0\xa1\xe2\x28\xa1\xf0\x28\x8c\xbc" * 20,
    ],
)
def test_garbage_is_undecodable_not_mojibake(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(content)
    rejection = only(path)
    assert isinstance(rejection, Rejection)
    assert rejection.code == code("undecodable")
    assert rejection.sample  # decoded with replacement characters, for a human
    assert rejection.sha256 == hashlib.sha256(content).hexdigest()
    assert rejection.size == len(content)


def test_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(ARTICLE.encode("utf-16"))
    document = only(path)
    assert isinstance(document, RawDocument)
    assert document.text == ARTICLE


def test_cp1252_fallback(tmp_path: Path) -> None:
    text = "The caf\u00e9 owner said \u201cthe shelling stopped\u201d \u2014 for now.\n" + ARTICLE
    path = tmp_path / "story.txt"
    path.write_bytes(text.encode("cp1252"))
    document = only(path)
    assert isinstance(document, RawDocument)
    assert document.text == text


def test_decode_prefers_utf8_and_rejects_noise() -> None:
    assert decode_bytes("Türkiye".encode()) == "Türkiye"
    with pytest.raises(Undecodable):
        decode_bytes(b"\xff\xfeRebels\xfa")


def test_unreadable_directory_item(tmp_path: Path) -> None:
    rejection = only(tmp_path)
    assert isinstance(rejection, Rejection)
    assert rejection.code == code("unreadable")
