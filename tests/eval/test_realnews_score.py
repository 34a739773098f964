"""The real-news scorer on hand-made events: what counts, what is a trap, what is a near miss."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from frontlines.cli import main
from frontlines.eval.realnews import (
    GOVERNMENT_REGAINS,
    NONSTATE_OVERTAKES,
    ManifestLine,
    RealGold,
    Subset,
    check_texts,
    score_subset,
    territorial_sub_event,
    text_digest,
    weighted_f1,
)
from frontlines.events.model import ActorKind, ActorRef, Event, PlaceRef, Report, TerritoryChange

GOMA = {"place": "Goma", "geonameid": 216281, "lat": -1.67409, "lon": 29.22845}
REBELS = {"kind": "nonstate", "country": "CD", "name": "M23"}
ARMY = {"kind": "state", "country": "CD", "name": "FARDC"}


def _line(i: str, kind: str = "conflict") -> ManifestLine:
    return ManifestLine(
        id=i,
        url=f"https://example.org/{i}",
        query="q",
        sha256="0",
        conflict="c" if kind == "conflict" else "general",
        split="tune",
        kind=kind,
    )


def _event(
    i: str,
    article: str,
    *,
    day: str = "2025-01-27",
    lat: float = -1.67409,
    lon: float = 29.22845,
    gid: int | None = 216281,
    kind: ActorKind | None = ActorKind.REBEL_GROUP,
    sub: str = NONSTATE_OVERTAKES,
) -> Event:
    d = dt.date.fromisoformat(day)
    territory = (
        TerritoryChange(new_controller=ActorRef(id="x", name="x", kind=kind, country_code="CD"))
        if kind is not None
        else None
    )
    return Event(
        id=i,
        event_type="Battles",
        sub_event_type=sub,
        date_start=d,
        date_end=d,
        place=PlaceRef(name="Goma", geonameid=gid, lat=lat, lon=lon, country_code="CD"),
        territory=territory,
        reports=[Report(article_id=article, sentence=f"sentence of {i}", start=0, end=10)],
    )


def _gold(i: str, events: list[dict], other: list[dict] | None = None) -> RealGold:
    return RealGold.model_validate({"id": i, "events": events, "other_events": other or []})


def _change(**more: object) -> dict:
    return {"type": "territory", **GOMA, "date": "2025-01-27", "new_controller": REBELS, **more}


def _score(lines, golds, events):
    return score_subset(
        Subset(
            lines=lines,
            golds={g.id: g for g in golds},
            events=events,
            article_of={m.id: f"A{m.id}" for m in lines},
            texts={m.id: "M23 took Goma." for m in lines},
        )
    )


def test_a_found_change_scores_and_a_partial_one_is_a_trap() -> None:
    lines = [_line("1"), _line("2")]
    golds = [_gold("1", [_change()]), _gold("2", [_change(extent="partial", date="2025-02-10")])]
    events = [_event("e1", "A1"), _event("e2", "A2", day="2025-02-10")]
    figures, errors = _score(lines, golds, events)
    t = figures["territory"]["all"]
    assert (t["gold"], t["gold_matched"], t["system"], t["system_matched"]) == (1, 1, 2, 1)
    assert [(e["kind"], e["reason"], e["id"]) for e in errors] == [("false change", "partial", "2")]


def test_near_misses_are_named_by_what_they_got_wrong() -> None:
    lines = [_line("1"), _line("2"), _line("3")]
    golds = [
        _gold("1", [_change()]),
        _gold("2", [_change(date="2025-05-01")]),
        _gold("3", [_change(date="2025-09-01")]),
    ]
    events = [
        _event("far", "A1", lat=-2.5, lon=28.86, gid=None),  # Bukavu, not Goma
        _event("late", "A2", day="2025-06-01"),
        _event("army", "A3", day="2025-09-01", kind=ActorKind.STATE_FORCES, sub=GOVERNMENT_REGAINS),
    ]
    figures, errors = _score(lines, golds, events)
    missed = {e["id"]: e["reason"] for e in errors if e["kind"] == "missed change"}
    assert missed == {"1": "wrong place", "2": "wrong date", "3": "wrong side"}
    assert figures["place_accuracy"] == {"right": 0, "total": 1, "share": 0.0}
    assert figures["territory"]["all"]["recall"] == 0.0


def test_events_on_general_news_are_false_events() -> None:
    lines = [_line("1"), _line("g", kind="general")]
    golds = [_gold("1", [_change()]), _gold("g", [])]
    events = [_event("e1", "A1"), _event("x", "Ag", kind=None, sub="Armed clash")]
    figures, errors = _score(lines, golds, events)
    assert figures["false_events_general"] == {"events": 1, "per_100_articles": 100.0}
    assert ("false event", "general news", "g") in {
        (e["kind"], e["reason"], e["id"]) for e in errors
    }


def test_sub_event_types_pair_events_of_any_type() -> None:
    lines = [_line("1")]
    other = [
        {
            "event_type": "Explosions/Remote violence",
            "sub_event_type": "Air/drone strike",
            **GOMA,
            "date": "2025-01-28",
        }
    ]
    golds = [_gold("1", [_change()], other)]
    events = [
        _event("e1", "A1"),
        _event("e2", "A1", kind=None, day="2025-01-28", sub="Armed clash"),
    ]
    figures, errors = _score(lines, golds, events)
    sub = figures["sub_event"]
    assert sub["matched"] == 2 and sub["accuracy"] == 0.5
    assert sub["gold_types_never_produced"] == ["Air/drone strike"]
    assert [e["reason"] for e in errors if e["kind"] == "wrong type"] == ["gold Air/drone strike"]


def test_a_rejected_article_loses_its_changes() -> None:
    lines = [_line("1")]
    figures, errors = _score(lines, [_gold("1", [_change()])], [])
    assert (
        figures["territory"]["all"]["gold"] == 1
        and figures["territory"]["all"]["gold_matched"] == 0
    )
    assert errors[0]["reason"] == "no event"


def test_weighted_f1_weights_classes_by_gold_support() -> None:
    assert weighted_f1([]) is None
    assert weighted_f1([("a", "a"), ("a", "a")]) == 1.0
    # class a: tp 1, fn 1 -> 2/3; class b: tp 0, fp 1 -> 0; weighted by support 2 and 0
    assert weighted_f1([("a", "a"), ("a", "b")]) == pytest.approx(2 / 3)


def test_a_changes_sub_event_type_follows_who_took_it_where() -> None:
    # the place's country comes from its admin code here (the test gazetteer is small)
    army = _gold("1", [_change(new_controller=ARMY, admin="CD.11")]).events[0]
    rwanda = _gold(
        "1", [_change(new_controller={"kind": "state", "country": "RW"}, admin="CD.11")]
    ).events[0]
    assert territorial_sub_event(army) == GOVERNMENT_REGAINS
    assert (
        territorial_sub_event(rwanda) == NONSTATE_OVERTAKES
    )  # forces abroad are not the government


def test_the_hash_ignores_line_breaks_and_a_rebuilt_copy_is_checked(tmp_path: Path) -> None:
    assert text_digest("Goma fell.\n\nM23  said") == text_digest("Goma fell. M23 said ")
    assert text_digest("Goma fell.") != text_digest("Goma fell!")
    manifest = [
        _line("1").model_copy(update={"sha256": text_digest("one")}),
        _line("2").model_copy(update={"sha256": text_digest("two")}),
        _line("3").model_copy(update={"sha256": text_digest("three")}),
    ]
    rows = [{"id": "1", "text": "one"}, {"id": "2", "text": "changed"}, {"id": "9", "text": "x"}]
    (tmp_path / "articles.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    check = check_texts(manifest, tmp_path)
    assert (check.matching, check.different, check.missing, check.extra) == (
        ["1"],
        ["2"],
        ["3"],
        ["9"],
    )
    assert not check.ok


def test_check_cli_exits_non_zero_on_a_bad_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text(
        json.dumps(_line("1").model_copy(update={"sha256": text_digest("one")}).model_dump()) + "\n"
    )
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "articles.jsonl").write_text(json.dumps({"id": "1", "text": "one"}) + "\n")
    assert main(["eval", "realnews", "--manifest", str(manifest), "--check", str(texts)]) == 0
    assert "1 of 1 texts present and matching" in capsys.readouterr().out
    (texts / "articles.jsonl").write_text("")
    assert main(["eval", "realnews", "--manifest", str(manifest), "--check", str(texts)]) == 1
    assert "missing (1): 1" in capsys.readouterr().out


def test_eval_with_a_gold_file_still_scores_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "a.txt"
    text.write_text(
        "Rebels seize town\n\n"
        + "The rebels captured the town of Goma on 27 January 2025 after heavy fighting. " * 8
        + "\n"
    )
    gold = tmp_path / "gold" / "g.jsonl"
    gold.parent.mkdir()
    gold.write_text(
        json.dumps({"id": "a", "file": "a.txt", "published": None, "events": []}) + "\n"
    )
    assert main(["eval", str(gold), "--root", str(tmp_path), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["articles"] == 1
