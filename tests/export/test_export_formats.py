"""Exports of hand-built events: every format reads back with the documented shape (must show 4)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
import shapely.geometry

from frontlines.errors import BadOption
from frontlines.export import AdminNames, ExportFormat, event_row, export_events, export_format
from tests.export.builders import (
    EVENTS,
    HOSTILE,
    IDLIB_PROVINCE,
    PROVINCE_CLASH,
    RECAPTURED,
    RETAKEN,
    STRIKE,
)

# The documented columns (README, `frontlines export`): ACLED's, in ACLED's order, then ours.
DOCUMENTED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
    "frontlines_id", "date_end", "date_precision", "background", "independent_sources",
    "geonameid", "new_controller", "previous_controller", "article_ids",
]  # fmt: skip

# The output contract's keys (eval README) every JSON line must have.
CONTRACT_KEYS = {
    "id", "event_type", "sub_event_type", "date_start", "date_end", "date_precision", "place",
    "actor1", "actor2", "territory", "fatalities", "background", "reports", "independent_sources",
}  # fmt: skip

NAMES = AdminNames(admin1=lambda cc, a1: "Idlib" if (cc, a1) == ("SY", "12") else None)


def test_csv_round_trips_through_pandas_with_the_documented_columns(tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    result = export_events(EVENTS, "acled-csv", out, names=NAMES)
    assert result.written == len(EVENTS)
    df = pd.read_csv(out, keep_default_na=False, dtype=str)
    assert list(df.columns) == DOCUMENTED_COLUMNS
    assert len(df) == len(EVENTS)
    rows = {r["frontlines_id"]: r for r in df.to_dict("records")}
    retaken = rows["ev_retaken"]
    assert retaken["event_id_cnty"] == "ev_retaken"
    assert (retaken["event_date"], retaken["year"], retaken["time_precision"]) == (
        "2019-08-21",
        "2019",
        "1",
    )
    assert (retaken["inter1"], retaken["inter2"], retaken["interaction"]) == ("1", "2", "12")
    assert retaken["disorder_type"] == "Political violence"
    assert (retaken["iso"], retaken["country"], retaken["admin1"]) == ("760", "Syria", "Idlib")
    assert (retaken["location"], retaken["geo_precision"], retaken["geonameid"]) == (
        "Khan Shaykhun",
        "1",
        "168325",
    )
    assert float(retaken["latitude"]) == pytest.approx(35.44208)
    assert retaken["notes"] == RETAKEN.reports[0].sentence
    assert (retaken["new_controller"], retaken["previous_controller"]) == (
        "Syrian government forces",
        "Hayat Tahrir al-Sham",
    )
    assert retaken["fatalities"] == "21"
    strike = rows["ev_strike"]
    assert strike["source"] == "Example News; Other Outlet"
    assert strike["article_ids"] == "a3; a1"
    assert (strike["civilian_targeting"], strike["interaction"]) == ("Civilian targeting", "17")
    assert (strike["time_precision"], strike["fatalities"], strike["date_end"]) == (
        "2",
        "50",
        "2019-09-07",
    )
    undated = rows["ev_province"]
    assert (undated["event_date"], undated["year"], undated["fatalities"]) == ("", "", "0")
    assert (undated["interaction"], undated["geo_precision"], undated["latitude"]) == ("20", "", "")
    assert HOSTILE in rows["ev_recaptured"]["notes"]  # data stays data in a CSV
    # typed reading works too: numbers are numbers, empty cells are missing
    typed = pd.read_csv(out)
    assert typed["fatalities"].tolist() == [21, 50, 12, 0]
    assert typed["latitude"].isna().tolist() == [False, False, False, True]


def test_empty_csv_still_has_the_header(tmp_path: Path) -> None:
    export_events([], ExportFormat.ACLED_CSV, tmp_path / "none.csv")
    assert list(pd.read_csv(tmp_path / "none.csv").columns) == DOCUMENTED_COLUMNS


def test_parquet_reads_back_with_the_same_columns_typed(tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"
    assert export_events(EVENTS, "parquet", out).written == len(EVENTS)
    table = pq.read_table(out)
    assert table.column_names == DOCUMENTED_COLUMNS
    rows = table.to_pylist()
    assert [r["frontlines_id"] for r in rows] == [e.id for e in EVENTS]
    assert rows[0]["event_date"].isoformat() == "2019-08-21"
    assert rows[0]["fatalities"] == 21 and rows[0]["latitude"] == pytest.approx(35.44208)
    assert rows[3]["event_date"] is None and rows[3]["background"] is False
    assert str(table.schema.field("fatalities").type) == "int64"
    empty = tmp_path / "none.parquet"
    export_events([], "parquet", empty)
    assert pq.read_table(empty).column_names == DOCUMENTED_COLUMNS


def test_geojson_is_valid_and_leaves_out_events_without_coordinates(tmp_path: Path) -> None:
    out = tmp_path / "events.geojson"
    result = export_events(EVENTS, "geojson", out)
    assert (result.written, result.without_coordinates) == (3, 1)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection"
    assert isinstance(doc["features"], list) and len(doc["features"]) == 3
    for feature in doc["features"]:
        assert feature["type"] == "Feature"
        assert set(feature) >= {"type", "geometry", "properties"}
        geometry = feature["geometry"]
        assert geometry["type"] == "Point"
        shape = shapely.geometry.shape(geometry)
        assert shape.is_valid and not shape.is_empty
        lon, lat = geometry["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert list(feature["properties"]) == DOCUMENTED_COLUMNS
        # RFC 7946: longitude first
        assert (lon, lat) == (feature["properties"]["longitude"], feature["properties"]["latitude"])
    ids = [f["id"] for f in doc["features"]]
    assert PROVINCE_CLASH.id not in ids and ids == [RETAKEN.id, STRIKE.id, RECAPTURED.id]


def test_jsonl_lines_parse_and_carry_the_output_contract(tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    export_events(EVENTS, "jsonl", out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(EVENTS)
    records = [json.loads(line) for line in lines]
    for record in records:
        assert set(record) >= CONTRACT_KEYS
        for r in record["reports"]:
            assert {"article_id", "url", "outlet", "story_id", "sentence", "start", "end"} <= set(r)
    first = records[0]
    assert first["date_start"] == "2019-08-21" and first["place"]["geonameid"] == 168325
    assert first["territory"]["new_controller"]["id"] == "mil-sy"
    assert first["fatalities"] == {"low": 21, "high": 21}
    assert records[2]["reports"][0]["sentence"] == RECAPTURED.reports[0].sentence


def test_acled_codes() -> None:
    row = event_row(RECAPTURED)
    assert (row["inter1"], row["inter2"], row["interaction"]) == (2, 1, 12)
    assert row["fatalities"] == 12  # "dozens": the codebook's 12, not our low bound 24
    assert row["admin1"] is None  # no gazetteer names given: left empty, not guessed
    assert row["geo_precision"] == 1
    assert event_row(PROVINCE_CLASH)["geo_precision"] is None  # no coordinates
    located = IDLIB_PROVINCE.model_copy(update={"lat": 35.7, "lon": 36.6})
    assert event_row(PROVINCE_CLASH.model_copy(update={"place": located}))["geo_precision"] == 3


def test_format_names_and_suffixes() -> None:
    assert export_format(None, Path("x.geojson")) is ExportFormat.GEOJSON
    assert export_format(None, Path("x.CSV")) is ExportFormat.ACLED_CSV
    assert export_format("Parquet", Path("x.bin")) is ExportFormat.PARQUET
    with pytest.raises(BadOption, match="choose one of: acled-csv, geojson, parquet, jsonl"):
        export_format("xlsx", Path("x.xlsx"))
    with pytest.raises(BadOption, match="cannot tell the export format"):
        export_format(None, Path("x.txt"))


def test_missing_folder_is_a_readable_error(tmp_path: Path) -> None:
    with pytest.raises(BadOption, match="does not exist"):
        export_events(EVENTS, "jsonl", tmp_path / "nope" / "x.jsonl")
