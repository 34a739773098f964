"""A database filled with the demo corpus, ingested once per test session and shared read-only.

The demo resolves Khan Sheikhoun right only against the full gazetteer, so
ingest runs with FRONTLINES_GAZETTEER pointing at it (and so must the tests
that ask the API to resolve names).
"""

from __future__ import annotations

from pathlib import Path

import pytest

_BUILT: dict[Path, Path] = {}


def demo_database(tmp_path_factory: pytest.TempPathFactory, gazetteer: Path) -> Path:
    """The path of a SQLite file holding the ingested demo corpus (built on first call)."""
    if gazetteer in _BUILT:
        return _BUILT[gazetteer]
    from frontlines.library import Frontlines, demo_sources

    path = tmp_path_factory.mktemp("demo-db") / "demo.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FRONTLINES_GAZETTEER", str(gazetteer))
        mp.setenv("FRONTLINES_CONFIG", str(path.parent / "no-config.toml"))
        with Frontlines(str(path)) as fl:
            report = fl.ingest(demo_sources())
    assert report.ingested > 40, report
    _BUILT[gazetteer] = path
    return path
