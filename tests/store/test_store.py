"""The store suite: runs on SQLite and on PostgreSQL (the ``db_url`` fixture)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from frontlines.errors import DatabaseError, DatabaseTooNew, NotFound
from frontlines.models import Article, DateSource, Published, Rejection, Removal, Segment
from frontlines.store import Store


def make_article(article_id: str, **changes: object) -> Article:
    base = Article(
        id=article_id,
        url=f"https://news.example.org/{article_id}",
        outlet="Example Wire",
        title=f"Report {article_id}",
        text="Fighters entered the town on Monday.",
        raw_text="date 2024-01-01 Fighters entered the town on Monday.\nRead More",
        segments=[Segment(clean_start=0, raw_start=16, length=36)],
        removals=[Removal(kind="read_more", raw_start=53, raw_end=62, text="Read More")],
        published=Published.exact(dt.date(2024, 1, 1), DateSource.TEXT, evidence="date 2024-01-01"),
        source="a.txt",
        format="text",
        story_id=article_id,
    )
    return base.model_copy(update=changes)


def test_new_database_is_migrated_and_empty(db_url: str) -> None:
    with Store(db_url) as store:
        counts = store.counts()
        assert (counts.articles, counts.stories, counts.rejections) == (0, 0, 0)
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0009"
    with Store(db_url) as again:  # reopening does not migrate twice
        assert again.counts().articles == 0


def test_article_round_trip(db_url: str) -> None:
    original = make_article("a1")
    with Store(db_url) as store:
        assert store.add_article(original, fingerprint=b"\x00\x01", n_words=6)
        got = store.article("a1")
    assert got.text == original.text
    assert got.raw_text == original.raw_text
    assert got.segments == original.segments
    assert got.removals == original.removals
    assert got.published == original.published
    assert got.published.source is DateSource.TEXT


def test_same_article_twice_is_stored_once(db_url: str) -> None:
    with Store(db_url) as store:
        assert store.add_article(make_article("a1"), fingerprint=None, n_words=6)
        assert not store.add_article(make_article("a1"), fingerprint=None, n_words=6)
        assert store.counts().articles == 1


def test_prefix_lookup_and_missing_article(db_url: str) -> None:
    with Store(db_url) as store:
        store.add_article(make_article("abc123"), fingerprint=None, n_words=6)
        assert store.article("abc").id == "abc123"
        with pytest.raises(NotFound):
            store.article("zzz")


def test_story_renames_apply_with_the_new_article(db_url: str) -> None:
    with Store(db_url) as store:
        store.add_article(make_article("b2", story_id="b2"), fingerprint=None, n_words=6)
        store.add_article(make_article("c3", story_id="c3"), fingerprint=None, n_words=6)
        # a bridging article joins both stories; the merged story takes the smaller id
        store.add_article(
            make_article("a1", story_id="a1"),
            fingerprint=None,
            n_words=6,
            renamed_stories={"b2": "a1", "c3": "a1"},
        )
        stories = store.stories()
        assert [(s.id, sorted(s.article_ids)) for s in stories] == [("a1", ["a1", "b2", "c3"])]
        assert store.counts().stories == 1
        assert store.story_ids_of(["b2", "c3"]) == {"a1"}


def test_latest_version_follows_the_chain(db_url: str) -> None:
    url = "https://news.example.org/story"
    t0 = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    with Store(db_url) as store:
        assert store.latest_version_for_url(url) is None
        store.add_article(make_article("v1", url=url, ingested_at=t0), fingerprint=None, n_words=1)
        assert store.latest_version_for_url(url) == "v1"
        store.add_article(
            make_article("v2", url=url, version_of="v1", ingested_at=t0 + dt.timedelta(hours=1)),
            fingerprint=None,
            n_words=1,
        )
        assert store.latest_version_for_url(url) == "v2"


def test_rejections_are_kept_once_with_their_reason(db_url: str) -> None:
    rej = Rejection(
        source="bad/photo.png",
        stage="ingest",
        code="R002",
        reason="the input is binary data, not text (PNG image)",
        sample="\x89PNG\x00\x00junk",  # PostgreSQL text cannot hold NUL
        sha256="ab" * 32,
        size=12,
    )
    with Store(db_url) as store:
        assert store.add_rejection(rej)
        assert not store.add_rejection(rej)
        stored = store.rejections()
        assert len(stored) == 1
        assert stored[0].reason_name == "binary"
        assert stored[0].rejection.stage == "ingest"
        assert "\x00" not in (stored[0].rejection.sample or "")
        assert store.rejections(reason="binary") and store.rejections(reason="R002")
        assert not store.rejections(reason="empty")


def test_fingerprints_stream_back(db_url: str) -> None:
    with Store(db_url) as store:
        store.add_article(make_article("a1"), fingerprint=b"\x01\x02", n_words=1)
        store.add_article(make_article("a2"), fingerprint=None, n_words=1)
        assert list(store.iter_fingerprints()) == [("a1", b"\x01\x02")]


def test_articles_filter_by_date_and_story(db_url: str) -> None:
    with Store(db_url) as store:
        store.add_article(make_article("a1"), fingerprint=None, n_words=1)
        store.add_article(
            make_article("a2", published=Published.unknown(), story_id="a1"),
            fingerprint=None,
            n_words=1,
        )
        assert [a.id for a in store.articles()] == ["a1", "a2"]  # unknown dates last
        assert [a.id for a in store.articles(since=dt.date(2024, 1, 2))] == []
        assert [a.id for a in store.articles(until=dt.date(2024, 1, 1))] == ["a1"]
        assert [a.id for a in store.articles(story_id="a1")] == ["a1", "a2"]


def test_database_from_a_newer_frontlines_is_refused(db_url: str) -> None:
    with Store(db_url) as store, store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(DatabaseTooNew):
        Store(db_url)


def test_unusable_database_url_is_one_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DatabaseError) as err:
        Store("nosuchdriver://x/y")
    assert str(err.value).startswith("E004")


def test_sqlite_uses_wal(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with Store(str(tmp_path / "w.db")) as store, store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_undated_copies_take_the_dates_of_their_story(db_url: str) -> None:
    with Store(db_url) as store:
        store.add_article(
            make_article("u1", published=Published.unknown(), story_id="a0"),
            fingerprint=None,
            n_words=1,
        )
        assert store.infer_story_dates("a0") == []  # nothing dated yet: stays unknown
        assert not store.article("u1").published.is_known
        store.add_article(make_article("a0", story_id="a0"), fingerprint=None, n_words=1)
        assert store.infer_story_dates("a0") == ["u1"]
        inferred = store.article("u1").published
        assert inferred.label() == "2024-01-01"
        assert inferred.source is DateSource.INFERRED and inferred.confidence < 1
        assert "a0" in (inferred.evidence or "")
        assert store.article("a0").published.source is DateSource.TEXT  # own dates never change
        assert store.infer_story_dates("a0") == []  # idempotent
        later = Published.exact(dt.date(2024, 1, 3), DateSource.METADATA)
        store.add_article(
            make_article("b0", published=later, story_id="a0"), fingerprint=None, n_words=1
        )
        store.infer_story_dates("a0")
        assert store.article("u1").published.label() == "2024-01-01..2024-01-03"


def test_time_mentions_are_replaced_not_added(db_url: str) -> None:
    from frontlines.models import DatePrecision, TimeAnchor, TimeMention

    saturday = TimeMention(
        text="on Saturday",
        start=10,
        end=21,
        value_start=dt.date(2024, 11, 30),
        value_end=dt.date(2024, 11, 30),
        precision=DatePrecision.DAY,
        anchor=TimeAnchor.PUBLICATION,
    )
    span = TimeMention(
        text="three months", start=40, end=52, precision=DatePrecision.DURATION, duration="P3M"
    )
    with Store(db_url) as store:
        store.add_article(make_article("a1"), fingerprint=None, n_words=1)
        assert store.replace_time_mentions("a1", [span, saturday]) == 2
        assert store.replace_time_mentions("a1", [saturday, span]) == 2
        assert store.time_mentions("a1") == [saturday, span]
        inferred = Published(
            start=dt.date(2019, 8, 1),
            end=dt.date(2019, 8, 31),
            precision=DatePrecision.RANGE,
            source=DateSource.INFERRED,
            evidence="last September",
            confidence=0.3,
        )
        store.set_published("a1", inferred)
        assert store.article("a1").published == inferred
