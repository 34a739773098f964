"""Score time resolution on a table of expressions: ours, and dateparser as a baseline.

Reads: a TSV table (``tests/time/expressions.tsv``: category, style, text,
published, tense, expected start/end/precision/duration, seed). Writes:
per-category accuracies. Used by ``tests/time/test_time_baseline.py`` and
``benchmarks/time_baseline.py``, so both score the same way.

Scoring, the same rule for every system:

- ours is right when :func:`frontlines.time.resolve_expression` gives exactly
  the expected start, end, precision and duration (or None for a row that
  holds no time expression);
- dateparser returns one datetime or None. A row with no expected value
  (unresolvable, unanchored duration, not a time) is right when it returns
  None. A one-day row is right when it returns that day. A row whose answer
  is one calendar period (a week, month, season or year) is right when the
  day it returns falls inside it: dateparser cannot say "the whole month",
  so any day of it counts. A row whose answer is a range of days ("since
  Nov. 27", "the last three months", "May 4-5") needs both ends, which one
  date cannot give: it is wrong. dateparser is given the publication date as
  ``RELATIVE_BASE`` and the clause's tense as ``PREFER_DATES_FROM``
  (future for future-tense rows, past otherwise).
"""

from __future__ import annotations

import csv
import datetime as dt
import warnings
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from frontlines.time import resolve_expression

SYSTEMS = ("ours", "dateparser", "dateparser_search")
NO_VALUE = "none"
PERIODS = (
    "week",
    "month",
    "season",
    "year",
)  # one calendar period: any day of it is a fair answer  # expected_precision of a row that holds no time expression


@dataclass(frozen=True)
class ExpressionCase:
    category: str
    style: str
    text: str
    published: dt.date | None
    tense: str
    expected_start: dt.date | None
    expected_end: dt.date | None
    expected_precision: str
    expected_duration: str | None
    seed: str | None


def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def load_cases(path: Path) -> list[ExpressionCase]:
    """The table's rows; lines starting with "#" are comments."""
    with Path(path).open(encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    cases = []
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        cases.append(
            ExpressionCase(
                category=row["category"],
                style=row["style"],
                text=row["text"],
                published=_date(row["published"]),
                tense=row["tense"],
                expected_start=_date(row["expected_start"]),
                expected_end=_date(row["expected_end"]),
                expected_precision=row["expected_precision"],
                expected_duration=row["expected_duration"] or None,
                seed=row["seed"] or None,
            )
        )
    return cases


def ours_is_right(case: ExpressionCase) -> bool:
    mention = resolve_expression(case.text, case.published, tense=case.tense)
    if case.expected_precision == NO_VALUE:
        return mention is None
    return (
        mention is not None
        and mention.value_start == case.expected_start
        and mention.value_end == case.expected_end
        and mention.precision.value == case.expected_precision
        and mention.duration == case.expected_duration
    )


def dateparser_value(case: ExpressionCase, *, search: bool = False) -> dt.date | None:
    """What dateparser makes of the row's text (``search``: its ``search_dates``, first hit)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # dateparser and its dependencies emit deprecation warnings
        import dateparser
        import dateparser.search

    settings: dict[str, object] = {
        "PREFER_DATES_FROM": "future" if case.tense == "future" else "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if case.published is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(case.published, dt.time())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # dateparser and its dependencies emit deprecation warnings
        if search:
            found = dateparser.search.search_dates(case.text, languages=["en"], settings=settings)
            return found[0][1].date() if found else None
        parsed = dateparser.parse(case.text, languages=["en"], settings=settings)
    return parsed.date() if parsed is not None else None


def dateparser_is_right(case: ExpressionCase, *, search: bool = False) -> bool:
    value = dateparser_value(case, search=search)
    if case.expected_start is None or case.expected_end is None:
        return value is None
    if value is None:
        return False
    if case.expected_start == case.expected_end or case.expected_precision in PERIODS:
        return case.expected_start <= value <= case.expected_end
    return False


def score(cases: list[ExpressionCase]) -> dict[str, dict[str, float]]:
    """Accuracy per category (and "overall") for each system in ``SYSTEMS``."""
    right: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(SYSTEMS, 0))
    total: dict[str, int] = defaultdict(int)
    for case in cases:
        verdicts = {
            "ours": ours_is_right(case),
            "dateparser": dateparser_is_right(case),
            "dateparser_search": dateparser_is_right(case, search=True),
        }
        for key in (case.category, "overall"):
            total[key] += 1
            for system, ok in verdicts.items():
                right[key][system] += int(ok)
    return {
        key: {system: right[key][system] / total[key] for system in SYSTEMS} | {"rows": total[key]}
        for key in sorted(total, key=lambda k: (k == "overall", k))
    }


def failures(cases: list[ExpressionCase]) -> list[ExpressionCase]:
    """The rows we resolve wrongly."""
    return [case for case in cases if not ours_is_right(case)]
