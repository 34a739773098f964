"""Near-duplicate detection: syndicated copies of one story count as one source.

Reads: article text (after cleaning) and article ids. Writes: a fingerprint
per article (kept by the store) and the article's story id.

``fingerprint`` turns text into a MinHash of its word shingles;
``StoryIndex`` groups fingerprints into stories incrementally, the same way
in any order.
"""

from __future__ import annotations

from frontlines.dedup.fingerprint import (
    Fingerprint,
    containment_from_jaccard,
    fingerprint,
    normalise,
)
from frontlines.dedup.index import StoryChange, StoryIndex, lsh_params

__all__ = [
    "Fingerprint",
    "StoryChange",
    "StoryIndex",
    "containment_from_jaccard",
    "fingerprint",
    "lsh_params",
    "normalise",
]
