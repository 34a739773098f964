"""TIMEX2 ``val`` strings: what they denote, and whether a TimeMention agrees.

Reads: a TIMEX2 ``val`` (and ``mod``) and a TimeMention's ``value_start``,
``value_end``, ``duration`` and ``timex``. Writes nothing. Two questions:
:func:`timex_matches_value`, is the interval we would put on a timeline
right; :func:`timex_string_matches`, did we write the same TIMEX2 string
(the criterion of the ACE TERN and TempEval scorers).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from frontlines.models import TimeMention


class ValueKind(StrEnum):
    """What sort of thing a TIMEX2 ``val`` names."""

    DATE = "date"  # a calendar interval: day, week, month, season, quarter, half, year, decade...
    TIME = "time"  # a day with a time of day: 1944-06-06T06:30, 1863-07-03TAF
    DURATION = "duration"  # P3M, PT5H, P2DE, PXD
    REFERENCE = "reference"  # PRESENT_REF, PAST_REF, FUTURE_REF
    UNDERSPECIFIED = "underspecified"  # X placeholders: XXXX-XX-XX, 1915-XX, XXXX-WI
    BC = "bc"  # BC0490, BC048: before year 1, which datetime.date cannot hold: compared as strings
    MISSING = "missing"  # no val, or an empty one: not scored
    UNPARSED = "unparsed"  # none of the above (annotation debris): not scored


REFERENCES = frozenset({"PRESENT_REF", "PAST_REF", "FUTURE_REF"})
NOT_SCORED = frozenset({ValueKind.MISSING, ValueKind.UNPARSED})


@dataclass(frozen=True)
class TimexValue:
    """A parsed TIMEX2 ``val``.

    ``start``/``end`` are the first and last day of a DATE or TIME (for a
    season, the meteorological one: WI 1943 is 1943-12-01..1944-02-29);
    ``granularity`` names a DATE's unit; ``duration`` is a DURATION in
    canonical form (see :func:`canonical_duration`).
    """

    raw: str
    kind: ValueKind
    start: dt.date | None = None
    end: dt.date | None = None
    granularity: str | None = None  # day week month season quarter half year decade century...
    season: str | None = None  # SP SU FA WI
    duration: str | None = None

    @property
    def scored(self) -> bool:
        """Whether value accuracy counts this val (missing and unparsable ones are skipped)."""
        return self.kind not in NOT_SCORED

    @property
    def label(self) -> str:
        """The category used in per-kind breakdowns: a DATE's granularity, else its kind."""
        return (
            self.granularity
            if self.kind is ValueKind.DATE and self.granularity
            else self.kind.value
        )


_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_TIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})T[0-9A-Z:.+-]+")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_WEEK = re.compile(r"(\d{4})-W(\d{2})(?:-(\d|WE))?")
_SEASON = re.compile(r"(\d{4})-(SP|SU|FA|WI)")
_PART = re.compile(r"(\d{4})-([HQ])(\d)")
_SPAN = re.compile(r"\d{1,4}")  # year, decade (194), century (19), millennium (1)
_SPAN_NAMES = {4: "year", 3: "decade", 2: "century", 1: "millennium"}
_ORDINAL_SPANS = frozenset({"century", "millennium"})

# Season windows wide enough for both conventions: meteorological (whole
# months) and astronomical (solstice to equinox), as (month, day) pairs.
_SEASON_WINDOWS = {
    "SP": ((3, 1), (6, 20)),
    "SU": ((6, 1), (9, 22)),
    "FA": ((9, 1), (12, 21)),
    "WI": ((12, 1), (3, 20)),  # crosses the new year
}
_METEOROLOGICAL = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}
_SHORTEST_SEASON_DAYS = 60  # an unmodified season must be resolved to about a season

_DURATION_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+|X+)(DE|CE|ML|[YMWDHS])")
_DATE_UNITS = ("Y", "M", "W", "D")
_TIME_UNITS = ("H", "M", "S")
_YEAR_MULTIPLES = {"DE": 10, "CE": 100, "ML": 1000}  # TIMEX2 units ISO 8601 lacks


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _number(text: str) -> str:
    if set(text) == {"X"}:
        return "X"
    return format(Decimal(text).normalize(), "f")


def canonical_duration(text: str | None) -> str | None:
    """An ISO 8601 duration in one spelling, or None if ``text`` is not one.

    Upper-cases; writes numbers plainly (``P.5Y`` → ``P0.5Y``, ``P1.0Y`` →
    ``P1Y``); turns TIMEX2's decade, century and millennium units into years
    (``P2DE`` → ``P20Y``, ``P1CE`` → ``P100Y``), since ISO 8601 has none;
    keeps an unspecified quantity ``X`` (``PXD``). It does not convert
    between ISO units: ``P1Y`` and ``P12M`` stay different.
    """
    if not text:
        return None
    s = text.strip().upper()
    if not s.startswith("P") or len(s) < 3:
        return None
    date_part, has_time, time_part = s[1:].partition("T")
    parts: dict[str, str] = {}
    for section, units, prefix in ((date_part, _DATE_UNITS, ""), (time_part, _TIME_UNITS, "T")):
        pos = 0
        for m in _DURATION_PART.finditer(section):
            if m.start() != pos:
                return None
            pos = m.end()
            amount, unit = m.group(1), m.group(2)
            if unit in _YEAR_MULTIPLES:
                if prefix:
                    return None
                if not amount.startswith("X"):  # "decades" has no number of years to convert
                    amount = str(Decimal(amount) * _YEAR_MULTIPLES[unit])
                    unit = "Y"
            elif unit not in units:
                return None
            key = prefix + unit
            try:
                value = _number(amount)
            except InvalidOperation:
                return None
            if key in parts and "X" not in (parts[key], value):
                value = _number(str(Decimal(parts[key]) + Decimal(value)))
            parts[key] = value
        if pos != len(section):
            return None
    if not parts or (has_time and not time_part):
        return None
    out = "P"
    out += "".join(parts[u] + u for u in _DATE_UNITS if u in parts)
    out += "".join(parts[u] + u for u in _YEAR_MULTIPLES if u in parts)
    if any("T" + u in parts for u in _TIME_UNITS):
        out += "T" + "".join(parts["T" + u] + u for u in _TIME_UNITS if "T" + u in parts)
    return out


def _parse_date(s: str) -> TimexValue | None:
    if m := _DAY.fullmatch(s):
        day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        return TimexValue(s, ValueKind.DATE, day, day, "day")
    if m := _TIME.fullmatch(s):
        day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        return TimexValue(s, ValueKind.TIME, day, day, "time")
    if m := _MONTH.fullmatch(s):
        year, month = int(m[1]), int(m[2])
        return TimexValue(
            s, ValueKind.DATE, dt.date(year, month, 1), _last_day(year, month), "month"
        )
    if m := _WEEK.fullmatch(s):
        year, week, part = int(m[1]), int(m[2]), m[3]
        if part is None:
            first, last, unit = 1, 7, "week"
        elif part == "WE":
            first, last, unit = 6, 7, "weekend"
        else:
            first = last = int(part)
            unit = "day"
        return TimexValue(
            s,
            ValueKind.DATE,
            dt.date.fromisocalendar(year, week, first),
            dt.date.fromisocalendar(year, week, last),
            unit,
        )
    if m := _SEASON.fullmatch(s):
        year, season = int(m[1]), m[2]
        first_month, last_month = _METEOROLOGICAL[season]
        end_year = year + 1 if season == "WI" else year
        return TimexValue(
            s,
            ValueKind.DATE,
            dt.date(year, first_month, 1),
            _last_day(end_year, last_month),
            "season",
            season=season,
        )
    if m := _PART.fullmatch(s):
        year, unit, n = int(m[1]), m[2], int(m[3])
        months = 6 if unit == "H" else 3
        if not 1 <= n <= 12 // months:
            return None
        first = (n - 1) * months + 1
        return TimexValue(
            s,
            ValueKind.DATE,
            dt.date(year, first, 1),
            _last_day(year, first + months - 1),
            "half" if unit == "H" else "quarter",
        )
    if _SPAN.fullmatch(s):
        width = 10 ** (4 - len(s))
        first_year = int(s) * width
        if first_year < 1:
            return None
        return TimexValue(
            s,
            ValueKind.DATE,
            dt.date(first_year, 1, 1),
            dt.date(first_year + width - 1, 12, 31),
            _SPAN_NAMES[len(s)],
        )
    return None


def parse_timex_value(val: str | None) -> TimexValue:
    """Classify and parse a TIMEX2 ``val``; never raises."""
    raw = val or ""
    s = raw.strip().upper()
    if not s:
        return TimexValue(raw, ValueKind.MISSING)
    if s.startswith("BC"):
        return TimexValue(raw, ValueKind.BC)
    if s in REFERENCES:
        return TimexValue(raw, ValueKind.REFERENCE)
    if s.startswith("P"):
        duration = canonical_duration(s)
        if duration is None:
            return TimexValue(raw, ValueKind.UNPARSED)
        return TimexValue(raw, ValueKind.DURATION, duration=duration)
    if "X" in s.split("T")[0]:
        return TimexValue(raw, ValueKind.UNDERSPECIFIED)
    try:
        parsed = _parse_date(s)
    except ValueError:  # an impossible date such as 1863-02-30
        parsed = None
    if parsed is None:
        return TimexValue(raw, ValueKind.UNPARSED)
    return replace(parsed, raw=raw)


def _is_unknown(mention: TimeMention) -> bool:
    return mention.value_start is None and mention.value_end is None and mention.duration is None


def _within(mention: TimeMention, start: dt.date, end: dt.date) -> bool:
    a, b = mention.value_start, mention.value_end
    return a is not None and b is not None and start <= a <= b <= end


def _season_matches(value: TimexValue, mention: TimeMention, mod: str) -> bool:
    assert value.start is not None and value.season is not None
    year = value.start.year
    (m1, d1), (m2, d2) = _SEASON_WINDOWS[value.season]
    starts = [year - 1, year] if value.season == "WI" else [year]
    for first_year in starts:
        last_year = first_year + 1 if value.season == "WI" else first_year
        if first_year < 1:
            continue
        window = (dt.date(first_year, m1, d1), dt.date(last_year, m2, d2))
        if not _within(mention, *window):
            continue
        assert mention.value_start is not None and mention.value_end is not None
        if mod in {"START", "MID", "END"}:
            return True
        if (mention.value_end - mention.value_start).days + 1 >= _SHORTEST_SEASON_DAYS:
            return True
    return False


def timex_matches_value(val: str | None, mention: TimeMention, *, mod: str | None = None) -> bool:
    """Whether our resolution of a mention agrees with the gold TIMEX2 ``val``.

    Rules, by the kind of ``val`` (``mod`` is the gold ``mod`` attribute):

    - calendar date (``1956-07-20``, ``1955-06``, ``1954``, decade ``194``,
      century ``19``, week ``1944-W23``, quarter ``1944-Q2``, half
      ``1944-H1``): our ``[value_start, value_end]`` equals the val's
      interval, so the granularity must agree (a day for a month is wrong).
      A century or millennium may also be read by its ordinal ("the 18th
      century", ``17``: 1701-1800 as well as 1700-1799).
      With ``mod`` START, MID or END ("early October", "the late 1960s") a
      narrower interval inside the val's also counts, if it keeps the start
      (START) or the end (END).
    - season (``1944-SU``): our interval lies inside the season, with room
      for both conventions (meteorological whole months and astronomical
      solstice to equinox), and is at least 60 days long unless ``mod`` is
      START, MID or END. ``1943-WI`` may be either winter touching 1943,
      since annotators use both.
    - day with a time of day (``1944-06-06T06:30``, ``1863-07-03TAF``): our
      interval is that single day (TimeMention holds dates, not times).
    - duration (``P3M``, ``PT5H``, ``P2DE``, ``PXD``): our ``duration``
      equals it after :func:`canonical_duration` (so ``P1DE`` == ``P10Y``
      but ``P1Y`` != ``P12M``). ``PXD`` ("for days") also accepts no
      value at all.
    - ``PRESENT_REF`` / ``PAST_REF`` / ``FUTURE_REF``, and underspecified
      vals with ``X`` (``XXXX-XX-XX``, ``1915-XX``, sets like "daily"): the
      annotators gave no date, so our mention is right only when it gives
      none either (no interval, no duration).
    - BC years (``BC0490``, ``BC048``): ``datetime.date`` cannot hold
      them, so our ``timex`` string must equal the val.
    - missing, empty or unparsable vals: False. Scorers skip these rather
      than count them (see :attr:`TimexValue.scored`).
    """
    value = parse_timex_value(val)
    mod = (mod or "").strip().upper()
    kind = value.kind
    if kind in NOT_SCORED:
        return False
    if kind is ValueKind.BC:
        return timex_string_matches(val, mention)
    if kind in (ValueKind.REFERENCE, ValueKind.UNDERSPECIFIED):
        return _is_unknown(mention)
    if kind is ValueKind.DURATION:
        if value.duration is not None and "X" in value.duration and _is_unknown(mention):
            return True
        return canonical_duration(mention.duration) == value.duration
    assert value.start is not None and value.end is not None
    if value.season is not None:
        return _season_matches(value, mention, mod)
    ours = (mention.value_start, mention.value_end)
    if ours == (value.start, value.end):
        return True
    if value.granularity in _ORDINAL_SPANS and value.start.year > 1:
        # "the 18th century" read strictly by its ordinal: 1701-1800, not 1700-1799
        shifted = (
            value.start.replace(year=value.start.year + 1),
            value.end.replace(year=value.end.year + 1),
        )
        if ours == shifted:
            return True
    if kind is ValueKind.DATE and mod in {"START", "MID", "END"}:
        if not _within(mention, value.start, value.end):
            return False
        if mod == "START":
            return mention.value_start == value.start
        if mod == "END":
            return mention.value_end == value.end
        return True
    return False


def _canonical_val(val: str | None) -> str | None:
    s = (val or "").strip().upper()
    if not s:
        return None
    if s.startswith("P") and s not in REFERENCES:
        return canonical_duration(s) or s
    return s


def timex_string_matches(val: str | None, mention: TimeMention) -> bool:
    """Whether our TIMEX2 string (``mention.timex``) is the gold ``val``.

    Exact after upper-casing, trimming and, for durations,
    :func:`canonical_duration`: the criterion the ACE TERN and TempEval
    scorers apply, hence the one HeidelTime's published figures use. A
    missing gold val never matches (scorers skip those).
    """
    gold = _canonical_val(val)
    return gold is not None and gold == _canonical_val(mention.timex)


def describe_mention(mention: TimeMention) -> str:
    """Our resolution in one short string: ``1939-09-01``, ``a..b``, ``P3M`` or ``unknown``."""
    parts = []
    if mention.value_start is not None or mention.value_end is not None:
        a = mention.value_start.isoformat() if mention.value_start else "?"
        b = mention.value_end.isoformat() if mention.value_end else "?"
        parts.append(a if a == b else f"{a}..{b}")
    if mention.duration:
        parts.append(mention.duration)
    described = " ".join(parts) or "unknown"
    return f"{described} [{mention.timex}]" if mention.timex else described
