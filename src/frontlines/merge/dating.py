"""Date undated articles through the events they share with dated ones.

Reads: mentions (``date_start``, ``weekday``, ``background``, ``date_text``)
and :class:`ArticleInfo` (``published``). Writes: :class:`DateInference` — an
inferred :class:`Published` per undated article and copies of its mentions
with the narrowed date (``date_inferred=True``).

An article is undated when its ``published.start`` is None. Its undated
mentions are clustered with everyone else's (:func:`cluster_mentions`); where
one lands in an event that other articles date, that event's interval (the
intersection of their dates; none if they conflict) bounds it:

- "on Wednesday" (``weekday`` set, a current report): the event happened on a
  Wednesday inside the interval, so the mention's date becomes the first to
  the last such Wednesday (precision ``range``, ``day`` if only one), and the
  article appeared on that Wednesday or within the following six days (news
  says "on Wednesday" for the last seven days): publication in
  [first Wednesday, last Wednesday + 6].
- a current report with no time expression: the event is the article's news,
  so publication lies in [interval start, interval end + 7]; the mention takes
  the interval.
- background retellings bound nothing (history can be retold years later).

Bounds from several events are intersected; if they conflict, nothing is
inferred for that article and a note says why. Never a single invented day
unless the evidence pins one.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from frontlines.events.model import EventMention
from frontlines.merge.events import cluster_mentions
from frontlines.merge.records import ASSERTING, ArticleInfo, Interval, mention_interval, mention_key
from frontlines.models import DatePrecision, DateSource, Published

__all__ = ["DateInference", "infer_dates_from_events"]

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# "On Wednesday" in news means the last seven days: the article is at most six days later.
WEEKDAY_LAG_DAYS = 6
# A current report without a time expression: its news is at most a week old.
UNDATED_NEWS_LAG_DAYS = 7


@dataclass
class DateInference:
    """What dating through other articles found.

    ``published``: article id → inferred publication (source ``inferred``).
    ``mentions``: every input mention, those it could date replaced by dated copies.
    ``notes``: one line per article it looked at and could not date, with the reason.
    """

    published: dict[str, Published] = field(default_factory=dict)
    mentions: list[EventMention] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _is_undated(info: ArticleInfo | None) -> bool:
    return info is not None and info.published.start is None


def _weekdays_in(interval: Interval, weekday: int) -> list[dt.date]:
    first = interval.start + dt.timedelta(days=(weekday - interval.start.weekday()) % 7)
    out = []
    day = first
    while day <= interval.end:
        out.append(day)
        day += dt.timedelta(days=7)
    return out


@dataclass
class _Bound:
    publication: Interval
    mention: EventMention  # the narrowed copy
    evidence: str
    confidence: float


def _label(i: Interval) -> str:
    return (
        i.start.isoformat() if i.start == i.end else f"{i.start.isoformat()}..{i.end.isoformat()}"
    )


def infer_dates_from_events(
    mentions: Sequence[EventMention], articles: Mapping[str, ArticleInfo]
) -> DateInference:
    """Infer publication intervals of undated articles from events shared with dated ones."""
    result = DateInference()
    bounds: dict[str, list[_Bound]] = defaultdict(list)
    for cluster in cluster_mentions(mentions, articles):
        for m in cluster.members:
            if m.date_start is not None or not _is_undated(articles.get(m.article_id)):
                continue
            if m.background or m.modality not in ASSERTING:
                continue
            others = [
                o
                for o in cluster.members
                if o.article_id != m.article_id
                and o.date_start is not None
                and not _is_undated(articles.get(o.article_id))
            ]
            if not others:
                continue
            interval: Interval | None = mention_interval(others[0])
            for o in others[1:]:
                oi = mention_interval(o)
                interval = interval.intersection(oi) if interval and oi else None
            if interval is None:
                result.notes.append(
                    f"{m.article_id}: event {cluster.id} has conflicting dates; no inference"
                )
                continue
            sources = ", ".join(sorted({o.article_id for o in others}))
            place = m.place.name if m.place is not None else "no place"
            what = f"event {cluster.id} ({place}, {_label(interval)}, dated by {sources})"
            if m.weekday is not None:
                days = _weekdays_in(interval, m.weekday)
                if not days:
                    result.notes.append(
                        f"{m.article_id}: no {WEEKDAYS[m.weekday]} in {_label(interval)} of {what}"
                    )
                    continue
                narrowed = Interval(days[0], days[-1])
                pub = Interval(days[0], days[-1] + dt.timedelta(days=WEEKDAY_LAG_DAYS))
                said = m.date_text or f"on {WEEKDAYS[m.weekday]}"
                evidence = (
                    f"{mention_key(m)} '{said}' matches {what}: the {WEEKDAYS[m.weekday]}s "
                    f"{_label(narrowed)}; published that day or up to {WEEKDAY_LAG_DAYS} days later"
                )
                confidence = 0.7
            else:
                narrowed = interval
                pub = Interval(interval.start, interval.end + dt.timedelta(UNDATED_NEWS_LAG_DAYS))
                evidence = (
                    f"{mention_key(m)} reports {what} as news: published within "
                    f"{UNDATED_NEWS_LAG_DAYS} days after it"
                )
                confidence = 0.4
            precision = DatePrecision.DAY if narrowed.start == narrowed.end else DatePrecision.RANGE
            if m.weekday is None and others:
                same = [o.date_precision for o in others if mention_interval(o) == interval]
                precision = same[0] if same else precision
            dated = m.model_copy(
                update={
                    "date_start": narrowed.start,
                    "date_end": narrowed.end,
                    "date_precision": precision,
                    "date_inferred": True,
                }
            )
            bounds[m.article_id].append(_Bound(pub, dated, evidence, confidence))

    replaced: dict[str, EventMention] = {}
    for article_id in sorted(bounds):
        found = sorted(bounds[article_id], key=lambda b: (b.publication, mention_key(b.mention)))
        window: Interval | None = found[0].publication
        for b in found[1:]:
            window = window.intersection(b.publication) if window is not None else None
        if window is None:
            result.notes.append(
                f"{article_id}: events bound its date inconsistently ("
                + "; ".join(_label(b.publication) for b in found)
                + "); no inference"
            )
            continue
        result.published[article_id] = Published(
            start=window.start,
            end=window.end,
            precision=DatePrecision.DAY if window.start == window.end else DatePrecision.RANGE,
            source=DateSource.INFERRED,
            evidence=" | ".join(b.evidence for b in found),
            confidence=max(b.confidence for b in found),
        )
        for b in found:
            replaced[mention_key(b.mention)] = b.mention
    result.mentions = [replaced.get(mention_key(m), m) for m in mentions]
    return result
