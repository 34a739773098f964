"""A trigger word that names no single event (issue 14, point 1): a kind of weapon, a trend,
a tally, a running toll, a verdict on an event told elsewhere, an idiom, a generic subject.
Sentences written here; each pattern next to one that still reports its event."""

from __future__ import annotations

import datetime as dt

import pytest

from frontlines.actors import find_actors
from frontlines.events.extract import extract_events

DAY = dt.date(2024, 3, 1)


def _events(text: str) -> list[tuple[str, str]]:
    return [(m.sub_event_type, m.trigger) for m in extract_events(text, published=DAY)]


@pytest.mark.parametrize(
    "sentence",
    [
        # a kind of weapon, vehicle or unit
        "Rebels bought an assault rifle and two attack helicopters in Dorvale on Tuesday, "
        "soldiers said.",
        "The army showed off artillery-firing vehicles in Dorvale on Tuesday as rebels watched.",
        # a trend, a tally
        "Army officials said attacks by rebels in the province have fallen sharply this year.",
        "Soldiers said the number of rebel attacks on army posts in Dorvale doubled in February.",
        # a running toll
        "The reporter is the fifth journalist killed since 2019 in the war between rebels and "
        "the army.",
        # an idiom with a bare noun
        "The rebel tank earned a reputation in battle for its speed, the army said on Tuesday.",
        # what a weapon does, not what it did
        "The rebels' new guns are small and fire 120mm shells, the army said.",
        "The army's new guns move on tracks, and launch 155mm shells.",
        # what a passive's subject says was done: a project executed is no execution
        "The road projects in Dorvale were executed by army engineers with rebel consent.",
        # a generic subject
        "Taking part in a protest against the army is one of the most common reasons for a "
        "fine, rebels said.",
    ],
)
def test_a_trigger_that_names_no_event_reports_none(sentence: str) -> None:
    assert _events(sentence) == []


def test_a_verdict_on_an_event_is_not_a_second_event() -> None:
    text = "Rebels shelled Dorvale on Tuesday, killing four soldiers. This is a barbaric attack, the army said."
    assert _events(text) == [("Shelling/artillery/missile attack", "shelled")]


def test_resigning_in_protest_is_no_protest() -> None:
    text = "The mayor of Dorvale resigned in protest on Tuesday, a week after the army and the rebels agreed a truce."
    assert [t for _, t in _events(text)] == ["agreed"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Rebels attacked an army post in Dorvale on Tuesday, killing two soldiers.", "attacked"),
        ("Two soldiers were killed in fighting with rebels in Dorvale on Tuesday.", "fighting"),
        (
            "Hundreds of protesters marched in Dorvale on Tuesday against the army's curfew.",
            "marched",
        ),
        ("Rebels fired an assault rifle at soldiers in Dorvale on Tuesday, killing one.", None),
        ("The army says rebels fire rockets at Dorvale on Tuesday.", "fire"),
        ("Palestinian women attend a protest against the army in Dorvale.", "protest"),
        (
            "The rebels have launched waves of attacks on army positions around Dorvale since "
            "Saturday.",
            "attacks",
        ),
    ],
)
def test_the_same_words_telling_an_event_still_report_it(
    sentence: str, expected: str | None
) -> None:
    found = _events(sentence)
    assert found, sentence
    if expected:
        assert [t for _, t in found] == [expected]


def test_a_surname_that_is_a_groups_name_is_no_group_outside_its_wars() -> None:
    text = "Ben Wagner will be in the radio booth on Thursday as the newest voice of the team."
    assert [a.actor.name for a in find_actors(text, country="CA")] == []
    assert find_actors("Wagner fighters entered the town.", country="ML")


@pytest.mark.parametrize(
    "sentence",
    [
        # an agreement one side denies is none
        "The army denied reports on Tuesday that the rebels had agreed to a ceasefire in Dorvale.",
        # a wish is no agreement yet
        "The rebels said on Tuesday they were still interested in signing a ceasefire with the army.",
        "The rebel commander said he was keen to sign a truce with the army in Dorvale.",
    ],
)
def test_an_agreement_denied_or_wished_for_is_none(sentence: str) -> None:
    assert _events(sentence) == []


def test_an_attack_one_side_denies_stays_disputed() -> None:
    text = "The rebels denied on Tuesday that they had shelled Dorvale, where four civilians were killed."
    assert [m.modality.value for m in extract_events(text, published=DAY)] == ["denied"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a think tank and a fuel tank are no weapon: "strike" and "fire" stay what they are
        (
            "A think tank said on Tuesday that the strike on Dorvale by rebels and the army was over.",
            [],
        ),
        (
            "Rebels and soldiers fought near Dorvale on Tuesday. Fire from a fuel tank spread to "
            "the town, the army said.",
            [("Armed clash", "fought")],
        ),
        # a labour strike
        (
            "Dock workers in Dorvale went on strike on Tuesday, a think tank said, as rebels and "
            "the army talked.",
            [],
        ),
        (
            "Army tanks shelled rebel positions in Dorvale on Tuesday.",
            [("Shelling/artillery/missile attack", "shelled")],
        ),
    ],
)
def test_a_tank_that_is_no_weapon_lends_no_weapon(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert _events(text) == expected


def test_who_a_passive_verb_was_done_to_is_not_its_doer() -> None:
    # the arrested opposition activists are the target; with no doer named, an arrest by the
    # authorities, not an abduction by a non-state group
    text = "Ten opposition activists have been arrested in Dorvale on charges of plotting a coup, the ministry said on Monday."
    (m,) = extract_events(text, published=DAY, country="GE")
    assert m.sub_event_type == "Arrests" and m.actor1 is None


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Police arrested several opposition members in Dorvale on Monday.",
            ["Police Forces of Georgia"],
        ),
        ("An opposition party said ten opposition activists were held.", []),
        ("Opposition fighters attacked a post on Monday.", ["Rebel Groups (Georgia)"]),
    ],
)
def test_the_political_opposition_is_no_rebel_group(text: str, names: list[str]) -> None:
    assert [a.actor.name for a in find_actors(text, country="GE")] == names
