"""Place-name normalisation and variant keys, so spellings of one town meet.

``normalise_name`` folds case, diacritics, apostrophes and punctuation.
``name_keys`` adds a *loose* key built from the romanisation rules in
``data/place_words.toml`` (articles dropped, sh/sch/ch, q/k, vowel runs
folded, doubled letters collapsed). Loose keys start with ``~`` so a lookup
can rank an exact spelling above a loose one. The code knows no country.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from frontlines.datafiles import read_toml

PLACE_WORDS_FILE = "place_words.toml"
LOOSE_PREFIX = "~"

# Apostrophe-like marks for ayn and hamza, dropped without a space: Ma‘arrat -> maarrat.
_APOSTROPHES = re.compile("['‘’`´ʿʾʻʼʹ′＇\u02bd\u02be\u02bf]")
# Letters NFKD does not decompose to ASCII.
_SPECIAL = str.maketrans(
    {
        "ß": "ss",
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ı": "i",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ð": "d",
        "ħ": "h",
    }
)
_NON_WORD = re.compile(r"[\W_]+")
_DOUBLED = re.compile(r"(.)\1+")
_VOWEL_RUN = re.compile(r"[aeiou]+")


@dataclass(frozen=True)
class PlaceWords:
    """The matching vocabulary of ``place_words.toml``, normalised."""

    leading_words: frozenset[str]
    articles: frozenset[str]
    feature_words: tuple[str, ...]  # longest first, so "city council" wins over "city"
    direction_words: tuple[str, ...]
    admin_adjective_suffixes: tuple[str, ...]
    romanisation: tuple[tuple[re.Pattern[str], str], ...]
    feature_at_end: re.Pattern[str]
    feature_at_start: re.Pattern[str]
    direction_at_start: re.Pattern[str]


@dataclass(frozen=True)
class PlacePhrase:
    """A place phrase split into its core name and the words around it."""

    core: str  # normalised
    feature_word: str | None = None  # "province", "oblast", ...
    direction: str | None = None  # "southern", "north western", ...


def _by_length(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted({normalise_name(w) for w in words}, key=len, reverse=True))


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in words)  # longest first: the regex takes the first fit


@cache
def place_words() -> PlaceWords:
    """Load the packaged matching vocabulary once."""
    raw, _ = read_toml(PLACE_WORDS_FILE, what="place words")
    features = _by_length(raw["feature_words"])
    directions = _by_length(raw["direction_words"])
    return PlaceWords(
        leading_words=frozenset(normalise_name(w) for w in raw.get("leading_words", [])),
        articles=frozenset(normalise_name(w) for w in raw["articles"]),
        feature_words=features,
        direction_words=directions,
        feature_at_end=re.compile(rf"^(?P<core>.+) (?P<word>{_alternation(features)})$"),
        feature_at_start=re.compile(rf"^(?P<word>{_alternation(features)}) of (?P<core>.+)$"),
        direction_at_start=re.compile(rf"^(?P<word>{_alternation(directions)}) (?P<core>.+)$"),
        admin_adjective_suffixes=tuple(raw.get("admin_adjective_suffixes", [])),
        romanisation=tuple(
            (re.compile(rule["pattern"]), rule["replace"]) for rule in raw.get("romanisation", [])
        ),
    )


@lru_cache(maxsize=262144)
def normalise_name(name: str) -> str:
    """Fold case, diacritics, ayn/hamza marks and punctuation: "Ḩamāh" -> "hamah"."""
    text = _APOSTROPHES.sub("", name.casefold())
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
        text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", text).split())


def is_latin(normalised: str) -> bool:
    """True when a normalised name is plain ASCII (Latin script after folding)."""
    return normalised.isascii()


def _drop_articles(words: list[str]) -> list[str]:
    articles = place_words().articles
    kept = [w for w in words if w not in articles]
    return kept or words


def without_leading_article(normalised: str) -> str:
    """A normalised name without the Arabic article it starts with, when at least four
    letters remain ("al anbar" -> "anbar", "an najaf" -> "najaf"); else ""."""
    first, _, rest = normalised.partition(" ")
    if first in place_words().articles and len(rest) >= 4 and is_latin(rest):
        return rest
    return ""


def without_articles(normalised: str) -> str:
    """A normalised name without Arabic article words ("al qamishli" -> "qamishli")."""
    return " ".join(_drop_articles(normalised.split()))


@lru_cache(maxsize=262144)
def _loose_word(word: str) -> str:
    for pattern, replacement in place_words().romanisation:
        word = pattern.sub(replacement, word)
    word = _DOUBLED.sub(r"\1", word)
    return _VOWEL_RUN.sub("a", word)


def loose_key(normalised: str) -> str:
    """The loose (romanisation-folded) key of a normalised name, without prefix."""
    words = _drop_articles(normalised.split())
    return "".join(_loose_word(w) for w in words)


@lru_cache(maxsize=262144)
def name_keys(name: str) -> frozenset[str]:
    """Variant keys for a name: its normalised form and ``~`` + its loose key.

    Non-Latin names get only their normalised form (romanisation rules are
    for Latin script). An empty name has no keys.
    """
    normalised = normalise_name(name)
    if not normalised:
        return frozenset()
    if not is_latin(normalised):
        return frozenset({normalised})
    loose = loose_key(normalised)
    keys = {normalised}
    if loose:
        keys.add(LOOSE_PREFIX + loose)
    return frozenset(keys)


def _strip(pattern: re.Pattern[str], text: str) -> tuple[str, str | None]:
    match = pattern.match(text)
    if match is None:
        return text, None
    return match["core"].strip(), match["word"]


@lru_cache(maxsize=65536)
def split_place_phrase(text: str) -> PlacePhrase:
    """Split "southern Idlib countryside" into core "idlib", feature and direction words.

    Feature words are taken from the end ("Hama province") or, failing that, the
    start when "of" follows ("Province of Hama"; "State Street" keeps its "State").
    """
    words = place_words()
    parts = normalise_name(text).split()
    while len(parts) > 1 and parts[0] in words.leading_words:
        parts = parts[1:]
    core, direction = _strip(words.direction_at_start, " ".join(parts))
    core, feature = _strip(words.feature_at_end, core)
    if feature is None:
        core, feature = _strip(words.feature_at_start, core)
    return PlacePhrase(core=core, feature_word=feature, direction=direction)


def admin_name_stems(name: str) -> set[str]:
    """Names an admin area may share with its chief town: feature words and
    adjectival endings removed ("Kharkivs'ka Oblast'" -> {"kharkivska", "kharkiv", ...})."""
    core = split_place_phrase(name).core
    stems = {core} if core else set()
    for suffix in place_words().admin_adjective_suffixes:
        if core.endswith(suffix) and len(core) - len(suffix) >= 3:
            stems.add(core[: -len(suffix)])
    return stems


ALIASES_FILE = "geo_aliases.toml"


@dataclass(frozen=True)
class PlaceAliases:
    """The knowledge of ``geo_aliases.toml``: extra names, demonyms, abbreviations."""

    country_names: dict[str, tuple[str, ...]]  # ISO code -> names
    continent_names: dict[str, tuple[str, ...]]  # GeoNames continent code -> names
    demonyms: dict[str, str]  # normalised demonym -> ISO code
    admin1_demonyms: dict[str, tuple[str, str]]  # normalised demonym -> (country, admin1)
    admin1_names: dict[tuple[str, str], tuple[str, ...]]  # (country, admin1) -> names
    continent_demonyms: dict[str, str]  # normalised demonym -> continent code
    abbreviations: dict[str, tuple[str, str]]  # "Calif." -> (country, admin1 code)


@cache
def place_aliases() -> PlaceAliases:
    """Load the packaged aliases once."""
    raw, _ = read_toml(ALIASES_FILE, what="place aliases")

    def by_word(table: dict[str, list[str]]) -> dict[str, str]:
        return {normalise_name(w): code for code, words in table.items() for w in words}

    def admin1(key: str) -> tuple[str, str]:
        cc, _, a1 = key.partition(".")
        return cc, a1

    abbreviations = {
        form: admin1(key)
        for key, forms in raw.get("admin1_abbreviations", {}).items()
        for form in forms
    }
    return PlaceAliases(
        country_names={k: tuple(v) for k, v in raw.get("country_names", {}).items()},
        continent_names={k: tuple(v) for k, v in raw.get("continent_names", {}).items()},
        demonyms=by_word(raw.get("demonyms", {})),
        admin1_demonyms={
            normalise_name(w): admin1(key)
            for key, words in raw.get("admin1_demonyms", {}).items()
            for w in words
        },
        admin1_names={admin1(k): tuple(v) for k, v in raw.get("admin1_names", {}).items()},
        continent_demonyms=by_word(raw.get("continent_demonyms", {})),
        abbreviations=abbreviations,
    )
