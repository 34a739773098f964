#!/usr/bin/env python3
"""Agreement between two annotators of the real-news set on territorial changes.

usage: agreement.py [FIRST [SECOND]]   (default: eval/realnews/gold.jsonl, gold_second.jsonl)
Over the articles both annotated: two changes agree when they agree on place (GeoNames id, 10 km
or admin code), date (within a day; an undated one agrees with any date) and the new
controller's kind and country, as the scorer matches. Prints F1 between the two (each side's
changes matched at most once), for all changes and for the scored ones (full, not denied, no
facility), how often matched pairs agree on extent, modality and background, and every change
only one annotator wrote.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "src"))

from frontlines.eval.events_gold import _gold_agree, _max_matching  # noqa: E402
from frontlines.eval.realnews import is_scored, load_real_gold  # noqa: E402


def main(first: Path, second: Path) -> int:
    a, b = load_real_gold(first), load_real_gold(second)
    common = sorted(set(a) & set(b))
    for label, keep in (("all changes", lambda e: True), ("scored changes", is_scored)):
        n_a = n_b = matched = 0
        same = {"extent": 0, "modality": 0, "background": 0}
        only: list[str] = []
        for i in common:
            ea = [e for e in a[i].events if keep(e)]
            eb = [e for e in b[i].events if keep(e)]
            n_a, n_b = n_a + len(ea), n_b + len(eb)
            edges = {
                x: [y for y, f in enumerate(eb) if _gold_agree(e, f)] for x, e in enumerate(ea)
            }
            pairs = _max_matching(edges, len(ea))
            matched += len(pairs)
            for x, y in pairs.items():
                for key in ("extent", "modality"):
                    same[key] += (ea[x].model_extra or {}).get(key) == (
                        eb[y].model_extra or {}
                    ).get(key)
                same["background"] += ea[x].background == eb[y].background
            only += [
                f"{i} first only: {e.place} {e.date} -> {e.new_controller.kind}/{e.new_controller.country}"
                for x, e in enumerate(ea)
                if x not in pairs
            ]
            taken = set(pairs.values())
            only += [
                f"{i} second only: {e.place} {e.date} -> {e.new_controller.kind}/{e.new_controller.country}"
                for y, e in enumerate(eb)
                if y not in taken
            ]
        f1 = 2 * matched / (n_a + n_b) if n_a + n_b else None
        print(
            f"{label}: {len(common)} articles, first {n_a}, second {n_b}, agreed {matched}, "
            f"F1 {f1:.3f}"
            if f1 is not None
            else f"{label}: nothing to compare"
        )
        if matched:
            print(
                "  matched pairs agreeing on "
                + ", ".join(f"{k} {v}/{matched}" for k, v in same.items())
            )
        if label == "all changes":
            for line in only:
                print("  " + line)
    return 0


if __name__ == "__main__":
    args = [Path(x) for x in sys.argv[1:]]
    first = args[0] if args else ROOT / "eval" / "realnews" / "gold.jsonl"
    second = args[1] if len(args) > 1 else ROOT / "eval" / "realnews" / "gold_second.jsonl"
    sys.exit(main(first, second))
