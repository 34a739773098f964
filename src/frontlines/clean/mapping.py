"""Lines of raw text, and the positional map from clean text back to raw text.

Cleaning only ever deletes characters or swaps one character for one other:
odd spaces (no-break space, thin space, tab, ...) become ``" "`` and odd line
breaks (``"\\r"``, U+2028, ...) become ``"\\n"``. So the map is positional:
for every :class:`~frontlines.models.Segment`

    fold_spaces(raw[seg.raw_start:seg.raw_start + seg.length])
        == clean[seg.clean_start:seg.clean_start + seg.length]

and when the raw text holds no odd whitespace ``fold_spaces`` is the identity,
so the two slices are equal as they stand. Every clean character is covered
by exactly one segment, and raw offsets only grow along the clean text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from frontlines.models import CleanText, Segment

# The characters str.splitlines() breaks on ("\r\n" counts as one break).
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# Every other character for which str.isspace() is true.
SPACES = "\t\x1f \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
# Invisible characters that are dropped outright: zero-width space, word
# joiner, byte-order mark and soft hyphen ("Khan Shei\xadkhoun").
INVISIBLE = "\u200b\u2060\ufeff\xad"

_FOLD = str.maketrans({c: "\n" for c in LINE_BREAKS} | {c: " " for c in SPACES})
_LINE_BREAK = re.compile("\r\n|[" + re.escape(LINE_BREAKS) + "]")
# Anything in a line that _pieces would change: odd or invisible characters, double spaces.
_UNTIDY = re.compile("[" + re.escape(SPACES.replace(" ", "") + INVISIBLE) + "]|  ")
_PIECE = re.compile(
    "([" + re.escape(SPACES + INVISIBLE) + "]+)|([^" + re.escape(SPACES + INVISIBLE) + "]+)"
)


def fold_spaces(text: str) -> str:
    """``text`` with every odd space turned into ``" "`` and every line break into ``"\\n"``."""
    return text.translate(_FOLD)


@dataclass(frozen=True)
class Line:
    """One raw line: where it is, and its content as the clean text would hold it."""

    index: int
    start: int  # raw offset of its first character
    end: int  # raw offset just past its last character, before the line break
    break_at: int | None  # raw offset of the character standing for its line break
    pieces: tuple[tuple[int, int], ...]  # raw ranges whose folded text makes ``text``
    text: str  # stripped, runs of spaces collapsed to one, invisibles gone

    @property
    def blank(self) -> bool:
        return not self.text

    @property
    def words(self) -> int:
        return self.text.count(" ") + 1 if self.text else 0


def _pieces(raw: str, start: int, end: int) -> list[tuple[int, int]]:
    """Raw ranges of a line's content: words kept, each inner space run kept as one char."""
    if start == end:
        return []
    if raw[start] != " " and raw[end - 1] != " " and not _UNTIDY.search(raw, start, end):
        return [(start, end)]  # the common case: nothing to fold, strip or collapse
    pieces: list[tuple[int, int]] = []

    def keep(a: int, b: int) -> None:
        if pieces and pieces[-1][1] == a:
            pieces[-1] = (pieces[-1][0], b)
        else:
            pieces.append((a, b))

    space_at: int | None = None  # the one character kept from the last run of spaces
    for match in _PIECE.finditer(raw, start, end):
        if match.group(2) is not None:
            if space_at is not None and pieces:  # no space before the first word
                keep(space_at, space_at + 1)
            space_at = None
            keep(match.start(), match.end())
        else:
            gap = match.group(1)
            # Prefer a plain space, so that most text maps back unchanged.
            offset = gap.find(" ")
            if offset < 0:
                offset = next((k for k, c in enumerate(gap) if c not in INVISIBLE), -1)
            space_at = match.start() + offset if offset >= 0 else None
    return pieces


def split_lines(raw: str) -> list[Line]:
    """The lines of ``raw``, each with raw offsets and normalised content."""
    lines: list[Line] = []
    start = 0
    breaks = list(_LINE_BREAK.finditer(raw))
    for index in range(len(breaks) + 1):
        if index < len(breaks):
            brk = breaks[index]
            end, break_at, next_start = brk.start(), brk.end() - 1, brk.end()
        else:
            end, break_at, next_start = len(raw), None, len(raw)
        pieces = tuple(_pieces(raw, start, end))
        text = "".join(raw[a:b] for a, b in pieces).translate(_FOLD)
        lines.append(Line(index, start, end, break_at, pieces, text))
        start = next_start
    return lines


class SegmentBuilder:
    """Appends raw ranges to a clean text, keeping the segments that map it back."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self._parts: list[str] = []
        self._segments: list[list[int]] = []  # [clean_start, raw_start, length]
        self._length = 0

    def add(self, raw_start: int, raw_end: int) -> None:
        """Append ``raw[raw_start:raw_end]`` (folded) to the clean text."""
        length = raw_end - raw_start
        if length <= 0:
            return
        self._parts.append(self.raw[raw_start:raw_end].translate(_FOLD))
        last = self._segments[-1] if self._segments else None
        if last is not None and last[1] + last[2] == raw_start:
            last[2] += length
        else:
            self._segments.append([self._length, raw_start, length])
        self._length += length

    def add_line(self, line: Line) -> None:
        for a, b in line.pieces:
            self.add(a, b)

    def text(self) -> str:
        return "".join(self._parts)

    def segments(self) -> list[Segment]:
        return [Segment(clean_start=c, raw_start=r, length=n) for c, r, n in self._segments]


def raw_span(clean: CleanText, start: int, end: int) -> tuple[int, int]:
    """The raw offsets of the clean span ``[start, end)``.

    The end is mapped through the span's last character, so a span that ends
    where a removal begins does not stretch over the removed text.
    """
    if end <= start:
        at = clean.to_raw(start)
        return at, at
    return clean.to_raw(start), clean.to_raw(end - 1) + 1


def mapping_errors(raw: str, clean: CleanText) -> list[str]:
    """Every way ``clean.segments`` fails to map ``clean.text`` onto ``raw``; empty when sound."""
    errors: list[str] = []
    expected_clean = 0
    last_raw_end = 0
    for seg in clean.segments:
        where = f"segment {seg.clean_start}+{seg.length}->{seg.raw_start}"
        if seg.length <= 0:
            errors.append(f"{where}: empty")
        if seg.clean_start != expected_clean:
            errors.append(f"{where}: starts at {seg.clean_start}, expected {expected_clean}")
        if seg.raw_start < last_raw_end:
            errors.append(f"{where}: raw offsets go backwards")
        raw_part = raw[seg.raw_start : seg.raw_start + seg.length]
        clean_part = clean.text[seg.clean_start : seg.clean_start + seg.length]
        if fold_spaces(raw_part) != clean_part:
            errors.append(f"{where}: raw {raw_part!r} != clean {clean_part!r}")
        expected_clean = seg.clean_start + seg.length
        last_raw_end = seg.raw_start + seg.length
    if expected_clean != len(clean.text):
        errors.append(f"segments cover {expected_clean} of {len(clean.text)} clean characters")
    return errors
