"""Reports built from hand-made events: chart, timeline, control, casualties, citations, escaping."""

from __future__ import annotations

import base64
import datetime as dt
import re
from pathlib import Path

import pytest

from frontlines.errors import BadOption
from frontlines.report import assemble_report, casualty_totals, render_chart, write_report
from frontlines.report.model import CasualtyTotals
from tests.export.builders import (
    ARTICLES,
    EVENTS,
    HOSTILE,
    KHAN,
    PERIODS,
    RECAPTURED,
    RETAKEN,
    STRIKE,
)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def place_report(**kwargs: object):
    return assemble_report(
        [e for e in EVENTS if e.place == KHAN],
        place=KHAN,
        periods=PERIODS,
        lookup=ARTICLES.get,
        generated=dt.date(2025, 1, 1),
        **kwargs,  # type: ignore[arg-type]
    )


def test_casualty_totals_sum_low_bounds_and_known_high_bounds() -> None:
    # 21 exactly, at least 50, dozens (24-99)
    assert casualty_totals(EVENTS) == CasualtyTotals(
        low=95, high=120, events_with_figures=3, open_ended=1
    )


def test_citations_are_numbered_in_reading_order_with_article_details() -> None:
    report = place_report()
    assert [(c.number, c.article_id) for c in report.citations] == [(1, "a1"), (2, "a3"), (3, "a2")]
    first = report.citations[0]
    assert (first.outlet, first.title, first.published) == (
        "Example News",
        "Government retakes Khan Shaykhun",
        "2019-08-23",
    )
    assert report.cite([r.article_id for r in STRIKE.reports]) == [1, 2]


def test_place_report_keeps_control_periods_in_the_window() -> None:
    report = place_report(since=dt.date(2020, 1, 1))
    assert [e.id for e in report.events] == [RECAPTURED.id]
    assert [p.controller.id for p in report.control_periods] == ["mil-sy", "hts"]
    assert report.control_changes() == [(dt.date(2024, 11, 30), "Hayat Tahrir al-Sham")]


def test_country_report_lists_territorial_events_as_control_changes() -> None:
    report = assemble_report(EVENTS, country_code="sy", lookup=ARTICLES.get)
    assert report.country_code == "SY" and report.country_name == "Syria"
    assert [e.id for e in report.control_events] == [RETAKEN.id, RECAPTURED.id]
    assert report.control_changes() == [
        (dt.date(2019, 8, 21), "Syrian government forces"),
        (dt.date(2024, 11, 30), "Hayat Tahrir al-Sham"),
    ]
    with pytest.raises(BadOption, match="two-letter ISO 3166"):
        assemble_report(EVENTS, country_code="XX")
    with pytest.raises(BadOption, match="either --place or --country"):
        assemble_report(EVENTS)


def test_chart_is_a_png_even_without_dated_events() -> None:
    assert render_chart(place_report()).startswith(PNG_MAGIC)
    empty = assemble_report([], country_code="SY")
    assert render_chart(empty).startswith(PNG_MAGIC)


def test_html_report_has_chart_timeline_citations_and_escapes_article_text(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    written = write_report(place_report(), out)
    assert written.path == out and written.chart is None
    page = out.read_text(encoding="utf-8")
    # the chart, inline: a PNG data URI, nothing fetched from elsewhere
    found = re.search(r'<img [^>]*src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert found is not None
    assert base64.b64decode(found.group(1)).startswith(PNG_MAGIC)
    assert not re.search(r'(src|href)="(https?:)?//', page.split('<h2 id="sources">')[0])
    assert "<link" not in page and "<script" not in page
    # the timeline, dated, in order, with evidence sentences
    timeline = page[page.index('id="timeline"') : page.index('id="sources"')]
    assert (
        timeline.index("2019-08-21")
        < timeline.index("2019-09-01 – 2019-09-07")
        < timeline.index("2024-11-30")
    )
    assert RETAKEN.reports[0].sentence in timeline
    # control periods, casualties
    assert "before the evidence" in page and "still, as far as known" in page
    assert "At least 95 killed" in page
    assert "120 by the highest figures of the 2 that give an upper bound" in page
    assert "while 1 give only a lower one" in page
    # numbered citations pointing at a numbered source list
    assert '<a href="#cite-1">[1]</a>' in page
    assert '<li id="cite-1" value="1">' in page
    assert 'href="https://news.example/a1"' in page
    assert "Wire &amp; Co" in page
    # article text is escaped, never markup; a javascript: URL never becomes a link
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert HOSTILE not in page and "<img src=x" not in page
    assert 'href="javascript:' not in page


def test_markdown_report_links_its_png_written_beside_it(tmp_path: Path) -> None:
    out = tmp_path / "khan report.md"
    written = write_report(place_report(), out)
    assert written.chart == tmp_path / "khan report.png"
    assert written.chart.read_bytes().startswith(PNG_MAGIC)
    text = out.read_text(encoding="utf-8")
    assert "](khan%20report.png)" in text
    assert "## Timeline" in text and "**2019-08-21**" in text
    assert (
        "1. Example News, “Government retakes Khan Shaykhun”, 2019-08-23. <https://news.example/a1>"
        in text
    )
    assert "[1]" in text and "[3]" in text
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "javascript:" not in text


def test_bad_report_paths_fail_before_any_work(tmp_path: Path) -> None:
    with pytest.raises(BadOption, match=r"must end in \.html or \.md"):
        write_report(place_report(), tmp_path / "report.pdf")
    with pytest.raises(BadOption, match="does not exist"):
        write_report(place_report(), tmp_path / "missing" / "report.html")
