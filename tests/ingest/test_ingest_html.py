"""HTML reader: main text, title, outlet, canonical URL and date, offline and quiet."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest

from frontlines import errors
from frontlines.ingest import Overrides, read_source
from frontlines.ingest.html import fragment_main_text, fragment_text
from frontlines.models import DateSource, RawDocument, Rejection
from frontlines.settings import Settings

SETTINGS = Settings()
PARAGRAPHS = (
    "<p>Armed groups captured a string of hilltop villages south of the provincial capital on "
    "Saturday after two days of clashes with government troops, residents said.</p>"
    "<p>The army said it had withdrawn to defensive lines to protect civilians and would "
    "counter-attack once reinforcements arrived from the coast.</p>"
)


def page(head: str = "", body_extra: str = "") -> str:
    return (
        "<!doctype html><html><head><title>Villages fall south of the capital | Frontier Wire"
        f"</title>{head}</head><body><nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
        f"<article><h1>Villages fall south of the capital</h1>{PARAGRAPHS}</article>"
        f"{body_extra}<footer>Copyright Frontier Wire</footer></body></html>"
    )


META = (
    '<meta property="og:site_name" content="Frontier Wire">'
    '<meta property="article:published_time" content="2024-11-30T15:54:00+03:00">'
    '<link rel="canonical" href="https://frontier.example/world/villages-fall">'
)


def read_one(path: Path, **kwargs: object) -> RawDocument | Rejection:
    records = list(read_source(str(path), settings=SETTINGS, **kwargs))  # type: ignore[arg-type]
    assert len(records) == 1, records
    return records[0]


def test_html_article(tmp_path: Path) -> None:
    path = tmp_path / "story.html"
    html = page(META)
    path.write_text(html, encoding="utf-8")
    document = read_one(path)
    assert isinstance(document, RawDocument)
    assert document.format == "html"
    assert "hilltop villages" in document.text
    assert "counter-attack" in document.text
    assert "Copyright" not in document.text
    assert document.title == "Villages fall south of the capital"
    assert document.outlet == "Frontier Wire"
    assert document.url == "https://frontier.example/world/villages-fall"
    assert document.published.start == dt.date(2024, 11, 30)
    assert document.published.source == DateSource.METADATA
    assert "article:published_time" in (document.published.evidence or "")
    assert document.raw_html == html


def test_html_date_from_htmldate(tmp_path: Path) -> None:
    path = tmp_path / "story.htm"
    path.write_text(page('<meta name="date" content="2019-08-21">'), encoding="utf-8")
    document = read_one(path)
    assert isinstance(document, RawDocument)
    assert document.published.start == dt.date(2019, 8, 21)
    assert document.published.source == DateSource.METADATA


def test_html_without_date_is_unknown(tmp_path: Path) -> None:
    path = tmp_path / "story.html"
    path.write_text(page(), encoding="utf-8")
    document = read_one(path)
    assert isinstance(document, RawDocument)
    assert not document.published.is_known


def test_html_meta_charset(tmp_path: Path) -> None:
    path = tmp_path / "story.html"
    html = page('<meta charset="windows-1252">', "<p>Caf\u00e9 owners in the town reopened.</p>")
    path.write_bytes(html.encode("cp1252"))
    document = read_one(path)
    assert isinstance(document, RawDocument)
    assert "hilltop" in document.text


def test_no_main_text(tmp_path: Path) -> None:
    path = tmp_path / "nav.html"
    path.write_text(
        "<html><head><title>Gallery</title><script>var x = 1;</script></head>"
        "<body><div><img src='a.jpg'></div></body></html>"
    )
    rejection = read_one(path)
    assert isinstance(rejection, Rejection)
    assert rejection.code == errors.reason("no_main_text").code
    assert rejection.sha256 and rejection.sample


def test_overrides_win(tmp_path: Path) -> None:
    path = tmp_path / "story.html"
    path.write_text(page(META), encoding="utf-8")
    overrides = Overrides(published=dt.date(2024, 12, 1), outlet="Desk", url="https://x.example/a")
    document = read_one(path, overrides=overrides)
    assert isinstance(document, RawDocument)
    assert document.published.start == dt.date(2024, 12, 1)
    assert document.published.source == DateSource.OVERRIDE
    assert document.outlet == "Desk"
    assert document.url == "https://x.example/a"


def test_extraction_is_quiet(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "broken.html"
    path.write_text("<html><body><div><p>x</p>" + "<div>" * 50 + "</body></html>")
    with caplog.at_level(logging.DEBUG):
        list(read_source(str(path), settings=SETTINGS))
    assert not [r for r in caplog.records if r.name.split(".")[0] in {"trafilatura", "htmldate"}]


def test_fragments() -> None:
    assert fragment_text("<p>One <b>two</b></p><p>Three</p><script>x()</script>") == (
        "One two\nThree"
    )
    assert fragment_main_text("<p>Short entry.</p>") == "Short entry."
    assert fragment_main_text("plain words") == "plain words"
