"""The merge stage as the pipeline runs it after each ingest: over the whole store.

Reads: every stored event mention and every article's story and date. Writes:
the merged events with their reports, inferred publication dates of undated
articles (from events they share with dated ones), and every place's control
periods, all in one transaction. It recomputes everything from the mentions, so
it is idempotent and does not depend on the order articles came in.
"""

from __future__ import annotations

import datetime as dt

from frontlines.events.model import EventMention
from frontlines.merge import ArticleInfo, control_periods, infer_dates_from_events, merge_events
from frontlines.models import DatePrecision, DateSource, Published
from frontlines.store import Store
from frontlines.store.repository import STORY_EVIDENCE


def _own_date(published: Published) -> Published:
    """The date an article gives itself or its story gives it: a date this stage inferred
    earlier is dropped, so inferring again from the same mentions gives the same answer."""
    if published.source is DateSource.INFERRED and not (published.evidence or "").startswith(
        STORY_EVIDENCE
    ):
        return Published.unknown()
    return published


def article_infos(store: Store) -> dict[str, ArticleInfo]:
    """What merging needs of every stored article (no text is read)."""
    return _infos(store.article_dates())


def _infos(
    dates: list[tuple[str, str | None, str | None, str | None, Published]],
) -> dict[str, ArticleInfo]:
    return {
        article_id: ArticleInfo(
            article_id=article_id,
            url=url,
            outlet=outlet,
            story_id=story_id,
            published=_own_date(published),
        )
        for article_id, url, outlet, story_id, published in dates
    }


def _date_weekdays(
    mentions: list[EventMention], published: dict[str, Published]
) -> list[EventMention]:
    """ "On Wednesday" in an article dated only to a window: the Wednesdays from six days before
    the window opens to its end (news says "Wednesday" for the past week)."""
    out = []
    for m in mentions:
        pub = published.get(m.article_id)
        if m.weekday is None or m.date_start is not None or pub is None or pub.start is None:
            out.append(m)
            continue
        first = pub.start - dt.timedelta(days=6)
        last = pub.end or pub.start
        days = [
            first + dt.timedelta(days=n)
            for n in range((last - first).days + 1)
            if (first + dt.timedelta(days=n)).weekday() == m.weekday
        ]
        if not days:
            out.append(m)
            continue
        out.append(
            m.model_copy(
                update={
                    "date_start": days[0],
                    "date_end": days[-1],
                    "date_precision": DatePrecision.DAY if len(days) == 1 else DatePrecision.RANGE,
                    "date_inferred": True,
                }
            )
        )
    return out


class MergeStage:
    name = "merge"

    def __call__(self, store: Store) -> None:
        dates = store.article_dates()
        stored = {article_id: published for article_id, *_, published in dates}
        infos = _infos(dates)
        mentions = store.event_mentions()
        inference = infer_dates_from_events(mentions, infos)
        changed = {
            article_id: published
            for article_id, published in inference.published.items()
            if stored[article_id] != published
        }
        mentions = _date_weekdays(
            inference.mentions,
            {**{k: v.published for k, v in infos.items()}, **inference.published},
        )
        events = merge_events(mentions, infos)
        # one transaction: a merge killed half-way leaves the last one whole, and due again
        store.replace_merge(events, control_periods(events), published=changed)
