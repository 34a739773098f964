"""Reports: a place's or a country's events, control changes, casualties and sources, as HTML or Markdown."""

from frontlines.report.build import assemble_report, build_report, casualty_totals
from frontlines.report.chart import render_chart
from frontlines.report.model import CasualtyTotals, Citation, SituationReport
from frontlines.report.write import WrittenReport, to_html, to_markdown, write_report

__all__ = [
    "CasualtyTotals",
    "Citation",
    "SituationReport",
    "WrittenReport",
    "assemble_report",
    "build_report",
    "casualty_totals",
    "render_chart",
    "to_html",
    "to_markdown",
    "write_report",
]
