"""WARC reader: HTML responses become documents; damage is reported after what was read."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from frontlines import errors
from frontlines.ingest import detect_format, read_source
from frontlines.models import DateSource, RawDocument, Rejection
from frontlines.settings import Settings

SETTINGS = Settings()


def article(n: int, meta: str = "") -> bytes:
    return (
        f"<html><head><title>Report {n}</title>{meta}</head><body><article>"
        f"<p>Report {n}: artillery fire hit the market district of the river town on Monday, "
        "killing several people and damaging the hospital, local medics said.</p>"
        "<p>Both sides blamed each other for the shelling, which came a day after a local "
        "truce was announced by mediators.</p></article></body></html>"
    ).encode()


def build_warc(gzip: bool) -> bytes:
    """Four records: warcinfo, page 1 (dated), an image, page 2 (undated), a 404 page."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "test"}))

    def response(uri: str, body: bytes, content_type: str, status: str = "200 OK") -> None:
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            uri,
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=headers,
            warc_headers_dict={"WARC-Date": "2024-12-02T09:30:00Z"},
        )
        writer.write_record(record)

    dated = '<meta property="article:published_time" content="2024-11-30">'
    response("https://news.example/1", article(1, dated), "text/html; charset=utf-8")
    response("https://news.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(32), "image/png")
    response("https://news.example/2", article(2), "text/html")
    response("https://news.example/missing", article(3), "text/html", "404 Not Found")
    return buffer.getvalue()


@pytest.mark.parametrize(("gzip", "name"), [(False, "crawl.warc"), (True, "crawl.warc.gz")])
def test_warc_pages(tmp_path: Path, gzip: bool, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(build_warc(gzip))
    assert detect_format(name, path.read_bytes()[:8192]) == "warc"
    records = list(read_source(str(path), settings=SETTINGS))
    assert all(isinstance(r, RawDocument) for r in records), records
    first, second = records
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument)
    assert first.source == f"{path}#record=2"
    assert second.source == f"{path}#record=4"
    assert first.format == "warc"
    assert first.url == "https://news.example/1"
    assert "market district" in first.text
    assert first.published.start == dt.date(2024, 11, 30)
    assert first.published.confidence == 1.0
    # No date on the page: the capture date stands in, with less confidence.
    assert second.published.start == dt.date(2024, 12, 2)
    assert second.published.source == DateSource.METADATA
    assert second.published.confidence < 1.0
    assert second.raw_html and "Report 2" in second.raw_html


@pytest.mark.parametrize("gzip", [False, True])
@pytest.mark.parametrize("keep", [0.95, 0.7])
def test_truncated_warc_keeps_earlier_pages(tmp_path: Path, gzip: bool, keep: float) -> None:
    data = build_warc(gzip)
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    path.write_bytes(data[: int(len(data) * keep)])
    records = list(read_source(str(path), settings=SETTINGS))
    documents = [r for r in records if isinstance(r, RawDocument)]
    rejections = [r for r in records if isinstance(r, Rejection)]
    assert documents, "pages before the damage are kept"
    assert documents[0].url == "https://news.example/1"
    assert [r.code for r in rejections] == [errors.reason("malformed_warc").code]
    assert rejections[0].source == str(path)
    assert rejections[-1] is records[-1]


def test_not_a_warc(tmp_path: Path) -> None:
    path = tmp_path / "notes.warc"
    path.write_text("this is not an archive\n")
    (rejection,) = read_source(str(path), settings=SETTINGS)
    assert isinstance(rejection, Rejection)
    assert rejection.code == errors.reason("malformed_warc").code


def test_oversized_record(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    path.write_bytes(build_warc(False))
    small = Settings(max_document_bytes=200)
    records = list(read_source(str(path), settings=small))
    assert [r.code for r in records if isinstance(r, Rejection)] == [
        errors.reason("too_large").code
    ] * 2
