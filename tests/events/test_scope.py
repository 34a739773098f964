"""ACLED's scope, article by article (issue 14, point 1): sentences written here.

What the rules are worth is measured on general news (LGL and GeoWebNews: events per 100
articles) and on the real-news tune split (no change of control lost); these pin them.
"""

from __future__ import annotations

import datetime as dt

import pytest

from frontlines import nlp
from frontlines.actors import find_actors
from frontlines.events.extract import Scope, extract_events, scope_of
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


@pytest.mark.parametrize(
    "text",
    [
        "The chief of staff has also clashed with the president's son-in-law over the budget.",
        "Anyone who is fighting with their family should read her story, he said.",
        "The ministry said the country does not want a trade war but is not afraid to fight one.",
        "The old aircraft earned a reputation in battle for being hard to bring down.",
    ],
)
def test_a_clash_without_armed_sides_is_no_clash(text: str) -> None:
    # an article about a war may still use the words: the scope is "conflict" here
    found = extract_events(text, published=DAY, country="US", scope=Scope("conflict", "test"))
    assert not [m for m in found if m.sub_event_type == "Armed clash"], found


@pytest.mark.parametrize(
    "text",
    [
        "Tribesmen clashed with each other near the market on Monday.",
        "Heavy fighting broke out near the town on Sunday, leaving six dead.",
        "Hamas fought on in the north of the strip for another week.",
    ],
)
def test_a_clash_with_armed_sides_or_its_dead_stays(text: str) -> None:
    found = extract_events(text, published=DAY, country="LK", scope=Scope("conflict", "test"))
    assert "Armed clash" in [m.sub_event_type for m in found], found


@pytest.mark.parametrize(
    "text",
    [
        "More than a thousand mines are laid along the border near the villages.",
        "The area was mined by soldiers in the 1990s to stop crossings, officials said.",
        "Customs officers searched a ship suspected of carrying explosives to the rebels.",
        "The wall protects soldiers from bullets and grenades, the army said.",
    ],
)
def test_a_weapon_laid_carried_or_sold_is_no_explosion(text: str) -> None:
    found = extract_events(text, published=DAY, country="GE", scope=Scope("conflict", "test"))
    assert not [m for m in found if m.event_type == "Explosions/Remote violence"], found


@pytest.mark.parametrize(
    ("text", "sub_event"),
    [
        ("A shepherd stepped on a mine near the border on Monday and lost his foot.", None),
        ("A roadside bomb hit an army patrol near the town on Monday.", None),
        ("Militants threw a grenade at a police post near the market on Monday.", "Grenade"),
        ("An explosion tore through the market on Monday.", None),
    ],
)
def test_a_weapon_used_is_an_explosion(text: str, sub_event: str | None) -> None:
    found = extract_events(text, published=DAY, country="GE", scope=Scope("conflict", "test"))
    types = [m.sub_event_type for m in found if m.event_type == "Explosions/Remote violence"]
    assert types, found
    if sub_event is not None:
        assert sub_event in types, found


@pytest.mark.parametrize(
    "text",
    [
        "The projects were executed by army engineers together with the provincial government.",
        "The opposition leader attacked the government's plan to raise taxes.",
        "The court issued an arrest warrant for the former president on Tuesday.",
        "The parade was a demonstration of military power, officials said.",
    ],
)
def test_a_word_of_violence_in_another_sense_is_no_event(text: str) -> None:
    found = extract_events(text, published=DAY, country="PK", scope=Scope("conflict", "test"))
    assert found == [], found


@pytest.mark.parametrize(
    ("text", "sub_event"),
    [
        ("Gunmen executed five villagers near the town on Monday.", "Attack"),
        ("Rebels attacked the army post in order to free prisoners on Monday.", "Armed clash"),
        ("Police arrested the opposition leader at his home on Tuesday.", "Arrests"),
        ("Thousands joined a demonstration against the government on Friday.", "Peaceful protest"),
    ],
)
def test_the_same_words_in_their_sense_of_violence_stay(text: str, sub_event: str) -> None:
    found = extract_events(text, published=DAY, country="PK", scope=Scope("conflict", "test"))
    assert sub_event in [m.sub_event_type for m in found], found


def test_with_no_publication_date_an_old_date_is_history_the_article_retells() -> None:
    text = (
        "The border commission met on 12 March 2018 to discuss clearing the old minefields. "
        "On April 5, 2013, a shepherd looking for a cow stepped on a mine near the village "
        "and lost his foot."
    )
    found = extract_events(text, published=None, country="GE", scope=Scope("conflict", "test"))
    blasts = [m for m in found if m.event_type == "Explosions/Remote violence"]
    assert blasts, found
    assert all(m.background for m in blasts), blasts
    # the same blast with nothing later named is the article's news
    alone = extract_events(
        "On April 5, 2013, a shepherd looking for a cow stepped on a mine near the village.",
        published=None,
        country="GE",
        scope=Scope("conflict", "test"),
    )
    assert alone and not any(m.background for m in alone), alone


@pytest.mark.parametrize(
    "text",
    [
        "Thousands joined street protests in Damascus seven years ago.",
        "Rebels attacked an army post near Kafranbel two years ago, residents said.",
    ],
)
def test_years_ago_is_history_whatever_the_publication_date(text: str) -> None:
    found = extract_events(text, published=None, country="SY", scope=Scope("conflict", "test"))
    assert found and all(m.background for m in found), found


@pytest.mark.parametrize(
    "text",
    [
        "The US-led coalition that has fought the militants in Iraq is worried about the vote.",
        "The soldier was serving with the forces battling the militants in the country.",
        "Relatives of the murdered policeman laid flowers at the station on Monday.",
        "Police detained dozens of people in overcrowded cells at the border camp.",
        "Officers arrested the 34-year-old suspect at his home on Tuesday.",
    ],
)
def test_a_description_a_victim_or_police_work_is_no_event(text: str) -> None:
    found = extract_events(text, published=DAY, country="IQ", scope=Scope("conflict", "test"))
    assert found == [], found


@pytest.mark.parametrize(
    ("text", "sub_event"),
    [
        ("The militants who fought the army near the town on Monday lost ten men.", "Armed clash"),
        ("Police arrested several opposition members in the capital on Monday.", "Arrests"),
        ("Soldiers detained five suspected militants in the village on Monday.", "Arrests"),
        ("Police detained dozens of protesters outside parliament on Monday.", None),
    ],
)
def test_a_battle_with_its_own_day_and_a_political_arrest_stay(
    text: str, sub_event: str | None
) -> None:
    found = extract_events(text, published=DAY, country="IQ", scope=Scope("conflict", "test"))
    assert found, found
    if sub_event is not None:
        assert sub_event in [m.sub_event_type for m in found], found


@pytest.mark.parametrize(
    "text",
    [
        "Fighting for Bakhmut began last summer, officials said.",
        "Fighting resumed in August after a five-month truce broke down.",
    ],
)
def test_a_clash_for_a_place_or_after_a_truce_is_a_clash(text: str) -> None:
    found = extract_events(text, published=DAY, country="UA", scope=Scope("conflict", "test"))
    assert "Armed clash" in [m.sub_event_type for m in found], found


@pytest.mark.parametrize(
    "text",
    [
        "Conservatives have continued to rally against the bill in the Senate.",
        "He protested his innocence throughout the trial.",
        "The strikes limited the group's capacity to launch coordinated attacks, he said.",
    ],
)
def test_opposing_a_bill_or_a_capacity_to_attack_is_no_event(text: str) -> None:
    found = extract_events(text, published=DAY, country="US", scope=Scope("conflict", "test"))
    assert found == [], found


@pytest.mark.parametrize(
    ("text", "sub_event"),
    [
        ("Thousands rallied in the capital against the new law on Saturday.", "Peaceful protest"),
        ("Students protested outside the ministry on Monday.", "Peaceful protest"),
        ("Rebels launched attacks on two army posts near the town on Monday.", "Armed clash"),
    ],
)
def test_a_crowd_that_rallies_and_attacks_launched_stay(text: str, sub_event: str) -> None:
    found = extract_events(text, published=DAY, country="US", scope=Scope("conflict", "test"))
    assert sub_event in [m.sub_event_type for m in found], found


def test_the_toll_told_again_is_the_same_event() -> None:
    text = (
        "A car bomb exploded near a crowded market in the city on Thursday, killing 20 "
        "people, officials said. Hospital officials said the 20 killed included four "
        "children. Two soldiers were killed in a separate attack on Friday."
    )
    found = extract_events(text, published=DAY, country="IQ", scope=Scope("conflict", "test"))
    assert len(found) == 2, found  # the car bomb and the attack on Friday
    assert found[0].fatalities is not None and found[0].fatalities.low == 20, found[0]


def test_a_count_with_nothing_of_its_own_is_the_toll_of_the_event_told() -> None:
    text = (
        "A car bomb exploded near a crowded market in the city on Thursday, killing 20 "
        "people, officials said. The officials said 35 people also were wounded."
    )
    found = extract_events(text, published=DAY, country="IQ", scope=Scope("conflict", "test"))
    assert len(found) == 1, found
    assert found[0].injuries is not None and found[0].injuries.low == 35, found[0]


def test_the_attack_told_again_with_its_toll_is_the_same_event() -> None:
    text = (
        "A car bomb exploded near a crowded market in the city on Thursday, killing 20 "
        "people, officials said. The military confirmed the attack but said eight people "
        "were killed."
    )
    found = extract_events(text, published=DAY, country="IQ", scope=Scope("conflict", "test"))
    assert [m.sub_event_type for m in found] == ["Remote explosive/landmine/IED"], found


@pytest.mark.parametrize(
    "text",
    [
        "The president said the country reserved the right to respond to any attack.",
        "The group has fought for self-rule in the hills for decades.",
        "Both sides are believed to have lost tens of thousands of soldiers killed there.",
        "Neighbouring states pressed the rebels to stop fighting.",
        "Thousands of people gathered in the main square of Kindu to celebrate.",
        "In a statement, a group of rebels announced that they had entered the city.",
    ],
)
def test_any_attack_decades_of_war_a_toll_or_a_celebration_is_no_event(text: str) -> None:
    found = extract_events(text, published=DAY, country="CD", scope=Scope("conflict", "test"))
    assert not [m for m in found if m.territory is None and not m.background], found


def test_jets_shot_down_are_armed_not_civilians() -> None:
    found = extract_events(
        "Government jets shot down two rebel helicopters over Kindu on Sunday.",
        published=DAY,
        country="CD",
        scope=Scope("conflict", "test"),
    )
    assert "Attack" not in [m.sub_event_type for m in found], found


def test_a_drone_attack_is_a_drone_strike() -> None:
    found = extract_events(
        "A drone attack on a hospital in Kindu killed 70 patients on Friday.",
        published=DAY,
        country="CD",
        scope=Scope("conflict", "test"),
    )
    assert [m.sub_event_type for m in found] == ["Air/drone strike"], found


def test_shells_short_of_supply_are_no_shelling() -> None:
    short = "Officials blamed shortages of artillery shells on delays in military aid."
    assert extract_events(short, published=DAY, country="UA", scope=Scope("conflict", "t")) == []
    landed = "Shells landed on the market in Kindu on Friday, killing five people."
    types = [m.sub_event_type for m in extract_events(landed, published=DAY, country="CD")]
    assert "Shelling/artillery/missile attack" in types, types


@pytest.mark.parametrize(
    "text",
    [
        "Aircraft of the US-led coalition struck a bridge on Friday.",
        "A Turkish-backed militia shelled a village on Friday.",
    ],
)
def test_a_country_that_leads_or_backs_is_not_where(text: str) -> None:
    found = extract_events(text, published=DAY, country="SY", scope=Scope("conflict", "test"))
    assert found, found
    assert all(m.place is None or m.place.country_code == "SY" for m in found), found


@pytest.mark.parametrize(
    ("text", "sub_event", "low"),
    [
        ("At least 12 people were killed in the village of Kindu on Sunday.", "Attack", 12),
        (
            "Security forces opened fire on protesters in Kindu on Sunday, killing at least 38 "
            "people.",
            "Excessive force against protesters",
            38,
        ),
        ("Gunmen killed at least 20 villagers near Kindu on Sunday.", "Attack", 20),
    ],
)
def test_at_least_so_many_killed_is_one_events_toll(text: str, sub_event: str, low: int) -> None:
    found = extract_events(text, published=DAY, country="CD")
    hits = [m for m in found if m.sub_event_type == sub_event]
    assert hits and hits[0].fatalities is not None and hits[0].fatalities.low == low, found


def test_a_war_s_open_toll_is_no_event() -> None:
    text = "More than 500,000 people have been killed since the war began, monitors say."
    assert extract_events(text, published=DAY, country="SY") == []


def test_the_dead_counted_again_by_a_ministry_are_the_strike_s() -> None:
    text = (
        "Warplanes struck the port of Kindu on Saturday, setting a warehouse on fire. The "
        "health ministry said at least three people were killed and dozens wounded."
    )
    found = extract_events(text, published=DAY, country="CD")
    assert [m.sub_event_type for m in found] == ["Air/drone strike"], found
    assert found[0].fatalities is not None and found[0].fatalities.low == 3, found[0]


def test_a_plural_trigger_opening_a_sentence_is_read() -> None:
    # the tagger takes "Missiles" opening a sentence for a name and leaves it unlemmatised
    found = extract_events(
        "Missiles slammed into the airport of Kindu on Sunday, killing at least 22 people.",
        published=DAY,
        country="CD",
    )
    assert [m.sub_event_type for m in found] == ["Shelling/artillery/missile attack"], found


@pytest.mark.parametrize(
    ("text", "sub_event"),
    [
        ("A three-hour shootout near Kindu on Thursday left four gunmen killed.", "Armed clash"),
        ("Police killed four gunmen in Kindu on Thursday.", "Armed clash"),
        ("Gunmen killed four villagers in Kindu on Thursday.", "Attack"),
    ],
)
def test_a_shootout_and_gunmen_killed_are_a_clash(text: str, sub_event: str) -> None:
    found = extract_events(text, published=DAY, country="CD")
    assert [m.sub_event_type for m in found] == [sub_event], found


MATCH = (
    "Army beat Navy 17-10 on Saturday in the 120th meeting of the service academies, a "
    "rivalry older than the war. The Black Knights' attack overwhelmed the Midshipmen, and the "
    "two teams battled for four quarters. Their quarterback shot a pass to the end zone and "
    "threw three touchdowns as the cadets stormed the field at halftime. Soldiers and sailors "
    "in the stands cheered. The coach said his players fought hard to the end."
)


def test_a_match_report_is_at_the_actors_level_and_its_play_is_no_event() -> None:
    scope = _scope(MATCH)
    assert scope.level == "actors" and "sport" in scope.reason, scope
    assert extract_events(MATCH, published=DAY) == []


def test_a_stadium_struck_in_a_war_keeps_its_strike() -> None:
    text = (
        "Rebel rockets struck the football stadium in Dorvale on Tuesday during a league "
        "match, killing four fans, the army said. The referee and the goalkeeper were hurt "
        "and the playoff was called off, officials said. Soldiers searched the area, where "
        "rebels and the army have fought for weeks, for more rockets."
    )
    found = extract_events(text, published=DAY)
    assert "Shelling/artillery/missile attack" in {m.sub_event_type for m in found}
