"""The bundled demo corpus gives what its manifest says: stories, dates and rejections."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import frontlines
from frontlines.cli import main
from frontlines.library import demo_corpus, demo_sources


def _relative(source: str) -> str:
    return (
        Path(source).relative_to(demo_corpus()).as_posix()
        if "#" not in source
        else (
            Path(source.split("#")[0]).relative_to(demo_corpus()).as_posix()
            + "#"
            + source.split("#")[1]
        )
    )


def test_demo_matches_its_manifest(tmp_path: Path) -> None:
    manifest = json.loads((demo_corpus() / "manifest.json").read_text(encoding="utf-8"))
    expected_groups: dict[str, set[str]] = defaultdict(set)
    for entry in manifest["articles"]:
        expected_groups[entry["story"]].add(entry["source"])
    with frontlines.open(str(tmp_path / "demo.db")) as fl:
        fl.ingest(demo_sources())
        articles = {_relative(a.source): a for a in fl.articles()}
        rejections = {(_relative(r.rejection.source), r.reason_name) for r in fl.rejections()}
    assert set(articles) == {e["source"] for e in manifest["articles"]}
    got_groups = defaultdict(set)
    for source, article in articles.items():
        got_groups[article.story_id].add(source)
    assert sorted(map(sorted, got_groups.values())) == sorted(map(sorted, expected_groups.values()))
    for entry in manifest["articles"]:
        published = articles[entry["source"]].published
        if entry["published"] is not None:
            assert published.label() == entry["published"], entry["source"]
        else:
            assert published.source.value in {"unknown", "inferred"}, entry["source"]
    assert rejections == {(r["source"], r["reason"]) for r in manifest["rejections"]}


def test_demo_command_prints_what_it_kept(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "ingest summary" in out and "stories" in out and "rejections" in out
    assert main(["demo", "--db", str(db), "--format", "json"]) == 0  # replaced, not added to
    summary = json.loads(capsys.readouterr().out)[0]
    assert summary["already_known"] == 0 and summary["articles"] == summary["ingested"]
