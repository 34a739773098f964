"""Building a situation report from a store: a place's or a country's events, control and sources.

Reads events, control periods and articles through :class:`~frontlines.library.Frontlines`;
sets every field of :class:`~frontlines.report.model.SituationReport`.
:func:`assemble_report` does the work on records already in hand, so it can be
used (and tested) without a database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

import pycountry

from frontlines.errors import BadOption, NotFound
from frontlines.events.model import ControlPeriod, Event, PlaceRef
from frontlines.models import Article
from frontlines.report.model import CasualtyTotals, Citation, SituationReport

if TYPE_CHECKING:
    from frontlines.library import Frontlines

ArticleLookup = Callable[[str], Article | None]


def country_name(code: str) -> str:
    """The common name of the country with ISO 3166 alpha-2 ``code``; an unknown code is an error."""
    c = pycountry.countries.get(alpha_2=code.strip().upper()) if len(code.strip()) == 2 else None
    if c is None:
        raise BadOption(
            detail=f"--country wants a two-letter ISO 3166 country code such as SY or UA, not {code!r}"
        )
    return str(getattr(c, "common_name", None) or c.name)


def casualty_totals(events: Iterable[Event]) -> CasualtyTotals:
    """Sum of the low bounds of reported fatalities, and of the high bounds where given."""
    low = high = with_figures = open_ended = 0
    for e in events:
        q = e.fatalities
        if q is None or (q.low is None and q.high is None):
            continue
        with_figures += 1
        low += q.low or 0
        if q.high is None:
            open_ended += 1
        else:
            high += q.high
    return CasualtyTotals(
        low=low, high=high, events_with_figures=with_figures, open_ended=open_ended
    )


def _in_window(e: Event, since: dt.date | None, until: dt.date | None) -> bool:
    """The store's rule: an event may fall in the window (undated events stay in)."""
    end = e.date_end or e.date_start
    if since is not None and end is not None and end < since:
        return False
    return not (until is not None and e.date_start is not None and e.date_start > until)


def _overlaps(p: ControlPeriod, since: dt.date | None, until: dt.date | None) -> bool:
    """Whether a control period may hold at some time between ``since`` and ``until``."""
    if since is not None and p.end is not None:
        ended = p.end.latest or p.end.earliest
        if ended is not None and ended < since:
            return False
    if until is not None and p.start is not None:
        began = p.start.earliest or p.start.latest
        if began is not None and began > until:
            return False
    return True


def _cited_articles(events: Sequence[Event], periods: Sequence[ControlPeriod]) -> list[str]:
    """Article ids in the order a reader meets them: dated timeline, undated events, control."""
    ids: list[str] = []
    for e in events:
        ids.extend(r.article_id for r in e.reports)
    for p in periods:
        ids.extend(r.article_id for r in p.evidence)
    return list(dict.fromkeys(ids))


def _citations(
    article_ids: Sequence[str],
    events: Sequence[Event],
    periods: Sequence[ControlPeriod],
    lookup: ArticleLookup,
) -> list[Citation]:
    # Reports carry outlet and url too: the fallback when an article is gone from the store.
    reports = {r.article_id: r for e in events for r in e.reports}
    reports.update({r.article_id: r for p in periods for r in p.evidence})
    found: list[Citation] = []
    for number, article_id in enumerate(article_ids, start=1):
        article = lookup(article_id)
        report = reports.get(article_id)
        if article is not None:
            published = article.published.label() if article.published.start else None
            found.append(
                Citation(
                    number=number,
                    article_id=article_id,
                    outlet=article.outlet,
                    title=article.title,
                    url=article.url,
                    published=published,
                )
            )
        else:
            found.append(
                Citation(
                    number=number,
                    article_id=article_id,
                    outlet=report.outlet if report else None,
                    url=report.url if report else None,
                )
            )
    return found


def _window(since: dt.date | None, until: dt.date | None) -> str:
    if since and until:
        return f"{since.isoformat()} to {until.isoformat()}"
    if since:
        return f"since {since.isoformat()}"
    if until:
        return f"until {until.isoformat()}"
    return "all dates"


def assemble_report(
    events: Sequence[Event],
    *,
    place: PlaceRef | None = None,
    country_code: str | None = None,
    periods: Sequence[ControlPeriod] = (),
    lookup: ArticleLookup = lambda _id: None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    generated: dt.date | None = None,
) -> SituationReport:
    """A report on ``events`` at the place or in the country, kept to the dates given."""
    if (place is None) == (country_code is None):
        raise BadOption(detail="a report covers either --place or --country; give one of them")
    in_window = [e for e in events if _in_window(e, since, until)]
    ordered = sorted(
        in_window, key=lambda e: (e.date_start is None, e.date_start or dt.date.min, e.id)
    )
    kept_periods = [p for p in periods if _overlaps(p, since, until)]
    name = country_name(country_code) if country_code else None
    subject = place.name if place is not None else f"{name} ({country_code})"
    if place is not None and place.country_code:
        subject = f"{place.name} ({place.country_code})"
    return SituationReport(
        title=f"{subject}: events and control, {_window(since, until)}",
        generated=generated or dt.date.today(),
        place=place,
        country_code=country_code.upper() if country_code else None,
        country_name=name,
        since=since,
        until=until,
        events=ordered,
        control_periods=kept_periods,
        control_events=[e for e in ordered if e.territory is not None],
        casualties=casualty_totals(ordered),
        citations=_citations(_cited_articles(ordered, kept_periods), ordered, kept_periods, lookup),
    )


def build_report(
    fl: Frontlines,
    place: str | PlaceRef | None = None,
    country: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> SituationReport:
    """A report on one place (any spelling) or one country (ISO alpha-2 code) from an open store."""
    if (place is None) == (country is None):
        raise BadOption(detail="a report covers either --place or --country; give one of them")

    def lookup(article_id: str) -> Article | None:
        try:
            return fl.article(article_id)
        except NotFound:
            return None

    if place is not None:
        ref = fl.place(place) if isinstance(place, str) else place
        return assemble_report(
            fl.events(place=ref, since=since, until=until),
            place=ref,
            periods=fl.control(ref).periods,
            lookup=lookup,
            since=since,
            until=until,
        )
    assert country is not None
    code = country.strip().upper()
    country_name(code)  # an unknown code fails here, before reading the store
    found = [
        e
        for e in fl.events(since=since, until=until)
        if e.place is not None and (e.place.country_code or "").upper() == code
    ]
    return assemble_report(found, country_code=code, lookup=lookup, since=since, until=until)
