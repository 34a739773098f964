"""What raised the geoparser's benchmark accuracy, on the fixture gazetteer (no model).

Country centre points, continents, demonyms and newspaper abbreviations of
states, "Town, State" containment, possessives, places inside organisation
names, and spaCy entities that end before a full stop.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from frontlines.geo import (
    Gazetteer,
    GazetteerSources,
    build_gazetteer,
    geocode_spans,
    geoparse,
)
from frontlines.geo.recognise import recognise, tokenise
from tests.geo.test_geo_gazetteer import CITIES, COUNTRIES


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gazetteer]:
    path = tmp_path_factory.mktemp("gazaccuracy") / "gazetteer.sqlite"
    build_gazetteer(path, sources=GazetteerSources(cities=CITIES, countries=COUNTRIES))
    with Gazetteer.open(path) as g:
        yield g


def spans(text: str, *phrases: str) -> list[tuple[int, int]]:
    out = []
    for phrase in phrases:
        start = text.index(phrase)
        out.append((start, start + len(phrase)))
    return out


def test_a_country_sits_at_its_centre_point_not_its_capital(gaz: Gazetteer) -> None:
    us = gaz.country("US")
    assert us is not None and (us.lat, us.lon) == (39.76, -98.5)
    assert gaz.candidates("U.S.")[0].feature_code == "PCLI"  # a short name from geo_aliases


def test_continents_are_places(gaz: Gazetteer) -> None:
    europe = gaz.candidates("Europe")[0]
    assert (europe.feature_code, europe.geonameid) == ("CONT", 6255148)
    assert gaz.continent("AF") is not None


def test_a_given_demonym_span_is_its_country_or_continent(gaz: Gazetteer) -> None:
    text = "Syrian and American officials met European envoys."
    found = geocode_spans(text, spans(text, "Syrian", "American", "European"), gazetteer=gaz)
    assert [m.feature_code if m else None for m in found] == ["PCLI", "PCLI", "CONT"]
    assert [m.country_code if m else None for m in found][:2] == ["SY", "US"]


def test_state_abbreviation_and_town_state_containment(gaz: Gazetteer) -> None:
    maryland = gaz.abbreviation("Md.")
    assert maryland is not None and maryland.feature_code == "ADM1"
    assert maryland.admin1_code == "MD"
    # Damascus, Syria is a hundred times bigger; "Damascus, Md." is the one in Maryland.
    text = "Police in Damascus, Md., said the road was closed."
    town, state = geocode_spans(text, spans(text, "Damascus", "Md."), gazetteer=gaz)
    assert town is not None and town.geonameid == 4352728
    assert state is not None and state.geonameid == maryland.geonameid


def test_recognition_keeps_the_period_of_an_abbreviation(gaz: Gazetteer) -> None:
    text = "He grew up in Damascus, Md. and moved away."
    found = {(m.text, m.geonameid) for m in geoparse(text, gazetteer=gaz, use_model=False)}
    assert ("Damascus", 4352728) in found
    assert any(t == "Md." for t, _ in found)


def test_a_possessive_is_not_part_of_the_name(gaz: Gazetteer) -> None:
    assert [t.text for t in tokenise("Aleppo's mayor")] == ["Aleppo", "'", "s", "mayor"]
    assert [t.text for t in tokenise("O'Neill")] == ["O'Neill"]
    found = geoparse("Fighting in Aleppo's east.", gazetteer=gaz, use_model=False)
    assert [(m.text, m.geonameid) for m in found] == [("Aleppo", 170063)]


def test_function_words_are_never_places(gaz: Gazetteer) -> None:
    text = "The\nIn the end all went well."
    assert recognise(text, gaz).toponyms == []


def _doc(words: list[str], spaces: list[bool], ents: list[tuple[int, int, str]]):  # noqa: ANN202
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import Doc, Span

    doc = Doc(spacy.blank("en").vocab, words=words, spaces=spaces)
    doc.ents = [Span(doc, s, e, label) for s, e, label in ents]
    return doc


def test_a_place_inside_an_organisation_name(gaz: Gazetteer) -> None:
    words = ["the", "Idlib", "Health", "Directorate", "and", "Anadolu", "Agency", "reported"]
    doc = _doc(words, [True] * 7 + [False], [(0, 4, "ORG"), (5, 7, "ORG")])
    found = [(m.text, m.feature_code) for m in geoparse(doc.text, gazetteer=gaz, doc=doc)]
    assert [text for text, _ in found] == ["Idlib"]  # and nothing of the news agency


def test_an_entity_ending_before_a_full_stop(gaz: Gazetteer) -> None:
    words = ["Shelling", "hit", "the", "Kharkiv", "Regional", "Administration", "."]
    doc = _doc(words, [True] * 5 + [False, False], [(2, 6, "ORG")])
    found = [m.text for m in geoparse(doc.text, gazetteer=gaz, doc=doc)]
    assert found == ["Kharkiv"]


def test_a_direction_word_is_not_part_of_the_place(gaz: Gazetteer) -> None:
    words = ["Rain", "fell", "in", "Northeast", "Kharkiv", "today"]
    doc = _doc(words, [True] * 5 + [False], [(3, 5, "GPE")])
    found = [(m.text, m.geonameid) for m in geoparse(doc.text, gazetteer=gaz, doc=doc)]
    assert found == [("Kharkiv", 706483)]


def test_recognise_and_resolve_use_the_gazetteer_api() -> None:
    import frontlines.geo.recognise as recognise_module
    import frontlines.geo.resolve as resolve_module

    for module in (recognise_module, resolve_module):
        assert "._conn" not in Path(str(module.__file__)).read_text(encoding="utf-8")


def test_a_lower_case_compound_tail_is_split_off() -> None:
    words = [t.text for t in tokenise("Kharkiv-based al-Numan Stratford-upon-Avon 9-year-old")]
    assert words == ["Kharkiv", "-", "based", "al-Numan", "Stratford-upon-Avon"] + [
        "9",
        "-",
        "year",
        "-",
        "old",
    ]


def test_a_dateline_in_capitals_is_a_place(gaz: Gazetteer) -> None:
    text = "KHARKIV, Ukraine — Shelling resumed overnight."
    found = [(m.text, m.geonameid) for m in geoparse(text, gazetteer=gaz, use_model=False)]
    assert ("KHARKIV", 706483) in found


def test_has_name(gaz: Gazetteer) -> None:
    assert gaz.has_name("Khan Sheikhun") and gaz.has_name("KHARKIV")
    assert not gaz.has_name("Nowhere Springs")
