"""A stream of news articles made of real English sentences, and what the ingest makes of it.

    .venv/bin/python benchmarks/stream.py make --n 2000 --out /tmp/stream.jsonl [--conflict 0.2]
        [--copies 0.1] [--seed 1]
    .venv/bin/python benchmarks/stream.py measure --n 1000 [--workers 2]

``make`` writes a JSONL stream (one ``{"text", "title", "url", "published", "kind"}`` a line).
General news (share ``1 - conflict``) is recombined from the articles of LGL and GeoWebNews
in ``../shared/bench/geo/``: each article is a headline and 6 to 30 sentences drawn one by
one from all of them, so its words are those of real local and world news, and two stream
articles share a sentence only by chance (runs of one source's sentences made the whole
stream one story). Conflict news (share ``conflict``) is a
report of the bundled demo corpus and, where they have been rebuilt, of the real-news set
(``.realnews/``), with its sentences kept in order but one, and one to three sentences of
another report added (each conflict article is its own text). A share ``copies`` of the stream are
syndicated copies of an earlier article: a new headline, one sentence dropped. The same
``(n, seed, conflict, copies)`` gives the same stream.

``measure`` makes a stream and, in one process with the model and gazetteer loaded first,
times: a bare spaCy parse of every article (``nlp(text)`` one at a time, as the issue's
baseline; and ``nlp.pipe``), then ``ingest`` with the triage and without it, and with
``--workers N`` when asked. Each is reported as throughput relative to the bare parse
measured in the same run (the machines are shared and noisy). Results go to
``benchmarks/results/stream.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "stream.json"
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")


def _shared() -> Path:
    return Path(os.environ.get("FRONTLINES_SHARED", ROOT.parent / "shared"))


def _general_pool() -> list[list[str]]:
    """The sentences of every LGL and GeoWebNews article, article by article."""
    from frontlines.eval.noise import read_news

    pool = []
    for name in ("lgl", "gwn"):
        for doc in read_news(name, _shared() / "bench" / "geo"):
            sentences = [s.strip() for s in _SENTENCE.split(doc.text.strip()) if s.strip()]
            if len(sentences) >= 3:
                pool.append(sentences)
    if not pool:
        raise SystemExit("no general news found in ../shared/bench/geo (set FRONTLINES_SHARED)")
    return pool


def _conflict_pool() -> list[str]:
    """The conflict reports: the demo corpus's articles, and the real-news set's conflict
    texts where they are rebuilt."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from pipeline_bench import demo_texts

    texts = demo_texts()
    realnews = ROOT / ".realnews"
    if realnews.is_dir():
        manifest = {
            json.loads(line)["id"]: json.loads(line)
            for line in (ROOT / "eval" / "realnews" / "manifest.jsonl").read_text().splitlines()
        }
        for part in sorted(realnews.glob("*.jsonl")):
            for line in part.read_text().splitlines():
                row = json.loads(line)
                kind = manifest.get(row.get("id"), {}).get("kind")
                if kind == "conflict" and row.get("text"):
                    texts.append(row["text"])
    return texts


def make_stream(
    n: int, *, seed: int = 1, conflict: float = 0.2, copies: float = 0.1, mix: str = "whole"
) -> list[dict[str, Any]]:
    """``n`` articles: general news recombined from real articles (``mix`` "whole": each a
    real article, lightly changed; "salad": sentences of many articles drawn one by one),
    conflict reports, and syndicated copies, reproducible from ``seed``."""
    if mix not in ("whole", "salad"):
        raise ValueError(f"mix must be 'whole' or 'salad', not {mix!r}")
    rng = random.Random(seed)
    general, reports = _general_pool(), _conflict_pool()
    unused = list(general) if mix == "whole" else []
    if unused:  # (a "salad" stream draws as it always did)
        rng.shuffle(unused)
    out: list[dict[str, Any]] = []
    for k in range(n):
        day = f"2024-{1 + k * 12 // max(n, 1):02d}-{1 + rng.randrange(28):02d}"
        if out and rng.random() < copies:
            original = rng.choice(out)
            body = _SENTENCE.split(original["text"])
            if len(body) > 3:
                body.pop(rng.randrange(1, len(body)))
            text = " ".join(body)
            out.append(
                {
                    "text": f"{rng.choice(rng.choice(general))}\n\n{text}",
                    "title": None,
                    "url": f"https://copies.example/{k}",
                    "published": original["published"],
                    "kind": original["kind"],
                    "copy_of": original["url"],
                }
            )
            continue
        if rng.random() < conflict:
            # a report, one of its sentences dropped and a few of another report's added:
            # each conflict article of the stream is its own text, as a new report is
            body = _SENTENCE.split(rng.choice(reports))
            if len(body) > 3:
                body.pop(rng.randrange(1, len(body)))
            other = _SENTENCE.split(rng.choice(reports))
            start = rng.randrange(0, max(1, len(other) - 2))
            text, kind = " ".join(body + other[start : start + rng.randint(1, 3)]), "conflict"
        elif mix == "whole" and unused:
            # a real article as it was written, one sentence dropped and one to three of
            # another's added (as the conflict reports are); each source once (a second use
            # would be a near-duplicate of the first): past that, as "salad"
            body = list(unused.pop())
            if len(body) > 3:
                body.pop(rng.randrange(1, len(body)))
            other = rng.choice(general)
            start = rng.randrange(0, max(1, len(other) - 2))
            text, kind = " ".join(body + other[start : start + rng.randint(1, 3)]), "general"
        else:
            # "salad": sentences drawn one by one from the whole pool (a headline and 6 to 30
            # sentences of as many articles): words of real news, but no article's topic
            headline = rng.choice(rng.choice(general))
            body = [rng.choice(rng.choice(general)) for _ in range(rng.randint(6, 30))]
            text, kind = headline + "\n\n" + " ".join(body), "general"
        out.append(
            {
                "text": text,
                "title": None,
                "url": f"https://stream.example/{seed}/{k}",
                "published": day,
                "kind": kind,
            }
        )
    return out


def write_stream(rows: list[dict[str, Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def _bare_parse(texts: list[str]) -> tuple[float, float]:
    from frontlines import nlp

    model = nlp.load()
    start = time.perf_counter()
    for text in texts:
        model(text)
    one = time.perf_counter() - start
    start = time.perf_counter()
    for _ in model.pipe(texts, batch_size=16):
        pass
    return one, time.perf_counter() - start


def _ingest(path: Path, **options: Any) -> dict[str, Any]:
    from frontlines.library import Frontlines

    with tempfile.TemporaryDirectory() as tmp, Frontlines(str(Path(tmp) / "s.db")) as fl:
        start = time.perf_counter()
        report = fl.ingest([str(path)], **options)
        seconds = time.perf_counter() - start
        return {
            "seconds": round(seconds, 2),
            "stored": report.stored,
            "triaged": report.triaged,
            "events": fl.store.event_count(),
            "periods": sum(len(v) for v in fl.store.control_periods().values()),
        }


def measure(
    n: int, *, seed: int, conflict: float, copies: float, workers: int, mix: str = "whole"
) -> dict[str, Any]:
    from frontlines import nlp
    from frontlines.geo import geoparse

    rows = make_stream(n, seed=seed, conflict=conflict, copies=copies, mix=mix)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "stream.jsonl"
        write_stream(rows, path)
        nlp.load()
        geoparse("Fighting was reported in Aleppo and near Kharkiv.")  # load the gazetteer
        texts = [r["text"] for r in rows]
        one_before, pipe_before = _bare_parse(texts)
        runs = {
            "triage": _ingest(path, triage=True),
            "no_triage": _ingest(path, triage=False),
        }
        if workers > 1:
            runs[f"triage_workers_{workers}"] = _ingest(path, triage=True, workers=workers)
            runs[f"no_triage_workers_{workers}"] = _ingest(path, triage=False, workers=workers)
        one_after, pipe_after = _bare_parse(texts)
    bare = (one_before + one_after) / 2
    bare_pipe = (pipe_before + pipe_after) / 2
    for run in runs.values():
        run["throughput_vs_bare_parse"] = round(bare / run["seconds"], 2)
        run["throughput_vs_bare_pipe"] = round(bare_pipe / run["seconds"], 2)
        run["articles_per_s"] = round(n / run["seconds"], 1)
    result: dict[str, Any] = {
        "n": n,
        "seed": seed,
        "conflict_share": conflict,
        "copies_share": copies,
        "mix": mix,
        "bare_parse_s": round(bare, 2),
        "bare_pipe_s": round(bare_pipe, 2),
        "runs": runs,
    }
    if workers > 1:
        result[f"workers_{workers}_speedup"] = {
            "triage": round(
                runs["triage"]["seconds"] / runs[f"triage_workers_{workers}"]["seconds"], 2
            ),
            "no_triage": round(
                runs["no_triage"]["seconds"] / runs[f"no_triage_workers_{workers}"]["seconds"], 2
            ),
        }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("make", "measure"):
        p = sub.add_parser(name)
        p.add_argument("--n", type=int, default=1000)
        p.add_argument("--seed", type=int, default=1)
        p.add_argument("--conflict", type=float, default=0.2)
        p.add_argument("--copies", type=float, default=0.1)
        p.add_argument(
            "--mix",
            choices=("whole", "salad"),
            default="whole",
            help="general news as whole real articles lightly changed, or sentences of many",
        )
        if name == "make":
            p.add_argument("--out", type=Path, required=True)
        else:
            p.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    if args.command == "make":
        rows = make_stream(
            args.n, seed=args.seed, conflict=args.conflict, copies=args.copies, mix=args.mix
        )
        write_stream(rows, args.out)
        print(f"{len(rows)} articles written to {args.out}")
        return
    result = measure(
        args.n,
        seed=args.seed,
        conflict=args.conflict,
        copies=args.copies,
        workers=args.workers,
        mix=args.mix,
    )
    print(json.dumps(result, indent=2))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
