"""Fixtures of the API tests: the demo database and in-process clients of the app over it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from frontlines.api import create_app
from tests.api.demo import demo_database

TOKEN = "test-token-not-a-secret"


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory, full_gazetteer_path: Path) -> Path:
    return demo_database(tmp_path_factory, full_gazetteer_path)


@pytest.fixture
def full_gazetteer(monkeypatch: pytest.MonkeyPatch, full_gazetteer_path: Path) -> Path:
    """Resolve place names at request time against the full gazetteer, as the demo was ingested."""
    monkeypatch.setenv("FRONTLINES_GAZETTEER", str(full_gazetteer_path))
    return full_gazetteer_path


@pytest.fixture(scope="session")
def demo_client(demo_db: Path) -> Iterator[TestClient]:
    """A client of the app over the demo database (read-only use: tests share it)."""
    with TestClient(create_app(str(demo_db), tokens=[TOKEN])) as client:
        yield client


@pytest.fixture
def client(full_gazetteer: Path, demo_client: TestClient) -> TestClient:
    return demo_client


@pytest.fixture
def empty_client(tmp_path: Path) -> Iterator[TestClient]:
    """A client of the app over a new, empty database, accepting TOKEN for ingest."""
    with TestClient(create_app(str(tmp_path / "empty.db"), tokens=[TOKEN])) as c:
        yield c
