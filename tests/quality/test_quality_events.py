"""Quality gate for events and control: `frontlines eval` on the seeds gold and on the demo gold.

Floors live in baseline.json (`events_seeds`, `events_demo`); they only go up.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from frontlines.eval.events_run import evaluate_gold
from frontlines.library import demo_corpus

pytestmark = pytest.mark.slow

BASELINE = Path(__file__).with_name("baseline.json")


def _floors(key: str) -> dict[str, float]:
    return json.loads(BASELINE.read_text(encoding="utf-8"))[key]


def _measured(run: object) -> dict[str, float]:
    data = run.to_json()  # type: ignore[attr-defined]
    t = data["territory"]
    return {
        "territory_precision": t["all"]["precision"] or 0.0,
        "territory_recall": t["all"]["recall"] or 0.0,
        "current_precision": t["current"]["precision"] or 0.0,
        "current_recall": t["current"]["recall"] or 0.0,
        "background_recall": t["background"]["recall"] or 0.0,
        "place_accuracy": data["place_accuracy"] or 0.0,
        "date_accuracy": data["date_accuracy"] or 0.0,
        "date_inference_contains": (
            sum(d["contains_truth"] for d in data["date_inference"]) / len(data["date_inference"])
            if data["date_inference"]
            else 1.0
        ),
    }


def _check(measured: dict[str, float], floors: dict[str, float]) -> None:
    low = {k: (round(measured[k], 3), v) for k, v in floors.items() if measured[k] < v}
    assert not low, f"below the floor (measured, floor): {low}"


def test_seeds_gold(
    shared: Path, full_gazetteer_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FRONTLINES_GAZETTEER", str(full_gazetteer_path))
    run = evaluate_gold(shared / "eval" / "seeds.gold.jsonl")
    print("\n" + run.text)
    _check(_measured(run), _floors("events_seeds"))


def test_demo_gold(full_gazetteer_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gold = demo_corpus() / "events.gold.jsonl"
    if not gold.exists():
        pytest.skip("no demo gold yet")
    monkeypatch.setenv("FRONTLINES_GAZETTEER", str(full_gazetteer_path))
    run = evaluate_gold(gold, root=demo_corpus())
    print("\n" + run.text)
    _check(_measured(run), _floors("events_demo"))
