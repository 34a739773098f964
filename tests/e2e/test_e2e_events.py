"""Issue 5 on the seeds: territorial changes, background, casualty figures with their victims."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import frontlines
from frontlines.events.model import EventMention

pytestmark = pytest.mark.slow


def mentions_by_file(db: str) -> dict[str, list[EventMention]]:
    with frontlines.open(db) as fl:
        names = {a.id: Path(a.source).name[:3] for a in fl.articles()}
        out: dict[str, list[EventMention]] = {}
        for m in fl.store.event_mentions():
            out.setdefault(names[m.article_id], []).append(m)
    return out


def test_2019_capture_in_000_is_background(seeds_db: str, full_gazetteer_env: Path) -> None:
    found = mentions_by_file(seeds_db)["000"]
    ks = [m for m in found if m.territory and m.place and m.place.geonameid == 168325]
    by_year = {m.date_start.year: m for m in ks if m.date_start}
    assert (
        by_year[2019].background and by_year[2019].sub_event_type == "Government regains territory"
    )
    assert not by_year[2024].background
    assert by_year[2024].sub_event_type == "Non-state actor overtakes territory"


def test_nothing_comes_from_captions_or_trailing_headlines(
    seeds_db: str, full_gazetteer_env: Path
) -> None:
    for mentions in mentions_by_file(seeds_db).values():
        for m in mentions:
            assert "drive past a Turkish military convoy" not in m.sentence  # 003's photo caption
            assert "celebrate in a street" not in m.sentence  # 000's photo caption
            assert "Rare-earth" not in m.sentence and "intelligence services" not in m.sentence


def test_casualty_figures_have_their_event_and_victims(
    seeds_db: str, full_gazetteer_env: Path
) -> None:
    by_file = mentions_by_file(seeds_db)
    (clash,) = [m for m in by_file["003"] if m.fatalities]
    assert clash.event_type == "Battles" and clash.sub_event_type == "Armed clash"
    assert (clash.fatalities.low, clash.fatalities.high) == (31, 31)
    rebels, loyalists = clash.fatalities.parts
    assert (rebels.low, rebels.who) == (21, "anti-government fighters")
    assert [(p.low, p.who) for p in rebels.parts] == [(18, "jihadists")]
    assert (loyalists.low, loyalists.who) == (10, "government fighters")

    (attack,) = [m for m in by_file["004"] if m.fatalities]
    assert attack.event_type == "Violence against civilians"
    assert (attack.fatalities.low, attack.fatalities.who) == (211, "civilians")
    assert (attack.injuries.low, attack.injuries.who) == (1447, "civilians")
    assert (attack.date_start, attack.date_end) == (dt.date(2018, 1, 1), dt.date(2018, 1, 31))

    (chemical,) = [m for m in by_file["000"] if m.fatalities]
    assert chemical.sub_event_type == "Chemical weapon" and chemical.background
    assert chemical.date_start == dt.date(2017, 4, 4) and chemical.fatalities.low == 100

    (fighting,) = [m for m in by_file["002"] if m.fatalities]
    assert fighting.event_type == "Battles"
    assert (fighting.fatalities.low, fighting.fatalities.high, fighting.fatalities.who) == (
        24,
        99,
        "soldiers",
    )


def test_no_person_or_outlet_is_an_actor(seeds_db: str, full_gazetteer_env: Path) -> None:
    names = set()
    for mentions in mentions_by_file(seeds_db).values():
        for m in mentions:
            for actor in (m.actor1, m.actor2):
                if actor is not None:
                    names.add(actor.name.lower())
    for outsider in ("rami abdel rahman", "anadolu", "reuters", "observatory"):
        assert not any(outsider in n for n in names)
