"""ACLED sub-event types the extractor never produced before issue 14: disrupted weapons use,
change to group/activity, looting/property destruction. Sentences written here."""

from __future__ import annotations

import datetime as dt

import pytest

from frontlines.events.extract import extract_events

DAY = dt.date(2024, 3, 1)

CASES = [
    ("Air defences intercepted 12 drones over the capital overnight, the army said.", "UA",
     "Disrupted weapons use"),
    ("Soldiers defused a roadside bomb on the highway near the town of Kindu.", "CD",
     "Disrupted weapons use"),
    ("Troops discovered a weapons cache hidden in a farmhouse outside the town.", "CD",
     "Disrupted weapons use"),
    ("Dozens of rebel fighters defected to the army with their weapons on Sunday.", "CD",
     "Change to group/activity"),
    ("Militiamen looted shops and torched houses in the village before withdrawing.", "CD",
     "Looting/property destruction"),
    ("Gunmen burned dozens of homes in the village of Kindu overnight.", "CD",
     "Looting/property destruction"),
    ("The army imposed a curfew on the town of Kindu after clashes with rebels on Monday.",
     "CD", "Other"),
    ("The president declared martial law in the province after rebel attacks on Monday.",
     "CD", "Other"),
    ("Militiamen raped two women in the village of Kindu on Monday, residents said.", "CD",
     "Sexual violence"),
    ("Soldiers sexually assaulted women at a checkpoint outside Kindu on Monday.", "CD",
     "Sexual violence"),
    ("A suicide attack killed ten soldiers near the town of Kindu on Monday.", "CD",
     "Suicide bomb"),
    # wordings of war reporting
    ("The army said it had shot down two drones over the capital on Sunday.", "UA",
     "Disrupted weapons use"),
    ("Police found an improvised explosive device near a school in Kindu.", "CD",
     "Disrupted weapons use"),
    ("An improvised explosive device went off in a market in Kindu on Sunday.", "CD",
     "Remote explosive/landmine/IED"),
    ("Rebels and government troops exchanged fire on the outskirts of Kindu overnight.", "CD",
     "Armed clash"),
    ("Fighting raged around Kharkiv for a third day, officials said.", "UA", "Armed clash"),
]  # fmt: skip

# the same words where they tell no such event
NOT = [
    ("Gunmen shot down a teacher in the street in Kindu on Sunday.", "CD",
     "Disrupted weapons use"),
    ("Police found a roadside bomb near a school in Kindu and defused it.", "CD",
     "Remote explosive/landmine/IED"),
    ("The two sides agreed a prisoner exchange in Kindu on Monday.", "CD", "Armed clash"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "country", "never"), NOT)
def test_the_type_is_not_produced(text: str, country: str, never: str) -> None:
    found = extract_events(text, published=DAY, country=country)
    assert never not in [m.sub_event_type for m in found], found


@pytest.mark.parametrize(
    ("text", "country", "expected"), CASES, ids=[c[2] + f"-{i}" for i, c in enumerate(CASES)]
)
def test_the_type_is_produced(text: str, country: str, expected: str) -> None:
    found = extract_events(text, published=DAY, country=country)
    assert expected in [m.sub_event_type for m in found], found


def test_a_group_forming_needs_an_armed_context() -> None:
    armed = extract_events(
        "Three armed groups merged into a new alliance to fight the government, their leaders "
        "said.",
        published=DAY,
        country="CD",
    )
    assert "Change to group/activity" in [m.sub_event_type for m in armed]
    business = extract_events(
        "The company announced it would form a new group of investors next year.",
        published=DAY,
        country="US",
    )
    assert business == []


def test_killing_is_the_event_when_houses_burn_too() -> None:
    # ACLED codes the main event: an attack on villagers, not also the property destroyed
    found = extract_events(
        "Gunmen torched houses and killed five villagers in Kindu on Sunday.",
        published=DAY,
        country="CD",
    )
    assert [m.sub_event_type for m in found] == ["Attack"]


@pytest.mark.parametrize(
    "text",
    [
        "The governor declared a state of emergency after the floods on Monday.",
        "The city lifted its curfew for the holiday weekend.",
    ],
)
def test_a_state_of_emergency_without_unrest_is_no_event(text: str) -> None:
    assert extract_events(text, published=DAY, country="CD") == []


def test_a_phrase_names_the_type_its_head_word_would_not() -> None:
    # "suicide attack" is a suicide bomb and "sexually assaulted" sexual violence, though
    # "attack" and "assault" alone name other types
    found = extract_events(
        "A suicide attack killed ten soldiers near the town of Kindu on Monday.",
        published=DAY,
        country="CD",
    )
    assert [m.sub_event_type for m in found] == ["Suicide bomb"], found
