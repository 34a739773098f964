"""Importing a GeoNames dump (a country file and alternate names) into a gazetteer."""

from __future__ import annotations

from pathlib import Path

from frontlines.geo import Gazetteer, import_geonames


def _row(
    gid: int,
    name: str,
    ascii_name: str,
    alts: str,
    lat: float,
    lon: float,
    fclass: str,
    fcode: str,
    cc: str,
    a1: str,
    a2: str,
    pop: int,
) -> str:
    cols = [
        str(gid),
        name,
        ascii_name,
        alts,
        str(lat),
        str(lon),
        fclass,
        fcode,
        cc,
        "",
        a1,
        a2,
        "",
        "",
        str(pop),
        "",
        "300",
        "Asia/Damascus",
        "2024-01-01",
    ]
    assert len(cols) == 19
    return "\t".join(cols)


def _write_dump(folder: Path) -> tuple[Path, Path]:
    places = folder / "SY.txt"
    places.write_text(
        "\n".join(
            [
                _row(
                    6942290,
                    "Ash Shu‘avrāt",
                    "Ash Shu'ayrat",
                    "Shayrat,Al Shayrat",
                    34.49,
                    36.9,
                    "P",
                    "PPL",
                    "SY",
                    "11",
                    "",
                    0,
                ),
                _row(
                    169387,
                    "Muḩāfaz̧at Idlib",
                    "Muhafazat Idlib",
                    "Idlib Governorate,Idlib",
                    35.83333,
                    36.5,
                    "A",
                    "ADM1",
                    "SY",
                    "12",
                    "",
                    1501000,
                ),
                _row(
                    8016283,
                    "Al Ghūţah ash Sharqīyah",
                    "Al Ghutah ash Sharqiyah",
                    "Eastern Ghouta",
                    33.53,
                    36.4,
                    "A",
                    "ADM3",
                    "SY",
                    "08",
                    "",
                    0,
                ),
                _row(
                    1234567,
                    "Jabal Zawiya",
                    "Jabal Zawiya",
                    "",
                    35.6,
                    36.5,
                    "T",
                    "MTS",
                    "SY",
                    "12",
                    "",
                    0,
                ),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    alternates = folder / "alternateNamesV2.txt"
    alternates.write_text(
        "\n".join(
            [
                "1\t6942290\ten\tShayrat Airbase\t\t\t\t\t\t",
                "2\t6942290\tlink\thttps://en.wikipedia.org/wiki/Shayrat_Airbase\t\t\t\t\t\t",
                "3\t169387\ten\tIdlib Province\t1\t\t\t\t\t",
                "4\t99999999\ten\tNowhere Special\t\t\t\t\t\t",
                "5\t8016283\tiata\tXGH\t\t\t\t\t\t",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    return places, alternates


def test_import_adds_places_and_alternate_names(tmp_path: Path) -> None:
    places, alternates = _write_dump(tmp_path)
    target = tmp_path / "g.sqlite"
    # alternate names listed first: the importer still reads places first
    counts = import_geonames(target, [alternates, places])
    assert counts == {
        "places": 3,
        "alternate_names": 2,
        "features_replaced": 0,  # an empty gazetteer holds no features of ours
    }  # class T skipped; link, iata, unknown id skipped
    with Gazetteer.open(target) as gaz:
        assert [p.geonameid for p in gaz.candidates("Shayrat")] == [6942290]
        assert [p.geonameid for p in gaz.candidates("Shayrat Airbase")] == [6942290]
        assert gaz.candidates("XGH") == []
        ghouta = gaz.candidates("Eastern Ghouta")
        assert ghouta and ghouta[0].feature_code == "ADM3"
        idlib = gaz.admin1("SY", "12")
        assert idlib is not None and idlib.population == 1501000
        assert "Idlib Province" in gaz.names(169387)
        assert gaz.get(1234567) is None


def test_import_is_an_upsert(tmp_path: Path) -> None:
    places, alternates = _write_dump(tmp_path)
    target = tmp_path / "g.sqlite"
    import_geonames(target, [places, alternates])
    with Gazetteer.open(target) as gaz:
        before = gaz.stats()
    import_geonames(target, [places, alternates])
    with Gazetteer.open(target) as gaz:
        assert gaz.stats()["names"] == before["names"]
        assert gaz.stats()["places"] == before["places"]


def test_an_outdated_gazetteer_with_an_import_is_kept_with_a_warning(tmp_path: Path) -> None:
    import sqlite3

    import pytest

    from frontlines.geo import GazetteerSources, build_gazetteer
    from frontlines.geo.gazetteer import _outdated
    from tests.geo.test_geo_gazetteer import CITIES, COUNTRIES

    path = tmp_path / "g.sqlite"
    build_gazetteer(path, sources=GazetteerSources(cities=CITIES, countries=COUNTRIES))
    assert not _outdated(path)
    conn = sqlite3.connect(path)
    with conn:  # as an older frontlines left it, with a dump imported since
        conn.execute("UPDATE meta SET value = '0' WHERE key = 'build_version'")
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('imported', 'SY.txt')")
    conn.close()
    assert _outdated(path)
    with pytest.warns(UserWarning, match="imported GeoNames dump"):
        Gazetteer.open(path).close()
    assert path.exists()


def test_import_replaces_our_features_with_the_geonames_entries(tmp_path: Path) -> None:
    """A built gazetteer holds Eastern Ghouta and Shayrat from data/geo_features.csv with ids
    of ours; once a dump brings GeoNames' own entries, those stand alone."""
    from frontlines.geo import GazetteerSources, build_gazetteer
    from frontlines.geo.gazetteer import FEATURE_ID_BASE
    from tests.geo.test_geo_gazetteer import CITIES, COUNTRIES

    target = tmp_path / "g.sqlite"
    build_gazetteer(target, sources=GazetteerSources(cities=CITIES, countries=COUNTRIES))
    with Gazetteer.open(target) as gaz:
        (ours,) = gaz.candidates("Eastern Ghouta")
        assert ours.geonameid >= FEATURE_ID_BASE
    places, alternates = _write_dump(tmp_path)
    counts = import_geonames(target, [places, alternates])
    assert counts["features_replaced"] == 2
    with Gazetteer.open(target) as gaz:
        assert [p.geonameid for p in gaz.candidates("Eastern Ghouta")] == [ghouta_id(gaz)]
        assert [p.geonameid for p in gaz.candidates("Shayrat")] == [6942290]
        assert gaz.get(ours.geonameid) is None
        assert gaz.candidates("Mediterranean Sea")  # features the dump lacks stay


def ghouta_id(gaz: Gazetteer) -> int:
    (entry,) = [p for p in gaz.candidates("Eastern Ghouta") if p.feature_code == "ADM3"]
    return entry.geonameid
