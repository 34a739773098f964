#!/usr/bin/env python3
"""Assemble the annotators' parts into the real-news set.

usage: assemble.py
Reads eval/realnews/parts/*.manifest.jsonl, *.gold.jsonl and the raw search results in
.realnews/raw/; writes eval/realnews/manifest.jsonl (with each text's hash), eval/realnews/gold.jsonl
and .realnews/articles.jsonl (the texts, git-ignored). A line whose raw result or gold is missing,
whose URL or text is already in the set, or whose URL ../shared/eval/hidden_urls.py keeps back,
is left out and named. Needs ../shared (or FRONTLINES_SHARED).
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "src"))

from frontlines.eval.realnews import text_digest  # noqa: E402

HERE = ROOT / "eval" / "realnews"
KEYS = (
    "id", "url", "outlet", "title", "published", "query", "sha256", "conflict", "split", "kind",
    "traps",
)  # fmt: skip


def _lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def _write(path: Path, rows: list[dict]) -> None:
    path.write_text(
        "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in rows), encoding="utf-8"
    )


def _hidden_urls():
    """../shared/eval/hidden_urls.py as a module, or None when ../shared is not here."""
    shared = Path(os.environ.get("FRONTLINES_SHARED") or ROOT.parent / "shared")
    script = shared / "eval" / "hidden_urls.py"
    if not script.is_file():
        return None
    spec = importlib.util.spec_from_file_location("hidden_urls", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    hidden = _hidden_urls()
    if hidden is None:
        print("../shared is not here: the articles kept back cannot be refused; nothing assembled")
        return 1
    kept_back = set(hidden.HASHES.read_text().split())
    manifest, gold, texts = [], [], []
    urls, digests = set(), set()
    for part in sorted((HERE / "parts").glob("*.manifest.jsonl")):
        letter = part.name.split(".")[0]
        gold_file = part.with_name(f"{letter}.gold.jsonl")
        golds = {g["id"]: g for g in _lines(gold_file)} if gold_file.exists() else {}
        for m in _lines(part):
            raw = ROOT / ".realnews" / "raw" / f"{m['id']}.json"
            if not raw.exists() or m["id"] not in golds:
                print(f"left out {m['id']}: no raw result or no gold yet")
                continue
            if hidden.digest(m["url"]) in kept_back:
                print(f"left out {m['id']}: kept back for hidden checks")
                continue
            text = json.loads(raw.read_text(encoding="utf-8"))["excerpt"]
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
    _write(HERE / "manifest.jsonl", manifest)
    _write(HERE / "gold.jsonl", gold)
    (ROOT / ".realnews").mkdir(exist_ok=True)
    _write(ROOT / ".realnews" / "articles.jsonl", texts)
    print(f"{len(manifest)} articles assembled")
    return 0


if __name__ == "__main__":
    sys.exit(main())
