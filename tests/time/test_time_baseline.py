"""Ours against dateparser on the expression table (issue 3, must-show 3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontlines.time.evaluate import SYSTEMS, load_cases, score

TABLE = Path(__file__).with_name("expressions.tsv")


@pytest.fixture(scope="module")
def accuracy() -> dict[str, dict[str, float]]:
    return score(load_cases(TABLE))


def test_ours_is_right_on_every_row(accuracy: dict[str, dict[str, float]]) -> None:
    assert accuracy["overall"]["ours"] == 1.0


@pytest.mark.parametrize("baseline", [s for s in SYSTEMS if s != "ours"])
def test_ours_beats_dateparser_on_every_category(
    accuracy: dict[str, dict[str, float]], baseline: str
) -> None:
    for category, row in accuracy.items():
        assert row["ours"] >= row[baseline], category
        if row[baseline] < 1.0:
            assert row["ours"] > row[baseline], category


def test_dateparser_is_really_run(accuracy: dict[str, dict[str, float]]) -> None:
    """A guard against a silently broken baseline: it gets plain dates right."""
    assert accuracy["absolute_day"]["dateparser"] > 0.5
    assert 0 < accuracy["overall"]["dateparser"] < 1.0
