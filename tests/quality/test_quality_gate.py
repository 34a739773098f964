"""The quality gate: scores on gold data must not fall below the floors in baseline.json."""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from pathlib import Path

import pytest

import frontlines
from frontlines.library import demo_corpus, demo_sources
from frontlines.time import evaluate

FLOORS = json.loads((Path(__file__).with_name("baseline.json")).read_text(encoding="utf-8"))
TABLE = Path(__file__).resolve().parents[1] / "time" / "expressions.tsv"


def test_wikiwars_time_scores_hold(shared: Path) -> None:
    from frontlines.eval.wikiwars import run_wikiwars

    scores = run_wikiwars(shared / "bench" / "time" / "wikiwars", use_model=False)
    measured = {
        "value_accuracy": scores.value_accuracy,
        "strict_value_f1": scores.strict_value_f1,
        "relaxed_f1": scores.relaxed_f1,
        "strict_f1": scores.strict_f1,
    }
    for name, floor in FLOORS["wikiwars_patterns_only"].items():
        assert measured[name] >= floor, f"WikiWars {name} {measured[name]:.3f} fell below {floor}"


def test_time_table_score_holds() -> None:
    overall = evaluate.score(evaluate.load_cases(TABLE))["overall"]["ours"]
    assert overall >= FLOORS["time_table"]["overall"]


def _pairs(groups: dict[str, set[str]]) -> set[frozenset[str]]:
    return {
        frozenset(p)
        for members in groups.values()
        for p in itertools.combinations(sorted(members), 2)
    }


@pytest.mark.slow
def test_demo_story_pairs_hold(tmp_path: Path) -> None:
    manifest = json.loads((demo_corpus() / "manifest.json").read_text(encoding="utf-8"))
    truth: dict[str, set[str]] = defaultdict(set)
    for entry in manifest["articles"]:
        truth[entry["story"]].add(entry["source"])
    got: dict[str, set[str]] = defaultdict(set)
    with frontlines.open(str(tmp_path / "demo.db")) as fl:
        fl.ingest(demo_sources())
        for a in fl.articles():
            path, _, fragment = a.source.partition("#")
            rel = Path(path).relative_to(demo_corpus()).as_posix() + (
                "#" + fragment if fragment else ""
            )
            got[a.story_id or a.id].add(rel)
    true_pairs, got_pairs = _pairs(truth), _pairs(got)
    precision = len(true_pairs & got_pairs) / len(got_pairs) if got_pairs else 1.0
    recall = len(true_pairs & got_pairs) / len(true_pairs) if true_pairs else 1.0
    assert precision >= FLOORS["demo_stories"]["pair_precision"]
    assert recall >= FLOORS["demo_stories"]["pair_recall"]
