"""Handlers for relative expressions: weekdays, "yesterday", "last week", "two days ago",
"the following day", windows ("the last three months"), seasons, holidays, durations.

One handler per rule in :mod:`frontlines.time.patterns`. Reads: the match's
named groups and a :class:`~frontlines.time.resolve.Context`. Writes: a
:class:`~frontlines.time.resolve.Resolution`. Rules, as a news reader applies them:

- a bare weekday is the latest such day on or before the anchor in past-tense
  reporting, the next on or after it in future tense, the nearest in present
  tense (in narrative mode: the next on or after the last named date);
- "last X" is the latest X strictly before the anchor, "next X" the first after;
- "N units ago" and "N units later" have the precision of their unit (a day,
  an ISO week, a month, a year);
- "the last/past N units" is the range [P - N units, P], with its duration;
- vague counts ("a few", "several", "days") come from the lexicon as
  [fewest, most] and give ranges, or durations written with X ("PXD").
"""

from __future__ import annotations

import datetime as dt

from frontlines.models import DatePrecision, TimeAnchor
from frontlines.time import periods
from frontlines.time.lexicon import Season
from frontlines.time.resolve import (
    DAY_LEVEL,
    MONTH_LEVEL,
    YEAR_LEVEL,
    Context,
    Match,
    Ref,
    Resolution,
    anchored,
    at_unit,
    count_of,
    day_part,
    day_value,
    group,
    hhmm,
    iso_duration,
    month_value,
    narrowed,
    norm,
    range_value,
    relative_kind,
    safe_date,
    season_value,
    timex_duration,
    unknown,
    week_value,
    year_by_relation,
    year_of,
    year_value,
)

P = DatePrecision
ONE_DAY = dt.timedelta(days=1)
UNIT_LEVEL = {"TH": DAY_LEVEL, "TM": DAY_LEVEL, "D": DAY_LEVEL, "W": DAY_LEVEL, "2W": DAY_LEVEL}
UNIT_LEVEL |= {"M": MONTH_LEVEL, "Y": YEAR_LEVEL, "10Y": YEAR_LEVEL, "100Y": YEAR_LEVEL}


def _unit_letter(ctx: Context, unit: str) -> str:
    return ctx.lex.units[unit.casefold()]


def _mod(ctx: Context, m: Match) -> str | None:
    word = group(m, "mod")
    return ctx.lex.modifiers.get(norm(word)) if word else None


def _spanat_unit(first: dt.date, last: dt.date, letter: str) -> Resolution:
    """A vague offset ("a few days ago"): from the period holding ``first`` to the one holding ``last``."""
    lo, hi = at_unit(first, letter), at_unit(last, letter)
    assert lo.value_start is not None and hi.value_end is not None
    return range_value(lo.value_start, hi.value_end)


def _steps(ctx: Context, letter: str, amount: int) -> tuple[int, str]:
    """Hours and minutes move whole days; everything else moves by its own unit."""
    if letter == "TH":
        return amount // 24, "D"
    if letter == "TM":
        return 0, "D"
    return amount, letter


# ---------------------------------------------------------------- days and weekdays


def deictic(m: Match, ctx: Context) -> Resolution | None:
    first, last = ctx.lex.deictic[norm(m.group("word"))]
    ref = ctx.now()
    if ref is None or ref.start is None or ref.level > DAY_LEVEL:
        return unknown(P.DAY if first == last else P.RANGE)
    if first == last:
        res = day_value(ref.start + dt.timedelta(days=first), tod=day_part(ctx, group(m, "tod")))
    else:
        res = range_value(ref.start + dt.timedelta(days=first), ref.start + dt.timedelta(days=last))
    return anchored(res, ref)


def weekday(m: Match, ctx: Context) -> Resolution | None:
    wd = ctx.lex.weekday(m.group("wd"))
    assert wd is not None
    kind = relative_kind(ctx, group(m, "rel"))
    ref = ctx.previous(DAY_LEVEL) if kind and kind.startswith("anchored") else ctx.now()
    tod = day_part(ctx, group(m, "tod"))
    if ref is None or ref.start is None or ref.end is None or ref.level > DAY_LEVEL:
        return unknown(P.DAY, f"XXXX-WXX-{wd}")
    if kind in ("last", "anchored_last"):
        day = periods.weekday_on_or_before(ref.start - ONE_DAY, wd)
    elif kind in ("next", "anchored_next"):
        day = periods.weekday_on_or_after(ref.end + ONE_DAY, wd)
    elif kind == "this":
        day = periods.week_interval(ref.start)[0] + dt.timedelta(days=wd - 1)
    elif kind == "anchored_same" or ctx.narrative or ctx.tense == "future":
        day = periods.weekday_on_or_after(ref.end, wd)
    elif ctx.tense == "present":
        before = periods.weekday_on_or_before(ref.start, wd)
        after = periods.weekday_on_or_after(ref.start, wd)
        day = before if (ref.start - before) <= (after - ref.start) else after
    else:
        day = periods.weekday_on_or_before(ref.start, wd)
    return anchored(day_value(day, tod=tod), ref)


def time_of_day(m: Match, ctx: Context) -> Resolution | None:
    clock = hhmm(m.group(0))
    ref = ctx.previous(DAY_LEVEL)
    if ref is None or ref.start is None or ref.level > DAY_LEVEL:
        return unknown(P.HOUR, f"XXXX-XX-XXT{clock}")
    return anchored(Resolution(ref.start, ref.start, P.HOUR, timex=f"{ref.start}T{clock}"), ref)


# ---------------------------------------------------------------- calendar units relative to an anchor


def _unit_base(kind: str, unit: str, ref: Ref) -> Resolution | None:
    """The day, week, month, year, decade or century before, at or after ``ref``."""
    step = {"last": -1, "anchored_last": -1, "next": 1, "anchored_next": 1}.get(kind, 0)
    point = ref.start if step < 0 else ref.end
    if unit == "year":
        return year_value(ref.year + step if step <= 0 or ref.end is None else ref.end.year + step)
    if point is None:
        return None
    if unit in ("day", "morning", "afternoon", "evening", "night"):
        return day_value(point + dt.timedelta(days=step))
    if unit in ("week", "weekend"):
        res = week_value(point + dt.timedelta(weeks=step))
        if unit == "weekend" and res.value_start is not None:
            saturday = res.value_start + dt.timedelta(days=5)
            return range_value(saturday, saturday + ONE_DAY, timex=f"{res.timex}-WE")
        return res
    if unit == "month":
        month_start = periods.add_months(point.replace(day=1), step)
        return month_value(month_start.year, month_start.month)
    if unit == "decade":
        decade = point.year // 10 * 10 + 10 * step
        start, end = periods.decade_interval(decade)
        return range_value(start, end, timex=f"{decade // 10:03d}")
    if unit == "century":
        number = (point.year - 1) // 100 + 1 + step
        start, end = periods.century_interval(number)
        return range_value(start, end, timex=f"{number - 1:02d}")
    return None


UNIT_NEEDS = {"day": DAY_LEVEL, "week": DAY_LEVEL, "weekend": DAY_LEVEL, "month": MONTH_LEVEL}


def rel_unit(m: Match, ctx: Context) -> Resolution | None:
    unit = m.group("unit").casefold()
    rel = norm(m.group("rel"))
    kind = relative_kind(ctx, rel) or ("anchored_same" if ctx.narrative else "this")
    base_unit = "day" if unit in ("morning", "afternoon", "evening", "night") else unit
    need = UNIT_NEEDS.get(base_unit, YEAR_LEVEL)
    ref = ctx.previous(need) if kind.startswith("anchored") else ctx.now()
    precision = {"day": P.DAY, "week": P.WEEK, "month": P.MONTH, "year": P.YEAR}.get(
        base_unit, P.RANGE
    )
    part = norm(group(m, "part"))
    if part and base_unit != "day":
        precision = P.RANGE
    if ref is None or ref.level > need:
        return unknown(precision)
    res = _unit_base(kind, unit, ref)
    if res is None:
        return unknown(precision)
    if base_unit == "day" and unit != "day" and res.value_start is not None:
        res = day_value(res.value_start, tod=day_part(ctx, unit))
    if part in ("earlier", "later") and res.value_start is not None and res.value_end is not None:
        res = _earlier_or_later(res, part, ref, base_unit)
    elif part:
        res = narrowed(res, base_unit, ctx.lex.parts[part])
    return anchored(res, ref)


def _earlier_or_later(res: Resolution, part: str, ref: Ref, unit: str) -> Resolution:
    """ "earlier this week": Monday to the day before P; "later that year": after the anchor to year end."""
    assert res.value_start is not None and res.value_end is not None
    start, end = res.value_start, res.value_end
    if ref.start is not None and ref.end is not None and start <= ref.start <= end:
        if part == "earlier":
            return range_value(start, max(start, ref.start - ONE_DAY), timex=res.timex)
        return range_value(min(end, ref.end + ONE_DAY), end, timex=res.timex)
    return narrowed(res, unit, "START" if part == "earlier" else "END")


def rel_unit_after(m: Match, ctx: Context) -> Resolution | None:
    unit = m.group("unit").casefold()
    letter = _unit_letter(ctx, unit)
    ref = ctx.previous(UNIT_LEVEL[letter])
    earlier = m.group("dir").casefold() in ("before", "prior")
    precision = {"D": P.DAY, "W": P.WEEK, "M": P.MONTH, "Y": P.YEAR}[letter]
    if ref is None or ref.start is None or ref.end is None or ref.level > UNIT_LEVEL[letter]:
        return unknown(precision)
    point = periods.shift(ref.start, -1, letter) if earlier else periods.shift(ref.end, 1, letter)
    return anchored(at_unit(point, letter), ref)


# ---------------------------------------------------------------- offsets and windows


def _count(ctx: Context, m: Match) -> tuple[int, int]:
    """(fewest, most) of the match's number; a plural unit alone ("days later") is vague."""
    return count_of(ctx.lex, group(m, "num")) or ctx.lex.vague_numbers["several"]


def _offset(m: Match, ctx: Context, ref: Ref | None, sign: int) -> Resolution | None:
    letter = _unit_letter(ctx, m.group("unit"))
    lo, hi = _count(ctx, m)
    level = UNIT_LEVEL[letter]
    precision = {"W": P.WEEK, "2W": P.WEEK, "M": P.MONTH, "Y": P.YEAR}.get(letter, P.DAY)
    if lo != hi:
        precision = P.RANGE
    if ref is None or ref.level > level:
        return unknown(precision, mod=_mod(ctx, m))
    if ref.start is None or ref.end is None:  # a year before the common era
        if letter != "Y" or lo != hi:
            return unknown(precision)
        return anchored(year_value(ref.year + sign * lo), ref)
    point = ref.end if sign > 0 else ref.start
    near, far = (_steps(ctx, letter, lo), _steps(ctx, letter, hi))
    try:
        if lo == hi:
            res = at_unit(periods.shift(point, sign * near[0], near[1]), letter)
        else:
            a = periods.shift(point, sign * near[0], near[1])
            b = periods.shift(point, sign * far[0], far[1])
            res = _spanat_unit(min(a, b), max(a, b), letter)
            res.timex = "FUTURE_REF" if sign > 0 else "PAST_REF"  # TIMEX2 for a vague offset
    except (OverflowError, ValueError):
        return unknown(precision)
    res.mod = _mod(ctx, m)
    return anchored(res, ref)


def ago(m: Match, ctx: Context) -> Resolution | None:
    return _offset(m, ctx, ctx.now(), -1)


def offset(m: Match, ctx: Context) -> Resolution | None:
    letter = _unit_letter(ctx, m.group("unit"))
    later = m.group("dir").casefold() in ctx.lex.later
    return _offset(m, ctx, ctx.previous(UNIT_LEVEL[letter]), 1 if later else -1)


def window(m: Match, ctx: Context) -> Resolution | None:
    """ "the last three months" = [P - 3 months, P]; "the next two weeks" = [P, P + 2 weeks]."""
    rel = m.group("rel").casefold()
    letter = _unit_letter(ctx, m.group("unit"))
    plural = m.group("unit").casefold().endswith(("s", "ies"))
    lo, hi = count_of(ctx.lex, group(m, "num")) or ((2, 7) if plural else (1, 1))
    amount: int | str = hi if lo == hi else "X"
    duration, timex = iso_duration(amount, letter), timex_duration(amount, letter)
    if rel in ("first", "final"):
        return Resolution(precision=P.DURATION, duration=duration, timex=timex)
    ref = ctx.previous(DAY_LEVEL) if rel in ("previous", "preceding", "following") else ctx.now()
    if ref is None or ref.start is None or ref.end is None or ref.level > DAY_LEVEL:
        return Resolution(precision=P.RANGE, duration=duration, timex=timex)
    steps, unit = _steps(ctx, letter, hi)
    try:
        if rel in ("next", "coming", "following"):
            res = range_value(ref.end, periods.shift(ref.end, steps, unit), timex=timex)
        else:
            res = range_value(periods.shift(ref.start, -steps, unit), ref.start, timex=timex)
    except (OverflowError, ValueError):
        return Resolution(precision=P.RANGE, duration=duration, timex=timex)
    res.duration = duration
    return anchored(res, ref)


def recent(m: Match, ctx: Context) -> Resolution | None:
    """ "in recent years": back from P as far as the lexicon's "recent" reaches."""
    letter = _unit_letter(ctx, m.group("unit"))
    duration = iso_duration("X", letter)
    timex = timex_duration("X", letter)
    most = ctx.lex.recent_reach
    ref = ctx.now()
    if ref is None or ref.start is None or ref.end is None or ref.level > DAY_LEVEL:
        return Resolution(precision=P.RANGE, duration=duration, timex=timex, mod="APPROX")
    res = range_value(periods.shift(ref.start, -most, letter), ref.start, timex=timex, mod="APPROX")
    res.duration = duration
    return anchored(res, ref)


def duration(m: Match, ctx: Context) -> Resolution | None:
    letter = _unit_letter(ctx, m.group("unit"))
    lo, hi = count_of(ctx.lex, m.group("num")) or (1, 1)
    amount: float | str = hi if lo == hi else "X"
    if (group(m, "half") or group(m, "half2")) and isinstance(amount, int):
        amount = amount + 0.5
    iso, timex = iso_duration(amount, letter), timex_duration(amount, letter)
    return Resolution(precision=P.DURATION, duration=iso, timex=timex, mod=_mod(ctx, m))


def bare_unit(m: Match, ctx: Context) -> Resolution | None:
    letter = _unit_letter(ctx, m.group("unit"))
    return Resolution(
        precision=P.DURATION, duration=iso_duration("X", letter), timex=timex_duration("X", letter)
    )


def vague_duration(m: Match, ctx: Context) -> Resolution | None:
    """ "for some time", "a long while": a duration of no known length."""
    return Resolution(precision=P.DURATION)


def ref_word(m: Match, ctx: Context) -> Resolution | None:
    return Resolution(precision=P.UNKNOWN, timex=ctx.lex.refs[norm(m.group("ref"))])


# ---------------------------------------------------------------- seasons and holidays


def _season_instance(season: Season, ref: Ref, kind: str, tense: str) -> int:
    """The year a season is named for, relative to ``ref``."""
    assert ref.start is not None and ref.end is not None
    years = range(ref.year - 2, ref.year + 3)
    spans = [(y, *periods.season_interval(y, season.first_month, season.last_month)) for y in years]
    if kind in ("last", "anchored_last"):
        return max(y for y, _, end in spans if end < ref.start)
    if kind in ("next", "anchored_next"):
        return min(y for y, start, _ in spans if start > ref.end)
    if kind == "this":
        holding = [y for y, start, end in spans if start <= ref.start <= end]
        return holding[0] if holding else ref.year
    if tense == "future":
        return min(y for y, _, end in spans if end >= ref.start)
    return max(y for y, start, _ in spans if start <= ref.start)


def _season_of(m: Match, ctx: Context) -> Season:
    season = ctx.lex.season(m.group("season"))
    assert season is not None
    return season


def season(m: Match, ctx: Context) -> Resolution | None:
    found = _season_of(m, ctx)
    part = group(m, "part")
    mod = ctx.lex.parts[norm(part)] if part else None
    if group(m, "year"):
        res = season_value(int(m.group("year")), found.first_month, found.last_month, found.code)
        res.anchor = TimeAnchor.ABSOLUTE
        if mod:
            res = narrowed(res, "season", mod)
            res.anchor = TimeAnchor.ABSOLUTE
        return res
    ref = ctx.now()
    if ref is None:
        return unknown(P.SEASON, f"XXXX-{found.code}", mod=mod)
    if ref.start is None or ctx.narrative:
        year = ref.year
    else:
        year = _season_instance(found, ref, "", ctx.tense)
    res = season_value(year, found.first_month, found.last_month, found.code)
    return anchored(narrowed(res, "season", mod), ref)


def rel_season(m: Match, ctx: Context) -> Resolution | None:
    found = _season_of(m, ctx)
    part = group(m, "part")
    mod = ctx.lex.parts[norm(part)] if part else None
    if m.group(0).casefold().rstrip().endswith("year"):  # "the spring of next year"
        by_year = year_by_relation(ctx, m.group("rel"))
        if by_year is None:
            return unknown(P.SEASON, f"XXXX-{found.code}", mod=mod)
        res = season_value(by_year[0], found.first_month, found.last_month, found.code)
        return anchored(narrowed(res, "season", mod), by_year[1])
    kind = relative_kind(ctx, m.group("rel")) or "anchored_last"
    ref = ctx.previous(YEAR_LEVEL) if kind.startswith("anchored") else ctx.now()
    if ref is None:
        return unknown(P.SEASON, f"XXXX-{found.code}", mod=mod)
    if ref.start is None:
        step = {"last": -1, "anchored_last": -1, "next": 1, "anchored_next": 1}.get(kind, 0)
        year = ref.year + step
    elif kind == "anchored_same":
        year = ref.year
    else:
        year = _season_instance(found, ref, kind, ctx.tense)
    res = season_value(year, found.first_month, found.last_month, found.code)
    return anchored(narrowed(res, "season", mod), ref)


def holiday(m: Match, ctx: Context) -> Resolution | None:
    month_n, day_n = ctx.lex.holidays[norm(m.group("holiday"))]
    if group(m, "year"):
        day = safe_date(int(m.group("year")), month_n, day_n)
        res = day_value(day) if day else None
        if res:
            res.anchor = TimeAnchor.ABSOLUTE
        return res
    found = year_of(ctx, month_n, day_n)
    if found is None:
        return unknown(P.DAY, f"XXXX-{month_n:02d}-{day_n:02d}")
    day = safe_date(found[0], month_n, day_n) if found[0] >= 1 else None
    return anchored(day_value(day) if day else unknown(P.DAY), found[1])


def easter(m: Match, ctx: Context) -> Resolution | None:
    if group(m, "year"):
        res = day_value(periods.easter(int(m.group("year"))))
        res.anchor = TimeAnchor.ABSOLUTE
        return res
    ref = ctx.now()
    if ref is None or ref.start is None or ref.year < 2:
        return unknown(P.DAY)
    if ctx.narrative:
        return anchored(day_value(periods.easter(ref.year)), ref)
    this_year = periods.easter(ref.year)
    if ctx.tense == "future":
        day = this_year if this_year >= ref.start else periods.easter(ref.year + 1)
    else:
        day = this_year if this_year <= ref.start else periods.easter(ref.year - 1)
    return anchored(day_value(day), ref)
