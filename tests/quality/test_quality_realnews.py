"""The real-news gate: scores on real articles (gold written blind) must not fall below the floors.

The texts are not committed (they belong to their publishers): the test skips with a
message when `.realnews/articles.jsonl` (or $FRONTLINES_REALNEWS) is absent or does not
match the manifest. eval/realnews/README.md says how to rebuild them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from frontlines.eval.realnews import check_texts, default_texts, evaluate_realnews, load_manifest

REPO = Path(__file__).resolve().parents[2]
MANIFEST = REPO / "eval" / "realnews" / "manifest.jsonl"
FLOORS = json.loads((Path(__file__).with_name("baseline.json")).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def realnews_run():
    texts = default_texts(MANIFEST)
    if not (texts / "articles.jsonl").is_file():
        pytest.skip(
            f"the real-news texts are not here ({texts}); rebuild them as eval/realnews/README.md says"
        )
    check = check_texts(load_manifest(MANIFEST), texts)
    if not check.ok:
        pytest.skip(f"the real-news texts in {texts} do not match the manifest: {check.text}")
    return evaluate_realnews(MANIFEST, texts=texts)


def _measured(fig: dict) -> dict[str, float | None]:
    t = fig["territory"]
    return {
        "territory_precision": t["all"]["precision"],
        "territory_recall": t["all"]["recall"],
        "current_precision": t["current"]["precision"],
        "current_recall": t["current"]["recall"],
        "claimed_recall": t["claimed"]["recall"],
        "place_accuracy": fig["place_accuracy"]["share"],
        "date_accuracy": fig["date_accuracy"]["share"],
        "controller_accuracy": fig["controller_accuracy"]["share"],
        "sub_event_accuracy": fig["sub_event"]["accuracy"],
        "sub_event_weighted_f1": fig["sub_event"]["weighted_f1"],
    }


@pytest.mark.slow
@pytest.mark.parametrize("split", ["heldout", "tune"])
def test_realnews_scores_hold(realnews_run, split: str) -> None:
    measured = _measured(realnews_run.splits[split])
    for name, floor in FLOORS[f"realnews_{split}"].items():
        if name == "false_events_per_100_general_max":
            got = realnews_run.splits[split]["false_events_general"]["per_100_articles"]
            assert got is not None and got <= floor, (
                f"{split} false events per 100 {got} above {floor}"
            )
            continue
        got = measured[name]
        assert got is not None and got >= floor, f"{split} {name} {got} fell below {floor}"
