"""Incremental clustering of fingerprints into stories (syndicated copies).

Reads: article ids and their :class:`~frontlines.dedup.fingerprint.Fingerprint`.
Writes: each article's story id (``Article.story_id``) and, on every add, the
story ids that changed, so a store can re-key what it holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from datasketch import MinHashLSH

from frontlines.dedup.fingerprint import Fingerprint

# Containment is estimated from Jaccard and the set sizes; below this estimated
# Jaccard the estimate is too noisy to trust (and the LSH bands, two rows
# each, no longer reliably bring such pairs together).
MIN_JACCARD_FOR_CONTAINMENT = 0.2
LSH_ROWS = 2


@dataclass(frozen=True)
class StoryChange:
    """Where an added article landed, and which stories were re-keyed by adding it."""

    story_id: str
    renamed: dict[str, str] = field(default_factory=dict)  # old story id -> new story id


def lsh_params(num_perm: int) -> tuple[int, int]:
    """Bands and rows of the LSH index: every permutation used, in bands of ``LSH_ROWS``.

    With 128 permutations that is 64 bands of 2: pairs with Jaccard 0.2 become
    candidates with probability 0.93, 0.25 with 0.98, 0.3 with 0.998, while a
    pair at the background similarity of unrelated news (Jaccard 0.01-0.03 on
    3-word shingles, less on 4) collides with probability 0.006-0.06.
    """
    return num_perm // LSH_ROWS, LSH_ROWS


class StoryIndex:
    """Incremental near-duplicate clustering: single-linkage over LSH candidates.

    Two articles are linked when their estimated Jaccard similarity is at least
    ``threshold``, or their estimated containment (of the smaller shingle set
    in the larger) is at least ``containment`` while their Jaccard is at least
    ``MIN_JACCARD_FOR_CONTAINMENT``. Stories are the connected components, so
    the same articles give the same partition in any insertion order; a
    story's id is the smallest article id in it. An id keeps the fingerprint
    it was first added with (ids are hashes of the text, so this is the same).
    """

    def __init__(
        self,
        *,
        threshold: float,
        containment: float,
        num_perm: int,
        shingle: int | None = None,
        lsh: tuple[int, int] | None = None,
    ) -> None:
        if not 0.0 < threshold <= 1.0 or not 0.0 < containment <= 1.0:
            raise ValueError("threshold and containment must be in (0, 1]")
        self.threshold = threshold
        self.containment = containment
        self.num_perm = num_perm
        self.shingle = shingle  # learnt from the first fingerprint when not given
        bands, rows = lsh or lsh_params(num_perm)
        self._lsh = MinHashLSH(num_perm=num_perm, params=(bands, rows))
        self._ids: list[str] = []
        self._position: dict[str, int] = {}
        self._hashvalues = np.empty((1024, num_perm), dtype=np.uint32)
        self._sizes = np.empty(1024, dtype=np.int64)
        self._parent: list[int] = []
        self._members: dict[int, list[int]] = {}  # root -> positions in the component
        self._story: dict[int, str] = {}  # root -> story id (smallest article id)
        self.candidates_checked = 0  # LSH candidates verified so far, for benchmarks

    @classmethod
    def from_settings(cls, settings: Any) -> StoryIndex:
        """An index with the ``dedup_*`` thresholds of a :class:`~frontlines.settings.Settings`."""
        return cls(
            threshold=settings.dedup_threshold,
            containment=settings.dedup_containment,
            num_perm=settings.dedup_num_perm,
            shingle=settings.dedup_shingle,
        )

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._position

    def add(self, article_id: str, fp: Fingerprint) -> StoryChange:
        """Add an article; adding an id already present changes nothing."""
        known = self._position.get(article_id)
        if known is not None:
            return StoryChange(self._story[self._find(known)])
        if len(fp) != self.num_perm:
            raise ValueError(
                f"fingerprint of {len(fp)} permutations given to an index of {self.num_perm}"
            )
        if fp.shingle:
            if self.shingle is None:
                self.shingle = fp.shingle
            elif fp.shingle != self.shingle:
                raise ValueError(
                    f"fingerprint of {fp.shingle}-word shingles given to an index of "
                    f"{self.shingle}-word shingles: recompute it"
                )
        pos = self._append(article_id, fp)
        matches = self._matches(pos, fp) if fp.n_shingles else []
        roots = {self._find(m) for m in matches}
        old_ids = sorted(self._story[r] for r in roots)
        for root in roots:
            self._union(pos, root)
        story_id = self._story[self._find(pos)]
        if fp.n_shingles:
            self._lsh.insert(pos, fp, check_duplication=False)
        return StoryChange(story_id, {old: story_id for old in old_ids if old != story_id})

    def story_of(self, article_id: str) -> str:
        """The story id of an article in the index (``KeyError`` if it is not)."""
        return self._story[self._find(self._position[article_id])]

    def stories(self) -> dict[str, list[str]]:
        """Every story id with its article ids, sorted."""
        return {
            self._story[root]: sorted(self._ids[m] for m in members)
            for root, members in self._members.items()
        }

    def _append(self, article_id: str, fp: Fingerprint) -> int:
        pos = len(self._ids)
        if pos == len(self._sizes):
            self._hashvalues = np.concatenate([self._hashvalues, np.empty_like(self._hashvalues)])
            self._sizes = np.concatenate([self._sizes, np.empty_like(self._sizes)])
        self._hashvalues[pos] = fp.hashvalues
        self._sizes[pos] = fp.n_shingles
        self._ids.append(article_id)
        self._position[article_id] = pos
        self._parent.append(pos)
        self._members[pos] = [pos]
        self._story[pos] = article_id
        return pos

    def _matches(self, pos: int, fp: Fingerprint) -> list[int]:
        """Earlier articles that LSH proposes and the similarity test confirms."""
        candidates = self._lsh.query(fp)
        if not candidates:
            return []
        self.candidates_checked += len(candidates)
        cand = np.fromiter(candidates, dtype=np.int64, count=len(candidates))
        same = np.count_nonzero(self._hashvalues[cand] == fp.hashvalues, axis=1)
        jaccard = same / self.num_perm
        n_a = float(fp.n_shingles)
        n_b = self._sizes[cand]
        contained = jaccard * (n_a + n_b) / ((1.0 + jaccard) * np.minimum(n_a, n_b))
        linked = (jaccard >= self.threshold) | (
            (jaccard >= MIN_JACCARD_FOR_CONTAINMENT) & (contained >= self.containment)
        )
        return cand[linked].tolist()

    def _find(self, pos: int) -> int:
        parent = self._parent
        while parent[pos] != pos:
            parent[pos] = parent[parent[pos]]  # path halving
            pos = parent[pos]
        return pos

    def _union(self, a: int, b: int) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra == rb:
            return
        if len(self._members[ra]) < len(self._members[rb]):
            ra, rb = rb, ra
        self._parent[rb] = ra
        self._members[ra].extend(self._members.pop(rb))
        self._story[ra] = min(self._story[ra], self._story.pop(rb))
