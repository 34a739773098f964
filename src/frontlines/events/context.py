"""What the events extractor reads an article with: located places, the article context, small helpers.

Shared by ``grammar``, ``territory`` and ``extract``; nothing here reads a sentence.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from frontlines.events.lexicon import (
    EventLexicon,
)
from frontlines.events.model import (
    ActorMention,
    ActorRef,
    EventMention,
    PlaceRef,
)
from frontlines.models import Published, TimeMention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from frontlines.geo.resolve import PlaceMention


UNDATED_WINDOW_DAYS = (
    2  # a current event the sentence does not date: within this many days before publication
)


_BOUND_MODS = {"ON_OR_AFTER", "ON_OR_BEFORE", "AFTER", "BEFORE"}


_WEEKDAY = re.compile(r"W(?:XX|\d\d)-(\d)$")


_PLACE_NOUNS = {
    "village", "town", "city", "district", "area", "neighbourhood", "neighborhood", "region",
    "territory", "position", "hill", "base", "airport", "airbase", "settlement", "locality",
    "suburb", "outskirts", "stronghold", "enclave", "countryside", "province", "governorate",
    "center", "centre", "part", "much", "all", "rest", "most", "half", "parts",
}  # fmt: skip


class LocatedPlace(PlaceRef):
    """A place mention with its offsets known (what the extractor reads places as)."""

    start: int
    end: int


def _located(m: PlaceMention | PlaceRef) -> LocatedPlace | None:
    if m.start is None or m.end is None:
        return None
    return LocatedPlace(**place_ref(m).model_dump())


@dataclass(frozen=True)
class _Agentless:
    """A change of hands whose sentence names no one who took the place ("the capture of X
    in August"): its verb's lemma, its place, and how to make its mention once someone is
    named."""

    lemma: str
    place: LocatedPlace
    build: Callable[[ActorRef, ActorRef | None], EventMention]


@dataclass
class _Context:
    text: str
    published: Published | None
    pub_day: dt.date | None
    country: str | None
    places: list[LocatedPlace]
    actors: list[ActorMention]
    times: list[TimeMention]
    lexicon: EventLexicon
    article_id: str
    area_of: Callable[[PlaceRef], PlaceRef | None] | None = None
    sentence: Span | None = None  # the sentence being read
    # with no publication date: the latest date the text names (it was published after it)
    named_after: dt.date | None = None
    # the mentions made from a count of dead or wounded alone (no trigger of their own), by
    # id; the mention is held too, so that its id is not reused by a later mention once the
    # first is dropped (an id names an object only while it lives)
    toll_only: dict[int, EventMention] = field(default_factory=dict)
    # changes of hands to a side the sentence names, by id, with their verb's lemma (held,
    # as above); and those that name no one (:func:`frontlines.events.extract._borrow_agents`)
    gains: dict[int, tuple[EventMention, str]] = field(default_factory=dict)
    agentless: list[_Agentless] = field(default_factory=list)


def _span_chars(token: Token) -> tuple[int, int]:
    """Character range of a token's subtree."""
    left, right = token.left_edge, token.right_edge
    return left.idx, right.idx + len(right.text)


def _inside(start: int, end: int, lo: int, hi: int) -> bool:
    return lo <= start and end <= hi


def place_ref(m: PlaceMention | PlaceRef) -> PlaceRef:
    """A place mention (the geoparser's or a stored one) as events carry it."""
    return PlaceRef(
        name=m.name or m.text or "",
        geonameid=m.geonameid,
        lat=m.lat,
        lon=m.lon,
        country_code=m.country_code,
        admin1_code=getattr(m, "admin1_code", None),
        admin2_code=getattr(m, "admin2_code", None),
        feature_code=m.feature_code,
        text=m.text,
        start=m.start,
        end=m.end,
    )


def country_focus(places: Sequence[PlaceMention | PlaceRef]) -> str | None:
    """The country an article is mostly about: the commonest country of its places."""
    counts: Counter[str] = Counter()
    for p in places:
        if p.country_code:
            counts[p.country_code] += 2 if (p.feature_code or "").startswith("PCL") else 1
    if not counts:
        return None
    return counts.most_common(1)[0][0]


def _token_at(doc: Doc, place: LocatedPlace) -> Token | None:
    span = doc.char_span(place.start or 0, place.end or 0, alignment_mode="expand")
    return span.root if span is not None else None
