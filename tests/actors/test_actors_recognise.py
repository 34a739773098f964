"""Finding actors in text: aliases, generics, external forces, sides, follow-ups, speed."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
import spacy

from frontlines.actors import find_actors
from frontlines.events.model import ActorKind, ActorMention


def _one(text: str, **kwargs: object) -> ActorMention:
    found = find_actors(text, **kwargs)  # type: ignore[arg-type]
    assert len(found) == 1, [(m.text, m.actor.id) for m in found]
    return found[0]


@pytest.mark.parametrize(
    ("alias", "country", "actor_id"),
    [
        ("Hayat Tahrir al-Sham", "SY", "sy-hts"),
        ("HTS", "SY", "sy-hts"),
        ("Headquarters for the Liberation of al-Sham", "SY", "sy-hts"),
        ("Tahrir al-Sham", "SY", "sy-hts"),
        ("Hay'at Tahrir al-Sham", None, "sy-hts"),
        ("Islamic State", "SY", "sy-is"),
        ("ISIS", "SY", "sy-is"),
        ("ISIL", "IQ", "iq-is"),
        ("IS", "IQ", "iq-is"),
        ("Daesh", "IQ", "iq-is"),
        ("Islamic State", "ML", "sahel-is"),
        ("Islamic State", "NE", "sahel-is"),  # not the West Africa Province's in Niger
        ("Islamic State", "NG", "ng-iswap"),
        ("ISWAP", "NG", "ng-iswap"),
        ("Boko Haram", "NG", "ng-boko-haram"),
        ("CJTF", "NG", "ng-cjtf"),
        ("Nigerian Army", "NG", "ng-forces"),
        ("Türkiye", "SY", "generic:state:TR"),
        ("Turkiye", "SY", "generic:state:TR"),
        ("Turkey", "SY", "generic:state:TR"),
        ("Tatmadaw", "MM", "mm-tatmadaw"),
        ("Myanmar military", "MM", "mm-tatmadaw"),
        ("junta", "MM", "mm-tatmadaw"),
        ("RSF", "SD", "sd-rsf"),
        ("Rapid Support Forces", "SD", "sd-rsf"),
        ("SAF", "SD", "sd-saf"),
        ("Sudanese Armed Forces", "SD", "sd-saf"),
        ("Houthis", "YE", "ye-houthis"),
        ("Ansar Allah", "YE", "ye-houthis"),
        ("IDF", "PS", "il-idf"),
        ("Israeli army", "PS", "il-idf"),
        ("Hamas", "PS", "ps-hamas"),
        ("Wagner", "ML", "ru-wagner"),
        ("Africa Corps", "BF", "ru-wagner"),
        ("JNIM", "BF", "sahel-jnim"),
        ("TPLF", "ET", "et-tplf"),
        ("Tigray forces", "ET", "et-tplf"),
        ("Fano", "ET", "et-fano"),
        ("PDF", "MM", "mm-pdf"),
        ("People's Defence Force", "MM", "mm-pdf"),
        ("Arakan Army", "MM", "mm-aa"),
        ("Syrian Democratic Forces", "SY", "sy-sdf"),
        ("SDF", "SY", "sy-sdf"),
        ("Syrian National Army", "SY", "sy-sna"),
        ("SNA", "SY", "sy-sna"),
    ],
)
def test_every_alias_resolves(alias: str, country: str | None, actor_id: str) -> None:
    text = f"On Monday, {alias} attacked the town, a resident said."
    found = [
        m for m in find_actors(text, country=country) if m.via != "generic" or ":" in m.actor.id
    ]
    named = [m for m in found if m.text == alias]
    assert named and named[0].actor.id == actor_id, [(m.text, m.actor.id) for m in found]
    assert text[named[0].start : named[0].end] == alias


def test_case_sensitive_aliases_need_their_case() -> None:
    assert find_actors("The town is quiet and this is what it is.", country="IQ") == []
    assert find_actors("Open the pdf and the saf file.", country="MM") == []
    assert [m.actor.id for m in find_actors("IS fighters attacked.", country="IQ")] == ["iq-is"]
    assert find_actors("WHAT IS LEFT OF THE TOWN", country="IQ") == []


def test_case_and_diacritics_fold() -> None:
    assert _one("HAYAT TAHRIR AL-SHAM advanced.", country="SY").actor.id == "sy-hts"
    assert _one("TÜRKİYE sent a convoy.", country="SY").actor.id == ("generic:state:TR")


def test_possessives_and_hyphens() -> None:
    for text in ("Assad regime's forces shelled it.", "Assad-regime forces shelled it."):
        assert _one(text, country="SY").actor.id == "sy-assad-forces"
    m = _one("The anti regime armed groups advanced.", country="SY")
    assert m.actor.id == "generic:rebel:SY"
    assert _one("Hamas's fighters fired rockets.", country="PS").actor.id == "ps-hamas"


def test_generic_state_and_rebels_take_the_articles_country() -> None:
    for phrase in (
        "regime forces",
        "government troops",
        "government forces",
        "the army",
        "soldiers",
        "troops",
        "loyalist fighters",
        "pro-government fighters",
    ):
        m = _one(f"Yesterday {phrase} advanced on the village.", country="SY")
        assert (m.actor.id, m.actor.kind, m.actor.country_code, m.actor.side, m.via) == (
            "generic:state:SY",
            ActorKind.STATE_FORCES,
            "SY",
            "government",
            "generic",
        ), phrase
    for phrase in (
        "rebels",
        "opposition fighters",
        "opposition groups",
        "anti-regime armed groups",
        "anti-government fighters",
        "armed groups",
        "insurgents",
        "jihadists",
        "Islamist forces",
        "militants",
    ):
        m = _one(f"Yesterday {phrase} advanced on the village.", country="SD")
        assert (m.actor.id, m.actor.kind, m.actor.country_code, m.actor.side) == (
            "generic:rebel:SD",
            ActorKind.REBEL_GROUP,
            "SD",
            "opposition",
        ), phrase


def test_generics_without_a_country_keep_none() -> None:
    state = _one("Regime forces advanced on the village.")
    assert (state.actor.id, state.actor.country_code, state.actor.name) == (
        "generic:state",
        None,
        "Military Forces",
    )
    rebels = _one("Rebels advanced on the village.")
    assert (rebels.actor.id, rebels.actor.country_code) == ("generic:rebel", None)


@pytest.mark.parametrize(
    ("phrase", "actor_id", "kind"),
    [
        ("unidentified gunmen", "generic:unidentified:NG", ActorKind.UNIDENTIFIED),
        ("unknown assailants", "generic:unidentified:NG", ActorKind.UNIDENTIFIED),
        ("civilians", "generic:civilians:NG", ActorKind.CIVILIANS),
        ("residents", "generic:civilians:NG", ActorKind.CIVILIANS),
        ("villagers", "generic:civilians:NG", ActorKind.CIVILIANS),
        ("protesters", "generic:protesters:NG", ActorKind.PROTESTERS),
        ("demonstrators", "generic:protesters:NG", ActorKind.PROTESTERS),
        ("rioters", "generic:rioters:NG", ActorKind.RIOTERS),
    ],
)
def test_other_generic_classes(phrase: str, actor_id: str, kind: ActorKind) -> None:
    m = _one(f"On Friday {phrase} were seen near the market.", country="NG")
    assert (m.actor.id, m.actor.kind, m.actor.country_code) == (actor_id, kind, "NG")


def test_demonyms_name_state_forces_external_when_foreign() -> None:
    text = "Russian aircraft and Turkish troops were active, as were Ukrainian forces."
    found = find_actors(text, country="UA")
    got = [(m.text, m.actor.id, m.actor.kind) for m in found]
    assert got == [
        ("Russian aircraft", "generic:state:RU", ActorKind.EXTERNAL_FORCES),
        ("Turkish troops", "generic:state:TR", ActorKind.EXTERNAL_FORCES),
        ("Ukrainian forces", "ua-forces", ActorKind.STATE_FORCES),  # the UA state forces actor
    ]
    assert found[0].actor.side == "external:RU"
    syrian = _one("The Syrian army shelled the town.", country="SY")
    assert (syrian.actor.kind, syrian.actor.country_code) == (ActorKind.STATE_FORCES, "SY")
    israeli = _one("Israeli strikes hit the camp.", country="PS")
    assert (israeli.actor.id, israeli.actor.kind, israeli.actor.country_code) == (
        "il-idf",
        ActorKind.EXTERNAL_FORCES,
        "IL",
    )
    assert _one("Israeli strikes hit the camp.", country="IL").actor.kind is ActorKind.STATE_FORCES
    assert _one("Israeli strikes hit the camp.").actor.kind is ActorKind.STATE_FORCES


def test_coordinated_demonyms() -> None:
    found = find_actors("Syrian and Russian aircraft struck Aleppo.", country="SY")
    assert [(m.text, m.actor.id) for m in found] == [
        ("Syrian", "generic:state:SY"),
        ("Russian aircraft", "generic:state:RU"),
    ]


def test_country_names_as_places_or_backers_are_not_actors() -> None:
    text = (
        "Fighting in Syria, near the border with Turkey, involved Turkey-backed rebels "
        "and a UK-based monitor; Russia said it would help."
    )
    found = find_actors(text, country="SY")
    assert [(m.text, m.actor.id) for m in found] == [
        ("rebels", "generic:rebel:SY"),
        ("Russia", "generic:state:RU"),
    ]


def test_sources_and_people_are_not_actors() -> None:
    text = (
        "Rami Abdel Rahman of the Syrian Observatory for Human Rights told Reuters, AP and "
        "Anadolu Agency that SANA and AFP had it wrong, according to the UN."
    )
    assert find_actors(text, country="SY") == []


def test_sides_follow_the_date() -> None:
    text = "HTS fighters and government forces clashed."
    before = find_actors(text, country="SY", date=dt.date(2024, 11, 30))
    assert [(m.actor.id, m.actor.side) for m in before] == [
        ("sy-hts", "opposition"),
        ("sy-assad-forces", "government"),
    ]
    after = find_actors(text, country="SY", date=dt.date(2025, 3, 1))
    assert [(m.actor.id, m.actor.side) for m in after] == [
        ("sy-hts", None),
        ("sy-gov-2024", "government"),
    ]
    rsf = find_actors("The RSF attacked.", country="SD", date=dt.date(2019, 6, 3))
    assert rsf[0].actor.side == "government"


def test_local_aliases_only_fire_in_their_countries() -> None:
    assert find_actors("The junta met on Monday.", country="SD") == []
    assert _one("The junta met on Monday.", country="ML").actor.id == "ml-fama"
    assert find_actors("Photo: AA", country="SY") == []


def test_mentions_are_sorted_and_never_overlap() -> None:
    text = (
        "Hayat Tahrir al-Sham (HTS) and the Syrian National Army fought regime forces, "
        "Russian jets and Daesh near villagers."
    )
    found = find_actors(text, country="SY")
    assert [m.text for m in found] == [
        "Hayat Tahrir al-Sham (HTS)",
        "Syrian National Army",
        "regime forces",
        "Russian jets",
        "Daesh",
        "villagers",
    ]
    for a, b in zip(found, found[1:], strict=False):
        assert a.end <= b.start
    assert all(text[m.start : m.end] == m.text for m in found)


def test_follow_ups_resolve_to_the_last_named_group() -> None:
    text = (
        "Hayat Tahrir al-Sham launched an offensive on Wednesday. "
        "The group seized 20 villages. Later the rebels entered Aleppo. "
        "They met little resistance."
    )
    found = find_actors(text, country="SY")
    assert [(m.text, m.actor.id, m.via) for m in found] == [
        ("Hayat Tahrir al-Sham", "sy-hts", "alias"),
        ("The group", "sy-hts", "pronoun"),
        ("the rebels", "sy-hts", "pronoun"),
        ("They", "sy-hts", "pronoun"),
    ]


def test_follow_ups_are_conservative() -> None:
    far = (
        "Fano fighters attacked a convoy. The weather was mild. Markets opened. "
        "Schools closed. The group withdrew."
    )
    assert [m.via for m in find_actors(far, country="ET")] == ["alias"]
    state_only = "Regime forces shelled the town. The group retreated."
    assert [m.text for m in find_actors(state_only, country="SY")] == ["Regime forces"]
    said = "Fano fighters attacked a convoy. They said the road was open."
    assert [m.text for m in find_actors(said, country="ET")] == ["Fano fighters"]
    # "the rebels" after no named group stays a generic rebel mention
    generic = find_actors("Government troops advanced. The rebels fled.", country="SY")
    assert [(m.actor.id, m.via) for m in generic] == [
        ("generic:state:SY", "generic"),
        ("generic:rebel:SY", "generic"),
    ]


def test_a_blank_spacy_doc_gives_sentences() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    text = "The Arakan Army took the town. Then the group moved north. Rain fell. Nothing. The group rested."
    doc = nlp(text)
    found = find_actors(text, doc=doc, country="MM")
    assert [(m.text, m.via) for m in found] == [
        ("Arakan Army", "alias"),
        ("the group", "pronoun"),
    ]


def test_empty_and_plain_text() -> None:
    assert find_actors("") == []
    assert find_actors("The weather in Idlib was cold.", country="SY") == []


def test_fast_on_a_thousand_words() -> None:
    sentence = (
        "Regime forces backed by Russian aircraft clashed with Hayat Tahrir al-Sham "
        "and the Syrian National Army near the town, the Syrian Observatory said, "
        "as civilians fled and rebels advanced toward Hama on Saturday morning. "
    )
    text = sentence * (1000 // len(sentence.split()) + 1)
    find_actors(text, country="SY")  # load

    def best(run) -> float:  # type: ignore[no-untyped-def]
        timings = []
        for _ in range(15):
            start = time.perf_counter()
            run()
            timings.append(time.perf_counter() - start)
        return min(timings)

    # A ratio to a baseline in the same process, as the benchmarks measure speed: the shared
    # machine's speed moves by 2x from hour to hour. The baseline is splitting the text into
    # lower-case words, the least any matcher does; finding ~180 mentions costs 12-15 times
    # that here (2-4 ms).
    found = best(lambda: find_actors(text, country="SY"))
    words = best(lambda: [w.lower() for w in re.findall(r"\w+", text)])
    assert found / words < 30, (found, words)


def test_they_needs_one_clear_antecedent() -> None:
    text = "Rebels attacked government troops near the town. They lost ten men."
    assert [m.via for m in find_actors(text, country="SY")] == ["generic", "generic"]
    text = "The Houthis fired missiles at ships. They later claimed the attack."
    found = find_actors(text, country="YE")
    assert [(m.text, m.actor.id, m.via) for m in found][-1] == ("They", "ye-houthis", "pronoun")


def test_a_name_and_its_noun_are_one_mention() -> None:
    found = find_actors("AQAP militants killed four soldiers.", country="YE")
    assert [(m.text, m.actor.id) for m in found] == [
        ("AQAP militants", "ye-aqap"),
        ("soldiers", "ye-gov-forces"),
    ]
