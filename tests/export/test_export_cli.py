"""`frontlines export` and `frontlines report` on a store made from the five seeds, as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
import shapely.geometry

from frontlines.cli import main
from tests.export.test_export_formats import CONTRACT_KEYS, DOCUMENTED_COLUMNS


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.slow
def test_seeds_export_and_report_round_trip(seeds_dir: Path, tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "seeds.db")
    code, _, err = run(capsys, "ingest", str(seeds_dir), "--db", db)
    assert code == 0, err
    code, out, err = run(capsys, "events", "--db", db, "--format", "jsonl")
    assert code == 0, err
    expected = [json.loads(line) for line in out.splitlines()]
    assert expected, "the seeds give events"

    code, out, err = run(capsys, "export", "--db", db, "--out", str(tmp_path / "e.csv"))
    assert code == 0, err
    assert f"wrote {len(expected)} events" in out
    df = pd.read_csv(tmp_path / "e.csv")
    assert list(df.columns) == DOCUMENTED_COLUMNS
    assert df["frontlines_id"].tolist() == [e["id"] for e in expected]

    code, out, err = run(
        capsys, "export", "--db", db, "--format", "geojson", "--out", str(tmp_path / "e.json")
    )
    assert code == 0, err
    doc = json.loads((tmp_path / "e.json").read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection"
    located = [e for e in expected if e["place"] and e["place"]["lat"] is not None]
    assert len(doc["features"]) == len(located)
    for feature in doc["features"]:
        assert shapely.geometry.shape(feature["geometry"]).is_valid
    if len(located) < len(expected):
        assert f"left out {len(expected) - len(located)} without coordinates" in out

    code, _, err = run(capsys, "export", "--db", db, "--out", str(tmp_path / "e.parquet"))
    assert code == 0, err
    assert pq.read_table(tmp_path / "e.parquet").column_names == DOCUMENTED_COLUMNS

    code, _, err = run(
        capsys,
        "export",
        "--db",
        db,
        "-f",
        "jsonl",
        "--out",
        str(tmp_path / "e.jsonl"),
        "--type",
        "Battles",
    )
    assert code == 0, err
    lines = [json.loads(x) for x in (tmp_path / "e.jsonl").read_text(encoding="utf-8").splitlines()]
    assert lines == [e for e in expected if e["event_type"] == "Battles"]
    assert all(set(x) >= CONTRACT_KEYS for x in lines)

    code, out, err = run(
        capsys, "report", "--db", db, "--place", "Khan Sheikhoun", "--out", str(tmp_path / "k.html")
    )
    assert code == 0, err
    page = (tmp_path / "k.html").read_text(encoding="utf-8")
    assert "data:image/png;base64," in page and 'id="timeline"' in page and 'id="cite-1"' in page
    assert "2024-11-30" in page

    code, out, err = run(
        capsys,
        "report",
        "--db",
        db,
        "--country",
        "SY",
        "--since",
        "2019-01-01",
        "--out",
        str(tmp_path / "sy.md"),
    )
    assert code == 0, err
    assert (tmp_path / "sy.png").exists()
    assert "](sy.png)" in (tmp_path / "sy.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export"], "export needs --out FILE"),
        (["export", "--out", "x.txt"], "cannot tell the export format from 'x.txt'"),
        (["export", "--out", "x.csv", "--format", "xlsx"], "unknown export format 'xlsx'"),
        (["report", "--out", "r.html"], "report needs --place NAME or --country CODE"),
        (["report", "--place", "Idlib", "--country", "SY", "--out", "r.html"], "not both"),
        (["report", "--place", "Idlib"], "report needs --out report.html or --out report.md"),
        (["report", "--place", "Idlib", "--out", "r.pdf"], "must end in .html or .md"),
        (["report", "--country", "Syria", "--out", "r.html"], "two-letter ISO 3166"),
    ],
)
def test_usage_errors_are_one_line(args: list[str], message: str, tmp_path: Path, capsys) -> None:
    code, _, err = run(capsys, *args, "--db", str(tmp_path / "empty.db"))
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error E007") and message in lines[0], err
