"""JSON Lines reader: one document per line; a bad line costs only itself."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from frontlines import errors
from frontlines.ingest import read_source
from frontlines.models import DateSource, RawDocument, Rejection
from frontlines.settings import Settings

SETTINGS = Settings()
TEXT = "Militia fighters seized the customs post on the eastern border on Friday, witnesses said."
HTML = (
    "<html><head><title>Border post seized</title></head><body><article>"
    "<p>Militia fighters seized the customs post on the eastern border on Friday after a "
    "short exchange of fire with border guards, two witnesses told reporters by phone.</p>"
    "<p>The interior ministry said the guards had withdrawn to avoid civilian casualties and "
    "that talks with tribal elders were under way.</p></article></body></html>"
)


def write_lines(path: Path, lines: list[str]) -> str:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_jsonl_with_one_broken_line(tmp_path: Path) -> None:
    item = write_lines(
        tmp_path / "dump.jsonl",
        [
            json.dumps({"text": TEXT, "url": "https://a.example/1", "published": "2024-11-30"}),
            '{"text": "cut off',
            "",
            json.dumps({"html": HTML, "outlet": "Border Times", "published": "2024-12-01T08:00Z"}),
            json.dumps({"title": "no body"}),
            "[1, 2]",
        ],
    )
    records = list(read_source(item, settings=SETTINGS))
    assert [r.source.rsplit("#", 1)[1] for r in records] == [
        "line=1",
        "line=2",
        "line=4",
        "line=5",
        "line=6",
    ]
    first, broken, html_doc, missing, not_object = records
    assert isinstance(first, RawDocument)
    assert first.format == "jsonl"
    assert first.text == TEXT
    assert first.url == "https://a.example/1"
    assert first.published.start == dt.date(2024, 11, 30)
    assert first.published.source == DateSource.METADATA
    assert isinstance(broken, Rejection)
    assert broken.code == errors.reason("malformed_jsonl").code
    assert "line 2" in broken.reason
    assert broken.sample == '{"text": "cut off\n'
    assert isinstance(html_doc, RawDocument)
    assert "customs post" in html_doc.text
    assert html_doc.title == "Border post seized"
    assert html_doc.outlet == "Border Times"
    assert html_doc.published.start == dt.date(2024, 12, 1)
    assert html_doc.raw_html == HTML
    assert isinstance(missing, Rejection)
    assert missing.code == errors.reason("missing_field").code
    assert isinstance(not_object, Rejection)
    assert not_object.code == errors.reason("malformed_jsonl").code


def test_unusable_published_keeps_record(tmp_path: Path) -> None:
    item = write_lines(tmp_path / "dump.ndjson", [json.dumps({"text": TEXT, "published": "soon"})])
    (document,) = read_source(item, settings=SETTINGS)
    assert isinstance(document, RawDocument)
    assert not document.published.is_known
    assert "soon" in (document.published.evidence or "")


def test_rfc2822_published(tmp_path: Path) -> None:
    record = {"text": TEXT, "published": "Sat, 30 Nov 2024 15:54:00 GMT"}
    item = write_lines(tmp_path / "dump.jsonl", [json.dumps(record)])
    (document,) = read_source(item, settings=SETTINGS)
    assert isinstance(document, RawDocument)
    assert document.published.start == dt.date(2024, 11, 30)


@pytest.mark.parametrize(
    ("value", "start", "end"),
    [
        ("2021-08", dt.date(2021, 8, 1), dt.date(2021, 8, 31)),
        ("2014", dt.date(2014, 1, 1), dt.date(2014, 12, 31)),
    ],
)
def test_month_or_year_published_is_a_range(
    tmp_path: Path, value: str, start: dt.date, end: dt.date
) -> None:
    # a page that shows only "August 2021" is dated to that month, not left undated
    item = write_lines(tmp_path / "dump.jsonl", [json.dumps({"text": TEXT, "published": value})])
    (document,) = read_source(item, settings=SETTINGS)
    assert isinstance(document, RawDocument)
    assert (document.published.start, document.published.end) == (start, end)
    assert document.published.source.value == "metadata"


def test_wrong_type_field(tmp_path: Path) -> None:
    item = write_lines(tmp_path / "dump.jsonl", [json.dumps({"text": ["a", "b"]})])
    (rejection,) = read_source(item, settings=SETTINGS)
    assert isinstance(rejection, Rejection)
    assert rejection.code == errors.reason("bad_field").code
    assert "text" in rejection.reason


def test_oversized_line_is_rejected_alone(tmp_path: Path) -> None:
    item = write_lines(
        tmp_path / "dump.jsonl",
        [json.dumps({"text": "x " * 200}), json.dumps({"text": TEXT})],
    )
    small = Settings(max_document_bytes=150)
    big, good = read_source(item, settings=small)
    assert isinstance(big, Rejection)
    assert big.code == errors.reason("too_large").code
    assert big.source.endswith("#line=1")
    assert isinstance(good, RawDocument)
    assert good.source.endswith("#line=2")


def test_only_blank_lines_is_empty(tmp_path: Path) -> None:
    item = write_lines(tmp_path / "dump.jsonl", ["", "  "])
    (rejection,) = read_source(item, settings=SETTINGS)
    assert isinstance(rejection, Rejection)
    assert rejection.code == errors.reason("empty").code
