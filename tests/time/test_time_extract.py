"""Finding expressions in running text: offsets, anchoring, tense, narrative mode (no model)."""

from __future__ import annotations

import datetime as dt

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from frontlines.models import DatePrecision, DateSource, Published, TimeAnchor
from frontlines.time import extract_times, publication_day

SATURDAY = dt.date(2024, 11, 30)
D = dt.date


def _find(mentions, text):  # type: ignore[no-untyped-def]
    found = [m for m in mentions if m.text == text]
    assert found, f"{text!r} not among {[m.text for m in mentions]}"
    return found[0]


def _doc(
    words: list[str], tags: list[str], heads: list[int], deps: list[str], ents: list[str]
) -> Doc:
    spaces = [i + 1 < len(words) and words[i + 1] not in ".," for i in range(len(words))]
    return Doc(
        spacy.blank("en").vocab,
        words=words,
        spaces=spaces,
        tags=tags,
        heads=heads,
        deps=deps,
        ents=ents,
    )


def test_news_text_is_resolved_against_the_publication_date() -> None:
    text = (
        "Rebels entered the city on Saturday, three days after an offensive that began on Wednesday. "
        "The army had held it since 2016. In August 2019, government forces took it back."
    )
    ms = extract_times(text, published=SATURDAY, use_model=False)
    assert [m.text for m in ms] == [
        "Saturday",
        "three days",
        "Wednesday",
        "since 2016",
        "August 2019",
    ]
    assert _find(ms, "Saturday").value_start == SATURDAY
    assert _find(ms, "Wednesday").value_start == D(2024, 11, 27)
    since = _find(ms, "since 2016")
    assert (since.value_start, since.value_end, since.precision) == (
        D(2016, 1, 1),
        SATURDAY,
        DatePrecision.RANGE,
    )
    assert since.anchor is TimeAnchor.PUBLICATION and since.mod == "ON_OR_AFTER"
    august = _find(ms, "August 2019")
    assert august.anchor is TimeAnchor.ABSOLUTE and august.timex == "2019-08"
    for m in ms:
        assert text[m.start : m.end] == m.text


def test_expression_anchored_on_the_previous_date() -> None:
    text = "The attack came on April 4, 2017. The following day, inspectors arrived; two weeks later they left."
    ms = extract_times(text, published=SATURDAY, use_model=False)
    following = _find(ms, "The following day")
    assert following.value_start == D(2017, 4, 5)
    assert following.anchor is TimeAnchor.EXPRESSION and following.anchor_text == "April 4, 2017"
    later = _find(ms, "two weeks later")
    assert later.value_start <= D(2017, 4, 19) <= later.value_end  # type: ignore[operator]
    assert later.precision is DatePrecision.WEEK


def test_without_a_publication_date_relative_values_stay_unknown() -> None:
    text = "Regime forces took the town on Wednesday, after a deal reached last September."
    ms = extract_times(text, use_model=False)
    for m in ms:
        assert m.value_start is None and m.value_end is None
        assert m.anchor is TimeAnchor.NONE
    assert _find(ms, "Wednesday").precision is DatePrecision.DAY


def test_an_inferred_interval_is_not_a_publication_day() -> None:
    inferred = Published(start=D(2019, 8, 1), end=D(2019, 8, 31), precision=DatePrecision.RANGE)
    assert publication_day(inferred) is None
    assert publication_day(Published.exact(SATURDAY, source=DateSource.TEXT)) == SATURDAY
    ms = extract_times("They attacked on Wednesday.", published=inferred, use_model=False)
    assert ms[0].value_start is None


def test_narrative_mode_anchors_on_the_last_named_date() -> None:
    text = (
        "In 1940, Germany invaded Denmark. In April, it invaded Norway, and on 10 May it attacked France. "
        "Two days later, the front broke. Documents found in 2004 tell the story. On 14 June, Paris fell."
    )
    ms = extract_times(text, narrative=True, use_model=False)
    assert _find(ms, "April").timex == "1940-04"
    assert _find(ms, "10 May").value_start == D(1940, 5, 10)
    assert _find(ms, "Two days later").value_start == D(1940, 5, 12)
    # "found in 2004" is an aside: the story's clock stays in 1940
    assert _find(ms, "14 June").value_start == D(1940, 6, 14)
    # the same text as news, published in 2024, reads the months against P
    news = extract_times(text, published=SATURDAY, use_model=False)
    assert _find(news, "April").value_start == D(2024, 4, 1)


def test_narrative_mode_writes_ranges_and_since_as_timex2_does() -> None:
    text = "The revolt lasted from 499 to 493 BC. Fighting went on 14 August-24 August 1914, as it had since 1911."
    ms = extract_times(text, narrative=True, use_model=False)
    assert [m.timex for m in ms] == ["BC0499", "BC0493", "1914-08-14", "1914-08-24", "1911"]
    assert (
        ms[0].value_start is None and ms[0].precision is DatePrecision.YEAR
    )  # no date before year 1
    news = extract_times(text, published=SATURDAY, use_model=False)
    assert [m.text for m in news] == [
        "from 499 to 493 BC",
        "14 August-24 August 1914",
        "since 1911",
    ]


def test_tense_from_cue_words_without_a_parse() -> None:
    future = extract_times(
        "The two sides will meet on Monday.", published=SATURDAY, use_model=False
    )
    past = extract_times("The two sides met on Monday.", published=SATURDAY, use_model=False)
    assert future[0].value_start == D(2024, 12, 2)
    assert past[0].value_start == D(2024, 11, 25)


def test_tense_from_the_parse() -> None:
    # No cue word says "future" here; the parse's MD auxiliary does.
    words = ["They", "'ll", "meet", "on", "Monday", "."]
    doc = _doc(
        words,
        ["PRP", "MD", "VB", "IN", "NNP", "."],
        [2, 2, 2, 2, 3, 2],
        ["nsubj", "aux", "ROOT", "prep", "pobj", "punct"],
        ["O", "O", "O", "O", "B-DATE", "O"],
    )
    ms = extract_times(doc.text, published=SATURDAY, doc=doc)
    assert ms[0].value_start == D(2024, 12, 2)
    assert ms[0].source == "both"
    words = ["They", "met", "on", "Monday", "."]
    doc = _doc(
        words,
        ["PRP", "VBD", "IN", "NNP", "."],
        [1, 1, 1, 2, 1],
        ["nsubj", "ROOT", "prep", "pobj", "punct"],
        ["O", "O", "O", "B-DATE", "O"],
    )
    assert extract_times(doc.text, published=SATURDAY, doc=doc)[0].value_start == D(2024, 11, 25)


def test_entities_vouch_for_numbers_the_grammar_doubts() -> None:
    words = ["It", "fell", "to", "its", "2006", "highs", "."]
    tags = ["PRP", "VBD", "IN", "PRP$", "CD", "NNS", "."]
    plain = _doc(
        words,
        tags,
        [1, 1, 1, 5, 5, 2, 1],
        ["nsubj", "ROOT", "prep", "poss", "nummod", "pobj", "punct"],
        ["O"] * 7,
    )
    dated = _doc(
        words,
        tags,
        [1, 1, 1, 5, 5, 2, 1],
        ["nsubj", "ROOT", "prep", "poss", "nummod", "pobj", "punct"],
        ["O", "O", "O", "O", "B-DATE", "O", "O"],
    )
    assert extract_times(plain.text, published=SATURDAY, doc=plain) == []
    assert [m.text for m in extract_times(dated.text, published=SATURDAY, doc=dated)] == ["2006"]


def test_a_doc_of_another_text_is_refused() -> None:
    doc = spacy.blank("en")("Something else.")
    with pytest.raises(ValueError, match="parse"):
        extract_times("On Monday.", doc=doc)


@pytest.mark.parametrize(
    "text",
    [
        "The army lost 2,000 soldiers and 3,035 square kilometers.",
        "About 1500 people fled; Resolution 2254 may help.",
        "They may march on the capital after the fall of Aleppo and the Arab Spring.",
        "An 18-year-old fighter was killed.",
    ],
)
def test_numbers_and_words_that_are_not_dates(text: str) -> None:
    assert extract_times(text, published=SATURDAY, use_model=False) == []


PIECES = [
    "on Saturday",
    "since Nov. 27",
    "May 4-5, 2017",
    "the following day",
    "early 2011",
    "three months",
    "within the last three months",
    "October of last year",
    "2015",
    "12:00 | 05 February 2018",
    "two weeks later",
    "last September",
    "the 1990s",
    "now",
    "2,000 soldiers",
    "Wednesday's",
]
FILLER = ["rebels", "advanced", "and", "the", "army", "said", ",", ".", "in", "of", "\n\n"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES + FILLER), min_size=1, max_size=40), st.booleans())
def test_mentions_are_sorted_disjoint_and_exact(parts: list[str], narrative: bool) -> None:
    text = " ".join(parts)
    ms = extract_times(text, published=SATURDAY, narrative=narrative, use_model=False)
    for m in ms:
        assert text[m.start : m.end] == m.text
        if m.value_start is not None and m.value_end is not None:
            assert m.value_start <= m.value_end
    for a, b in zip(ms, ms[1:], strict=False):
        assert a.end <= b.start


WORDS = (
    PIECES
    + FILLER
    + [
        "the 99th century",
        "next year",
        "the following decade",
        "tomorrow",
        "9999",
        "1100",
        "the 1st century BC",
        "two centuries later",
        "AD 1",
        "in 1 BC",
        "last winter",
        "Dec. 31",
        "the next day",
        "Feb. 29",
        "30 February 2021",
    ]
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=12),
    st.dates(min_value=D(1, 1, 1), max_value=D(9999, 12, 31)),
    st.booleans(),
)
def test_any_date_any_text_never_raises(
    parts: list[str], published: dt.date, narrative: bool
) -> None:
    text = " ".join(parts)
    for m in extract_times(text, published=published, narrative=narrative, use_model=False):
        assert text[m.start : m.end] == m.text
