"""An undated article's publication date, inferred from the dates it names.

Reads: the article text and, if the caller has them, its time mentions
(extracted without a publication date). Writes: a ``Published`` interval with
source ``inferred``, its evidence and a low confidence, or ``unknown`` with
the evidence that fell short. Never today's date, never one day presented as
fact.

The reasoning:

1. Past-tense reporting names dates on or before its own: the latest
   day- or month-precise absolute date L (outside future-tense clauses) is a
   lower bound.
2. News is usually published soon after the latest date it names: the
   candidate interval is [start of L, end of L + ``WINDOW_DAYS``]. This is the
   guess, hence the low confidence.
3. A day and month named without a year ("since Nov. 27") lie at most
   ``DAY_MONTH_REACH`` days before publication (past that, writers add the
   year): every candidate day that would put one further back is dropped.
   When none is left, the latest date was background history and the date is
   unknown (seed 003-like articles, and 000 without its dateline).
4. Year-only dates ("since 2016", "early 2011") are too coarse: unknown, with
   the lower bound kept in the evidence.
"""

from __future__ import annotations

import datetime as dt
import re

from frontlines.models import DatePrecision, DateSource, Published, TimeAnchor, TimeMention
from frontlines.time.extract import TenseCues, extract
from frontlines.time.lexicon import load_lexicon

WINDOW_DAYS = 30  # publication assumed within this many days after the latest date named
DAY_MONTH_REACH = (
    120  # a day and month without a year lie at most this many days before publication
)
CONFIDENCE = {DatePrecision.DAY: 0.3, DatePrecision.MONTH: 0.2}
CONSTRAINED_BONUS = 0.1

_DIGIT = re.compile(r"\d")

# A date in a URL's path, as news sites write them: /2015/05/17/, /2013-12-06-, /20210224/,
# /28-Jul-2014/, and /2024/05/ for a month. Six bare digits ("160617") are left alone: as
# yymmdd and ddmmyy they read as two different days, and article numbers look the same.
_Y = r"(?P<y>(?:19|20)\d\d)"
_URL_DAY = [
    re.compile(r"(?<![\d])" + _Y + r"(?P<s>[/_-])(?P<m>[01]?\d)(?P=s)(?P<d>[0-3]?\d)(?![\d])"),
    re.compile(r"(?<![\d])" + _Y + r"(?P<m>[01]\d)(?P<d>[0-3]\d)(?![\d])"),
    re.compile(r"(?<![\d])(?P<d>[0-3]?\d)-(?P<mon>[A-Za-z]{3})[a-z]*-" + _Y + r"(?![\d])"),
]
_URL_MONTH = re.compile(r"/" + _Y + r"/(?P<m>[01]?\d)(?:/|$)")
_MONTHS = {
    m: n
    for n, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}


def date_from_url(url: str | None, *, today: dt.date | None = None) -> Published:
    """The publication day (or month) a URL's path states, as an inferred date with the URL
    part as evidence; unknown when the path names none. A date after ``today`` is no date."""
    if not url:
        return Published()
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    path = parts.path + ("?" + parts.query if parts.query else "")
    limit = today or dt.date.today()
    for pattern in _URL_DAY:
        for m in pattern.finditer(path):
            month = (
                _MONTHS.get(m.group("mon").lower()[:3])
                if "mon" in m.groupdict() and m.group("mon")
                else int(m.group("m"))
            )
            try:
                day = dt.date(int(m.group("y")), month or 0, int(m.group("d")))
            except ValueError:
                continue
            if day > limit:
                continue
            return _from_url(day, day, f"the URL's date '{m.group(0)}'", 0.8)
    month_m = _URL_MONTH.search(path)
    if month_m is not None and 1 <= int(month_m.group("m")) <= 12:
        first = dt.date(int(month_m.group("y")), int(month_m.group("m")), 1)
        nxt = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        last = min(nxt - dt.timedelta(days=1), limit)
        if first <= limit:
            return _from_url(first, last, f"the URL's month '{month_m.group(0).strip('/')}'", 0.6)
    return Published()


def _from_url(start: dt.date, end: dt.date, evidence: str, confidence: float) -> Published:
    return Published(
        start=start,
        end=end,
        precision=DatePrecision.DAY if start == end else DatePrecision.RANGE,
        source=DateSource.INFERRED,
        evidence=evidence,
        confidence=confidence,
    )


def _lower_bound(text: str, mentions: list[TimeMention]) -> TimeMention | None:
    """The latest absolute date the text names outside future-tense clauses."""
    cues = TenseCues(text, load_lexicon())
    dated = [
        m
        for m in mentions
        if m.anchor is TimeAnchor.ABSOLUTE
        and m.value_start is not None
        and m.precision not in (DatePrecision.DURATION, DatePrecision.UNKNOWN)
        and cues.tense(m.start, m.end) != "future"
    ]
    return max(dated, key=lambda m: (m.value_start, -m.start), default=None)


def latest_named_day(text: str, mentions: list[TimeMention]) -> dt.date | None:
    """The first day of the latest absolute date the text names outside future-tense clauses
    (a year counts from its 1 January): the article was published on or after it."""
    latest = _lower_bound(text, mentions)
    return latest.value_start if latest is not None else None


def _names_day_and_month(mention: TimeMention) -> bool:
    lex = load_lexicon()
    words = re.findall(r"[A-Za-z]+\.?", mention.text)
    return bool(_DIGIT.search(mention.text)) and any(lex.month(w) for w in words)


def _fits(day: dt.date, yearless: list[TimeMention]) -> bool:
    """Whether publication on ``day`` keeps every yearless day-month within reach before it."""
    for mention in yearless:
        resolved = extract(mention.text, published=day, tense="past")
        for m in resolved:
            if m.value_start is not None and not (
                day - dt.timedelta(days=DAY_MONTH_REACH) <= m.value_start <= day
            ):
                return False
    return True


def infer_publication(text: str, mentions: list[TimeMention] | None = None) -> Published:
    """An interval the article was probably published in, with evidence; or unknown.

    ``mentions``: the text's time mentions resolved without a publication
    date (extracted with the patterns alone when not given).
    """
    if mentions is None:
        mentions = extract(text, published=None)
    latest = _lower_bound(text, mentions)
    if latest is None or latest.value_start is None:
        return Published(evidence="the text names no absolute date to reason from")
    since = f"on or after {latest.value_start.isoformat()} ('{latest.text}', the latest date the text names)"
    precision = latest.precision
    if precision == DatePrecision.RANGE and latest.value_end is not None:
        days = (latest.value_end - latest.value_start).days
        precision = (
            DatePrecision.DAY if days <= 6 else DatePrecision.MONTH if days <= 31 else precision
        )
    if precision not in CONFIDENCE:
        return Published(evidence=f"{since}; too coarse to bound it above")
    end = (latest.value_end or latest.value_start) + dt.timedelta(days=WINDOW_DAYS)
    candidates = [
        latest.value_start + dt.timedelta(days=i)
        for i in range((end - latest.value_start).days + 1)
    ]
    yearless = [
        m
        for m in mentions
        if m.value_start is None and m.anchor is TimeAnchor.NONE and _names_day_and_month(m)
    ]
    fitting = [day for day in candidates if _fits(day, yearless)] if yearless else candidates
    named = ", ".join(f"'{m.text}'" for m in yearless)
    if not fitting:
        return Published(
            evidence=f"{since}; but {named} would then lie more than {DAY_MONTH_REACH} days "
            "before publication, so that date is background and no upper bound is known"
        )
    confidence = CONFIDENCE[precision] + (
        CONSTRAINED_BONUS if len(fitting) < len(candidates) else 0.0
    )
    evidence = f"{since}; assumed within {WINDOW_DAYS} days after it"
    if yearless:
        evidence += f"; {named} within {DAY_MONTH_REACH} days before it"
    return Published(
        start=fitting[0],
        end=fitting[-1],
        precision=DatePrecision.RANGE,
        source=DateSource.INFERRED,
        evidence=evidence,
        confidence=round(confidence, 2),
    )
