"""The five seed articles (issue 3, must-show 2), with the patterns alone and with the model."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from frontlines.clean import clean_text
from frontlines.models import DatePrecision, TimeAnchor, TimeMention
from frontlines.time import extract_times, infer_publication

P_2024 = dt.date(2024, 11, 30)
P_2018 = dt.date(2018, 2, 5)


def _seed(seeds_dir: Path, prefix: str) -> str:
    (path,) = seeds_dir.glob(f"{prefix}_*.txt")
    return clean_text(path.read_text(encoding="utf-8")).text


def _extract(text: str, published: dt.date | None, use_model: bool) -> list[TimeMention]:
    mentions = extract_times(text, published=published, use_model=use_model)
    for m in mentions:
        assert text[m.start : m.end] == m.text
    return mentions


def _with(mentions: list[TimeMention], text: str) -> list[TimeMention]:
    found = [m for m in mentions if m.text == text]
    assert found, f"{text!r} not among {[m.text for m in mentions]}"
    return found


def check_000(seeds_dir: Path, use_model: bool) -> None:
    ms = _extract(_seed(seeds_dir, "000"), P_2024, use_model)
    saturdays = [m for m in ms if "Saturday" in m.text]
    assert {m.text for m in saturdays} == {"Saturday morning", "Saturday"}
    for m in saturdays:
        assert (m.value_start, m.value_end, m.precision) == (P_2024, P_2024, DatePrecision.DAY)
    (since,) = _with(ms, "since Nov. 27")
    assert (since.value_start, since.value_end) == (dt.date(2024, 11, 27), P_2024)
    (august,) = _with(ms, "August 2019")
    assert (august.value_start, august.precision) == (dt.date(2019, 8, 1), DatePrecision.MONTH)
    (astana,) = _with(ms, "May 4-5, 2017")
    assert (astana.value_start, astana.value_end) == (dt.date(2017, 5, 4), dt.date(2017, 5, 5))
    (sochi,) = _with(ms, "Sept. 17, 2018")
    assert sochi.value_start == dt.date(2018, 9, 17)


def check_004(seeds_dir: Path, use_model: bool) -> None:
    text = _seed(seeds_dir, "004")
    ms = _extract(text, P_2018, use_model)
    (october,) = _with(ms, "October of last year")
    assert (october.value_start, october.value_end) == (dt.date(2017, 10, 1), dt.date(2017, 10, 31))
    within = [m for m in ms if text[: m.start].endswith("within ")]
    assert [m.text for m in within] == ["the last three months"]
    assert within[0].value_end == P_2018 and within[0].value_start == dt.date(2017, 11, 5)
    assert within[0].duration == "P3M"
    (january,) = _with(ms, "January")
    assert january.value_start == dt.date(2018, 1, 1)
    (eleven,) = _with(ms, "early 2011")
    assert (eleven.value_start, eleven.value_end) == (dt.date(2011, 1, 1), dt.date(2011, 4, 30))
    (airstrikes,) = _with(ms, "three months")
    assert airstrikes.precision is DatePrecision.DURATION and airstrikes.value_start is None


def check_003(seeds_dir: Path, use_model: bool) -> None:
    """No date line: relative expressions stay unknown, the article's date is not invented."""
    text = _seed(seeds_dir, "003")
    ms = _extract(text, None, use_model)
    wednesdays = [m for m in ms if m.text.startswith("Wednesday")]
    assert len(wednesdays) == 2
    for m in ms:
        if m.anchor is not TimeAnchor.ABSOLUTE:
            assert m.value_start is None and m.value_end is None, m
    published = infer_publication(text, ms)
    assert published.start is None or published.start != published.end
    assert published.confidence < 0.5


def check_002(seeds_dir: Path, use_model: bool) -> None:
    ms = _extract(_seed(seeds_dir, "002"), P_2024, use_model)
    (wednesday,) = _with(ms, "Since Wednesday")
    assert (wednesday.value_start, wednesday.value_end) == (dt.date(2024, 11, 27), P_2024)
    for m in _with(ms, "since 2016"):
        assert (m.value_start, m.value_end) == (dt.date(2016, 1, 1), P_2024)
    assert all(m.value_start == P_2024 for m in ms if "Saturday" in m.text)


CHECKS = {"000": check_000, "002": check_002, "003": check_003, "004": check_004}


@pytest.mark.parametrize("seed", sorted(CHECKS))
def test_seed_with_patterns(seeds_dir: Path, seed: str) -> None:
    CHECKS[seed](seeds_dir, use_model=False)


@pytest.mark.slow
@pytest.mark.parametrize("seed", sorted(CHECKS))
def test_seed_with_model(seeds_dir: Path, seed: str) -> None:
    CHECKS[seed](seeds_dir, use_model=True)


def test_seed_001_is_000_retold(seeds_dir: Path) -> None:
    ms = _extract(_seed(seeds_dir, "001"), P_2024, False)
    (since,) = _with(ms, "since November 27")
    assert (since.value_start, since.value_end) == (dt.date(2024, 11, 27), P_2024)
