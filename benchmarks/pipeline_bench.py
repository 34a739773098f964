"""The whole pipeline on the demo corpus against a spaCy parse of the same texts (frontlines issue 5).

    .venv/bin/python benchmarks/pipeline_bench.py [--repeat 3]

In one process, with the model and the gazetteer loaded first:
1. baseline: the spaCy model parses every cleaned demo article (nothing else);
2. pipeline: ``frontlines ingest`` of the demo corpus into a new SQLite database
   (reading, cleaning, identity, stories, time, places, events, merge, control);
3. the baseline again (the machine is shared and noisy: the baseline is the mean of both).
Reports the ratio pipeline / baseline (target <= 1.5: our stages add at most
half the parse's cost), articles per second, the time per stage (the parse itself runs
before the stages, over each batch with ``nlp.pipe``, and is in no stage's time), and writes
``benchmarks/results/pipeline_bench.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from frontlines import clean, nlp
from frontlines.ingest import read_source
from frontlines.library import Frontlines, demo_sources
from frontlines.models import Rejection
from frontlines.pipeline import corpus_stages, document_stages
from frontlines.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "pipeline_bench.json"


def demo_texts() -> list[str]:
    """The cleaned text of every demo report that becomes an article, as ingest sees it."""
    settings = load_settings()
    texts: list[str] = []
    for folder in demo_sources():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            for item in read_source(str(path), settings=settings):
                if isinstance(item, Rejection):
                    continue
                cleaned = clean.clean_text(item.text)
                if clean.check_quality(cleaned, settings, source=item.source) is None:
                    texts.append(cleaned.text)
    return texts


def parse_only(texts: list[str]) -> float:
    model = nlp.load()
    start = time.perf_counter()
    for text in texts:
        model(text)
    return time.perf_counter() - start


class _Timed:
    """Wraps a stage to add up its time."""

    def __init__(self, stage: Any, totals: dict[str, float]) -> None:
        self.stage, self.totals, self.name = stage, totals, stage.name
        self.reads, self.writes = getattr(stage, "reads", ()), getattr(stage, "writes", ())

    def __call__(self, *args: Any) -> Any:
        start = time.perf_counter()
        try:
            return self.stage(*args)
        finally:
            self.totals[self.name] += time.perf_counter() - start


def pipeline(totals: dict[str, float]) -> tuple[float, int]:
    from frontlines import pipeline as pl

    saved_doc, saved_corpus = list(pl._DOCUMENT_STAGES), list(pl._CORPUS_STAGES)
    pl._DOCUMENT_STAGES[:] = [_Timed(s, totals) for s in document_stages()]
    pl._CORPUS_STAGES[:] = [_Timed(s, totals) for s in corpus_stages()]
    try:
        with tempfile.TemporaryDirectory() as tmp, Frontlines(str(Path(tmp) / "bench.db")) as fl:
            start = time.perf_counter()
            report = fl.ingest([str(p) for p in demo_sources()])
            return time.perf_counter() - start, report.stored
    finally:
        pl._DOCUMENT_STAGES[:] = saved_doc
        pl._CORPUS_STAGES[:] = saved_corpus


def run(repeat: int = 3) -> dict[str, Any]:
    from frontlines.geo.geoparse import default_gazetteer

    texts = demo_texts()
    from frontlines.geo import geoparse

    default_gazetteer()  # load the gazetteer (and its name index) and the model before any clock runs
    nlp.load()
    geoparse("Fighting was reported in Aleppo and near Kharkiv.")
    parse_only(texts[:3])
    runs = []
    for _ in range(repeat):
        before = parse_only(texts)
        totals: dict[str, float] = defaultdict(float)
        seconds, stored = pipeline(totals)
        after = parse_only(texts)
        baseline = (before + after) / 2
        runs.append(
            {
                "baseline_parse_s": round(baseline, 3),
                "pipeline_s": round(seconds, 3),
                "ratio": round(seconds / baseline, 3),
                "articles": stored,
                "articles_per_s": round(stored / seconds, 2),
                "stage_s": {k: round(v, 3) for k, v in totals.items()},
            }
        )
    best = min(runs, key=lambda r: r["ratio"])
    return {
        "texts_parsed": len(texts),
        "runs": runs,
        "best_ratio": best["ratio"],
        "median_ratio": sorted(r["ratio"] for r in runs)[len(runs) // 2],
        "python": platform.python_version(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    result = run(args.repeat)
    for r in result["runs"]:
        stages = ", ".join(f"{k} {v:.2f}s" for k, v in r["stage_s"].items())
        print(
            f"parse only {r['baseline_parse_s']:.2f}s · pipeline {r['pipeline_s']:.2f}s · "
            f"ratio {r['ratio']:.2f} · {r['articles_per_s']:.1f} articles/s ({r['articles']}) · {stages}"
        )
    print(f"median ratio {result['median_ratio']:.2f} (target <= 1.5)")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
