"""``frontlines serve`` builds the app over ``--db`` and hands it to uvicorn with --host/--port."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from frontlines.cli import main


def test_serve_runs_the_app_with_uvicorn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    calls: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    db = tmp_path / "served.db"
    from frontlines.store import Store

    Store(str(db)).close()  # serve reads a database; it does not create one
    assert main(["serve", "--db", str(db), "--host", "127.0.0.2", "--port", "8123"]) == 0
    ((app, kwargs),) = calls
    assert isinstance(app, FastAPI)
    assert app.state.frontlines.settings.db == str(db)
    assert kwargs["host"] == "127.0.0.2" and kwargs["port"] == 8123
    app.state.frontlines.close()


def test_serve_refuses_a_bad_port() -> None:
    assert main(["serve", "--port", "70000"]) != 0
