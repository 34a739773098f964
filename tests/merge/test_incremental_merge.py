"""The merge by regions (issue 17, point 5): whatever batches the mentions come in, merging
only the dirty regions after each leaves the store as one merge of everything would.

Hand-built mentions in two provinces of one country and in a second country, an undated
article dated through an event in one province whose "on Wednesday" strike lies in the
other, a whole-province capture that breaks the towns' timelines, and an article
rewritten after it was merged. No spaCy, no gazetteer.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from frontlines.analysis import Analysis
from frontlines.events.corpus import MergeStage
from frontlines.events.model import EventMention, PlaceRef, event_region, merge_region
from frontlines.models import Article, DateSource, Published
from frontlines.store import Store
from tests.merge.merge_builders import (
    GOV,
    HAMA_TOWN,
    HTS,
    IDLIB_PROVINCE,
    KHAN,
    MAARAT,
    OPP,
    SARAQIB,
    capture,
    day,
    strike,
)

ALEPPO = PlaceRef(
    name="Aleppo", geonameid=170063, country_code="SY", admin1_code="09", feature_code="PPLA"
)
KHARKIV = PlaceRef(
    name="Kharkiv", geonameid=706483, country_code="UA", admin1_code="07", feature_code="PPLA"
)


def _wednesday_strike(article_id: str, index: int, place: PlaceRef) -> EventMention:
    m = strike(article_id, index, place, "2024-11-27")
    return m.model_copy(update={"date_start": None, "date_end": None, "weekday": 2})


PUBLISHED = {
    "a0": "2024-11-30",
    "a1": "2024-11-30",
    "a2": None,  # undated: dated by Khan Shaykhun's capture, its Wednesday strike is in Hama
    "a3": "2024-12-04",
    "a4": None,
    "a5": "2024-12-01",
    "a6": "2024-12-02",
    "a7": None,  # undated, in Hama and Aleppo: Aleppo narrows its date, which counts in Hama
    "a8": "2024-12-02",
}
MENTIONS = {
    "a0": [
        capture("a0", 0, KHAN, "2024-11-30", new=OPP, previous=GOV),
        strike("a0", 1, MAARAT, "2024-11-29"),
    ],
    "a1": [
        capture("a1", 0, KHAN, "2024-11-30", new=HTS),
        capture("a1", 1, HAMA_TOWN, "2024-11-30", new=GOV),
    ],
    "a2": [capture("a2", 0, KHAN, None, new=HTS), _wednesday_strike("a2", 1, HAMA_TOWN)],
    "a3": [
        strike("a3", 0, HAMA_TOWN, "2024-11-27"),
        capture("a3", 1, SARAQIB, "2024-12-03", new=GOV),
        capture("a3", 2, None, "2024-12-03", new=GOV, scope="aggregate"),
    ],
    "a4": [
        capture("a4", 0, SARAQIB, None, new=GOV),
        capture("a4", 1, HAMA_TOWN, None, new=GOV),
        capture("a4", 2, None, None, new=GOV, scope="aggregate"),
    ],
    "a5": [
        capture("a5", 0, IDLIB_PROVINCE, "2024-12-01", new=GOV, scope="admin_area", whole=True),
        strike("a5", 1, HAMA_TOWN, "2024-11-20"),  # another Wednesday: a2's needs its date
    ],
    "a6": [
        capture("a6", 0, KHARKIV, "2024-12-02", new=GOV.model_copy(update={"country_code": "UA"}))
    ],
}
MENTIONS["a7"] = [
    capture("a7", 0, HAMA_TOWN, None, new=GOV),
    capture("a7", 1, ALEPPO, None, new=GOV),
]
MENTIONS["a8"] = [capture("a8", 0, ALEPPO, "2024-12-02", new=GOV)]
# a1 read again later says something else about Hama (reprocess, a new extractor)
REWRITTEN = [
    capture("a1", 0, KHAN, "2024-11-30", new=HTS),
    strike("a1", 1, HAMA_TOWN, "2024-11-30"),
]


def _article(article_id: str) -> Article:
    pub = PUBLISHED[article_id]
    return Article(
        id=article_id,
        url=f"https://example.org/{article_id}",
        outlet=f"outlet-{article_id}",
        text=f"text of {article_id}",
        raw_text=f"text of {article_id}",
        source="test",
        format="txt",
        published=Published.exact(day(pub), DateSource.TEXT) if pub else Published.unknown(),
        story_id=article_id,
    )


def _write(store: Store, batch: list[tuple[str, list[EventMention]]]) -> None:
    for article_id, _ in batch:
        if not store.has_article(article_id):
            store.add_article(_article(article_id), fingerprint=None, n_words=3)
    store.write_analyses(
        [Analysis(article=store.article(a), events=list(ms)) for a, ms in batch], ["events"]
    )


def _state(store: Store) -> tuple[list[str], list[str], list[str]]:
    events = sorted(e.model_dump_json() for e in store.events())
    periods = sorted(
        f"{key}/{n}/{p.model_dump_json()}"
        for key, ps in store.control_periods().items()
        for n, p in enumerate(ps)
    )
    dates = sorted(f"{a}/{p.model_dump_json()}" for a, _, _, _, p in store.article_dates())
    return events, periods, dates


def _fresh(folder: Path, name: str) -> Store:
    return Store(f"sqlite:///{folder / name}")


@settings(max_examples=8, deadline=None)
@given(st.permutations(sorted(MENTIONS)), st.lists(st.integers(1, 3), min_size=9, max_size=9))
# a0 dates a2 after both are stored, in a batch with nothing in Hama: a2's Wednesday strike
# there is merged again only because a2's date changed
@example(["a2", "a3", "a5", "a0", "a1", "a4", "a6", "a7", "a8"], [3, 1, 1, 1, 1, 1, 1, 1, 1])
# and a2 comes after a Hama article that is not merged again with it
@example(["a3", "a5", "a6", "a0", "a2", "a1", "a4", "a7", "a8"], [3, 1, 1, 1, 1, 1, 1, 1, 1])
# a0 brings a2 and a4 (undated, in Idlib) into the merge; a7, in Hama with them, is dated
# by Aleppo too, which has to be read though nothing there changed
@example(["a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a0"], [3, 3, 2, 1, 1, 1, 1, 1, 1])
def test_merging_regions_batch_by_batch_equals_merging_everything(
    order: list[str], sizes: list[int]
) -> None:
    """After every batch, the store merged by regions equals one merged whole each time."""
    batches: list[list[tuple[str, list[EventMention]]]] = []
    rest = list(order)
    for size in sizes:
        batch, rest = rest[:size], rest[size:]
        if batch:
            batches.append([(a, MENTIONS[a]) for a in batch])
    batches.append([("a1", REWRITTEN)])  # an article read again: its old and new regions
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with _fresh(folder, "regions.db") as store, _fresh(folder, "whole.db") as whole:
            for batch in batches:
                _write(store, batch)
                _write(whole, batch)
                MergeStage()(store)
                MergeStage().full(whole)
                assert _state(store) == _state(whole)
            assert store.merge_by_regions() and not store.dirty_regions()


def test_a_merge_reads_only_the_regions_it_touches(tmp_path: Path) -> None:
    with _fresh(tmp_path, "s.db") as store:
        _write(store, [(a, MENTIONS[a]) for a in ("a0", "a1", "a3", "a5")])
        MergeStage()(store)  # the first merge is a full one
        _write(store, [("a6", MENTIONS["a6"])])
        assert store.dirty_regions() == {"UA.07"}
        read: list[int] = []
        original = store.event_mentions

        def counting(*args: object, **kwargs: object) -> list[EventMention]:
            found = original(*args, **kwargs)  # type: ignore[arg-type]
            read.append(len(found))
            return found

        store.event_mentions = counting  # type: ignore[method-assign]
        MergeStage()(store)
        assert read == [1]  # Kharkiv's one mention, none of Syria's
        assert store.control_periods().keys() >= {"706483", "168325"}  # Syria's periods stay


def test_every_stored_event_lies_in_its_mentions_region(tmp_path: Path) -> None:
    with _fresh(tmp_path, "s.db") as store:
        _write(store, sorted(MENTIONS.items()))
        MergeStage()(store)
        regions: dict[str, set[str]] = {}
        for m in store.event_mentions():
            regions.setdefault(m.article_id, set()).add(merge_region(m.place, m.article_id))
        events = store.events()
        # three provinces of Syria, one of Ukraine, and a3's and a4's stories (no place)
        assert len({event_region(e) for e in events}) == 6
        for e in events:
            for r in e.reports:
                assert event_region(e) in regions[r.article_id]


def test_a_store_from_before_regions_is_merged_whole_once(tmp_path: Path) -> None:
    with _fresh(tmp_path, "s.db") as store:
        _write(store, sorted(MENTIONS.items()))
        store.forget_merge_regions()
        assert not store.merge_by_regions()
        MergeStage()(store)
        assert store.merge_by_regions() and not store.dirty_regions()
        with _fresh(tmp_path, "whole.db") as whole:
            _write(whole, sorted(MENTIONS.items()))
            MergeStage().full(whole)
            assert _state(store) == _state(whole)
        dates = {a: p for a, _, _, _, p in store.article_dates()}
        assert dates["a2"].source is DateSource.INFERRED  # through Khan Shaykhun's capture
        hama = [e for e in store.events() if e.place == HAMA_TOWN and e.territory is None]
        wednesday = [e for e in hama if e.date_start == dt.date(2024, 11, 27)]
        assert [sorted(r.article_id for r in e.reports) for e in wednesday] == [["a2", "a3"]]
