"""Plain-text articles: a title line, a body, and maybe a dateline near the top.

Reads: the decoded file. Sets: ``text`` (the file minus its date header
lines and tokens, hard-wrapped paragraphs joined into one line each),
``published`` (from a dateline, source ``text``; unknown when there is
none). ``title`` stays None: the pipeline derives it later.

Only header lines count as datelines, and only in the first
:data:`HEADER_LINES` non-blank lines: a line made of nothing but labels,
dates, times and separators (``30 November 2024 15:54``, ``- Published Date:
12:00 | 05 February 2018``, ``Updated: Nov. 30, 2024``), or a labelled date
opening a line (``date 2024-11-30 <photo caption>``: the token goes, the
caption stays). Dates are read with strict patterns (ISO, day-month-year and
month-day-year with month names); a date in running prose is never used.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from frontlines.ingest.payload import (
    Payload,
    Undecodable,
    decode_text,
    normalize_newlines,
    reject,
)
from frontlines.models import DateSource, Published, RawDocument, Rejection
from frontlines.settings import Settings

HEADER_LINES = 8  # datelines are looked for in this many non-blank lines at the top
MIN_WRAPPED_LINES = 3  # a text is taken as hard-wrapped only with this many wrapped lines
MAX_WRAP_WIDTH = 160  # longer lines are paragraphs of their own, not wrapped ones

_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_MONTHS: dict[str, int] = {
    **{name: number for number, name in enumerate(_MONTH_NAMES, start=1)},
    **{name[:3]: number for number, name in enumerate(_MONTH_NAMES, start=1)},
    "sept": 9,
}
_MONTH = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun)\.?"
)
_ORDINAL = r"(?:st|nd|rd|th)?"
_DATE = (
    r"(?<![\w-])(?:"
    r"(?P<iso_y>\d{4})-(?P<iso_m>\d{1,2})-(?P<iso_d>\d{1,2})"
    r"(?:t\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?"
    rf"|(?P<dmy_d>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?(?P<dmy_m>{_MONTH}),?\s+(?P<dmy_y>\d{{4}})"
    rf"|(?P<mdy_m>{_MONTH})\s+(?P<mdy_d>\d{{1,2}}){_ORDINAL},?\s+(?P<mdy_y>\d{{4}})"
    r")(?!\w)"
)
_TIMEZONE = (
    r"(?:gmt|utc|est|edt|cst|cdt|mst|mdt|pst|pdt|bst|cet|cest|eet|eest|msk|ist|ast|jst|aest)"
    r"(?:\s*[+-]\d{1,2}(?::?\d{2})?)?"
    r"|[+-]\d{2}:?\d{2}"
)
_TIME = rf"(?<!\d)\d{{1,2}}[:.]\d{{2}}(?::\d{{2}})?(?:\s*[ap]\.?m\.?)?(?:\s*\(?(?:{_TIMEZONE})\)?)?(?!\w)"
_PUBLISHED_LABEL = (
    r"(?:first\s+published|date\s+published|publication\s+date|published|posted|released"
    r"|issued|dated|date)(?!\w)(?:\s+(?:date|on|at)(?!\w))?\s*:?"
)
_MODIFIED_LABEL = (
    r"(?:last\s+updated|last\s+modified|updated|modified|edited|revised)(?!\w)"
    r"(?:\s+(?:date|on|at)(?!\w))?\s*:?"
)
# One token of a header line; the line qualifies if these tokens consume all of it.
_TOKEN = re.compile(
    rf"(?P<modified>{_MODIFIED_LABEL})"
    rf"|(?P<published>{_PUBLISHED_LABEL})"
    rf"|(?P<date>{_DATE})"
    rf"|(?P<time>{_TIME})"
    rf"|(?P<weekday>{_WEEKDAY})(?!\w)"
    r"|(?P<filler>(?:at|on)(?!\w))"
    r"|(?P<sep>[\s|,;:/·•*()\[\]\-–—]+)",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*(?:[-*•–—]\s+)?")
_HYPHEN_OR_SPACE_END = re.compile(r"(?:\w-|\s)$")
_LIST_ITEM = re.compile(r"\s*(?:[-*•–—]|\d{1,3}[.)])\s")
# A line break that ``fold`` put inside a UTF-8 character (it counts bytes), and the rest of it.
_CUT_CHARACTER = re.compile(
    rb"(?:(?<=[\xc2-\xf4])|(?<=[\xe0-\xf4][\x80-\xbf])|(?<=[\xf0-\xf4][\x80-\xbf]{2}))"
    rb"\n([\x80-\xbf]{1,3})"
)
CUT_SLACK = 3  # bytes a line cut inside a character is off the width once mended
# A labelled date opening a longer line: ``date 2024-11-30 <caption>``.
_LEADING_LABELLED_DATE = re.compile(
    rf"^\s*(?:(?P<modified>{_MODIFIED_LABEL})|{_PUBLISHED_LABEL})\s*(?P<date>{_DATE})"
    rf"(?:\s*,?\s*(?:at\s+)?{_TIME})?\s*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Dateline:
    """A date header found in the text: the publication date (if any) and the text without it."""

    published: Published
    text: str


def read_text(payload: Payload, settings: Settings) -> Iterator[RawDocument | Rejection]:
    """Read one plain-text article; yield a document, or a rejection if it is empty or undecodable."""
    data = payload.read_all()
    if not data.strip():
        yield reject("empty", payload.source, data=data)
        return
    try:
        decoded = decode_text(_rejoin_cut_characters(data), declared=payload.charset)
        raw = decoded.text
    except Undecodable as exc:
        yield reject("undecodable", payload.source, data=data, detail=str(exc))
        return
    if not raw.strip():
        yield reject("empty", payload.source, data=data)
        return
    found = find_dateline(join_wrapped_lines(normalize_newlines(raw)))
    if not found.text.strip():
        yield reject("empty", payload.source, data=data, detail="only a dateline")
        return
    yield RawDocument(
        source=payload.source,
        format="text",
        text=found.text,
        url=payload.url,
        published=found.published,
        encoding=decoded.label,
    )


def _rejoin_cut_characters(data: bytes) -> bytes:
    """``data`` with a line break cut into a UTF-8 character moved after it, if that mends it."""
    if b"\n" not in data or data.isascii():
        return data
    joined = _CUT_CHARACTER.sub(rb"\1\n", data)
    if joined == data:
        return data
    try:
        joined.decode("utf-8")
    except UnicodeDecodeError:
        return data
    return joined


def join_wrapped_lines(text: str) -> str:
    """``text`` with each hard-wrapped paragraph on one line, so a line break ends a sentence again.

    Only a text that looks wrapped changes: nearly all its long lines that
    run on into the next are cut at exactly the longest width (``fold``),
    or most lines that run on are within a quarter of the longest, itself
    at most :data:`MAX_WRAP_WIDTH`, and few of them end a sentence (an
    editor's or a mail wrap). Blank lines, short lines (a paragraph's last
    line, a headline) and list items stay breaks.
    """
    lines = text.split("\n")
    runs_on = [i for i in range(len(lines) - 1) if lines[i].strip() and lines[i + 1].strip()]
    if len(runs_on) < MIN_WRAPPED_LINES:
        return text
    joins = _fold_joins(lines, runs_on) or _wrap_joins(lines, runs_on)
    if not joins:
        return text
    return "".join(line + joins.get(i, "\n") for i, line in enumerate(lines))[:-1]


def _fold_joins(lines: list[str], runs_on: list[int]) -> dict[int, str]:
    """What joins the lines ``fold -w`` cut at one width, inside words too: nothing."""
    # fold counts bytes; a character it cut, once mended, makes its line a few bytes longer
    widths = {i: _bytes(lines[i]) for i in runs_on}
    width, exact = Counter(widths.values()).most_common(1)[0]
    longest = max(_bytes(line) for line in lines)
    over = sum(1 for i in runs_on if widths[i] > width)
    if not width <= longest <= width + CUT_SLACK or over * 2 > exact:
        return {}
    long = [i for i in runs_on if widths[i] >= width - width // 4]
    cut = [i for i in long if widths[i] >= width or _mended(widths, i, width)]
    if len(cut) < MIN_WRAPPED_LINES or len(cut) * 5 < len(long) * 4:
        return {}
    return dict.fromkeys(cut, "")


def _bytes(text: str) -> int:
    return len(text.encode("utf-8", errors="replace"))


def _mended(widths: dict[int, int], i: int, width: int) -> bool:
    """Whether line ``i`` is short of ``width`` by the bytes a mended character gave the line before."""
    return 0 < width - widths[i] == widths.get(i - 1, width) - width


def _wrap_joins(lines: list[str], runs_on: list[int]) -> dict[int, str]:
    """What joins the lines an editor or a mail client wrapped at a space: a space.

    A line was wrapped when the next line's first word would not have fitted
    on it; a shorter line ends where its writer ended it (a headline, a list).
    """
    width = max(len(line.rstrip()) for line in lines)
    if width > MAX_WRAP_WIDTH:
        return {}
    byte_width = max(_bytes(line.rstrip()) for line in lines)  # fold -s counts bytes

    def next_word_fits(i: int) -> bool:
        line, word = lines[i].rstrip(), lines[i + 1].lstrip(" ").split(" ")[0]
        return len(line) + 1 + len(word) < width and _bytes(line) + 1 + _bytes(word) < byte_width

    wrapped = [i for i in runs_on if not next_word_fits(i) and not _LIST_ITEM.match(lines[i + 1])]
    ending = sum(1 for i in wrapped if lines[i].rstrip().endswith((".", "!", "?", '."', ".”")))
    if (
        len(wrapped) < MIN_WRAPPED_LINES
        or len(wrapped) * 2 < len(runs_on)
        or ending * 2 > len(wrapped)
    ):
        return {}
    # "full-" + "scale": a wrap at a hyphen keeps the word whole
    return {i: "" if _HYPHEN_OR_SPACE_END.search(lines[i]) else " " for i in wrapped}


def find_dateline(text: str) -> Dateline:
    """The publication date from header lines at the top of ``text``, and ``text`` without them.

    A ``Modified``/``Updated`` date is never taken as the publication date,
    but its line is dropped as well. Without a publication dateline the date
    is unknown; nothing is guessed.
    """
    lines = text.splitlines(keepends=True)
    published: Published | None = None
    kept: list[str] = []
    nonblank_seen = 0
    for line in lines:
        if nonblank_seen >= HEADER_LINES or not line.strip():
            kept.append(line)
            continue
        nonblank_seen += 1
        header = _read_header_line(line)
        if header is None:
            kept.append(line)
            continue
        if header.published is not None and published is None:
            published = Published.exact(
                header.published,
                DateSource.TEXT,
                evidence=header.evidence,
                confidence=1.0 if _has_label(header.evidence) else 0.9,
            )
        if header.rest:
            kept.append(header.rest)
    return Dateline(published=published or Published.unknown(), text="".join(kept))


@dataclass(frozen=True)
class _HeaderLine:
    published: dt.date | None  # None when the line holds only a modified date
    evidence: str  # the header text the date was read from
    rest: str  # what stays in the text: "" for a whole header line


def _read_header_line(line: str) -> _HeaderLine | None:
    """Read ``line`` as a date header (whole line or labelled opening token); None if it is not one."""
    body = line.rstrip("\n")
    ending = line[len(body) :]
    whole = _scan_header(_BULLET.sub("", body, count=1))
    if whole is not None:
        return _HeaderLine(published=whole.published, evidence=body.strip(), rest="")
    opening = _LEADING_LABELLED_DATE.match(body)
    if opening is None or opening.end() == len(body):
        return None
    day = _to_date(opening)
    if day is None:
        return None
    return _HeaderLine(
        published=None if opening.group("modified") else day,
        evidence=opening.group(0).strip(),
        rest=body[opening.end() :] + ending,
    )


@dataclass(frozen=True)
class _Header:
    published: dt.date | None  # None when the line holds only a modified date


def _scan_header(line: str) -> _Header | None:
    """Read a line made only of labels, dates, times and separators; None if it is anything else."""
    position = 0
    modified = False
    found_date = False
    published: dt.date | None = None
    while position < len(line):
        token = _TOKEN.match(line, position)
        if token is None or token.end() == position:
            return None
        position = token.end()
        if token.group("modified"):
            modified = True
        elif token.group("published"):
            modified = False
        elif token.group("date"):
            day = _to_date(token)
            if day is None:
                return None
            found_date = True
            if not modified and published is None:
                published = day
    return _Header(published) if found_date else None


def _has_label(line: str) -> bool:
    """Whether a header says outright that it holds the publication date."""
    return re.search(_PUBLISHED_LABEL, line, re.IGNORECASE) is not None


def _to_date(match: re.Match[str]) -> dt.date | None:
    """The calendar date a :data:`_DATE` match names, if it is a real date between 1900 and 2100."""
    groups = match.groupdict()
    try:
        if groups["iso_y"]:
            year, month, day = int(groups["iso_y"]), int(groups["iso_m"]), int(groups["iso_d"])
        elif groups["dmy_y"]:
            year, day = int(groups["dmy_y"]), int(groups["dmy_d"])
            month = _MONTHS[groups["dmy_m"].rstrip(".").lower()]
        else:
            year, day = int(groups["mdy_y"]), int(groups["mdy_d"])
            month = _MONTHS[groups["mdy_m"].rstrip(".").lower()]
        if not 1900 <= year <= 2100:
            return None
        return dt.date(year, month, day)
    except ValueError:
        return None
