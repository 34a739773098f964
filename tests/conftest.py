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


PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _postgres_base() -> str | None:
    """The PostgreSQL URL to test against, or None when no server answers."""
    url = os.environ.get("FRONTLINES_TEST_PG", PG_DEFAULT)
    try:
        import psycopg
        from sqlalchemy.engine import make_url

        u = make_url(url)
        with psycopg.connect(
            host=u.host, port=u.port or 5432, user=u.username, dbname=u.database, connect_timeout=3
        ):
            return url
    except Exception:
        return None


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path):
    """A fresh, empty database URL: a SQLite file, then a PostgreSQL schema of its own.

    PostgreSQL skips when no server answers, unless FRONTLINES_REQUIRE_PG is set
    (CI sets it), where a missing server fails the test.
    """
    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
        return
    base = _postgres_base()
    if base is None:
        if os.environ.get("FRONTLINES_REQUIRE_PG"):
            pytest.fail("FRONTLINES_REQUIRE_PG is set but PostgreSQL does not answer")
        pytest.skip("no PostgreSQL server (set FRONTLINES_TEST_PG)")
    import uuid

    import psycopg
    from sqlalchemy.engine import make_url

    schema = f"t_{uuid.uuid4().hex[:12]}"
    u = make_url(base)
    conninfo = dict(host=u.host, port=u.port or 5432, user=u.username, dbname=u.database)
    with psycopg.connect(**conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{base}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(**conninfo, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(scope="session")
def small_gazetteer_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A gazetteer of a few dozen places (tests/geo's fixture list): what every test geocodes
    against unless it asks for the full build, so no test builds the full one by accident."""
    from frontlines.geo import GazetteerSources, build_gazetteer
    from tests.geo.test_geo_gazetteer import CITIES, COUNTRIES

    path = tmp_path_factory.mktemp("smallgaz") / "gazetteer.sqlite"
    build_gazetteer(path, sources=GazetteerSources(cities=CITIES, countries=COUNTRIES))
    return path


@pytest.fixture(autouse=True)
def _isolated_settings(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
    small_gazetteer_path: Path,
) -> None:
    """No test reads the developer's own config file or FRONTLINES_* settings; every test
    geocodes against the small fixture gazetteer unless it sets FRONTLINES_GAZETTEER itself."""
    monkeypatch.setenv("FRONTLINES_CONFIG", str(tmp_path_factory.getbasetemp() / "no-config.toml"))
    for name in list(os.environ):
        if name.startswith("FRONTLINES_") and name not in {
            "FRONTLINES_SHARED",
            "FRONTLINES_TEST_PG",
            "FRONTLINES_REQUIRE_PG",
            "FRONTLINES_CONFIG",
        }:
            monkeypatch.delenv(name)
    monkeypatch.setenv("FRONTLINES_GAZETTEER", str(small_gazetteer_path))


@pytest.fixture(scope="session")
def full_gazetteer_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The full gazetteer (slow tests only): $FRONTLINES_GAZETTEER if it exists, else built once."""
    env = os.environ.get("FRONTLINES_GAZETTEER")
    if env and Path(env).exists():
        return Path(env)
    from frontlines.geo import build_gazetteer

    path = tmp_path_factory.mktemp("fullgaz") / "gazetteer.sqlite"
    build_gazetteer(path)
    return path
