"""Story grouping against the store: the LSH band keys live in an indexed table.

:class:`~frontlines.dedup.index.StoryIndex` holds every fingerprint and every band in
memory (about 19 KB an article: 1.9 GB per 100,000). :class:`StoredStoryIndex` gives the
same stories with memory that does not grow with the store: each article's band keys are a
row each in ``story_keys`` (one indexed table, on SQLite and PostgreSQL alike, shared by
every writer), a new article's candidates are the stored articles sharing a key, and the
test that links two articles is the in-memory index's own, on their stored fingerprints.

A band key is a 64-bit hash of the band's number and its hash values. Two different bands
can collide only with a chance of about 2^-64 a pair, and a collision only adds a
candidate, which the similarity test then checks: the stories are those of the in-memory
index, in any order of insertion.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import numpy as np

from frontlines.dedup.fingerprint import Fingerprint
from frontlines.dedup.index import MIN_JACCARD_FOR_CONTAINMENT, StoryChange, lsh_params


class KeyStore(Protocol):
    def story_candidates(self, keys: Sequence[int]) -> list[tuple[str, bytes | None, str]]: ...

    def story_keys_made_with(self) -> str | None: ...

    def replace_story_keys(self, keys: dict[str, Sequence[int]], *, done: str) -> None: ...

    def iter_fingerprints(self) -> Any: ...


def band_keys(fp: Fingerprint, *, bands: int, rows: int) -> list[int]:
    """The LSH band keys of a fingerprint (none for an empty text), as signed 64-bit ints."""
    if not fp.n_shingles:
        return []
    values = fp.hashvalues.astype("<u4", copy=False)
    keys = []
    for band in range(bands):
        chunk = values[band * rows : (band + 1) * rows].tobytes()
        digest = hashlib.blake2b(band.to_bytes(2, "little") + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


class StoredStoryIndex:
    """Incremental near-duplicate grouping whose LSH index is the store's ``story_keys``.

    :meth:`add` finds where a new article lands (its story id, and the stories it joins);
    the caller stores the article with :meth:`keys` of its fingerprint and the renames in
    one transaction (``Store.add_article``)."""

    def __init__(
        self,
        store: KeyStore,
        *,
        threshold: float,
        containment: float,
        num_perm: int,
        shingle: int,
        recompute: Callable[[str], Fingerprint] | None = None,
    ) -> None:
        self.store = store
        self.threshold, self.containment = threshold, containment
        self.num_perm, self.shingle = num_perm, shingle
        self.bands, self.rows = lsh_params(num_perm)
        self.recompute = recompute
        self.candidates_checked = 0
        self._ensure_keys()

    @classmethod
    def from_settings(
        cls, store: KeyStore, settings: Any, recompute: Callable[[str], Fingerprint] | None
    ) -> StoredStoryIndex:
        return cls(
            store,
            threshold=settings.dedup_threshold,
            containment=settings.dedup_containment,
            num_perm=settings.dedup_num_perm,
            shingle=settings.dedup_shingle,
            recompute=recompute,
        )

    @property
    def made_with(self) -> str:
        return f"blake2b-64 bands={self.bands} rows={self.rows} shingle={self.shingle}"

    def keys(self, fp: Fingerprint) -> list[int]:
        return band_keys(fp, bands=self.bands, rows=self.rows)

    def _ensure_keys(self) -> None:
        """Make the stored keys anew when they were made with other settings, or never (a
        store from before the table, or fingerprints of another shingle size)."""
        if self.store.story_keys_made_with() == self.made_with:
            return
        keys: dict[str, Sequence[int]] = {}
        for article_id, data in list(self.store.iter_fingerprints()):
            fp = self._readable(article_id, data)
            keys[article_id] = self.keys(fp) if fp is not None else []
        self.store.replace_story_keys(keys, done=self.made_with)

    def _readable(self, article_id: str, data: bytes | None) -> Fingerprint | None:
        """The stored fingerprint, or one made anew from the text when it was made with other
        settings or an older format."""
        try:
            fp = Fingerprint.from_bytes(data) if data else None
        except ValueError:
            fp = None
        if fp is not None and fp.num_perm == self.num_perm and fp.shingle in (0, self.shingle):
            return fp
        return self.recompute(article_id) if self.recompute is not None else None

    def add(self, article_id: str, fp: Fingerprint) -> StoryChange:
        """Where a new article lands: the story of the stored articles it is linked to (the
        smallest article id among them and it), and the stories that id replaces."""
        if len(fp) != self.num_perm:
            raise ValueError(
                f"fingerprint of {len(fp)} permutations given to an index of {self.num_perm}"
            )
        if not fp.n_shingles:
            return StoryChange(article_id)
        candidates = [c for c in self.store.story_candidates(self.keys(fp)) if c[0] != article_id]
        self.candidates_checked += len(candidates)
        stories = set()
        for other_id, data, story_id in candidates:
            other = self._readable(other_id, data)
            if other is not None and self._linked(fp, other):
                stories.add(story_id)
        story_id = min({article_id, *stories})
        return StoryChange(story_id, {old: story_id for old in sorted(stories) if old != story_id})

    def _linked(self, a: Fingerprint, b: Fingerprint) -> bool:
        if not b.n_shingles:
            return False
        jaccard = float(np.count_nonzero(a.hashvalues == b.hashvalues)) / self.num_perm
        if jaccard >= self.threshold:
            return True
        n_a, n_b = float(a.n_shingles), float(b.n_shingles)
        contained = jaccard * (n_a + n_b) / ((1.0 + jaccard) * min(n_a, n_b))
        return jaccard >= MIN_JACCARD_FOR_CONTAINMENT and contained >= self.containment
