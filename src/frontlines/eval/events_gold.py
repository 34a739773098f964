"""Score merged territorial events against hand-annotated gold (``shared/eval/seeds.gold.jsonl``).

Reads: gold JSONL (one article a line, its territorial-control changes; format in
``shared/eval/README.md``), merged :class:`Event` records, and optionally the
publication dates a system inferred for undated articles. Writes:
:class:`EventScores`.

Scoring follows the README:

- A system event is a territorial change when ``territory`` is set. It matches
  a gold event when the place agrees (same GeoNames id; for a gold admin area,
  the same admin code ``CC.A1`` on a system admin-area place; otherwise within
  10 km), the dates overlap once the gold date is widened by a day on each
  side, and the new controller has the same class (gold ``state`` =
  ``state_forces``/``external_forces``) and country.
- Gold is per article, but the system merges across articles, so gold events
  are merged too: gold events of any articles (syndicated copies included)
  that agree on place, date (overlap within a day) and new controller are one
  gold event. It is background only if every article retells it as history
  (the system's rule for ``Event.background``). A system event matches a
  merged gold event when it matches any of its article-level events.
- Each gold event matches at most one system event and vice versa (maximum
  bipartite matching, deterministic). Precision = matched system events /
  system events; recall = matched gold events / gold events. Background and
  current rows use the same matching, each side split by its own flag.
- Date inference, for gold articles whose ``published`` is null: whether the
  inferred interval contains ``published_truth``, and its width in days.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from frontlines.errors import BadOption, PathNotFound
from frontlines.eval.geo_metrics import haversine_km
from frontlines.events.model import ActorRef, Event, PlaceRef
from frontlines.merge.records import ASSERTING
from frontlines.models import Published

__all__ = [
    "DateInferenceScore",
    "EventScores",
    "GoldArticle",
    "GoldController",
    "GoldEvent",
    "GoldGroup",
    "MatchCounts",
    "format_event_scores",
    "group_gold_events",
    "load_events_gold",
    "matches_gold",
    "score_events",
]

PLACE_KM = 10.0


class GoldController(BaseModel):
    model_config = ConfigDict(extra="allow")

    kind: Literal["state", "nonstate"]
    country: str
    name: str | None = None


class GoldEvent(BaseModel):
    """One territorial-control change as one article states it."""

    model_config = ConfigDict(extra="allow")

    type: str = "territory"
    place: str
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    admin: str | None = None  # GeoNames admin code such as ``SY.12`` for a province
    date: str | list[str] | None = None  # None: nothing in the text pins it
    date_precision: str | None = None
    new_controller: GoldController
    previous_controller: GoldController | None = None
    background: bool = False
    note: str | None = None

    def interval(self) -> tuple[dt.date, dt.date]:
        """First and last day the gold date covers (day, ``YYYY-MM``, ``YYYY`` or a range).

        An undated gold event (``date`` null) covers every day.
        """
        return gold_interval(self.date)


def gold_interval(date: str | list[str] | None) -> tuple[dt.date, dt.date]:
    """First and last day a gold date covers: a day, ``YYYY-MM``, ``YYYY``, a ``[start,
    end]`` range, or every day for None."""
    if date is None:
        return dt.date.min + dt.timedelta(days=1), dt.date.max - dt.timedelta(days=1)
    if isinstance(date, list):
        if len(date) != 2:
            raise ValueError(f"a gold date range has two ends, not {date!r}")
        return _parse_date(date[0])[0], _parse_date(date[1])[1]
    return _parse_date(date)


class GoldArticle(BaseModel):
    """One gold line: an article and the changes it states."""

    model_config = ConfigDict(extra="allow")

    id: str
    file: str | None = None
    published: str | None = None
    published_truth: str | None = None
    duplicate_of: str | None = None
    events: list[GoldEvent] = []


def _parse_date(text: str) -> tuple[dt.date, dt.date]:
    parts = text.strip().split("-")
    year = int(parts[0])
    if len(parts) == 1:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    month = int(parts[1])
    if len(parts) == 2:
        nxt = dt.date(year + month // 12, month % 12 + 1, 1)
        return dt.date(year, month, 1), nxt - dt.timedelta(days=1)
    day = dt.date.fromisoformat(text.strip())
    return day, day


def load_events_gold(path: str | Path) -> list[GoldArticle]:
    """Read a gold JSONL file (blank lines skipped); a bad line is a :class:`BadOption` naming it."""
    p = Path(path)
    if not p.exists():
        raise PathNotFound(path=str(p))
    out = []
    for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            article = GoldArticle.model_validate(json.loads(line))
            for event in article.events:
                event.interval()
        except (ValueError, ValidationError) as exc:
            raise BadOption(detail=f"{p}:{n} is not a valid gold line: {exc}") from exc
        out.append(article)
    return out


@dataclass
class GoldGroup:
    """One gold event after merging articles: its article-level events and background flag."""

    key: str  # "<first article id>#<index>" of its first member
    members: list[tuple[str, int, GoldEvent]]
    background: bool


def _gold_place_agrees(a: GoldEvent, b: GoldEvent) -> bool:
    if a.admin or b.admin:
        return bool(a.admin) and a.admin == b.admin
    if a.geonameid is not None and b.geonameid is not None:
        return a.geonameid == b.geonameid
    if None in (a.lat, a.lon, b.lat, b.lon):
        return False
    return haversine_km(a.lat, a.lon, b.lat, b.lon) <= PLACE_KM  # type: ignore[arg-type]


def _gold_agree(a: GoldEvent, b: GoldEvent) -> bool:
    (a0, a1), (b0, b1) = a.interval(), b.interval()
    one = dt.timedelta(days=1)
    return (
        _gold_place_agrees(a, b)
        and a0 - one <= b1
        and b0 <= a1 + one
        and (a.new_controller.kind, a.new_controller.country)
        == (b.new_controller.kind, b.new_controller.country)
    )


def group_gold_events(articles: Sequence[GoldArticle]) -> list[GoldGroup]:
    """Merge gold events that agree on place, date and new controller (module docstring)."""
    flat = [
        (a.id, i, e) for a in sorted(articles, key=lambda a: a.id) for i, e in enumerate(a.events)
    ]
    parent = list(range(len(flat)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(flat)):
        for j in range(i + 1, len(flat)):
            if _gold_agree(flat[i][2], flat[j][2]):
                a, b = find(i), find(j)
                parent[max(a, b)] = min(a, b)
    groups: dict[int, list[tuple[str, int, GoldEvent]]] = {}
    for i, item in enumerate(flat):
        groups.setdefault(find(i), []).append(item)
    return [
        GoldGroup(
            key=f"{members[0][0]}#{members[0][1]}",
            members=members,
            background=all(e.background for _, _, e in members),
        )
        for _, members in sorted(groups.items())
    ]


def _admin_code_of(place: PlaceRef) -> str | None:
    """``CC.A1`` for a first-level admin area, ``CC`` for a country, else None."""
    code = str(place.feature_code or "")
    if code.startswith("PCL") and place.country_code:
        return place.country_code
    if not code.startswith("ADM1") or not place.country_code or not place.admin1_code:
        return None
    return f"{place.country_code}.{place.admin1_code}"


def matches_gold(
    event: Event,
    gold: GoldEvent,
    *,
    place: bool = True,
    date: bool = True,
    controller: bool = True,
) -> bool:
    """Whether a system event matches one article-level gold event (README rules).

    ``place``, ``date``, ``controller``: check that part; leaving one out tells
    what a near miss got wrong (the right side and date at the wrong place).
    """
    t = event.territory
    if t is None or t.new_controller is None:
        return False
    if controller and not controller_matches(t.new_controller, gold.new_controller):
        return False
    if date and gold.date is not None and not dates_overlap(event, gold):
        return False
    return not place or place_matches(event.place, gold)


def is_scored(e: GoldEvent) -> bool:
    """A change a system must find: full extent, not denied, not a facility (a gold event
    says ``extent`` partial for "most of the city", ``modality`` denied, or a ``facility``:
    those are traps, scored only as the false changes a system makes of them)."""
    extra = e.model_extra or {}
    return (
        extra.get("extent", "full") == "full"
        and extra.get("modality", "asserted") != "denied"
        and not extra.get("facility")
    )


def _claims_a_change(event: Event) -> bool:
    """The system says the place (or an aggregate of places) changed hands: a report that
    asserts or claims it, not one that plans, attempts or denies it, and not part of a place
    ("most of Aleppo") or a facility in it ("the airport"), which change no one's hold."""
    t = event.territory
    return (
        t is not None
        and t.scope not in ("within", "facility")
        and any(r.modality in ASSERTING for r in event.reports)
    )


def controller_matches(actor: ActorRef, gold: GoldController) -> bool:
    """Same class (gold ``state`` is state or external forces) and same country."""
    if (gold.kind == "state") != actor.kind.is_state:
        return False
    return (actor.country_code or "").upper() == gold.country.upper()


def dates_overlap(event: Event, gold: GoldEvent) -> bool:
    """The event's dates overlap the gold date widened by a day on each side."""
    if event.date_start is None:
        return False
    g0, g1 = gold.interval()
    one = dt.timedelta(days=1)
    end = event.date_end or event.date_start
    return event.date_start <= g1 + one and g0 - one <= end


def place_matches(place: PlaceRef | None, gold: GoldEvent) -> bool:
    """Same GeoNames id, the same admin code for a gold admin area, else within 10 km."""
    if place is None:
        return False
    if gold.geonameid is not None and place.geonameid == gold.geonameid:
        return True
    if gold.admin:
        # An admin area matches by code; a point near its centroid is not the area.
        return _admin_code_of(place) == gold.admin
    if None in (place.lat, place.lon, gold.lat, gold.lon):
        return False
    return haversine_km(place.lat, place.lon, gold.lat, gold.lon) <= PLACE_KM  # type: ignore[arg-type]


@dataclass
class MatchCounts:
    system: int = 0
    system_matched: int = 0
    gold: int = 0
    gold_matched: int = 0

    @property
    def precision(self) -> float | None:
        return self.system_matched / self.system if self.system else None

    @property
    def recall(self) -> float | None:
        return self.gold_matched / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None
        return 2 * p * r / (p + r)

    def to_json(self) -> dict[str, int | float | None]:
        return {
            "system": self.system,
            "system_matched": self.system_matched,
            "precision": self.precision,
            "gold": self.gold,
            "gold_matched": self.gold_matched,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass
class DateInferenceScore:
    """How well an undated gold article was dated: interval contains the truth, and its width."""

    gold_id: str
    truth: dt.date | None
    start: dt.date | None = None
    end: dt.date | None = None
    truth_end: dt.date | None = None  # a truth known only to the month ("2025-04") is an interval

    @property
    def inferred(self) -> bool:
        return self.start is not None

    @property
    def contains(self) -> bool:
        if self.truth is None or self.start is None:
            return False
        # a month-wide truth is held when the inferred interval reaches into that month
        return self.start <= (self.truth_end or self.truth) and self.truth <= (
            self.end or self.start
        )

    @property
    def width_days(self) -> int | None:
        if self.start is None:
            return None
        return ((self.end or self.start) - self.start).days + 1


@dataclass
class EventScores:
    overall: MatchCounts
    background: MatchCounts
    current: MatchCounts
    date_inference: list[DateInferenceScore] = field(default_factory=list)
    gold_article_events: int = 0  # before merging gold across articles
    matches: list[tuple[str, str]] = field(default_factory=list)  # (system event id, gold key)
    unmatched_system: list[str] = field(default_factory=list)
    unmatched_gold: list[str] = field(default_factory=list)


def _max_matching(edges: dict[int, list[int]], n_left: int) -> dict[int, int]:
    """Kuhn's augmenting paths: left index → right index, trying rights in order."""
    owner: dict[int, int] = {}

    def augment(u: int, seen: set[int]) -> bool:
        for v in edges.get(u, []):
            if v in seen:
                continue
            seen.add(v)
            if v not in owner or augment(owner[v], seen):
                owner[v] = u
                return True
        return False

    for u in range(n_left):
        augment(u, set())
    return {u: v for v, u in owner.items()}


def score_events(
    events: Sequence[Event],
    gold_path: str | Path | Sequence[GoldArticle],
    *,
    article_map: Mapping[str, str] | None = None,
    inferred: Mapping[str, Published] | None = None,
) -> EventScores:
    """Score territorial ``events`` against the gold file or articles (module docstring).

    ``article_map``: gold id → system article id. When given, only system events
    with a report from one of those articles are scored (a store may hold more
    than the gold's articles), and ``inferred`` may be keyed by either id.
    ``inferred``: article id → the publication the system inferred.
    """
    articles = (
        load_events_gold(gold_path) if isinstance(gold_path, (str, Path)) else list(gold_path)
    )
    # partial, denied and facility changes are traps, not changes to find
    articles = [
        a.model_copy(update={"events": [e for e in a.events if is_scored(e)]}) for a in articles
    ]
    groups = group_gold_events(articles)
    system = sorted((e for e in events if _claims_a_change(e)), key=lambda e: e.id)
    if article_map is not None:
        wanted = set(article_map.values())
        system = [e for e in system if any(r.article_id in wanted for r in e.reports)]
    edges = {
        i: [j for j, g in enumerate(groups) if any(matches_gold(e, ge) for _, _, ge in g.members)]
        for i, e in enumerate(system)
    }
    matching = _max_matching(edges, len(system))
    matched_gold = set(matching.values())

    def counts(bg: bool | None) -> MatchCounts:
        sys_idx = [i for i, e in enumerate(system) if bg is None or e.background == bg]
        gold_idx = [j for j, g in enumerate(groups) if bg is None or g.background == bg]
        return MatchCounts(
            system=len(sys_idx),
            system_matched=sum(1 for i in sys_idx if i in matching),
            gold=len(gold_idx),
            gold_matched=sum(1 for j in gold_idx if j in matched_gold),
        )

    dating = []
    for a in articles:
        if a.published is not None:
            continue
        truth, truth_end = _parse_date(a.published_truth) if a.published_truth else (None, None)
        pub = None
        if inferred is not None:
            pub = inferred.get(a.id)
            if pub is None and article_map is not None and a.id in article_map:
                pub = inferred.get(article_map[a.id])
        score = DateInferenceScore(
            gold_id=a.id, truth=truth, truth_end=truth_end if truth_end != truth else None
        )
        if pub is not None and pub.start is not None:
            score.start, score.end = pub.start, pub.end or pub.start
        dating.append(score)

    return EventScores(
        overall=counts(None),
        background=counts(True),
        current=counts(False),
        date_inference=dating,
        gold_article_events=sum(len(a.events) for a in articles),
        matches=sorted((system[i].id, groups[j].key) for i, j in matching.items()),
        unmatched_system=[e.id for i, e in enumerate(system) if i not in matching],
        unmatched_gold=[g.key for j, g in enumerate(groups) if j not in matched_gold],
    )


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def format_event_scores(scores: EventScores) -> str:
    """A plain-text table of the scores, for the CLI and for logs."""
    lines = [
        f"{'territorial changes':<22}{'system':>8}{'matched':>9}{'precision':>11}"
        f"{'gold':>7}{'matched':>9}{'recall':>8}{'F1':>7}"
    ]
    for name, c in (
        ("all", scores.overall),
        ("background", scores.background),
        ("current", scores.current),
    ):
        lines.append(
            f"{name:<22}{c.system:>8}{c.system_matched:>9}{_fmt(c.precision):>11}"
            f"{c.gold:>7}{c.gold_matched:>9}{_fmt(c.recall):>8}{_fmt(c.f1):>7}"
        )
    lines.append(
        f"gold: {scores.overall.gold} events after merging {scores.gold_article_events} "
        "article-level annotations"
    )
    if scores.date_inference:
        lines.append("")
        lines.append(
            f"{'date inference':<22}{'truth':>12}{'inferred':>24}{'contains':>10}{'days':>6}"
        )
        for d in scores.date_inference:
            truth = d.truth.isoformat() if d.truth else "-"
            if d.start is None:
                shown = "not inferred"
            elif d.start == d.end:
                shown = d.start.isoformat()
            else:
                shown = f"{d.start.isoformat()}..{(d.end or d.start).isoformat()}"
            width = "-" if d.width_days is None else str(d.width_days)
            lines.append(
                f"{d.gold_id:<22}{truth:>12}{shown:>24}{('yes' if d.contains else 'no'):>10}{width:>6}"
            )
    return "\n".join(lines)
