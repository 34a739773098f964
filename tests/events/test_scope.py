"""ACLED's scope, article by article (issue 14, point 1): sentences written here.

What the rules are worth is measured on general news (LGL and GeoWebNews: events per 100
articles) and on the real-news tune split (no change of control lost); these pin them.
"""

from __future__ import annotations

import datetime as dt

import pytest

from frontlines import nlp
from frontlines.actors import find_actors
from frontlines.events.extract import extract_events, scope_of
from frontlines.events.lexicon import load_event_lexicon

DAY = dt.date(2024, 3, 1)

CRIME = (
    "A man was charged with murder on Tuesday after a woman was shot dead outside a bar in "
    "Dorvale, police said. Officers arrested the 34-year-old suspect at his home a few hours "
    "later, and the sheriff said detectives were still looking for a second man who fled. "
    "The victim's family asked for privacy as neighbours laid flowers at the scene."
)
VETERAN = (
    "Hundreds gathered in Dorvale on Saturday for the funeral of a retired army sergeant who "
    "served two tours overseas. Friends said the former soldier fought hard for veterans' "
    "health care after he came home, and a military band played as the coffin was carried "
    "out. He was killed in a car crash on the highway last week, his family said."
)
CLASH = (
    "Rebels attacked an army post near the town of Dorvale on Tuesday, and fighting went on "
    "through the night, residents said. Two soldiers were killed and the insurgents withdrew "
    "into the hills at dawn, according to a military spokesman. Aid workers said families "
    "had fled the area before the attack, fearing a wider offensive."
)
PROTEST = (
    "Hundreds of protesters marched through central Dorvale on Saturday against a rise in "
    "bus fares, chanting and carrying banners. The march ended peacefully outside the town "
    "hall, where organisers said they would hold another protest next month if the council "
    "did not reverse its decision on the fares."
)


def _scope(text: str):  # type: ignore[no-untyped-def]
    doc = nlp.parse(text)
    return scope_of(doc, load_event_lexicon(), find_actors(text, doc=doc, date=DAY))


def test_a_crime_with_police_only_is_out_of_scope() -> None:
    scope = _scope(CRIME)
    assert scope.level == "out", scope
    assert extract_events(CRIME, published=DAY) == []


def test_one_family_of_war_words_is_not_a_war() -> None:
    # "army", "soldier", "military": one family; "killed in a car crash" is no attack
    scope = _scope(VETERAN)
    assert scope.level == "actors", scope
    found = extract_events(VETERAN, published=DAY)
    assert not [m for m in found if m.event_type in ("Battles", "Violence against civilians")]


def test_words_of_two_families_make_an_article_about_conflict() -> None:
    scope = _scope(CLASH)
    assert scope.level == "conflict", scope
    assert "rebel" in scope.reason
    found = extract_events(CLASH, published=DAY)
    assert any(m.event_type == "Battles" for m in found)


def test_protesters_of_their_own_keep_a_protest() -> None:
    scope = _scope(PROTEST)
    assert scope.level == "actors", scope  # one family: protest, protesters
    found = extract_events(PROTEST, published=DAY)
    assert [m.sub_event_type for m in found if m.event_type == "Protests"], found


@pytest.mark.parametrize("word", ["police", "officers", "sheriff"])
def test_police_alone_do_not_make_news_political_violence(word: str) -> None:
    text = CRIME.replace("police said", f"{word} said")
    assert _scope(text).level == "out"


@pytest.mark.parametrize(
    "swap",
    [
        ("police said", "Dorvale police said"),  # a phrase ending in "police"
        ("police said", "the county government said"),  # a government is not an armed force
        ("police said", "the opposition said"),  # a party, not an army
    ],
)
def test_weak_phrases_keep_a_crime_out_of_scope(swap: tuple[str, str]) -> None:
    text = CRIME.replace(*swap)
    assert _scope(text).level == "out", text


def test_they_counts_as_what_it_stands_for() -> None:
    # one family of war words ("war"): events need an armed actor of their own
    police = (
        "Police in Dorvale said they arrested two men on Tuesday after a robbery at a petrol "
        "station, and they shot one of them in the leg when he drew a knife. The owner, a "
        "veteran of the war, said he had been robbed twice this year and would close early "
        "from now on. Neighbours said the street had been quiet for years."
    )
    assert _scope(police).level == "actors"
    assert extract_events(police, published=DAY) == []
    rebels = police.replace("Police in Dorvale", "Rebels near Dorvale").replace(
        "arrested two men on Tuesday after a robbery at a petrol station",
        "ambushed a patrol on Tuesday",
    )
    assert extract_events(rebels, published=DAY)  # "they" stands for the rebels


@pytest.mark.parametrize(
    "text",
    [
        "The rebels vowed to attack the army post near Dorvale if the talks failed.",
        "Opposition parties are planning to hold protest rallies in the capital next month.",
        "The militia did not attack the convoy, a spokesman said.",
    ],
)
def test_what_did_not_happen_is_no_event(text: str) -> None:
    found = extract_events(text, published=DAY, country="CD")
    assert not [m for m in found if m.territory is None], found


def test_a_weapon_named_is_no_attack_without_its_use() -> None:
    sale = (
        "The government approved the sale of 180 artillery systems and 600 missiles to the "
        "army, officials said."
    )
    assert not extract_events(sale, published=DAY, country="CD")
    fired = "Rebels fired rockets at the army base near Dorvale on Tuesday, officials said."
    assert "Shelling/artillery/missile attack" in [
        m.sub_event_type for m in extract_events(fired, published=DAY, country="CD")
    ]


@pytest.mark.parametrize(
    "text",
    [
        # dated after the day of publication (1 March 2024): yet to happen, whatever the verb
        "Police showed videos of the men buying weapons to cause violence during opposition "
        "protests next month.",
        "Police banned the planned opposition rally in the capital.",  # "planned"
        "The government deployed troops ahead of the protests in the capital.",  # "ahead of"
    ],
)
def test_a_protest_yet_to_happen_is_no_event(text: str) -> None:
    found = extract_events(text, published=DAY, country="GE")
    assert not [m for m in found if m.event_type == "Protests"], found


@pytest.mark.parametrize(
    ("text", "sub_event"),
    [
        ("Protesters clashed with police ahead of the election.", "Violent demonstration"),
        ("Hundreds of protesters marched through the capital on Saturday.", "Peaceful protest"),
        (
            "Georgian police arrested several opposition members on Monday ahead of "
            "anti-government rallies next month.",
            "Arrests",
        ),
    ],
)
def test_what_happened_before_what_is_planned_stays(text: str, sub_event: str) -> None:
    found = extract_events(text, published=DAY, country="GE")
    assert [m.sub_event_type for m in found] == [sub_event], found


@pytest.mark.parametrize(
    "text",
    [
        "He admits he often has to fight to hold back tears.",
        "Local volunteers joined the flood fighting effort in the city.",
        "The young wrestler put up a good fight and made the champion earn his points.",
        "The centre will coordinate border controls and the fight against terrorism.",
        "The company is locked in a legal battle with its former owner.",
        "Doctors said the battle against obesity in the county had only begun.",
    ],
)
def test_a_fight_against_an_ill_in_court_or_with_tears_is_no_clash(text: str) -> None:
    found = extract_events(text, published=DAY, country="GE")
    assert not [m for m in found if m.sub_event_type == "Armed clash"], found


@pytest.mark.parametrize(
    "text",
    [
        "Rebels fought government troops near the town on Tuesday.",
        "Fighters from rival families battled in the refugee camp on Saturday, killing two.",
        "The army said it was fighting militants near the border.",
    ],
)
def test_fighting_between_armed_men_is_a_clash(text: str) -> None:
    found = extract_events(text, published=DAY, country="GE")
    assert [m.sub_event_type for m in found] == ["Armed clash"], found


@pytest.mark.parametrize(
    "text",
    [
        "He said a number of agreements previously signed between the two states should be "
        "revised.",
        "A security cooperation agreement between the two countries was signed on Tuesday.",
        "The two companies signed a deal to build a new port on Monday.",
    ],
)
def test_an_agreement_between_states_or_firms_at_peace_is_not_acleds(text: str) -> None:
    assert extract_events(text, published=DAY, country="LB") == []


@pytest.mark.parametrize(
    "text",
    [
        "The government and the rebels signed a ceasefire agreement on Tuesday.",
        "The army and the militia agreed a deal on Monday to exchange prisoners.",
        "Rebels agreed to surrender deals that let them leave for the north on Friday.",
        "The two powers signed a de-escalation agreement for the province on Thursday.",
    ],
)
def test_an_agreement_between_sides_of_a_conflict_is(text: str) -> None:
    found = extract_events(text, published=DAY, country="LB")
    assert [m.sub_event_type for m in found] == ["Agreement"], found
