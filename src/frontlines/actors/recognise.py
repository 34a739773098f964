"""Actor recognition: every phrase in an article that names an actor, resolved to the registry.

Reads: the article text, optionally its spaCy ``Doc`` (sentences, dependencies),
the article's country and date. Sets: :class:`ActorMention` records (registry
or generic actor, offsets into the text, ``via`` alias | generic | pronoun).

One spaCy ``PhraseMatcher`` holds every alias and generic phrase, matched over
the text's words folded to lower case without diacritics, with hyphens and
possessive ``'s`` dropped ("Assad regime's forces" = "Assad regime forces").
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from frontlines.actors.registry import Actor, Alias, Registry, load_registry
from frontlines.events.model import ActorKind, ActorMention, ActorRef
from frontlines.nlp import doc_matches

if TYPE_CHECKING:
    from spacy.tokens import Doc

_TOKEN = re.compile(r"\w+|[^\w\s]")
_APOSTROPHES = frozenset("'’‘ʼ`")
_HYPHENS = frozenset("-‐‑‒–")
_JOINERS = frozenset({"and", "or", ","})
_SENT_BREAK = re.compile(r"(?<=[.!?])[\"”’)\]]*\s+(?=[\"“‘'(\[A-Z0-9])|\n\s*")
_FOLLOW_UP = re.compile(
    r"\b(?:the\s+(group|militia|militants|rebels|insurgents|organi[sz]ation|movement)|(they|them))\b",
    re.IGNORECASE,
)
_REPORTING = frozenset({"said", "say", "says", "told", "added", "reported", "stated", "noted"})
_NAMED_ARMED = frozenset(
    {
        ActorKind.REBEL_GROUP,
        ActorKind.POLITICAL_MILITIA,
        ActorKind.IDENTITY_MILITIA,
        ActorKind.EXTERNAL_FORCES,
    }
)
_FOLLOW_UP_KINDS: dict[str, frozenset[ActorKind]] = {
    "group": _NAMED_ARMED,
    "organisation": _NAMED_ARMED,
    "organization": _NAMED_ARMED,
    "movement": _NAMED_ARMED,
    "militia": _NAMED_ARMED - {ActorKind.EXTERNAL_FORCES},
    "militants": _NAMED_ARMED - {ActorKind.EXTERNAL_FORCES},
    "rebels": frozenset({ActorKind.REBEL_GROUP}),
    "insurgents": frozenset({ActorKind.REBEL_GROUP}),
}
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})

_fold_cache: dict[str, str] = {}


def _fold(word: str) -> str:
    """Lower case without diacritics: "Türkiye" → "turkiye"."""
    folded = _fold_cache.get(word)
    if folded is None:
        decomposed = unicodedata.normalize("NFKD", word)
        folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
        if len(_fold_cache) > 200_000:
            _fold_cache.clear()
        _fold_cache[word] = folded
    return folded


@dataclass(frozen=True)
class _Words:
    """The words a matcher sees: raw text, folded key and character offsets of each."""

    raw: list[str]
    keys: list[str]
    starts: list[int]
    ends: list[int]


def _words(text: str) -> _Words:
    """Split into words and punctuation, dropping hyphens, apostrophes and possessive "s"."""
    raw: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    after_apostrophe = False
    for m in _TOKEN.finditer(text):
        word = m.group()
        if word in _HYPHENS or word in _APOSTROPHES:
            after_apostrophe = word in _APOSTROPHES
            continue
        if after_apostrophe and word in ("s", "S"):
            after_apostrophe = False
            continue
        after_apostrophe = False
        raw.append(word)
        starts.append(m.start())
        ends.append(m.end())
    return _Words(raw, [_fold(w) for w in raw], starts, ends)


@dataclass(frozen=True)
class _Target:
    """What a matched phrase may name, and the checks it must pass first."""

    what: str  # actor | generic | block
    ref: str  # actor id, or generic class name
    country: str | None = None  # generic: the country a demonym or name gives; None: the article's
    exact: tuple[str | None, ...] | None = None  # case-sensitive words (None: any case)
    capital: bool = False  # the first letter must be upper case (names, demonyms)
    local: bool = False  # only in articles about the actor's countries
    bare_country: bool = False  # a country name alone: place and backer filters apply
    demonym: bool = False  # starts with a demonym, so "Syrian and Russian jets" coordinates


class _Matcher:
    """Every alias and generic phrase of a registry in one PhraseMatcher."""

    def __init__(self, registry: Registry) -> None:
        from spacy.matcher import PhraseMatcher
        from spacy.vocab import Vocab

        self.vocab = Vocab()
        self.matcher = PhraseMatcher(self.vocab, attr="ORTH")
        self.targets: dict[str, list[_Target]] = {}
        self.demonyms: dict[str, str] = {}  # folded one-word demonym → country
        generic = registry.generic
        self.place_before = frozenset(_fold(w) for w in generic.place_words_before)
        self.backer_after = frozenset(_fold(w) for w in generic.backer_words_after)

        for actor in registry.actors.values():
            for alias in actor.aliases:
                self._add(alias, _Target("actor", actor.id, local=alias.local))
        for cls, spec in generic.classes.items():
            for phrase in spec.phrases:
                self._add(Alias(text=phrase), _Target("generic", cls))
        for alias in generic.non_actors:
            self._add(alias, _Target("block", ""))
        for cc, names in generic.countries.items():
            for demonym in names.demonyms:
                words = _words(demonym.text)
                if len(words.keys) == 1:
                    self.demonyms[words.keys[0]] = cc
                self._add_country_phrases(registry, cc, demonym, demonym=True)
            for name in names.names:
                self._add_country_phrases(registry, cc, name, demonym=False)
                self._add(
                    name,
                    _Target("generic", "state", country=cc, capital=True, bare_country=True),
                )
        patterns = [(key, self._doc(key.split(" "))) for key in self.targets]
        for key, doc in patterns:
            self.matcher.add(key, [doc])

    def _add_country_phrases(
        self, registry: Registry, cc: str, head: Alias, *, demonym: bool
    ) -> None:
        for cls, spec in registry.generic.classes.items():
            for noun in spec.nouns:
                phrase = Alias(text=f"{head.text} {noun}", case_sensitive=head.case_sensitive)
                target = _Target("generic", cls, country=cc, capital=True, demonym=demonym)
                self._add(phrase, target, exact_words=len(_words(head.text).raw))

    def _add(self, alias: Alias, target: _Target, exact_words: int | None = None) -> None:
        words = _words(alias.text)
        if not words.keys:
            return
        if alias.case_sensitive:
            n = len(words.raw) if exact_words is None else exact_words
            exact = tuple(w if i < n else None for i, w in enumerate(words.raw))
            target = replace(target, exact=exact)
        key = " ".join(words.keys)
        bucket = self.targets.setdefault(key, [])
        if target not in bucket:
            bucket.append(target)

    def _doc(self, keys: list[str]) -> Any:
        from spacy.tokens import Doc

        return Doc(self.vocab, words=keys)

    def matches(self, words: _Words) -> list[tuple[str, int, int]]:
        if not words.keys:
            return []
        doc = self._doc(words.keys)
        strings = self.vocab.strings
        return [(strings[mid], s, e) for mid, s, e in self.matcher(doc)]


def _matcher_for(registry: Registry) -> _Matcher:
    if registry._matcher is None:
        registry._matcher = _Matcher(registry)
    return registry._matcher


def _all_caps_context(words: _Words, start: int, end: int) -> bool:
    """A headline in capitals: "WHAT IS LEFT" must not read as Islamic State."""
    neighbours = [words.raw[i] for i in (start - 1, end) if 0 <= i < len(words.raw)]
    return any(len(w) > 1 and w.isalpha() and w.isupper() for w in neighbours)


class _Resolver:
    """Resolves matched spans to actors for one article."""

    def __init__(
        self,
        registry: Registry,
        matcher: _Matcher,
        text: str,
        words: _Words,
        country: str | None,
        date: dt.date | None,
    ) -> None:
        self.registry = registry
        self.matcher = matcher
        self.text = text
        self.words = words
        self.country = country
        self.date = date
        self.resolved: dict[tuple[str, str, str | None], tuple[ActorRef, str]] = {}

    def passes(self, target: _Target, start: int, end: int) -> bool:
        words = self.words
        if target.exact is not None:
            for offset, want in enumerate(target.exact):
                if want is not None and words.raw[start + offset] != want:
                    return False
            short = len(target.exact) == 1 and len(target.exact[0] or "") <= 2
            if short and _all_caps_context(words, start, end):
                return False
        if target.capital and not words.raw[start][:1].isupper():
            return False
        if target.local and self.country is not None:
            actor = self.registry.actors.get(target.ref)
            if actor is not None and not actor.active_in(self.country):
                return False
        if target.bare_country:
            if target.country == self.country:
                return False  # the article's own country named alone is a place
            if start > 0 and words.keys[start - 1] in self.matcher.place_before:
                return False
            tail = self.text[words.ends[end - 1] : words.ends[end - 1] + 1]
            if (
                tail in _HYPHENS
                and end < len(words.keys)
                and words.keys[end] in self.matcher.backer_after
            ):
                return False
        return True

    def choose(self, targets: list[_Target]) -> _Target | None:
        if not targets:
            return None
        blocks = [t for t in targets if t.what == "block"]
        if blocks:
            return blocks[0]
        named = [t for t in targets if t.what == "actor"]
        if named:
            actors = [self.registry.actors[t.ref] for t in named]
            if self.country is not None:
                here = [t for t, a in zip(named, actors, strict=True) if a.active_in(self.country)]
                named = here or named
            if self.date is not None:
                then = [t for t in named if self.registry.actors[t.ref].side_on(self.date)]
                named = then or named
            return named[0]
        return targets[0]

    def mention(self, target: _Target, start: int, end: int) -> ActorMention:
        key = (target.what, target.ref, target.country)
        resolved = self.resolved.get(key)
        if resolved is None:
            resolved = self.resolved[key] = self._resolve(target)
        ref, via = resolved
        s, e = self.words.starts[start], self.words.ends[end - 1]
        # every field is already validated: skip pydantic's checks on the hot path
        return ActorMention.model_construct(actor=ref, text=self.text[s:e], start=s, end=e, via=via)

    def _resolve(self, target: _Target) -> tuple[ActorRef, str]:
        registry = self.registry
        if target.what == "actor":
            actor: Actor = registry.actors[target.ref]
            via = "alias"
        else:
            country = target.country or self.country
            named = (
                registry.state_forces(country, self.date)
                if target.ref == "state" and country
                else None
            )
            actor = named or registry.generic_actor(target.ref, country)
            via = "generic"
        return registry.ref(actor, country=self.country, date=self.date), via


def _longest_first(
    spans: list[tuple[int, int, _Target]], size: int
) -> list[tuple[int, int, _Target]]:
    """Non-overlapping spans, longest first, then leftmost."""
    taken = [False] * size
    kept = []
    for start, end, target in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        if not any(taken[start:end]):
            taken[start:end] = [True] * (end - start)
            kept.append((start, end, target))
    kept.sort(key=lambda s: s[0])
    return kept


def _with_following_noun(spans: list[tuple[int, int, _Target]]) -> list[tuple[int, int, _Target]]:
    """A name and the generic noun after it are one mention: "AQAP militants", "RSF troops"."""
    merged: list[tuple[int, int, _Target]] = []
    for span in spans:
        if merged:
            start, end, target = merged[-1]
            if (
                target.what == "actor"
                and span[0] == end
                and span[2].what == "generic"
                and span[2].country is None
            ):
                merged[-1] = (start, span[1], target)
                continue
        merged.append(span)
    return merged


def _coordinated(
    spans: list[tuple[int, int, _Target]], words: _Words, matcher: _Matcher
) -> list[tuple[int, int, _Target]]:
    """Demonyms joined to a force noun: "Syrian and Russian aircraft" names both states."""
    taken = {i for s, e, _ in spans for i in range(s, e)}
    extra = []
    for start, _end, target in spans:
        if not target.demonym:
            continue
        i = start - 1
        while i >= 1 and words.keys[i] in _JOINERS:
            cc = matcher.demonyms.get(words.keys[i - 1])
            if cc is None or i - 1 in taken or not words.raw[i - 1][:1].isupper():
                break
            extra.append((i - 1, i, _Target("generic", target.ref, country=cc, demonym=True)))
            taken.add(i - 1)
            i -= 2
    return sorted(spans + extra, key=lambda s: s[0])


def _sentence_starts(text: str, doc: Doc | None) -> list[int]:
    if doc is not None and doc_matches(doc, text) and doc.has_annotation("SENT_START"):
        return [s.start_char for s in doc.sents]
    return [0, *(m.end() for m in _SENT_BREAK.finditer(text))]


def _is_subject(doc: Doc | None, text: str, start: int, end: int) -> bool | None:
    """Whether the word at start..end is a grammatical subject; None when the Doc cannot say."""
    if doc is None or not doc_matches(doc, text) or not doc.has_annotation("DEP"):
        return None
    span = doc.char_span(start, end)
    if span is None:
        return None
    return span.root.dep_ in _SUBJECT_DEPS


def _antecedent(
    earlier: list[ActorMention],
    kinds: frozenset[ActorKind] | None,
    doc: Doc | None,
    text: str,
) -> ActorMention | None:
    """The actor a follow-up refers to, among the mentions shortly before it, if it is clear.

    A noun ("the group") takes the last named actor of a fitting kind; "they" and
    "them" need every actor in reach to be the same one, or, with a parse, take
    the last one that was a grammatical subject.
    """
    if kinds is not None:
        return next(
            (m for m in reversed(earlier) if m.via != "generic" and m.actor.kind in kinds), None
        )
    if not earlier:
        return None
    if len({m.actor.id for m in earlier}) == 1:
        return earlier[-1]
    return next((m for m in reversed(earlier) if _is_subject(doc, text, m.start, m.end)), None)


def _follow_ups(text: str, mentions: list[ActorMention], doc: Doc | None) -> list[ActorMention]:
    """Resolve "the group", "the rebels", "they" to an actor named in the two sentences before."""
    if not mentions:
        return mentions
    sentence_starts = _sentence_starts(text, doc)
    result = list(mentions)
    for m in _FOLLOW_UP.finditer(text):
        noun = (m.group(1) or "").lower()
        start, end = m.start(), m.end()
        following = text[end : end + 20].split()
        if following and following[0].lower().strip(",.") in _REPORTING:
            continue  # "they said": whoever speaks, not who acts
        if (
            m.group(2)
            and m.group(2).lower() == "they"
            and _is_subject(doc, text, start, end) is False
        ):
            continue
        sentence = bisect.bisect_right(sentence_starts, start) - 1
        window_start = sentence_starts[max(0, sentence - 2)]
        earlier = [x for x in result if window_start <= x.start and x.end <= start]
        antecedent = _antecedent(earlier, _FOLLOW_UP_KINDS.get(noun), doc, text)
        if antecedent is None:
            continue
        overlapping = [x for x in result if x.start < end and start < x.end]
        if any(x.via != "generic" for x in overlapping):
            continue
        result = [x for x in result if x not in overlapping]
        result.append(
            ActorMention(
                actor=antecedent.actor,
                text=text[start:end],
                start=start,
                end=end,
                via="pronoun",
                refers_to=antecedent.refers_to or (antecedent.start, antecedent.end),
            )
        )
        result.sort(key=lambda x: x.start)
    return result


def find_actors(
    text: str,
    *,
    doc: Doc | None = None,
    country: str | None = None,
    date: dt.date | None = None,
    registry: Registry | None = None,
) -> list[ActorMention]:
    """Every actor mention in ``text``, sorted by start, without overlaps (longest wins).

    ``country``: the article's country (ISO alpha-2), which generic phrases
    ("regime forces", "rebels") belong to and which makes other states' forces
    external. ``date``: the article's date, for sides. ``doc``: a spaCy parse
    of ``text``, used for sentences and subjects only.
    """
    registry = registry or load_registry()
    matcher = _matcher_for(registry)
    words = _words(text)
    resolver = _Resolver(registry, matcher, text, words, country, date)
    spans: list[tuple[int, int, _Target]] = []
    for key, start, end in matcher.matches(words):
        targets = [t for t in matcher.targets[key] if resolver.passes(t, start, end)]
        target = resolver.choose(targets)
        if target is not None:
            spans.append((start, end, target))
    spans = [s for s in _longest_first(spans, len(words.keys)) if s[2].what != "block"]
    spans = _coordinated(_with_following_noun(spans), words, matcher)
    mentions = [resolver.mention(target, start, end) for start, end, target in spans]
    return _follow_ups(text, mentions, doc)
