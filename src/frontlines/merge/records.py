"""Shared pieces of merging and control: article facts, place keys, sides, date intervals.

Nothing here knows any one war: places are compared by GeoNames ids and admin
codes, actors by ACLED class (state or not) and country.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from frontlines.events.model import ActorRef, Event, EventMention, Modality, PlaceRef
from frontlines.models import Article, Published

ONE_DAY = dt.timedelta(days=1)

# Reports that say an event happened (or that one side says it did).
ASSERTING = frozenset({Modality.ASSERTED, Modality.CLAIMED})
# Reports that say it did not happen, or not yet: they never change control on their own.
DISPUTING = frozenset({Modality.DENIED, Modality.NEGATED})


@dataclass(frozen=True)
class ArticleInfo:
    """What merging needs to know about the article a mention came from."""

    article_id: str
    url: str | None = None
    outlet: str | None = None
    story_id: str | None = None  # syndicated copies share one; None: the article is its own story
    published: Published = Published()

    @property
    def story(self) -> str:
        return self.story_id or self.article_id

    @classmethod
    def from_article(cls, article: Article) -> ArticleInfo:
        return cls(
            article_id=article.id,
            url=article.url,
            outlet=article.outlet,
            story_id=article.story_id,
            published=article.published,
        )


@dataclass(frozen=True, order=True)
class Interval:
    """Closed day interval [start, end]."""

    start: dt.date
    end: dt.date

    def widened(self, days: int = 1) -> Interval:
        d = dt.timedelta(days=days)
        return Interval(self.start - d, self.end + d)

    def overlaps(self, other: Interval) -> bool:
        return self.start <= other.end and other.start <= self.end

    def intersection(self, other: Interval) -> Interval | None:
        start, end = max(self.start, other.start), min(self.end, other.end)
        return Interval(start, end) if start <= end else None

    def union(self, other: Interval) -> Interval:
        return Interval(min(self.start, other.start), max(self.end, other.end))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def mention_key(m: EventMention) -> str:
    """The stable identity of a mention: its article and its order in it."""
    return f"{m.article_id}#{m.index}"


def stable_id(prefix: str, keys: Iterable[str]) -> str:
    """``prefix`` + 16 hex digits of the SHA-1 of the sorted keys: the same members, the same id."""
    digest = hashlib.sha1("\n".join(sorted(set(keys))).encode()).hexdigest()
    return f"{prefix}{digest[:16]}"


def mention_interval(m: EventMention) -> Interval | None:
    """The days a mention's date covers (unwidened), or None when it has no date."""
    if m.date_start is None:
        return None
    return Interval(m.date_start, m.date_end or m.date_start)


def admin_level(place: PlaceRef) -> int | None:
    """1 for an ADM1 area, 2 for ADM2, 0 for a country; None for a populated place or other."""
    code = str(place.feature_code or "")
    if code.startswith("PCL"):
        return 0
    if code.startswith("ADM") and len(code) >= 4 and code[3].isdigit():
        return int(code[3])
    return None


def admin_code(place: PlaceRef) -> str | None:
    """``CC.A1`` (or ``CC.A1.A2`` for ADM2, ``CC`` for a country) of an admin area, else None."""
    level = admin_level(place)
    if level is None or not place.country_code:
        return None
    if level == 0:
        return place.country_code
    if not place.admin1_code:
        return None
    if level == 1:
        return f"{place.country_code}.{place.admin1_code}"
    if level == 2 and place.admin2_code:
        return f"{place.country_code}.{place.admin1_code}.{place.admin2_code}"
    return None


def place_key(place: PlaceRef) -> str:
    """The key control periods are filed under.

    The GeoNames id as a string when there is one; ``admin:CC.A1`` (or
    ``admin:CC.A1.A2``, ``admin:CC``) for an admin area without one; else
    ``name:CC:lowercased name`` so an unresolved place still keeps its own timeline.
    """
    if place.geonameid is not None:
        return str(place.geonameid)
    code = admin_code(place)
    if code is not None:
        return f"admin:{code}"
    return f"name:{place.country_code or ''}:{place.name.strip().lower()}"


def inside(place: PlaceRef, area: PlaceRef) -> bool:
    """Whether ``place`` lies in admin ``area`` by admin codes (ADM1/ADM2 only, never itself)."""
    level = admin_level(area)
    if level not in (1, 2) or place_key(place) == place_key(area):
        return False
    own = admin_level(place)
    if own is not None and own <= level:
        return False  # a province is not inside a province, nor a country inside one
    if not place.country_code or place.country_code != area.country_code:
        return False
    if not place.admin1_code or place.admin1_code != area.admin1_code:
        return False
    return level == 1 or (bool(place.admin2_code) and place.admin2_code == area.admin2_code)


def side_key(actor: ActorRef) -> str:
    """``side:state:CC`` or ``side:nonstate:CC``: the side an actor fights on, by class and country."""
    cls = "state" if actor.kind.is_state else "nonstate"
    return f"side:{cls}:{actor.country_code or '??'}"


def event_actor_ids(event: Event) -> set[str]:
    """The ids of an event's actors (actor1, actor2, new and previous controller) and of the
    sides they fight on (:func:`side_key`): what the actor filter of a query matches."""
    actors = [event.actor1, event.actor2]
    if event.territory is not None:
        actors += [event.territory.new_controller, event.territory.previous_controller]
    found = [a for a in actors if a is not None]
    return {a.id for a in found} | {side_key(a) for a in found}


def side_of(actors: Sequence[ActorRef]) -> ActorRef:
    """The side a group of same-side actors makes, as one actor: rebel groups make one side.

    Its id is :func:`side_key`; its name the actors' one name if they share it,
    else a generic one; its kind the most common of theirs. Nothing depends on
    the order of ``actors``.
    """
    if not actors:
        raise ValueError("side_of needs at least one actor")
    first = min(actors, key=lambda a: (a.id, a.name))
    names = sorted({a.name for a in actors})
    cc = first.country_code or "??"
    if len(names) == 1:
        name = names[0]
    elif first.kind.is_state:
        name = f"state forces ({cc})"
    else:
        name = f"non-state armed groups ({cc})"
    kinds = Counter(a.kind for a in actors)
    kind = min(kinds, key=lambda k: (-kinds[k], k.value))
    sides = {a.side for a in actors if a.side}
    return ActorRef(
        id=side_key(first),
        name=name,
        kind=kind,
        country_code=first.country_code,
        side=sides.pop() if len(sides) == 1 else None,
    )


def actors_compatible(a: ActorRef | None, b: ActorRef | None) -> bool:
    """Same side (state/non-state and country), or one of them missing."""
    if a is None or b is None:
        return True
    if a.id == b.id:
        return True
    if a.kind.is_state != b.kind.is_state:
        return False
    return not (a.country_code and b.country_code and a.country_code != b.country_code)


def agreed_interval(intervals: Sequence[Interval]) -> Interval:
    """Where all the intervals agree (their intersection), else the span of them all."""
    inter: Interval | None = intervals[0]
    for i in intervals[1:]:
        inter = inter.intersection(i) if inter is not None else None
    if inter is not None:
        return inter
    out = intervals[0]
    for i in intervals[1:]:
        out = out.union(i)
    return out
