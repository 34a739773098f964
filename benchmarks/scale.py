"""Does ingesting cost more as the store grows, and how much memory does a long ingest take?

    .venv/bin/python benchmarks/scale.py [--small 1000] [--large 10000] [--probe 300]

In one process: fills a store with ``small`` articles of the stream of
``benchmarks/stream.py`` (seed 1), keeps a copy, fills it on to ``large`` (seed 2), then
ingests the same ``probe`` new articles (seed 99) into a copy of each and reports the time
per probe article with ``large`` stored as a ratio to the time with ``small`` stored, and
the process's peak resident memory after the long fill. Results go to
``benchmarks/results/scale.json``. The issue's targets are 100,000 and 1,000 articles and a
200,000-article ingest; run with ``--large 100000`` where there are hours to spend.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stream import make_stream, write_stream  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "scale.json"


def _ingest(db: Path, source: Path) -> tuple[float, int]:
    from frontlines.library import Frontlines

    with Frontlines(str(db)) as fl:
        start = time.perf_counter()
        report = fl.ingest([str(source)])
        return time.perf_counter() - start, report.stored


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(small: int, large: int, probe: int) -> dict[str, Any]:
    from frontlines import nlp
    from frontlines.geo import geoparse

    nlp.load()
    geoparse("Fighting was reported near Aleppo.")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name, n, seed in (
            ("first", small, 1),
            ("rest", large - small, 2),
            ("probe", probe, 99),
        ):
            write_stream(make_stream(n, seed=seed, mix="salad"), root / f"{name}.jsonl")
        loaded_mb = _peak_mb()
        db = root / "store.db"
        t_small, stored_small = _ingest(db, root / "first.jsonl")
        shutil.copy(db, root / "small.db")
        t_rest, stored_rest = _ingest(db, root / "rest.jsonl")
        peak_mb = _peak_mb()
        probe_small, n_small = _ingest(root / "small.db", root / "probe.jsonl")
        probe_large, n_large = _ingest(db, root / "probe.jsonl")
    per_small, per_large = probe_small / max(n_small, 1), probe_large / max(n_large, 1)
    return {
        "small": small,
        "large": large,
        "probe": probe,
        "stored_after_small": stored_small,
        "stored_after_large": stored_small + stored_rest,
        "fill_s": round(t_small + t_rest, 1),
        "fill_articles_per_s": round(large / (t_small + t_rest), 1),
        "probe_s_per_article_small_store": round(per_small, 4),
        "probe_s_per_article_large_store": round(per_large, 4),
        "ratio_large_to_small": round(per_large / per_small, 3),
        "peak_rss_mb_after_model_load": round(loaded_mb),
        "peak_rss_mb_after_fill": round(peak_mb),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=10000)
    parser.add_argument("--probe", type=int, default=300)
    args = parser.parse_args()
    result = run(args.small, args.large, args.probe)
    print(json.dumps(result, indent=2))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
