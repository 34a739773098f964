"""A small run of benchmarks/dedup_bench.py: the generator and the clustering agree."""

from __future__ import annotations

import sys
import time
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def test_small_benchmark_run() -> None:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import dedup_bench
    finally:
        sys.path.remove(str(BENCHMARKS))
    start = time.perf_counter()
    result = dedup_bench.run(2000, seed=3, baseline_n=200, trace_memory=False)
    assert time.perf_counter() - start < 20
    quality = result["quality"]
    assert result["corpus"]["copies"] == 200
    assert quality["true_pairs"] > 150
    assert quality["pair_precision"] >= 0.95
    assert quality["pair_recall"] >= 0.95
    assert result["time"]["ratio_to_baseline"] > 0
