"""The sentence table: hand-written conflict sentences with the events ACLED would code.

Reads: ``tests/events/sentences.yaml`` (see its header for the format) and the
:class:`EventMention` records an extractor returns for each sentence. Writes
nothing. :func:`load_sentence_table` checks the file; :func:`score_sentence_table`
matches system mentions to expected events and reports precision and recall per
ACLED event and sub-event type, changes of control, false changes of control on
the negative entries, and modality, background, actor and fatality accuracy
over the matched pairs; :func:`format_scores` prints it all as a table.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from frontlines.events.model import ActorKind, ActorRef, EventMention, Modality, PlaceRef

# ACLED's event types and their sub-event types (ACLED codebook, 2023).
ACLED_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}
SUB_EVENT_TYPES: dict[str, str] = {sub: et for et, subs in ACLED_TYPES.items() for sub in subs}

Side = Literal["state", "nonstate"]
Extract = Callable[[str, dt.date, str], list[EventMention]]
"""The system under test: ``extract(text, published, country)`` → the sentence's mentions."""


class SentenceTableError(ValueError):
    """The sentence table cannot be read: the message names the entry and the field."""


# ---------------------------------------------------------------- the file


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ExpectedActor(_Strict):
    kind: ActorKind
    country: str | None = None


class ExpectedTerritory(_Strict):
    """Direction of a change of control: each side is ``ActorKind.is_state`` of the controller."""

    new: Side | None = None
    previous: Side | None = None


class ExpectedCount(_Strict):
    low: int | None = None
    high: int | None = None


class ExpectedEvent(_Strict):
    """One event the sentence states, coded as ACLED would, with how the sentence states it."""

    event_type: str
    sub_event_type: str
    actor1: ExpectedActor | None = None
    actor2: ExpectedActor | None = None
    place: str | None = None
    territory: ExpectedTerritory | None = None
    fatalities: ExpectedCount | None = None
    modality: Modality = Modality.ASSERTED
    background: bool = False

    @model_validator(mode="after")
    def _acled_names(self) -> ExpectedEvent:
        if self.event_type not in ACLED_TYPES:
            raise ValueError(
                f"unknown ACLED event type {self.event_type!r}; choose one of: {', '.join(ACLED_TYPES)}"
            )
        if self.sub_event_type not in ACLED_TYPES[self.event_type]:
            raise ValueError(
                f"{self.sub_event_type!r} is not a sub-event type of {self.event_type!r}; "
                f"choose one of: {', '.join(ACLED_TYPES[self.event_type])}"
            )
        return self

    @property
    def is_current_change(self) -> bool:
        """An asserted change of control that happens now (not claimed, planned, past…)."""
        return (
            self.territory is not None
            and self.modality is Modality.ASSERTED
            and not self.background
        )


class SentenceEntry(_Strict):
    """One row of the table: a sentence, its context, and the events it states."""

    id: str
    conflict: str
    published: dt.date
    country: str
    text: str
    expect: list[ExpectedEvent] = []
    negative: str | None = None  # the trap: advance, siege, denied, background…
    note: str | None = None

    @field_validator("country")
    @classmethod
    def _country_code(cls, value: str) -> str:
        if len(value) != 2 or not value.isalpha() or not value.isupper():
            raise ValueError(
                f"country must be an ISO 3166 alpha-2 code such as 'SY', not {value!r}"
            )
        return value

    @model_validator(mode="after")
    def _consistent(self) -> SentenceEntry:
        text = fold(self.text)
        for i, event in enumerate(self.expect):
            if event.place is not None and fold(event.place) not in text:
                raise ValueError(f"expect.{i}.place {event.place!r} does not occur in the text")
        if self.negative and any(e.is_current_change for e in self.expect):
            raise ValueError(
                "a negative entry must not expect an asserted, current change of control; "
                "give it modality claimed/denied/planned/… or background: true, or drop 'negative'"
            )
        return self


def fold(text: str) -> str:
    """Case-, diacritic- and punctuation-folded: 'Anéfis' = 'anefis', 'Al-Qaim' = 'al qaim'."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = bare.replace("-", " ").replace("'", "").replace("\u2019", "").replace("`", "")
    return " ".join(bare.casefold().split())


def load_sentence_table(path: str | Path) -> list[SentenceEntry]:
    """Read and check the table; a malformed file raises :class:`SentenceTableError` naming the entry."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SentenceTableError(f"cannot read the sentence table {path}: {exc}") from exc
    except yaml.YAMLError as exc:
        raise SentenceTableError(f"{path} is not valid YAML: {exc}") from exc
    if not isinstance(raw, list):
        raise SentenceTableError(f"{path}: expected a list of entries at the top level")
    entries: list[SentenceEntry] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        label = f"entry {i + 1}" + (f" ({item.get('id')})" if isinstance(item, dict) else "")
        try:
            entry = SentenceEntry.model_validate(item)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in err['loc']) or 'entry'}: {err['msg']}"
                for err in exc.errors()
            )
            raise SentenceTableError(f"{path}: {label}: {problems}") from None
        if entry.id in seen:
            raise SentenceTableError(f"{path}: {label}: duplicate id {entry.id!r}")
        seen.add(entry.id)
        entries.append(entry)
    return entries


# ---------------------------------------------------------------- scores


@dataclass
class PRF:
    """True positives, false positives and false negatives of one category."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def support(self) -> int:
        """How many expected events the category has."""
        return self.tp + self.fn


@dataclass
class Accuracy:
    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def add(self, ok: bool) -> None:
        self.correct += ok
        self.total += 1


@dataclass
class EntryResult:
    """What went wrong on one entry: expected events not found, mentions not expected."""

    id: str
    text: str
    missed: list[ExpectedEvent] = field(default_factory=list)
    spurious: list[EventMention] = field(default_factory=list)
    false_changes: list[EventMention] = field(default_factory=list)  # on a negative entry


@dataclass
class SentenceScores:
    """Scores of one extractor on the sentence table."""

    entries: int = 0
    overall: PRF = field(default_factory=PRF)
    by_event_type: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    by_sub_event_type: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    by_conflict: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    territorial: PRF = field(default_factory=PRF)  # any event with a change of control
    negatives: int = 0
    false_changes_on_negatives: int = 0  # asserted, current changes coded on negative entries
    negatives_with_false_change: int = 0
    modality: Accuracy = field(default_factory=Accuracy)  # over matched pairs
    background: Accuracy = field(default_factory=Accuracy)
    actor1: Accuracy = field(default_factory=Accuracy)  # kind + country, where expected gives one
    actor2: Accuracy = field(default_factory=Accuracy)
    fatalities: Accuracy = field(
        default_factory=Accuracy
    )  # low and high, where expected gives them
    errors: list[EntryResult] = field(default_factory=list)

    def summary(self) -> dict[str, float]:
        """Flat numbers, named as floors in ``baseline.json`` name them."""
        numbers = {
            "precision": self.overall.precision,
            "recall": self.overall.recall,
            "f1": self.overall.f1,
            "territorial_precision": self.territorial.precision,
            "territorial_recall": self.territorial.recall,
            "territorial_f1": self.territorial.f1,
            "negatives_clean": (
                1 - self.negatives_with_false_change / self.negatives if self.negatives else 1.0
            ),
            "modality_accuracy": self.modality.value,
            "background_accuracy": self.background.value,
            "actor1_accuracy": self.actor1.value,
            "actor2_accuracy": self.actor2.value,
            "fatalities_accuracy": self.fatalities.value,
        }
        for name, prf in self.by_sub_event_type.items():
            numbers[f"f1:{name}"] = prf.f1
        return numbers


def _side(actor: ActorRef | None) -> Side | None:
    if actor is None:
        return None
    return "state" if actor.kind.is_state else "nonstate"


def _place_matches(expected: str | None, got: PlaceRef | None) -> bool:
    if expected is None:
        return True
    if got is None:
        return False
    want = fold(expected)
    return any(fold(name) == want for name in (got.name, got.text) if name)


def _territory_matches(expected: ExpectedTerritory | None, got: EventMention) -> bool:
    """The new controller's side must agree, as the eval README's gold scoring asks; who held
    the place before is often only implied ("recaptured") and is not part of a match."""
    if expected is None:
        return True
    if got.territory is None:
        return False
    return expected.new is None or expected.new == _side(got.territory.new_controller)


def event_matches(expected: ExpectedEvent, got: EventMention) -> bool:
    """Same type and sub-type, same place (when expected names one), same direction of control."""
    return (
        got.event_type == expected.event_type
        and got.sub_event_type == expected.sub_event_type
        and _place_matches(expected.place, got.place)
        and _territory_matches(expected.territory, got)
    )


def _actor_ok(expected: ExpectedActor, got: ActorRef | None) -> bool:
    return (
        got is not None
        and got.kind is expected.kind
        and (expected.country is None or got.country_code == expected.country)
    )


def _pair_agreement(expected: ExpectedEvent, got: EventMention) -> int:
    """How much beyond the match criterion a pair agrees: prefers the closer of two candidates."""
    return sum(
        (
            got.modality is expected.modality,
            got.background == expected.background,
            expected.actor1 is not None and _actor_ok(expected.actor1, got.actor1),
            expected.place is not None,
        )
    )


def match_entry(expected: list[ExpectedEvent], got: list[EventMention]) -> list[tuple[int, int]]:
    """One-to-one pairs (expected index, mention index), greedily by agreement."""
    candidates = sorted(
        (
            (-_pair_agreement(e, g), i, j)
            for i, e in enumerate(expected)
            for j, g in enumerate(got)
            if event_matches(e, g)
        ),
    )
    used_e: set[int] = set()
    used_g: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, i, j in candidates:
        if i not in used_e and j not in used_g:
            used_e.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def _is_current_change(m: EventMention) -> bool:
    return m.territory is not None and m.modality is Modality.ASSERTED and not m.background


def score_entries(entries: Iterable[SentenceEntry], extract: Extract) -> SentenceScores:
    """Run ``extract`` on every entry and score its mentions against the expected events."""
    scores = SentenceScores()
    for entry in entries:
        scores.entries += 1
        got = list(extract(entry.text, entry.published, entry.country))
        pairs = match_entry(entry.expect, got)
        matched_e = {i for i, _ in pairs}
        matched_g = {j for _, j in pairs}
        result = EntryResult(entry.id, entry.text)
        conflict = scores.by_conflict[entry.conflict]

        for i, j in pairs:
            e, g = entry.expect[i], got[j]
            for prf in (
                scores.overall,
                scores.by_event_type[e.event_type],
                scores.by_sub_event_type[e.sub_event_type],
                conflict,
            ):
                prf.tp += 1
            scores.modality.add(g.modality is e.modality)
            scores.background.add(g.background == e.background)
            if e.actor1 is not None:
                scores.actor1.add(_actor_ok(e.actor1, g.actor1))
            if e.actor2 is not None:
                scores.actor2.add(_actor_ok(e.actor2, g.actor2))
            if e.fatalities is not None:
                scores.fatalities.add(
                    g.fatalities is not None
                    and (g.fatalities.low, g.fatalities.high)
                    == (e.fatalities.low, e.fatalities.high)
                )
            if e.territory is not None and g.territory is not None:
                scores.territorial.tp += 1
            elif e.territory is not None:
                scores.territorial.fn += 1
            elif g.territory is not None:
                scores.territorial.fp += 1

        for i, e in enumerate(entry.expect):
            if i in matched_e:
                continue
            for prf in (
                scores.overall,
                scores.by_event_type[e.event_type],
                scores.by_sub_event_type[e.sub_event_type],
                conflict,
            ):
                prf.fn += 1
            if e.territory is not None:
                scores.territorial.fn += 1
            result.missed.append(e)

        for j, g in enumerate(got):
            if j in matched_g:
                continue
            for prf in (
                scores.overall,
                scores.by_event_type[g.event_type],
                scores.by_sub_event_type[g.sub_event_type],
                conflict,
            ):
                prf.fp += 1
            if g.territory is not None:
                scores.territorial.fp += 1
            result.spurious.append(g)

        if entry.negative:
            scores.negatives += 1
            result.false_changes = [g for g in got if _is_current_change(g)]
            scores.false_changes_on_negatives += len(result.false_changes)
            scores.negatives_with_false_change += bool(result.false_changes)

        if result.missed or result.spurious or result.false_changes:
            scores.errors.append(result)
    return scores


def score_sentence_table(path: str | Path, extract: Extract) -> SentenceScores:
    """Load the table at ``path`` and score ``extract(text, published, country)`` on it."""
    return score_entries(load_sentence_table(path), extract)


# ---------------------------------------------------------------- report


def _row(name: str, prf: PRF, width: int) -> str:
    return (
        f"{name:<{width}} {prf.precision:6.3f} {prf.recall:6.3f} {prf.f1:6.3f} "
        f"{prf.support:5d} {prf.tp:4d} {prf.fp:4d} {prf.fn:4d}"
    )


def _describe_expected(e: ExpectedEvent) -> str:
    bits = [e.sub_event_type, f"@{e.place}" if e.place else "", e.modality.value]
    if e.territory:
        bits.append(f"{e.territory.previous or '?'}->{e.territory.new or '?'}")
    if e.background:
        bits.append("background")
    return " ".join(b for b in bits if b)


def _describe_mention(m: EventMention) -> str:
    bits = [
        m.sub_event_type,
        f"@{m.place.text or m.place.name}" if m.place else "",
        m.modality.value,
    ]
    if m.territory:
        prev = _side(m.territory.previous_controller) or "?"
        new = _side(m.territory.new_controller) or "?"
        bits.append(f"{prev}->{new}")
    if m.background:
        bits.append("background")
    return " ".join(b for b in bits if b)


def format_scores(scores: SentenceScores, *, show_errors: int = 0) -> str:
    """The scores as a plain-text table; ``show_errors`` lists that many entries that went wrong."""
    typed = [
        (f"{sub} ({event_type.split('/')[0].split()[0]})", scores.by_sub_event_type[sub])
        for event_type, subs in ACLED_TYPES.items()
        for sub in subs
        if sub in scores.by_sub_event_type
    ]
    typed += [
        (f"{k} (not ACLED)", scores.by_sub_event_type[k])
        for k in sorted(scores.by_sub_event_type)
        if k not in SUB_EVENT_TYPES
    ]
    width = max([len(name) for name, _ in typed] + [len(k) for k in scores.by_event_type] + [20])
    header = f"{'':<{width}} {'P':>6} {'R':>6} {'F1':>6} {'supp':>5} {'tp':>4} {'fp':>4} {'fn':>4}"
    lines = [f"Sentence table: {scores.entries} entries, {scores.negatives} negatives", ""]
    lines += ["By event type", header]
    lines += [_row(k, v, width) for k, v in sorted(scores.by_event_type.items())]
    lines += ["", "By sub-event type", header]
    lines += [_row(name, prf, width) for name, prf in typed]
    lines += ["", "By conflict", header]
    lines += [_row(k, v, width) for k, v in sorted(scores.by_conflict.items())]
    lines += [
        "",
        header,
        _row("all events", scores.overall, width),
        _row("changes of control", scores.territorial, width),
        "",
        f"false changes of control on negatives: {scores.false_changes_on_negatives} "
        f"in {scores.negatives_with_false_change} of {scores.negatives} entries",
    ]
    for name in ("modality", "background", "actor1", "actor2", "fatalities"):
        acc: Accuracy = getattr(scores, name)
        lines.append(
            f"{name + ' accuracy':<22} {acc.value:6.3f}  ({acc.correct}/{acc.total} matched pairs)"
        )
    if show_errors:
        lines += ["", f"Errors (first {show_errors} of {len(scores.errors)} entries)"]
        for r in scores.errors[:show_errors]:
            lines.append(f"{r.id}: {r.text}")
            lines += [f"    missed   {_describe_expected(e)}" for e in r.missed]
            lines += [f"    spurious {_describe_mention(m)}" for m in r.spurious]
            lines += [f"    FALSE CHANGE {_describe_mention(m)}" for m in r.false_changes]
    return "\n".join(lines)
