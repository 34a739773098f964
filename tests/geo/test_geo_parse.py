"""Geoparsing on the ~20-place fixture gazetteer: recognition cues and resolution rules.

No statistical model: recognition runs on the gazetteer and cue words alone
(``use_model=False``) or on a hand-built spaCy ``Doc``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from frontlines.geo import (
    Gazetteer,
    GazetteerSources,
    PlaceMention,
    build_gazetteer,
    geocode_spans,
    geoparse,
)
from frontlines.geo.recognise import demonym_country, name_index
from tests.geo.test_geo_gazetteer import CITIES, COUNTRIES


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gazetteer]:
    path = tmp_path_factory.mktemp("gazparse") / "gazetteer.sqlite"
    build_gazetteer(path, sources=GazetteerSources(cities=CITIES, countries=COUNTRIES))
    with Gazetteer.open(path) as g:
        yield g


def by_text(found: list[PlaceMention]) -> dict[str, set[int | None]]:
    out: dict[str, set[int | None]] = {}
    for m in found:
        out.setdefault(m.text, set()).add(m.geonameid)
    return out


TEXT = (
    "Fighters entered Khan Sheikhoun in Idlib province on Saturday. Shelling hit Hama "
    "and the town of Morek, the Syrian Observatory said. Rami Abdel Rahman said Damascus "
    "had lost Maarrat al-Numan. Reuters reported clashes near Aleppo."
)


def test_geoparse_finds_and_resolves_with_exact_offsets(gaz: Gazetteer) -> None:
    found = geoparse(TEXT, gazetteer=gaz, use_model=False)
    for m in found:
        assert TEXT[m.start : m.end] == m.text
    places = by_text(found)
    assert places["Khan Sheikhoun"] == {168325}
    assert places["Idlib"] == {169387}  # "Idlib province" is the governorate
    assert places["Hama"] == {170017}  # a bare "Hama" is the city
    assert places["Morek"] == {166640}
    assert places["Damascus"] == {170654}  # Syria, not Maryland: the article's focus
    # without the model only exact spellings are found; "Maarrat al-Numan" needs NER
    assert places["Aleppo"] == {170063}
    assert not {"Rami", "Rahman", "Reuters", "Syrian", "Observatory"} & set(places)


def test_demonyms_are_country_context_not_mentions(gaz: Gazetteer) -> None:
    index = name_index(gaz)
    assert demonym_country("Syrian", index) == "SY"
    assert demonym_country("Russian", index) == "RU"
    assert demonym_country("Aleppo", index) is None


def test_geocode_spans_answers_each_span(gaz: Gazetteer) -> None:
    text = "Damascus and Idlib province were shelled; Idlib city was calm. Zorbleton too."
    spans = [(0, 8), (13, 18), (42, 47), (63, 72)]
    found = geocode_spans(text, spans, gazetteer=gaz)
    assert len(found) == len(spans)
    first, province, city, unknown = found
    assert first is not None and first.geonameid == 170654
    assert province is not None and province.geonameid == 169387
    assert city is not None and city.country_code == "SY"
    # an unknown local name falls back to the article's focus, with low confidence
    assert unknown is not None and unknown.confidence < 0.5


def test_candidates_and_confidence(gaz: Gazetteer) -> None:
    (m,) = [x for x in geoparse("Talks in Damascus.", gazetteer=gaz, use_model=False)]
    assert m.geonameid == 170654 and 0.0 < m.confidence <= 1.0
    assert 4352728 in [gid for gid, _, _ in m.candidates]


def test_with_a_hand_built_doc(gaz: Gazetteer) -> None:
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import Doc, Span

    nlp = spacy.blank("en")
    words = ["Abu", "Mohammad", "al-Julani", "visited", "Khan", "Sheikhoun", "and", "Hama", "."]
    doc = Doc(nlp.vocab, words=words, spaces=[True] * 7 + [False, False])
    doc.ents = [Span(doc, 0, 3, "PERSON"), Span(doc, 4, 6, "PERSON"), Span(doc, 7, 8, "ORG")]
    found = geoparse(doc.text, gazetteer=gaz, doc=doc)
    places = by_text(found)
    assert places == {"Khan Sheikhoun": {168325}, "Hama": {170017}}


def test_unknown_local_names_sit_at_the_dateline(gaz: Gazetteer) -> None:
    # "Bab Touma Street" is in no gazetteer: it sits at the article's dateline town,
    # not at the other town the article names more often.
    text = (
        "HOMS - A shell hit Bab Touma Street on Monday. Residents fled to Hama. "
        "Hama officials said Hama hospitals were full."
    )
    start = text.index("Bab Touma Street")
    (street,) = geocode_spans(text, [(start, start + len("Bab Touma Street"))], gazetteer=gaz)
    assert street is not None and street.name == "Homs" and street.confidence <= 0.1


def test_unknown_local_names_sit_in_the_articles_main_country(gaz: Gazetteer) -> None:
    # One mention of a Maryland town does not outvote the Syrian towns: the street sits in Syria.
    text = "Damascus, Maryland, was quiet. In Aleppo and Idlib, and again in Aleppo, Al-Jala Street was shelled."
    start = text.index("Al-Jala Street")
    (street,) = geocode_spans(text, [(start, start + len("Al-Jala Street"))], gazetteer=gaz)
    assert street is not None and street.country_code == "SY"


def test_a_list_is_not_a_place_inside_the_next(gaz: Gazetteer) -> None:
    # "Paris, Texas" links a town to its area; "Idlib, Aleppo and Hama" is a list.
    text = "Shelling hit Idlib, Aleppo and Hama on Sunday."
    found = by_text(geoparse(text, gazetteer=gaz, use_model=False))
    assert found["Idlib"] == {169389} and found["Aleppo"] == {170063}


def test_a_demonym_before_state_is_the_country(gaz: Gazetteer) -> None:
    text = "Russian state television said troops had reached Bakhmut."
    (russian,) = geocode_spans(text, [(0, 7)], gazetteer=gaz)
    assert russian is not None and russian.feature_code == "PCLI" and russian.country_code == "RU"


def test_named_features_from_the_data_file(gaz: Gazetteer) -> None:
    # Seas and regions come from data/geo_features.csv, with an id of ours and no GeoNames id.
    from frontlines.geo.gazetteer import geonames_id

    text = (
        "Ships in the Black Sea and the Mediterranean were hit; fighting went on in Eastern Ghouta."
    )
    spans = [
        (text.index(n), text.index(n) + len(n))
        for n in ("Black Sea", "Mediterranean", "Eastern Ghouta")
    ]
    black, med, ghouta = geocode_spans(text, spans, gazetteer=gaz)
    assert black is not None and black.feature_code == "SEA"
    assert med is not None and med.name == "Mediterranean Sea"
    assert ghouta is not None and (ghouta.country_code, ghouta.admin1_code) == ("SY", "08")
    assert geonames_id(ghouta.geonameid) is None


def test_a_group_is_not_a_place(gaz: Gazetteer) -> None:
    text = "Both Daesh and the army advanced towards Morek."
    assert "Daesh" not in by_text(geoparse(text, gazetteer=gaz, use_model=False))


def test_demonyms_are_context_unless_asked_for(gaz: Gazetteer) -> None:
    text = "Syrian troops entered Morek on Monday."
    assert "Syrian" not in by_text(geoparse(text, gazetteer=gaz, use_model=False))
    found = geoparse(text, gazetteer=gaz, use_model=False, demonyms=True)
    syrian = [m for m in found if m.text == "Syrian"]
    assert len(syrian) == 1 and syrian[0].feature_code == "PCLI"
    assert syrian[0].country_code == "SY" and (syrian[0].start, syrian[0].end) == (0, 6)
    assert [m.start for m in found] == sorted(m.start for m in found)


def test_a_seat_of_government_speaking_is_not_a_town(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    # White House, Tennessee is real; "the White House said" is the US government.
    from tests.geo.test_geo_gazetteer import _city

    cities = [*CITIES, _city(4659446, "White House", 36.47, -86.65, "US", "TN", 10255, [])]
    path = tmp_path_factory.mktemp("gazseat") / "gazetteer.sqlite"
    build_gazetteer(path, sources=GazetteerSources(cities=cities, countries=COUNTRIES))
    text = "Officials at the White House said the strike on Aleppo was a war crime."
    with Gazetteer.open(path) as gaz:
        assert gaz.candidates("White House")  # the town is there
        found = by_text(geoparse(text, gazetteer=gaz))  # the model calls it a place
    assert "White House" not in found


def test_what_war_is_waged_on_is_a_place(gaz: Gazetteer) -> None:
    # The model calls "Aleppo" a person here; "the strike on" says it is a place.
    text = "Officials said the strike on Aleppo was a war crime."
    assert by_text(geoparse(text, gazetteer=gaz)).get("Aleppo") == {170063}


def test_a_name_opening_a_sentence_is_a_place_when_named_elsewhere(gaz: Gazetteer) -> None:
    alone = "Rebels said the night was quiet. Morek is surrounded."
    assert "Morek" not in by_text(geoparse(alone, gazetteer=gaz, use_model=False))
    twice = "Rebels said shelling hit Morek again. Morek is surrounded."
    found = geoparse(twice, gazetteer=gaz, use_model=False)
    assert [m.start for m in found if m.text == "Morek"] == [25, 38]
