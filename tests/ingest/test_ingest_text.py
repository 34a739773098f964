"""Plain-text reader: datelines in the seeds' shapes and common ones, never a guessed date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from frontlines.ingest import read_source
from frontlines.ingest.text import find_dateline
from frontlines.models import DateSource, RawDocument, Rejection
from frontlines.settings import Settings

SETTINGS = Settings()
BODY = (
    "Government troops shelled the northern outskirts of the provincial capital overnight,\n"
    "local officials said, and hundreds of families left for camps near the border.\n"
)


def read_one(path: Path) -> RawDocument:
    records = list(read_source(str(path), settings=SETTINGS))
    assert len(records) == 1
    assert isinstance(records[0], RawDocument), records[0]
    return records[0]


@pytest.mark.parametrize(
    ("seed", "expected"),
    [
        ("000", dt.date(2024, 11, 30)),
        ("002", dt.date(2024, 11, 30)),
        ("004", dt.date(2018, 2, 5)),
        # 001 (a syndicated copy of 000) and 003 carry no dateline: unknown, never guessed.
        ("001", None),
        ("003", None),
    ],
)
def test_seed_datelines(seeds_dir: Path, seed: str, expected: dt.date | None) -> None:
    path = next(seeds_dir.glob(f"{seed}_*.txt"))
    document = read_one(path)
    assert document.format == "text"
    assert document.title is None
    assert document.published.start == expected
    if expected is None:
        assert document.published.source == DateSource.UNKNOWN
        assert document.text == path.read_text(encoding="utf-8")
    else:
        assert document.published.source == DateSource.TEXT
        assert document.published.evidence


def test_seed_000_keeps_caption_drops_token(seeds_dir: Path) -> None:
    document = read_one(next(seeds_dir.glob("000_*.txt")))
    first_line = document.text.splitlines()[0]
    assert first_line.startswith("Anti-regime fighters celebrate")
    assert "date 2024-11-30" not in document.text
    assert document.published.evidence == "date 2024-11-30"


def test_seed_004_drops_published_and_modified_lines(seeds_dir: Path) -> None:
    document = read_one(next(seeds_dir.glob("004_*.txt")))
    assert "Published Date" not in document.text
    assert "Modified Date" not in document.text
    assert "- Anadolu Agency" in document.text  # other header bullets are clean's business


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("date 2024-11-30", dt.date(2024, 11, 30)),
        ("30 November 2024 15:54", dt.date(2024, 11, 30)),
        ("- Published Date: 12:00 | 05 February 2018", dt.date(2018, 2, 5)),
        ("November 30, 2024", dt.date(2024, 11, 30)),
        ("Nov. 30, 2024 3:54 PM EST", dt.date(2024, 11, 30)),
        ("2024-11-30T15:54:00Z", dt.date(2024, 11, 30)),
        ("Sat, 30 Nov 2024 15:54:00 GMT", dt.date(2024, 11, 30)),
        ("Published on 30th of November, 2024 at 10:00", dt.date(2024, 11, 30)),
        ("Published: 30 November 2024 | Updated: 1 December 2024", dt.date(2024, 11, 30)),
        ("Updated 1 Dec 2024, published 30 Nov 2024", dt.date(2024, 11, 30)),
        ("Saturday 30 November 2024 15:54 (GMT+3)", dt.date(2024, 11, 30)),
    ],
)
def test_dateline_forms(header: str, expected: dt.date) -> None:
    found = find_dateline(f"Troops advance on the city\n{header}\n{BODY}")
    assert found.published.start == expected
    assert found.published.source == DateSource.TEXT
    assert found.text == f"Troops advance on the city\n{BODY}"


@pytest.mark.parametrize(
    "header",
    [
        "Updated: 1 December 2024",
        "Modified Date: 08:24 | 05 February 2018",
        "Last updated 2024-12-01 09:00",
    ],
)
def test_modified_date_is_not_publication_but_line_goes(header: str) -> None:
    found = find_dateline(f"Troops advance on the city\n{header}\n{BODY}")
    assert not found.published.is_known
    assert found.text == f"Troops advance on the city\n{BODY}"


@pytest.mark.parametrize(
    "line",
    [
        "30 November 2024 was the day the front moved.",  # prose, not a header
        "The offensive began on November 27, 2024.",
        "2024-13-45",  # not a real date
        "30/11/2024",  # ambiguous numeric form: not read
        "12.30.2024",
    ],
)
def test_no_date_from_prose_or_loose_forms(line: str) -> None:
    text = f"Troops advance on the city\n{line}\n{BODY}"
    found = find_dateline(text)
    assert not found.published.is_known
    assert found.text == text


def test_dateline_only_in_first_lines() -> None:
    filler = "".join(f"Paragraph {n} of the report.\n" for n in range(10))
    text = f"Troops advance on the city\n{filler}30 November 2024\n{BODY}"
    found = find_dateline(text)
    assert not found.published.is_known
    assert found.text == text


def test_labelled_prefix_keeps_rest_of_line() -> None:
    found = find_dateline("Posted 2024-11-30 by the wire desk\n" + BODY)
    assert found.published.start == dt.date(2024, 11, 30)
    assert found.published.evidence == "Posted 2024-11-30"
    assert found.text == "by the wire desk\n" + BODY


def test_text_file_crlf_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(b"\xef\xbb\xbfTroops advance\r\nNovember 30, 2024\r\n" + BODY.encode())
    document = read_one(path)
    assert document.text == "Troops advance\n" + BODY
    assert document.published.start == dt.date(2024, 11, 30)


def test_only_a_dateline_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("30 November 2024\n\n")
    (rejection,) = read_source(str(path), settings=SETTINGS)
    assert isinstance(rejection, Rejection)
    assert rejection.code == "R001"
