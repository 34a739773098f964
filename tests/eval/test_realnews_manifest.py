"""The real-news set's manifest, counted: what the set holds and how it is split.

The floors below are what the committed manifest holds now (issue 12 asks for
more; the gap is named in each message). A set may grow; it may not shrink.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from frontlines.eval.realnews import RealGold, is_scored

HERE = Path(__file__).resolve().parents[2] / "eval" / "realnews"
MANIFEST = [json.loads(x) for x in (HERE / "manifest.jsonl").read_text().splitlines() if x.strip()]
GOLD = {
    g["id"]: g
    for g in (json.loads(x) for x in (HERE / "gold.jsonl").read_text().splitlines() if x.strip())
}
CONFLICTS = tomllib.loads((HERE / "conflicts.toml").read_text())
FLOORS = json.loads((HERE / "floors.json").read_text())


def _war_articles() -> list[dict]:
    return [
        m
        for m in MANIFEST
        if m["kind"] == "conflict" and not CONFLICTS[m["conflict"]].get("fiction")
    ]


def _changes(gold: dict) -> int:
    """The changes a system must find (the scorer's own rule)."""
    return sum(1 for e in RealGold.model_validate(gold).events if is_scored(e))


def counts() -> dict[str, float]:
    war = _war_articles()
    conflicts = {m["conflict"] for m in war}
    general = [m for m in MANIFEST if m["kind"] == "general"]
    by_split = {s: {m["conflict"] for m in war if m["split"] == s} for s in ("tune", "heldout")}
    return {
        "articles": len(war),
        "conflicts": len(conflicts),
        "conflicts_outside_registry": sum(1 for c in conflicts if not CONFLICTS[c]["registry"]),
        "continents": len({CONFLICTS[c]["continent"] for c in conflicts}),
        "outlets": len({m["outlet"] for m in MANIFEST}),
        "undated_share": sum(1 for m in MANIFEST if m["published"] is None) / len(MANIFEST),
        "trap_share": sum(1 for m in war if m["traps"]) / len(war),
        "multi_change_share": sum(1 for m in war if _changes(GOLD[m["id"]]) > 1) / len(war),
        "general_articles": len(general),
        "tune_conflicts": len(by_split["tune"]),
        "heldout_conflicts": len(by_split["heldout"]),
        "heldout_outside_registry": sum(
            1 for c in by_split["heldout"] if not CONFLICTS[c]["registry"]
        ),
    }


def test_every_line_has_its_fields_gold_and_a_known_conflict() -> None:
    keys = {
        "id",
        "url",
        "outlet",
        "title",
        "published",
        "query",
        "sha256",
        "conflict",
        "split",
        "kind",
        "traps",
    }
    for m in MANIFEST:
        assert keys <= set(m), f"{m['id']} lacks {keys - set(m)}"
        assert m["conflict"] in CONFLICTS and m["split"] in ("tune", "heldout")
        assert m["id"] in GOLD, f"{m['id']} has no gold"
        assert len(m["sha256"]) == 64
    assert len({m["url"] for m in MANIFEST}) == len(MANIFEST), "a URL appears twice"
    assert set(GOLD) == {m["id"] for m in MANIFEST}


def test_no_conflict_is_in_both_splits_and_general_news_has_no_events() -> None:
    splits: dict[str, set[str]] = {}
    for m in MANIFEST:
        splits.setdefault(m["conflict"], set()).add(m["split"])
        if m["kind"] == "general":
            assert not GOLD[m["id"]]["events"] and not GOLD[m["id"]]["other_events"], m["id"]
    both = [c for c, s in splits.items() if len(s) > 1 and not CONFLICTS[c].get("general")]
    assert not both, f"conflicts in both splits: {both}"


def test_the_set_holds_what_it_promises() -> None:
    measured = counts()
    for name, floor in FLOORS.items():
        if name.startswith("_"):
            continue
        assert measured[name] >= floor, f"{name}: {measured[name]} is below {floor}"


def test_the_counts_are_printed_for_the_note(capsys: pytest.CaptureFixture[str]) -> None:
    measured = counts()
    print(json.dumps(measured, indent=1))
    assert Counter(m["split"] for m in _war_articles())["heldout"] > 0


def test_no_article_is_one_kept_back(shared: Path) -> None:
    script = shared / "eval" / "hidden_urls.py"
    run = subprocess.run(
        [sys.executable, str(script), "check", str(HERE / "manifest.jsonl")],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
