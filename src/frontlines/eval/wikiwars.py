"""The WikiWars temporal benchmark: how well we find and resolve time expressions.

Reads: WikiWars ``*.key.xml`` files (Mazur & Dale 2010: 22 Wikipedia war
narratives with inline TIMEX2 annotations) and a time extractor, text in,
TimeMentions out. Writes: :class:`TimeScores`.

Conventions, those of TempEval-3 (UzZaman et al. 2013) unless said:

- Extraction, strict: our span is exactly a gold span. Relaxed: the spans
  overlap; each gold and each of our mentions pairs at most once, greedily,
  largest overlap first.
- Value accuracy: over relaxed pairs whose gold has a val, the share we
  resolved to that val (:func:`~frontlines.eval.timex.timex_matches_value`).
  Golds without a val (or with debris in it) are left out.
- Value F1 (TempEval-3): relaxed F1 × value accuracy.
- Strict + value F1 and relaxed + value F1 (the ACE TERN figures HeidelTime
  publishes): a pair counts only if its extent matches and its value is
  right; a pair whose gold has no val counts on extent alone.
- "value" judges the interval we would put on a timeline
  (:func:`~frontlines.eval.timex.timex_matches_value`); "timex" judges our
  TIMEX2 string against the val, character for character
  (:func:`~frontlines.eval.timex.timex_string_matches`), as the TERN and
  TempEval scorers do: the timex figures are the ones comparable with
  HeidelTime's published numbers.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from frontlines.errors import BadOption, PathNotFound
from frontlines.eval.timex import (
    describe_mention,
    parse_timex_value,
    timex_matches_value,
    timex_string_matches,
)
from frontlines.models import TimeMention

__all__ = [
    "DocScores",
    "GoldTimex",
    "ScoreError",
    "TimeScores",
    "ValueTally",
    "WikiWarsDoc",
    "parse_wikiwars",
    "read_wikiwars",
    "run_wikiwars",
    "score_document",
    "score_wikiwars",
    "timex_matches_value",
    "timex_string_matches",
]

Extractor = Callable[[str], list[TimeMention]]
Progress = Callable[[int, int], None]

# Published figures to compare with; measured by their authors, not here.
REFERENCE: dict[str, Any] = {
    "note": "published figures, not measured here",
    "system": "HeidelTime 1.8, narrative mode",
    "source": "HeidelTime v1.8 evaluation page (microth/heideltime, EvaluationResults.md), "
    "WikiWars corpus, ACE TERN scorer; quoted in ../shared/bench/time/README.md",
    "value_accuracy": 0.898,
    "strict_value_f1": 0.764,
    "relaxed_value_f1": 0.808,
    "strict_f1": 0.831,
    "relaxed_f1": 0.903,
}


@dataclass(frozen=True)
class GoldTimex:
    """One annotated expression: ``text == doc.text[start:end]``."""

    start: int
    end: int
    text: str
    val: str | None
    mod: str | None = None  # TIMEX2 mod: START, MID, END, APPROX, BEFORE...


@dataclass(frozen=True)
class WikiWarsDoc:
    """One narrative as plain text with its gold expressions.

    ``timexes`` holds the outermost TIMEX2 of each nest, the ones scored;
    ``nested`` the inner ones ("1915" in "the first ten months of 1915"),
    kept for reference only.
    """

    name: str
    text: str
    timexes: list[GoldTimex]
    nested: list[GoldTimex] = field(default_factory=list)


# ------------------------------------------------------------------ reading

_TAG = re.compile(r"<(/?)([A-Za-z][\w:.-]*)([^<>]*)>")
_ATTR = re.compile(r"""([A-Za-z_][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_TEXT = re.compile(r"<TEXT\b[^>]*>(.*?)</TEXT\s*>", re.IGNORECASE | re.DOTALL)
_DOCID = re.compile(r"<DOCID\b[^>]*>(.*?)</DOCID\s*>", re.IGNORECASE | re.DOTALL)
_SUFFIX = ".key.xml"


def _attributes(raw: str) -> dict[str, str]:
    return {
        m[1].lower(): html.unescape(m[2] if m[2] is not None else m[3]) for m in _ATTR.finditer(raw)
    }


def _trimmed(text: str, start: int, end: int, attrs: dict[str, str]) -> GoldTimex | None:
    # A few annotations take in a space ("ca. 461 BC "); the expression is the words.
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return None
    return GoldTimex(start, end, text[start:end], attrs.get("val"), attrs.get("mod") or None)


def parse_wikiwars(markup: str, name: str = "") -> WikiWarsDoc:
    """One WikiWars document from its inline-annotated markup.

    The text is what lies inside ``<TEXT>`` (the whole markup if there is
    none) with every tag removed, entities decoded and line ends made
    ``\\n``; gold offsets index that text. Outside TIMEX2, tags are dropped.
    """
    markup = markup.replace("\r\n", "\n").replace("\r", "\n")
    if not name and (docid := _DOCID.search(markup)):
        name = docid[1].strip()
    body_match = _TEXT.search(markup)
    body = body_match[1] if body_match else markup
    pieces: list[str] = []
    length = 0
    open_tags: list[tuple[int, dict[str, str]]] = []
    spans: list[tuple[int, int, int, dict[str, str]]] = []  # depth, start, end, attributes
    last = 0
    for tag in _TAG.finditer(body):
        chunk = html.unescape(body[last : tag.start()])
        pieces.append(chunk)
        length += len(chunk)
        last = tag.end()
        if tag[2].upper() != "TIMEX2" or tag[3].rstrip().endswith("/"):
            continue
        if not tag[1]:
            open_tags.append((length, _attributes(tag[3])))
        elif not open_tags:
            raise BadOption(
                detail=f"WikiWars {name or 'document'}: </TIMEX2> without an opening tag"
            )
        else:
            start, attrs = open_tags.pop()
            spans.append((len(open_tags), start, length, attrs))
    if open_tags:
        raise BadOption(detail=f"WikiWars {name or 'document'}: a <TIMEX2> is never closed")
    pieces.append(html.unescape(body[last:]))
    text = "".join(pieces)
    outer: list[GoldTimex] = []
    inner: list[GoldTimex] = []
    for depth, start, end, attrs in sorted(spans, key=lambda s: (s[1], -s[2])):
        gold = _trimmed(text, start, end, attrs)
        if gold is not None:
            (outer if depth == 0 else inner).append(gold)
    return WikiWarsDoc(name=name, text=text, timexes=outer, nested=inner)


def read_wikiwars(path: Path) -> list[WikiWarsDoc]:
    """The documents of a WikiWars folder (its ``*.key.xml`` files) or of one such file.

    The ``.sgml`` copies beside them carry no annotations and are ignored.
    """
    path = Path(path)
    if not path.exists():
        raise PathNotFound(path=str(path))
    files = sorted(path.glob(f"*{_SUFFIX}")) if path.is_dir() else [path]
    if not files:
        raise BadOption(detail=f"no WikiWars *{_SUFFIX} files in {path}")
    docs = []
    for file in files:
        fallback = file.name.removesuffix(_SUFFIX)
        doc = parse_wikiwars(file.read_text(encoding="utf-8-sig"))
        docs.append(doc if doc.name else WikiWarsDoc(fallback, doc.text, doc.timexes, doc.nested))
    return docs


# ------------------------------------------------------------------ scoring


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class ValueTally:
    """Value accuracy for one kind of gold val (day, month, duration, bc...)."""

    correct: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float:
        return _ratio(self.correct, self.total)


@dataclass(frozen=True)
class ScoreError:
    """One disagreement with the gold, for a person to look at.

    ``kind``: ``missed`` (a gold nothing overlaps), ``spurious`` (ours,
    overlapping no gold), ``span`` (paired, extents differ) or ``value``
    (paired, value wrong). ``start``/``end``/``text`` are the gold's, except
    for ``spurious``; ``ours`` is our text (span, spurious) or our resolution
    (value).
    """

    doc: str
    kind: str
    start: int
    end: int
    text: str
    ours: str | None = None
    val: str | None = None
    mod: str | None = None


@dataclass(kw_only=True)
class _Counts:
    gold: int = 0
    system: int = 0
    strict_tp: int = 0
    relaxed_tp: int = 0
    value_correct: int = 0
    value_total: int = 0
    strict_value_tp: int = 0
    relaxed_value_tp: int = 0
    timex_correct: int = 0  # over the same pairs as value_total
    strict_timex_tp: int = 0
    relaxed_timex_tp: int = 0
    misaligned: int = 0  # our mentions whose text is not text[start:end]: an extractor bug
    by_kind: dict[str, ValueTally] = field(default_factory=dict)
    errors: list[ScoreError] = field(default_factory=list)

    @property
    def strict_p(self) -> float:
        return _ratio(self.strict_tp, self.system)

    @property
    def strict_r(self) -> float:
        return _ratio(self.strict_tp, self.gold)

    @property
    def strict_f1(self) -> float:
        return _f1(self.strict_p, self.strict_r)

    @property
    def relaxed_p(self) -> float:
        return _ratio(self.relaxed_tp, self.system)

    @property
    def relaxed_r(self) -> float:
        return _ratio(self.relaxed_tp, self.gold)

    @property
    def relaxed_f1(self) -> float:
        return _f1(self.relaxed_p, self.relaxed_r)

    @property
    def value_accuracy(self) -> float:
        return _ratio(self.value_correct, self.value_total)

    @property
    def value_f1(self) -> float:
        """TempEval-3's value F1: relaxed extraction F1 times value accuracy."""
        return self.relaxed_f1 * self.value_accuracy

    @property
    def strict_value_p(self) -> float:
        return _ratio(self.strict_value_tp, self.system)

    @property
    def strict_value_r(self) -> float:
        return _ratio(self.strict_value_tp, self.gold)

    @property
    def strict_value_f1(self) -> float:
        """ACE TERN's strict + value F1: exact extent and right value."""
        return _f1(self.strict_value_p, self.strict_value_r)

    @property
    def relaxed_value_p(self) -> float:
        return _ratio(self.relaxed_value_tp, self.system)

    @property
    def relaxed_value_r(self) -> float:
        return _ratio(self.relaxed_value_tp, self.gold)

    @property
    def relaxed_value_f1(self) -> float:
        """ACE TERN's lenient + value F1: overlapping extent and right value."""
        return _f1(self.relaxed_value_p, self.relaxed_value_r)

    @property
    def timex_accuracy(self) -> float:
        """Share of valued pairs whose TIMEX2 string is the gold val (HeidelTime's criterion)."""
        return _ratio(self.timex_correct, self.value_total)

    @property
    def strict_timex_f1(self) -> float:
        """Exact extent and the gold val as our TIMEX2 string (TERN 'strict + VAL')."""
        return _f1(
            _ratio(self.strict_timex_tp, self.system), _ratio(self.strict_timex_tp, self.gold)
        )

    @property
    def relaxed_timex_f1(self) -> float:
        """Overlapping extent and the gold val as our TIMEX2 string (TERN 'lenient + VAL')."""
        return _f1(
            _ratio(self.relaxed_timex_tp, self.system), _ratio(self.relaxed_timex_tp, self.gold)
        )

    def _add(self, other: _Counts) -> None:
        for name in (
            "gold",
            "system",
            "strict_tp",
            "relaxed_tp",
            "value_correct",
            "value_total",
            "strict_value_tp",
            "relaxed_value_tp",
            "timex_correct",
            "strict_timex_tp",
            "relaxed_timex_tp",
            "misaligned",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for label, tally in other.by_kind.items():
            mine = self.by_kind.setdefault(label, ValueTally())
            mine.correct += tally.correct
            mine.total += tally.total
        self.errors.extend(other.errors)

    def _summary(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "system": self.system,
            "strict": {"p": _r(self.strict_p), "r": _r(self.strict_r), "f1": _r(self.strict_f1)},
            "relaxed": {
                "p": _r(self.relaxed_p),
                "r": _r(self.relaxed_r),
                "f1": _r(self.relaxed_f1),
            },
            "value_accuracy": _r(self.value_accuracy),
            "value_correct": self.value_correct,
            "value_total": self.value_total,
            "value_f1": _r(self.value_f1),
            "strict_value_f1": _r(self.strict_value_f1),
            "relaxed_value_f1": _r(self.relaxed_value_f1),
            "timex_accuracy": _r(self.timex_accuracy),
            "timex_correct": self.timex_correct,
            "strict_timex_f1": _r(self.strict_timex_f1),
            "relaxed_timex_f1": _r(self.relaxed_timex_f1),
        }


def _r(x: float) -> float:
    return round(x, 4)


@dataclass(kw_only=True)
class DocScores(_Counts):
    """Scores for one document."""

    name: str


@dataclass(kw_only=True)
class TimeScores(_Counts):
    """Scores over a corpus, with the per-document ones they sum."""

    per_doc: list[DocScores] = field(default_factory=list)

    def to_dict(self, examples: int = 20) -> dict[str, Any]:
        """A JSON-ready summary with up to ``examples`` disagreements of each kind."""
        out = self._summary()
        out = {"corpus": "wikiwars", "documents": len(self.per_doc), **out}
        out["strict"]["tp"] = self.strict_tp
        out["relaxed"]["tp"] = self.relaxed_tp
        out["strict_value"] = {
            "p": _r(self.strict_value_p),
            "r": _r(self.strict_value_r),
            "f1": _r(self.strict_value_f1),
        }
        out["relaxed_value"] = {
            "p": _r(self.relaxed_value_p),
            "r": _r(self.relaxed_value_r),
            "f1": _r(self.relaxed_value_f1),
        }
        out["misaligned"] = self.misaligned
        out["value_by_kind"] = {
            label: {"correct": t.correct, "total": t.total, "accuracy": _r(t.accuracy)}
            for label, t in sorted(self.by_kind.items(), key=lambda kv: -kv[1].total)
        }
        counts: dict[str, int] = {}
        for error in self.errors:
            counts[error.kind] = counts.get(error.kind, 0) + 1
        out["errors"] = {
            "counts": counts,
            "examples": {kind: _spread(self.errors, kind, examples) for kind in counts},
        }
        out["per_doc"] = [{"name": d.name, **d._summary()} for d in self.per_doc]
        out["conventions"] = {
            "strict": "our span equals the gold span",
            "relaxed": "spans overlap; one-to-one, greedy by overlap",
            "value_accuracy": "over relaxed pairs whose gold has a val (TempEval-3)",
            "value_f1": "relaxed F1 x value accuracy (TempEval-3)",
            "strict_value_f1": "exact span and right value (ACE TERN 'strict + VAL')",
            "relaxed_value_f1": "overlapping span and right value (ACE TERN 'lenient + VAL')",
            "value": "our interval (or duration) agrees with the val: frontlines.eval.timex",
            "timex": "our TIMEX2 string equals the val, as TERN/TempEval compare: "
            "the figures comparable with the reference",
            "nested": "only the outermost of nested TIMEX2 is scored",
        }
        out["reference"] = dict(REFERENCE)
        return out


def _spread(errors: list[ScoreError], kind: str, limit: int) -> list[dict[str, Any]]:
    """Up to ``limit`` errors of one kind, spread over the corpus rather than its first pages."""
    chosen = [e for e in errors if e.kind == kind]
    step = max(1, len(chosen) // limit) if limit > 0 else 1
    return [
        {k: v for k, v in vars(e).items() if v is not None and k != "kind"}
        for e in chosen[::step][:limit]
    ]


def _pair(golds: list[GoldTimex], ours: list[TimeMention]) -> list[tuple[int, int]]:
    """One-to-one (gold index, our index) pairs of overlapping spans, largest overlap first."""
    candidates = []
    for gi, g in enumerate(golds):
        for si, s in enumerate(ours):
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap > 0:
                distance = abs(g.start - s.start) + abs(g.end - s.end)
                candidates.append((-overlap, distance, gi, si))
    candidates.sort()
    used_gold: set[int] = set()
    used_ours: set[int] = set()
    pairs = []
    for _, _, gi, si in candidates:
        if gi not in used_gold and si not in used_ours:
            used_gold.add(gi)
            used_ours.add(si)
            pairs.append((gi, si))
    return sorted(pairs)


def score_document(doc: WikiWarsDoc, mentions: list[TimeMention]) -> DocScores:
    """Score our mentions of one document against its gold expressions."""
    golds = doc.timexes
    scores = DocScores(name=doc.name, gold=len(golds), system=len(mentions))
    scores.misaligned = sum(1 for m in mentions if doc.text[m.start : m.end] != m.text)
    pairs = _pair(golds, mentions)
    paired_gold = {gi for gi, _ in pairs}
    paired_ours = {si for _, si in pairs}
    scores.relaxed_tp = len(pairs)
    for gi, si in pairs:
        gold, ours = golds[gi], mentions[si]
        exact = (gold.start, gold.end) == (ours.start, ours.end)
        scores.strict_tp += exact
        if not exact:
            scores.errors.append(
                ScoreError(doc.name, "span", gold.start, gold.end, gold.text, ours=ours.text)
            )
        value = parse_timex_value(gold.val)
        if not value.scored:
            right = same_string = True  # nothing to normalise against: the extent decides
        else:
            right = timex_matches_value(gold.val, ours, mod=gold.mod)
            same_string = timex_string_matches(gold.val, ours)
            scores.timex_correct += same_string
            tally = scores.by_kind.setdefault(value.label, ValueTally())
            tally.total += 1
            tally.correct += right
            scores.value_total += 1
            scores.value_correct += right
            if not right:
                scores.errors.append(
                    ScoreError(
                        doc.name,
                        "value",
                        gold.start,
                        gold.end,
                        gold.text,
                        ours=describe_mention(ours),
                        val=gold.val,
                        mod=gold.mod,
                    )
                )
        scores.relaxed_value_tp += right
        scores.strict_value_tp += right and exact
        scores.relaxed_timex_tp += same_string
        scores.strict_timex_tp += same_string and exact
    for gi, gold in enumerate(golds):
        if gi not in paired_gold:
            scores.errors.append(
                ScoreError(doc.name, "missed", gold.start, gold.end, gold.text, val=gold.val)
            )
    for si, ours in enumerate(mentions):
        if si not in paired_ours:
            scores.errors.append(
                ScoreError(
                    doc.name,
                    "spurious",
                    ours.start,
                    ours.end,
                    ours.text,
                    ours=describe_mention(ours),
                )
            )
    return scores


def score_wikiwars(
    docs: list[WikiWarsDoc], extractor: Extractor, *, progress: Progress | None = None
) -> TimeScores:
    """Run ``extractor`` on each document's text and score it (conventions: module docstring)."""
    total = TimeScores()
    for i, doc in enumerate(docs, 1):
        scores = score_document(doc, extractor(doc.text))
        total.per_doc.append(scores)
        total._add(scores)
        if progress is not None:
            progress(i, len(docs))
    return total


def run_wikiwars(
    path: Path, *, use_model: bool = True, progress: Progress | None = None
) -> TimeScores:
    """Score ``frontlines.time.extract_times`` (narrative mode, no publication date) on WikiWars."""
    from frontlines.time import extract_times

    docs = read_wikiwars(path)

    from frontlines.time.extract import PERIOD

    def extractor(text: str) -> list[TimeMention]:
        found = extract_times(text, published=None, narrative=True, use_model=use_model)
        return [m for m in found if m.source != PERIOD]  # a war's name is no TIMEX2

    return score_wikiwars(docs, extractor, progress=progress)
