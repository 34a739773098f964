"""False events on general news: LGL and GeoWebNews (local and world news, a few war reports
among them) must not yield more events per 100 articles than the ceilings in baseline.json
(``events_general_news``; they only go down). Slow: ingests 788 articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

CEILINGS = json.loads((Path(__file__).with_name("baseline.json")).read_text(encoding="utf-8"))[
    "events_general_news"
]


@pytest.mark.slow
@pytest.mark.parametrize("corpus", ["lgl", "gwn"])
def test_general_news_yields_few_events(
    corpus: str, shared: Path, full_gazetteer_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from frontlines.eval.noise import run_noise

    monkeypatch.setenv("FRONTLINES_GAZETTEER", str(full_gazetteer_path))
    run = run_noise(corpus, shared / "bench" / "geo")
    ceiling = CEILINGS[f"{corpus}_per_100_max"]
    assert run.per_100 is not None and run.per_100 <= ceiling, (
        f"{corpus}: {run.events} events in {run.articles} articles ({run.per_100:.1f} per 100, "
        f"ceiling {ceiling}): {dict(run.by_type)}"
    )
