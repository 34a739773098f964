"""Drills: real ``kill -9`` at several points of an ingest, then a rerun; two ingests at once.

Each compares what the store ends with (stories, events, control periods) against one
clean, uninterrupted ingest of the same demo sources. They run the real command in a
subprocess, against the small test gazetteer the suite's fixtures point at.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from frontlines.library import demo_corpus

DEMO = demo_corpus()
SOURCES = [str(DEMO / name) for name in ("broken", "html", "jsonl", "rss", "txt")]
COMMAND = [sys.executable, "-c", "import sys; from frontlines.cli import main; sys.exit(main())"]
ENV: dict[str, str] = {}  # the environment every drill's command runs in (set by clean_run)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*COMMAND, *args], capture_output=True, text=True, timeout=600, env=ENV or None
    )


def _ingest(db: str, *, wait: bool = True) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [*COMMAND, "ingest", *SOURCES, "--db", db, "-f", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV or None,
    )
    if wait:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
    return proc


def _state(db: str) -> dict[str, object]:
    """What a store knows, in terms that do not depend on the order of work: the groups of
    articles that form stories, the events (id, type, date, place, reports) and the periods."""
    url = db if "://" in db else f"sqlite:///{db}"
    engine = create_engine(url)
    with engine.connect() as conn:
        stories: dict[str, set[str]] = {}
        for article_id, story_id in conn.execute(text("SELECT id, story_id FROM articles")):
            stories.setdefault(story_id, set()).add(article_id)
        events = {
            (row.id, row.sub_event_type, str(row.date_start), row.geonameid, row.n)
            for row in conn.execute(
                text(
                    "SELECT id, sub_event_type, date_start, geonameid, independent_sources AS n "
                    "FROM events"
                )
            )
        }
        reports = set(conn.execute(text("SELECT event_id, article_id FROM event_reports")).all())
        periods = set(conn.execute(text("SELECT place_key, seq FROM control_periods")).all())
        articles = conn.execute(text("SELECT count(*) FROM articles")).scalar()
    engine.dispose()
    return {
        "articles": articles,
        "stories": sorted(sorted(group) for group in stories.values()),
        "events": events,
        "reports": reports,
        "periods": periods,
    }


@pytest.fixture(scope="module")
def clean_run(
    tmp_path_factory: pytest.TempPathFactory, small_gazetteer_path: Path
) -> dict[str, object]:
    """One uninterrupted ingest. Module scope runs before the suite's function-scoped
    settings fixture, so the environment of every drill command is set here, the same for all."""
    ENV.clear()
    ENV.update(
        {k: v for k, v in os.environ.items() if not k.startswith("FRONTLINES_")},
        FRONTLINES_GAZETTEER=str(small_gazetteer_path),
        FRONTLINES_CONFIG=str(tmp_path_factory.getbasetemp() / "no-config.toml"),
    )
    db = str(tmp_path_factory.mktemp("clean") / "clean.db")
    _ingest(db)
    state = _state(db)
    assert state["events"] and state["periods"], "the demo must give events and periods"
    return state


def _articles_in(db: str) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.2) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def _stored(db: str) -> int:
    """How many articles a store holds now, SQLite file or PostgreSQL URL (0 before its schema)."""
    if "://" not in db:
        return _articles_in(db)
    engine = create_engine(db)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM articles")).scalar() or 0
    except Exception:  # the schema is not there yet
        return 0
    finally:
        engine.dispose()


@pytest.mark.parametrize("after_articles", [1, 12, 30])
def test_a_kill_during_ingest_loses_nothing_on_rerun(
    clean_run: dict[str, object], tmp_path: Path, after_articles: int
) -> None:
    db = str(tmp_path / "k.db")
    proc = _ingest(db, wait=False)
    deadline = time.monotonic() + 300
    while _articles_in(db) < after_articles and proc.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    assert proc.poll() is None, "the ingest ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()
    killed = _state(db)
    assert killed["articles"] < clean_run["articles"]
    _ingest(db)
    assert _state(db) == clean_run


def test_a_lost_merge_is_made_again(clean_run: dict[str, object], tmp_path: Path) -> None:
    """Delete what the merge wrote (as a kill between its writes once could) and ingest
    again with nothing new: the events and periods come back; `reprocess` also rebuilds."""
    db = str(tmp_path / "m.db")
    _ingest(db)
    with sqlite3.connect(db) as conn:
        for table in ("event_reports", "events", "control_periods"):
            conn.execute(f"DELETE FROM {table}")
    _ingest(db)
    assert _state(db) == clean_run
    with sqlite3.connect(db) as conn:
        for table in ("event_reports", "events", "control_periods"):
            conn.execute(f"DELETE FROM {table}")
    done = _run("reprocess", "--stage", "merge", "--db", db)
    assert done.returncode == 0, done.stderr
    assert _state(db) == clean_run


def _two_at_once(db: str) -> str:
    """Start a second ingest while the first is storing (its first article is in), so the
    second meets the first's lock whatever the machine's load; both must end well."""
    first = _ingest(db, wait=False)
    deadline = time.monotonic() + 300
    while _stored(db) < 1 and first.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    second = _ingest(db, wait=False)
    errors = ""
    for proc in (first, second):
        _out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        errors += err
    return errors


def test_two_ingests_at_once_give_what_one_gives_on_sqlite(
    clean_run: dict[str, object], tmp_path: Path
) -> None:
    db = str(tmp_path / "c.db")
    said = _two_at_once(db)
    assert _state(db) == clean_run
    assert "waiting for it to finish" in said


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_two_ingests_at_once_give_what_one_gives_on_postgresql(
    clean_run: dict[str, object], db_url: str
) -> None:
    said = _two_at_once(db_url)
    assert _state(db_url) == clean_run
    assert "waiting for it to finish" in said
