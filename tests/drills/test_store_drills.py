"""Drills on the store and the API: NUL in text, database errors, long ids, capped rejections,
answers before the evidence. Each once went wrong (issue 15); each pins the fix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import DataError

import frontlines
from frontlines.api import create_app
from frontlines.cli import main
from frontlines.merge import control_periods, merge_events
from frontlines.models import Rejection
from frontlines.store import Store
from frontlines.store.engine import database_detail
from tests.merge.merge_builders import GOV, OPP, SARAQIB, article, capture

REPORT = (
    "Government forces shelled the market of Dorvask on Tuesday, killing three civilians, "
    "the local council said. Residents fled toward the hills as the shelling went on for "
    "hours, and aid workers said the clinic was damaged.\u0000 The council asked for help."
)


def test_a_nul_in_text_is_stored_alike_on_sqlite_and_postgresql(
    db_url: str, tmp_path: Path
) -> None:
    """PostgreSQL text cannot hold NUL: it once crashed the ingest there (DataError, with the
    article's text in the message) while SQLite stored it. Now both keep U+FFFD in its place."""
    source = tmp_path / "nul.jsonl"
    source.write_text(json.dumps({"title": "Shelling\u0000 in Dorvask", "text": REPORT}) + "\n")
    with frontlines.open(db_url) as fl:
        report = fl.ingest([str(source)])
        assert report.ingested == 1, report
        [stored] = fl.articles()
    assert "\x00" not in stored.text and "\ufffd" in stored.text
    assert "\x00" not in (stored.raw_text or "")
    assert stored.title is not None and "\x00" not in stored.title


def test_database_errors_never_show_the_statement_or_the_data() -> None:
    secret = "a whole article's text that must not be printed"
    exc = DataError(
        "INSERT INTO articles (id, text) VALUES (%(id)s, %(text)s)",
        {"id": "x", "text": secret},
        ValueError("PostgreSQL text fields cannot contain NUL (0x00) bytes"),
    )
    assert "INSERT" in str(exc) and secret in str(exc)  # what SQLAlchemy would have printed
    said = database_detail(exc)
    assert said == "PostgreSQL text fields cannot contain NUL (0x00) bytes"


def test_an_id_of_50_kb_is_not_found_not_a_crash(tmp_path: Path, capsys) -> None:
    """A 50 KB id once passed the prefix search to SQLite, whose LIKE refused it: 500 and E999."""
    db = str(tmp_path / "ids.db")
    long_id = "a" * 50_000
    with TestClient(create_app(db, tokens=["t"])) as client:
        for path in (f"/api/events/{long_id}", f"/api/articles/{long_id}"):
            answer = client.get(path)
            assert answer.status_code == 404, (path, answer.status_code)
            assert len(answer.text) < 500
    assert main(["show", long_id, "--db", db]) == 1
    said = capsys.readouterr().err
    assert "E008" in said and "50000 characters" in said and len(said) < 500


def test_a_huge_rejection_is_stored_short(tmp_path: Path) -> None:
    """A 51 KB gzip bomb once gave a rejection of 209 million characters, which no listing
    could return. Whatever a reader hands the store, it keeps a few thousand characters."""
    with Store(str(tmp_path / "r.db")) as store:
        store.add_rejection(
            Rejection(
                source="z.warc.gz",
                stage="ingest",
                code="R011",
                reason="bad " * 2_000_000,
                detail="0" * 10_000_000,
                sample="\x00" * 1_000_000,
            )
        )
        [stored] = store.rejections()
    r = stored.rejection
    assert len(r.reason) < 600 and len(r.detail or "") < 2100 and len(r.sample or "") < 2100
    assert "more characters cut" in r.reason and "\x00" not in (r.sample or "")
    assert (tmp_path / "r.db").stat().st_size < 1_000_000


@pytest.fixture
def contest_client(tmp_path: Path):
    """The API over a store whose one place, Saraqib, changed hands on 4 December 2024."""
    infos = {"a1": article("a1", "story-1", "2024-12-05")}
    taken = capture("a1", 0, SARAQIB, "2024-12-04", new=OPP, previous=GOV)
    db = str(tmp_path / "c.db")
    with Store(db) as store:
        store.replace_control(control_periods(merge_events([taken], infos)))
    with TestClient(create_app(db, tokens=["t"])) as client:
        yield client


def test_control_before_the_evidence_is_unknown_and_says_so(contest_client: TestClient) -> None:
    """The first period (the government's, until the capture) once reached back forever, so
    /api/control?on=0001-01-01 named a holder. Its places also lacked their place_id."""
    [place] = contest_client.get("/api/control", params={"on": "0001-01-01"}).json()["places"]
    assert place["holders"] == [] and place["period"] is None
    assert place["note"] == "before the evidence, unknown"
    assert place["place"]["place_id"] == SARAQIB.geonameid
    [after] = contest_client.get("/api/control", params={"on": "2025-01-01"}).json()["places"]
    assert [h["controller"]["id"] for h in after["holders"]] == ["side:nonstate:SY"] and after[
        "note"
    ] is None
    [before] = contest_client.get("/api/control", params={"on": "2024-11-01"}).json()["places"]
    assert [h["controller"]["id"] for h in before["holders"]] == ["side:state:SY"]
    one = contest_client.get(
        f"/api/places/{SARAQIB.geonameid}/control", params={"on": "0001-01-01"}
    ).json()
    assert one["periods"] == [] and one["note"] == "before the evidence, unknown"
