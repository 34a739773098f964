"""The held-out sentence table: written blind (without reading or running the extractor) and
never tuned against. Its scores are the honest estimate; `sentences.yaml`'s are optimistic."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from frontlines.eval.sentences import format_scores, load_sentence_table, score_entries
from frontlines.events.model import EventMention

HELDOUT = Path(__file__).with_name("sentences_heldout.yaml")
BASELINE = Path(__file__).resolve().parents[1] / "quality" / "baseline.json"


def test_heldout_table_loads() -> None:
    entries = load_sentence_table(HELDOUT)
    assert len(entries) >= 150
    assert len({e.conflict for e in entries}) >= 8


@pytest.mark.slow
def test_extractor_on_the_heldout_table(
    full_gazetteer_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from frontlines.events.extract import extract_events

    monkeypatch.setenv("FRONTLINES_GAZETTEER", str(full_gazetteer_path))

    def extract(text: str, published: dt.date, country: str) -> list[EventMention]:
        return extract_events(text, published=published, country=country)

    scores = score_entries(load_sentence_table(HELDOUT), extract)
    print()
    print(format_scores(scores))
    floors = json.loads(BASELINE.read_text(encoding="utf-8"))["events_sentence_table_heldout"]
    measured = scores.summary()
    low = {
        k: (round(measured.get(k) or 0.0, 3), v)
        for k, v in floors.items()
        if (measured.get(k) or 0.0) < v
    }
    assert not low, f"below the floor (measured, floor): {low}"
