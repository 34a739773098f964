"""``frontlines eval GOLD``: ingest a gold set's articles into a temporary store and score them.

Territorial changes are scored as the eval README says (``events_gold``);
besides, for the gold events the system found with the right controller,
how often it had the right place (place accuracy) and the right date (date
accuracy), and for undated articles whether the inferred date holds the truth.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from frontlines.errors import BadOption
from frontlines.eval.events_gold import (
    EventScores,
    GoldEvent,
    format_event_scores,
    group_gold_events,
    load_events_gold,
    matches_gold,
    score_events,
)
from frontlines.events.model import Event, PlaceRef
from frontlines.models import DatePrecision, DateSource, Published


@dataclass
class GoldRun:
    scores: EventScores
    place_accuracy: tuple[int, int]  # (right place, found with right controller and date)
    date_accuracy: tuple[int, int]  # (right date, found with right controller and place)
    not_scored: int  # territorial claims without a place ("more than 50 villages")
    articles: int
    events: list[Event] = field(default_factory=list)

    @property
    def text(self) -> str:
        def ratio(pair: tuple[int, int]) -> str:
            right, total = pair
            return f"{right}/{total} = {right / total:.3f}" if total else "-"

        lines = [
            format_event_scores(self.scores),
            "",
            f"place accuracy (gold events found with the right controller and date): {ratio(self.place_accuracy)}",
            f"date accuracy (gold events found with the right controller and place): {ratio(self.date_accuracy)}",
            f"{self.articles} articles ingested; {self.not_scored} territorial claims without a place not scored",
        ]
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        s = self.scores
        return {
            "territory": {
                "all": s.overall.to_json(),
                "background": s.background.to_json(),
                "current": s.current.to_json(),
            },
            "place_accuracy": _ratio(self.place_accuracy),
            "date_accuracy": _ratio(self.date_accuracy),
            "date_inference": [
                {
                    "gold_id": d.gold_id,
                    "truth": d.truth.isoformat() if d.truth else None,
                    "start": d.start.isoformat() if d.start else None,
                    "end": d.end.isoformat() if d.end else None,
                    "contains_truth": d.contains,
                    "width_days": d.width_days,
                }
                for d in s.date_inference
            ],
            "unmatched_system": s.unmatched_system,
            "unmatched_gold": s.unmatched_gold,
            "not_scored": self.not_scored,
            "articles": self.articles,
        }


def _ratio(pair: tuple[int, int]) -> float | None:
    return pair[0] / pair[1] if pair[1] else None


def _at_gold_place(e: Event, g: GoldEvent) -> Event:
    place = PlaceRef(
        name=g.place,
        geonameid=g.geonameid,
        lat=g.lat,
        lon=g.lon,
        country_code=g.admin.split(".")[0] if g.admin else None,
        admin1_code=g.admin.split(".")[1] if g.admin and "." in g.admin else None,
        feature_code="ADM1" if g.admin else None,
    )
    return e.model_copy(update={"place": place})


def _at_gold_date(e: Event, g: GoldEvent) -> Event:
    start, end = g.interval()
    return e.model_copy(
        update={"date_start": start, "date_end": end, "date_precision": DatePrecision.RANGE}
    )


def _partial(
    events: list[Event], golds: list[GoldEvent]
) -> tuple[tuple[int, int], tuple[int, int]]:
    place_right = place_total = date_right = date_total = 0
    for g in golds:
        if any(matches_gold(_at_gold_place(e, g), g) for e in events):
            place_total += 1
            place_right += any(matches_gold(e, g) for e in events)
        if any(matches_gold(_at_gold_date(e, g), g) for e in events):
            date_total += 1
            date_right += any(matches_gold(e, g) for e in events)
    return (place_right, place_total), (date_right, date_total)


def _source_key(source: str) -> tuple[Path, str]:
    """(file, fragment) of a stored article's source: "feed.xml#entry=3" -> (feed.xml, "#entry=3")."""
    name, sep, fragment = source.partition("#")
    return Path(name).resolve(), f"{sep}{fragment}"


def evaluate_gold(gold_path: Path, *, root: Path | None = None, db: str | None = None) -> GoldRun:
    """Ingest the articles a gold file names (paths relative to ``root``) and score the events."""
    from frontlines.library import Frontlines

    gold_path = Path(gold_path)
    gold = load_events_gold(gold_path)
    root = Path(root) if root is not None else gold_path.resolve().parent.parent
    paths: dict[str, tuple[Path, str]] = {}  # gold id -> (file, fragment such as "#line=2")
    for a in gold:
        if not a.file:
            raise BadOption(detail=f"{gold_path}: gold article {a.id} names no file")
        name, _, inline = a.file.partition("#")
        fragment = str(getattr(a, "fragment", None) or (f"#{inline}" if inline else ""))
        path = (root / name).resolve()
        if not path.is_file():
            raise BadOption(detail=f"{gold_path}: {a.id}'s file {path} does not exist (use --root)")
        paths[a.id] = (path, fragment)
    with (
        tempfile.TemporaryDirectory(prefix="frontlines-eval-") as tmp,
        Frontlines(db or str(Path(tmp) / "eval.db")) as fl,
    ):
        fl.ingest(sorted({str(p) for p, _ in paths.values()}), require_any=True)
        stored = fl.articles()
        by_source = {_source_key(a.source): a for a in stored}
        article_map = {
            gid: by_source[(p, frag)].id
            for gid, (p, frag) in paths.items()
            if (p, frag) in by_source
        }
        inferred: dict[str, Published] = {
            a.id: a.published for a in stored if a.published.source is DateSource.INFERRED
        }
        events = fl.store.events(territorial=True)
    scored = [e for e in events if e.place is not None]
    scores = score_events(scored, gold_path, article_map=article_map, inferred=inferred)
    golds = [g.members[0][2] for g in group_gold_events(gold)]
    place_acc, date_acc = _partial(scored, golds)
    return GoldRun(
        scores=scores,
        place_accuracy=place_acc,
        date_accuracy=date_acc,
        not_scored=len(events) - len(scored),
        articles=len(stored),
        events=events,
    )


__all__ = ["GoldRun", "evaluate_gold", "dt"]
