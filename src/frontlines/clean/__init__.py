"""Clean article text: strip what is not the article, keep a map back to the raw text.

Reads ``RawDocument.text``; writes ``CleanText`` (text, segments, removals),
a guessed title, and a quality verdict (``Rejection`` or ``None``). What counts
as a caption, a "Read more" link or page furniture is data, in
``frontlines/data/clean_patterns.toml``.
"""

from __future__ import annotations

from frontlines.clean.core import clean_text
from frontlines.clean.identity import normalise_for_identity
from frontlines.clean.mapping import fold_spaces, mapping_errors, raw_span
from frontlines.clean.patterns import CleanPatterns, load_patterns
from frontlines.clean.quality import check_quality, count_words, english_share
from frontlines.clean.title import guess_title

__all__ = [
    "CleanPatterns",
    "check_quality",
    "clean_text",
    "count_words",
    "english_share",
    "fold_spaces",
    "guess_title",
    "load_patterns",
    "mapping_errors",
    "normalise_for_identity",
    "raw_span",
]
