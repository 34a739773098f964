"""``frontlines eval realnews``: score the pipeline on real news (``eval/realnews/``).

Reads: the manifest (one real article a line, with the hash of its text, its
conflict and split), the gold written blind (territorial changes with extent,
modality and facility; other ACLED events), and the rebuilt texts
(``.realnews/articles.jsonl``, never committed). Writes: a report per split and
per conflict, and an error list.

Scored territorial changes are the gold changes of full extent, not denied
and not of a facility; partial, denied and facility changes are traps (a
system change matching only one is false with that reason). Matching follows
``events_gold`` (the eval README's rules), restricted to the system events
that the gold's own articles report.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from frontlines.errors import BadOption, PathNotFound
from frontlines.eval.events_gold import (
    GoldArticle,
    GoldController,
    GoldEvent,
    _max_matching,
    dates_overlap,
    gold_interval,
    group_gold_events,
    is_scored,
    matches_gold,
    place_matches,
    score_events,
)
from frontlines.events.model import Event
from frontlines.merge.control import asserts_change

__all__ = [
    "ManifestLine",
    "RealGold",
    "TextCheck",
    "check_texts",
    "default_manifest",
    "default_texts",
    "evaluate_realnews",
    "load_manifest",
    "load_real_gold",
    "load_texts",
    "text_digest",
]

TEXTS_FILE = "articles.jsonl"
GOVERNMENT_REGAINS = "Government regains territory"
NONSTATE_OVERTAKES = "Non-state actor overtakes territory"


class ManifestLine(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    url: str
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    query: str
    sha256: str
    conflict: str
    split: Literal["tune", "heldout"]
    kind: Literal["conflict", "general"] = "conflict"
    traps: list[str] = []


class GoldOtherEvent(BaseModel):
    """An ACLED event other than a change of control, as one article states it."""

    model_config = ConfigDict(extra="allow")

    event_type: str
    sub_event_type: str
    place: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    admin: str | None = None
    date: str | list[str] | None = None
    actor1: dict[str, Any] | None = None
    actor2: dict[str, Any] | None = None
    fatalities: dict[str, Any] | None = None
    background: bool = False

    def interval(self) -> tuple[dt.date, dt.date]:
        return gold_interval(self.date)


class RealGold(GoldArticle):
    """A gold line of the real-news set: the seed format plus other events."""

    # a [start, end] range where only bounds are known
    published_truth: str | list[str] | None = None  # type: ignore[assignment]
    annotator: str | None = None
    other_events: list[GoldOtherEvent] = []
    notes: str | None = None


def text_digest(text: str) -> str:
    """SHA-256 of a text's normal form: NFC, runs of white space one space, stripped."""
    normal = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def _repo_eval_dir() -> Path | None:
    for base in (Path.cwd(), Path(__file__).resolve().parents[3]):
        candidate = base / "eval" / "realnews"
        if (candidate / "manifest.jsonl").is_file():
            return candidate
    return None


def default_manifest() -> Path:
    """``eval/realnews/manifest.jsonl`` of the working folder or of the source checkout."""
    found = _repo_eval_dir()
    if found is None:
        raise PathNotFound(path="eval/realnews/manifest.jsonl")
    return found / "manifest.jsonl"


def default_texts(manifest: Path) -> Path:
    """``FRONTLINES_REALNEWS``, else ``.realnews`` at the root of the manifest's checkout."""
    env = os.environ.get("FRONTLINES_REALNEWS")
    if env:
        return Path(env)
    return manifest.resolve().parent.parent.parent / ".realnews"


def _jsonl(path: Path) -> Iterable[tuple[int, dict[str, Any]]]:
    if not path.is_file():
        raise PathNotFound(path=str(path))
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield n, json.loads(line)
        except json.JSONDecodeError as exc:
            raise BadOption(detail=f"{path}:{n} is not JSON: {exc.msg}") from exc


def load_manifest(path: Path) -> list[ManifestLine]:
    out, seen = [], set()
    for n, obj in _jsonl(Path(path)):
        try:
            line = ManifestLine.model_validate(obj)
        except ValidationError as exc:
            raise BadOption(detail=f"{path}:{n} is not a valid manifest line: {exc}") from exc
        if line.id in seen:
            raise BadOption(detail=f"{path}:{n}: id {line.id} appears twice")
        seen.add(line.id)
        out.append(line)
    return out


def load_real_gold(path: Path) -> dict[str, RealGold]:
    out = {}
    for n, obj in _jsonl(Path(path)):
        try:
            gold = RealGold.model_validate(obj)
            for e in gold.events:
                e.interval()
            for o in gold.other_events:
                o.interval()
        except (ValueError, ValidationError) as exc:
            raise BadOption(detail=f"{path}:{n} is not a valid gold line: {exc}") from exc
        out[gold.id] = gold
    return out


def load_texts(folder: Path) -> dict[str, str]:
    """id -> text from ``FOLDER/articles.jsonl``, and from any other ``*.jsonl`` in the folder
    (a rebuild written in parts, ``chunk1.jsonl``…, read after it); a later line for an id wins."""
    path = Path(folder)
    paths = [path]
    if path.is_dir():
        parts = sorted(p for p in path.glob("*.jsonl") if p.name != TEXTS_FILE)
        paths = [path / TEXTS_FILE, *parts] if (path / TEXTS_FILE).exists() or not parts else parts
    return {
        str(obj.get("id")): str(obj.get("text") or "")
        for p in paths
        for _, obj in _jsonl(p)
        if obj.get("id") and obj.get("text")  # a line without a text (a to-do list) is no copy
    }


@dataclass
class TextCheck:
    manifest: int
    matching: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    different: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.missing and not self.different

    def to_json(self) -> dict[str, Any]:
        return {
            "manifest": self.manifest,
            "matching": len(self.matching),
            "missing": self.missing,
            "different": self.different,
            "extra": self.extra,
        }

    @property
    def text(self) -> str:
        lines = [
            f"{len(self.matching)} of {self.manifest} texts present and matching their hash",
        ]
        if self.missing:
            lines.append(f"missing ({len(self.missing)}): {', '.join(self.missing)}")
        if self.different:
            lines.append(
                f"different from the hash ({len(self.different)}): {', '.join(self.different)}"
            )
        if self.extra:
            lines.append(f"not in the manifest ({len(self.extra)}): {', '.join(self.extra)}")
        return "\n".join(lines)


def check_texts(manifest: Sequence[ManifestLine], folder: Path) -> TextCheck:
    return _check(manifest, load_texts(folder))


def _check(manifest: Sequence[ManifestLine], texts: dict[str, str]) -> TextCheck:
    check = TextCheck(manifest=len(manifest))
    for line in manifest:
        text = texts.get(line.id)
        if text is None or not text.strip():
            check.missing.append(line.id)
        elif text_digest(text) != line.sha256:
            check.different.append(line.id)
        else:
            check.matching.append(line.id)
    known = {m.id for m in manifest}
    check.extra = sorted(i for i in texts if i not in known)
    return check


# -- scoring -------------------------------------------------------------------------------


def _trap_reason(e: GoldEvent) -> str:
    extra = e.model_extra or {}
    if extra.get("facility"):
        return "facility"
    if extra.get("modality") == "denied":
        return "denied"
    return "partial"


def _claimed(e: GoldEvent) -> bool:
    return (e.model_extra or {}).get("modality") == "claimed"


def _system_claimed(e: Event) -> bool:
    return bool(e.reports) and all(str(r.modality) == "claimed" for r in e.reports)


def _place_country(e: GoldEvent) -> str | None:
    """The country a gold place is in: its admin code's, else its GeoNames entry's."""
    if e.admin:
        return e.admin.split(".")[0].upper()
    if e.geonameid is None:
        return None
    from frontlines.geo.geoparse import default_gazetteer

    place = default_gazetteer().get(e.geonameid)
    return place.country_code.upper() if place and place.country_code else None


def territorial_sub_event(e: GoldEvent) -> str:
    """ACLED's sub-event type of a gold change: the gold's own, else by who took it where."""
    own = (e.model_extra or {}).get("sub_event_type")
    if own:
        return str(own)
    nc: GoldController = e.new_controller
    if nc.kind == "state" and nc.country.upper() == (_place_country(e) or ""):
        return GOVERNMENT_REGAINS
    return NONSTATE_OVERTAKES


NEAR_MISSES = (("place", "wrong place"), ("date", "wrong date"), ("controller", "wrong side"))


def _near_miss(events: Sequence[Event], golds: Sequence[GoldEvent]) -> str | None:
    """What a change got wrong when it matches with one part left out (place, date, side)."""
    for part, why in NEAR_MISSES:
        if any(matches_gold(e, g, **{part: False}) for e in events for g in golds):
            return why
    return None


def _ratio(right: int, total: int) -> dict[str, Any]:
    return {"right": right, "total": total, "share": right / total if total else None}


def weighted_f1(pairs: Sequence[tuple[str, str]]) -> float | None:
    """F1 per gold class over (gold, system) label pairs, weighted by the class's gold support."""
    if not pairs:
        return None
    support = Counter(g for g, _ in pairs)
    total = 0.0
    for label, n in support.items():
        tp = sum(1 for g, s in pairs if g == label and s == label)
        fp = sum(1 for g, s in pairs if s == label and g != label)
        fn = n - tp
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        total += f1 * n
    return total / len(pairs)


_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")


def _sentence_with(text: str, words: str | None) -> str | None:
    if not words:
        return None
    key = words.split(",")[0].strip().lower()
    for m in _SENTENCE.finditer(text):
        if key and key in m.group(0).lower():
            return m.group(0).strip()
    return None


@dataclass
class Subset:
    """What one row of the report scores: some manifest lines and the system events they report."""

    lines: list[ManifestLine]
    golds: dict[str, RealGold]
    events: list[Event]  # every system event of the run
    article_of: dict[str, str]  # manifest id -> stored article id
    texts: dict[str, str] = field(default_factory=dict)  # manifest id -> text, for miss sentences


def _events_of(events: Sequence[Event], article_ids: set[str]) -> list[Event]:
    return [e for e in events if any(r.article_id in article_ids for r in e.reports)]


def score_subset(sub: Subset) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The figures of one subset and its error records (misses, false events, wrong types)."""
    lines = [m for m in sub.lines if m.id in sub.article_of]
    ids = {m.id for m in lines}
    stored = {sub.article_of[i] for i in ids}
    manifest_of = {sub.article_of[i]: i for i in ids}
    mine = _events_of(sub.events, stored)
    # the changes the system asserts: what its control timeline is built from (a planned or
    # denied capture, part of a town, a facility in it or a count of villages are not)
    territorial = [e for e in mine if asserts_change(e)]
    golds = [sub.golds[m.id] for m in lines if m.id in sub.golds]
    # (the publication-date truth is not scored here: a range would not parse as one date)
    scored_golds = [
        g.model_copy(
            update={"events": [e for e in g.events if is_scored(e)], "published_truth": None}
        )
        for g in golds
    ]
    article_map = {g.id: sub.article_of[g.id] for g in golds}

    overall = score_events(territorial, scored_golds, article_map=article_map)
    claimed_golds = [
        g.model_copy(update={"events": [e for e in g.events if _claimed(e)]}) for g in scored_golds
    ]
    claimed = score_events(
        [e for e in territorial if _system_claimed(e)], claimed_golds, article_map=article_map
    )

    # near misses: of the gold changes found with two parts right, the share with the third right
    groups = group_gold_events(scored_golds)
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for grp in groups:
        arts = {sub.article_of[a] for a, _, _ in grp.members}
        cands = _events_of(territorial, arts)
        ge = grp.members[0][2]
        full = any(matches_gold(e, ge) for e in cands)
        for part, _ in NEAR_MISSES:
            if any(matches_gold(e, ge, **{part: False}) for e in cands):
                total[part] += 1
                right[part] += full

    errors: list[dict[str, Any]] = []
    conflict_of = {m.id: m.conflict for m in lines}
    split_of = {m.id: m.split for m in lines}

    def record(kind: str, reason: str, mid: str, **more: Any) -> None:
        errors.append(
            {
                "kind": kind,
                "reason": reason,
                "id": mid,
                "conflict": conflict_of.get(mid),
                "split": split_of.get(mid),
                **more,
            }
        )

    unmatched_gold = set(overall.unmatched_gold)
    for grp in groups:
        if grp.key not in unmatched_gold:
            continue
        mid, _, ge = grp.members[0]
        cands = _events_of(territorial, {sub.article_of[mid]})
        reason = _near_miss(cands, [ge]) or "no event"
        record(
            "missed change",
            reason,
            mid,
            place=ge.place,
            date=ge.date,
            new_controller=ge.new_controller.model_dump(),
            background=ge.background,
            sentence=_sentence_with(sub.texts.get(mid, ""), ge.place),
        )
    unmatched_system = set(overall.unmatched_system)
    general = {m.id for m in lines if m.kind == "general"}
    for e in territorial:
        if e.id not in unmatched_system:
            continue
        report_ids = [manifest_of[r.article_id] for r in e.reports if r.article_id in manifest_of]
        mid = report_ids[0]
        stated = [t for i in report_ids if i in sub.golds for t in sub.golds[i].events]
        trap = next((t for t in stated if not is_scored(t) and matches_gold(e, t)), None)
        if any(i in general for i in report_ids):
            reason = "general news"
        elif trap is not None:
            reason = _trap_reason(trap)
        else:
            reason = _near_miss([e], stated) or "not in gold"
        _false(record, "false change", reason, mid, e)

    # sub-event types: system events of any type paired with gold events of any type
    pairs: list[tuple[str, str]] = []
    gold_types: Counter[str] = Counter()
    for g in golds:
        items: list[tuple[str, Any]] = [
            (territorial_sub_event(e), e) for e in g.events if is_scored(e)
        ]
        items += [(o.sub_event_type, o) for o in g.other_events]
        gold_types.update(t for t, _ in items)
        sys_events = _events_of(mine, {sub.article_of[g.id]})
        near = {
            i: [
                j
                for j, (_, ge) in enumerate(items)
                if place_matches(e.place, ge) and (ge.date is None or dates_overlap(e, ge))
            ]
            for i, e in enumerate(sys_events)
        }
        # pairs of the same type first, then the rest among what is left unpaired
        same = {
            i: [j for j in js if items[j][0] == sys_events[i].sub_event_type]
            for i, js in near.items()
        }
        paired = _max_matching(same, len(sys_events))
        taken = set(paired.values())
        rest = {i: [j for j in js if j not in taken] for i, js in near.items() if i not in paired}
        paired.update(_max_matching(rest, len(sys_events)))
        for i, j in sorted(paired.items()):
            gold_type, ge = items[j]
            e = sys_events[i]
            pairs.append((gold_type, e.sub_event_type))
            if gold_type != e.sub_event_type:
                _false(record, "wrong type", f"gold {gold_type}", g.id, e)
    produced = Counter(e.sub_event_type for e in mine)
    general_events = _events_of(mine, {sub.article_of[i] for i in general})
    for e in general_events:
        if e.territory is None:  # false changes were recorded above
            mid = next(manifest_of[r.article_id] for r in e.reports if r.article_id in manifest_of)
            _false(record, "false event", "general news", mid, e)

    n_general = len(general)
    figures = {
        "articles": len(lines),
        "conflict_articles": len(lines) - n_general,
        "general_articles": n_general,
        "territory": {
            "all": overall.overall.to_json(),
            "current": overall.current.to_json(),
            "background": overall.background.to_json(),
            "claimed": claimed.overall.to_json(),
        },
        "place_accuracy": _ratio(right["place"], total["place"]),
        "date_accuracy": _ratio(right["date"], total["date"]),
        "controller_accuracy": _ratio(right["controller"], total["controller"]),
        "sub_event": {
            "matched": len(pairs),
            "accuracy": (sum(1 for g, s in pairs if g == s) / len(pairs)) if pairs else None,
            "weighted_f1": weighted_f1(pairs),
            "gold_types": dict(sorted(gold_types.items())),
            "produced_types": dict(sorted(produced.items())),
            "gold_types_never_produced": sorted(t for t in gold_types if t not in produced),
            "per_type": per_type_scores(pairs, gold_types, produced),
        },
        "system_events": len(mine),
        "false_events_general": {
            "events": len(general_events),
            "per_100_articles": 100 * len(general_events) / n_general if n_general else None,
        },
    }
    return figures, errors


def per_type_scores(
    pairs: Sequence[tuple[str, str]], gold_types: Counter[str], produced: Counter[str]
) -> dict[str, dict[str, float | int | None]]:
    """Per sub-event type: precision (of the system's events of the type, the share paired
    with a gold event of that type), recall (of the gold events of the type, the share paired
    with a system event of that type) and support (gold events). Gold lists the events an
    annotator saw, not every one, so precision is a lower bound."""
    right = Counter(g for g, s in pairs if g == s)
    out: dict[str, dict[str, float | int | None]] = {}
    for t in sorted(set(gold_types) | set(produced)):
        out[t] = {
            "precision": right[t] / produced[t] if produced[t] else None,
            "recall": right[t] / gold_types[t] if gold_types[t] else None,
            "support": gold_types[t],
            "produced": produced[t],
        }
    return out


def _false(record: Callable[..., None], kind: str, reason: str, mid: str, e: Event) -> None:
    report = e.reports[0] if e.reports else None
    t = e.territory
    record(
        kind,
        reason,
        mid,
        event_id=e.id,
        event_type=e.event_type,
        sub_event_type=e.sub_event_type,
        place=e.place.name if e.place else None,
        geonameid=e.place.geonameid if e.place else None,
        date=[d.isoformat() if d else None for d in (e.date_start, e.date_end)],
        new_controller=(
            t.new_controller.model_dump(mode="json") if t and t.new_controller else None
        ),
        sentence=report.sentence if report else None,
    )


@dataclass
class RealnewsRun:
    splits: dict[str, dict[str, Any]]
    conflicts: dict[str, dict[str, Any]]
    errors: list[dict[str, Any]]
    missing_texts: list[str]
    different_texts: list[str]
    rejected: list[str] = field(default_factory=list)  # ingested but not kept as articles

    def to_json(self) -> dict[str, Any]:
        return {
            "splits": self.splits,
            "conflicts": self.conflicts,
            "missing_texts": self.missing_texts,
            "different_texts": self.different_texts,
            "rejected": self.rejected,
            "errors": len(self.errors),
        }

    @property
    def text(self) -> str:
        def f(x: float | None) -> str:
            return "-" if x is None else f"{x:.2f}"

        head = (
            f"{'':<26}{'arts':>5}{'gold':>6}{'sys':>5}{'P':>6}{'R':>6}{'F1':>6}"
            f"{'cur P':>7}{'cur R':>7}{'place':>7}{'date':>6}{'side':>6}{'type':>6}{'wF1':>6}{'FE/100':>8}"
        )
        rows = [head]
        for name, fig in [*self.splits.items(), *sorted(self.conflicts.items())]:
            t, c = fig["territory"]["all"], fig["territory"]["current"]
            rows.append(
                f"{name:<26}{fig['articles']:>5}{t['gold']:>6}{t['system']:>5}{f(t['precision']):>6}"
                f"{f(t['recall']):>6}{f(t['f1']):>6}{f(c['precision']):>7}{f(c['recall']):>7}"
                f"{f(fig['place_accuracy']['share']):>7}{f(fig['date_accuracy']['share']):>6}"
                f"{f(fig['controller_accuracy']['share']):>6}{f(fig['sub_event']['accuracy']):>6}"
                f"{f(fig['sub_event']['weighted_f1']):>6}"
                f"{f(fig['false_events_general']['per_100_articles']):>8}"
            )
            if name == "all":
                rows.append("")
        if self.missing_texts:
            rows.append(f"\n{len(self.missing_texts)} articles without a text were not scored")
        if self.rejected:
            rows.append(f"{len(self.rejected)} articles rejected at ingest (scored with no events)")
        if self.different_texts:
            rows.append(f"{len(self.different_texts)} texts differ from their hash (scored anyway)")
        return "\n".join(rows)


def evaluate_realnews(
    manifest_path: Path,
    *,
    gold_path: Path | None = None,
    texts: Path | None = None,
    split: str = "all",
    db: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> RealnewsRun:
    """Ingest the set's texts into a temporary store and score them (module docstring)."""
    from frontlines.library import Frontlines

    manifest_path = Path(manifest_path)
    manifest = load_manifest(manifest_path)
    gold_path = gold_path or manifest_path.with_name("gold.jsonl")
    golds = load_real_gold(gold_path)
    folder = texts or default_texts(manifest_path)
    all_texts = load_texts(folder)
    check = _check(manifest, all_texts)
    chosen = [m for m in manifest if split == "all" or m.split == split]
    present = [m for m in chosen if all_texts.get(m.id, "").strip()]
    if not present:
        raise BadOption(
            detail=f"no texts of the {split} split in {folder}: rebuild them (eval/realnews/README.md)"
        )
    with tempfile.TemporaryDirectory(prefix="frontlines-realnews-") as tmp:
        source = Path(tmp) / "realnews.jsonl"
        with source.open("w", encoding="utf-8") as out:
            for m in present:
                out.write(
                    json.dumps(
                        {
                            "text": all_texts[m.id],
                            "url": m.url,
                            "title": m.title,
                            "outlet": m.outlet,
                            "published": m.published,
                        },
                        ensure_ascii=False,
                    )
                    + "\n"
                )
        with Frontlines(db or str(Path(tmp) / "eval.db")) as fl:
            fl.ingest([str(source)], require_any=True)
            by_line: dict[int, str] = {}
            by_url: dict[str, str] = {}
            for a in fl.articles():
                _, _, frag = a.source.partition("#line=")
                if frag.isdigit():
                    by_line[int(frag)] = a.id
                if a.url:
                    by_url[a.url] = a.id
            # an article the pipeline rejected is scored with no events: its changes are misses
            article_of, rejected = {}, []
            for n, m in enumerate(present, 1):
                found = by_line.get(n) or by_url.get(m.url)
                if not found:
                    rejected.append(m.id)
                article_of[m.id] = found or f"rejected:{m.id}"
            events = fl.store.events()
    texts_by_id = {m.id: all_texts[m.id] for m in present}

    def run(lines: list[ManifestLine]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        return score_subset(
            Subset(
                lines=lines, golds=golds, events=events, article_of=article_of, texts=texts_by_id
            )
        )

    splits: dict[str, dict[str, Any]] = {}
    errors: list[dict[str, Any]] = []
    names = ["all", "tune", "heldout"] if split == "all" else [split]
    for name in names:
        lines = [m for m in present if name == "all" or m.split == name]
        if lines:
            splits[name], errs = run(lines)
            if name == names[0]:
                errors = errs
    conflicts = {}
    for conflict in sorted({m.conflict for m in present}):
        conflicts[conflict] = run([m for m in present if m.conflict == conflict])[0]
    missing = [m.id for m in chosen if m.id not in article_of]
    return RealnewsRun(
        splits=splits,
        conflicts=conflicts,
        errors=errors,
        missing_texts=missing,
        rejected=rejected,
        different_texts=[i for i in check.different if i in {m.id for m in chosen}],
    )
