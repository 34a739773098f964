"""Records of the actors and events stages, and of merging and control.

An :class:`EventMention` is what one sentence of one article says; an
:class:`Event` is one real-world event merged from every report of it; a
:class:`ControlPeriod` is who held a place from when to when. Shapes follow
the output contract in the eval README (ACLED event and actor names).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, Field

from frontlines.models import DatePrecision


class ActorKind(StrEnum):
    """ACLED's actor classes, as the output contract names them."""

    STATE_FORCES = "state_forces"
    EXTERNAL_FORCES = "external_forces"
    REBEL_GROUP = "rebel_group"
    POLITICAL_MILITIA = "political_militia"
    IDENTITY_MILITIA = "identity_militia"
    RIOTERS = "rioters"
    PROTESTERS = "protesters"
    CIVILIANS = "civilians"
    UNIDENTIFIED = "unidentified"

    @property
    def is_state(self) -> bool:
        return self in (ActorKind.STATE_FORCES, ActorKind.EXTERNAL_FORCES)


class ActorRef(BaseModel):
    """An actor as events carry it: registry id (or a generic id), name, kind, country.

    ``country_code``: for state or external forces, the state whose forces they
    are; for anyone else, the country of the conflict. ``side``: the side the
    registry gives it on the event's date ("government", "opposition", …).
    """

    id: str
    name: str
    kind: ActorKind
    country_code: str | None = None
    side: str | None = None


class ActorMention(BaseModel):
    """A stretch of text that names an actor. ``via``: alias | generic | pronoun.
    ``refers_to``: for a pronoun or a follow-up ("they", "the group"), the span of the
    mention it stands for (the first one of a chain)."""

    actor: ActorRef
    text: str
    start: int
    end: int
    via: str = "alias"
    refers_to: tuple[int, int] | None = None


class PlaceRef(BaseModel):
    """A place as events carry it (output contract), plus the mention it came from."""

    name: str
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country_code: str | None = None
    admin1_code: str | None = None
    admin2_code: str | None = None
    feature_code: str | None = None
    text: str | None = None  # the words in the article
    start: int | None = None
    end: int | None = None

    @property
    def is_admin_area(self) -> bool:
        return bool(self.feature_code) and str(self.feature_code).startswith(("ADM", "PCL"))


class Quantity(BaseModel):
    """A count with bounds: "at least 50" is (50, None), "dozens" (24, 99), "21" (21, 21)."""

    low: int | None = None
    high: int | None = None
    text: str = ""
    start: int | None = None
    end: int | None = None
    who: str | None = None  # whom the figure counts: "civilians", "government fighters", …
    parts: list[Quantity] = Field(default_factory=list)  # "21 fighters including 18 jihadists"


class Modality(StrEnum):
    ASSERTED = "asserted"
    CLAIMED = "claimed"  # one side says so
    DENIED = "denied"
    PLANNED = "planned"  # threatened, vowed, preparing to
    ATTEMPTED = "attempted"  # tried to, attempted to storm
    CONDITIONAL = "conditional"
    NEGATED = "negated"  # "did not capture"


class TerritoryChange(BaseModel):
    """A change of control. ``scope``: place | admin_area | within (part of the place: "most
    of X", "the outskirts of X") | facility (an airport, a base, a headquarters in the place:
    ``facility`` names it) | aggregate (counts or areas, no place). Only place and admin_area
    change who holds the place."""

    new_controller: ActorRef | None = None
    previous_controller: ActorRef | None = None
    scope: str = "place"
    facility: str | None = None  # "airport", "headquarters": what changed hands in the place
    whole: bool = False  # an admin area said to have changed hands whole ("all of X province")
    count: Quantity | None = None  # "more than 50 villages"
    area_km2: float | None = None  # "3,035 square kilometers"


class EventMention(BaseModel):
    """One event as one sentence of one article reports it, with its evidence."""

    article_id: str
    index: int = 0  # order within the article
    event_type: str  # ACLED: Battles, Explosions/Remote violence, Violence against civilians, …
    sub_event_type: str
    trigger: str
    trigger_start: int
    trigger_end: int
    sentence: str
    sentence_start: int
    sentence_end: int
    actor1: ActorRef | None = None
    actor2: ActorRef | None = None
    place: PlaceRef | None = None  # the event's place (None for aggregate claims without one)
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    date_precision: DatePrecision = DatePrecision.UNKNOWN
    date_text: str | None = None
    date_inferred: bool = False  # the date comes from the publication date, not the text
    weekday: int | None = None  # "on Wednesday" in an undated article: 0 = Monday … 6 = Sunday
    fatalities: Quantity | None = None
    injuries: Quantity | None = None
    territory: TerritoryChange | None = None
    modality: Modality = Modality.ASSERTED
    background: bool = False
    confidence: float = 0.5

    @property
    def is_territorial(self) -> bool:
        return self.territory is not None


class Report(BaseModel):
    """One article's support for a merged event (output contract ``reports``)."""

    article_id: str
    url: str | None = None
    outlet: str | None = None
    story_id: str | None = None
    sentence: str
    start: int
    end: int
    modality: Modality = Modality.ASSERTED
    background: bool = False
    date_start: dt.date | None = None
    date_end: dt.date | None = None


class Event(BaseModel):
    """One real-world event merged from its reports (output contract of ``frontlines events``)."""

    id: str
    event_type: str
    sub_event_type: str
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    date_precision: DatePrecision = DatePrecision.UNKNOWN
    place: PlaceRef | None = None
    actor1: ActorRef | None = None
    actor2: ActorRef | None = None
    territory: TerritoryChange | None = None
    fatalities: Quantity | None = None
    injuries: Quantity | None = None
    background: bool = False
    reports: list[Report] = Field(default_factory=list)
    independent_sources: int = 0
    confidence: float = 0.0
    disagreements: list[str] = Field(default_factory=list)  # "dates differ: …", "denied by …"


class DateBound(BaseModel):
    """When a period starts or ends, as an interval: it happened between earliest and latest."""

    earliest: dt.date | None = None
    latest: dt.date | None = None


class ControlPeriod(BaseModel):
    """Who held a place from when to when, and which events say so."""

    place: PlaceRef
    controller: ActorRef
    start: DateBound | None = None  # None: held since before any evidence
    end: DateBound | None = None  # None: still held as far as the evidence goes
    contested: bool = False
    whole: bool = False  # an admin area's period its reports say of the whole area: it holds
    # for the places inside (``merge.control.timeline_for``); other area periods stay the area's
    event_ids: list[str] = Field(default_factory=list)
    evidence: list[Report] = Field(default_factory=list)


def merge_region(place: PlaceRef | None, story: str) -> str:
    """The region merged events never cross: ``CC.A1`` of the place (``-`` for a code it
    lacks), or ``story:<story>`` where there is no place (such mentions join only within
    their story). See :mod:`frontlines.merge.events`."""
    if place is None:
        return f"story:{story}"
    return f"{place.country_code or '-'}.{place.admin1_code or '-'}"


def event_region(event: Event) -> str:
    """The merge region of a merged event (its members' one region)."""
    story = event.reports[0].story_id or event.reports[0].article_id if event.reports else event.id
    return merge_region(event.place, story)
