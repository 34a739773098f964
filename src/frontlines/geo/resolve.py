"""Toponym resolution: which GeoNames entry each recognised span means.

Reads: :class:`~frontlines.geo.recognise.Toponym` spans, the demonym countries,
a :class:`Gazetteer`. Gives: :class:`PlaceMention` per span (None when no
candidate exists).

Each name's candidates are scored on how they matched, population, feature
type ("Hama province" wants the admin area, a bare "Hama" the city), then
again with the article's context: its country focus (countries named, the
majority country of the first guesses), admin consistency (a town inside an
admin area the article names) and distance to the other places. One sense per
article: a name resolves once.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from statistics import quantiles

from rapidfuzz import fuzz

from frontlines.eval.geo_metrics import haversine_km
from frontlines.geo.gazetteer import Candidate, Gazetteer, Place
from frontlines.geo.names import name_keys, normalise_name, split_place_phrase
from frontlines.geo.recognise import Toponym

_CANDIDATE_LIMIT = 25
_MATCH_WEIGHT = {"exact": 1.0, "loose": 0.55, "feature": 0.5, "fuzzy": 0.2}
_FEATURE_BONUS = {
    "PCLI": 1.2,
    "ADM1": 0.35,
    "PPLC": 0.45,
    "PPLA": 0.25,
    "PPLA2": 0.1,
    "ADM2": -0.3,
}
_ADMIN_HINT_BONUS = 1.5
_COUNTRY_WEIGHT = 1.2
_ADMIN1_WEIGHT = 0.8
_NEAR_WEIGHT = 0.5
_NEAR_KM = 300.0
_POP_WEIGHT = 0.16
_LOOSE_MIN_SIMILARITY = 85.0


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
            hit = [
                c
                for c in self.gazetteer.match(name, limit=_CANDIDATE_LIMIT)
                if _usable(self.gazetteer, name, c)
            ]
            if len(self.cache) >= self.size:
                self.cache.clear()
            self.cache[name] = hit
        return hit


def _spellings(gazetteer: Gazetteer, name: str, geonameid: int) -> list[str]:
    """The stored spellings of a place that share a lookup key with ``name``."""
    keys = sorted(name_keys(name) | name_keys(split_place_phrase(name).core))
    marks = ",".join("?" * len(keys))
    rows = gazetteer._conn.execute(
        f"SELECT name FROM names WHERE geonameid = ? AND key IN ({marks})", [geonameid, *keys]
    )
    return [str(r[0]) for r in rows]


def _usable(gazetteer: Gazetteer, name: str, cand: Candidate) -> bool:
    """Loose and fuzzy matches must still look like a spelling of the place (loose keys
    fold a lot); an acronym ("UN", "US") must be stored as that acronym."""
    text = name.strip()
    if text.isupper() and len(text) <= 4:
        if cand.place.feature_code == "PCLI" and cand.place.country_code == text:
            return True
        return text in _spellings(gazetteer, text, cand.place.geonameid)
    if cand.match in ("exact", "feature"):
        return True
    core = split_place_phrase(name).core or normalise_name(name)
    spellings = [cand.place.name, *_spellings(gazetteer, name, cand.place.geonameid)]
    return max(fuzz.ratio(core, normalise_name(n)) for n in spellings) >= _LOOSE_MIN_SIMILARITY


_CACHES: dict[int, _MatchCache] = {}


def _cache_for(gazetteer: Gazetteer) -> _MatchCache:
    key = id(gazetteer)
    cache = _CACHES.get(key)
    if cache is None or cache.gazetteer is not gazetteer:
        cache = _MatchCache(gazetteer)
        _CACHES.clear()
        _CACHES[key] = cache
    return cache


def _approx_km(a: Place, b: Place) -> float:
    """Equirectangular distance: cheap, and exact enough for a proximity bonus."""
    x = (a.lon - b.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    return 111.2 * math.hypot(x, a.lat - b.lat)


_DOTTED = re.compile(r"^(?:[A-Z]\.){2,}$")


def _query(top: Toponym) -> str:
    if _DOTTED.match(top.text):
        return top.text.replace(".", "")  # "U.S." is the acronym "US"
    return f"{top.text} {top.admin_hint}" if top.admin_hint else top.text


def _prior(cand: Candidate, has_admin_word: bool, bare_city: bool) -> float:
    place = cand.place
    score = _MATCH_WEIGHT.get(cand.match, 0.2) * (cand.score if cand.match == "fuzzy" else 1.0)
    score += _POP_WEIGHT * math.log10(place.population + 10)
    score += _FEATURE_BONUS.get(place.feature_code, 0.0)
    if has_admin_word:
        score += _ADMIN_HINT_BONUS if place.feature_class == "A" else 0.0
    elif bare_city and place.feature_code in ("ADM1", "ADM2"):
        score -= 0.8  # "Hama" alone is the city, not the governorate named after it
    return score


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


def _shares(counter: Counter[object]) -> dict[object, float]:
    total = sum(counter.values())
    return {k: v / total for k, v in counter.items()} if total else {}


def resolve(
    toponyms: list[Toponym], gazetteer: Gazetteer, *, context_countries: list[str] | None = None
) -> list[PlaceMention | None]:
    """Resolve each toponym with the others as context; one sense per article."""
    cache = _cache_for(gazetteer)
    names: dict[str, _Name] = {}
    for top in toponyms:
        q = _query(top)
        if q in names:
            continue
        cands = cache.match(q)
        phrase = split_place_phrase(q)
        admin_word = phrase.feature_word is not None and not any(
            c.match == "exact" and c.place.feature_class == "P" and c.place.population > 0
            for c in cands[:1]
        )
        priors = []
        for c in cands:
            twin = c.place.feature_class == "A" and _has_city_twin(cands, c.place)
            priors.append(_prior(c, admin_word, twin))
        names[q] = _Name(q, admin_word, cands, priors)

    # Country and admin focus from first guesses; unambiguous names and country names count more.
    countries: Counter[object] = Counter(context_countries or [])
    admin1s: Counter[object] = Counter()
    firsts: dict[str, Place] = {}
    for q, nm in names.items():
        if not nm.cands:
            continue
        best = max(range(len(nm.cands)), key=nm.priors.__getitem__)
        place = nm.cands[best].place
        firsts[q] = place
        ccs = {c.place.country_code for c in nm.cands if c.match == "exact"}
        weight = 2.0 if place.feature_code == "PCLI" else (1.5 if len(ccs) <= 1 else 1.0)
        countries[place.country_code] += weight  # type: ignore[assignment]  # float weights
        if place.feature_code != "PCLI" and place.admin1_code:
            admin1s[(place.country_code, place.admin1_code)] += (  # type: ignore[assignment]
                2.0 if place.feature_code == "ADM1" else 1.0
            )
    country_share = _shares(countries)
    admin_share = _shares(admin1s)

    chosen: dict[str, tuple[int, list[tuple[float, int]]]] = {}
    for q, nm in names.items():
        if not nm.cands:
            continue
        others = [p for k, p in firsts.items() if k != q]
        scored = []
        for idx, (c, prior) in enumerate(zip(nm.cands, nm.priors, strict=True)):
            p = c.place
            s = prior + _COUNTRY_WEIGHT * country_share.get(p.country_code, 0.0)
            if p.feature_code != "PCLI" and p.admin1_code:
                own = firsts.get(q)
                share = admin_share.get((p.country_code, p.admin1_code), 0.0)
                if own is not None and (own.country_code, own.admin1_code) == (
                    p.country_code,
                    p.admin1_code,
                ):
                    share = max(0.0, share - 1.0 / max(sum(admin1s.values()), 1.0))
                s += _ADMIN1_WEIGHT * share
            if others and p.feature_code != "PCLI":
                near = min(_approx_km(p, o) for o in others[:20])
                s += _NEAR_WEIGHT * math.exp(-near / _NEAR_KM)
            scored.append((s, idx))
        scored.sort(reverse=True)
        chosen[q] = (scored[0][1], scored)

    focus = _focus_place(toponyms, names, chosen, gazetteer, countries)
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
        mention = _mention(top, p, conf, gazetteer)
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
    countries: Counter[object],
) -> Place | None:
    """The place the article is about: its most mentioned resolved place below country
    level, else its main country. Unknown local names (streets, buildings) sit near it."""
    counts: Counter[int] = Counter()
    places: dict[int, Place] = {}
    for top in toponyms:
        q = _query(top)
        if q in chosen:
            place = names[q].cands[chosen[q][0]].place
            if place.feature_code != "PCLI":
                counts[place.geonameid] += 1
                places[place.geonameid] = place
    if counts:
        return places[counts.most_common(1)[0][0]]
    if countries:
        return gazetteer.country(str(countries.most_common(1)[0][0]))
    return None


_CENTRES: dict[tuple[int, str], tuple[float, float] | None] = {}


def _country_centre(gazetteer: Gazetteer, place: Place) -> tuple[float, float]:
    """Where to put a country: the middle of its first-level areas (5th-95th percentile
    box), since the gazetteer places a country at its capital."""
    key = (id(gazetteer), place.country_code)
    if key not in _CENTRES:
        rows = gazetteer._conn.execute(
            "SELECT lat, lon FROM places WHERE country_code = ? AND feature_code = 'ADM1'",
            (place.country_code,),
        ).fetchall()
        if len(rows) < 5:
            _CENTRES[key] = None
        else:
            lat = quantiles([r[0] for r in rows], n=20)
            lon = quantiles([r[1] for r in rows], n=20)
            _CENTRES[key] = ((lat[0] + lat[-1]) / 2, (lon[0] + lon[-1]) / 2)
    return _CENTRES[key] or (place.lat, place.lon)


def _mention(
    top: Toponym, place: Place, confidence: float, gazetteer: Gazetteer | None = None
) -> PlaceMention:
    lat, lon = place.lat, place.lon
    if gazetteer is not None and place.feature_code == "PCLI":
        lat, lon = _country_centre(gazetteer, place)
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


def _fallback(
    top: Toponym, gazetteer: Gazetteer, cache: _MatchCache, focus: Place | None
) -> PlaceMention | None:
    """A name with no candidate: a demonym's country, a known part of the name
    ("Freeborn Lake" -> Freeborn) near the focus, else the article's focus place."""
    from frontlines.geo.recognise import demonym_country, name_index

    cc = demonym_country(top.text, name_index(gazetteer))
    if cc and (country := gazetteer.country(cc)):
        return _mention(top, country, 0.5, gazetteer)
    words = top.text.replace(".", " ").split()
    if len(words) > 1:
        for n in range(len(words) - 1, 0, -1):
            for part in (" ".join(words[:n]), " ".join(words[-n:])):
                if len(part) < 4 or not part[:1].isupper():
                    continue
                cands = cache.match(part)
                if not cands:
                    continue
                if focus is not None:
                    near = [
                        c
                        for c in cands
                        if haversine_km(c.place.lat, c.place.lon, focus.lat, focus.lon) < _NEAR_KM
                    ]
                    cands = near or []
                if cands:
                    return _mention(top, cands[0].place, 0.3)
    if focus is not None:
        return _mention(top, focus, 0.1, gazetteer)
    return None
