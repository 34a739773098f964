"""What a situation report holds: the events of a place or country, its control, casualties, sources.

A :class:`SituationReport` is data, built by :func:`~frontlines.report.build.build_report`
and written by :mod:`~frontlines.report.write`; citations are numbered once
here so every writer numbers them the same way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from frontlines.events.model import ControlPeriod, Event, PlaceRef


@dataclass(frozen=True)
class Citation:
    """One article cited by number: ``[number]`` in the text points here."""

    number: int
    article_id: str
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None  # the article's date as a label ("2024-11-30", "2019-08")


@dataclass(frozen=True)
class CasualtyTotals:
    """Reported fatalities summed over events: ``low`` of the low bounds; ``high`` of the high
    bounds of the events that give one (``open_ended`` events, such as "at least 50", do not)."""

    low: int = 0
    high: int = 0
    events_with_figures: int = 0
    open_ended: int = 0


@dataclass
class SituationReport:
    """Events, control changes, casualty totals and numbered sources for a place or a country.

    ``place`` is set for a place report, ``country_code`` for a country report.
    ``control_periods`` holds the place's control timeline; ``control_events``
    the events that changed control (for a country, all of its territorial events).
    """

    title: str
    generated: dt.date
    place: PlaceRef | None = None
    country_code: str | None = None
    country_name: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    events: list[Event] = field(default_factory=list)
    control_periods: list[ControlPeriod] = field(default_factory=list)
    control_events: list[Event] = field(default_factory=list)
    casualties: CasualtyTotals = field(default_factory=CasualtyTotals)
    citations: list[Citation] = field(default_factory=list)

    @property
    def dated_events(self) -> list[Event]:
        return [e for e in self.events if e.date_start is not None]

    @property
    def undated_events(self) -> list[Event]:
        return [e for e in self.events if e.date_start is None]

    def cite(self, article_ids: list[str]) -> list[int]:
        """The citation numbers of these articles, in order, once each."""
        by_article = {c.article_id: c.number for c in self.citations}
        return sorted({by_article[a] for a in article_ids if a in by_article})

    def control_changes(self) -> list[tuple[dt.date, str]]:
        """(date, new controller) of each control change in the report, for marking on the chart."""
        marks: list[tuple[dt.date, str]] = []
        for p in self.control_periods:
            if p.start is not None and p.start.earliest is not None:
                marks.append((p.start.earliest, p.controller.name))
        if not marks:
            for e in self.control_events:
                if e.date_start is not None:
                    t = e.territory
                    who = t.new_controller.name if t and t.new_controller else "control changed"
                    marks.append((e.date_start, who))
        return sorted(
            {
                (day, who)
                for day, who in marks
                if (self.since is None or day >= self.since)
                and (self.until is None or day <= self.until)
            }
        )
