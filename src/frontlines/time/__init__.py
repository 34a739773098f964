"""The time stage: temporal expressions in an article, resolved to dated intervals.

Reads: article text, its publication date (``Published``), optionally the
shared spaCy ``Doc``. Writes: ``TimeMention`` records (offsets, interval,
precision, anchor, duration, TIMEX2 value) and, for an undated article, an
inferred ``Published`` interval with its evidence. Word lists live in
``frontlines/data/time_lexicon.toml``.

>>> import datetime as dt
>>> m = resolve_expression("last September", dt.date(2019, 8, 21))
>>> (m.value_start.isoformat(), m.value_end.isoformat(), m.precision.value)
('2018-09-01', '2018-09-30', 'month')
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from frontlines.models import Published, TimeMention
from frontlines.nlp import doc_matches
from frontlines.time.extract import extract
from frontlines.time.publication import infer_publication

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["extract_times", "infer_publication", "publication_day", "resolve_expression"]

TENSES = ("past", "present", "future")


def publication_day(published: Published | dt.date | None) -> dt.date | None:
    """The one day deictic expressions are read against, or None.

    A ``Published`` interval of more than one day (an inferred date) gives
    None: "on Saturday" cannot be read against a date we do not know.
    """
    if published is None:
        return None
    if isinstance(published, dt.datetime):
        return published.date()
    if isinstance(published, dt.date):
        return published
    if published.start is not None and published.end in (None, published.start):
        return published.start
    return None


def extract_times(
    text: str,
    *,
    published: Published | dt.date | None = None,
    narrative: bool = False,
    doc: Doc | None = None,
    use_model: bool = True,
) -> list[TimeMention]:
    """Find and resolve every temporal expression in ``text``.

    ``published`` anchors deictic expressions ("on Saturday", "last month").
    ``narrative``: anchor them on the last date named earlier in the text
    instead (history writing; WikiWars), falling back to ``published``.
    ``doc``: a spaCy parse of ``text`` if the caller has one; without it,
    ``use_model`` parses with :mod:`frontlines.nlp`, and ``use_model=False``
    uses the patterns alone (tense then comes from cue words).
    Mentions are sorted by offset, never overlap, and ``text[m.start:m.end] == m.text``.
    """
    if doc is not None and not doc_matches(doc, text):
        raise ValueError("doc is not a parse of text")
    if doc is None and use_model:
        from frontlines import nlp

        doc = nlp.parse(text)
    return extract(text, published=publication_day(published), narrative=narrative, doc=doc)


def resolve_expression(
    expr: str, published: dt.date | None, *, tense: str = "past"
) -> TimeMention | None:
    """Normalise one expression ("October of last year", "since Nov. 27") against ``published``.

    Returns the longest expression found in ``expr`` (offsets relative to
    ``expr``), or None when it holds none. ``tense`` is that of its clause:
    "past", "present" or "future".
    """
    if tense not in TENSES:
        raise ValueError(f"tense must be one of {', '.join(TENSES)}, not {tense!r}")
    mentions = extract(expr, published=publication_day(published), tense=tense)
    if not mentions:
        return None
    return max(mentions, key=lambda m: (m.end - m.start, -m.start))
