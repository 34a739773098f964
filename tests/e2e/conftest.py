"""Seeds ingested once with the full gazetteer, for the slow end-to-end tests of events and control."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import frontlines


@pytest.fixture
def full_gazetteer_env(monkeypatch: pytest.MonkeyPatch, full_gazetteer_path: Path) -> Path:
    monkeypatch.setenv("FRONTLINES_GAZETTEER", str(full_gazetteer_path))
    return full_gazetteer_path


@pytest.fixture(scope="module")
def seeds_db(
    tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path, full_gazetteer_path: Path
) -> Iterator[str]:
    """A SQLite database holding the five seeds, ingested with the full gazetteer."""
    db = tmp_path_factory.mktemp("seedsdb") / "seeds.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FRONTLINES_GAZETTEER", str(full_gazetteer_path))
        with frontlines.open(str(db)) as fl:
            fl.ingest([seeds_dir])
    yield str(db)
