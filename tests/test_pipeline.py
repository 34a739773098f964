"""The orchestrator: stages plug in, see stored articles, and a failing stage is data."""

from __future__ import annotations

from pathlib import Path

import pytest

import frontlines
from frontlines import pipeline
from frontlines.analysis import Analysis
from frontlines.models import Article, Rejection
from frontlines.store import Store
from tests.e2e.corpus import PORT_REPORT, TOWN_REPORT, TOWN_REPORT_COPY


@pytest.fixture
def no_stages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "_DOCUMENT_STAGES", [])
    monkeypatch.setattr(pipeline, "_CORPUS_STAGES", [])


class Recorder:
    name = "recorder"
    reads = ("article",)
    writes = ()

    def __init__(self, db: str) -> None:
        self.db = db
        self.seen: list[Article] = []

    def __call__(self, record: Analysis) -> Rejection | None:
        with Store(self.db) as store:
            assert store.has_article(record.article.id)  # stages run on stored articles
        assert record.doc is None  # no stage reads the parse: nothing is parsed
        self.seen.append(record.article)
        return None


class Broken:
    name = "broken"
    reads = ("article",)
    writes = ()

    def __call__(self, record: Analysis) -> Rejection | None:
        raise ValueError("no parse for you")


class Counter:
    name = "counter"

    def __init__(self) -> None:
        self.runs = 0

    def __call__(self, store: Store) -> None:
        self.runs += 1


def test_document_and_corpus_stages_run_in_order(no_stages: None, tmp_path: Path) -> None:
    recorder, counter = Recorder(str(tmp_path / "x.db")), Counter()
    pipeline.register_document_stage(recorder)
    pipeline.register_document_stage(recorder)  # registering twice is harmless
    pipeline.register_corpus_stage(counter)
    for name, text in {
        "a.txt": TOWN_REPORT,
        "b.txt": TOWN_REPORT_COPY,
        "c.txt": PORT_REPORT,
    }.items():
        (tmp_path / name).write_text(text)
    with frontlines.open(str(tmp_path / "x.db")) as fl:
        # without the triage: it skips the port report (one word of war, "drone", and no
        # armed actor), and a document stage runs on what is parsed
        fl.ingest([str(tmp_path)], triage=False)
        assert len(recorder.seen) == 3 and counter.runs == 1
        fl.ingest([str(tmp_path)], triage=False)  # nothing new: stages do not run again
        assert len(recorder.seen) == 3 and counter.runs == 1
    assert [s.name for s in pipeline.document_stages()] == ["recorder"]


def test_a_failing_stage_keeps_the_article_and_records_why(no_stages: None, tmp_path: Path) -> None:
    pipeline.register_document_stage(Broken())
    (tmp_path / "a.txt").write_text(TOWN_REPORT)
    with frontlines.open(str(tmp_path / "x.db")) as fl:
        report = fl.ingest([str(tmp_path / "a.txt")])
        assert report.ingested == 1 and fl.counts().articles == 1
        [failure] = fl.rejections(stage="broken")
    assert failure.reason_name == "stage_error"
    assert "no parse for you" in (failure.rejection.detail or "")


def test_article_id_ignores_spacing_and_case() -> None:
    assert pipeline.article_id("Fighters  took the town.\n") == pipeline.article_id(
        "fighters took the town."
    )
    assert pipeline.article_id("Fighters took the town.") != pipeline.article_id(
        "Fighters left the town."
    )


def test_fingerprints_from_other_settings_are_made_anew(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TOWN_REPORT)
    (tmp_path / "b.txt").write_text(TOWN_REPORT_COPY)
    db = str(tmp_path / "x.db")
    with frontlines.open(db, dedup_shingle=3) as fl:
        fl.ingest([str(tmp_path / "a.txt")])
    with frontlines.open(db) as fl:  # default shingle size differs: the old fingerprint is rebuilt
        fl.ingest([str(tmp_path / "b.txt")])
        assert fl.counts().stories == 1
