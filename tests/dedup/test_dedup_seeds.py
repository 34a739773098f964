"""The founding seeds: 000 and 001 are one wire story, 002-004 are independent."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontlines.dedup import StoryIndex, fingerprint
from frontlines.settings import Settings


def without_repeated_lines(text: str) -> str:
    """A stand-in for cleaning: drop lines already seen (001 repeats a caption)."""
    seen: set[str] = set()
    kept = []
    for line in text.splitlines():
        key = line.strip()
        if key and key in seen:
            continue
        seen.add(key)
        kept.append(line)
    return "\n".join(kept)


def seed_texts(seeds_dir: Path) -> dict[str, str]:
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))}


@pytest.mark.parametrize(
    "prepare", [lambda t: t, without_repeated_lines], ids=["raw", "lines_deduped"]
)
@pytest.mark.parametrize("reverse", [False, True], ids=["forward", "reverse"])
def test_seed_stories(seeds_dir: Path, prepare, reverse: bool) -> None:
    s = Settings()
    texts = seed_texts(seeds_dir)
    assert set(texts) == {"000", "001", "002", "003", "004"}
    idx = StoryIndex.from_settings(s)
    for key in sorted(texts, reverse=reverse):
        idx.add(
            key,
            fingerprint(prepare(texts[key]), num_perm=s.dedup_num_perm, shingle=s.dedup_shingle),
        )
    assert idx.stories() == {"000": ["000", "001"], "002": ["002"], "003": ["003"], "004": ["004"]}


def test_seed_similarities_leave_a_margin(seeds_dir: Path) -> None:
    """The syndicated pair clears the thresholds, independent reports are far below them."""
    s = Settings()
    fps = {
        k: fingerprint(t, num_perm=s.dedup_num_perm, shingle=s.dedup_shingle)
        for k, t in seed_texts(seeds_dir).items()
    }
    copy = fps["000"], fps["001"]
    assert (
        copy[0].jaccard(copy[1]) >= s.dedup_threshold
        or copy[0].containment(copy[1]) >= s.dedup_containment + 0.05
    )
    for a in fps:
        for b in fps:
            if a < b and (a, b) != ("000", "001"):
                assert fps[a].jaccard(fps[b]) < s.dedup_threshold / 3
                assert fps[a].containment(fps[b]) < s.dedup_containment / 3
