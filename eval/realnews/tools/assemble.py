#!/usr/bin/env python3
"""Assemble the annotators' parts into the real-news set.

usage: assemble.py
Reads eval/realnews/parts/*.manifest.jsonl, *.gold.jsonl and the raw search results in
.realnews/raw/; writes eval/realnews/manifest.jsonl (with each text's hash), eval/realnews/gold.jsonl
and .realnews/articles.jsonl (the texts, git-ignored). A line whose raw result or gold is missing,
or whose URL or text is already in the set, is left out and named.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "src"))

from frontlines.eval.realnews import text_digest  # noqa: E402

HERE = ROOT / "eval" / "realnews"
KEYS = ("id", "url", "outlet", "title", "published", "query", "sha256", "conflict", "split", "kind", "traps")


def _lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def main() -> int:
    manifest, gold, texts = [], [], []
    urls, digests = set(), set()
    for part in sorted((HERE / "parts").glob("*.manifest.jsonl")):
        letter = part.name.split(".")[0]
        golds = {}
        gold_file = part.with_name(f"{letter}.gold.jsonl")
        if gold_file.exists():
            golds = {g["id"]: g for g in _lines(gold_file)}
        for m in _lines(part):
            raw = ROOT / ".realnews" / "raw" / f"{m['id']}.json"
            if not raw.exists() or m["id"] not in golds:
                print(f"left out {m['id']}: no raw result or no gold yet")
                continue
            r = json.loads(raw.read_text(encoding="utf-8"))
            text = r["excerpt"]
            digest = text_digest(text)
            if m["url"] in urls or digest in digests:
                print(f"left out {m['id']}: its url or text is already in the set")
                continue
            urls.add(m["url"])
            digests.add(digest)
            m["sha256"] = digest
            manifest.append({k: m.get(k) for k in KEYS})
            gold.append(golds[m["id"]])
            texts.append({"id": m["id"], "url": m["url"], "text": text})
    write = lambda p, rows: p.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in rows), encoding="utf-8")  # noqa: E731
    write(HERE / "manifest.jsonl", manifest)
    write(HERE / "gold.jsonl", gold)
    (ROOT / ".realnews").mkdir(exist_ok=True)
    write(ROOT / ".realnews" / "articles.jsonl", texts)
    print(f"{len(manifest)} articles assembled")
    return 0


if __name__ == "__main__":
    sys.exit(main())
