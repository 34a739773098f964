"""Triage before the parse: does an article need the full pipeline at all?

An article yields events only inside ACLED's scope (:func:`frontlines.events.extract.scope_of`):
it must use a word of armed conflict or protest, or name an armed actor. Both tests read
lemmas and recognised actors, which need the parse; this one reads the raw text with the
same word lists and the actor finder (which reads raw text), so it is cheap. A text that
names no armed actor (police, a government or "they" standing for one are not armed) and
uses fewer families of scope words than make an article about a war as a whole
(``conflict_min_words``) is either out of scope, or in scope only for events whose sentence
names an armed actor of its own: it has none, so its parse would find nothing. It is kept
(stored, with this reason as its scope), and ``frontlines reprocess --no-triage`` parses it
after all.

The test errs towards parsing: word forms are generated generously, and a text too short
to judge by its words is always parsed. One difference is by design: a country's name never
counts as an armed actor here, while the scope test drops it only where the geoparser
places it as the country; where it places it elsewhere ("Palestine", a town in Texas) the
scope test counts the country's forces. On LGL that is the one event of 38 the triage
changes (a traffic arrest in Texas coded as an abduction by Palestine's forces), while it
skips 530 of its 584 articles; on GeoWebNews it skips 178 of 200 and changes none of 22.

Where such a text does name an armed actor, but no armed group by name and too few words
of war to be about one (the scope test's "actors" level), its events can only be in the
sentences naming one: those, a sentence on either side (a date, "the town", who "they" are)
and the first are parsed, the rest blanked in place (:func:`masked_text`: offsets hold),
and the scope's reason says so. On the benchmark stream's 18 such articles the events are
those of the whole parse; on a stream of sentences of many articles, 41 of 42.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from frontlines.events.lexicon import load_event_lexicon

if TYPE_CHECKING:
    from frontlines.events.model import ActorMention

WORD = re.compile(r"[^\W\d_]+")  # runs of letters: "army's" gives "army" as the parse does
_HYPHENATED = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")  # "sit-in"
# the parse counts words a little differently ("don't"): a text this close to the scope test's
# threshold of length is parsed
_MARGIN = 10


def _forms(lemma: str) -> set[str]:
    """The forms an English noun or verb can take, generously ("bomb": bombs, bombed,
    bombing; "clash": clashes; "militia": militias)."""
    w = lemma.lower()
    out = {w, w + "s", w + "es", w + "ed", w + "d", w + "ing", w + "er", w + "ers"}
    if w.endswith("e"):
        out |= {w[:-1] + "ing", w[:-1] + "ed"}
    if w.endswith("y"):
        out |= {w[:-1] + "ies", w[:-1] + "ied"}
    if len(w) > 2 and w[-1] not in "aeiouwxy" and w[-2] in "aeiou":
        out |= {w + w[-1] + "ed", w + w[-1] + "ing"}  # "ambush" no, "plot": plotted
    return out


@lru_cache(maxsize=1)
def _scope_forms() -> frozenset[str]:
    lex = load_event_lexicon()
    words: set[str] = set()
    for lemma in lex.scope_words:
        words |= _forms(lemma)
    return frozenset(words)


@lru_cache(maxsize=1)
def _scope_families() -> dict[str, str]:
    """Each form of a scope word -> its family's first word ("protesters" -> "protest"), as the
    scope test counts distinct families."""
    lex = load_event_lexicon()
    out: dict[str, str] = {}
    for lemma in sorted(lex.scope_words):
        family = lex.scope_family.get(lemma, lemma)
        for form in _forms(lemma):
            out.setdefault(form, family)
    return out


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    """Countries' names ("France" the team is no armed actor; the scope test knows them as
    places, which this one has not looked up)."""
    import pycountry

    from frontlines.actors.registry import load_registry

    names = {n.text.lower() for c in load_registry().generic.countries.values() for n in c.names}
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            if getattr(c, attr, None):
                names.add(str(getattr(c, attr)).lower())
    return frozenset(names)


def _armed_actors(text: str) -> list[ActorMention]:
    """The armed actors, protesters or rioters the text names, as the scope test counts them
    (not police alone, not a country's name)."""
    from frontlines.actors import find_actors
    from frontlines.events.extract import scope_actors

    return scope_actors(find_actors(text), load_event_lexicon(), (), country_names=_country_names())


# A sentence ends at a line break, or at ., ! or ? (and a closing quote or bracket) before
# white space and a capital, a digit or an opening quote; not after a title or an initial
_SENTENCE_END = re.compile(
    r"\n+|(?<=[.!?])[\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])"
)
_NOT_AN_END = re.compile(
    r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|Sgt|Lt|Col|Gen|Capt|Maj|Gov|Sen|Rep|Jr|Sr|No|vs|Mt|Ft"
    r"|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|U\.S|U\.N|U\.K|etc))\.$"
)
# an article at the "actors" level has its events only in sentences naming an armed actor; a
# sentence on either side is parsed too (it dates the event, names "the town", says who "they"
# are); where that is most of the text, all of it is parsed
_NEIGHBOURS = 1
_PARTIAL_MAX_SHARE = 0.6


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of the text's sentences, as a cheap splitter finds them (generous:
    a sentence it cannot tell apart stays whole with its neighbour)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if "\n" not in m.group(0) and _NOT_AN_END.search(
            text[max(start, m.start() - 6) : m.start()]
        ):
            continue
        if m.end() > start:
            spans.append((start, m.end()))
            start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


@dataclass(frozen=True)
class TriagePlan:
    """What the parse of one article covers: nothing (``reason`` says why), all of it
    (``parse`` None), or the character ranges in ``parse`` (``note`` says which)."""

    reason: str | None = None
    parse: tuple[tuple[int, int], ...] | None = None
    note: str | None = None


def _partial(text: str, armed: list[ActorMention]) -> TriagePlan:
    """The sentences naming an armed actor, their neighbours and the first (a headline, a
    dateline): all an article at the "actors" level can have its events in."""
    spans = sentence_spans(text)
    keep = {0}
    for n, (a, b) in enumerate(spans):
        if any(a <= m.start < b for m in armed):
            keep |= set(range(max(0, n - _NEIGHBOURS), min(len(spans), n + _NEIGHBOURS + 1)))
    kept = sum(spans[n][1] - spans[n][0] for n in keep)
    if kept >= _PARTIAL_MAX_SHARE * len(text):
        return TriagePlan()
    ranges: list[tuple[int, int]] = []
    for n in sorted(keep):
        a, b = spans[n]
        if ranges and ranges[-1][1] == a:
            ranges[-1] = (ranges[-1][0], b)
        else:
            ranges.append((a, b))
    return TriagePlan(
        parse=tuple(ranges),
        note=(
            f"parsed {len(keep)} of {len(spans)} sentences (those naming an armed actor, "
            "their neighbours and the first): the article names no armed group and too few "
            "words of war to be about one"
        ),
    )


def masked_text(text: str, ranges: Sequence[tuple[int, int]]) -> str:
    """The text with everything outside ``ranges`` made blank (line breaks kept, and one
    where a blank stretch ends, so the next kept sentence starts a sentence): the same
    length, so every offset into it is an offset into the text."""
    out = []
    pos = 0
    for a, b in ranges:
        if a > pos:
            out.append(_blank(text[pos:a])[:-1] + "\n")
        out.append(text[a:b])
        pos = b
    if pos < len(text):
        out.append(_blank(text[pos:]))
    return "".join(out)


def _blank(part: str) -> str:
    """``part`` as white space of the same length, its line breaks kept."""
    return "".join("\n" if c == "\n" else " " for c in part)


def triage_reason(text: str) -> str | None:
    """None when the article needs the parse; else why not (kept as its scope reason)."""
    return triage_plan(text).reason


def triage_plan(text: str) -> TriagePlan:
    """Whether an article needs the parse, and of what: all of it, the sentences where its
    events can be, or nothing (with the reason, kept as its scope reason)."""
    lex = load_event_lexicon()
    words = WORD.findall(text)
    if lex.scope_min <= 0 or len(words) < lex.scope_text_words + _MARGIN:
        return TriagePlan()  # too short to judge by its words: its triggers decide, after the parse
    lowered = {w.lower() for w in words}
    lowered |= {w.lower() for w in _HYPHENATED.findall(text)}
    families = {_scope_families()[w] for w in lowered & _scope_forms()}
    if lex.scope_conflict_min <= 0 and families:
        return TriagePlan()  # every word of war puts the article in scope
    if len(families) >= max(lex.scope_conflict_min, 1):
        return TriagePlan()  # about a war or a protest as a whole: every event counts
    armed = _armed_actors(text)
    if armed:
        from frontlines.events.extract import _generic_id  # extract imports this module

        if any(a.via == "alias" and not _generic_id(a) for a in armed):
            return TriagePlan()  # a named armed group: the scope test reads it as about a war
        return _partial(text, armed)
    if not families:
        return TriagePlan(
            reason="triage: no word of armed conflict or protest and no armed actor named (not parsed)"
        )
    # Fewer words of war than make an article about one: the scope test would keep only
    # events whose sentence names an armed actor of its own, and the text names none.
    said = ", ".join(sorted(families))
    return TriagePlan(
        reason=f"triage: one word of armed conflict or protest ({said}) and no armed actor named (not parsed)"
    )
