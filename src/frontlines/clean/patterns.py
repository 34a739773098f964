"""The cleaning knowledge (credits, link markers, boilerplate, English words), as data.

Reads ``src/frontlines/data/clean_patterns.toml`` (or a file the caller names)
once and compiles it into a :class:`CleanPatterns`. Code in this package knows
line shapes; which words make a caption or a "Read more" line lives in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from frontlines.datafiles import read_toml
from frontlines.errors import BadOption

PATTERNS_FILE = "clean_patterns.toml"


@dataclass(frozen=True)
class CleanPatterns:
    """Compiled cleaning patterns; every regex matches one stripped line."""

    caption_endings: tuple[re.Pattern[str], ...]
    caption_starts: tuple[re.Pattern[str], ...]
    weak_caption_endings: tuple[re.Pattern[str], ...]
    credit_only: tuple[re.Pattern[str], ...]
    caption_max_words: int
    read_more: tuple[re.Pattern[str], ...]
    boilerplate_lines: frozenset[str]
    boilerplate_patterns: tuple[re.Pattern[str], ...]
    boilerplate_max_words: int
    header_lines: int
    bullet: re.Pattern[str]
    bullet_max_words: int
    metadata_patterns: tuple[re.Pattern[str], ...]
    metadata_max_words: int
    date_line: re.Pattern[str]
    date_words: re.Pattern[str]
    headline_max_words: int
    headline_min_run: int
    title_max_words: int
    heading_max_words: int
    function_words: frozenset[str]


def _alternation(words: list[str]) -> str:
    """A regex alternation of literal words, longest first so "EPA-EFE" beats "EPA"."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _compile(source: str, pattern: str, *, where: str, anchor: str) -> re.Pattern[str]:
    """Compile one pattern from the file; ``anchor`` is ``line``, ``start`` or ``end``."""
    if anchor == "line":
        full = rf"^(?:{pattern})$"
    elif anchor == "start":
        full = rf"^(?:{pattern})"
    else:
        full = rf"(?:{pattern})[\s.]*$"
    try:
        return re.compile(full, re.IGNORECASE)
    except re.error as exc:
        raise BadOption(detail=f"{source}: bad regex in {where}: {pattern!r} ({exc})") from None


def _section(data: dict[str, Any], name: str, source: str) -> dict[str, Any]:
    section = data.get(name)
    if not isinstance(section, dict):
        raise BadOption(detail=f"{source}: missing table [{name}]")
    return section


def build_patterns(data: dict[str, Any], *, source: str = PATTERNS_FILE) -> CleanPatterns:
    """Compile parsed TOML data (same shape as ``clean_patterns.toml``)."""
    try:
        credits = _section(data, "credits", source)
        read_more = _section(data, "read_more", source)
        boiler = _section(data, "boilerplate", source)
        meta = _section(data, "metadata", source)
        dates = _section(data, "dates", source)
        heads = _section(data, "headlines", source)
        repeats = _section(data, "repeats", source)
        english = _section(data, "english", source)

        agency = _alternation(credits["agencies"])
        agency_caps = _alternation([a.upper() for a in credits["agencies"]])
        months = _alternation(dates["months"])
        weekdays = _alternation(dates["weekdays"])
        extra = _alternation(dates["extra_words"])

        def many(key: str, patterns: list[str], anchor: str) -> tuple[re.Pattern[str], ...]:
            return tuple(
                _compile(
                    source,
                    p.replace("{agency}", agency).replace("{AGENCY}", agency_caps),
                    where=key,
                    anchor=anchor,
                )
                for p in patterns
            )

        date_token = (
            rf"(?:\b(?:{months}|{weekdays}|{extra})\b\.?|\d+(?!\d)(?:st|nd|rd|th)?|[-–—/.,:|+()\s])"
        )
        return CleanPatterns(
            caption_endings=many("credits.caption_endings", credits["caption_endings"], "end"),
            caption_starts=many("credits.caption_starts", credits["caption_starts"], "start"),
            weak_caption_endings=many(
                "credits.weak_caption_endings", credits["weak_caption_endings"], "end"
            ),
            credit_only=many("credits.credit_only", credits["credit_only"], "line"),
            caption_max_words=int(credits["caption_max_words"]),
            read_more=many("read_more.line_starts", read_more["line_starts"], "start"),
            boilerplate_lines=frozenset(w.casefold() for w in boiler["lines"]),
            boilerplate_patterns=many("boilerplate.patterns", boiler["patterns"], "line"),
            boilerplate_max_words=int(boiler["max_words"]),
            header_lines=int(meta["header_lines"]),
            bullet=_compile(source, meta["bullet"], where="metadata.bullet", anchor="line"),
            bullet_max_words=int(meta["bullet_max_words"]),
            metadata_patterns=many("metadata.patterns", meta["patterns"], "line"),
            metadata_max_words=int(meta["max_words"]),
            date_line=re.compile(rf"^{date_token}+$", re.IGNORECASE),
            date_words=re.compile(rf"\b(?:{months}|{weekdays})\b|\b\d{{4}}\b", re.IGNORECASE),
            headline_max_words=int(heads["max_words"]),
            headline_min_run=int(heads["min_run"]),
            title_max_words=int(heads["title_max_words"]),
            heading_max_words=int(repeats["heading_max_words"]),
            function_words=frozenset(w.casefold() for w in english["function_words"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise BadOption(detail=f"{source}: missing or bad entry {exc}") from None


@cache
def load_patterns(path: Path | None = None) -> CleanPatterns:
    """The packaged patterns, or those in ``path``; each file is read once."""
    data, source = read_toml(PATTERNS_FILE, path, what="cleaning patterns")
    return build_patterns(data, source=source)
