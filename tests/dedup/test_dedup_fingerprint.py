from __future__ import annotations

import hashlib
import os
import random
import subprocess
import sys

import numpy as np
import pytest

from frontlines.dedup import Fingerprint, containment_from_jaccard, fingerprint, normalise

TEXT = (
    "Armed opposition groups recaptured the Khan Sheikhoun district and gained control "
    "over the entire Idlib province, a spokesman said on Saturday."
)
# sha256 of fingerprint(TEXT, num_perm=128, shingle=3).to_bytes(). If this changes,
# stored fingerprints no longer compare with new ones: bump fingerprint.FORMAT.
GOLDEN = "516067efc7ae34e3280d78ef7aec9caf29bd9dac55b155f421810f79479651dd"


def words(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [f"w{rng.randrange(100_000)}" for _ in range(n)]


def fp(text: str, num_perm: int = 128, shingle: int = 3) -> Fingerprint:
    return fingerprint(text, num_perm=num_perm, shingle=shingle)


def test_same_text_same_bytes_and_pinned() -> None:
    assert fp(TEXT).to_bytes() == fp(TEXT).to_bytes()
    assert hashlib.sha256(fp(TEXT).to_bytes()).hexdigest() == GOLDEN


def test_stable_across_processes() -> None:
    code = (
        "import hashlib, sys\n"
        "from frontlines.dedup import fingerprint\n"
        "fp = fingerprint(sys.argv[1], num_perm=128, shingle=3)\n"
        "print(hashlib.sha256(fp.to_bytes()).hexdigest())\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}  # str hashing differs from this process
    out = subprocess.run(
        [sys.executable, "-c", code, TEXT], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.strip() == GOLDEN


def test_roundtrip_bytes() -> None:
    original = fp(TEXT, num_perm=64)
    data = original.to_bytes()
    assert len(data) == 11 + 64 * 4
    again = Fingerprint.from_bytes(data)
    assert again == original
    assert again.n_shingles == original.n_shingles == 19
    assert again.shingle == 3
    assert again.hashvalues.dtype == np.uint32
    assert hash(again) == hash(original)


@pytest.mark.parametrize(
    "data",
    [b"", b"FLM1", b"XXXX" + bytes(7 + 512), fp(TEXT).to_bytes()[:-1], fp(TEXT).to_bytes() + b"\0"],
)
def test_from_bytes_rejects_what_is_not_a_fingerprint(data: bytes) -> None:
    with pytest.raises(ValueError):
        Fingerprint.from_bytes(data)


def test_fingerprint_is_immutable() -> None:
    f = fp(TEXT)
    with pytest.raises(ValueError):
        f.hashvalues[0] = 0


def test_normalised_form_ignores_case_width_and_punctuation() -> None:
    assert normalise("ＫＨＡＮ Sheikhoun, “Idlib”!") == ["khan", "sheikhoun", "idlib"]
    assert fp("Khan Sheikhoun fell to the ARMY on Saturday.") == fp(
        "khan  sheikhoun — fell to the army on saturday"
    )


def test_short_and_empty_texts() -> None:
    assert fp("").n_shingles == 0
    assert fp("...").n_shingles == 0
    assert fp("two words").n_shingles == 1  # shorter than a shingle: one shingle
    assert fp("two words") != fp("two other")
    assert fp("").jaccard(fp("")) == 0.0  # empty texts are like nothing, not like each other


def test_estimates_track_the_exact_values() -> None:
    base = words(600, 1)
    half = base[:300]
    other = words(600, 2)
    full, part, unrelated = fp(" ".join(base)), fp(" ".join(half)), fp(" ".join(other))
    assert full.jaccard(full) == 1.0
    # The first half of a text: Jaccard ~ 298/598 = 0.50, containment ~ 1.
    assert abs(full.jaccard(part) - 0.5) < 0.15
    assert full.containment(part) > 0.85
    assert part.containment(full) == full.containment(part)
    assert full.jaccard(unrelated) < 0.05
    assert full.containment(unrelated) < 0.1


def test_containment_from_jaccard() -> None:
    # |A| = 100 inside |B| = 300: J = 100/300.
    assert containment_from_jaccard(1 / 3, 100, 300) == pytest.approx(1.0)
    assert containment_from_jaccard(0.0, 100, 300) == 0.0
    assert containment_from_jaccard(0.9, 10, 1000) == 1.0  # capped
    assert containment_from_jaccard(0.5, 0, 10) == 0.0


def test_incomparable_fingerprints() -> None:
    with pytest.raises(ValueError, match="permutations"):
        fp(TEXT, num_perm=64).jaccard(fp(TEXT, num_perm=128))
    with pytest.raises(ValueError, match="shingles"):
        fp(TEXT, shingle=4).jaccard(fp(TEXT, shingle=3))
    with pytest.raises(ValueError):
        fp(TEXT, shingle=0)
