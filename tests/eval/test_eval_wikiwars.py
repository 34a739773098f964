"""The WikiWars benchmark: reading TIMEX2 markup, comparing values, scoring extractors."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from frontlines.errors import BadOption, PathNotFound
from frontlines.eval.timex import ValueKind, canonical_duration, parse_timex_value
from frontlines.eval.wikiwars import (
    GoldTimex,
    WikiWarsDoc,
    parse_wikiwars,
    read_wikiwars,
    run_wikiwars,
    score_wikiwars,
    timex_matches_value,
    timex_string_matches,
)
from frontlines.models import DatePrecision, TimeAnchor, TimeMention

D = dt.date

SNIPPET = (
    "<DOC>\r\n<DOCID>99_Test</DOCID>\r\n"
    '<DATETIME> <TIMEX2 val="2009-12-19T17:00:00">2009-12-19T17:00:00</TIMEX2> </DATETIME>\r\n'
    "<TEXT>\r\nAT&amp;T &quot;rose&quot; on "
    '<TIMEX2 val="1939-09-01" mod="" set="">September 1, 1939</TIMEX2>'
    '<TIMEX2 val="P3D" anchor_val="1863-07-01">'
    '<TIMEX2 val="1863-07-01">July 1</TIMEX2> to <TIMEX2 val="1863-07-03">July 3, 1863</TIMEX2>'
    "</TIMEX2>, then\r\n"
    "<TIMEX2 val=\"Annotation with type 'TIMEX2' id=Ann5\">April 26</TIMEX2> and "
    '<TIMEX2 val="BC0461" mod="APPROX">ca. 461 BC </TIMEX2>; '
    '<TIMEX2 val="" comment="x &amp; y">the same time</TIMEX2> &lt;end&gt;'
    "\r\n</TEXT>\r\n</DOC>\r\n"
)


def mention(
    start: int = 0,
    end: int = 1,
    text: str = "x",
    value: tuple[D, D] | None = None,
    duration: str | None = None,
    timex: str | None = None,
) -> TimeMention:
    return TimeMention(
        text=text,
        start=start,
        end=end,
        value_start=value[0] if value else None,
        value_end=value[1] if value else None,
        precision=DatePrecision.DURATION if duration else DatePrecision.UNKNOWN,
        anchor=TimeAnchor.ABSOLUTE if value else TimeAnchor.NONE,
        duration=duration,
        timex=timex,
    )


# ------------------------------------------------------------------ reading


def test_parse_keeps_exact_offsets_through_tags_entities_and_line_ends() -> None:
    doc = parse_wikiwars(SNIPPET)
    assert doc.name == "99_Test"
    assert "\r" not in doc.text and "<" not in doc.text.replace("<end>", "")
    assert doc.text.startswith('\nAT&T "rose" on September 1, 1939July 1 to July 3, 1863, then\n')
    assert doc.text.endswith("the same time <end>\n")
    for gold in doc.timexes + doc.nested:
        assert doc.text[gold.start : gold.end] == gold.text
    assert [(t.text, t.val) for t in doc.timexes] == [
        ("September 1, 1939", "1939-09-01"),  # adjacent to the next one, no space between
        ("July 1 to July 3, 1863", "P3D"),  # the outermost of a nest is scored
        ("April 26", "Annotation with type 'TIMEX2' id=Ann5"),
        ("ca. 461 BC", "BC0461"),  # the annotation's trailing space is trimmed
        ("the same time", ""),
    ]
    assert [t.text for t in doc.nested] == ["July 1", "July 3, 1863"]
    assert doc.timexes[0].mod is None and doc.timexes[3].mod == "APPROX"
    # the DATETIME header is the download time, not part of the narrative
    assert all("2009" not in t.text for t in doc.timexes)


def test_parse_rejects_unbalanced_markup() -> None:
    with pytest.raises(BadOption, match="never closed"):
        parse_wikiwars('<TEXT>on <TIMEX2 val="1939">1939</TEXT>')
    with pytest.raises(BadOption, match="without an opening tag"):
        parse_wikiwars("<TEXT>on 1939</TIMEX2></TEXT>")


def test_read_folder_ignores_sgml_and_names_by_docid_or_file(tmp_path: Path) -> None:
    (tmp_path / "01_A.key.xml").write_text(SNIPPET, encoding="utf-8")
    (tmp_path / "01_A.key.xml.sgml").write_text("<DOC><TEXT>plain</TEXT></DOC>", encoding="utf-8")
    (tmp_path / "02_B.key.xml").write_text(
        '<DOC><TEXT>In <TIMEX2 val="1954">1954</TIMEX2>.</TEXT></DOC>', encoding="utf-8"
    )
    docs = read_wikiwars(tmp_path)
    assert [d.name for d in docs] == ["99_Test", "02_B"]
    assert docs[1].timexes == [GoldTimex(3, 7, "1954", "1954")]
    assert [d.name for d in read_wikiwars(tmp_path / "02_B.key.xml")] == ["02_B"]


def test_read_missing_or_empty_paths_say_what_is_wrong(tmp_path: Path) -> None:
    with pytest.raises(PathNotFound):
        read_wikiwars(tmp_path / "nowhere")
    with pytest.raises(BadOption, match="no WikiWars"):
        read_wikiwars(tmp_path)


# ------------------------------------------------------------------ values

DAY = (D(1956, 7, 20), D(1956, 7, 20))
JUNE = (D(1955, 6, 1), D(1955, 6, 30))
OCTOBER = (D(1939, 10, 1), D(1939, 10, 31))

# (val, mod, our interval, our duration, agrees)
VALUE_TABLE = [
    # calendar dates: the intervals must be equal
    ("1956-07-20", None, DAY, None, True),
    ("1956-07-20", None, (D(1956, 7, 1), D(1956, 7, 31)), None, False),
    ("1956-07-20", None, None, None, False),
    ("1955-06", None, JUNE, None, True),
    ("1955-06", None, (D(1955, 6, 1), D(1955, 6, 1)), None, False),
    ("1954", None, (D(1954, 1, 1), D(1954, 12, 31)), None, True),
    ("1954", None, (D(1954, 1, 1), D(1954, 1, 31)), None, False),
    ("194", None, (D(1940, 1, 1), D(1949, 12, 31)), None, True),  # the 1940s
    ("194", None, (D(1940, 1, 1), D(1940, 12, 31)), None, False),
    ("19", None, (D(1900, 1, 1), D(1999, 12, 31)), None, True),  # the 20th century
    ("17", None, (D(1701, 1, 1), D(1800, 12, 31)), None, True),  # ... or by its ordinal
    ("17", None, (D(1701, 1, 1), D(1799, 12, 31)), None, False),
    ("1944-W23", None, (D(1944, 6, 5), D(1944, 6, 11)), None, True),  # ISO week
    ("1944-Q2", None, (D(1944, 4, 1), D(1944, 6, 30)), None, True),
    ("1944-H1", None, (D(1944, 1, 1), D(1944, 6, 30)), None, True),
    # seasons: either convention, about a season long
    ("1944-SU", None, (D(1944, 6, 1), D(1944, 8, 31)), None, True),
    ("1944-SU", None, (D(1944, 6, 21), D(1944, 9, 22)), None, True),
    ("1944-SU", None, (D(1944, 7, 1), D(1944, 7, 31)), None, False),
    ("1944-SU", None, (D(1945, 6, 1), D(1945, 8, 31)), None, False),
    ("1943-WI", None, (D(1943, 12, 1), D(1944, 2, 29)), None, True),
    ("1943-WI", None, (D(1942, 12, 1), D(1943, 2, 28)), None, True),
    ("1943-WI", None, (D(1944, 12, 1), D(1945, 2, 28)), None, False),
    ("1944-SP", "START", (D(1944, 3, 1), D(1944, 4, 15)), None, True),
    # mod START / MID / END: a narrower interval on the right side counts
    ("1939-10", "START", (D(1939, 10, 1), D(1939, 10, 10)), None, True),
    ("1939-10", "START", OCTOBER, None, True),
    ("1939-10", "START", (D(1939, 10, 21), D(1939, 10, 31)), None, False),
    ("1938-09", "END", (D(1938, 9, 21), D(1938, 9, 30)), None, True),
    ("1938-09", "END", (D(1938, 9, 1), D(1938, 9, 10)), None, False),
    ("196", "MID", (D(1963, 1, 1), D(1966, 12, 31)), None, True),
    ("1939-10", "APPROX", (D(1939, 10, 1), D(1939, 10, 10)), None, False),
    ("1939-10", "APPROX", OCTOBER, None, True),
    # times of day: the day
    ("1944-06-06T06:30", None, (D(1944, 6, 6), D(1944, 6, 6)), None, True),
    ("1863-07-03TAF", None, (D(1863, 7, 3), D(1863, 7, 3)), None, True),
    ("1863-07-03TAF", None, (D(1863, 7, 1), D(1863, 7, 31)), None, False),
    # durations: equal after canonicalising
    ("P3M", None, None, "P3M", True),
    ("P3M", None, None, "p3m", True),
    ("P3M", None, None, "P90D", False),
    ("P3M", None, None, None, False),
    ("P1Y", None, None, "P12M", False),
    ("P1DE", None, None, "P10Y", True),
    ("P.5CE", None, None, "P50Y", True),
    ("P1.0Y", None, None, "P1Y", True),
    ("PT5H", None, None, "PT5H", True),
    ("P3D", None, (D(1863, 7, 1), D(1863, 7, 3)), "P3D", True),  # anchored durations too
    ("PXD", None, None, None, True),  # "for days": no number to get right
    ("PXD", None, None, "PXD", True),
    ("PXD", None, None, "P3D", False),
    # references and underspecified values: right only when we say unknown
    ("PRESENT_REF", None, None, None, True),
    ("PAST_REF", None, None, None, True),
    ("FUTURE_REF", None, None, None, True),
    ("PRESENT_REF", None, DAY, None, False),
    ("XXXX-XX-XX", None, None, None, True),
    ("XXXX-XX-XX", None, DAY, None, False),
    ("1915-XX", None, None, None, True),
    # BC years cannot be held by datetime.date: our TIMEX2 string decides (test below)
    ("BC0490", None, None, None, False),
    ("BC048", None, (D(1, 1, 1), D(9, 12, 31)), None, False),
    # no val: not scored, and never "agrees"
    ("", None, None, None, False),
    (None, None, None, None, False),
]


@pytest.mark.parametrize(("val", "mod", "interval", "duration", "agrees"), VALUE_TABLE)
def test_value_comparison(
    val: str | None,
    mod: str | None,
    interval: tuple[D, D] | None,
    duration: str | None,
    agrees: bool,
) -> None:
    ours = mention(value=interval, duration=duration)
    assert timex_matches_value(val, ours, mod=mod) is agrees


@pytest.mark.parametrize(
    ("val", "timex", "value_agrees", "string_agrees"),
    [
        ("BC0490", "BC0490", True, True),
        ("bc0490 ", "BC0490", True, True),
        ("BC0490", "BC0491", False, False),
        ("BC0490", None, False, False),
        ("P1DE", "P10Y", False, True),  # durations compare canonically; no duration set here
        ("1939-10", "1939-10", False, True),  # the string alone does not make the interval right
        ("PRESENT_REF", "PRESENT_REF", True, True),
        ("PRESENT_REF", None, True, False),  # unknown is right for the timeline, not for TERN
        ("", None, False, False),
        (None, "1939", False, False),
    ],
)
def test_timex_strings(
    val: str | None, timex: str | None, value_agrees: bool, string_agrees: bool
) -> None:
    ours = mention(timex=timex)
    assert timex_matches_value(val, ours) is value_agrees
    assert timex_string_matches(val, ours) is string_agrees


@pytest.mark.parametrize(
    ("val", "kind", "label", "scored"),
    [
        ("1956-07-20", ValueKind.DATE, "day", True),
        ("1955-06", ValueKind.DATE, "month", True),
        ("1954", ValueKind.DATE, "year", True),
        ("194", ValueKind.DATE, "decade", True),
        ("19", ValueKind.DATE, "century", True),
        ("1944-SU", ValueKind.DATE, "season", True),
        ("1944-06-06T06:30", ValueKind.TIME, "time", True),
        ("P3M", ValueKind.DURATION, "duration", True),
        ("PAST_REF", ValueKind.REFERENCE, "reference", True),
        ("XXXX-WXX-3", ValueKind.UNDERSPECIFIED, "underspecified", True),
        ("BCXXXX-XX-XX", ValueKind.BC, "bc", True),
        ("", ValueKind.MISSING, "missing", False),
        ("1863-02-30", ValueKind.UNPARSED, "unparsed", False),
        ("Annotation with type 'TIMEX2' id=Ann5", ValueKind.UNPARSED, "unparsed", False),
    ],
)
def test_value_kinds(val: str, kind: ValueKind, label: str, scored: bool) -> None:
    parsed = parse_timex_value(val)
    assert (parsed.kind, parsed.label, parsed.scored) == (kind, label, scored)


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("P3M", "P3M"),
        ("p1y6m", "P1Y6M"),
        ("P2DE", "P20Y"),
        ("P.5CE", "P50Y"),
        ("P1.50Y", "P1.5Y"),
        ("PT5H", "PT5H"),
        ("P1DT12H", "P1DT12H"),
        ("PXDE", "PXDE"),
        ("P", None),
        ("PT", None),
        ("P3", None),
        ("P3Q", None),
        ("1954", None),
        (None, None),
    ],
)
def test_canonical_duration(text: str | None, canonical: str | None) -> None:
    assert canonical_duration(text) == canonical


# ------------------------------------------------------------------ scoring

SCORED = (
    "<TEXT>On "
    '<TIMEX2 val="1939-09-01">September 1, 1939</TIMEX2>, Germany attacked. '
    '<TIMEX2 val="P3M">Three months</TIMEX2> later, in '
    '<TIMEX2 val="1939-12">December</TIMEX2>, it was '
    '<TIMEX2 val="">the same time</TIMEX2> as ever.</TEXT>'
)
TRUTH = {
    "1939-09-01": ((D(1939, 9, 1), D(1939, 9, 1)), None),
    "P3M": (None, "P3M"),
    "1939-12": ((D(1939, 12, 1), D(1939, 12, 31)), None),
    "": (None, None),
}


def gold_mentions(doc: WikiWarsDoc) -> list[TimeMention]:
    return [
        mention(g.start, g.end, g.text, *TRUTH[g.val or ""], timex=g.val or None)
        for g in doc.timexes
        if g.val in TRUTH
    ]


def test_a_perfect_extractor_scores_one() -> None:
    doc = parse_wikiwars(SCORED, name="t")
    calls: list[tuple[int, int]] = []
    scores = score_wikiwars(
        [doc], lambda text: gold_mentions(doc), progress=lambda i, n: calls.append((i, n))
    )
    assert calls == [(1, 1)]
    assert (scores.gold, scores.system, scores.strict_tp, scores.relaxed_tp) == (4, 4, 4, 4)
    assert scores.strict_f1 == scores.relaxed_f1 == 1.0
    assert (scores.value_correct, scores.value_total) == (3, 3)  # the empty val is skipped
    assert scores.value_accuracy == scores.value_f1 == 1.0
    assert scores.strict_value_f1 == scores.relaxed_value_f1 == 1.0
    assert scores.timex_correct == 3
    assert scores.timex_accuracy == scores.strict_timex_f1 == scores.relaxed_timex_f1 == 1.0
    assert scores.errors == [] and scores.misaligned == 0


def test_off_by_one_span_is_a_strict_miss_and_a_relaxed_hit() -> None:
    doc = parse_wikiwars(SCORED, name="t")

    def extractor(text: str) -> list[TimeMention]:
        out = gold_mentions(doc)
        first = out[0]
        out[0] = first.model_copy(update={"start": first.start - 3, "text": "On " + first.text})
        return out

    scores = score_wikiwars([doc], extractor)
    assert (scores.strict_tp, scores.relaxed_tp) == (3, 4)
    assert scores.strict_f1 == pytest.approx(0.75)
    assert scores.relaxed_f1 == 1.0
    assert scores.value_accuracy == 1.0  # the value is still right
    assert scores.strict_value_tp == 3 and scores.relaxed_value_tp == 4
    assert [(e.kind, e.text, e.ours) for e in scores.errors] == [
        ("span", "September 1, 1939", "On September 1, 1939")
    ]


def test_wrong_value_is_a_value_miss() -> None:
    doc = parse_wikiwars(SCORED, name="t")

    def extractor(text: str) -> list[TimeMention]:
        out = gold_mentions(doc)
        out[2] = out[2].model_copy(
            update={"value_start": D(1940, 12, 1), "value_end": D(1940, 12, 31), "timex": "1940-12"}
        )
        return out

    scores = score_wikiwars([doc], extractor)
    assert scores.strict_f1 == 1.0
    assert (scores.value_correct, scores.value_total) == (2, 3)
    assert scores.value_accuracy == pytest.approx(2 / 3)
    assert scores.value_f1 == pytest.approx(2 / 3)
    assert scores.strict_value_f1 == pytest.approx(0.75)
    assert scores.by_kind["month"].correct == 0 and scores.by_kind["day"].accuracy == 1.0
    assert scores.timex_correct == 2 and scores.strict_timex_f1 == pytest.approx(0.75)
    (error,) = scores.errors
    assert (error.kind, error.text, error.val, error.ours) == (
        "value",
        "December",
        "1939-12",
        "1940-12-01..1940-12-31 [1940-12]",
    )


def test_pairs_are_one_to_one_and_misses_are_listed() -> None:
    doc = parse_wikiwars(SCORED, name="t")
    golds = doc.timexes
    # one span over the first two golds, a spurious one, and nothing for the rest
    wide = mention(golds[0].start, golds[1].end, doc.text[golds[0].start : golds[1].end])
    spurious = mention(0, 2, "On")
    misaligned = mention(golds[3].start, golds[3].end, "not the text")
    scores = score_wikiwars([doc], lambda text: [wide, spurious, misaligned])
    assert (scores.gold, scores.system, scores.relaxed_tp, scores.strict_tp) == (4, 3, 2, 1)
    assert scores.misaligned == 1
    kinds = sorted(e.kind for e in scores.errors)
    assert kinds == ["missed", "missed", "span", "spurious", "value"]
    assert scores.relaxed_p == pytest.approx(2 / 3) and scores.relaxed_r == 0.5


def test_to_dict_is_json_and_labels_the_published_figures() -> None:
    doc = parse_wikiwars(SCORED, name="t")
    out = score_wikiwars([doc, doc], lambda text: gold_mentions(doc)).to_dict()
    json.dumps(out)
    assert out["documents"] == 2 and out["gold"] == 8
    assert out["strict"] == {"p": 1.0, "r": 1.0, "f1": 1.0, "tp": 8}
    assert out["value_accuracy"] == 1.0 and out["strict_value"]["f1"] == 1.0
    ref = out["reference"]
    assert ref["value_accuracy"] == 0.898 and ref["strict_value_f1"] == 0.764
    assert out["timex_accuracy"] == 1.0 and "timex" in out["conventions"]
    assert "not measured here" in ref["note"] and "HeidelTime" in ref["source"]
    assert [d["name"] for d in out["per_doc"]] == ["t", "t"]


def test_run_calls_the_extractor_in_narrative_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "01_A.key.xml").write_text(SCORED, encoding="utf-8")
    seen: list[dict[str, object]] = []

    def fake(text: str, **kwargs: object) -> list[TimeMention]:
        seen.append(kwargs)
        return []

    monkeypatch.setattr("frontlines.time.extract_times", fake, raising=False)
    scores = run_wikiwars(tmp_path, use_model=False)
    assert seen == [{"published": None, "narrative": True, "use_model": False}]
    assert (scores.gold, scores.system, scores.relaxed_f1) == (4, 0, 0.0)


# ------------------------------------------------------------------ the real corpus


def test_the_corpus_reads_whole_and_exact(shared: Path) -> None:
    docs = read_wikiwars(shared / "bench" / "time" / "wikiwars")
    assert len(docs) == 22
    assert docs[0].name == "01_WW2" and docs[-1].name == "22_SecondItaloAbyssinianWar"
    timexes = sum(len(d.timexes) for d in docs)
    assert 2500 <= timexes <= 2700  # 2,557 outermost expressions, 11 nested ones besides
    assert sum(len(d.nested) for d in docs) >= 10
    for doc in docs:
        assert "<" not in doc.text and "&amp;" not in doc.text
        for gold in doc.timexes + doc.nested:
            assert doc.text[gold.start : gold.end] == gold.text
        starts = [g.start for g in doc.timexes]
        assert starts == sorted(starts)


def test_every_corpus_value_reads_back_as_itself(shared: Path) -> None:
    """A mention holding each gold val's own interval, duration and string agrees with it."""
    docs = read_wikiwars(shared / "bench" / "time" / "wikiwars")

    def from_gold(doc: WikiWarsDoc) -> list[TimeMention]:
        out = []
        for g in doc.timexes:
            value = parse_timex_value(g.val)
            interval = (value.start, value.end) if value.start and value.end else None
            out.append(mention(g.start, g.end, g.text, interval, value.duration, g.val))
        return out

    by_text = {d.text: d for d in docs}
    scores = score_wikiwars(docs, lambda text: from_gold(by_text[text]))
    assert scores.strict_f1 == 1.0
    assert scores.value_total > 2300
    assert scores.value_accuracy == scores.timex_accuracy == 1.0
    assert scores.by_kind["bc"].total > 100
