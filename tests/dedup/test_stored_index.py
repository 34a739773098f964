"""Story grouping against the store gives the in-memory index's stories (issue 17, 6).

The synthetic corpus of benchmarks/corpus.py (syndicated copies with edits, and hard
negatives on the same topics) goes through both, in the same order and shuffled.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

from frontlines.dedup import StoryIndex, fingerprint
from frontlines.dedup.stored import StoredStoryIndex, band_keys
from frontlines.models import Article
from frontlines.settings import Settings
from frontlines.store import Store

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _corpus(n: int) -> list[tuple[str, str]]:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from corpus import generate_corpus
    finally:
        sys.path.remove(str(BENCHMARKS))
    return [(a.id, a.text) for a in generate_corpus(n, seed=5)]


def _stored_stories(db: str, docs: list[tuple[str, str]], settings: Settings) -> set[frozenset]:
    with Store(db) as store:
        index = StoredStoryIndex.from_settings(store, settings, None)
        for article_id, text in docs:
            fp = fingerprint(text, num_perm=settings.dedup_num_perm, shingle=settings.dedup_shingle)
            change = index.add(article_id, fp)
            article = Article(
                id=article_id,
                text=text,
                raw_text=text,
                source="synthetic",
                format="txt",
                story_id=change.story_id,
                ingested_at=dt.datetime.now(dt.UTC),
            )
            assert store.add_article(
                article,
                fingerprint=fp.to_bytes(),
                n_words=len(text.split()),
                renamed_stories=change.renamed,
                story_keys=index.keys(fp),
            )
        return {frozenset(s.article_ids) for s in store.stories()}


def test_the_store_backed_index_gives_the_in_memory_stories(tmp_path: Path) -> None:
    settings = Settings()
    docs = _corpus(600)
    memory = StoryIndex.from_settings(settings)
    for article_id, text in docs:
        memory.add(
            article_id,
            fingerprint(text, num_perm=settings.dedup_num_perm, shingle=settings.dedup_shingle),
        )
    expected = {frozenset(ids) for ids in memory.stories().values()}
    assert sum(1 for s in expected if len(s) > 1) > 20  # the corpus has copies to find
    assert _stored_stories(str(tmp_path / "a.db"), docs, settings) == expected
    shuffled = list(docs)
    random.Random(2).shuffle(shuffled)
    assert _stored_stories(str(tmp_path / "b.db"), shuffled, settings) == expected


def test_band_keys_are_one_per_band_and_none_for_an_empty_text() -> None:
    fp = fingerprint("one two three four five six seven eight", num_perm=128, shingle=4)
    keys = band_keys(fp, bands=64, rows=2)
    assert len(keys) == 64 and all(-(2**63) <= k < 2**63 for k in keys)
    assert band_keys(fingerprint("", num_perm=128, shingle=4), bands=64, rows=2) == []
