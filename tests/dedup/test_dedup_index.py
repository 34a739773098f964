from __future__ import annotations

import random
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontlines.dedup import Fingerprint, StoryChange, StoryIndex, fingerprint
from frontlines.settings import Settings

NUM_PERM = 128


def text(seed: int, n: int = 300) -> str:
    rng = random.Random(seed)
    return " ".join(f"w{rng.randrange(50_000)}" for _ in range(n))


def fp(body: str) -> Fingerprint:
    return fingerprint(body, num_perm=NUM_PERM, shingle=3)


def edited(body: str, seed: int, changes: int = 6) -> str:
    """A light edit: a few words replaced, a line of boilerplate added."""
    rng = random.Random(seed)
    words = body.split()
    for _ in range(changes):
        words[rng.randrange(len(words))] = f"x{rng.randrange(1000)}"
    return " ".join(words) + " Read more at our website"


def index() -> StoryIndex:
    # Fixed thresholds: these tests are about the mechanics, not the tuned defaults.
    return StoryIndex(threshold=0.5, containment=0.8, num_perm=NUM_PERM)


def test_near_duplicates_join_distinct_articles_do_not() -> None:
    idx = index()
    original = text(1)
    assert idx.add("b", fp(original)) == StoryChange("b", {})
    assert idx.add("c", fp(edited(original, 2))) == StoryChange("b", {})
    assert idx.add("d", fp(text(3))) == StoryChange("d", {})
    assert idx.stories() == {"b": ["b", "c"], "d": ["d"]}
    assert len(idx) == 3
    assert "c" in idx and "z" not in idx


def test_truncated_copy_joins_by_containment() -> None:
    idx = index()
    original = text(1, 600)
    first_third = " ".join(original.split()[:200])  # Jaccard ~ 1/3, containment ~ 1
    idx.add("a", fp(original))
    assert idx.add("b", fp(first_third)).story_id == "a"


def test_add_is_idempotent() -> None:
    idx = index()
    idx.add("a", fp(text(1)))
    idx.add("b", fp(text(2)))
    before = idx.stories()
    assert idx.add("a", fp(text(1))) == StoryChange("a", {})
    assert idx.add("b", fp(text(1))) == StoryChange("b", {})  # known id: fingerprint ignored
    assert idx.stories() == before
    assert len(idx) == 2


def test_story_id_is_the_smallest_article_id() -> None:
    idx = index()
    original = text(1)
    idx.add("m", fp(original))
    change = idx.add("k", fp(edited(original, 1)))
    assert change == StoryChange("k", {"m": "k"})  # the story was re-keyed
    assert idx.add("z", fp(edited(original, 2))) == StoryChange("k", {})
    assert idx.story_of("m") == idx.story_of("z") == "k"


def test_bridging_article_merges_two_stories() -> None:
    idx = index()
    left, right = text(1, 250), text(2, 250)
    idx.add("s2", fp(left))
    idx.add("s1", fp(right))
    assert idx.stories() == {"s2": ["s2"], "s1": ["s1"]}
    # Both halves in one article: each half is contained in it.
    change = idx.add("s3", fp(left + " " + right))
    assert change == StoryChange("s1", {"s2": "s1"})
    assert idx.stories() == {"s1": ["s1", "s2", "s3"]}


def test_empty_text_matches_nothing() -> None:
    idx = index()
    idx.add("a", fp(""))
    assert idx.add("b", fp("")).story_id == "b"
    assert idx.add("c", fp(text(1))).story_id == "c"


def test_unknown_article_and_wrong_fingerprint() -> None:
    idx = index()
    idx.add("first", fp(text(9)))
    with pytest.raises(KeyError):
        idx.story_of("nope")
    with pytest.raises(ValueError, match="permutations"):
        idx.add("a", fingerprint(text(1), num_perm=64, shingle=3))
    with pytest.raises(ValueError, match="recompute"):
        idx.add("a", fingerprint(text(1), num_perm=NUM_PERM, shingle=5))  # index learnt 3
    with pytest.raises(ValueError):
        StoryIndex(threshold=0.0, containment=0.8, num_perm=NUM_PERM)


def test_from_settings() -> None:
    s = Settings()
    idx = StoryIndex.from_settings(s)
    assert (idx.threshold, idx.containment, idx.num_perm, idx.shingle) == (
        s.dedup_threshold,
        s.dedup_containment,
        s.dedup_num_perm,
        s.dedup_shingle,
    )


@cache
def documents() -> tuple[tuple[str, Fingerprint], ...]:
    """Originals with copies, chains of copies and a bridge, under shuffled ids."""
    bodies: list[str] = []
    for i in range(6):
        original = text(100 + i, 200 + 40 * i)
        bodies.append(original)
        for j in range(i % 3):  # 0, 1 or 2 copies
            bodies.append(edited(original, 10 * i + j, changes=8))
    bodies.append(edited(bodies[-1], 999))  # a copy of a copy
    bodies.append(bodies[0] + " " + bodies[3])  # joins two stories
    ids = [f"id{n:02d}" for n in random.Random(7).sample(range(100), len(bodies))]
    return tuple((i, fp(b)) for i, b in zip(ids, bodies, strict=True))


def partition(idx: StoryIndex) -> dict[str, frozenset[str]]:
    return {story: frozenset(members) for story, members in idx.stories().items()}


@settings(max_examples=40, deadline=None)
@given(st.permutations(range(len(documents()))))
def test_same_partition_in_any_order(order: list[int]) -> None:
    docs = documents()
    reference = index()
    for article_id, f in docs:
        reference.add(article_id, f)
    expected = partition(reference)
    assert 1 < len(expected) < len(docs)  # the set is neither all-one nor all-apart

    idx = index()
    seen: dict[str, str] = {}  # article -> story, kept current from the changes
    for i in order:
        article_id, f = docs[i]
        change = idx.add(article_id, f)
        seen = {a: change.renamed.get(s, s) for a, s in seen.items()}
        seen[article_id] = change.story_id
    assert partition(idx) == expected
    # Following the renames reproduces every article's final story.
    assert seen == {article_id: idx.story_of(article_id) for article_id, _ in docs}
    for story, members in expected.items():
        assert story == min(members)
