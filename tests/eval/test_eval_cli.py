"""The bench commands: clear errors on bad input, and a real run when ../shared is here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from frontlines.cli import main


def test_unknown_corpus_and_missing_path_are_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["bench", "time", str(tmp_path), "--corpus", "timebank"]) == 1
    assert "E007" in capsys.readouterr().err
    assert main(["bench", "geo", str(tmp_path / "none.xml"), "--corpus", "lgl"]) == 1
    assert "E002" in capsys.readouterr().err
    assert main(["bench", "geo", str(tmp_path), "--corpus", "geonames"]) == 1
    assert "E007" in capsys.readouterr().err


def test_bench_time_on_wikiwars_prints_scores(
    shared: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wikiwars = shared / "bench" / "time" / "wikiwars"
    assert main(["bench", "time", str(wikiwars), "--patterns-only", "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["documents"] == 22 and 0 < result["value_accuracy"] <= 1
    assert main(["bench", "time", str(wikiwars), "--patterns-only"]) == 0
    out = capsys.readouterr().out
    assert "strict f1" in out and "not measured here" in out
