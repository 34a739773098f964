"""The triage as a user meets it (issue 17, point 3): an article it does not parse is
stored with its reason, `frontlines articles` shows it, and `reprocess --no-triage`
parses it after all."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from frontlines.cli import app
from tests.events.test_triage import BUDGET, MATCH

CLASH = (
    "Rebels attack army post near Dorvale\n\n"
    "Rebels attacked an army post near the town of Dorvale on Tuesday, and fighting went on "
    "through the night, residents said. Two soldiers were killed and the insurgents withdrew "
    "into the hills at dawn, according to a military spokesman. Aid workers said families "
    "had fled the area before the attack, fearing a wider offensive by the rebels."
)


def _articles(db: Path) -> dict[str, dict[str, object]]:
    result = CliRunner().invoke(app, ["articles", "--db", str(db), "-f", "json"])
    assert result.exit_code == 0, result.output
    return {row["title"]: row for row in json.loads(result.output)}


def test_triaged_articles_are_stored_with_why_and_reprocess_parses_them(tmp_path: Path) -> None:
    for name, text in {"match": MATCH, "budget": BUDGET, "clash": CLASH}.items():
        (tmp_path / f"{name}.txt").write_text(
            f"{name} headline\n\n{text}" if name != "clash" else text
        )
    db = tmp_path / "x.db"
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(tmp_path), "--db", str(db), "-f", "json"])
    assert result.exit_code == 0, result.output
    rows = _articles(db)
    assert len(rows) == 3
    triaged = [r for r in rows.values() if r["scope"] == "triaged"]
    assert len(triaged) == 2
    assert all("no word of armed conflict" in str(r["scope_reason"]) for r in triaged)
    assert rows["Rebels attack army post near Dorvale"]["scope"] == "conflict"

    result = runner.invoke(app, ["reprocess", "--db", str(db), "--no-triage"])
    assert result.exit_code == 0, result.output
    scopes = {r["scope"] for r in _articles(db).values()}
    assert "triaged" not in scopes and "out" in scopes  # parsed now: out of scope, said so


def test_no_triage_parses_every_article(tmp_path: Path) -> None:
    (tmp_path / "match.txt").write_text(f"match headline\n\n{MATCH}")
    db = tmp_path / "x.db"
    result = CliRunner().invoke(app, ["ingest", str(tmp_path), "--db", str(db), "--no-triage"])
    assert result.exit_code == 0, result.output
    assert [r["scope"] for r in _articles(db).values()] == ["out"]


def test_a_batch_size_below_one_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "match.txt").write_text(f"match headline\n\n{MATCH}")
    result = CliRunner().invoke(
        app, ["ingest", str(tmp_path), "--db", str(tmp_path / "x.db"), "--batch-size", "0"]
    )
    assert result.exit_code == 2
