"""extract_times on a 1,000-word article with a given Doc stays under 50 ms (patterns compiled once)."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
import spacy

from frontlines.time import extract_times
from frontlines.time.evaluate import load_cases

BUDGET_SECONDS = 0.050


def _article(words: int = 1000) -> str:
    """A dense article: every table expression, in sentences, until ``words`` words."""
    sentences = [
        f"Officials said fighting resumed {c.text} near the front."
        for c in load_cases(Path(__file__).with_name("expressions.tsv"))
    ]
    out: list[str] = []
    while sum(len(s.split()) for s in out) < words:
        out.append(sentences[len(out) % len(sentences)])
    return " ".join(" ".join(out).split()[:words])


def _best_of(runs: int, text: str, doc: spacy.tokens.Doc) -> float:
    extract_times(text, published=dt.date(2024, 11, 30), doc=doc)  # warm: compile the rules
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        extract_times(text, published=dt.date(2024, 11, 30), doc=doc)
        best = min(best, time.perf_counter() - start)
    return best


def test_thousand_words_with_a_blank_doc() -> None:
    text = _article()
    assert _best_of(5, text, spacy.blank("en")(text)) < BUDGET_SECONDS


@pytest.mark.slow
def test_thousand_words_with_a_parsed_doc() -> None:
    from frontlines import nlp

    text = _article()
    assert _best_of(5, text, nlp.parse(text)) < BUDGET_SECONDS
