"""The territorial-event scorer, on a made-up gold file and on the seeds' gold."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from merge_builders import GOV, IDLIB_PROVINCE, OPP, article, capture

from frontlines.errors import BadOption
from frontlines.eval.events_gold import (
    format_event_scores,
    group_gold_events,
    load_events_gold,
    score_events,
)
from frontlines.events.model import DateBound, EventMention, PlaceRef
from frontlines.merge import (
    ArticleInfo,
    control_on,
    control_periods,
    infer_dates_from_events,
    merge_events,
)
from frontlines.models import DatePrecision

TOWN = PlaceRef(name="Town", geonameid=1, lat=10.0, lon=20.0, country_code="XX", admin1_code="01")
NEAR = PlaceRef(name="Town (point)", lat=10.05, lon=20.0, country_code="XX", admin1_code="01")
FAR = PlaceRef(name="Elsewhere", geonameid=3, lat=11.0, lon=20.0, country_code="XX")
AREA = PlaceRef(name="Province", country_code="XX", admin1_code="01", feature_code="ADM1")


def _gold_line(gid: str, events: list[dict], **extra: object) -> str:
    return json.dumps({"id": gid, "file": f"{gid}.txt", "events": events, **extra})


def _ev(date: object, kind: str = "nonstate", background: bool = False, **place: object) -> dict:
    return {
        "type": "territory",
        "place": "p",
        **place,
        "date": date,
        "date_precision": "day",
        "new_controller": {"kind": kind, "country": "XX", "name": "n"},
        "previous_controller": None,
        "background": background,
    }


@pytest.fixture
def tiny_gold(tmp_path: Path) -> Path:
    path = tmp_path / "gold.jsonl"
    lines = [
        _gold_line(
            "g1",
            [
                _ev("2024-05-02", geonameid=1, lat=10.0, lon=20.0),
                _ev("2020", kind="state", background=True, geonameid=1, lat=10.0, lon=20.0),
                _ev(["2023-01-01", "2023-03-31"], kind="state", admin="XX.01"),
            ],
            published="2024-05-03",
        ),
        # A second article on the same capture: one gold event, not two.
        _gold_line(
            "g2",
            [_ev("2024-05-01", geonameid=1, lat=10.0, lon=20.0)],
            published=None,
            published_truth="2024-05-04",
        ),
    ]
    path.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    return path


def _sys_events(mentions: list[EventMention]) -> list:
    arts = {m.article_id: ArticleInfo(article_id=m.article_id) for m in mentions}
    return merge_events(mentions, arts)


XX_OPP = OPP.model_copy(update={"country_code": "XX"})
XX_GOV = GOV.model_copy(update={"country_code": "XX"})


def test_gold_groups_merge_across_articles(tiny_gold: Path) -> None:
    groups = group_gold_events(load_events_gold(tiny_gold))
    assert len(groups) == 3
    assert [len(g.members) for g in groups] == [2, 1, 1]
    assert [g.background for g in groups] == [False, True, False]


def test_tiny_gold_scores(tiny_gold: Path) -> None:
    events = _sys_events(
        [
            capture("s1", 0, NEAR, "2024-05-03", new=XX_OPP),  # 5.6 km, a day later: match
            capture("s1", 1, TOWN, "2020-06-01", new=XX_GOV, background=True),  # match
            capture("s1", 2, FAR, "2024-05-02", new=XX_OPP),  # wrong place
            capture("s1", 3, AREA, "2023-02-01", new=XX_OPP, scope="admin_area"),  # wrong side
        ]
    )
    scores = score_events(events, tiny_gold)
    assert (scores.overall.system, scores.overall.system_matched) == (4, 2)
    assert (scores.overall.gold, scores.overall.gold_matched) == (3, 2)
    assert scores.overall.precision == 0.5
    assert scores.background.precision == 1.0 and scores.background.recall == 1.0
    assert (scores.current.system_matched, scores.current.gold_matched) == (1, 1)
    [dating] = scores.date_inference
    assert dating.gold_id == "g2" and not dating.inferred and not dating.contains
    table = format_event_scores(scores)
    assert "precision" in table and "not inferred" in table


def test_one_system_event_matches_one_gold_event(tiny_gold: Path) -> None:
    a = capture("s1", 0, TOWN, "2024-05-02", new=XX_OPP)
    b = capture("s2", 0, TOWN, "2024-05-02", new=XX_OPP)
    arts = {"s1": ArticleInfo("s1"), "s2": ArticleInfo("s2")}
    # Two unmerged copies of one event: only one can match.
    events = [merge_events([a], arts)[0], merge_events([b], arts)[0]]
    scores = score_events(events, tiny_gold)
    assert (scores.overall.system, scores.overall.system_matched, scores.overall.gold_matched) == (
        2,
        1,
        1,
    )


def test_area_gold_matches_admin_code_only(tiny_gold: Path) -> None:
    in_area = capture("s1", 0, TOWN, "2023-02-01", new=XX_GOV)  # a town in XX.01 is not the area
    area = capture("s1", 1, AREA, "2023-02-01", new=XX_GOV, scope="admin_area")
    assert score_events(_sys_events([in_area]), tiny_gold).overall.system_matched == 0
    assert score_events(_sys_events([area]), tiny_gold).overall.system_matched == 1


def test_date_inference_scored(tiny_gold: Path) -> None:
    from frontlines.models import DateSource, Published

    pub = Published(start=dt.date(2024, 5, 1), end=dt.date(2024, 5, 7), source=DateSource.INFERRED)
    scores = score_events([], tiny_gold, inferred={"s2": pub}, article_map={"g2": "s2"})
    [d] = scores.date_inference
    assert d.contains and d.width_days == 7


def test_bad_gold_line_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(_gold_line("g", [_ev("2024-13-01", geonameid=1)]) + "\n", encoding="utf-8")
    with pytest.raises(BadOption, match="bad.jsonl:1"):
        load_events_gold(path)


# --- the seeds ------------------------------------------------------------------------


def _seed_mentions(gold_path: Path) -> tuple[list[EventMention], dict[str, ArticleInfo]]:
    """Perfect mentions from the gold itself; seed-003's arrives undated, 'on Wednesday'."""
    mentions: list[EventMention] = []
    arts: dict[str, ArticleInfo] = {}
    for a in load_events_gold(gold_path):
        story = a.duplicate_of or a.id
        arts[a.id] = article(a.id, story, a.published)
        for i, g in enumerate(a.events):
            if g.admin:
                cc, a1 = g.admin.split(".")
                place = IDLIB_PROVINCE.model_copy(update={"country_code": cc, "admin1_code": a1})
            else:
                place = PlaceRef(
                    name=g.place,
                    geonameid=g.geonameid,
                    lat=g.lat,
                    lon=g.lon,
                    country_code="SY",
                    admin1_code="12",
                    feature_code="PPL",
                )
            new = GOV if g.new_controller.kind == "state" else OPP
            prev = None
            if g.previous_controller is not None:
                prev = GOV if g.previous_controller.kind == "state" else OPP
            start, end = g.interval()
            undated = a.published is None
            mentions.append(
                capture(
                    a.id,
                    i,
                    place,
                    None if undated else start.isoformat(),
                    None if undated else end.isoformat(),
                    new=new,
                    previous=prev,
                    background=g.background,
                    precision=None if undated else DatePrecision(g.date_precision or "range"),
                    weekday=start.weekday() if undated else None,
                    scope="admin_area" if g.admin else "place",
                )
            )
    return mentions, arts


def test_seeds_gold_with_perfect_events(shared: Path) -> None:
    gold = shared / "eval" / "seeds.gold.jsonl"
    mentions, arts = _seed_mentions(gold)
    inference = infer_dates_from_events(mentions, arts)
    assert set(inference.published) == {"seed-003"}
    events = merge_events(inference.mentions, arts)
    scores = score_events(events, gold, inferred=inference.published)
    assert scores.gold_article_events == 16
    assert scores.overall.gold == 7
    assert scores.overall.precision == 1.0 and scores.overall.recall == 1.0
    assert (scores.background.gold, scores.current.gold) == (1, 6)
    [dating] = scores.date_inference
    assert dating.truth == dt.date(2019, 8, 21)
    assert dating.contains and dating.width_days == 28
    maarat = [e for e in events if e.place and e.place.geonameid == 167611]
    assert [e.independent_sources for e in maarat] == [2]
    # Must-show 1 and 2 of issue 6, from perfect mentions.
    by_key = control_periods(events)
    khan = by_key["168325"]
    assert [p.controller.id for p in khan] == [
        "side:nonstate:SY",
        "side:state:SY",
        "side:nonstate:SY",
    ]
    assert khan[1].start == DateBound(earliest=dt.date(2019, 8, 7), latest=dt.date(2019, 8, 28))
    assert khan[1].end == DateBound(earliest=dt.date(2024, 11, 30), latest=dt.date(2024, 11, 30))
    held = control_on(maarat[0].place, dt.date(2024, 12, 1), by_key)
    assert held is not None and held.controller.id == "side:nonstate:SY"
