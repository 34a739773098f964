"""Drills on the CLI's traps (issue 16, point 5): a mistyped --db, a negative --limit, type
tags in help, a busy port, a slow start, a progress bar that stands still, a README that
needs ../shared."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer

from frontlines.cli import app, main
from frontlines.library import Frontlines, database_file
from frontlines.store import Store

REPO = Path(__file__).resolve().parents[2]


def _commands() -> Iterator[tuple[list[str], Any]]:
    """Every command and group as (words after `frontlines`, click command), the root first."""

    def walk(command: Any, path: list[str]) -> Iterator[tuple[list[str], Any]]:
        yield path, command
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            yield from walk(sub, [*path, name])

    yield from walk(typer.main.get_command(app), [])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """uvicorn.run, recorded instead of run."""
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    return calls


# --- a read command never creates the database ------------------------------------------

READ_COMMANDS = [
    ["articles"],
    ["show", "abc"],
    ["stories"],
    ["rejections"],
    ["events"],
    ["control", "Idlib"],
    ["timeline", "Idlib"],
    ["export", "--out", "{tmp}/events.csv"],
    ["report", "--place", "Idlib", "--out", "{tmp}/report.html"],
    ["serve", "--port", "{port}"],
]


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("as_url", [False, True], ids=["path", "sqlite-url"])
def test_a_read_command_refuses_a_database_that_does_not_exist(
    command: list[str], as_url: bool, tmp_path: Path, served: list[dict[str, Any]], capsys
) -> None:
    typo = tmp_path / "nwes.db"
    db = f"sqlite:///{typo}" if as_url else str(typo)
    args = [a.format(tmp=tmp_path, port=_free_port()) for a in command]
    assert main([*args, "--db", db]) == 1
    err = capsys.readouterr().err
    assert "does not exist" in err and str(typo) in err.replace("\n", ""), err
    assert sorted(p.name for p in tmp_path.iterdir()) == [] and served == []


def test_commands_that_write_create_the_database(tmp_path: Path) -> None:
    made = tmp_path / "made.db"
    assert main(["reprocess", "--db", str(made)]) == 0
    assert made.exists()
    short = tmp_path / "short.txt"
    short.write_text("Too short to keep.\n")
    assert main(["ingest", str(short), "--db", str(tmp_path / "new.db")]) == 1  # all rejected
    assert (tmp_path / "new.db").exists()


def test_a_server_database_is_no_file(db_url: str) -> None:
    """PostgreSQL is opened as before; a SQLite file must be there."""
    if database_file(db_url) is None:
        with Frontlines(db_url, must_exist=True) as fl:
            assert fl.counts().articles == 0
        assert main(["articles", "--db", db_url]) == 0
    else:
        assert main(["articles", "--db", db_url]) == 1
        Store(db_url).close()
        assert main(["articles", "--db", db_url]) == 0


def test_database_file_names_the_file_behind_a_database(tmp_path: Path) -> None:
    assert database_file(str(tmp_path / "x.db")) == tmp_path / "x.db"
    assert database_file(f"sqlite:///{tmp_path}/x.db") == tmp_path / "x.db"
    for db in ("sqlite://", "sqlite:///:memory:", "postgresql+psycopg://u@localhost/news"):
        assert database_file(db) is None


# --- --limit ---------------------------------------------------------------------------


def _with_limit() -> list[list[str]]:
    found = []
    for path, command in _commands():
        params = getattr(command, "params", [])
        if any("--limit" in getattr(p, "opts", ()) for p in params):
            required = ["x" for p in params if p.param_type_name == "argument" and p.required]
            found.append([*path, *required])
    return found


def test_every_limit_is_found() -> None:
    assert {c[0] for c in _with_limit()} >= {"articles", "events", "gazetteer", "bench"}


@pytest.mark.parametrize("command", _with_limit(), ids=" ".join)
def test_a_negative_limit_is_a_usage_error(command: list[str], tmp_path: Path, capsys) -> None:
    db = tmp_path / "v.db"
    Store(str(db)).close()
    extra = ["--db", str(db)] if command[0] in {"articles", "events"} else []
    assert main([*command, *extra, "--limit", "-1"]) == 2
    assert "--limit" in capsys.readouterr().err


# --- help ------------------------------------------------------------------------------

TYPE_TAG = re.compile(
    r"<(str|int|float|bool|path|file|directory|datetime|uuid|list\[[^\]]*\])>"
    r"|\b(TEXT|INTEGER|FLOAT|BOOLEAN|PATH|FILENAME|DIRECTORY|UUID)\b"
)


@pytest.mark.parametrize("path", [p for p, _ in _commands()], ids=lambda p: " ".join(p) or "-")
def test_help_shows_no_type_tags(path: list[str], monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    assert main([*path, "--help"]) == 0
    shown = capsys.readouterr().out
    assert "Usage:" in shown
    assert not TYPE_TAG.search(shown), TYPE_TAG.search(shown)


def test_help_keeps_choices_and_the_defaults_it_names(
    monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["ingest", "--help"]) == 0
    shown = capsys.readouterr().out
    assert "table|json|jsonl|csv" in shown
    assert "[default: ./frontlines.db]" in shown  # rich markup used to eat it


def test_the_help_lists_what_the_library_accepts() -> None:
    from frontlines.cli.app import INPUT_FORMATS
    from frontlines.cli.exports import EXPORT_FORMATS
    from frontlines.export import ExportFormat
    from frontlines.ingest import FORMATS

    assert INPUT_FORMATS == FORMATS
    assert tuple(f.value for f in ExportFormat) == EXPORT_FORMATS


# --- serve -----------------------------------------------------------------------------


def test_serve_on_a_busy_port_fails_before_announcing_itself(
    tmp_path: Path, served: list[dict[str, Any]], capsys
) -> None:
    db = tmp_path / "v.db"
    Store(str(db)).close()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "--db", str(db), "--port", str(port)]) == 1
    err = capsys.readouterr().err
    assert f"127.0.0.1:{port}" in err and "in use" in err and "serving" not in err
    assert served == []


def test_serve_on_a_free_port_runs(tmp_path: Path, served: list[dict[str, Any]], capsys) -> None:
    db = tmp_path / "v.db"
    Store(str(db)).close()
    port = _free_port()
    assert main(["serve", "--db", str(db), "--port", str(port)]) == 0
    assert served == [{"host": "127.0.0.1", "port": port, "log_level": "info"}]
    assert "serving" in capsys.readouterr().err


# --- a fast start ----------------------------------------------------------------------

# pydantic is not here: typer 0.29 itself loads it to parse any command's options.
HEAVY = ["spacy", "fastapi", "sqlalchemy", "trafilatura", "pandas", "pyarrow", "httpx",
         "uvicorn", "alembic", "numpy", "datasketch"]  # fmt: skip


@pytest.mark.parametrize("args", [["--help"], ["ingest", "--help"], ["serve", "--help"]])
def test_help_imports_no_heavy_library(args: list[str]) -> None:
    script = (
        "import sys\n"
        "from frontlines.cli import main\n"
        f"code = main({args!r})\n"
        f"print([m for m in {HEAVY!r} if m in sys.modules])\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"


# --- progress --------------------------------------------------------------------------


def _short_records(path: Path, n: int) -> Path:
    """A JSONL file of ``n`` records, each too short to keep (no model runs on them)."""
    path.write_text(
        "".join(
            json.dumps({"text": f"Record {i} is short.", "url": f"https://x.org/{i}"}) + "\n"
            for i in range(n)
        )  # fmt: skip
    )
    return path


def test_ingest_tells_of_every_record_and_of_the_merge(tmp_path: Path) -> None:
    records: list[tuple[str, int]] = []
    stages: list[str] = []
    source = _short_records(tmp_path / "big.jsonl", 3)
    with Frontlines(str(tmp_path / "v.db")) as fl:
        fl.ingest([source], on_record=lambda s, n: records.append((s, n)))
        assert [n for _, n in records] == [1, 2, 3] and {s for s, _ in records} == {str(source)}
        fl.reprocess(["merge"], on_stage=stages.append)
    assert stages == ["merge"]


class _Bar:
    """A progress bar that writes down what it is told."""

    def __init__(self, said: list[str]) -> None:
        self.said = said

    def __enter__(self) -> _Bar:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def add_task(self, description: str, total: int | None = None) -> int:
        return 0

    def update(self, task: int, *, description: str | None = None, **kw: Any) -> None:
        if description is not None:
            self.said.append(description)


def test_the_bar_moves_inside_a_file_and_through_the_merge(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[str] = []
    # by module: the name frontlines.cli.app is the Typer app the package exports
    monkeypatch.setattr(sys.modules["frontlines.cli.app"], "progress_bar", lambda h: _Bar(said))
    source = _short_records(tmp_path / "big.jsonl", 3)
    db = str(tmp_path / "v.db")
    assert main(["ingest", str(source), "--db", db]) == 1  # every record too short
    assert [d for d in said if "record" in d] == [f"big.jsonl: record {n}" for n in (1, 2, 3)]
    said.clear()
    assert main(["reprocess", "--stage", "merge", "--db", db]) == 0
    assert "merging" in said


# --- the README ------------------------------------------------------------------------


def test_using_it_needs_nothing_outside_the_clone() -> None:
    """Every path the README's "Using it" ingests is in the clone (run by hand in a fresh one)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Using it", 1)[1].split("\n## ", 1)[0]
    assert "../shared" not in section
    shell = dict(re.findall(r"^(\w+)=(\S+)", section, flags=re.MULTILINE))
    sources = [
        re.sub(r"\$(\w+)", lambda m: shell[m[1]], word)
        for line in re.findall(r"^frontlines ingest (.*?) --db", section, flags=re.MULTILINE)
        for word in line.split()
    ]
    sources += re.findall(r'fl\.ingest\(\["([^"]+)"', section)
    assert len(sources) >= 2, "Using it shows no ingest"
    for source in sources:
        assert (REPO / source).exists(), f"Using it ingests {source}, which a clone lacks"
