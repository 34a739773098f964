"""Toponym resolution: which GeoNames entry each recognised span means.

Reads: :class:`~frontlines.geo.recognise.Toponym` spans, the demonym countries,
a :class:`Gazetteer`. Gives: :class:`PlaceMention` per span (None when no
candidate exists).

Each name's candidates are scored on how they matched, population, feature
type ("Hama province" wants the admin area, a bare "Hama" the city), then
again with the article's context: its country focus (countries named, the
majority country of the first guesses), admin consistency (a town inside an
admin area the article names), containment ("Paris, Texas": a candidate inside
a candidate of the name after the comma) and distance to the other places. A
candidate matched on its main name outranks one matched on a variant. One sense
per article: a name resolves once. Abbreviations ("Calif.") and demonyms given
as spans ("Syrian", "European") stand for their area, country or continent.
A name with no candidate falls back to a part of it near the article's place,
or a country or state it starts with ("Colorado State University"), else to the
article's place.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from frontlines.geo.distance import haversine_km
from frontlines.geo.gazetteer import Candidate, Gazetteer, Place
from frontlines.geo.names import (
    normalise_name,
    place_aliases,
    split_place_phrase,
    without_articles,
)
from frontlines.geo.recognise import Toponym, demonym_country, generic_words, name_index

_CANDIDATE_LIMIT = 50
_MATCH_WEIGHT = {"exact": 1.0, "loose": 0.55, "feature": 0.5, "fuzzy": 0.2}
_FEATURE_BONUS = {
    "CONT": 1.2,
    "PCLI": 1.2,
    "ADM1": 0.35,
    "PPLC": 0.7,
    "PPLA": 0.25,
    "PPLA2": 0.1,
    "ADM2": -0.3,
    # Named features (data/geo_features.csv) have no population: their kind stands in for
    # it, so "the Atlantic" is the ocean, not Atlantic, Iowa, and a sea outranks a hamlet.
    "OCN": 1.2,
    "SEA": 1.0,
    "GULF": 0.8,
    "STRT": 0.8,
    "RGN": 0.8,
    "PEN": 0.8,
    "AREA": 0.6,
    "MTS": 0.6,
    "DSRT": 0.6,
    "BAY": 0.6,
    "STM": 0.5,
    "LK": 0.5,
    "CNL": 0.5,
    "DLTA": 0.5,
    "PLN": 0.4,
    "VAL": 0.4,
    "AIRB": 0.4,
    "AIRP": 0.4,
    "MILB": 0.4,
}
_COUNTRY_NAMESAKE_PENALTY = 2.0
_ROUNDS = 3  # context from first guesses, then twice from the previous round's choices
_CONTAINER_BONUS = 2.0
_PREFERRED_BONUS = 0.3
_CONTAINER_POOL = 10  # candidates of the container name considered
# Places no article is "in": no admin or distance cues, never an article's focus.
_BROAD = frozenset({"PCLI", "CONT", "OCN", "SEA"})
_WATERS = frozenset({"OCN", "SEA"})
_ADMIN_HINT_BONUS = 1.5
_COUNTRY_WEIGHT = 1.2
_ADMIN1_WEIGHT = 1.2
_NEAR_WEIGHT = 0.8
_NEAR_KM = 300.0
_POP_WEIGHT = 0.16
_LOOSE_MIN_SIMILARITY = 85.0
_SPELLED_OUT_POP = 100_000
_SPELLED_OUT_PENALTY = 0.6


@dataclass
class PlaceMention:
    """One resolved place mention, as the output contract has it."""

    text: str
    start: int
    end: int
    geonameid: int | None
    name: str | None
    feature_code: str | None
    lat: float | None
    lon: float | None
    country_code: str | None
    admin1_code: str | None
    admin2_code: str | None
    confidence: float
    candidates: list[tuple[int, str, float]] = field(default_factory=list)


class _MatchCache:
    """Gazetteer matches per name, kept per gazetteer file (names repeat across articles)."""

    def __init__(self, gazetteer: Gazetteer, size: int = 50_000) -> None:
        self.gazetteer = gazetteer
        self.size = size
        self.cache: dict[str, list[Candidate]] = {}

    def match(self, name: str) -> list[Candidate]:
        hit = self.cache.get(name)
        if hit is None:
            hit = _named_directly(self.gazetteer, name) or [
                c
                for c in self.gazetteer.match(name, limit=_CANDIDATE_LIMIT)
                if _usable(self.gazetteer, name, c)
            ]
            if len(self.cache) >= self.size:
                self.cache.clear()
            self.cache[name] = hit
        return hit


def _named_directly(gazetteer: Gazetteer, name: str) -> list[Candidate]:
    """The one place an abbreviation ("Calif.") or a demonym ("Dutch", "Syrian",
    "European") stands for, when a span given to the geocoder is one; else []."""
    place = gazetteer.abbreviation(name) or gazetteer.demonym(name)
    if place is None and name[:1].isupper() and " " not in name.strip():
        cc = demonym_country(name, name_index(gazetteer))
        place = gazetteer.country(cc) if cc else None
    return [Candidate(place, "exact", 1.0)] if place is not None else []


def _usable(gazetteer: Gazetteer, name: str, cand: Candidate) -> bool:
    """Loose, feature-stripped and fuzzy matches must still look like a spelling of the
    place (loose keys fold a lot: "Al-Furkan district" is not Farqin); an acronym ("UN",
    "US") must be stored as that acronym."""
    text = name.strip()
    if text.isupper() and len(text) <= 4:
        if cand.place.feature_code == "PCLI" and cand.place.country_code == text:
            return True
        return text in gazetteer.spellings_like(cand.place.geonameid, text)
    if cand.match == "exact":
        return True
    core = split_place_phrase(name).core or normalise_name(name)
    if core in generic_words():  # "State" is no loose spelling of Statte, Italy
        return False
    spellings = [cand.place.name, *gazetteer.spellings_like(cand.place.geonameid, name)]
    forms = {f for n in spellings for f in (normalise_name(n), without_articles(normalise_name(n)))}
    # "Qamishli" spells "Al Qamishli"; "North Darfur" (whole, not its core) "Northern Darfur"
    asked = {core} if cand.match == "feature" else {core, normalise_name(name)}
    return max(fuzz.ratio(a, f) for a in asked for f in forms) >= _LOOSE_MIN_SIMILARITY


_CACHES: dict[int, _MatchCache] = {}


def _cache_for(gazetteer: Gazetteer) -> _MatchCache:
    key = id(gazetteer)
    cache = _CACHES.get(key)
    if cache is None or cache.gazetteer is not gazetteer:
        cache = _MatchCache(gazetteer)
        _CACHES.clear()
        _CACHES[key] = cache
    return cache


def _contains(outer: Place, inner: Place) -> bool:
    """True when ``inner`` lies in the country or admin area ``outer``."""
    if outer.geonameid == inner.geonameid or outer.country_code != inner.country_code:
        return False
    code = outer.feature_code
    if code == "PCLI":
        return True
    if code == "ADM1":
        return inner.admin1_code == outer.admin1_code and inner.feature_code != "PCLI"
    if code == "ADM2":
        return (inner.admin1_code, inner.admin2_code) == (outer.admin1_code, outer.admin2_code)
    return False


def _approx_km(a: Place, b: Place) -> float:
    """Equirectangular distance: cheap, and exact enough for a proximity bonus."""
    x = (a.lon - b.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    return 111.2 * math.hypot(x, a.lat - b.lat)


_DOTTED = re.compile(r"^(?:[A-Z]\.){2,}$")


def _query(top: Toponym) -> str:
    if top.dateline:
        return top.text.title()  # "HOMS" is Homs, not an acronym
    if _DOTTED.match(top.text) and top.text not in place_aliases().abbreviations:
        return top.text.replace(".", "")  # "U.S." is the acronym "US"
    return f"{top.text} {top.admin_hint}" if top.admin_hint else top.text


def _prior(cand: Candidate, has_admin_word: bool, bare_city: bool) -> float:
    place = cand.place
    score = _MATCH_WEIGHT.get(cand.match, 0.2) * (cand.score if cand.match == "fuzzy" else 1.0)
    score += _POP_WEIGHT * math.log10(place.population + 10)
    if cand.preferred and cand.match == "exact":
        score += _PREFERRED_BONUS  # "Minnesota" is the state's name, only a variant of Minneota
    score += _FEATURE_BONUS.get(place.feature_code, 0.0)
    if has_admin_word:
        score += _ADMIN_HINT_BONUS if place.feature_class == "A" else 0.0
    elif bare_city and place.feature_code in ("ADM1", "ADM2"):
        score -= 0.8  # "Hama" alone is the city, not the governorate named after it
    return score


def _names_country(cands: list[Candidate]) -> bool:
    """True when a name's best match is a country, continent, ocean or sea by its own name
    or demonym."""
    return bool(cands) and cands[0].match == "exact" and cands[0].place.feature_code in _BROAD


def _has_city_twin(cands: list[Candidate], admin: Place) -> bool:
    return any(
        c.place.feature_class == "P"
        and c.place.country_code == admin.country_code
        and c.place.admin1_code == admin.admin1_code
        and c.match in ("exact", "loose")
        for c in cands
    )


@dataclass
class _Name:
    query: str
    admin_word: bool
    cands: list[Candidate]
    priors: list[float]


@dataclass
class _Context:
    """The article's focus as given by one guess per name: countries (with each name's
    own vote, so that it can be left out for that name), first-level areas, places."""

    countries: dict[str, float]
    votes: dict[str, float]
    admin1s: dict[tuple[str, str | None], float]
    guesses: dict[str, Place]

    @classmethod
    def of(
        cls, names: dict[str, _Name], guesses: dict[str, int], context_countries: list[str] | None
    ) -> _Context:
        # Unambiguous names and country names count more.
        countries: dict[str, float] = defaultdict(float)
        for cc in context_countries or []:
            countries[cc] += 1.0
        admin1s: dict[tuple[str, str | None], float] = defaultdict(float)
        votes: dict[str, float] = {}
        places: dict[str, Place] = {}
        for q, best in guesses.items():
            nm = names[q]
            place = nm.cands[best].place
            places[q] = place
            ccs = {c.place.country_code for c in nm.cands if c.match == "exact"}
            weight = 2.0 if place.feature_code == "PCLI" else (1.5 if len(ccs) <= 1 else 1.0)
            if place.country_code:  # a continent has none
                countries[place.country_code] += weight
                votes[q] = weight
            if place.feature_code not in _BROAD and place.admin1_code:
                admin1s[(place.country_code, place.admin1_code)] += (
                    2.0 if place.feature_code == "ADM1" else 1.0
                )
        return cls(countries, votes, admin1s, places)

    def country_share(self, q: str, cc: str) -> float:
        """The share of the country evidence for ``cc``, leaving out what name ``q``'s
        own guess gave (a name must not vote for itself)."""
        own = self.guesses.get(q)
        vote = self.votes.get(q, 0.0)
        mine = vote if own is not None and own.country_code == cc else 0.0
        total = sum(self.countries.values()) - vote
        return (self.countries.get(cc, 0.0) - mine) / total if total > 0 else 0.0

    def admin1_share(self, q: str, place: Place) -> float:
        """The same for the first-level area ``place`` lies in."""
        total = sum(self.admin1s.values())
        if not total:
            return 0.0
        key = (place.country_code, place.admin1_code)
        share = self.admin1s.get(key, 0.0) / total
        own = self.guesses.get(q)
        if own is not None and (own.country_code, own.admin1_code) == key:
            share = max(0.0, share - 1.0 / max(total, 1.0))
        return share


def _score(
    q: str,
    nm: _Name,
    names: dict[str, _Name],
    context: _Context,
    inside: dict[str, set[str]],
    holds: dict[str, set[str]],
) -> tuple[int, list[tuple[float, int]]] | None:
    """The best candidate of name ``q`` in ``context``, and every candidate's score."""
    if not nm.cands:
        return None
    outers = [c.place for o in inside.get(q, ()) for c in names[o].cands[:_CONTAINER_POOL]]
    inners = [c.place for i in holds.get(q, ()) for c in names[i].cands]
    others = [p for k, p in context.guesses.items() if k != q]
    scored = []
    for idx, (c, prior) in enumerate(zip(nm.cands, nm.priors, strict=True)):
        p = c.place
        s = prior + _COUNTRY_WEIGHT * context.country_share(q, p.country_code)
        if p.feature_code not in _BROAD and p.admin1_code:
            s += _ADMIN1_WEIGHT * context.admin1_share(q, p)
        if any(_contains(o, p) for o in outers) or any(_contains(p, i) for i in inners):
            s += _CONTAINER_BONUS
        if others and p.feature_code not in _BROAD:
            near = min(_approx_km(p, o) for o in others[:20])
            s += _NEAR_WEIGHT * math.exp(-near / _NEAR_KM)
        scored.append((s, idx))
    scored.sort(reverse=True)
    return scored[0][1], scored


def resolve(
    toponyms: list[Toponym],
    gazetteer: Gazetteer,
    *,
    context_countries: list[str] | None = None,
    text: str | None = None,
) -> list[PlaceMention | None]:
    """Resolve each toponym with the others as context; one sense per article. ``text``,
    the article the spans index, lets its dateline set the focus."""
    cache = _cache_for(gazetteer)
    names: dict[str, _Name] = {}
    for top in toponyms:
        top.dateline = text is not None and _is_dateline(text, top)
        if top.admin_hint and _names_country(cache.match(top.text)):
            top.admin_hint = None  # "the Russian state", "US State Department": the country
        q = _query(top)
        if q in names:
            continue
        cands = cache.match(q)
        phrase = split_place_phrase(q)
        # "New York City" names a city: the feature word is part of a populated place's name.
        admin_word = phrase.feature_word is not None and not any(
            c.match == "exact" and c.place.feature_class == "P" and c.place.population > 0
            for c in cands
        )
        # "China" is the country, not the hamlet in Texas, unless the text says so
        # ("China, Texas": the container bonus).
        # So is "the Atlantic" the ocean, not the town in Iowa (any exact spelling of an
        # ocean or sea: they are named by their short forms).
        country_named = any(
            (c.place.feature_code == "PCLI" and c.preferred or c.place.feature_code in _WATERS)
            and c.match == "exact"
            for c in cands
        )
        water = any(c.place.feature_code in _WATERS for c in cands)
        # A large place spelled exactly so outranks a village whose spelling only
        # folds to it ("Seattle" is not Settle, England, in an English article).
        spelled_out = any(
            c.match == "exact" and c.preferred and c.place.population >= _SPELLED_OUT_POP
            for c in cands
        )
        priors = []
        for c in cands:
            twin = c.place.feature_class == "A" and _has_city_twin(cands, c.place)
            prior = _prior(c, admin_word, twin)
            if country_named and (
                c.place.feature_class == "P" or (c.place.feature_code == "ADM2" and water)
            ):
                prior -= _COUNTRY_NAMESAKE_PENALTY
            if spelled_out and c.match != "exact":
                prior -= _SPELLED_OUT_PENALTY
            priors.append(prior)
        names[q] = _Name(q, admin_word, cands, priors)

    # "Kamianka in the Kharkiv region": only the candidates inside that area; none, and the
    # name stays unresolved (a village the gazetteer lacks is not its namesake elsewhere).
    for top in toponyms:
        if top.area is None:
            continue
        q, area_q = _query(top), _query(top.area)
        if q not in names or area_q not in names or q == area_q:
            continue
        areas = [
            c.place
            for c in names[area_q].cands[:_CONTAINER_POOL]
            if c.place.feature_code in ("ADM1", "ADM2") and c.match != "fuzzy"
        ]
        if not areas:
            continue
        nm = names[q]
        kept = [i for i, c in enumerate(nm.cands) if any(_contains(a, c.place) for a in areas)]
        names[q] = _Name(
            nm.query, nm.admin_word, [nm.cands[i] for i in kept], [nm.priors[i] for i in kept]
        )

    # "Paris, Texas": a candidate inside a candidate of the name after the comma, and
    # that candidate itself, are what the writer meant.
    inside: dict[str, set[str]] = {}  # name -> names of its containers
    holds: dict[str, set[str]] = {}  # name -> names it contains
    for top in toponyms:
        if top.within is not None:
            inner, outer = _query(top), _query(top.within)
            if inner != outer:
                inside.setdefault(inner, set()).add(outer)
                holds.setdefault(outer, set()).add(inner)

    # First guesses by prior alone, then the article's context from them; each later
    # round takes the context from the previous round's choices ("Paris" and "Lamar
    # County" first pull towards France and the largest Lamar County, then together
    # towards Texas).
    guesses = {
        q: max(range(len(nm.cands)), key=nm.priors.__getitem__)
        for q, nm in names.items()
        if nm.cands
    }
    chosen: dict[str, tuple[int, list[tuple[float, int]]]] = {}
    context = _Context.of(names, guesses, context_countries)
    for _ in range(_ROUNDS):
        chosen = {}
        for q, nm in names.items():
            if (result := _score(q, nm, names, context, inside, holds)) is not None:
                chosen[q] = result
        guesses = {q: index for q, (index, _) in chosen.items()}
        context = _Context.of(names, guesses, context_countries)

    focus = _focus_place(toponyms, names, chosen, gazetteer, context.countries)
    out: list[PlaceMention | None] = []
    for top in toponyms:
        q = _query(top)
        if q not in chosen:
            fallback = _fallback(top, gazetteer, cache, focus)
            out.append(fallback)
            continue
        nm = names[q]
        best, scored = chosen[q]
        p = nm.cands[best].place
        margin = scored[0][0] - scored[1][0] if len(scored) > 1 else 2.0
        conf = round(1.0 / (1.0 + math.exp(-2.0 * margin)), 3)
        if nm.cands[best].match == "fuzzy":
            conf = round(conf * nm.cands[best].score, 3)
        mention = mention_of(top, p, conf)
        mention.candidates = [
            (nm.cands[i].place.geonameid, nm.cands[i].place.name, round(s, 3))
            for s, i in scored[1:4]
        ]
        out.append(mention)
    return out


def _focus_place(
    toponyms: list[Toponym],
    names: dict[str, _Name],
    chosen: dict[str, tuple[int, list[tuple[float, int]]]],
    gazetteer: Gazetteer,
    countries: dict[str, float],
) -> Place | None:
    """The place the article is about: its dateline ("CAIRO -", "BEIRUT (AP)"), else its
    most mentioned resolved place below country level in its main country, else that
    country. Unknown local names (streets, buildings, schools) sit near it."""
    main = max(countries, key=countries.__getitem__) if countries else None
    counts: Counter[int] = Counter()
    places: dict[int, Place] = {}
    for top in toponyms:
        q = _query(top)
        if q not in chosen:
            continue
        place = names[q].cands[chosen[q][0]].place
        if place.feature_code in _BROAD:
            continue
        if top.dateline:
            return place
        if main is None or place.country_code == main:
            counts[place.geonameid] += 1
            places[place.geonameid] = place
    if not counts:
        return gazetteer.country(main) if main else None
    # Within the main country, the first-level area most named (a state named counts
    # for its own area): "Centreville, Gainesville, Va." outvote one "Charleston".
    areas: Counter[str | None] = Counter()
    for gid, n in counts.items():
        areas[places[gid].admin1_code] += n
    area = areas.most_common(1)[0][0]
    local = [g for g in counts if places[g].admin1_code == area]
    towns = [g for g in local if places[g].feature_class != "A"] or local
    return places[max(towns, key=counts.__getitem__)]


_DATELINE_END = re.compile(r"\s*(?:,[^\n]{0,40}?)?(?:\([^)\n]{1,30}\)\s*)?[-\u2013\u2014:\ufffd]")


def _is_dateline(text: str, top: Toponym) -> bool:
    """True for a place in capitals that opens the article and is followed by a dash or an
    agency in brackets: "CAIRO -", "BEIRUT (AP) -", "KYIV, Ukraine -"."""
    if text[: top.start].strip() or not top.text.isupper() or len(top.text) < 3:
        return False
    return _DATELINE_END.match(text, top.end) is not None


def mention_of(top: Toponym, place: Place, confidence: float) -> PlaceMention:
    """The mention ``top`` resolved to ``place`` with ``confidence``."""
    lat, lon = place.lat, place.lon
    return PlaceMention(
        text=top.text,
        start=top.start,
        end=top.end,
        geonameid=place.geonameid,
        name=place.name,
        feature_code=place.feature_code,
        lat=lat,
        lon=lon,
        country_code=place.country_code,
        admin1_code=place.admin1_code,
        admin2_code=place.admin2_code,
        confidence=confidence,
    )


_WIDE = frozenset({"CONT", "PCLI", "ADM1"})


def _name_parts(text: str) -> list[tuple[str, bool]]:
    """Shorter names inside a longer one, longest first, each with whether it leads the
    name as a modifier (what follows "of" or leading words: "University of California",
    "Colorado State University") rather than ends it ("Mount Washington")."""
    words = text.split()
    parts: list[tuple[str, bool]] = []
    if "of" in words[1:-1]:
        parts.append((" ".join(words[words.index("of", 1) + 1 :]), True))
    for n in range(len(words) - 1, 0, -1):
        parts += [(" ".join(words[:n]), True), (" ".join(words[-n:]), False)]
    return [
        (p, lead)
        for p, lead in dict.fromkeys(parts)
        if p[:1].isupper()
        and (len(p) >= 4 or (p.replace(".", "").isupper() and len(p) >= 2))
        and (p.isupper() or normalise_name(p) not in generic_words())
    ]


def _fallback(
    top: Toponym, gazetteer: Gazetteer, cache: _MatchCache, focus: Place | None
) -> PlaceMention | None:
    """A name with no candidate: a demonym's country, a known part of the name
    ("Freeborn Lake" -> Freeborn) near the focus, else the article's focus place."""
    cc = demonym_country(top.text, name_index(gazetteer))
    if cc and (country := gazetteer.country(cc)):
        return mention_of(top, country, 0.5)
    for part, leads in _name_parts(top.text):
        cands = cache.match(part)
        if focus is not None:
            # A part near the article's place ("Freeborn Lake"), or a state or country
            # anywhere ("Colorado State University", "US Federal Reserve").
            near = [
                c
                for c in cands
                if haversine_km(c.place.lat, c.place.lon, focus.lat, focus.lon) < _NEAR_KM
            ]
            cands = near or [c for c in cands[:1] if leads and c.place.feature_code in _WIDE]
        if cands:
            return mention_of(top, cands[0].place, 0.3)
    if focus is not None:
        return mention_of(top, focus, 0.1)
    return None
