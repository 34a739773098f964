"""The expression table: every row resolves as a careful reader would (issue 3, must-show 1)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from frontlines.clean import clean_text
from frontlines.time import extract_times, resolve_expression
from frontlines.time.evaluate import ExpressionCase, load_cases, ours_is_right

TABLE = Path(__file__).with_name("expressions.tsv")
CASES = load_cases(TABLE)
CATEGORIES = {
    "absolute_day",
    "absolute_month",
    "absolute_year",
    "range",
    "weekday",
    "relative_day",
    "relative_week",
    "relative_month",
    "relative_year",
    "since",
    "within_last",
    "ago",
    "season_part",
    "expression_anchored",
    "duration",
    "unknown",
    "not_time",
}


def _describe(case: ExpressionCase) -> str:
    m = resolve_expression(case.text, case.published, tense=case.tense)
    got = (
        "nothing"
        if m is None
        else f"{m.text!r} {m.value_start}..{m.value_end} {m.precision.value} {m.duration}"
    )
    want = f"{case.expected_start}..{case.expected_end} {case.expected_precision} {case.expected_duration}"
    return f"{case.text!r} (P={case.published}, {case.tense}): want {want}, got {got}"


@pytest.mark.parametrize("case", CASES, ids=[f"{i:03d}-{c.category}" for i, c in enumerate(CASES)])
def test_expression_resolves(case: ExpressionCase) -> None:
    assert ours_is_right(case), _describe(case)


def test_table_is_broad() -> None:
    assert len(CASES) >= 150
    assert set(Counter(c.category for c in CASES)) == CATEGORIES
    assert {c.style for c in CASES} == {"wire", "UK", "US", "nonnative"}
    assert all(Counter(c.category for c in CASES)[cat] >= 5 for cat in CATEGORIES)
    assert {c.seed for c in CASES if c.seed} == {"000", "001", "002", "003", "004"}


def test_offsets_are_relative_to_the_expression() -> None:
    for case in CASES:
        m = resolve_expression(case.text, case.published, tense=case.tense)
        if m is not None:
            assert case.text[m.start : m.end] == m.text


def test_every_seed_expression_is_in_the_table(seeds_dir: Path) -> None:
    """Whatever the patterns find in a seed (raw or cleaned) is one of the table's expressions."""
    texts = [c.text for c in CASES]
    missing = []
    for path in sorted(seeds_dir.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        for text in (raw, clean_text(raw).text):
            for m in extract_times(text, use_model=False):
                if not any(m.text in t for t in texts):
                    missing.append((path.name, m.text))
    assert not missing


def test_unknown_tense_is_refused() -> None:
    with pytest.raises(ValueError, match="tense"):
        resolve_expression("on Monday", None, tense="pluperfect")
