"""Toponym recognition: which spans of an article name places.

Reads: article text, optionally a spaCy ``Doc`` (entities and part-of-speech
tags), a :class:`Gazetteer` and the cue words of ``data/place_cues.toml``.
Gives: :class:`Toponym` spans (exact character offsets) and the countries that
demonyms point to ("Syrian" -> SY), which are context, not mentions.

NER labels are not trusted alone (the small model calls towns PERSON, NORP or
ORG): any entity whose text is a gazetteer name is a candidate, capitalised
word runs that are gazetteer names are added, and cues decide what is a person
or an organisation named after a place. A country or admin area that an
organisation's name starts with or names after "of" is a mention ("Texas
Department of Health"), the organisation is not; a leading direction word is
dropped when the rest is the name ("North Texas"); a state abbreviation after a
comma keeps its period ("Athens, Ga."); a possessive "'s" is not part of a
name. ``link_containers`` marks "Town, State" pairs for the resolver.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from spacy.lang.en.stop_words import STOP_WORDS

from frontlines.datafiles import read_toml
from frontlines.geo.names import normalise_name, place_aliases, place_words

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from frontlines.geo.gazetteer import Gazetteer

PLACE_CUES_FILE = "place_cues.toml"
# Gazetteer-only matches (no NER entity) need a place of this many people, or an admin area.
MATCHER_MIN_POPULATION = 5000
# A town inside an organisation's name counts as a mention from this many people.
EMBEDDED_MIN_POPULATION = 50_000
_MAX_NGRAM = 5
# A possessive "'s" is its own token, so "Dublin's" yields the place "Dublin"; so is a
# lower-case compound's tail ("Kharkiv-based", "Gainesville-area"), while names joined
# by hyphens stay whole ("al-Numan", "Stratford-upon-Avon").
_TOKEN = re.compile(r"\w+(?:\.\w+|-(?=\S*[A-Z0-9])\w+|['’](?!s\b)\w+)*\.?|[^\w\s]")
_SENTENCE_END = {".", "!", "?", ":", ";", '"', "“", "”", "—", "-", "(", ")"}
_DATELINE_AFTER = {",", "—", "–", "-", "("}
_ENTITY_LABELS = {"GPE", "LOC", "FAC", "NORP", "PERSON", "ORG"}


@dataclass(frozen=True)
class PlaceCues:
    """The cue words of ``place_cues.toml``, lower case."""

    place_before: frozenset[str]
    place_kind_before: tuple[tuple[str, ...], ...]
    place_verbs: frozenset[str]
    admin_after: frozenset[str]
    person_before: frozenset[str]
    person_after: frozenset[str]
    org_words: frozenset[str]
    org_before: frozenset[str]
    place_kind_after: frozenset[str]
    place_kind_after_skip: frozenset[str]
    not_place_words: frozenset[str]
    government_seats: frozenset[str]
    demonym_suffixes: tuple[str, ...]
    demonym_stems_add: tuple[str, ...]


@cache
def place_cues() -> PlaceCues:
    """Load the packaged cue words once."""
    raw, _ = read_toml(PLACE_CUES_FILE, what="place cues")

    def words(key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in raw.get(key, []))

    return PlaceCues(
        place_before=words("place_before"),
        place_verbs=words("place_verbs"),
        place_kind_before=tuple(tuple(p.lower().split()) for p in raw.get("place_kind_before", [])),
        admin_after=words("admin_after"),
        person_before=words("person_before"),
        person_after=words("person_after"),
        org_words=words("org_words"),
        org_before=words("org_before"),
        place_kind_after=words("place_kind_after"),
        place_kind_after_skip=words("place_kind_after_skip"),
        not_place_words=words("not_place_words"),
        government_seats=frozenset(normalise_name(w) for w in raw.get("government_seats", [])),
        demonym_suffixes=tuple(sorted(set(raw.get("demonym_suffixes", [])), key=len, reverse=True)),
        demonym_stems_add=tuple(raw.get("demonym_stems_add", [""])),
    )


@cache
def _directions() -> frozenset[str]:
    return frozenset(w for w in place_words().direction_words if " " not in w)


@cache
def generic_words() -> frozenset[str]:
    """Words that name a kind or side of place, an organisation or a title, not a place
    ("State", "Central", "University", "Sgt")."""
    words, cues = place_words(), place_cues()
    return (
        frozenset(words.direction_words)
        | frozenset(words.feature_words)
        | cues.org_words
        | cues.person_before
        | cues.not_place_words
        | STOP_WORDS
    )


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str

    @property
    def lower(self) -> str:
        return self.text.lower().rstrip(".")

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


@dataclass
class Toponym:
    """A span that names a place; ``admin_hint`` when a feature word follows ("Hama province")."""

    start: int
    end: int
    text: str
    admin_hint: str | None = None
    source: str = "gazetteer"  # "ner", "gazetteer", "given"
    label: str | None = None
    cue: bool = False  # a place cue stands before it
    within: Toponym | None = None  # the place named right after a comma: "Athens, Ga."
    area: Toponym | None = None  # the admin area it is said to lie in: "X in the Y region"
    dateline: bool = False  # "HOMS -" opening the article: a town in capitals, no acronym


@dataclass
class Recognition:
    """What recognition found: toponyms, and countries named by demonyms (context only)."""

    toponyms: list[Toponym]
    demonym_spans: list[tuple[int, int, str]] = field(default_factory=list)  # start, end, ISO

    @property
    def demonym_countries(self) -> list[str]:
        """The countries the demonyms name, in text order (context for resolution)."""
        return [cc for _, _, cc in self.demonym_spans]


_CONTAINER_GAP = re.compile(r"\s*,\s*")
_LIST_GOES_ON = re.compile(r"\s*(?:,|and\b|or\b)\s*[A-Z]")
# "X in the Y region", "X, in Y province", "X in eastern Y oblast": Y is the area X lies in
_IN_AREA_GAP = re.compile(
    r"\s*,?\s+in\s+(?:the\s+)?(?:(?:north|south|east|west|central)"
    r"(?:ern|-eastern|-western|eastern|western)?\s+)?",
    re.IGNORECASE,
)


def link_containers(text: str, toponyms: list[Toponym]) -> None:
    """Set ``within`` on each toponym followed by ", <toponym>" ("Paris, Texas"): the
    second names the area the first lies in; not in a list that goes on ("stops in
    Washington, New York and Boston"). Set ``area`` on one followed by "in the <name>
    region" (an admin word after the name): the area restricts its candidates.
    ``toponyms`` must be sorted by start."""
    for first, second in zip(toponyms, toponyms[1:], strict=False):
        if (
            first.within is None
            and _CONTAINER_GAP.fullmatch(text[first.end : second.start])
            and not _LIST_GOES_ON.match(text, second.end)
        ):
            first.within = second
        if second.admin_hint is not None and _IN_AREA_GAP.fullmatch(text[first.end : second.start]):
            first.area = second  # "Kamianka in the Kharkiv region": only Kharkiv's Kamiankas


def tokenise(text: str) -> list[Token]:
    """Word and punctuation tokens with their character offsets."""
    return [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


class NameIndex:
    """Normalised exact names of places worth finding without NER (multi-word lookups
    over capitalised runs), and the countries' keys for demonyms."""

    def __init__(self, gazetteer: Gazetteer, min_population: int = MATCHER_MIN_POPULATION):
        self.names: frozenset[str] = frozenset(
            key for key, _ in gazetteer.iter_names(min_population=min_population)
        )
        self.countries: dict[str, str] = gazetteer.country_keys()
        # The places an organisation's name may embed ("Texas Department of Health",
        # "Laurel County Sheriff's Office", "Gainesville Police"): countries, states,
        # counties by their full name and towns of note, but not a county's bare name,
        # which is too often a surname or a brand ("Lincoln Club", "Ford Motor").
        towns = ("PPL", "PPLA", "PPLA2", "PPLC")
        self.embeddable: frozenset[str] = frozenset(
            [key for key, _ in gazetteer.iter_names(feature_codes=("PCLI", "ADM1"))]
            + [key for key, _ in gazetteer.iter_names(feature_codes=("ADM2",)) if " " in key]
            + [
                key
                for key, _ in gazetteer.iter_names(
                    feature_codes=towns,
                    min_population=EMBEDDED_MIN_POPULATION,
                    preferred_only=True,  # "Department of Human Resources" names no Uman
                )
            ]
        )
        # Countries and continents: the only places an acronym outside a GPE may name.
        self.broad: frozenset[str] = frozenset(
            key for key, _ in gazetteer.iter_names(feature_codes=("PCLI", "CONT"))
        )


_INDEXES: dict[str, NameIndex] = {}


def name_index(gazetteer: Gazetteer) -> NameIndex:
    """The (cached, per gazetteer file) name index."""
    key = str(gazetteer.path)
    if key not in _INDEXES:
        _INDEXES[key] = NameIndex(gazetteer)
    return _INDEXES[key]


def demonym_country(word: str, index: NameIndex) -> str | None:
    """The country a demonym names ("Syrian" -> "SY"), or None."""
    low = normalise_name(word)
    listed = place_aliases().demonyms.get(low)
    if listed:
        return listed
    if not low or " " in low or low in index.names:
        return None
    cues = place_cues()
    for suffix in cues.demonym_suffixes:
        if low.endswith(suffix) and len(low) - len(suffix) >= 3:
            stem = low[: -len(suffix)]
            for add in cues.demonym_stems_add:
                cc = index.countries.get(stem + add)
                if cc:
                    return cc
    return None


def _sentence_initial(tokens: list[Token], i: int, text: str) -> bool:
    if i == 0:
        return True
    prev = tokens[i - 1]
    return (
        prev.text in _SENTENCE_END
        or (len(prev.text) > 3 and prev.text.endswith("."))  # "Press. WASHINGTON (AP)"
        or "\n" in text[prev.end : tokens[i].start]
    )


def _person_context(tokens: list[Token], i: int, j: int) -> bool:
    """Tokens i..j-1 look like a person: a title before, a speech verb after."""
    cues = place_cues()
    if i > 0 and tokens[i - 1].lower in cues.person_before:
        return True
    if tokens[i].lower in cues.person_before and j - i > 1:
        return True
    after = tokens[j].lower if j < len(tokens) else ""
    if after in cues.person_after:
        return True
    return j + 1 < len(tokens) and tokens[j].text == "," and tokens[j + 1].lower in {"who", "aged"}


def _org_context(tokens: list[Token], i: int, j: int) -> bool:
    cues = place_cues()
    if tokens[j - 1].lower in cues.org_words:
        return True
    if j < len(tokens) and tokens[j].capitalised and tokens[j].lower in cues.org_words:
        return True
    return i >= 2 and tokens[i - 1].lower == "of" and tokens[i - 2].lower in cues.org_before


def _strong_place_cue(tokens: list[Token], i: int) -> bool:
    """A kind word ("the town of X") or a war verb ("recaptured X") right before ``i``."""
    cues = place_cues()
    if i > 0 and tokens[i - 1].lower in cues.place_verbs:
        return True
    for phrase in cues.place_kind_before:
        n = len(phrase)
        if i >= n and tuple(t.lower for t in tokens[i - n : i]) == phrase:
            return True
    return False


def _kind_after(tokens: list[Token], j: int) -> bool:
    """A place's kind right after the name ending before ``j`` ("Shayrat military airbase")."""
    cues = place_cues()
    if j < len(tokens) and tokens[j].lower in cues.place_kind_after_skip:
        j += 1
    return j < len(tokens) and tokens[j].lower in cues.place_kind_after


def _place_cue(tokens: list[Token], i: int) -> bool:
    """A strong cue, or a preposition that often leads a place ("in X", "near X")."""
    if i > 0 and tokens[i - 1].lower in place_cues().place_before:
        return True
    return _strong_place_cue(tokens, i)


def _admin_after(tokens: list[Token], j: int) -> str | None:
    if j < len(tokens) and tokens[j].lower in place_cues().admin_after:
        return tokens[j].lower
    return None


def admin_word_after(text: str, end: int) -> str | None:
    """The feature word right after ``text[:end]`` ("Hama province" -> "province")."""
    after = text[end : end + 20].split()
    word = after[0].lower().strip(".,;:") if after else ""
    return word if word in place_cues().admin_after else None


def recognise(text: str, gazetteer: Gazetteer, *, doc: Doc | None = None) -> Recognition:
    """Find toponym spans in ``text`` (with ``doc``'s entities and tags when given)."""
    index = name_index(gazetteer)
    tokens = tokenise(text)
    by_start = {t.start: k for k, t in enumerate(tokens)}
    by_end = {t.end: k for k, t in enumerate(tokens)}
    for k, t in enumerate(tokens):  # spaCy ends "in Texas." before the full stop
        if t.text.endswith(".") and len(t.text) > 1:
            by_end.setdefault(t.end - 1, k)
    propn: set[int] = set()
    taken = [False] * len(tokens)
    found: list[Toponym] = []
    demonyms: list[tuple[int, int, str]] = []  # start, end, country
    opening: list[int] = []  # one-word names opening a sentence, kept if named elsewhere
    persons: set[str] = set()  # names seen with person cues: their other mentions are persons too

    def add(i: int, j: int, source: str, label: str | None) -> None:
        if (
            j - i > 1
            and tokens[i].lower in _directions()
            and known(i + 1, j)
            and not gazetteer.has_name(text[tokens[i].start : tokens[j - 1].end])
        ):
            i += 1  # "North Texas": the place is Texas (but "East Bank" is a town)
            if j - i == 1 and normalise_name(tokens[i].text) in generic_words():
                return
        start, end = tokens[i].start, tokens[j - 1].end
        span_text = text[start:end]
        if span_text in place_aliases().abbreviations:
            pass  # "Calif." keeps its period
        elif span_text.endswith(".") and not span_text[:-1].count("."):
            end -= 1
            span_text = span_text[:-1]
        found.append(
            Toponym(
                start, end, span_text, _admin_after(tokens, j), source, label, _place_cue(tokens, i)
            )
        )
        for k in range(i, j):
            taken[k] = True

    def known(i: int, j: int) -> bool:
        return normalise_name(text[tokens[i].start : tokens[j - 1].end]) in index.names

    def embedded(i: int, j: int) -> None:
        """A state or country an organisation's name starts with, or names after "of"
        ("Texas Department of Health", "University of Georgia"): a place mention."""
        starts = [i] + [k + 1 for k in range(i, j - 1) if tokens[k].lower == "of"]
        for s in starts:
            if s >= j or taken[s] or not tokens[s].capitalised:
                continue
            for e in range(min(j, s + _MAX_NGRAM), s, -1):
                if not tokens[e - 1].capitalised:
                    continue
                key = normalise_name(text[tokens[s].start : tokens[e - 1].end])
                if key in generic_words():
                    continue
                if tokens[s].text in place_aliases().abbreviations and e == s + 1:
                    add(s, e, "embedded", None)  # "the S.C. Highway Patrol"
                    break
                if tokens[s].text.isupper() and key not in index.countries:
                    continue  # an acronym, unless a country's ("U.S. Department of ...")
                if key in index.embeddable and (e < j or s > i):  # never the whole name
                    add(s, e, "embedded", None)
                    break

    if doc is not None:
        for sp_token in doc:
            if sp_token.pos_ == "PROPN" and sp_token.idx in by_start:
                propn.add(by_start[sp_token.idx])
        for ent in doc.ents:
            if ent.label_ not in _ENTITY_LABELS:
                i0, j0 = by_start.get(ent.start_char), by_end.get(ent.end_char)
                if (
                    i0 is not None
                    and j0 is not None
                    and _strong_place_cue(tokens, i0)
                    and known(i0, j0 + 1)
                ):
                    add(i0, j0 + 1, "ner", ent.label_)  # "handed over Manbij" (labelled PRODUCT)
                    continue
                for k in range(len(tokens)):
                    if ent.start_char <= tokens[k].start < ent.end_char:
                        taken[k] = True
                continue
            i, j = by_start.get(ent.start_char), by_end.get(ent.end_char)
            if i is None or j is None:
                continue
            j += 1
            if tokens[i].lower == "the" and j - i > 1:
                i += 1
            if ent.label_ == "NORP" or (j - i == 1 and ent.label_ != "GPE"):
                cc = demonym_country(tokens[i].text, index) if j - i == 1 else None
                if cc:
                    demonyms.append((tokens[i].start, tokens[i].end, cc))
                    taken[i] = True
                    continue
            if i > 0 and tokens[i - 1].lower in place_cues().person_before:
                continue  # "coach Ripley", "Gov. Richardson": a person, whatever the label
            word = tokens[i].text
            if j - i == 1 and not word.isupper() and normalise_name(word) in generic_words():
                continue  # "Sgt.", "University"
            acronym = j - i == 1 and word.isupper()
            if acronym and ent.label_ != "GPE" and normalise_name(word) not in index.broad:
                continue  # an acronym the model did not call a place ("KBR"; not "EU")
            if _org_context(tokens, i, j) and ent.label_ != "GPE":
                embedded(i, j)
                for k in range(i, j):
                    taken[k] = True
                continue
            # "the city of Maarat Al-Numan", "recaptured Lalibela", "Shayrat military airbase"
            cued = _strong_place_cue(tokens, i) or _kind_after(tokens, j)
            if ent.label_ == "PERSON" and (
                _person_context(tokens, i, j) or (not known(i, j) and not cued)
            ):
                persons.update(normalise_name(tokens[k].text) for k in range(i, j))
                for k in range(i, j):
                    taken[k] = True
                continue
            if ent.label_ == "PERSON" and j - i == 1 and not (cued or _place_cue(tokens, i)):
                taken[i] = True  # "Obama" the man, not the town, unless "in Obama"
                continue
            if (
                ent.label_ in ("GPE", "LOC", "FAC")
                or known(i, j)
                or (ent.label_ == "PERSON" and cued)
            ):
                if ent.label_ in ("ORG", "FAC") and not known(i, j):
                    embedded(i, j)
                    continue
                add(i, j, "ner", ent.label_)
            elif ent.label_ == "ORG":
                embedded(i, j)
                for k in range(i, j):  # the rest of an organisation's name is no place
                    taken[k] = True

    # Gazetteer scan over capitalised runs, longest match first.
    k = 0
    while k < len(tokens):
        tok = tokens[k]
        if taken[k] or not tok.capitalised or not tok.text[0].isalpha():
            k += 1
            continue
        if tok.text in place_aliases().abbreviations and k > 0 and tokens[k - 1].text == ",":
            add(k, k + 1, "abbreviation", None)  # "Athens, Ga."
            k += 1
            continue
        hit = 0
        for n in range(min(_MAX_NGRAM, len(tokens) - k), 0, -1):
            if any(taken[k + m] or not tokens[k + m].text[:1].isalnum() for m in range(n)):
                continue
            if not tokens[k + n - 1].capitalised or not known(k, k + n):
                continue
            hit = n
            break
        if hit:
            word = tokens[k].text
            single = hit == 1
            acronym = word.isupper() and len(word) <= 4
            # A dateline: "COLUMBUS, Ohio —", "BEIRUT (AP) -" at the start of a line.
            dateline = (
                word.isupper()
                and _sentence_initial(tokens, k, text)
                and k + hit < len(tokens)
                and tokens[k + hit].text in _DATELINE_AFTER
            )
            cue = dateline or _place_cue(tokens, k)
            before_cap = (
                k > 0
                and tokens[k - 1].capitalised
                and tokens[k - 1].text[0].isalpha()
                # "In Paris" opens a sentence; "Herring Street" opens one too, but is a name
                and not (
                    _sentence_initial(tokens, k - 1, text)
                    and normalise_name(tokens[k - 1].text) in generic_words()
                )
            )
            after_cap = (
                k + hit < len(tokens)
                and not tokens[k + hit - 1].text.endswith(".")  # "As-Salamiyah. The ..."
                and tokens[k + hit].capitalised
                and (tokens[k + hit].text[0].isalpha())
            )
            if (
                (single and normalise_name(word) in generic_words())  # "The", "University"
                or ((before_cap or after_cap) and not word.isupper())  # part of a longer name
                or (doc is not None and single and k not in propn and not cue)
                or (acronym and single and not cue)
                or (word.isupper() and len(word) > 4 and single and not cue)
                or _person_context(tokens, k, k + hit)
                or _org_context(tokens, k, k + hit)
                or normalise_name(word) in persons
            ):
                k += hit
                continue
            if doc is None and demonym_country(word, index):
                k += hit
                continue
            if single and _sentence_initial(tokens, k, text) and not cue:
                # a capital opening a sentence says nothing: a place only if the
                # article names it elsewhere ("Douma is surrounded" after "in Douma")
                opening.append(k)
                k += hit
                continue
            add(k, k + hit, "gazetteer", None)
            k += hit
            continue
        if doc is None and (cc := demonym_country(tok.text, index)):
            demonyms.append((tok.start, tok.end, cc))
        k += 1

    named = {normalise_name(t.text) for t in found}
    for k in opening:
        if normalise_name(tokens[k].text) in named:
            add(k, k + 1, "gazetteer", None)
    found = [t for t in found if normalise_name(t.text) not in persons or t.label == "GPE"]
    found.sort(key=lambda t: t.start)
    link_containers(text, found)
    return Recognition(found, demonyms)
