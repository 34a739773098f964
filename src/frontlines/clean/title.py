"""Guess an article's title from its clean text.

Reads ``CleanText.text``; writes nothing: returns the first line when it
reads as a headline (``Article.title`` when the source gave none).
"""

from __future__ import annotations

from frontlines.clean.boilerplate import (
    headline_shaped,
    is_boilerplate,
    is_caption,
    is_date_line,
    read_more_marker,
)
from frontlines.clean.patterns import CleanPatterns, load_patterns
from frontlines.models import CleanText


def guess_title(clean: CleanText, *, patterns: CleanPatterns | None = None) -> str | None:
    """The first line if it is short, has no final full stop and is no caption, else ``None``.

    A text of one line has no title apart from its body, so it gets ``None``.
    """
    p = patterns or load_patterns()
    first, newline, rest = clean.text.partition("\n")
    first = first.strip()
    if not newline or not rest.strip() or not first:
        return None
    if not any(c.isalpha() for c in first):
        return None
    if not headline_shaped(first, p.title_max_words):
        return None
    if (
        is_caption(first, p)
        or is_boilerplate(first, p)
        or is_date_line(first, p)
        or read_more_marker(first, p)[0]
    ):
        return None
    return first
