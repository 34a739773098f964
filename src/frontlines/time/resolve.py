"""What a time expression is resolved against, and the value it gets.

Reads: the publication date, the mode (news or narrative), the clause tense
and the expressions resolved before this one. Writes: :class:`Resolution`
(interval, precision, anchor, duration, TIMEX2 value and modifier).

Anchors, as a news reader takes them:

- deictic expressions ("on Saturday", "last September", "two days ago") are
  read against the publication date P in news mode, and against the last
  date named earlier in the text in narrative mode (falling back to P);
- expression-anchored ones ("the following day", "two weeks later") against
  the most recent earlier expression precise enough for them, else P;
- without either, the value is unknown: never today's date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from frontlines.models import DatePrecision, TimeAnchor
from frontlines.time import periods
from frontlines.time.lexicon import TimeLexicon

P = DatePrecision

# How fine a reference is: operations on days need a day, on months a month or finer.
LEVEL = {
    P.HOUR: 0,
    P.DAY: 0,
    P.WEEK: 1,
    P.MONTH: 2,
    P.SEASON: 3,
    P.YEAR: 4,
}
DAY_LEVEL, WEEK_LEVEL, MONTH_LEVEL, SEASON_LEVEL, YEAR_LEVEL = 0, 1, 2, 3, 4


@dataclass(frozen=True)
class Ref:
    """A date an expression can be resolved against: P or an earlier expression."""

    start: dt.date | None  # None for a year before the common era
    end: dt.date | None
    level: int
    year: int  # astronomical year (1 BC = 0), set even when there are no dates
    text: str
    anchor: TimeAnchor

    @property
    def day(self) -> dt.date | None:
        return self.start


def publication_ref(published: dt.date) -> Ref:
    return Ref(
        published,
        published,
        DAY_LEVEL,
        published.year,
        published.isoformat(),
        TimeAnchor.PUBLICATION,
    )


def ref_from(
    start: dt.date | None,
    end: dt.date | None,
    precision: DatePrecision,
    text: str,
    *,
    year: int | None = None,
) -> Ref | None:
    """A reference made from a resolved expression, or None when it is too vague to anchor on."""
    if start is None or end is None:
        if year is None:
            return None
        return Ref(None, None, YEAR_LEVEL, year, text, TimeAnchor.EXPRESSION)
    level = LEVEL.get(precision)
    if level is None:  # a range: as fine as the calendar unit that holds it
        days = (end - start).days
        if days <= 6:
            level = DAY_LEVEL
        elif (start.year, start.month) == (end.year, end.month):
            level = MONTH_LEVEL
        elif start.year == end.year:
            level = YEAR_LEVEL
        else:
            return None
    return Ref(start, end, level, start.year, text, TimeAnchor.EXPRESSION)


@dataclass
class Resolution:
    value_start: dt.date | None = None
    value_end: dt.date | None = None
    precision: DatePrecision = P.UNKNOWN
    anchor: TimeAnchor = TimeAnchor.NONE
    anchor_text: str | None = None
    duration: str | None = None
    mod: str | None = None
    timex: str | None = None
    year: int | None = None  # astronomical year when there is no date (BC)


@dataclass
class Context:
    """Everything a rule handler may read while resolving one expression."""

    lex: TimeLexicon
    published: dt.date | None
    narrative: bool = False
    tense: str = "past"
    refs: list[Ref] = field(default_factory=list)  # earlier expressions, most recent last
    absolute: Ref | None = None  # the last date named in the text (narrative anchor)

    def now(self) -> Ref | None:
        """The anchor of deictic expressions: P (news) or the last named date (narrative)."""
        if self.narrative and self.absolute is not None:
            return self.absolute
        if self.published is not None:
            return publication_ref(self.published)
        return None

    def previous(self, level: int) -> Ref | None:
        """The most recent earlier expression at least as fine as ``level``, else P."""
        for ref in reversed(self.refs):
            if ref.level <= level:
                return ref
        if self.narrative and self.absolute is not None and self.absolute.level <= level:
            return self.absolute
        if self.published is not None:
            return publication_ref(self.published)
        return None


# ---------------------------------------------------------------- value builders


def timex_year(year: int) -> str:
    return f"{year:04d}" if year >= 1 else f"BC{1 - year:04d}"


def anchored(res: Resolution, ref: Ref | None) -> Resolution:
    """Record what ``res`` was resolved against."""
    if ref is not None:
        res.anchor = ref.anchor
        res.anchor_text = ref.text
    return res


def day_value(day: dt.date, *, tod: str | None = None, time: str | None = None) -> Resolution:
    timex = day.isoformat()
    if time:
        timex += f"T{time}"
    elif tod:
        timex += f"T{tod}"
    return Resolution(day, day, P.DAY, timex=timex)


def month_value(year: int, month: int) -> Resolution:
    timex = f"{timex_year(year)}-{month:02d}"
    if year < 1:
        return Resolution(precision=P.MONTH, timex=timex, year=year)
    start, end = periods.month_interval(year, month)
    return Resolution(start, end, P.MONTH, timex=timex)


def year_value(year: int) -> Resolution:
    if year < 1:
        return Resolution(precision=P.YEAR, timex=timex_year(year), year=year)
    start, end = periods.year_interval(year)
    return Resolution(start, end, P.YEAR, timex=timex_year(year))


def season_value(year: int, first: int, last: int, code: str) -> Resolution:
    timex = f"{timex_year(year)}-{code}"
    if year < 1:
        return Resolution(precision=P.SEASON, timex=timex, year=year)
    start, end = periods.season_interval(year, first, last)
    return Resolution(start, end, P.SEASON, timex=timex)


def week_value(day: dt.date) -> Resolution:
    start, end = periods.week_interval(day)
    iso = day.isocalendar()
    return Resolution(start, end, P.WEEK, timex=f"{iso.year:04d}-W{iso.week:02d}")


def at_unit(day: dt.date, unit: str) -> Resolution:
    """The calendar period of a unit holding ``day``: unit letters (D, W, M, Y, 10Y) or names."""
    unit = {"day": "D", "week": "W", "month": "M", "year": "Y"}.get(unit, unit)
    if unit in ("W", "2W"):
        return week_value(day)
    if unit == "M":
        return month_value(day.year, day.month)
    if unit in ("Y", "100Y"):
        return year_value(day.year)
    if unit == "10Y":
        first = day.year // 10 * 10
        start, end = periods.decade_interval(first)
        return range_value(start, end, timex=f"{first // 10:03d}")
    return day_value(day)


def range_value(
    start: dt.date, end: dt.date, *, timex: str | None = None, mod: str | None = None
) -> Resolution:
    return Resolution(start, end, P.RANGE, timex=timex, mod=mod)


def narrowed(res: Resolution, unit: str, mod: str | None) -> Resolution:
    """``res`` cut to its early, middle or late part ("early 2011", "mid-February")."""
    if mod is None:
        return res
    if res.value_start is None or res.value_end is None:
        res.mod = mod
        res.precision = P.RANGE if res.precision != P.DAY else res.precision
        return res
    if res.precision in (P.DAY, P.HOUR):
        res.mod = mod
        return res
    start, end = periods.part_of((res.value_start, res.value_end), unit, mod)
    return Resolution(start, end, P.RANGE, timex=res.timex, mod=mod)


# ---------------------------------------------------------------- choosing a year


def year_of(
    ctx: Context, month: int, day: int = 0, *, tense: str | None = None
) -> tuple[int, Ref] | None:
    """The year of a month (``day`` 0: the whole month) named without one ("Nov. 27", "in January").

    News: the latest such date on or before P in past-tense reporting, the
    earliest on or after it in future tense. Narrative: the year of the last
    named date.
    """
    ref = ctx.now()
    if ref is None:
        return None
    tense = tense or ctx.tense
    if ref.start is None or (ctx.narrative and ref.anchor is TimeAnchor.EXPRESSION):
        return ref.year, ref
    here = (ref.start.month, ref.start.day if day else 0)
    there = (month, day)
    if tense == "future":
        return (ref.year if there >= here else ref.year + 1), ref
    return (ref.year if there <= here else ref.year - 1), ref


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def count_of(lex: TimeLexicon, word: str | None) -> tuple[int, int] | None:
    """(fewest, most) for a number or a vague quantity; None for no number (plural unit alone)."""
    if word is None:
        return None
    key = " ".join(word.casefold().split())
    if key in lex.vague_numbers:
        return lex.vague_numbers[key]
    n = lex.number(key)
    return (n, n) if n is not None else None


def timex_duration(amount: float | str, unit: str) -> str:
    """TIMEX2 duration: like ISO 8601, but decades and centuries keep their own units (P2CE)."""
    if unit in ("10Y", "100Y"):
        return f"P{amount}{'DE' if unit == '10Y' else 'CE'}"
    return iso_duration(amount, unit)


def iso_duration(amount: float | str, unit: str) -> str:
    """ISO 8601 duration: (3, "M") -> P3M, (48, "TH") -> PT48H, ("X", "D") -> PXD."""
    if unit == "2W":
        amount, unit = (amount * 2 if isinstance(amount, int | float) else amount), "W"
    if unit in ("10Y", "100Y"):
        factor = int(unit[:-1])
        amount, unit = (amount * factor if isinstance(amount, int | float) else amount), "Y"
    if isinstance(amount, float) and amount.is_integer():
        amount = int(amount)
    if unit.startswith("T"):
        return f"PT{amount}{unit[1:]}"
    return f"P{amount}{unit}"


# ---------------------------------------------------------------- helpers for handlers

Match = re.Match[str]
Handler = Callable[[Match, "Context"], "Resolution | None"]

CLOCK = re.compile(r"(\d{1,2})(?::(\d{2}))?\s*(?:([ap])\.?m\.?)?", re.IGNORECASE)


def norm(text: str | None) -> str:
    return " ".join((text or "").casefold().replace("’", "'").split())


def group(m: Match, name: str) -> str | None:
    return m.groupdict().get(name)


def leading_int(text: str) -> int:
    return int(re.match(r"\d+", text).group(0))  # type: ignore[union-attr]


def hhmm(text: str | None) -> str | None:
    """ "3 p.m." -> "15:00", "12:00" -> "12:00"."""
    if not text:
        return None
    m = CLOCK.search(text)
    if m is None:
        return None
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    if m.group(3):
        hour = hour % 12 + (12 if m.group(3).casefold() == "p" else 0)
    return f"{hour:02d}:{minute:02d}"


def absolute(res: Resolution | None) -> Resolution | None:
    if res is not None:
        res.anchor = TimeAnchor.ABSOLUTE
    return res


def unknown(
    precision: DatePrecision,
    timex: str | None = None,
    *,
    mod: str | None = None,
    year: int | None = None,
) -> Resolution:
    """An expression whose value cannot be known here: its precision, and its TIMEX2 form if any."""
    return Resolution(precision=precision, timex=timex, mod=mod, year=year)


def day_part(ctx: Context, word: str | None) -> str | None:
    return ctx.lex.day_parts.get(norm(word)) if word else None


def relative_kind(ctx: Context, rel: str | None) -> str | None:
    return ctx.lex.relative.get(norm(rel)) if rel else None


def year_by_relation(ctx: Context, rel: str) -> tuple[int, Ref] | None:
    """ "last year" -> P.year - 1; "that year" / "the following year" -> the previous expression's."""
    kind = relative_kind(ctx, rel)
    ref = ctx.now() if kind in ("last", "this", "next") else ctx.previous(YEAR_LEVEL)
    if ref is None or kind is None:
        return None
    delta = {"last": -1, "anchored_last": -1, "next": 1, "anchored_next": 1}.get(kind, 0)
    return ref.year + delta, ref
