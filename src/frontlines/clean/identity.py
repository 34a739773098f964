"""The form of a text that decides its identity (the article id hash).

Two copies that differ only in spacing, case, Unicode compatibility forms or
the shape of their quotes and dashes normalise to the same string.
"""

from __future__ import annotations

import unicodedata

from frontlines.clean.mapping import INVISIBLE

_QUOTES_AND_DASHES = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛′‵`´", "'"),
        **dict.fromkeys("“”„‟″‶«»", '"'),
        **dict.fromkeys("‐‑‒–—―−⸺⸻﹘﹣－", "-"),
        **dict.fromkeys(INVISIBLE, None),
    }
)


def normalise_for_identity(text: str) -> str:
    """NFKC, casefold, one kind of quote and dash, single spaces, no outer spaces."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_QUOTES_AND_DASHES)
    return " ".join(folded.split())
