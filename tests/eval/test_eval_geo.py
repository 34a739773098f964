"""The geoparsing benchmark reader and scorer: tiny inline corpora, a fake geocoder."""

from __future__ import annotations

import math
import sys
import types
from dataclasses import dataclass
from pathlib import Path

import pytest

from frontlines.errors import BadOption, PathNotFound
from frontlines.eval.geo import (
    GWN_ALL_KINDS,
    GeoDoc,
    GoldToponym,
    haversine_km,
    read_geo_corpus,
    read_gwn,
    read_lgl,
    run_geo_benchmark,
    score_geocoding,
    score_recognition,
)
from frontlines.eval.geo_metrics import MAX_ERROR_KM, auc_log_error, pair_spans


@dataclass
class Guess:
    """The shape of ``frontlines.models.GeoGuess``."""

    start: int
    end: int
    text: str
    lat: float | None
    lon: float | None
    geonameid: int | None


LGL_XML = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="41">
    <feedid>138</feedid>
    <title>t</title>
    <text><![CDATA[Fire in Alexandria & Rapides Parish. Memphis St. closed.]]></text>
    <toponyms count="3">
      <toponym>
        <start>8</start><end>18</end><phrase>Alexandria</phrase>
        <gaztag geonameid="4314550">
          <name>Alexandria</name><fclass>P</fclass><fcode>PPL</fcode>
          <lat>31.3113</lat><lon>-92.4451</lon>
        </gaztag>
      </toponym>
      <toponym>
        <start>21</start><end>35</end><phrase>Rapides Parish</phrase>
        <gaztag geonameid="4338356"><lat>31.1669</lat><lon>-92.4835</lon></gaztag>
      </toponym>
      <toponym>
        <start>37</start><end>48</end><phrase>Memphis St.</phrase>
      </toponym>
    </toponyms>
  </article>
</articles>
"""

GWN_XML = """<?xml version="1.0" ?>
<articles>
\t<!--GeoWebNews-->
\t<article file="7">
\t\t<title>t</title>
\t\t<link>http://example.org</link>
\t\t<text>Syrian troops left Aleppo; Moscow said the city was calm. Paris Hilton too.</text>
\t\t<toponyms>
\t\t\t<toponym>
\t\t\t\t<extractedName>Aleppo</extractedName><normalisedName/>
\t\t\t\t<type>Literal</type><modifierType/><nonLocational>No</nonLocational>
\t\t\t\t<start>19</start><end>25</end>
\t\t\t\t<geonamesID>170063</geonamesID>
\t\t\t\t<latitude>36.20124</latitude><longitude>37.16117</longitude>
\t\t\t</toponym>
\t\t\t<toponym>
\t\t\t\t<extractedName>Moscow</extractedName><normalisedName/>
\t\t\t\t<type>Metonymic</type><modifierType/><nonLocational>No</nonLocational>
\t\t\t\t<start>27</start><end>33</end>
\t\t\t\t<geonamesID>524901</geonamesID>
\t\t\t\t<latitude>55.75222</latitude><longitude>37.61556</longitude>
\t\t\t</toponym>
\t\t\t<toponym>
\t\t\t\t<extractedName>Syrian</extractedName><normalisedName/>
\t\t\t\t<type>Demonym</type><modifierType/><nonLocational>No</nonLocational>
\t\t\t\t<start>0</start><end>6</end>
\t\t\t</toponym>
\t\t\t<toponym>
\t\t\t\t<extractedName>city</extractedName><normalisedName/>
\t\t\t\t<type>Literal_Expression</type><modifierType/><nonLocational>No</nonLocational>
\t\t\t\t<start>43</start><end>47</end>
\t\t\t</toponym>
\t\t\t<toponym>
\t\t\t\t<extractedName>Paris</extractedName><normalisedName/>
\t\t\t\t<type>Homonym</type><modifierType/><nonLocational>No</nonLocational>
\t\t\t\t<start>58</start><end>63</end>
\t\t\t</toponym>
\t\t\t<toponym>
\t\t\t\t<extractedName>Street</extractedName><normalisedName/>
\t\t\t\t<type>Literal</type><modifierType/><nonLocational>No</nonLocational>
\t\t\t\t<start>-20</start><end>-14</end>
\t\t\t\t<geonamesID/>
\t\t\t\t<latitude>1.0</latitude><longitude>2.0</longitude>
\t\t\t</toponym>
\t\t</toponyms>
\t</article>
</articles>
"""


@pytest.fixture
def lgl_file(tmp_path: Path) -> Path:
    path = tmp_path / "lgl.xml"
    path.write_text(LGL_XML, encoding="utf-8")
    return path


@pytest.fixture
def gwn_file(tmp_path: Path) -> Path:
    path = tmp_path / "GWN.xml"
    path.write_text(GWN_XML, encoding="utf-8")
    return path


def _gold(doc: GeoDoc, start: int, end: int) -> GoldToponym:
    return next(t for t in doc.toponyms if (t.start, t.end) == (start, end))


def perfect_geocoder(docs: list[GeoDoc]):
    by_text = {d.text: d for d in docs}

    def geocode(text: str, spans: list[tuple[int, int]]) -> list[Guess | None]:
        doc = by_text[text]
        return [
            Guess(s, e, text[s:e], (g := _gold(doc, s, e)).lat, g.lon, g.geonameid)
            for s, e in spans
        ]

    return geocode


# ------------------------------------------------------------------ reading


def test_read_lgl(lgl_file: Path) -> None:
    [doc] = read_lgl(lgl_file)
    assert doc.id == "41"
    assert doc.text.startswith("Fire in Alexandria & Rapides")
    assert [t.text for t in doc.toponyms] == ["Alexandria", "Rapides Parish", "Memphis St."]
    alex, _, street = doc.toponyms
    assert (alex.lat, alex.lon, alex.geonameid, alex.kind) == (31.3113, -92.4451, 4314550, None)
    assert (street.lat, street.lon, street.geonameid) == (None, None, None)
    assert all(doc.text[t.start : t.end] == t.text for t in doc.toponyms)
    assert doc.misaligned == ()


def test_read_gwn_keeps_toponym_kinds_and_sets_misaligned_aside(gwn_file: Path) -> None:
    [doc] = read_gwn(gwn_file)
    assert doc.id == "7"
    assert [(t.text, t.kind) for t in doc.toponyms] == [
        ("Aleppo", "Literal"),
        ("Moscow", "Metonymic"),
    ]
    assert doc.toponyms[0].geonameid == 170063
    assert [t.text for t in doc.misaligned] == ["Street"]
    [everything] = read_gwn(gwn_file, kinds=None)
    assert {t.kind for t in everything.toponyms} == {
        "Literal",
        "Metonymic",
        "Demonym",
        "Literal_Expression",
        "Homonym",
    }
    syrian = _gold(everything, 0, 6)
    assert (syrian.lat, syrian.geonameid) == (None, None)
    [only] = read_gwn(gwn_file, kinds={"Metonymic"})
    assert [t.text for t in only.toponyms] == ["Moscow"]


def test_read_geo_corpus_file_or_folder(lgl_file: Path, gwn_file: Path, tmp_path: Path) -> None:
    assert read_geo_corpus("lgl", tmp_path) == read_lgl(lgl_file)
    assert read_geo_corpus("gwn", gwn_file) == read_gwn(gwn_file)
    with pytest.raises(BadOption, match="unknown geo corpus"):
        read_geo_corpus("tr-news", tmp_path)
    with pytest.raises(PathNotFound):
        read_geo_corpus("lgl", tmp_path / "nowhere")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(BadOption, match="no GWN.xml"):
        read_geo_corpus("gwn", empty)


# ------------------------------------------------------------------ metrics


def test_haversine_known_distances() -> None:
    assert haversine_km(0, 0, 0, 0) == 0
    assert haversine_km(0, 0, 1, 0) == pytest.approx(111.195, abs=0.01)
    # London to Paris, about 343.5 km on the sphere.
    assert haversine_km(51.5074, -0.1278, 48.8566, 2.3522) == pytest.approx(343.5, abs=1)
    # Aleppo to Damascus, about 300 km.
    assert haversine_km(36.2012, 37.1612, 33.5102, 36.2913) == pytest.approx(310, abs=10)
    assert haversine_km(0, 0, 0, 180) == pytest.approx(math.pi * 6371.0088)
    assert haversine_km(10, 20, -10, -160) == pytest.approx(math.pi * 6371.0088)
    assert haversine_km(1, 2, 3, 4) == pytest.approx(haversine_km(3, 4, 1, 2))


def test_auc_log_error() -> None:
    assert auc_log_error([]) is None
    assert auc_log_error([0.0, 0.0, 0.0]) == 0.0
    assert auc_log_error([MAX_ERROR_KM] * 4) == 1.0
    # Sorted log errors [0, log(101)]: trapezoid area log(101)/2 over log(20039) * 1.
    assert auc_log_error([100.0, 0.0]) == pytest.approx(math.log(101) / 2 / math.log(20039))
    assert auc_log_error([100.0]) == pytest.approx(math.log(101) / math.log(20039))


def test_pair_spans() -> None:
    gold = [(0, 5), (10, 20), (30, 35)]
    assert pair_spans(gold, [(10, 20), (0, 4), (30, 35), (30, 35)], "exact") == [(1, 0), (2, 2)]
    # Overlap: one-to-one, largest overlap first.
    assert pair_spans(gold, [(0, 4), (12, 25), (8, 12), (40, 45)], "overlap") == [
        (0, 0),
        (1, 1),
    ]


# ------------------------------------------------------------------ geocoding


def test_perfect_geocoder(lgl_file: Path, gwn_file: Path) -> None:
    for docs in (read_lgl(lgl_file), read_gwn(gwn_file)):
        scores = score_geocoding(docs, perfect_geocoder(docs))
        assert scores.gold_spans == scores.answered == 2
        assert (scores.acc161, scores.auc, scores.mean_km, scores.median_km) == (1.0, 0.0, 0.0, 0.0)
        assert scores.exact_id == 1.0
        assert scores.largest_errors() == []
    assert score_geocoding(read_gwn(gwn_file), perfect_geocoder(read_gwn(gwn_file))).misaligned == 1


def test_geocoder_200_km_off_scores_zero(lgl_file: Path) -> None:
    docs = read_lgl(lgl_file)
    shift = 200 / 111.195  # degrees of latitude for 200 km

    def geocode(text: str, spans: list[tuple[int, int]]) -> list[Guess | None]:
        golds = [_gold(docs[0], s, e) for s, e in spans]
        return [Guess(g.start, g.end, g.text, g.lat + shift, g.lon, None) for g in golds]  # type: ignore[operator]

    scores = score_geocoding(docs, geocode)
    assert scores.acc161 == 0.0
    assert scores.mean_km == pytest.approx(200, abs=0.5)
    assert scores.median_km == pytest.approx(200, abs=0.5)
    assert scores.auc == pytest.approx(math.log(201) / math.log(20039), abs=1e-3)
    assert scores.exact_id == 0.0
    assert len(scores.largest_errors()) == 2


def test_unanswered_spans_count_as_the_largest_error(lgl_file: Path) -> None:
    docs = read_lgl(lgl_file)
    right = perfect_geocoder(docs)

    def half(text: str, spans: list[tuple[int, int]]) -> list[Guess | None]:
        first = right(text, spans)[0]
        return [first, None]

    def half_without_coordinates(text: str, spans: list[tuple[int, int]]) -> list[Guess | None]:
        first = right(text, spans)[0]
        return [first, Guess(21, 35, "Rapides Parish", None, None, 4338356)]

    assert score_geocoding(docs, half_without_coordinates).answered == 1
    scores = score_geocoding(docs, half)
    assert (scores.gold_spans, scores.answered) == (2, 1)
    assert scores.acc161 == 0.5
    assert scores.median_km == pytest.approx(MAX_ERROR_KM / 2)
    assert scores.mean_km == pytest.approx(MAX_ERROR_KM / 2)
    [worst] = scores.largest_errors()
    assert (worst.text, worst.guess, worst.km) == ("Rapides Parish", None, MAX_ERROR_KM)
    assert scores.to_dict()["geocoding"]["unanswered_counts_as_km"] == MAX_ERROR_KM

    with pytest.raises(ValueError, match="one per span"):
        score_geocoding(docs, lambda text, spans: [])


# ------------------------------------------------------------------ recognition


def test_recognition_precision_recall_f1(gwn_file: Path) -> None:
    docs = read_gwn(gwn_file)  # gold: Aleppo (19, 25), Moscow (27, 33)

    def parse(text: str) -> list[Guess]:
        return [
            Guess(19, 25, "Aleppo", 36.2, 37.16, 170063),  # exact, right place
            Guess(27, 32, "Mosco", 0.0, 0.0, None),  # overlaps Moscow, wrong place
            Guess(58, 63, "Paris", 48.85, 2.35, 2988507),  # a homonym: false positive
        ]

    exact = score_recognition(docs, parse)
    assert (exact.rec_tp, exact.rec_fp, exact.rec_fn) == (1, 2, 1)
    assert exact.precision == pytest.approx(1 / 3)
    assert exact.recall == pytest.approx(1 / 2)
    assert exact.f1 == pytest.approx(0.4)
    assert (exact.gold_spans, exact.acc161) == (1, 1.0)

    overlap = score_recognition(docs, parse, match="overlap")
    assert (overlap.rec_tp, overlap.rec_fp, overlap.rec_fn) == (2, 1, 0)
    assert overlap.f1 == pytest.approx(0.8)
    assert (overlap.gold_spans, overlap.acc161, overlap.exact_id) == (2, 0.5, 0.5)
    out = overlap.to_dict()
    assert out["mode"] == "end_to_end"
    assert out["recognition"]["match"] == "overlap"

    nothing = score_recognition(docs, lambda text: [])
    assert (nothing.precision, nothing.recall, nothing.f1) == (0.0, 0.0, 0.0)
    assert nothing.acc161 is None
    with pytest.raises(BadOption):
        score_recognition(docs, parse, match="fuzzy")


def test_to_dict_labels_the_published_figures(lgl_file: Path) -> None:
    docs = read_lgl(lgl_file)
    out = score_geocoding(docs, perfect_geocoder(docs)).to_dict()
    ref = out["reference"]
    assert "not measured here" in ref["note"]
    systems = {r["system"]: r for r in ref["results"]}
    assert systems["Mordecai 3 (held-out splits)"]["gwn"]["acc161"] == 0.941
    assert systems["population baseline"]["lgl"]["acc161"] == 0.70


# ------------------------------------------------------------------ runner


def test_run_geo_benchmark_without_a_geocoder(
    lgl_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "frontlines.geo", None)  # import raises ImportError
    with pytest.raises(BadOption, match="geocode_spans is not available"):
        run_geo_benchmark("lgl", lgl_file)


def test_run_geo_benchmark_with_a_fake_geocoder(
    lgl_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = read_lgl(lgl_file)
    fake = types.ModuleType("frontlines.geo")
    fake.geocode_spans = perfect_geocoder(docs)  # type: ignore[attr-defined]
    fake.geoparse = lambda text: [Guess(8, 18, "Alexandria", 31.3, -92.4, 4314550)]  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "frontlines.geo", fake)
    seen: list[tuple[int, int]] = []
    scores = run_geo_benchmark("lgl", lgl_file.parent, progress=lambda i, n: seen.append((i, n)))
    assert scores.corpus == "lgl"
    assert scores.acc161 == 1.0
    assert (scores.rec_tp, scores.rec_fp, scores.rec_fn) == (1, 0, 2)
    assert scores.end_to_end is not None and scores.end_to_end.gold_spans == 1
    assert seen == [(1, 1), (1, 1)]
    out = scores.to_dict()
    assert out["recognition"]["recall"] == pytest.approx(1 / 3, abs=1e-4)
    assert "reference" not in out["end_to_end"]
    only_spans = run_geo_benchmark("lgl", lgl_file, end_to_end=False, limit=1)
    assert only_spans.match is None and only_spans.end_to_end is None
    with pytest.raises(BadOption, match="limit"):
        run_geo_benchmark("lgl", lgl_file, limit=0)


def test_run_geo_benchmark_asks_for_demonyms_only_when_told(
    lgl_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = read_lgl(lgl_file)
    asked: list[bool] = []

    def geoparse(text: str, *, demonyms: bool = False) -> list[Guess]:
        asked.append(demonyms)
        return []

    fake = types.ModuleType("frontlines.geo")
    fake.geocode_spans = perfect_geocoder(docs)  # type: ignore[attr-defined]
    fake.geoparse = geoparse  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "frontlines.geo", fake)
    run_geo_benchmark("lgl", lgl_file)
    run_geo_benchmark("lgl", lgl_file, demonyms=True)
    assert asked == [False, True]


# ------------------------------------------------------------------ real corpora


def test_real_lgl(shared: Path) -> None:
    docs = read_geo_corpus("lgl", shared / "bench" / "geo")
    assert len(docs) == 588
    assert sum(len(d.toponyms) for d in docs) == 5088
    assert sum(t.has_coordinates for d in docs for t in d.toponyms) == 4462
    assert sum(len(d.misaligned) for d in docs) == 0
    assert all(d.text[t.start : t.end] == t.text for d in docs for t in d.toponyms)


def test_real_gwn(shared: Path) -> None:
    path = shared / "bench" / "geo" / "GWN.xml"
    everything = read_gwn(path, kinds=None)
    assert len(everything) == 200
    assert sum(len(d.toponyms) + len(d.misaligned) for d in everything) == 6612
    assert sum(len(d.misaligned) for d in everything) == 5  # README: 99.9% align
    assert {t.kind for d in everything for t in d.toponyms} <= GWN_ALL_KINDS
    docs = read_gwn(path)
    assert len(docs) == 200
    assert sum(len(d.toponyms) for d in docs) == 2608
    assert sum(t.has_coordinates for d in docs for t in d.toponyms) == 2599
    assert sum(t.geonameid is not None for d in docs for t in d.toponyms) == 2399
    assert all(d.text[t.start : t.end] == t.text for d in docs for t in d.toponyms)
    scores = score_geocoding(docs, perfect_geocoder(docs))
    assert (scores.acc161, scores.auc, scores.misaligned) == (1.0, 0.0, 2)
