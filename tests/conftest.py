"""Fixtures shared by the whole suite.

``shared``: the project's ``../shared`` folder (gold sets, seeds, benchmarks).
Tests that need it skip cleanly when it is absent; CI sets
``FRONTLINES_SHARED=../shared``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path | None:
    env = os.environ.get("FRONTLINES_SHARED")
    candidates = [Path(env)] if env else []
    candidates.append(REPO.parent / "shared")
    for path in candidates:
        if (path / "seeds").is_dir():
            return path.resolve()
    return None


@pytest.fixture(scope="session")
def shared() -> Path:
    path = shared_dir()
    if path is None:
        pytest.skip("../shared is not here (set FRONTLINES_SHARED to run this test)")
    return path


@pytest.fixture(scope="session")
def seeds_dir(shared: Path) -> Path:
    return shared / "seeds"
