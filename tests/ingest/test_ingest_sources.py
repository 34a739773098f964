"""Source expansion, format detection and dispatch."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontlines import errors
from frontlines.ingest import FORMATS, detect_format, expand_sources, read_source
from frontlines.ingest.payload import Payload
from frontlines.ingest.sources import read_payload
from frontlines.models import RawDocument, Rejection
from frontlines.settings import Settings

SETTINGS = Settings()


def touch(path: Path, content: str = "x\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content)
    return path


def test_expand_directory_sorted_and_skips_hidden(tmp_path: Path) -> None:
    for name in [
        "b.txt",
        "a/z.html",
        "a/c/d.jsonl",
        "a.txt",
        ".DS_Store",
        ".git/config",
        "a/.hidden/e.txt",
        "a/.secret.txt",
    ]:
        touch(tmp_path / name)
    items = expand_sources([str(tmp_path)])
    relative = [Path(item).relative_to(tmp_path).as_posix() for item in items]
    assert relative == ["a/c/d.jsonl", "a/z.html", "a.txt", "b.txt"]


def test_expand_files_as_given_and_deduplicated(tmp_path: Path) -> None:
    first = touch(tmp_path / "one.txt")
    hidden = touch(tmp_path / ".two.txt")
    items = expand_sources([str(first), str(hidden), str(tmp_path), str(first)])
    # a hidden file named explicitly is kept; the walk finds one.txt again: listed once
    assert items == [str(first), str(hidden)]


def test_expand_missing_path(tmp_path: Path) -> None:
    with pytest.raises(errors.PathNotFound):
        expand_sources([str(tmp_path / "nope.txt")])


def test_expand_urls() -> None:
    url = "https://news.example/a"
    with pytest.raises(errors.FetchNotAllowed):
        expand_sources([url])
    assert expand_sources([url], fetch=True) == [url]
    with pytest.raises(errors.FetchNotAllowed):
        expand_sources(["ftp://news.example/a"], fetch=True)


def warc_head() -> bytes:
    return b"WARC/1.0\r\nWARC-Type: warcinfo\r\n"


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("crawl.bin", warc_head(), "warc"),
        ("crawl.dat", gzip.compress(warc_head() + b"\r\n" * 10), "warc"),
        ("feed.txt", b'<?xml version="1.0"?>\n<rss version="2.0"><channel>', "rss"),
        ("feed", b'<?xml version="1.0"?><!-- hi -->\n<feed xmlns="x">', "rss"),
        ("rdf.xml", b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="x">', "rss"),
        ("page.txt", b"<!DOCTYPE html>\n<html><body>", "html"),
        ("page", b"\xef\xbb\xbf  <html lang='en'><head>", "html"),
        ("dump.txt", json.dumps({"text": "a"}).encode() + b"\n{", "jsonl"),
        ("dump.json", b'{"text": "' + b"a" * 9000, "jsonl"),
        ("pretty.json", b'{\n  "text": "a"\n}\n', None),
        ("story.txt", b"Title\nBody", "text"),
        ("story.md", b"# Title\nBody", "text"),
        ("page.HTM", b"Title\nBody", "html"),
        ("dump.ndjson", b"", "jsonl"),
        ("feed.atom", b"", "rss"),
        ("crawl.warc.gz", b"", "warc"),
        ("README", b"Plain words with no extension.\n", "text"),
        ("data.csv", b"a,b\n1,2\n", None),
        ("photo.png", b"\x89PNG\r\n\x1a\n", None),
        ("https://news.example/feed.xml?page=2", b"", "rss"),
    ],
)
def test_detect_format(name: str, head: bytes, expected: str | None) -> None:
    assert detect_format(name, head) == expected


def test_unknown_format_argument(tmp_path: Path) -> None:
    path = touch(tmp_path / "a.txt")
    with pytest.raises(errors.UnknownFormat):
        read_source(str(path), format="pdf", settings=SETTINGS)  # at the call, not on iteration


def test_unsupported_format_is_a_rejection(tmp_path: Path) -> None:
    path = touch(tmp_path / "table.csv", "a,b\n1,2\n")
    (rejection,) = read_source(str(path), settings=SETTINGS)
    assert isinstance(rejection, Rejection)
    assert rejection.code == errors.reason("unsupported_format").code


def test_format_forces_reader(tmp_path: Path) -> None:
    path = touch(tmp_path / "table.csv", "Troops crossed the river at dawn.\n")
    (document,) = read_source(str(path), format="text", settings=SETTINGS)
    assert isinstance(document, RawDocument)
    assert document.format == "text"


def test_missing_file_is_a_rejection(tmp_path: Path) -> None:
    (rejection,) = read_source(str(tmp_path / "gone.txt"), settings=SETTINGS)
    assert isinstance(rejection, Rejection)
    assert rejection.code == errors.reason("unreadable").code


def test_formats_constant() -> None:
    assert FORMATS == ("text", "html", "jsonl", "rss", "warc")


@settings(max_examples=60, deadline=None)
@given(
    data=st.one_of(
        st.binary(max_size=600),
        st.text(max_size=300).map(str.encode),
        st.sampled_from(
            [b"WARC/1.0\r\n", b"<rss><channel><item>", b'{"text": 1}\n{', b"\x1f\x8b\x08"]
        ).flatmap(lambda head: st.binary(max_size=200).map(lambda tail: head + tail)),
    ),
    format=st.sampled_from([None, *FORMATS]),
)
def test_any_bytes_give_records_never_exceptions(data: bytes, format: str | None) -> None:
    payload = Payload.from_bytes("fuzz.bin", data)
    records = list(read_payload(payload, format, SETTINGS))
    assert records
    assert all(isinstance(r, RawDocument | Rejection) for r in records)
