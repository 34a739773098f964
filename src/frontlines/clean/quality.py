"""Is a cleaned text worth reading: long enough, and English?

Reads ``CleanText.text``; writes nothing: returns a ``Rejection`` (stage
``quality``, reason ``too_short`` or ``not_english``) or ``None``.
"""

from __future__ import annotations

import re

from frontlines.clean.patterns import CleanPatterns, load_patterns
from frontlines.errors import reason
from frontlines.models import CleanText, Rejection
from frontlines.settings import Settings

STAGE = "quality"
SAMPLE_CHARS = 200

# A word: a number ("3,035", "4.5") or letters and digits with inner apostrophes,
# hyphens or dots ("don't", "al-Numan", "U.S").
_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+(?:['’.\-][^\W_]+)*")
# Letters only, for the English test: "al-Numan" counts as "al" and "Numan".
_LETTERS = re.compile(r"[^\W\d_]+")


def count_words(text: str) -> int:
    """Words as a reader counts them; numbers count, punctuation does not."""
    return sum(1 for _ in _WORD.finditer(text))


def english_share(text: str, patterns: CleanPatterns | None = None) -> float:
    """Share of the text's words that are common English function words (0.0 for no words)."""
    function_words = (patterns or load_patterns()).function_words
    words = [m.group().casefold() for m in _LETTERS.finditer(text)]
    if not words:
        return 0.0
    return sum(1 for w in words if w in function_words) / len(words)


def check_quality(
    clean: CleanText,
    settings: Settings,
    *,
    source: str,
    patterns: CleanPatterns | None = None,
) -> Rejection | None:
    """A rejection when the text is under ``min_words`` or not English, else ``None``."""
    sample = clean.text[:SAMPLE_CHARS]
    words = count_words(clean.text)
    if words < settings.min_words:
        why = reason("too_short")
        return Rejection(
            source=source,
            stage=STAGE,
            code=why.code,
            reason=why.format(words=words, minimum=settings.min_words),
            sample=sample,
        )
    share = english_share(clean.text, patterns)
    if share < settings.min_english_share:
        why = reason("not_english")
        return Rejection(
            source=source,
            stage=STAGE,
            code=why.code,
            reason=why.format(share=share),
            detail=f"{share:.3f} of the words are common English words; the minimum is "
            f"{settings.min_english_share} (setting min_english_share)",
            sample=sample,
        )
    return None
