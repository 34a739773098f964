"""``clean_text``: raw article text in, clean text with its map back out.

Reads raw text (``RawDocument.text``); writes ``CleanText.text``,
``CleanText.segments`` and ``CleanText.removals`` (``Article.text``,
``.segments``, ``.removals`` once the pipeline builds the article).
"""

from __future__ import annotations

from frontlines.clean.boilerplate import BLANK, mark_removals
from frontlines.clean.mapping import Line, SegmentBuilder, split_lines
from frontlines.clean.patterns import CleanPatterns, load_patterns
from frontlines.models import CleanText, Removal


def clean_text(raw: str, *, patterns: CleanPatterns | None = None) -> CleanText:
    """Strip captions, links, sidebars, repeats and header metadata; normalise spacing.

    Lines keep their breaks; a run of blank lines becomes one blank line, so a
    paragraph break is exactly ``"\\n\\n"``. Within a line, outer spaces go and
    inner runs of spaces become one ``" "``. See ``frontlines.clean.mapping`` for
    how ``segments`` map the result back to ``raw``.
    """
    lines = split_lines(raw)
    marks = mark_removals(lines, patterns or load_patterns())
    removals = [
        Removal(kind=kind, raw_start=line.start, raw_end=line.end, text=raw[line.start : line.end])
        for line in lines
        if (kind := marks.get(line.index)) is not None
    ]
    builder = SegmentBuilder(raw)
    previous: Line | None = None  # the last line written
    blanks: list[Line] = []  # blank lines since then
    for line in lines:
        if line.index in marks:
            continue
        if line.blank:
            blanks.append(line)
            continue
        dropped = blanks
        if previous is not None:
            assert previous.break_at is not None  # a later line exists
            builder.add(previous.break_at, previous.break_at + 1)
            if blanks:
                # One blank line is the paragraph break; its own break is the second "\n".
                paragraph_break = blanks[0].break_at
                assert paragraph_break is not None
                builder.add(paragraph_break, paragraph_break + 1)
                dropped = blanks[1:]
        removals.extend(_blank_removals(raw, dropped))
        builder.add_line(line)
        previous, blanks = line, []
    removals.extend(_blank_removals(raw, blanks))
    removals.sort(key=lambda r: (r.raw_start, r.raw_end))
    return CleanText(text=builder.text(), segments=builder.segments(), removals=removals)


def _blank_removals(raw: str, dropped: list[Line]) -> list[Removal]:
    """One ``blank`` removal per run of consecutive dropped blank lines."""
    runs: list[list[Line]] = []
    for line in dropped:
        if runs and runs[-1][-1].index + 1 == line.index:
            runs[-1].append(line)
        else:
            runs.append([line])
    removals: list[Removal] = []
    for run in runs:
        # Take the run's own line breaks with it, so the removal shows what went.
        last = run[-1]
        start, end = run[0].start, last.end if last.break_at is None else last.break_at + 1
        if end > start:
            removals.append(Removal(kind=BLANK, raw_start=start, raw_end=end, text=raw[start:end]))
    return removals
