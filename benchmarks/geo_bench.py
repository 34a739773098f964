"""Benchmark of geoparsing speed (frontlines.geo) on the LGL articles.

    .venv/bin/python benchmarks/geo_bench.py [--corpus PATH] [--limit N] [--repeat R]

Parses every article of LGL (``../shared/bench/geo/lgl.xml``) once with the
shared spaCy model, then times ``geoparse(text, doc=doc)`` over the parsed
articles: the cost of geoparsing once the gazetteer is loaded and the Doc
exists. The baseline, timed in the same process on the same articles, is the
spaCy parse itself, so the ratio says what geoparsing adds to the one parse
every stage shares. The first pass (cold: name lookups not yet cached) and the
best of ``--repeat`` warm passes are reported separately. Results go to
``benchmarks/results/geo.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from pathlib import Path
from typing import Any

from frontlines.eval.geo import read_lgl
from frontlines.geo import geoparse
from frontlines.geo.gazetteer import Gazetteer
from frontlines.nlp import load

ROOT = Path(__file__).resolve().parent
LGL = ROOT.parent.parent / "shared" / "bench" / "geo" / "lgl.xml"
RESULTS = ROOT / "results" / "geo.json"


def run(corpus: Path, limit: int | None, repeat: int) -> dict[str, Any]:
    texts = [doc.text for doc in read_lgl(corpus)][:limit]
    started = time.perf_counter()
    gazetteer = Gazetteer.open()
    gazetteer_s = time.perf_counter() - started
    nlp = load()
    nlp("warm up")

    started = time.perf_counter()
    docs = [nlp(text) for text in texts]
    parse_s = time.perf_counter() - started

    def geoparse_all() -> tuple[float, list[float], int]:
        per_article: list[float] = []
        mentions = 0
        for text, doc in zip(texts, docs, strict=True):
            t0 = time.perf_counter()
            mentions += len(geoparse(text, gazetteer=gazetteer, doc=doc))
            per_article.append(time.perf_counter() - t0)
        return sum(per_article), per_article, mentions

    cold_s, _, mentions = geoparse_all()  # also builds the name index and fills the caches
    warm = [geoparse_all() for _ in range(repeat)]
    warm_s, per_article, _ = min(warm, key=lambda w: w[0])
    n = len(texts)
    words = sum(len(t.split()) for t in texts)
    return {
        "corpus": str(corpus),
        "articles": n,
        "mean_words": round(words / n, 1),
        "mentions": mentions,
        "gazetteer_open_s": round(gazetteer_s, 3),
        "spacy_parse_ms_per_article": round(1000 * parse_s / n, 2),
        "geoparse_cold_ms_per_article": round(1000 * cold_s / n, 2),
        "geoparse_ms_per_article": round(1000 * warm_s / n, 2),
        "geoparse_median_ms": round(1000 * statistics.median(per_article), 2),
        "geoparse_p95_ms": round(1000 * statistics.quantiles(per_article, n=20)[-1], 2),
        "ratio_to_parse": round(warm_s / parse_s, 3),
        "ratio_to_parse_cold": round(cold_s / parse_s, 3),
        "python": platform.python_version(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=LGL, help="LGL XML file")
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    parser.add_argument("--repeat", type=int, default=3, help="warm passes (best is kept)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    result = run(args.corpus, args.limit, args.repeat)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    for key, value in result.items():
        print(f"{key:32} {value}")


if __name__ == "__main__":
    main()
