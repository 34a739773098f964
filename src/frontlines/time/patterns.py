"""The grammar of time expressions: one regex per kind of expression, built from the lexicon.

Reads: :class:`~frontlines.time.lexicon.TimeLexicon`. Writes: a tuple of
:class:`Rule` (name, compiled regex, optional syntactic check), compiled once
per lexicon. Spans follow TIMEX2 extents: a leading preposition ("on", "in",
"within") is not part of the expression; "early", "late", "the" and "ago" are.
Month and weekday names match only capitalised, so "may" and "march" stay verbs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from frontlines.time.lexicon import TimeLexicon, alternation, load_lexicon, period_alternation

Check = Callable[[re.Match[str], str, TimeLexicon], bool]


@dataclass(frozen=True)
class Rule:
    """One kind of expression. It can only match near one of its trigger words (or a digit)."""

    name: str
    regex: re.Pattern[str]
    check: Check | None = None
    triggers: frozenset[str] = frozenset()
    digits: bool = False


WORD = re.compile(r"[\w.'’-]+")


def _cased(words: list[str], *, dotted: frozenset[str] = frozenset()) -> str:
    """Title and UPPER case variants, matched case-sensitively; ``dotted`` may end in "."."""
    variants: list[str] = []
    for word in sorted(set(words), key=lambda w: (-len(w), w)):
        for form in dict.fromkeys((word.title(), word.upper())):
            variants.append(re.escape(form) + (r"\.?" if word in dotted else ""))
    return "(?-i:" + "|".join(variants) + ")"


@dataclass(frozen=True)
class Pieces:
    """Regex fragments with a placeholder for the group name."""

    month: str
    month_full: str
    weekday: str
    weekday_any: str
    number: str
    vague: str
    unit: str
    part: str
    day_part: str
    modifier: str
    season: str
    ordinal: str
    holiday: str
    period: str
    ref: str
    deictic: str
    direction: str
    adjective: str
    vague_duration: str


def _pieces(lex: TimeLexicon) -> Pieces:
    abbreviations = frozenset(lex.month_abbreviations)
    ones = [w for w, n in lex.numbers.items() if 1 <= n <= 9 and w not in ("a", "an")]
    tens = [w for w, n in lex.numbers.items() if n in range(20, 100, 10)]
    words = [w for w in lex.numbers if " " not in w]
    number = (
        rf"(?<![\d.,])(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)"
        rf"|(?:{alternation(tens)})[-\s](?:{alternation(ones)})|{alternation(words)}"
    )
    return Pieces(
        month=_cased([*lex.months, *abbreviations], dotted=abbreviations) + r"(?![A-Za-z])",
        month_full=_cased(list(lex.months)) + r"(?![A-Za-z])",
        weekday=_cased(list(lex.weekdays)) + r"(?![A-Za-z])",
        weekday_any=_cased(
            [*lex.weekdays, *lex.weekday_abbreviations], dotted=frozenset(lex.weekday_abbreviations)
        )
        + r"(?![A-Za-z])",
        number=number,
        vague=alternation(lex.vague_numbers),
        unit=alternation(lex.units) + r"(?![A-Za-z])",
        part=alternation(lex.parts),
        day_part=alternation(lex.day_parts) + r"(?![A-Za-z])",
        modifier=alternation(lex.modifiers),
        season=alternation(lex.seasons) + r"(?![A-Za-z])",
        ordinal=alternation(lex.ordinals),
        holiday=alternation(lex.holidays),
        period=period_alternation(lex.periods) or r"(?!)",
        ref=alternation(lex.refs),
        deictic=alternation(lex.deictic),
        direction=alternation(lex.later | lex.earlier),
        adjective=alternation(lex.duration_adjectives),
        vague_duration=alternation(lex.vague_durations),
    )


DAY = r"(?P<{g}>0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?(?![\d:]|[.,]\d)"
YEAR = r"(?<![\d$£€.,])(?P<{g}>1\d{{3}}|20\d{{2}})(?!\d|,\d)"
YEAR2 = r"(?P<{g}>1\d{{3}}|20\d{{2}}|\d{{2}})(?!\d|,\d)"
TIME = r"(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?:\s*[ap]\.?m\.?)?(?:\s*(?:GMT|UTC|hrs?|local\s+time))?|(?:1[0-2]|0?[1-9])\s*(?-i:[ap]\.m\.|[ap]m)"
DASH = r"\s*(?:-|–|—)\s*"
TO = r"(?:\s*(?:-|–|—)\s*|\s+(?:to|through|until|till)\s+)"
ERA = r"(?-i:BC|B\.C\.|BCE|B\.C\.E\.|AD|A\.D\.|CE)(?![A-Za-z])"
REL_CAL = r"last|this|next|coming|current|the\s+current|the\s+coming|past"
REL_ANCHORED = (
    r"the\s+following|the\s+next|the\s+previous|the\s+preceding|the\s+prior|the\s+subsequent"
    r"|that\s+same|the\s+same|that|this\s+same"
)


def g(fragment: str, name: str) -> str:
    return fragment.format(g=name)


def _rules(lex: TimeLexicon) -> tuple[Rule, ...]:
    p = _pieces(lex)
    month = lambda n: rf"(?P<{n}>{p.month})"  # noqa: E731
    month_full = lambda n: rf"(?P<{n}>{p.month_full})"  # noqa: E731
    day = lambda n: g(DAY, n)  # noqa: E731
    year = lambda n: g(YEAR, n)  # noqa: E731
    part = lambda n: rf"(?P<{n}>{p.part})(?:-|\s+)"  # noqa: E731
    wd = rf"(?:(?P<wd>{p.weekday_any}),?\s+(?:the\s+)?)?"
    time_before = rf"(?:(?P<time1>{TIME})\s*(?:\||,|-|–|on)?\s*)?"
    time_after = rf"(?:,?\s+(?:at\s+)?(?P<time2>{TIME}))?"
    num = rf"(?P<num>{p.number}|{p.vague})"
    unit = rf"(?P<unit>{p.unit})"
    mod = rf"(?:(?P<mod>{p.modifier})\s+)?"
    rules = [
        # absolute dates
        (
            "iso_date",
            r"(?P<year>\d{4})-(?P<mon>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])(?:[T\s](?P<time2>(?:[01]\d|2[0-3]):[0-5]\d)(?::[0-5]\d)?)?(?!\d)",
            None,
        ),
        (
            "date",
            rf"{time_before}{wd}{day('day')}(?:\s+of)?\s+{month('month')},?\s+{year('year')}{time_after}",
            None,
        ),
        (
            "date",
            rf"{time_before}{wd}{month('month')}\s+{day('day')},?\s+{year('year')}{time_after}",
            None,
        ),
        (
            "date",
            rf"{wd}{day('day')}(?:\s+of)?\s+{month('month')}(?:{time_after}|(?!\s*,?\s*\d))",
            None,
        ),
        ("date", rf"{wd}{month('month')}\s+{day('day')}(?:{time_after}|(?!\s*,?\s*\d))", None),
        (
            "date_of_year",
            rf"(?:{day('day')}(?:\s+of)?\s+{month('month')}|{month('month2')}\s+{day('day2')})\s+of\s+(?P<rel>{REL_CAL}|{REL_ANCHORED})\s+year",
            None,
        ),
        # day ranges: "May 4-5, 2017", "4-5 May 2017", "May 30 - June 2"
        (
            "day_range",
            rf"(?:(?:between|from)\s+)?{month('month')}\s+{day('day')}(?:{TO}|\s+and\s+){day('day2')}(?:,?\s+{year('year')})?",
            None,
        ),
        (
            "day_range",
            rf"(?:(?:between|from)\s+)?{day('day')}(?:{TO}|\s+and\s+){day('day2')}\s+{month('month')},?(?:\s+{year('year')})?",
            None,
        ),
        (
            "day_range",
            rf"(?:(?:between|from)\s+)?{month('month')}\s+{day('day')}{TO}{month('month2')}\s+{day('day2')}(?:,?\s+{year('year')})?",
            None,
        ),
        (
            "day_range",
            rf"(?:(?:between|from)\s+)?{day('day')}\s+{month('month')}{TO}{day('day2')}\s+{month('month2')}(?:,?\s+{year('year')})?",
            None,
        ),
        # months and years
        ("month_year", rf"{month('month')},?\s+(?:of\s+)?{year('year')}", None),
        (
            "month_range",
            rf"(?:between\s+{month_full('month')}\s+and|(?:from\s+)?{month_full('month2')}{TO}(?=\w))\s*{month_full('month3')}(?:,?\s+{year('year')})?",
            None,
        ),
        (
            "month_rel_year",
            rf"{month('month')}\s+(?:of\s+)?(?P<rel>{REL_CAL}|{REL_ANCHORED})\s+year",
            None,
        ),
        ("month", rf"{month_full('month')}", _month_alone),
        (
            "rel_month",
            rf"(?P<rel>{REL_CAL}|the\s+following|the\s+next|the\s+previous|previous|that)\s+{month_full('month')}",
            None,
        ),
        (
            "part_month",
            rf"{part('part')}{month_full('month')}(?:,?\s+(?:of\s+)?{year('year')})?",
            None,
        ),
        (
            "part_month",
            rf"{part('part')}{month_full('month')}\s+(?:of\s+)?(?P<rel>{REL_CAL}|{REL_ANCHORED})\s+year",
            None,
        ),
        (
            "year_range",
            rf"between\s+(?:the\s+years\s+)?{year('year')}\s+and\s+{g(YEAR2, 'year2')}",
            None,
        ),
        ("year_range", rf"(?:from\s+)?{year('year')}{TO}{g(YEAR2, 'year2')}", _year_range),
        ("year", rf"(?:the\s+year\s+)?{year('year')}", _year_alone),
        ("part_year", rf"{part('part')}(?:of\s+)?{year('year')}", None),
        (
            "half_year",
            rf"the\s+(?P<ord>first|second|third|fourth|last|final)\s+(?P<piece>half|quarter)\s+of\s+(?:{year('year')}|(?P<rel>{REL_CAL}|{REL_ANCHORED})\s+year)",
            None,
        ),
        (
            "week_of",
            rf"the\s+(?P<ord>first|second|third|fourth|last|final)\s+(?P<piece>week|days)\s+of\s+(?:{month_full('month')}(?:,?\s+{year('year')})?|(?P<rel>this|that|the)\s+month)",
            None,
        ),
        (
            "era_range",
            rf"(?:(?:between|from)\s+)?(?P<year>\d{{1,4}})(?:{TO}|\s+and\s+)(?P<year2>\d{{1,4}})\s*(?P<era>{ERA})",
            None,
        ),
        (
            "era_year",
            rf"(?P<year>\d{{1,4}})\s*(?P<era>{ERA})|(?-i:AD|A\.D\.)\s*(?P<year2>\d{{1,4}})(?!\d)",
            None,
        ),
        (
            "decade",
            rf"(?:{part('part')})?(?:the\s+)?(?P<decade>1\d{{2}}0|20\d0|')(?P<short>\d0)?'?s(?![\w'])",
            _decade,
        ),
        (
            "century",
            rf"(?:{part('part')})?(?:the\s+)?(?P<ord>\d{{1,2}}(?:st|nd|rd|th)|{p.ordinal}|twenty-first)[-\s]+century(?:\s+(?P<era>{ERA}))?",
            None,
        ),
        # seasons and holidays
        (
            "season",
            rf"(?:{part('part')})?(?:the\s+)?(?P<season>{p.season})(?:,?\s+(?:of\s+)?{year('year')}(?:[-–/](?P<year2>\d{{2,4}}))?)?",
            _season,
        ),
        ("season", rf"(?:{part('part')})?(?:the\s+)?{year('year')}\s+(?P<season>{p.season})", None),
        (
            "rel_season",
            rf"(?:{part('part')})?(?P<rel>{REL_CAL}|{REL_ANCHORED}|previous)\s+(?P<season>{p.season})",
            None,
        ),
        (
            "rel_season",
            rf"(?:{part('part')})?(?:the\s+)?(?P<season>{p.season})\s+of\s+(?P<rel>{REL_CAL}|{REL_ANCHORED})\s+year",
            None,
        ),
        (
            "holiday",
            rf"(?P<holiday>{p.holiday})(?:,?\s+(?:of\s+)?{year('year')})?",
            _capitalised_holiday,
        ),
        ("period", rf"(?:the\s+)?(?P<period>{p.period})", _capitalised_period),
        (
            "easter",
            rf"(?-i:Easter)(?:\s+(?-i:Sunday|Monday))?(?:,?\s+(?:of\s+)?{year('year')})?",
            None,
        ),
        # days relative to the publication date, weekdays, times
        (
            "deictic",
            rf"(?:{part('part')}(?:on\s+)?)?(?P<word>{p.deictic})(?:\s+(?P<tod>{p.day_part}))?",
            None,
        ),
        (
            "weekday",
            rf"(?:(?P<rel>last|next|this|coming|past|previous|the\s+following|the\s+next|the\s+previous|that)\s+)?(?:{part('part')}(?:on\s+)?)?(?P<wd>{p.weekday})(?:\s+(?P<tod>{p.day_part}))?",
            None,
        ),
        (
            "weekday",
            rf"(?:(?P<part>early|late)\s+)?(?:on\s+)?(?:the\s+)?(?P<tod>{p.day_part})\s+of\s+(?P<wd>{p.weekday})",
            None,
        ),
        ("time", rf"{TIME}", None),
        # periods relative to now or to the previous expression
        (
            "rel_unit",
            rf"(?:(?P<part>{p.part}|earlier|later)(?:-|\s+)(?:in\s+)?)?(?P<rel>{REL_CAL}|{REL_ANCHORED}|the)\s+(?P<unit>day|morning|afternoon|evening|night|week|weekend|month|year|decade|century)(?![\w-])",
            _rel_unit,
        ),
        (
            "rel_unit_after",
            r"the\s+(?P<unit>day|week|month|year)\s+(?P<dir>before|after|following|prior)",
            _followed_by_stop,
        ),
        ("ago", rf"{mod}(?:{num}\s+)?(?:more\s+)?{unit}\s+ago", None),
        (
            "offset",
            rf"{mod}(?:(?:just|only)\s+)?(?:{num}\s+)?{unit}\s+(?P<dir>{p.direction})(?![\w-])",
            _offset,
        ),
        (
            "window",
            rf"(?P<the>the\s+)?(?P<rel>last|past|previous|preceding|next|coming|following|first|final)\s+(?:{num}\s+)?{unit}",
            _window,
        ),
        ("recent", r"(?:the\s+)?recent\s+(?P<unit>days|weeks|months|years|decades)", None),
        ("vague_duration", rf"{p.vague_duration}", None),
        # durations
        (
            "duration",
            rf"{mod}(?:another\s+|a\s+further\s+|an\s+additional\s+)?{num}(?P<half>\s+and\s+a\s+half)?\s+(?:(?:{p.adjective})\s+)?{unit}(?P<half2>\s+and\s+a\s+half)?",
            _duration,
        ),
        (
            "duration",
            rf"{mod}(?P<num>{p.number})-(?P<unit>hour|day|week|month|year|decade|century)(?:-long)?(?![\w-])",
            None,
        ),
        ("bare_unit", r"(?P<unit>hours|days|weeks|months|years|decades)(?![\w-])", _bare_unit),
        ("ref", rf"(?P<ref>{p.ref})(?![\w-])", _ref),
    ]
    out = []
    for name, body, check in rules:
        regex = re.compile(rf"(?<![\w'’])(?:{body})(?![\w])", re.IGNORECASE)
        words, digits = _triggers(name, lex)
        out.append(Rule(name, regex, check, words, digits))
    return tuple(out)


def _words(phrases: object) -> set[str]:
    return {w for phrase in phrases for w in re.findall(r"[a-z]+", str(phrase).casefold())}  # type: ignore[attr-defined]


def _triggers(name: str, lex: TimeLexicon) -> tuple[frozenset[str], bool]:
    """The words one of which every match of rule ``name`` contains, and whether a digit will do."""
    months = _words([*lex.months, *lex.month_abbreviations])
    units = _words(lex.units) | {"weekend"}
    day_parts = _words(lex.day_parts)
    table: dict[str, tuple[set[str], bool]] = {
        "iso_date": (set(), True),
        "year_range": (set(), True),
        "year": (set(), True),
        "part_year": (set(), True),
        "era_range": (set(), True),
        "era_year": (set(), True),
        "decade": (set(), True),
        "time": (set(), True),
        "half_year": ({"half", "quarter"}, False),
        "week_of": ({"week", "days"}, False),
        "century": ({"century"}, False),
        "season": (_words(lex.seasons), False),
        "rel_season": (_words(lex.seasons), False),
        "holiday": (_words(lex.holidays), False),
        "period": (_words(lex.periods), False),
        "easter": ({"easter"}, False),
        "deictic": (_words(lex.deictic), False),
        "weekday": (_words(lex.weekdays), False),
        "rel_unit": (units | day_parts, False),
        "rel_unit_after": (units, False),
        "ago": ({"ago"}, False),
        "offset": (_words(lex.later | lex.earlier), False),
        "window": (units, False),
        "recent": ({"recent"}, False),
        "duration": (units, False),
        "bare_unit": (units, False),
        "vague_duration": (_words(lex.vague_durations) - {"a", "some", "long", "short"}, False),
        "ref": (_words(lex.refs), False),
    }
    words, digits = table.get(name, (months, False))  # the date and month rules need a month
    return frozenset(words), digits


@cache
def rules_for(lex: TimeLexicon) -> tuple[Rule, ...]:
    return _rules(lex)


def default_rules() -> tuple[Rule, ...]:
    return rules_for(load_lexicon())


# ---------------------------------------------------------------- syntactic checks


def word_before(text: str, pos: int) -> str:
    """The word right before ``pos`` (lower case, "" at a sentence start or after punctuation)."""
    i = pos
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    j = i
    while j > 0 and (text[j - 1].isalnum() or text[j - 1] in ".'’-"):
        j -= 1
    return text[j:i].casefold().rstrip("-")


def word_after(text: str, pos: int) -> str:
    """The word right after ``pos`` as written, or the punctuation mark there ("" at the end)."""
    i = pos
    while i < len(text) and text[i] in " \t":
        i += 1
    if i >= len(text):
        return ""
    m = WORD.match(text, i)
    return m.group(0) if m else text[i]


def _month_alone(m: re.Match[str], text: str, lex: TimeLexicon) -> bool:
    word = m.group("month").casefold()
    if word not in lex.ambiguous_months:
        return True
    return word_before(text, m.start()) in lex.month_context


def _year_alone(m: re.Match[str], text: str, lex: TimeLexicon) -> bool:
    """A bare four-digit number is a year unless it counts or names something."""
    if m.group(0).casefold().startswith("the"):
        return True
    before = word_before(text, m.start())
    if before in lex.year_before:
        return True
    if before in lex.year_count_before:
        return False
    if _after_a_name(text, m.start()):
        return False  # "Operation 1027", "Resolution 2254", "Brigade 1055": a number in a name
    return not lex.counts_things(word_after(text, m.end()))


def _after_a_name(text: str, pos: int) -> bool:
    """True when the word before ``pos`` is capitalised mid-sentence: part of a proper name."""
    head = text[:pos].rstrip(" \t")
    words = head.split()
    if not words or not words[-1][:1].isupper() or not words[-1].isalpha():
        return False
    if len(words) == 1:
        return False  # sentence start: "Since 2011 ..." is handled by year_before
    return words[-2][-1:] not in '.!?:\n"“' and "\n" not in head[len(head) - len(words[-1]) - 1 :]


def _year_range(m: re.Match[str], text: str, lex: TimeLexicon) -> bool:
    first, second = int(m.group("year")), m.group("year2")
    last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
    return first < last <= first + 100


def _decade(m: re.Match[str], text: str, lex: TimeLexicon) -> bool:
    return m.group("decade") != "'" or m.group("short") is not None


def _season(m: re.Match[str], text: str, lex: TimeLexicon) -> bool:
    word = m.group("season")
    if m.group("year") is None:
        if word.casefold() == "fall" and m.group("part") is None:
            return False  # "the fall of Aleppo"
        # "Arab Spring", "Operation Winter Storm": a capitalised season after a name
        if word[:1].isupper() and word_before(text, m.start("season"))[:1].isalpha():
            prev = text[: m.start("season")].rstrip().split()[-1:]
            if (
                prev
                and prev[0][:1].isupper()
                and prev[0].casefold() not in ("the", "in", "last", "this", "next")
            ):
                return False
        if word_after(text, m.end())[:1].isupper():
            return False
    return True


def _capitalised_holiday(m: re.Match[str], text: str, lex: TimeLexicon) -> bool:
    return m.group("holiday")[:1].isupper()


def _capitalised_period(m: re.Match[str], text: str, lex: TimeLexicon) -> bool:
    """ "the first Gulf War", "World War II": a name (not "a gulf war of words")."""
    return any(c.isupper() for c in m.group("period"))


def _rel_unit(m: re.Match[str], text: str, lex: TimeLexicon) -> bool:
    rel = " ".join(m.group("rel").casefold().split())
    unit = m.group("unit").casefold()
    if rel == "the":
        return m.group("part") is not None and unit in (
            "day",
            "week",
            "month",
            "year",
            "morning",
            "afternoon",
            "evening",
        )
    if rel == "past":
        return False  # "the past week" is a window, not a calendar week
    return not (rel in ("this", "that", "the same", "that same") and unit in ("decade", "century"))


def _followed_by_stop(m: re.Match[str], text: str, lex: TimeLexicon) -> bool:
    if m.group("dir").casefold() == "following":
        return True
    after = word_after(text, m.end())
    return after == "" or after in ",.;:)" or after.casefold() in ("and", "but", "when")


def _offset(m: re.Match[str], text: str, lex: TimeLexicon) -> bool:
    direction = m.group("dir").casefold()
    if direction in ("before", "after", "prior", "on"):  # "three days after the vote" is not one
        return _followed_by_stop(m, text, lex)
    return True


def _window(m: re.Match[str], text: str, lex: TimeLexicon) -> bool:
    rel = m.group("rel").casefold()
    if m.group("num") is None:
        # "the past week" is a window, "last week" (no "the") a calendar week,
        # "the following week" the week after the previous date
        plural = m.group("unit").casefold().endswith("s")
        return m.group("the") is not None and (
            plural or rel not in ("first", "final", "following", "next")
        )
    return m.group("the") is not None or rel in ("last", "past", "next", "first")


def _duration(m: re.Match[str], text: str, lex: TimeLexicon) -> bool:
    num = m.group("num").casefold()
    if num in ("a", "an") and word_before(text, m.start()) in ("once", "twice", "times", "per"):
        return False  # "twice a day" is a frequency
    if num in ("a", "an", "one") and m.group("unit").casefold().endswith("s"):
        return False  # "a months-long siege", "a years' time"
    after = word_after(text, m.end()).casefold()
    return after not in ("old", "-old")


def _bare_unit(m: re.Match[str], text: str, lex: TimeLexicon) -> bool:
    after = word_after(text, m.end()).casefold()
    if after in lex.duration_after:  # "days of heavy fighting", "years later"
        return True
    at_clause_end = after in ("", ",", ".", ";", "and", "before", "after")
    return at_clause_end and word_before(text, m.start()) in lex.duration_before


def _ref(m: re.Match[str], text: str, lex: TimeLexicon) -> bool:
    word = m.group("ref").casefold()
    if word == "the past":
        return word_after(text, m.end()).casefold() not in lex.units  # "the past week" is a window
    return True
