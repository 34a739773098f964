"""Triage before the parse (issue 17, point 3): sentences written here.

The triage must never skip what the parse would code: every text it skips is one where the
parse-based scope test and extraction find no event (out of scope, or in scope only for
events with an armed actor of their own, and none is named). Where it parses only the
sentences around the armed actors, they must code what the whole parse codes. What it saves is measured on
the benchmark stream (benchmarks/stream.py and the closing note), not here.
"""

from __future__ import annotations

import datetime as dt

import pytest

from frontlines import nlp
from frontlines.actors import find_actors
from frontlines.events.context import place_ref
from frontlines.events.extract import extract_events, scope_of
from frontlines.events.lexicon import load_event_lexicon
from frontlines.events.triage import masked_text, sentence_spans, triage_plan, triage_reason
from frontlines.geo import geoparse
from frontlines.models import Article
from frontlines.pipeline import analyse, article_id

DAY = dt.date(2024, 3, 1)

MATCH = (
    "Dorvale United beat Kesterton 3-1 on Saturday in front of a crowd of twelve thousand, "
    "with two goals from their new striker in the second half. The manager said the team "
    "had worked hard all week and deserved the points after a difficult run of results. "
    "Kesterton's coach praised the referee and said his players would recover before the "
    "cup tie on Wednesday evening at home against the league leaders from the coast."
)
BUDGET = (
    "The council of Dorvale approved a budget of four million pounds on Tuesday for new "
    "schools and roads, after a long debate about the cost of repairs to the old bridge. "
    "The mayor said taxes would not rise this year, and two councillors asked for an audit "
    "of the contracts signed last spring with two building firms from the county. A vote "
    "on the library's opening hours was put off until the next meeting in the autumn."
)


def _with(text: str, sentence: str) -> str:
    return text + " " + sentence


def _scope_level(text: str) -> str:
    """The scope test's level, on the parse, with the places as the pipeline finds them (a
    country's name is a place, not an armed actor)."""
    doc = nlp.parse(text)
    places = [place_ref(m) for m in geoparse(text, doc=doc)]
    actors = find_actors(text, doc=doc, date=DAY)
    return scope_of(doc, load_event_lexicon(), actors, places).level


@pytest.mark.parametrize("text", [MATCH, BUDGET], ids=["match", "budget"])
def test_news_without_war_words_is_not_parsed_and_says_why(text: str) -> None:
    reason = triage_reason(text)
    assert reason is not None and "no word of armed conflict" in reason
    assert _scope_level(text) == "out"  # the parse would have found it out of scope too


def _events(text: str) -> list[str]:
    """What the parse codes in ``text``: its events' sub-event types."""
    doc = nlp.parse(text)
    places = [place_ref(m) for m in geoparse(text, doc=doc)]
    actors = find_actors(text, doc=doc, date=DAY)
    found = extract_events(text, published=DAY, doc=doc, places=places, actors=actors)
    return [m.sub_event_type for m in found]


@pytest.mark.parametrize(
    "sentence",
    [
        "Rebels were seen near the bridge.",  # an armed actor
        "The army's trucks blocked the road.",  # a possessive form
        "Residents said the town was bombed overnight and fighting went on until dawn.",
        "Two militias clashed outside the stadium.",  # plurals
        "Students held a sit-in and protesters rallied outside the town hall.",  # hyphenated
        "Protesters rallied outside the council.",  # protesters of their own
    ],
)
def test_war_words_of_two_families_or_an_armed_actor_send_it_to_the_parse(
    sentence: str,
) -> None:
    assert triage_reason(_with(BUDGET, sentence)) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Residents said the town was shelled and bombed overnight.",  # one family, no actor
        "A veteran of the war spoke at the school.",
        "The government said the protest had been peaceful.",  # a government is not armed
    ],
)
def test_one_family_of_war_words_and_no_armed_actor_is_not_parsed(sentence: str) -> None:
    text = _with(BUDGET, sentence)
    reason = triage_reason(text)
    assert reason is not None and "one word of armed conflict" in reason
    assert _events(text) == []  # the parse would have coded nothing either


def test_an_armed_actor_named_sends_it_to_the_parse() -> None:
    text = _with(BUDGET, "Opposition fighters said they would not enter the town.")
    assert triage_reason(text) is None
    assert _scope_level(text) != "out"


@pytest.mark.parametrize(
    "sentence",
    [
        "The opposition said it would vote against the budget.",  # a party, not an army
        "The German government said it would pay for the bridge.",
        "Lebanon police said they had found the stolen car.",  # "they" stands for police
    ],
)
def test_a_government_the_opposition_or_police_name_no_armed_actor(sentence: str) -> None:
    text = _with(BUDGET, sentence)
    assert triage_reason(text) is not None
    assert _events(text) == []


def test_an_armed_group_named_by_name_sends_it_to_the_parse() -> None:
    text = _with(MATCH, "Hayat Tahrir al-Sham said it had nothing to do with the match.")
    assert triage_reason(text) is None
    assert _scope_level(text) != "out"


def test_police_alone_and_a_country_name_do_not() -> None:
    text = _with(
        _with(MATCH, "Police said two fans were arrested after the match."),
        "Russia will host the next tournament.",
    )
    assert triage_reason(text) is not None
    assert _scope_level(text) == "out"


def test_a_text_too_short_to_judge_by_its_words_is_parsed() -> None:
    assert triage_reason("Dorvale United beat Kesterton 3-1 on Saturday.") is None


def test_whatever_the_triage_skips_the_scope_test_calls_out() -> None:
    # every sentence of this file's texts, one per article: where the triage skips, the
    # parse agrees that there is nothing to code
    texts = [MATCH, BUDGET] + [
        _with(BUDGET, s)
        for s in (
            "Police said a man was arrested for theft.",
            "Police said they arrested two men after the robbery.",
            "Troops were shelled near the bridge.",
            "Residents said the town was shelled and bombed overnight.",
            "Soldiers helped clear the snow.",
            "A veteran of the war spoke at the school.",
            "The officers thanked the crowd.",
            "Russia's ambassador opened the new clinic.",  # a country the gazetteer places
        )
    ]
    for text in texts:
        if triage_reason(text) is not None:
            assert _events(text) == [], text


# --- a parse of some sentences only -----------------------------------------------------

SHOT = "On Friday soldiers shot dead two men at a checkpoint outside Dorvale, residents said."


def test_sentences_end_at_stops_and_line_breaks_not_after_a_title_or_an_initial() -> None:
    text = 'Mr. Hale met Gen. Ames in the U.S. capital. Then he left!\nA new line "Quoted." Next'
    spans = [text[a:b].strip() for a, b in sentence_spans(text)]
    assert spans == [
        "Mr. Hale met Gen. Ames in the U.S. capital.",
        "Then he left!",
        'A new line "Quoted."',
        "Next",
    ]


def test_a_masked_text_keeps_every_offset_and_line_break() -> None:
    text = "First one.\nSecond one here. Third one.\n\nFourth."
    spans = sentence_spans(text)
    kept = (spans[0], spans[2])
    masked = masked_text(text, kept)
    assert len(masked) == len(text)
    for a, b in kept:
        assert masked[a:b] == text[a:b]
    assert masked.count("\n") >= text.count("\n")
    assert "Second" not in masked and "Fourth" not in masked


def _long_actors_text() -> str:
    # many sentences of ordinary news, one with an armed actor in the middle, no war words
    # of two families: the "actors" level
    return " ".join([BUDGET, MATCH, SHOT, MATCH.replace("Saturday", "Sunday"), BUDGET])


def test_an_article_at_the_actors_level_is_parsed_around_its_armed_actor() -> None:
    text = _long_actors_text()
    plan = triage_plan(text)
    assert plan.reason is None and plan.parse is not None
    parsed = "".join(text[a:b] for a, b in plan.parse)
    assert SHOT in parsed
    assert text.split(". ")[0] in parsed  # the first sentence: a headline or a dateline
    assert len(parsed) < len(text) / 2
    assert plan.note is not None and "sentences" in plan.note


def test_a_named_armed_group_or_two_families_of_war_words_are_parsed_whole() -> None:
    named = _long_actors_text().replace("soldiers", "Hayat Tahrir al-Sham fighters")
    assert triage_plan(named).reason is None and triage_plan(named).parse is None
    war = _long_actors_text().replace("The mayor said", "After the war, the mayor said")
    war = war.replace("A vote", "A protest")
    assert triage_plan(war).parse is None


def _coded(text: str, *, triage: bool) -> tuple[list[tuple[object, ...]], str]:
    article = Article(id=article_id(text), text=text, raw_text=text, source="test", format="text")
    record = analyse([article], triage=triage)[0]
    events = [
        (m.sub_event_type, m.trigger_start, m.place.name if m.place else None, m.date_start)
        for m in record.events or []
    ]
    return events, record.scope.reason if record.scope else ""


def test_the_sentences_parsed_code_what_the_whole_parse_codes() -> None:
    text = _long_actors_text()
    partial, reason = _coded(text, triage=True)
    whole, _ = _coded(text, triage=False)
    assert partial == whole
    assert partial  # the shooting is coded either way
    assert "parsed" in reason  # the scope says which sentences were read
