"""The merge stage as the pipeline runs it after each ingest.

Reads: stored event mentions and their articles' stories and dates. Writes: the
merged events with their reports, inferred publication dates of undated articles
(from events they share with dated ones), and control periods, all in one
transaction. It recomputes from the mentions, so it is idempotent and does not
depend on the order articles came in.

Merged events never cross a merge region (a place's country and province, or a
story for mentions with no place; :func:`frontlines.events.model.merge_region`),
and a country's control periods come from its own territorial events. So a merge
recomputes only what changed (:meth:`MergeStage.incremental`): the regions the
store marked dirty (an article's mentions or date rewritten, a story renamed),
widened by the other regions of the undated articles in them (an undated
article's inferred date intersects what every one of its regions says, and it
dates its mentions in all of them), and the control periods of the countries
those regions lie in. To infer those dates it reads one step further: the
regions of the undated articles in the widened ones. What it writes is what a
merge of the whole store writes (a test holds the two equal); the whole store is
merged when regions were never filled in (a store from before them), when the
merged tables are empty, and when ``reprocess`` asks for the merge stage.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from frontlines.events.model import Event, EventMention
from frontlines.merge import ArticleInfo, control_periods, infer_dates_from_events, merge_events
from frontlines.merge.events import region_of
from frontlines.models import DatePrecision, DateSource, Published
from frontlines.store import Store
from frontlines.store.knowledge import country_of_region
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
        if store.merge_by_regions() and store.event_count() > 0:
            self.incremental(store)
        else:
            self.full(store)

    def full(self, store: Store) -> None:
        """Merge every stored mention, and file every mention under its region."""
        dates = store.article_dates()
        infos = _infos(dates)
        stored = {article_id: published for article_id, *_, published in dates}
        events, changed = _merge(store.event_mentions(), infos, stored)
        # one transaction: a merge killed half-way leaves the last one whole, and due again
        store.replace_merge(
            events,
            control_periods(events),
            published=changed,
            stories={k: v.story for k, v in infos.items()},
        )

    def incremental(self, store: Store) -> None:
        """Merge the dirty regions again, and what they reach (module docstring)."""
        dirty = store.dirty_regions()
        if not dirty:
            return
        rebuilt, _ = self._reach(store, dirty)  # the regions whose events are made anew
        # and where their undated articles' dates come from; ``within``: rebuilt's articles
        read, within = self._reach(store, rebuilt)
        dates = store.article_dates(store.articles_in_regions(read))
        infos = _infos(dates)
        stored = {article_id: published for article_id, *_, published in dates}
        events, changed = _merge(
            store.event_mentions(regions=read), infos, stored, keep=lambda e: e in rebuilt
        )
        # dates inferred here are whole only for the articles with a mention in ``rebuilt``
        changed = {a: p for a, p in changed.items() if a in within}
        countries = {c for r in rebuilt if (c := country_of_region(r)) is not None}
        kept = store.territorial_events_in(countries, besides=rebuilt)
        periods = control_periods([*kept, *(e for e in events if e.territory is not None)])
        store.replace_merge_regions(rebuilt, events, periods, countries, changed, cleared=dirty)

    @staticmethod
    def _reach(store: Store, regions: set[str]) -> tuple[set[str], set[str]]:
        """These regions and every other region of the undated articles with mentions here;
        and the articles with mentions here."""
        articles = store.articles_in_regions(regions)
        dates = store.article_dates(articles)
        undated = {a for a, *_, published in dates if _own_date(published).start is None}
        return regions | store.regions_of(undated), articles


def _merge(
    mentions: list[EventMention],
    infos: dict[str, ArticleInfo],
    stored: dict[str, Published],
    keep: Callable[[str], bool] | None = None,
) -> tuple[list[Event], dict[str, Published]]:
    """The events of these mentions (of the regions ``keep`` admits) and the publication
    dates that changed."""
    inference = infer_dates_from_events(mentions, infos)
    changed = {a: p for a, p in inference.published.items() if stored.get(a) != p}
    mentions = _date_weekdays(
        inference.mentions,
        {**{k: v.published for k, v in infos.items()}, **inference.published},
    )
    if keep is not None:
        mentions = [m for m in mentions if keep(region_of(m, infos))]
    return merge_events(mentions, infos), changed
