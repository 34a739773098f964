"""The clean-to-raw map: property tests over random texts, and the space tables."""

from __future__ import annotations

import sys
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontlines.clean import clean_text, fold_spaces, mapping_errors, raw_span
from frontlines.clean.mapping import INVISIBLE, LINE_BREAKS, SPACES, split_lines

# Building blocks that trigger every pass, mixed with random characters.
FRAGMENTS = [
    "Rebels entered the town.",
    "Troops held the bridge",
    "(AFP Photo)",
    "/ Photo: AA",
    "AA",
    "Read more:",
    "img",
    "- Europe",
    "12 May 2020",
    "Getty Images",
    "(Reuters)",
    "HEADING",
    "?",
    ".",
]
WHITESPACE = list(LINE_BREAKS + SPACES + INVISIBLE) + ["\r\n", "\n\n", "\n \u00a0\n"]

raw_texts = st.lists(
    st.one_of(
        st.sampled_from(FRAGMENTS),
        st.sampled_from(WHITESPACE),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=12),
    ),
    max_size=40,
).map("".join)


def assert_sound(raw: str) -> None:
    result = clean_text(raw)
    assert mapping_errors(raw, result) == []
    for seg in result.segments:
        raw_part = raw[seg.raw_start : seg.raw_start + seg.length]
        clean_part = result.text[seg.clean_start : seg.clean_start + seg.length]
        assert fold_spaces(raw_part) == clean_part
        if not any(c in SPACES + LINE_BREAKS for c in raw_part):
            assert raw_part == clean_part  # exact wherever no odd space was folded
    text = result.text
    assert text == text.strip()
    assert "\n\n\n" not in text
    assert "  " not in text
    assert not any(c in text for c in INVISIBLE)
    assert not any(c in text for c in SPACES.replace(" ", ""))
    assert not any(c in text for c in LINE_BREAKS.replace("\n", ""))
    for line in text.split("\n"):
        assert line == line.strip()
    for removal in result.removals:
        assert raw[removal.raw_start : removal.raw_end] == removal.text
    for offset in range(len(text)):
        assert fold_spaces(raw[result.to_raw(offset)]) == text[offset]


@settings(max_examples=400, deadline=None)
@given(raw_texts)
def test_every_clean_char_maps_to_its_raw_char(raw: str) -> None:
    assert_sound(raw)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_map_holds_for_any_unicode(raw: str) -> None:
    assert_sound(raw)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS + ["\n", "\n\n", " "]), max_size=30).map("".join))
def test_cleaning_keeps_text_without_odd_whitespace_exact(raw: str) -> None:
    result = clean_text(raw)
    for seg in result.segments:
        assert (
            raw[seg.raw_start : seg.raw_start + seg.length]
            == result.text[seg.clean_start : seg.clean_start + seg.length]
        )


def test_space_tables_match_str_isspace() -> None:
    every_space = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    assert every_space == set(LINE_BREAKS) | set(SPACES)
    assert not set(LINE_BREAKS) & set(SPACES)
    assert not any(c.isspace() for c in INVISIBLE)
    # Line breaks are exactly what str.splitlines breaks on.
    assert all(len(f"a{c}b".splitlines()) == 2 for c in LINE_BREAKS)


def test_split_lines_treats_crlf_as_one_break() -> None:
    lines = split_lines("one\r\ntwo\rthree\u2028four")
    assert [line.text for line in lines] == ["one", "two", "three", "four"]
    assert [line.break_at for line in lines] == [4, 8, 14, None]


def test_raw_span_does_not_stretch_over_removed_text() -> None:
    raw = "Rebels entered the town.\nRead more: elsewhere\nTroops held the bridge."
    result = clean_text(raw)
    assert result.text == "Rebels entered the town.\nTroops held the bridge."
    start, end = 0, result.text.index("\n")
    assert raw_span(result, start, end) == (0, len("Rebels entered the town."))
    word = result.text.index("bridge")
    a, b = raw_span(result, word, word + len("bridge"))
    assert raw[a:b] == "bridge"


@pytest.mark.parametrize(
    "line",
    [
        "1" * 80 + "x",
        "By " + "A" * 120 + "!",
        "By A" + " B" * 200 + "!",
        "Home " + "> a " * 80,
        "(Photo: " + "x " * 300,
        "Photo: " + "a/" * 200 + "?",
        "12 " * 2000 + "x",
    ],
)
def test_pathological_lines_clean_quickly(line: str) -> None:
    began = time.perf_counter()
    clean_text(f"{line}\n\nBody text.")
    clean_text(f"Title\n{line}\nBody text.")
    assert time.perf_counter() - began < 1.0  # catastrophic regex backtracking takes minutes
