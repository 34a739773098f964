"""The five seed articles on the full gazetteer: every place right, no person or
organisation taken for a place. Slow: builds (or opens $FRONTLINES_GAZETTEER) the full one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from frontlines.geo import Gazetteer, geoparse
from frontlines.geo.gazetteer import geonames_id

pytestmark = pytest.mark.slow

EXPECTED = {
    "Khan Sheikhoun": 168325,
    "Khan Sheikhun": 168325,
    "Maarrat al-Numan": 167611,
    "Hama": 170017,
    "Aleppo": 170063,
    "Damascus": 170654,
    "Latakia": 173576,
    "Daraa": 170905,
    "Quneitra": 173334,
    "Morek": 166640,
    "As-Salamiyah": 164947,
    "Astana": 1526273,
    "Sochi": 491422,
    "Homs province": 169575,
    "Hama province": 170015,
}
# Places GeoNames has but no offline source gives an id for: they come from
# data/geo_features.csv with an id of ours; the contract shows geonameid null.
FEATURES = {
    "Eastern Ghouta": ("Eastern Ghouta", "SY", "08"),  # Rif Dimashq
    "Shayrat": ("Shayrat Airbase", "SY", "11"),  # Homs governorate
}
NOT_PLACES = {
    "Rami Abdel Rahman",
    "Abu Mohammad al-Julani",
    "Anadolu Agency",
    "Reuters",
    "AP",
    "Daesh",  # a named group
    "Date",  # "Modified Date:", not Date, Japan
}


@pytest.fixture(scope="session")
def full_gazetteer(full_gazetteer_path: Path) -> Iterator[Gazetteer]:
    with Gazetteer.open(full_gazetteer_path) as gaz:
        yield gaz


def test_seed_places_resolve(seeds_dir: Path, full_gazetteer: Gazetteer) -> None:
    seen: dict[str, set[int | None]] = {}
    features: dict[str, set[tuple[str | None, str | None, str | None, int | None]]] = {}
    idlib: dict[bool, set[int | None]] = {True: set(), False: set()}
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for m in geoparse(text, gazetteer=full_gazetteer):
            assert text[m.start : m.end] == m.text
            assert m.text not in NOT_PLACES and not any(n in m.text for n in NOT_PLACES)
            seen.setdefault(m.text, set()).add(m.geonameid)
            features.setdefault(m.text, set()).add(
                (m.name, m.country_code, m.admin1_code, geonames_id(m.geonameid))
            )
            if m.text == "Idlib":
                following = text[m.end : m.end + 10].lower()
                idlib[following.startswith((" province", " governorate"))].add(m.geonameid)
    for name, gid in EXPECTED.items():
        if name in seen:
            assert seen[name] == {gid}, name
    for name, (feature, cc, admin1) in FEATURES.items():
        assert features.get(name) == {(feature, cc, admin1, None)}, name
    assert {"Khan Sheikhoun", "Hama", "Aleppo", "Damascus", "Idlib", "Latakia"} <= set(seen)
    assert {"Homs province", "Eastern Ghouta", "Shayrat", "Morek", "Astana", "Sochi"} <= set(seen)
    assert {"As-Salamiyah", "Quneitra", "Daraa"} <= set(seen)
    assert idlib[True] == {169387}
    assert 169389 in idlib[False]
