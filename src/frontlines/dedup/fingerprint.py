"""MinHash fingerprints of article text, for near-duplicate detection.

Reads: an article's text. Writes: a :class:`Fingerprint` (``Article`` keeps
none of it; ``store`` keeps :meth:`Fingerprint.to_bytes`).

A fingerprint is a datasketch MinHash (scheme ``affine32``, fixed seed) of the
set of word shingles of the text's normalised form (NFKC, casefolded, tokens
are ``\\w+`` runs), plus the exact number of distinct shingles, which lets two
fingerprints estimate containment as well as Jaccard similarity.
"""

from __future__ import annotations

import hashlib
import re
import struct
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

import numpy as np
from datasketch import MinHash

# Changing any of these changes every fingerprint: bump FORMAT with them, so
# stored fingerprints of the old form are recognised and recomputed.
FORMAT = b"FLM1"  # frontlines MinHash, version 1: blake2b tokens, affine32, seed below
SEED = 20241130
SCHEME = "affine32"
_HEADER = struct.Struct("<4sHBI")  # format, num_perm, shingle, n_shingles
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit constant: combines token hashes
_LOW32 = np.uint64(0xFFFFFFFF)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, eq=False)
class Fingerprint:
    """The MinHash of an article's word shingles and how many distinct shingles it has.

    Quacks enough like a datasketch ``MinHash`` (``hashvalues``, ``len``,
    ``scheme``) to be inserted into and queried against a ``MinHashLSH``.
    """

    hashvalues: np.ndarray  # uint32, one minimum per permutation
    n_shingles: int
    shingle: int = 0  # words per shingle (0: not recorded); only equal sizes compare

    scheme: ClassVar[str] = SCHEME

    def __post_init__(self) -> None:
        values = np.array(self.hashvalues, dtype=np.uint32)  # a private, read-only copy
        values.setflags(write=False)
        object.__setattr__(self, "hashvalues", values)

    def __len__(self) -> int:
        return len(self.hashvalues)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Fingerprint):
            return NotImplemented
        return (
            self.n_shingles == other.n_shingles
            and self.shingle == other.shingle
            and np.array_equal(self.hashvalues, other.hashvalues)
        )

    def __hash__(self) -> int:
        return hash(self.to_bytes())

    @property
    def num_perm(self) -> int:
        return len(self.hashvalues)

    def jaccard(self, other: Fingerprint) -> float:
        """Estimated Jaccard similarity of the two shingle sets (0 if either is empty)."""
        _check_comparable(self, other)
        if not self.n_shingles or not other.n_shingles:
            return 0.0
        return float(np.count_nonzero(self.hashvalues == other.hashvalues)) / self.num_perm

    def containment(self, other: Fingerprint) -> float:
        """Estimated share of the smaller shingle set that the larger one holds."""
        return containment_from_jaccard(self.jaccard(other), self.n_shingles, other.n_shingles)

    def to_bytes(self) -> bytes:
        """A compact, stable form: an 11-byte header then ``num_perm`` little-endian uint32."""
        header = _HEADER.pack(FORMAT, self.num_perm, self.shingle, self.n_shingles)
        return header + self.hashvalues.astype("<u4", copy=False).tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Fingerprint:
        """Read :meth:`to_bytes` output; ``ValueError`` if it is not a fingerprint of this format."""
        if len(data) < _HEADER.size:
            raise ValueError(f"a fingerprint needs at least {_HEADER.size} bytes, got {len(data)}")
        fmt, num_perm, shingle, n_shingles = _HEADER.unpack_from(data)
        if fmt != FORMAT:
            raise ValueError(f"fingerprint format {fmt!r} is not {FORMAT!r}: recompute it")
        expected = _HEADER.size + 4 * num_perm
        if len(data) != expected:
            raise ValueError(
                f"a fingerprint of {num_perm} permutations has {expected} bytes, got {len(data)}"
            )
        values = np.frombuffer(data, dtype="<u4", offset=_HEADER.size).astype(np.uint32)
        return cls(values, n_shingles, shingle)


def containment_from_jaccard(jaccard: float, n_a: int, n_b: int) -> float:
    """Containment of the smaller set in the larger, from their Jaccard and sizes.

    ``|A∩B| = J (|A| + |B|) / (1 + J)``; the result is capped at 1 because an
    estimated Jaccard can overshoot what the sizes allow.
    """
    smaller = min(n_a, n_b)
    if smaller <= 0:
        return 0.0
    return min(1.0, jaccard * (n_a + n_b) / ((1.0 + jaccard) * smaller))


def normalise(text: str) -> list[str]:
    """The word tokens shingles are made of: NFKC, casefolded, ``\\w+`` runs."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def fingerprint(text: str, *, num_perm: int, shingle: int) -> Fingerprint:
    """The fingerprint of ``text``'s ``shingle``-word shingles with ``num_perm`` permutations.

    Stable across processes and platforms: hashes are blake2b and numpy
    integer arithmetic, the MinHash permutations come from a fixed seed. A
    text shorter than ``shingle`` words is one shingle; a text without words
    has ``n_shingles == 0`` and matches nothing.
    """
    if not 1 <= shingle <= 255:
        raise ValueError(f"shingle must be between 1 and 255 words, got {shingle}")
    tokens = normalise(text)
    base = _empty_minhash(num_perm)
    if not tokens:
        return Fingerprint(base.hashvalues, 0, shingle)
    shingles = _shingle_hashes(tokens, shingle)
    minhash = base.copy()
    minhash.update_batch(shingles.tolist())
    return Fingerprint(minhash.hashvalues, len(shingles), shingle)


def _shingle_hashes(tokens: list[str], k: int) -> np.ndarray:
    """Sorted, distinct 32-bit hashes of every run of ``k`` tokens.

    Each token is hashed once (and cached) and the token hashes of a shingle
    are combined in numpy: several times faster than hashing every shingle
    string, and the same set up to (rare, harmless) 32-bit collisions.
    """
    hashes = _token_hashes(tokens)
    n = max(1, len(tokens) - k + 1)
    combined = hashes[0:n].copy()
    for j in range(1, min(k, len(tokens))):
        combined = combined * _MULTIPLIER + hashes[j : j + n]
    folded = ((combined >> np.uint64(32)) ^ (combined & _LOW32)).astype(np.uint32)
    folded.sort()
    distinct = np.empty(len(folded), dtype=bool)
    distinct[0] = True
    np.not_equal(folded[1:], folded[:-1], out=distinct[1:])
    return folded[distinct]


# Token -> 63-bit hash. Bounded: cleared when full, so a long-running process
# does not grow without limit; the vocabulary of news text mostly fits.
_TOKEN_HASHES: dict[str, int] = {}
_TOKEN_CACHE_LIMIT = 1 << 18


def _token_hashes(tokens: list[str]) -> np.ndarray:
    hashes = list(map(_TOKEN_HASHES.get, tokens))
    try:
        # Values below 2**63 convert to int64 on numpy's fast path; the bits are then read as uint64.
        return np.array(hashes, dtype=np.int64).view(np.uint64)
    except TypeError:  # a token not seen before: its slot is None
        pass
    for i, h in enumerate(hashes):
        if h is None:
            hashes[i] = _remember_token(tokens[i])
    return np.array(hashes, dtype=np.int64).view(np.uint64)


def _remember_token(token: str) -> int:
    if len(_TOKEN_HASHES) >= _TOKEN_CACHE_LIMIT:
        _TOKEN_HASHES.clear()
    digest = hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest()
    value = int.from_bytes(digest, "little") >> 1
    _TOKEN_HASHES[token] = value
    return value


@lru_cache(maxsize=8)
def _empty_minhash(num_perm: int) -> MinHash:
    # Shingle hashes are already uniform 32-bit integers, so the hash function is the identity.
    return MinHash(num_perm=num_perm, seed=SEED, hashfunc=int, scheme=SCHEME)


def _check_comparable(a: Fingerprint, b: Fingerprint) -> None:
    if a.shingle and b.shingle and a.shingle != b.shingle:
        raise ValueError(
            f"fingerprints of {a.shingle}- and {b.shingle}-word shingles cannot be compared"
        )
    if a.num_perm != b.num_perm:
        raise ValueError(
            f"fingerprints of {a.num_perm} and {b.num_perm} permutations cannot be compared"
        )
