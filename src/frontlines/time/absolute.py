"""Handlers for absolute expressions: dates, months, years, ranges, decades, centuries.

One handler per rule in :mod:`frontlines.time.patterns`. Reads: the match's
named groups and a :class:`~frontlines.time.resolve.Context`. Writes: a
:class:`~frontlines.time.resolve.Resolution`. A day or month named without a
year takes it from the context; without one, the value stays unknown.
"""

from __future__ import annotations

import datetime as dt
import re

from frontlines.models import DatePrecision
from frontlines.time import periods
from frontlines.time.resolve import (
    MONTH_LEVEL,
    Context,
    Ref,
    Resolution,
    absolute,
    anchored,
    day_value,
    group,
    hhmm,
    leading_int,
    month_value,
    narrowed,
    norm,
    range_value,
    relative_kind,
    safe_date,
    timex_year,
    unknown,
    year_by_relation,
    year_of,
    year_value,
)

P = DatePrecision
Match = re.Match[str]


# ---------------------------------------------------------------- absolute dates


def iso_date(m: Match, ctx: Context) -> Resolution | None:
    day = safe_date(int(m.group("year")), int(m.group("mon")), int(m.group("day")))
    return absolute(day_value(day, time=hhmm(group(m, "time2")))) if day else None


def date(m: Match, ctx: Context) -> Resolution | None:
    month = ctx.lex.month(m.group("month"))
    day_n = leading_int(m.group("day"))
    assert month is not None
    time = hhmm(group(m, "time2") or group(m, "time1"))
    if group(m, "year"):
        day = safe_date(int(m.group("year")), month, day_n)
        return absolute(day_value(day, time=time)) if day else None
    found = year_of(ctx, month, day_n)
    if found is None:
        return unknown(P.DAY, f"XXXX-{month:02d}-{day_n:02d}")
    year, ref = found
    day = safe_date(year, month, day_n) if year >= 1 else None
    if day is None:
        return anchored(unknown(P.DAY, f"{timex_year(year)}-{month:02d}-{day_n:02d}"), ref)
    return anchored(day_value(day, time=time), ref)


def date_of_year(m: Match, ctx: Context) -> Resolution | None:
    month = ctx.lex.month(group(m, "month") or m.group("month2"))
    day_n = leading_int(group(m, "day") or m.group("day2"))
    found = year_by_relation(ctx, m.group("rel"))
    assert month is not None
    if found is None:
        return unknown(P.DAY, f"XXXX-{month:02d}-{day_n:02d}")
    year, ref = found
    day = safe_date(year, month, day_n) if year >= 1 else None
    return anchored(day_value(day) if day else unknown(P.DAY), ref)


def day_range(m: Match, ctx: Context) -> Resolution | None:
    month = ctx.lex.month(m.group("month"))
    month2 = ctx.lex.month(group(m, "month2") or m.group("month"))
    first, last = leading_int(m.group("day")), leading_int(m.group("day2"))
    assert month is not None and month2 is not None
    ref = None
    if group(m, "year"):
        year = int(m.group("year"))
    else:
        found = year_of(ctx, month, first)
        if found is None:
            return unknown(P.RANGE)
        year, ref = found
    start = safe_date(year, month, first) if year >= 1 else None
    end = safe_date(year + (month2 < month), month2, last) if year >= 1 else None
    if start is None or end is None or end < start:
        return None
    res = range_value(start, end)
    return anchored(res, ref) if ref else absolute(res)


def month_year(m: Match, ctx: Context) -> Resolution | None:
    month = ctx.lex.month(m.group("month"))
    assert month is not None
    return absolute(month_value(int(m.group("year")), month))


def month_range(m: Match, ctx: Context) -> Resolution | None:
    first = ctx.lex.month(group(m, "month") or m.group("month2"))
    last = ctx.lex.month(m.group("month3"))
    assert first is not None and last is not None
    ref = None
    if group(m, "year"):
        year = int(m.group("year")) - (last < first)
    else:
        found = year_of(ctx, first)
        if found is None:
            return unknown(P.RANGE)
        year, ref = found
    if year < 1:
        return unknown(P.RANGE)
    res = range_value(dt.date(year, first, 1), periods.month_end(year + (last < first), last))
    return anchored(res, ref) if ref else absolute(res)


def month_rel_year(m: Match, ctx: Context) -> Resolution | None:
    month = ctx.lex.month(m.group("month"))
    found = year_by_relation(ctx, m.group("rel"))
    assert month is not None
    if found is None:
        return unknown(P.MONTH, f"XXXX-{month:02d}")
    return anchored(month_value(found[0], month), found[1])


def month(m: Match, ctx: Context) -> Resolution | None:
    number = ctx.lex.month(m.group("month"))
    assert number is not None
    found = year_of(ctx, number)
    if found is None:
        return unknown(P.MONTH, f"XXXX-{number:02d}")
    return anchored(month_value(found[0], number), found[1])


def rel_month(m: Match, ctx: Context) -> Resolution | None:
    number = ctx.lex.month(m.group("month"))
    kind = relative_kind(ctx, m.group("rel")) or "anchored_same"
    assert number is not None
    ref = ctx.now() if kind in ("last", "this", "next") else ctx.previous(MONTH_LEVEL)
    if ref is None:
        return unknown(P.MONTH, f"XXXX-{number:02d}")
    year = ref.year
    if ref.start is not None and ref.end is not None:
        if kind in ("last", "anchored_last"):  # the latest such month strictly before
            year = ref.start.year if number < ref.start.month else ref.start.year - 1
        elif kind in ("next", "anchored_next"):
            year = ref.end.year if number > ref.end.month else ref.end.year + 1
    return anchored(month_value(year, number), ref)


def part_month(m: Match, ctx: Context) -> Resolution | None:
    mod = ctx.lex.parts[norm(m.group("part"))]
    number = ctx.lex.month(m.group("month"))
    assert number is not None
    ref: Ref | None = None
    if group(m, "year"):
        year = int(m.group("year"))
    else:
        found = year_by_relation(ctx, m.group("rel")) if group(m, "rel") else year_of(ctx, number)
        if found is None:
            return unknown(P.RANGE, f"XXXX-{number:02d}", mod=mod)
        year, ref = found
    res = narrowed(month_value(year, number), "month", mod)
    return anchored(res, ref) if ref else absolute(res)


def year_range(m: Match, ctx: Context) -> Resolution | None:
    first, second = int(m.group("year")), m.group("year2")
    last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
    if last <= first:
        return None
    return absolute(range_value(dt.date(first, 1, 1), dt.date(last, 12, 31)))


def period(m: Match, ctx: Context) -> Resolution | None:
    """A war or an era named without a year ("World War II"): the years it lasted."""
    from frontlines.time.lexicon import period_key

    first, last = ctx.lex.periods[period_key(m.group("period"))]
    return absolute(range_value(dt.date(first, 1, 1), dt.date(last, 12, 31)))


def year(m: Match, ctx: Context) -> Resolution | None:
    return absolute(year_value(int(m.group("year"))))


def part_year(m: Match, ctx: Context) -> Resolution | None:
    mod = ctx.lex.parts[norm(m.group("part"))]
    return absolute(narrowed(year_value(int(m.group("year"))), "year", mod))


def half_year(m: Match, ctx: Context) -> Resolution | None:
    piece = m.group("piece").casefold()
    pieces = 2 if piece == "half" else 4
    ordinal = norm(m.group("ord"))
    index = pieces if ordinal in ("last", "final") else ctx.lex.ordinals.get(ordinal, 0)
    if not 1 <= index <= pieces:
        return None
    ref = None
    if group(m, "year"):
        year_n = int(m.group("year"))
    else:
        found = year_by_relation(ctx, m.group("rel"))
        if found is None:
            return unknown(P.RANGE)
        year_n, ref = found
    size = 12 // pieces
    start = dt.date(year_n, (index - 1) * size + 1, 1)
    end = periods.month_end(year_n, index * size)
    res = range_value(start, end, timex=f"{year_n:04d}-{'H' if pieces == 2 else 'Q'}{index}")
    return anchored(res, ref) if ref else absolute(res)


def week_of(m: Match, ctx: Context) -> Resolution | None:
    ordinal = norm(m.group("ord"))
    ref = None
    if group(m, "month"):
        number = ctx.lex.month(m.group("month"))
        assert number is not None
        if group(m, "year"):
            year_n = int(m.group("year"))
        else:
            found = year_of(ctx, number)
            if found is None:
                return unknown(P.RANGE)
            year_n, ref = found
    else:
        ref = ctx.previous(MONTH_LEVEL)
        if ref is None or ref.start is None:
            return unknown(P.RANGE)
        year_n, number = ref.start.year, ref.start.month
    start, end = periods.month_interval(year_n, number)
    if m.group("piece").casefold() == "days":
        mod = "END" if ordinal in ("last", "final") else "START"
        res = narrowed(month_value(year_n, number), "month", mod)
    elif ordinal in ("last", "final"):
        res = range_value(end - dt.timedelta(days=6), end)
    else:
        index = ctx.lex.ordinals.get(ordinal, 1)
        first = start + dt.timedelta(days=7 * (index - 1))
        res = range_value(first, min(first + dt.timedelta(days=6), end))
    return anchored(res, ref) if ref else absolute(res)


def era_year(m: Match, ctx: Context) -> Resolution | None:
    if group(m, "year2"):
        return absolute(year_value(int(m.group("year2"))))
    number = int(m.group("year"))
    era = m.group("era").replace(".", "").upper()
    if number == 0:
        return None
    return absolute(year_value(1 - number if era.startswith("B") else number))


def era_range(m: Match, ctx: Context) -> Resolution | None:
    """ "499-493 BC", "AD 9 to 14": a range of years with an era; BC years have no dates."""
    first, last = int(m.group("year")), int(m.group("year2"))
    if m.group("era").replace(".", "").upper().startswith("B"):
        if not first > last > 0:
            return None
        return absolute(unknown(P.RANGE, year=1 - first))
    if not 0 < first < last:
        return None
    return absolute(range_value(dt.date(first, 1, 1), dt.date(last, 12, 31)))


def decade(m: Match, ctx: Context) -> Resolution | None:
    if m.group("decade") == "'":
        short = int(m.group("short"))
        first = (1900 if short >= 30 else 2000) + short
    else:
        first = int(m.group("decade"))
    start, end = periods.decade_interval(first)
    res = range_value(start, end, timex=f"{first // 10:03d}")
    part = group(m, "part")
    return absolute(narrowed(res, "decade", ctx.lex.parts[norm(part)]) if part else res)


def century(m: Match, ctx: Context) -> Resolution | None:
    word = norm(m.group("ord"))
    number = int(word[:-2]) if word[:1].isdigit() else ctx.lex.ordinals.get(word)
    if not number:
        return None
    era = (group(m, "era") or "").replace(".", "").upper()
    part = group(m, "part")
    mod = ctx.lex.parts[norm(part)] if part else None
    if era.startswith("B"):
        return absolute(unknown(P.RANGE, f"BC{number - 1:02d}", mod=mod))
    start, end = periods.century_interval(number)
    res = range_value(start, end, timex=f"{number - 1:02d}")
    return absolute(narrowed(res, "century", mod) if mod else res)
