"""Decide which raw lines are not article text, and why.

Reads a list of :class:`~frontlines.clean.mapping.Line`; writes a mapping of
line index to removal kind. Each pass skips lines an earlier pass took:

1. ``metadata``  - header bullets, by-lines, date-only lines in the first lines;
2. ``boilerplate`` - page furniture ("img", "Advertisement", "[Sources: ...]");
3. ``caption``   - photo captions and the bare credit line beside them;
4. ``read_more`` - links to other articles ("Read more: ...");
5. ``repeated_lead`` - a line repeated verbatim, first copy kept;
6. ``trailing_headlines`` - a sidebar of unrelated headlines after the last paragraph.
"""

from __future__ import annotations

from collections.abc import Iterator

from frontlines.clean.mapping import Line
from frontlines.clean.patterns import CleanPatterns

METADATA = "metadata"
BOILERPLATE = "boilerplate"
CAPTION = "caption"
READ_MORE = "read_more"
REPEATED = "repeated_lead"
TRAILING = "trailing_headlines"
BLANK = "blank"

# Trailing characters that close a sentence without ending it: quotes, brackets.
_CLOSERS = "\"'”’»)]›"
# Outer characters ignored when a whole line is compared with a word list.
_OUTER_PUNCTUATION = " .:;,!?-–—|•·*[](){}<>\"'“”‘’«»#"


def final_mark(text: str) -> str:
    """The character a line really ends on, past closing quotes; "…" for any ellipsis."""
    stripped = text.rstrip(_CLOSERS + " ")
    if stripped.endswith(("...", "…")):
        return "…"
    return stripped[-1:] if stripped else ""


def ends_sentence(text: str) -> bool:
    """True when the line ends on a full stop, question or exclamation mark."""
    return final_mark(text) in {".", "!", "?"}


def headline_shaped(text: str, max_words: int, *, questions: bool = True) -> bool:
    """Short and not ending like a sentence; ``questions`` lets "?" and "!" endings pass."""
    if not text or text.count(" ") + 1 > max_words:
        return False
    mark = final_mark(text)
    if mark in {".", ",", ";", ":"}:
        return False
    return questions or mark not in {"?", "!"}


def is_caption(text: str, patterns: CleanPatterns) -> bool:
    """A line ending in a photo credit ("(AFP Photo)", "/ Photo: AA") or opening as a caption."""
    if text.count(" ") + 1 > patterns.caption_max_words:
        return False
    return any(p.search(text) for p in patterns.caption_endings) or any(
        p.match(text) for p in patterns.caption_starts
    )


def is_boilerplate(text: str, patterns: CleanPatterns) -> bool:
    """Page furniture: "img", "Advertisement", "Share this article", "[Sources: ...]"."""
    if text.strip(_OUTER_PUNCTUATION).casefold() in patterns.boilerplate_lines:
        return True
    if text.count(" ") + 1 > patterns.boilerplate_max_words:
        return False
    return any(p.match(text) for p in patterns.boilerplate_patterns)


def read_more_marker(text: str, patterns: CleanPatterns) -> tuple[bool, bool]:
    """(is a read-more line, holds nothing but the marker)."""
    for pattern in patterns.read_more:
        match = pattern.match(text)
        if match:
            return True, not text[match.end() :].strip(_OUTER_PUNCTUATION)
    return False, False


def is_metadata(text: str, patterns: CleanPatterns) -> bool:
    """A header line that only says where or when: a date, a by-line, a breadcrumb."""
    words = text.count(" ") + 1
    if words <= patterns.metadata_max_words and any(
        p.match(text) for p in patterns.metadata_patterns
    ):
        return True
    return is_date_line(text, patterns)


def is_date_line(text: str, patterns: CleanPatterns) -> bool:
    """A line holding only a date and time: "30 November 2024 15:54"."""
    return (
        any(c.isdigit() for c in text)
        and patterns.date_line.match(text) is not None
        and patterns.date_words.search(text) is not None
    )


def _content(lines: list[Line], marks: dict[int, str]) -> Iterator[Line]:
    """Non-blank lines no pass has taken yet."""
    return (line for line in lines if line.text and line.index not in marks)


def mark_metadata(lines: list[Line], marks: dict[int, str], patterns: CleanPatterns) -> None:
    header = [line for line in lines if line.text][: patterns.header_lines]
    body_started = False
    for line in header:
        if line.index in marks:
            continue
        text = line.text
        if (
            not body_started
            and line.words <= patterns.bullet_max_words
            and patterns.bullet.match(text)
        ) or is_metadata(text, patterns):
            marks[line.index] = METADATA
        elif ends_sentence(text) and line.words > patterns.bullet_max_words:
            body_started = True  # a bullet after the first sentence is a list in the body


def mark_boilerplate(lines: list[Line], marks: dict[int, str], patterns: CleanPatterns) -> None:
    for line in _content(lines, marks):
        if is_boilerplate(line.text, patterns):
            marks[line.index] = BOILERPLATE


def mark_captions(lines: list[Line], marks: dict[int, str], patterns: CleanPatterns) -> None:
    content = list(_content(lines, marks))
    last_sentence = max((n.index for n in content if ends_sentence(n.text)), default=-1)
    for line in content:
        # "(Reuters)" ends wire copy too: a caption only if body text follows.
        weak = (
            line.index < last_sentence
            and line.words <= patterns.caption_max_words
            and any(p.search(line.text) for p in patterns.weak_caption_endings)
        )
        if weak or is_caption(line.text, patterns):
            marks[line.index] = CAPTION
    for position, line in enumerate(content):
        if line.index in marks or not any(p.match(line.text) for p in patterns.credit_only):
            continue
        neighbours = content[max(position - 1, 0) : position] + content[position + 1 : position + 2]
        if any(marks.get(n.index) == CAPTION for n in neighbours):
            marks[line.index] = CAPTION


def mark_read_more(lines: list[Line], marks: dict[int, str], patterns: CleanPatterns) -> None:
    for line in lines:
        if not line.text or line.index in marks:
            continue
        is_link, marker_only = read_more_marker(line.text, patterns)
        if not is_link:
            continue
        marks[line.index] = READ_MORE
        # A bare "Read more:" points at the headline on the very next line.
        following = lines[line.index + 1] if line.index + 1 < len(lines) else None
        if (
            marker_only
            and following is not None
            and following.text
            and following.index not in marks
            and not read_more_marker(following.text, patterns)[0]
            and headline_shaped(following.text, patterns.headline_max_words)
        ):
            marks[following.index] = READ_MORE


def _heading(text: str) -> bool:
    return text.isupper() or text.endswith(":")


def mark_repeats(lines: list[Line], marks: dict[int, str], patterns: CleanPatterns) -> None:
    seen: set[str] = set()
    for line in _content(lines, marks):
        if line.text not in seen:
            seen.add(line.text)
        elif not (line.words < patterns.heading_max_words and _heading(line.text)):
            marks[line.index] = REPEATED


def mark_trailing_headlines(
    lines: list[Line], marks: dict[int, str], patterns: CleanPatterns
) -> None:
    content = list(_content(lines, marks))
    limit = patterns.headline_max_words
    run: list[Line] = []
    for line in reversed(content):
        if not headline_shaped(line.text, limit):
            break
        run.insert(0, line)
    if not run or len(run) == len(content):
        return  # nothing short at the end, or nothing but short lines
    last_paragraph = content[len(content) - len(run) - 1]
    if not (ends_sentence(last_paragraph.text) or last_paragraph.words > limit):
        return  # e.g. "The statement said:" introducing short quoted lines
    anchored = any(
        marks.get(i) in {READ_MORE, BOILERPLATE}
        for i in range(last_paragraph.index + 1, run[0].index)
    )
    if not anchored:
        # Unintroduced, a sidebar must be several lines that are no questions.
        strict: list[Line] = []
        for line in reversed(run):
            if not headline_shaped(line.text, limit, questions=False):
                break
            strict.insert(0, line)
        if len(strict) < patterns.headline_min_run:
            return
        run = strict
    for line in run:
        marks[line.index] = TRAILING


PASSES = (
    mark_metadata,
    mark_boilerplate,
    mark_captions,
    mark_read_more,
    mark_repeats,
    mark_trailing_headlines,
)


def mark_removals(lines: list[Line], patterns: CleanPatterns) -> dict[int, str]:
    """Line index -> removal kind, for every non-blank line that is not article text."""
    marks: dict[int, str] = {}
    for run_pass in PASSES:
        run_pass(lines, marks, patterns)
    return marks
