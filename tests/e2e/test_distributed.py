"""Ways of ingesting the demo that must give exactly what one process in one run gives.

A local cluster (``--workers 2``) and a cluster of a ``dask scheduler`` and two ``dask
worker`` processes on 127.0.0.1, started here, each ingest the demo corpus (issue 17,
point 4); so does one process in eight runs of a few files each, every run merging only
the regions it touched (point 5). Their stories, events, reports, control periods and
scopes must equal a single-process ingest's.
"""

from __future__ import annotations

import os
import random
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import frontlines
from frontlines.library import demo_sources
from tests.api.demo import demo_database

pytestmark = pytest.mark.slow
DASK = str(Path(sys.executable).with_name("dask"))


def _state(db: Path) -> dict[str, Any]:
    with frontlines.open(str(db)) as fl:
        return {
            "stories": sorted(sorted(s.article_ids) for s in fl.store.stories()),
            "events": sorted(e.model_dump_json() for e in fl.store.events()),
            "periods": {
                k: [p.model_dump_json() for p in v] for k, v in fl.store.control_periods().items()
            },
            "scopes": sorted((a.id, a.scope or "") for a in fl.articles()),
            # a stage that failed on an article (recorded, not raised) explains a mismatch
            "stage_errors": sorted(
                r.rejection.detail or "" for r in fl.store.rejections(reason="stage_error")
            ),
        }


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory, full_gazetteer_path: Path) -> dict[str, str]:
    """What every process of these tests reads: the full gazetteer, no config file."""
    return {
        "FRONTLINES_GAZETTEER": str(full_gazetteer_path),
        "FRONTLINES_CONFIG": str(tmp_path_factory.getbasetemp() / "no-config.toml"),
    }


@pytest.fixture(autouse=True)
def _full_gazetteer(
    _isolated_settings: None, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)


@pytest.fixture(scope="module")
def one_process(
    env: dict[str, str], tmp_path_factory: pytest.TempPathFactory, full_gazetteer_path: Path
) -> dict[str, Any]:
    return _state(demo_database(tmp_path_factory, full_gazetteer_path))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def scheduler(env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A dask scheduler and two single-threaded dask workers on 127.0.0.1."""
    from dask.distributed import Client

    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = tmp_path_factory.mktemp("dask")
    files = [(logs / f"{name}.log").open("w") for name in ("scheduler", "worker0", "worker1")]
    procs = [
        subprocess.Popen(
            [DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            stdout=files[0],
            stderr=subprocess.STDOUT,
            env={**os.environ, **env},
        )
    ]
    try:
        time.sleep(1)
        for n in range(2):
            procs.append(
                subprocess.Popen(
                    [
                        DASK,
                        "worker",
                        address,
                        "--nthreads",
                        "1",
                        "--no-dashboard",
                        "--host",
                        "127.0.0.1",
                        "--name",
                        f"w{n}",
                    ],
                    stdout=files[1 + n],
                    stderr=subprocess.STDOUT,
                    env={**os.environ, **env},
                )
            )
        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=60)
        yield address
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for f in files:
            f.close()


def test_a_local_cluster_of_two_workers_gives_what_one_process_gives(
    one_process: dict[str, Any], tmp_path: Path
) -> None:
    db = tmp_path / "workers.db"
    with frontlines.open(str(db)) as fl:
        report = fl.ingest(demo_sources(), workers=2, batch_size=4)
    assert report.ingested > 40
    assert one_process["stage_errors"] == []
    assert _state(db) == one_process


def test_a_scheduler_and_two_workers_give_what_one_process_gives(
    one_process: dict[str, Any], scheduler: str, tmp_path: Path
) -> None:
    db = tmp_path / "cluster.db"
    with frontlines.open(str(db)) as fl:
        fl.ingest(demo_sources(), scheduler=scheduler, batch_size=4)
    assert _state(db) == one_process


def test_the_cli_runs_on_an_existing_scheduler(scheduler: str, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from frontlines.cli.app import app

    db = tmp_path / "cli.db"
    src = next(iter(demo_sources()))
    result = CliRunner().invoke(
        app, ["ingest", str(src), "--db", str(db), "--scheduler", scheduler, "-f", "json"]
    )
    assert result.exit_code == 0, result.output


def test_no_scheduler_at_the_address_is_a_clear_error(tmp_path: Path) -> None:
    src = next(iter(demo_sources()))
    address = f"tcp://127.0.0.1:{_free_port()}"
    cli = str(Path(sys.executable).with_name("frontlines"))
    result = subprocess.run(
        [cli, "ingest", str(src), "--db", str(tmp_path / "x.db"), "--scheduler", address],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "no Dask scheduler answered" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


def _dates(db: Path) -> list[tuple[str, str]]:
    with frontlines.open(str(db)) as fl:
        return sorted((a.id, a.published.model_dump_json()) for a in fl.articles())


def test_the_demo_in_eight_runs_equals_the_demo_in_one(
    one_process: dict[str, Any], tmp_path: Path
) -> None:
    files = sorted(p for d in demo_sources() for p in d.rglob("*") if p.is_file())
    random.Random(17).shuffle(files)
    db = tmp_path / "runs.db"
    with frontlines.open(str(db)) as fl:
        for n in range(8):
            fl.ingest(files[n * len(files) // 8 : (n + 1) * len(files) // 8])
        assert fl.store.merge_by_regions() and not fl.store.dirty_regions()
    assert _state(db) == one_process
    one = tmp_path / "one.db"
    with frontlines.open(str(one)) as fl:
        fl.ingest(demo_sources())
    assert _dates(db) == _dates(one)
