"""Benchmark of near-duplicate clustering (frontlines.dedup) on a synthetic corpus.

    .venv/bin/python benchmarks/dedup_bench.py [--n 100000] [--seed 1]

Generates ``n`` articles with ``corpus.generate_corpus`` (10% syndicated
copies), fingerprints them and adds them to a ``StoryIndex``, then reports
time (fingerprint vs index), memory, throughput and pair precision/recall
against the generator's truth. Speed is also given as a ratio to a baseline
measured in the same process, because machines are noisy: the baseline is the
least work any shingle-based method must do, tokenising each text the same
way and hashing every shingle (``dedup_shingle`` words) with hashlib's sha1,
timed on the first ``--baseline-n`` articles. Results go to ``benchmarks/results/dedup.json``.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import platform
import resource
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import CorpusConfig, SyntheticArticle, generate_corpus, pair_scores  # noqa: E402

from frontlines.dedup import Fingerprint, StoryIndex, fingerprint, normalise  # noqa: E402
from frontlines.settings import Settings  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "dedup.json"


def _rss_mb() -> float:
    """Current resident set size in MB (Linux), or NaN where /proc is absent."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return float("nan")
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _maxrss_mb() -> float:
    scale = 2**20 if sys.platform == "darwin" else 2**10  # bytes on macOS, KiB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale


def baseline_seconds(texts: list[str], shingle: int) -> float:
    """Seconds to tokenise ``texts`` and sha1-hash every shingle: the reference work."""
    start = time.perf_counter()
    for text in texts:
        words = normalise(text)
        for i in range(max(1, len(words) - shingle + 1)):
            hashlib.sha1(" ".join(words[i : i + shingle]).encode("utf-8")).digest()
    return time.perf_counter() - start


def build_index(
    articles: list[SyntheticArticle], fps: list[Fingerprint], settings: Settings
) -> StoryIndex:
    index = StoryIndex.from_settings(settings)
    for article, fp in zip(articles, fps, strict=True):
        index.add(article.id, fp)
    return index


def run(
    n: int,
    seed: int = 1,
    *,
    settings: Settings | None = None,
    baseline_n: int = 10_000,
    trace_memory: bool = True,
    config: CorpusConfig | None = None,
) -> dict[str, Any]:
    """Generate, fingerprint, cluster and score; return every figure as a dict."""
    settings = settings or Settings()
    t0 = time.perf_counter()
    articles = generate_corpus(n, seed, config)
    generate_s = time.perf_counter() - t0
    texts = [a.text for a in articles]
    gc.collect()

    baseline_texts = texts[: min(n, baseline_n)]
    baseline_s = baseline_seconds(baseline_texts, settings.dedup_shingle)
    baseline_per_article = baseline_s / len(baseline_texts)

    rss_before = _rss_mb()
    t0 = time.perf_counter()
    fps = [
        fingerprint(t, num_perm=settings.dedup_num_perm, shingle=settings.dedup_shingle)
        for t in texts
    ]
    fingerprint_s = time.perf_counter() - t0
    rss_fingerprints = _rss_mb()

    t0 = time.perf_counter()
    index = build_index(articles, fps, settings)
    index_s = time.perf_counter() - t0
    rss_index = _rss_mb()

    predicted = [index.story_of(a.id) for a in articles]
    precision, recall, true_pairs, predicted_pairs, agreeing = pair_scores(
        [a.story for a in articles], predicted
    )
    n_true_stories = len({a.story for a in articles})
    n_predicted_stories = len(set(predicted))
    candidates = index.candidates_checked
    del index
    gc.collect()

    index_trace_mb = float("nan")
    if trace_memory:
        # A second, traced build: tracemalloc slows allocation, so it is not the timed one.
        tracemalloc.start()
        traced = build_index(articles, fps, settings)
        index_trace_mb = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        del traced
        gc.collect()

    total_s = fingerprint_s + index_s
    return {
        "n": n,
        "seed": seed,
        "settings": {
            "dedup_threshold": settings.dedup_threshold,
            "dedup_containment": settings.dedup_containment,
            "dedup_num_perm": settings.dedup_num_perm,
            "dedup_shingle": settings.dedup_shingle,
        },
        "corpus": {
            "copies": sum(a.copy_of is not None for a in articles),
            "true_stories": n_true_stories,
            "mean_words": float(np.mean([a.n_words for a in articles])),
            "generate_s": generate_s,
        },
        "time": {
            "fingerprint_s": fingerprint_s,
            "index_s": index_s,
            "total_s": total_s,
            "articles_per_s": n / total_s,
            "fingerprint_articles_per_s": n / fingerprint_s,
            "index_articles_per_s": n / index_s,
            "baseline_articles": len(baseline_texts),
            "baseline_s": baseline_s,
            "ratio_to_baseline": (total_s / n) / baseline_per_article,
            "fingerprint_ratio_to_baseline": (fingerprint_s / n) / baseline_per_article,
            "index_ratio_to_baseline": (index_s / n) / baseline_per_article,
            "lsh_candidates_checked": candidates,
            "lsh_candidates_per_article": candidates / n,
        },
        "memory": {
            "maxrss_mb": _maxrss_mb(),
            "rss_before_mb": rss_before,
            "rss_after_fingerprints_mb": rss_fingerprints,
            "rss_after_index_mb": rss_index,
            "index_tracemalloc_peak_mb": index_trace_mb,
        },
        "quality": {
            "pair_precision": precision,
            "pair_recall": recall,
            "true_pairs": true_pairs,
            "predicted_pairs": predicted_pairs,
            "agreeing_pairs": agreeing,
            "predicted_stories": n_predicted_stories,
        },
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
    }


def print_table(result: dict[str, Any]) -> None:
    t, m, q, s = result["time"], result["memory"], result["quality"], result["settings"]
    rows = [
        (
            "articles",
            f"{result['n']:,} (seed {result['seed']}, {result['corpus']['copies']:,} copies)",
        ),
        ("settings", ", ".join(f"{k.removeprefix('dedup_')}={v}" for k, v in s.items())),
        (
            "fingerprint",
            f"{t['fingerprint_s']:.1f} s  ({t['fingerprint_articles_per_s']:,.0f} articles/s)",
        ),
        (
            "index",
            f"{t['index_s']:.1f} s  ({t['index_articles_per_s']:,.0f} articles/s, "
            f"{t['lsh_candidates_per_article']:.0f} LSH candidates/article)",
        ),
        ("total", f"{t['total_s']:.1f} s  ({t['articles_per_s']:,.0f} articles/s)"),
        (
            "ratio to baseline",
            f"{t['ratio_to_baseline']:.2f}x tokenise+sha1 "
            f"(fingerprint {t['fingerprint_ratio_to_baseline']:.2f}x, "
            f"index {t['index_ratio_to_baseline']:.2f}x; "
            f"baseline {t['baseline_s']:.1f} s on {t['baseline_articles']:,})",
        ),
        ("peak RSS", f"{m['maxrss_mb']:,.0f} MB (process, incl. corpus)"),
        (
            "RSS growth",
            f"fingerprints {m['rss_after_fingerprints_mb'] - m['rss_before_mb']:,.0f} MB, "
            f"index {m['rss_after_index_mb'] - m['rss_after_fingerprints_mb']:,.0f} MB",
        ),
        ("index tracemalloc peak", f"{m['index_tracemalloc_peak_mb']:,.0f} MB"),
        (
            "pair precision",
            f"{q['pair_precision']:.4f}  ({q['agreeing_pairs']:,} of {q['predicted_pairs']:,} predicted pairs)",
        ),
        (
            "pair recall",
            f"{q['pair_recall']:.4f}  ({q['agreeing_pairs']:,} of {q['true_pairs']:,} true pairs)",
        ),
        (
            "stories",
            f"{q['predicted_stories']:,} predicted, {result['corpus']['true_stories']:,} true",
        ),
    ]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="articles to generate")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed")
    parser.add_argument("--threshold", type=float, help="override dedup_threshold")
    parser.add_argument("--containment", type=float, help="override dedup_containment")
    parser.add_argument("--num-perm", type=int, help="override dedup_num_perm")
    parser.add_argument("--shingle", type=int, help="override dedup_shingle")
    parser.add_argument(
        "--baseline-n", type=int, default=10_000, help="articles the baseline is timed on"
    )
    parser.add_argument(
        "--no-trace", action="store_true", help="skip the traced (tracemalloc) index build"
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the JSON results")
    args = parser.parse_args(argv)
    settings = Settings().with_(
        dedup_threshold=args.threshold,
        dedup_containment=args.containment,
        dedup_num_perm=args.num_perm,
        dedup_shingle=args.shingle,
    )
    result = run(
        args.n,
        args.seed,
        settings=settings,
        baseline_n=args.baseline_n,
        trace_memory=not args.no_trace,
    )
    print_table(result)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
