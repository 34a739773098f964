"""Name normalisation and variant keys: spellings of one place meet, others do not."""

from __future__ import annotations

import pytest

from frontlines.geo.names import (
    admin_name_stems,
    name_keys,
    normalise_name,
    place_words,
    split_place_phrase,
    without_leading_article,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Ḩamāh", "hamah"),
        ("Ma‘arrat an Nu‘mān", "maarrat an numan"),
        ("Ma'arrat an-Nu'man", "maarrat an numan"),
        ("Maʿarrat al-Nuʿmān", "maarrat al numan"),
        ("Khān Shaykhūn", "khan shaykhun"),
        ("Deir ez-Zor", "deir ez zor"),
        ("  Kharkivs’ka   Oblast’ ", "kharkivska oblast"),
        ("İdlib", "idlib"),
        ("Łódź", "lodz"),
        ("Straße", "strasse"),
        ("", ""),
    ],
)
def test_normalise_name_folds_case_marks_and_punctuation(raw: str, expected: str) -> None:
    assert normalise_name(raw) == expected


SAME_PLACE = [
    ["Khan Sheikhoun", "Khan Sheikhun", "Khan Shaykhun", "Khān Shaykhūn", "Khan-Sheikhoun"],
    [
        "Maaret al-Numan",
        "Maarrat al-Numan",
        "Maarat al-Numan",
        "Ma'arrat an-Nu'man",
        "Ma‘arrat an Nu‘mān",
    ],
    ["Kharkiv", "Kharkov", "Khar’kov"],
    ["El Fasher", "Al-Fashir", "Al Fashir"],
    ["Hama", "Ḩamāh", "Hamah"],
    ["Deir ez-Zor", "Dayr az Zawr", "Deir el-Zor"],
    ["Idlib", "Idleb"],
    ["As Salamiyah", "Salamiyeh", "Salamiyah"],
    ["Kyiv", "Kiev"],
    ["North Darfur", "Northern Darfur"],
    ["Eastern Ghouta", "East Ghouta"],
    ["Qamishli", "Al Qamishli", "Al-Qāmishlī", "Kamishli"],
]


@pytest.mark.parametrize("spellings", SAME_PLACE, ids=lambda s: s[0])
def test_spellings_of_one_place_share_a_key(spellings: list[str]) -> None:
    shared = set.intersection(*(set(name_keys(s)) for s in spellings))
    assert shared, {s: sorted(name_keys(s)) for s in spellings}


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Homs", "Hama"),
        ("Idlib", "Aleppo"),
        ("Kharkiv", "Kherson"),
        ("Daraa", "Deir ez-Zor"),
        ("North Darfur", "South Darfur"),
    ],
)
def test_different_places_do_not_share_keys(one: str, other: str) -> None:
    assert not set(name_keys(one)) & set(name_keys(other))


def test_exact_key_is_the_normalised_name_and_loose_key_is_marked() -> None:
    keys = name_keys("Khān Shaykhūn")
    assert "khan shaykhun" in keys
    assert any(k.startswith("~") for k in keys)
    assert name_keys("") == frozenset()


def test_non_latin_names_keep_only_their_normalised_form() -> None:
    keys = name_keys("Харків")
    assert len(keys) == 1
    assert not next(iter(keys)).startswith("~")


def test_article_alone_is_not_dropped_to_nothing() -> None:
    assert name_keys("As")  # a one-word name that is also an article form


@pytest.mark.parametrize(
    ("phrase", "core", "feature", "direction"),
    [
        ("Idlib province", "idlib", "province", None),
        ("southern Idlib countryside", "idlib", "countryside", "southern"),
        ("north-western Syria", "syria", None, "north western"),
        ("the Province of Hama", "hama", "province", None),
        ("Kharkiv Oblast", "kharkiv", "oblast", None),
        ("Lozova City Council", "lozova", "city council", None),
        ("Aleppo", "aleppo", None, None),
        ("North State Street", "state street", None, "north"),  # "State" is part of the name
    ],
)
def test_split_place_phrase(
    phrase: str, core: str, feature: str | None, direction: str | None
) -> None:
    split = split_place_phrase(phrase)
    assert (split.core, split.feature_word, split.direction) == (core, feature, direction)


def test_admin_stems_drop_adjectival_endings() -> None:
    assert "kharkiv" in admin_name_stems("Kharkivs’ka Oblast’")
    assert "rostov" in admin_name_stems("Rostovskaya Oblast'")
    assert admin_name_stems("Idlib") == {"idlib"}


def test_place_words_are_data() -> None:
    words = place_words()
    assert {"al", "el", "an", "ash", "ad", "ar", "as", "at", "az"} <= words.articles
    assert {
        "province",
        "governorate",
        "district",
        "countryside",
        "oblast",
        "region",
        "state",
    } <= set(words.feature_words)
    assert "north western" in words.direction_words
    assert words.romanisation


@pytest.mark.parametrize(
    ("name", "bare"),
    [
        ("al anbar", "anbar"),
        ("an najaf", "najaf"),
        ("ar raqqah", "raqqah"),
        ("al bab", ""),  # too short a rest: "Bab" alone names too much
        ("aleppo", ""),
        ("al", ""),
    ],
)
def test_without_leading_article(name: str, bare: str) -> None:
    assert without_leading_article(name) == bare
