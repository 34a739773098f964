"""Geoparsing floors on LGL and GeoWebNews (slow: needs the full gazetteer and the spaCy model)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FLOORS = json.loads((Path(__file__).with_name("baseline.json")).read_text(encoding="utf-8"))


@pytest.mark.slow
@pytest.mark.parametrize(("corpus", "file"), [("lgl", "lgl.xml"), ("gwn", "GWN.xml")])
def test_geo_scores_hold(
    corpus: str, file: str, shared: Path, full_gazetteer_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from frontlines.eval.geo import run_geo_benchmark

    monkeypatch.setenv("FRONTLINES_GAZETTEER", str(full_gazetteer_path))
    scores = run_geo_benchmark(corpus, shared / "bench" / "geo" / file, end_to_end=True).to_dict()
    acc161 = scores["geocoding"]["acc161"]
    f1 = scores["recognition"]["f1"]
    assert acc161 >= FLOORS["geo_gold_spans"][f"{corpus}_acc161"], f"{corpus} acc@161 {acc161}"
    assert f1 >= FLOORS["geo_recognition"][f"{corpus}_f1"], f"{corpus} recognition F1 {f1}"


@pytest.mark.slow
@pytest.mark.parametrize(("corpus", "file"), [("lgl", "lgl.xml"), ("gwn", "GWN.xml")])
def test_geo_recognition_with_demonyms_holds(
    corpus: str, file: str, shared: Path, full_gazetteer_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both corpora annotate demonyms ("Russian diplomats") as toponyms; counted so, as the
    benchmarks count them, recognition F1 has a floor of its own."""
    from frontlines.eval.geo import read_geo_corpus, score_recognition
    from frontlines.geo import geoparse

    monkeypatch.setenv("FRONTLINES_GAZETTEER", str(full_gazetteer_path))
    docs = read_geo_corpus(corpus, shared / "bench" / "geo" / file)
    scores = score_recognition(docs, lambda text: geoparse(text, demonyms=True)).to_dict()
    f1 = scores["recognition"]["f1"]
    assert f1 >= FLOORS["geo_recognition_demonyms"][f"{corpus}_f1"], f"{corpus} F1 {f1}"
