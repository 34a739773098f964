"""The words the time stage knows, read once from ``data/time_lexicon.toml``.

Reads: the packaged TOML file (or another path). Writes: a frozen
:class:`TimeLexicon`. Code elsewhere in ``frontlines.time`` holds no word lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from frontlines.datafiles import read_toml
from frontlines.errors import BadOption

LEXICON_FILE = "time_lexicon.toml"


@dataclass(frozen=True)
class Season:
    code: str  # TIMEX2: SP, SU, FA, WI
    first_month: int
    last_month: int  # smaller than first_month when the season runs into the next year


@dataclass(frozen=True, eq=False)  # hashed by identity: rules are compiled once per lexicon
class TimeLexicon:
    months: dict[str, int]  # full names
    month_abbreviations: dict[str, int]
    ambiguous_months: frozenset[str]
    month_context: frozenset[str]
    weekdays: dict[str, int]
    weekday_abbreviations: dict[str, int]
    seasons: dict[str, Season]
    numbers: dict[str, int]
    vague_numbers: dict[str, tuple[int, int]]
    recent_reach: int
    ordinals: dict[str, int]
    units: dict[str, str]
    parts: dict[str, str]  # phrase -> START | MID | END
    relative: dict[
        str, str
    ]  # phrase -> last | this | next | anchored_next | anchored_last | anchored_same
    duration_adjectives: frozenset[str]
    duration_after: frozenset[str]
    duration_before: frozenset[str]
    vague_durations: frozenset[str]
    later: frozenset[str]
    earlier: frozenset[str]
    deictic: dict[str, tuple[int, int]]
    day_parts: dict[str, str]
    refs: dict[str, str]  # phrase -> PRESENT_REF | PAST_REF | FUTURE_REF
    modifiers: dict[str, str]  # phrase -> TIMEX2 mod
    year_before: frozenset[str]
    year_count_before: frozenset[str]
    year_count_after: frozenset[str]
    not_plural: frozenset[str]
    holidays: dict[str, tuple[int, int]]
    periods: dict[str, tuple[int, int]]  # "world war ii" -> (1939, 1945)
    future_cues: tuple[str, ...]
    past_cues: tuple[str, ...]
    future_auxiliaries: frozenset[str]
    past_auxiliaries: frozenset[str]
    present_auxiliaries: frozenset[str]
    future_verbs: frozenset[str]

    def month(self, word: str) -> int | None:
        """The month number of a name or abbreviation ("Sept.", "OCTOBER")."""
        key = word.rstrip(".").casefold()
        return self.months.get(key) or self.month_abbreviations.get(key)

    def weekday(self, word: str) -> int | None:
        key = word.rstrip(".").casefold()
        return self.weekdays.get(key) or self.weekday_abbreviations.get(key)

    def number(self, word: str) -> int | None:
        """An integer from digits or words ("48", "three", "twenty-four")."""
        key = " ".join(word.casefold().replace("-", " ").split())
        if key.replace(",", "").isdigit():
            return int(key.replace(",", ""))
        if key.isdigit():
            return int(key)
        if key in self.numbers:
            return self.numbers[key]
        tens, _, ones = key.partition(" ")
        if ones and tens in self.numbers and ones in self.numbers:
            return self.numbers[tens] + self.numbers[ones]
        return None

    def counts_things(self, word: str) -> bool:
        """Whether a number before ``word`` counts something ("1500 troops", "1200 km")."""
        word = word.rstrip(".,;:") or word
        key = word.casefold()
        if key in self.year_count_after:
            return True
        plural = key.endswith("s") and not key.endswith(("ss", "us", "is", "'s", "’s"))
        return word[:1].islower() and plural and key not in self.not_plural

    def season(self, word: str) -> Season | None:
        return self.seasons.get(word.casefold())


def period_key(name: str) -> str:
    """A named period's lookup form: "the Six-Day War" and "six day war" are one."""
    words = re.split(r"[-\s]+", name.casefold().strip())
    return " ".join(words[1:] if words[:1] == ["the"] else words)


def period_alternation(names: Iterable[str]) -> str:
    """A regex alternation of period names (their lookup forms), words joined by spaces or
    hyphens, longest first."""
    phrases = sorted(set(names), key=lambda w: (-len(w), w))
    return "|".join(r"[-\s]+".join(re.escape(part) for part in p.split()) for p in phrases)


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of phrases, longest first, spaces matching any whitespace."""
    phrases = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(r"\s+".join(re.escape(part) for part in p.split()) for p in phrases)


def _phrases(table: dict[str, list[str]]) -> dict[str, str]:
    return {phrase.casefold(): key for key, phrases in table.items() for phrase in phrases}


def build_lexicon(data: dict[str, Any], *, source: str) -> TimeLexicon:
    try:
        rel = data["relative"]
        return TimeLexicon(
            months={k.casefold(): int(v) for k, v in data["months"].items()},
            month_abbreviations={k: int(v) for k, v in data["month_abbreviations"].items()},
            ambiguous_months=frozenset(data["month_rules"]["ambiguous_names"]),
            month_context=frozenset(data["month_rules"]["context_words"]),
            weekdays={k: int(v) for k, v in data["weekdays"].items()},
            weekday_abbreviations={k: int(v) for k, v in data["weekday_abbreviations"].items()},
            seasons={
                k: Season(str(v[0]), int(v[1]), int(v[2])) for k, v in data["seasons"].items()
            },
            numbers={k: int(v) for k, v in data["numbers"].items()},
            vague_numbers={k: (int(v[0]), int(v[1])) for k, v in data["vague_numbers"].items()},
            recent_reach=int(data["recent"]["reach"]),
            ordinals={k: int(v) for k, v in data["ordinals"].items()},
            units=dict(data["units"]),
            parts=_phrases({k.upper(): v for k, v in data["parts"].items()}),
            relative=_phrases(
                {k: rel[k] for k in ("last", "this", "next", "anchored_next", "anchored_last")}
                | {"anchored_same": rel["anchored_same"]}
            ),
            duration_adjectives=frozenset(data["durations"]["adjectives"]),
            duration_after=frozenset(data["durations"]["after"]),
            duration_before=frozenset(data["durations"]["before"]),
            vague_durations=frozenset(data["durations"]["vague"]),
            later=frozenset(rel["later"]),
            earlier=frozenset(rel["earlier"]),
            deictic={k: (int(v[0]), int(v[1])) for k, v in data["deictic"].items()},
            day_parts=dict(data["day_parts"]),
            refs=_phrases({f"{k.upper()}_REF": v for k, v in data["refs"].items()}),
            modifiers=_phrases(data["modifiers"]),
            year_before=frozenset(data["year_context"]["before"]),
            year_count_before=frozenset(data["year_context"]["count_before"]),
            year_count_after=frozenset(data["year_context"]["count_after"]),
            not_plural=frozenset(data["year_context"]["not_plural"]),
            holidays={k: (int(v[0]), int(v[1])) for k, v in data["holidays"].items()},
            periods={
                period_key(k): (int(v[0]), int(v[1])) for k, v in data.get("periods", {}).items()
            },
            future_cues=tuple(data["tense"]["future"]),
            past_cues=tuple(data["tense"]["past"]),
            future_auxiliaries=frozenset(data["tense"]["future_auxiliaries"]),
            past_auxiliaries=frozenset(data["tense"]["past_auxiliaries"]),
            present_auxiliaries=frozenset(data["tense"]["present_auxiliaries"]),
            future_verbs=frozenset(data["tense"]["future_verbs"]),
        )
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise BadOption(detail=f"{source}: missing or bad entry {exc}") from None


@cache
def load_lexicon(path: Path | None = None) -> TimeLexicon:
    """The packaged lexicon, or the one in ``path``; each file is read once."""
    data, source = read_toml(LEXICON_FILE, path, what="time lexicon")
    return build_lexicon(data, source=source)
