"""Drills on commands that write files: an export never destroys the database or a file of
another kind, and the demo never wipes a database it did not make (issue 15, point 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontlines.cli import main
from frontlines.cli.app import DEMO_MARK, MADE_BY, _made_by_demo
from frontlines.store import Store


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "v.db"
    Store(str(path)).close()
    return path


def test_an_export_never_writes_over_its_database(db: Path, capsys) -> None:
    before = db.read_bytes()
    for out, extra in ((db, ["-f", "acled-csv"]), (db, ["-f", "jsonl", "--force"])):
        assert main(["export", "--db", str(db), "--out", str(out), *extra]) == 1
        assert "refusing to write the export over the database" in capsys.readouterr().err
    wal = db.with_name(db.name + "-wal")
    assert main(["export", "--db", str(db), "--out", str(wal), "-f", "jsonl", "--force"]) == 1
    assert db.read_bytes() == before


def test_an_export_keeps_a_file_of_another_kind_unless_forced(
    db: Path, tmp_path: Path, capsys
) -> None:
    notes = tmp_path / "notes.csv"
    notes.write_text("my notes, not an export\n")
    assert main(["export", "--db", str(db), "--out", str(notes)]) == 1
    assert "--force" in capsys.readouterr().err and notes.read_text().startswith("my notes")
    other = tmp_path / "other.db"
    Store(str(other)).close()
    assert main(["export", "--db", str(db), "--out", str(other), "-f", "jsonl"]) == 1
    assert "is a SQLite database" in capsys.readouterr().err
    # an earlier export of the same format is replaced without asking
    out = tmp_path / "events.csv"
    assert main(["export", "--db", str(db), "--out", str(out)]) == 0
    assert main(["export", "--db", str(db), "--out", str(out)]) == 0
    assert main(["export", "--db", str(db), "--out", str(notes), "--force"]) == 0
    assert not notes.read_text().startswith("my notes")


def test_the_demo_never_wipes_a_database_it_did_not_make(db: Path, capsys) -> None:
    before = db.read_bytes()
    assert main(["demo", "--db", str(db)]) == 1
    assert "was not made by `frontlines demo`" in capsys.readouterr().err
    assert db.read_bytes() == before
    stray = db.with_name("plain.txt")
    stray.write_text("not a database")
    assert main(["demo", "--db", str(stray)]) == 1
    assert stray.read_text() == "not a database"


def test_the_demo_may_replace_its_own_database(db: Path) -> None:
    assert not _made_by_demo(db)
    with Store(str(db)) as store:
        store.set_state(MADE_BY, DEMO_MARK)
    assert _made_by_demo(db)
    assert _made_by_demo(db.with_name("new.db"))


def test_ingesting_the_demo_folder_skips_its_readme_manifest_and_gold(tmp_path: Path) -> None:
    """The demo folder holds its README, manifest and gold beside the texts: walking it reads
    the news only (it once stored the README as an article and rejected 54 gold lines)."""
    from frontlines.ingest import expand_sources
    from frontlines.library import demo_corpus

    items = [Path(p).name for p in expand_sources([str(demo_corpus())])]
    assert "README.md" not in items and "manifest.json" not in items
    assert "events.gold.jsonl" not in items
    assert "reports.jsonl" in items and len(items) > 40
    # named, a file is read whatever its name
    assert expand_sources([str(demo_corpus() / "README.md")]) == [str(demo_corpus() / "README.md")]


def test_a_file_url_is_refused_with_fetch_too(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "f.db")
    assert main(["ingest", "file:///etc/passwd", "--fetch", "--db", db]) == 1
    said = capsys.readouterr().err
    assert "file:// URLs are refused" in said and "--fetch" not in said
