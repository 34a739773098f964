"""Calendar arithmetic for time resolution: month ends, weeks, seasons, parts of periods.

Pure functions on ``datetime.date``; nothing here reads text. Out-of-range
results (before year 1 or after 9999) raise ``OverflowError``/``ValueError``,
which callers turn into an unknown value.
"""

from __future__ import annotations

import calendar
import datetime as dt

Interval = tuple[dt.date, dt.date]

DAY = dt.timedelta(days=1)


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def month_interval(year: int, month: int) -> Interval:
    return dt.date(year, month, 1), month_end(year, month)


def year_interval(year: int) -> Interval:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months, clipped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def shift(day: dt.date, amount: int, unit: str) -> dt.date:
    """``day`` moved by ``amount`` of an ISO unit letter: D, W, M, Y (10Y, 100Y too)."""
    if unit == "D":
        return day + dt.timedelta(days=amount)
    if unit == "W":
        return day + dt.timedelta(weeks=amount)
    if unit == "2W":
        return day + dt.timedelta(weeks=2 * amount)
    if unit == "M":
        return add_months(day, amount)
    if unit == "Y":
        return add_months(day, 12 * amount)
    if unit == "10Y":
        return add_months(day, 120 * amount)
    if unit == "100Y":
        return add_months(day, 1200 * amount)
    raise ValueError(f"no calendar shift for unit {unit!r}")


def week_interval(day: dt.date) -> Interval:
    """Monday to Sunday of the ISO week holding ``day``."""
    monday = day - dt.timedelta(days=day.isoweekday() - 1)
    return monday, monday + dt.timedelta(days=6)


def weekday_on_or_before(day: dt.date, weekday: int) -> dt.date:
    """The latest date on or before ``day`` falling on ISO ``weekday``."""
    return day - dt.timedelta(days=(day.isoweekday() - weekday) % 7)


def weekday_on_or_after(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.isoweekday()) % 7)


def season_interval(year: int, first_month: int, last_month: int) -> Interval:
    """A season named for ``year``; winter (last < first) ends in the next year."""
    end_year = year + 1 if last_month < first_month else year
    return dt.date(year, first_month, 1), month_end(end_year, last_month)


def decade_interval(decade: int) -> Interval:
    return dt.date(decade, 1, 1), dt.date(decade + 9, 12, 31)


def century_interval(ordinal: int) -> Interval:
    """The nth century AD: the 19th is 1801-01-01 .. 1900-12-31."""
    first = (ordinal - 1) * 100 + 1
    return dt.date(first, 1, 1), dt.date(first + 99, 12, 31)


def part_of(interval: Interval, unit: str, mod: str) -> Interval:
    """The early (START), middle (MID) or late (END) third of a period.

    Thirds follow the period's own divisions: a year by months (Jan-Apr,
    May-Aug, Sep-Dec), a month by days (1-10, 11-20, 21-end), a week by days
    (Mon-Tue, Wed-Thu, Fri-Sun), a decade by years (0-3, 4-6, 7-9), a century
    by years (1-33, 34-66, 67-100), a season by its three months.
    """
    start, end = interval
    if mod not in ("START", "MID", "END"):
        return interval
    third = ("START", "MID", "END").index(mod)
    if unit in ("year", "season"):
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        size = months // 3 if months >= 3 else 1
        lo = add_months(start, size * third)
        hi = add_months(start, size * (third + 1) if third < 2 else months) - DAY
        return lo, min(hi, end)
    if unit == "month":
        bounds = ((1, 10), (11, 20), (21, end.day))[third]
        return start.replace(day=bounds[0]), start.replace(day=bounds[1])
    if unit == "week":
        offsets = ((0, 1), (2, 3), (4, 6))[third]
        return start + dt.timedelta(days=offsets[0]), start + dt.timedelta(days=offsets[1])
    if unit == "decade":
        years = ((0, 3), (4, 6), (7, 9))[third]
        return dt.date(start.year + years[0], 1, 1), dt.date(start.year + years[1], 12, 31)
    if unit == "century":
        years = ((0, 32), (33, 65), (66, 99))[third]
        return dt.date(start.year + years[0], 1, 1), dt.date(start.year + years[1], 12, 31)
    return interval


def easter(year: int) -> dt.date:
    """Western (Gregorian) Easter Sunday, by the anonymous Gregorian algorithm."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    x = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * x) // 451
    month, day = divmod(h + x - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)
