"""Derive the web page's offline base map, ``src/frontlines/data/basemap/``, from the
Natural Earth layers in ``../shared/data/naturalearth/``.

Run from the repository with ``../shared`` beside it (a developer's step, not a
build step; the files it writes are package data)::

    .venv/bin/python tools/basemap_layers.py ../shared

Lines are simplified with Douglas-Peucker and rounded to ``DECIMALS`` places.
Countries and provinces are simplified border by border: a border two of them
share is cut at the points where its neighbours change and simplified once, so
both sides keep the same line (no slivers or doubled borders). The coastline is
the countries' edges no other country shares (NE's admin-0 is cut along its
coast), so coast and land meet exactly; the provinces ship as the borders
between two provinces only, as the country layer draws the rest. Parts smaller
than twice the tolerance are dropped, except a country's largest part, so no
small country vanishes. Countries get a label point (the point of their largest
part farthest from its edges); admin-1 label points lose NE's parenthesised
second names ("Aleppo (Halab)" becomes "Aleppo"). It also writes the folder's README.
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pycountry

OUT = Path(__file__).resolve().parent.parent / "src/frontlines/data/basemap"
# Douglas-Peucker tolerance in degrees: 0.02 is about 2 km, two pixels at zoom 7 where the
# page shows a province; borders are what a reader looks at most, rivers and lakes are coarser.
BORDER_TOLERANCE = 0.02
TOLERANCE = 0.03
DECIMALS = 2  # about 1 km, half the finest tolerance

Point = tuple[float, float]
Ring = list[Point]
Polygon = list[Ring]
Feature = dict[str, Any]


def _line_distance(p: Point, a: Point, b: Point) -> float:
    """Distance from ``p`` to the segment ``a``-``b``, in degrees (flat, as the test needs)."""
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def douglas_peucker(points: Ring, tolerance: float) -> Ring:
    """``points`` without the vertices that lie within ``tolerance`` of the simplified line;
    the two ends always stay."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, at = 0.0, -1
        for i in range(first + 1, last):
            d = _line_distance(points[i], points[first], points[last])
            if d > worst:
                worst, at = d, i
        if at >= 0 and worst > tolerance:
            keep[at] = True
            stack += [(first, at), (at, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _rounded(points: Ring, decimals: int = DECIMALS) -> Ring:
    out: Ring = []
    for x, y in points:
        p = (round(x, decimals), round(y, decimals))
        if not out or out[-1] != p:
            out.append(p)
    return out


def _extent(points: Ring) -> float:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return max(max(xs) - min(xs), max(ys) - min(ys))


def simplify_closed(ring: Ring, tolerance: float) -> Ring:
    """A closed ring simplified, split at its farthest point from the first so
    Douglas-Peucker has two ends; rounded, closed again."""
    pts = ring[:-1] if ring[0] == ring[-1] else ring
    far = max(range(len(pts)), key=lambda i: math.dist(pts[0], pts[i]))
    half = douglas_peucker(pts[: far + 1], tolerance)
    rest = douglas_peucker([*pts[far:], pts[0]], tolerance)
    return _rounded(half[:-1] + rest)


def _usable(ring: Ring, tolerance: float) -> bool:
    return len(ring) >= 4 and ring[0] == ring[-1] and _extent(ring) >= 2 * tolerance


def ring_area(ring: Ring) -> float:
    """Shoelace area in square degrees (unsigned)."""
    return abs(
        sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False)) / 2
    )


def _polygons(geometry: dict[str, Any]) -> list[Polygon]:
    coords = geometry["coordinates"]
    polys = [coords] if geometry["type"] == "Polygon" else coords
    return [[[(p[0], p[1]) for p in ring] for ring in poly] for poly in polys]


def _geometry(polys: list[Polygon]) -> dict[str, Any]:
    if len(polys) == 1:
        return {"type": "Polygon", "coordinates": polys[0]}
    return {"type": "MultiPolygon", "coordinates": polys}


def _lines(lines: list[Ring]) -> dict[str, Any]:
    if len(lines) == 1:
        return {"type": "LineString", "coordinates": lines[0]}
    return {"type": "MultiLineString", "coordinates": lines}


def _segment(a: Point, b: Point) -> tuple[Point, Point]:
    return (a, b) if a <= b else (b, a)


class SharedBorders:
    """Simplifies a set of polygons that share borders (NE's admin layers share vertices
    exactly): each ring is cut into arcs where the set of features along it changes, and
    each arc is simplified once, whichever side asks first, so neighbours keep one line."""

    def __init__(self, features: list[list[Polygon]], tolerance: float) -> None:
        self.tolerance = tolerance
        self.owners: dict[tuple[Point, Point], set[int]] = defaultdict(set)
        for i, polys in enumerate(features):
            for poly in polys:
                for ring in poly:
                    for a, b in zip(ring, ring[1:], strict=False):
                        self.owners[_segment(a, b)].add(i)
        self.done: dict[tuple[Point, ...], Ring] = {}

    def _arc(self, arc: Ring) -> Ring:
        key, back = tuple(arc), tuple(reversed(arc))
        canonical = min(key, back)
        if canonical not in self.done:
            self.done[canonical] = _rounded(douglas_peucker(list(canonical), self.tolerance))
        out = self.done[canonical]
        return out if canonical == key else out[::-1]

    def ring(self, ring: Ring) -> tuple[Ring, list[tuple[Ring, int]]]:
        """The ring simplified, and its arcs with how many features share each."""
        pts = ring[:-1] if ring[0] == ring[-1] else ring
        n = len(pts)
        along = [frozenset(self.owners[_segment(pts[i], pts[(i + 1) % n])]) for i in range(n)]
        nodes = [i for i in range(n) if along[i - 1] != along[i]]
        if not nodes:  # an island, or an enclave wholly inside one neighbour
            start = min(range(n), key=lambda i: pts[i])  # the same start from either side
            turned = pts[start:] + pts[:start]
            if turned[-1] < turned[1]:
                turned = [turned[0], *reversed(turned[1:])]
            key = (*turned, turned[0])
            if key not in self.done:
                self.done[key] = simplify_closed(list(key), self.tolerance)
            out = self.done[key]
            return out, [(out, len(along[0]))]
        arcs = []
        for k, start in enumerate(nodes):
            end = nodes[(k + 1) % len(nodes)]
            span = range(start, end + 1) if end > start else range(start, end + n + 1)
            arcs.append((self._arc([pts[i % n] for i in span]), len(along[start])))
        joined = _rounded([p for arc, _ in arcs for p in arc])
        if joined[0] != joined[-1]:
            joined.append(joined[0])
        return joined, arcs

    def feature(
        self, polys: list[Polygon], *, keep_largest: bool
    ) -> tuple[list[Polygon], list[tuple[Ring, int]]]:
        """A feature's polygons simplified (small parts dropped) and the arcs of the kept ones."""
        largest = max(range(len(polys)), key=lambda i: ring_area(polys[i][0]))
        out: list[Polygon] = []
        arcs: list[tuple[Ring, int]] = []
        for i, poly in enumerate(polys):
            outer, outer_arcs = self.ring(poly[0])
            if not _usable(outer, self.tolerance):
                if not (keep_largest and i == largest):
                    continue
                # the country's largest part (Monaco, Vatican) kept whole, at NE's precision
                outer, outer_arcs = _rounded(poly[0], 4), [(_rounded(poly[0], 4), 1)]
            kept = [outer]
            arcs += outer_arcs
            for hole in poly[1:]:
                simple, hole_arcs = self.ring(hole)
                if _usable(simple, self.tolerance):
                    kept.append(simple)
                    arcs += hole_arcs
            out.append(kept)
        return out, arcs


def _inside(x: float, y: float, ring: Ring) -> bool:
    hit = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def label_point(polygon: Polygon) -> Point:
    """The point of ``polygon`` farthest from its edges, found on three refining grids."""
    outer = polygon[0]
    xs, ys = [p[0] for p in outer], [p[1] for p in outer]
    scale = math.cos(math.radians((min(ys) + max(ys)) / 2)) or 1.0
    segments = [s for ring in polygon for s in zip(ring, ring[1:], strict=False)]

    def clearance(x: float, y: float) -> float:
        if not _inside(x, y, outer) or any(_inside(x, y, h) for h in polygon[1:]):
            return -1.0
        return min(
            _line_distance((x * scale, y), (a[0] * scale, a[1]), (b[0] * scale, b[1]))
            for a, b in segments
        )

    best = (sum(xs) / len(xs), sum(ys) / len(ys))
    best_d = clearance(*best)
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    for _ in range(3):
        n = 16
        dx, dy = (x1 - x0) / n, (y1 - y0) / n
        for i in range(n + 1):
            for j in range(n + 1):
                x, y = x0 + i * dx, y0 + j * dy
                d = clearance(x, y)
                if d > best_d:
                    best, best_d = (x, y), d
        x0, x1 = best[0] - 2 * dx, best[0] + 2 * dx
        y0, y1 = best[1] - 2 * dy, best[1] + 2 * dy
    return (round(best[0], DECIMALS), round(best[1], DECIMALS))


def _alpha2(adm0_a3: str, iso_a2: str) -> str:
    """ISO alpha-2, from ADM0_A3 where NE's own is -99 (France, Norway)."""
    if iso_a2 and iso_a2 != "-99":
        return iso_a2
    country = pycountry.countries.get(alpha_3=adm0_a3)
    return country.alpha_2 if country else ""


def short_name(name: str) -> str:
    """'Aleppo (Halab)' -> 'Aleppo'; NE's backtick for an ayn becomes an apostrophe."""
    return re.sub(r"\s*\(.*?\)\s*", " ", name).strip().replace("`", "'")


def _collection(features: list[Feature]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features}


def countries_and_coast(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The countries, with a label point and area each, and their coasts (one feature each)."""
    source = [_polygons(f["geometry"]) for f in data["features"]]
    borders = SharedBorders(source, BORDER_TOLERANCE)
    countries, coasts = [], []
    for feature, polys in zip(data["features"], source, strict=True):
        p = feature["properties"]
        simple, arcs = borders.feature(polys, keep_largest=True)
        main = max(simple, key=lambda poly: ring_area(poly[0]))
        iso_a2 = _alpha2(p["ADM0_A3"], p["ISO_A2"])
        props = {
            "name": p["NAME"],
            "iso_a2": iso_a2,
            "adm0_a3": p["ADM0_A3"],
            "label": list(label_point(main)),
            "area": round(sum(ring_area(poly[0]) for poly in simple), 1),  # label priority
        }
        countries.append({"type": "Feature", "properties": props, "geometry": _geometry(simple)})
        coast = [arc for arc, shared in arcs if shared == 1 and len(arc) >= 2]
        if coast:
            coasts.append(
                {"type": "Feature", "properties": {"iso_a2": iso_a2}, "geometry": _lines(coast)}
            )
    return _collection(countries), _collection(coasts)


def province_borders(data: dict[str, Any]) -> dict[str, Any]:
    """The lines between two first-level admin areas, one feature per country."""
    source = [_polygons(f["geometry"]) for f in data["features"]]
    borders = SharedBorders(source, BORDER_TOLERANCE)
    by_country: dict[str, list[Ring]] = defaultdict(list)
    seen: set[tuple[Point, ...]] = set()
    for feature, polys in zip(data["features"], source, strict=True):
        _, arcs = borders.feature(polys, keep_largest=False)
        for arc, shared in arcs:
            key = min(tuple(arc), tuple(reversed(arc)))
            if shared >= 2 and len(arc) >= 2 and key not in seen:
                seen.add(key)
                by_country[feature["properties"]["iso_a2"]].append(arc)
    return _collection(
        [
            {"type": "Feature", "properties": {"iso_a2": cc}, "geometry": _lines(lines)}
            for cc, lines in sorted(by_country.items())
        ]
    )


def province_labels(data: dict[str, Any]) -> dict[str, Any]:
    """A table of ``[name, iso_a2, lon, lat]`` rows: a third of the size of GeoJSON points."""
    rows = []
    for feature in data["features"]:
        p = feature["properties"]
        if p.get("name"):
            x, y = feature["geometry"]["coordinates"]
            iso_a2 = _alpha2(p["adm0_a3"], p.get("iso_a2") or "")
            rows.append([short_name(p["name"]), iso_a2, round(x, DECIMALS), round(y, DECIMALS)])
    return {"fields": ["name", "iso_a2", "lon", "lat"], "rows": rows}


def rivers(data: dict[str, Any]) -> dict[str, Any]:
    out = []
    for feature in data["features"]:
        g = feature["geometry"]
        parts = [g["coordinates"]] if g["type"] == "LineString" else g["coordinates"]
        lines = [_rounded(douglas_peucker([(p[0], p[1]) for p in ln], TOLERANCE)) for ln in parts]
        lines = [ln for ln in lines if len(ln) >= 2 and _extent(ln) >= 2 * TOLERANCE]
        if lines:
            props = (
                {"name": feature["properties"]["name"]} if feature["properties"].get("name") else {}
            )
            out.append({"type": "Feature", "properties": props, "geometry": _lines(lines)})
    return _collection(out)


def lakes(data: dict[str, Any]) -> dict[str, Any]:
    out = []
    for feature in data["features"]:
        polys = []
        for poly in _polygons(feature["geometry"]):
            rings = [simplify_closed(ring, TOLERANCE) for ring in poly]
            if _usable(rings[0], TOLERANCE):
                polys.append([r for r in rings if _usable(r, TOLERANCE)])
        if polys:
            props = (
                {"name": feature["properties"]["name"]} if feature["properties"].get("name") else {}
            )
            out.append({"type": "Feature", "properties": props, "geometry": _geometry(polys)})
    return _collection(out)


README = """\
# Base map (Natural Earth)

Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com
(public domain). The web page draws these layers under the events when no tile
server is configured (`FRONTLINES_TILES_URL`); the app serves them at `/basemap/`.

`tools/basemap_layers.py` writes every file here from `../shared/data/naturalearth/`
(NE 4.0.0 at 1:50m; the admin-1 polygons NE 5.1 at 1:50m; the admin-1 label points
NE 4.0.0 at 1:10m), Douglas-Peucker at {border} degrees for borders and coasts and
{tolerance} for rivers and lakes, coordinates rounded to {decimals} decimals, keeping
only what the page uses. Do not edit them by hand.

| file | what it holds | features | bytes |
| --- | --- | ---: | ---: |
{rows}

In all {total:,} bytes.
"""


def main(naturalearth: Path) -> int:
    def read(name: str) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((naturalearth / name).read_text("utf-8"))
        return data

    countries, coast = countries_and_coast(read("ne_50m_admin_0_countries.geojson"))
    layers = [
        ("countries.geojson", "countries (admin-0), each with a label point", countries),
        ("coastline.geojson", "coasts: the countries' edges no other country shares", coast),
        (
            "admin1_borders.geojson",
            "borders between first-level admin areas, 9 countries only "
            "(RU, US, IN, ID, CN, BR, CA, AU, ZA: NE's 1:50m admin-1 layer)",
            province_borders(read("ne_50m_admin_1_states_provinces.geojson")),
        ),
        (
            "admin1_labels.json",
            "a label point for every first-level admin area in the world, "
            "as a table of `[name, iso_a2, lon, lat]` rows (not GeoJSON)",
            province_labels(read("ne_10m_admin_1_label_points.geojson")),
        ),
        (
            "rivers.geojson",
            "rivers and lake centre-lines",
            rivers(read("ne_50m_rivers_lake_centerlines.geojson")),
        ),
        ("lakes.geojson", "lakes", lakes(read("ne_50m_lakes.geojson"))),
    ]
    OUT.mkdir(parents=True, exist_ok=True)
    rows, total = [], 0
    for name, what, body in layers:
        text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
        (OUT / name).write_text(text + "\n", encoding="utf-8")
        size = (OUT / name).stat().st_size
        count = len(body.get("features", body.get("rows", [])))
        total += size
        rows.append(f"| `{name}` | {what} | {count:,} | {size:,} |")
        print(f"{name}: {count} features, {size:,} bytes", file=sys.stderr)
    (OUT / "README.md").write_text(
        README.format(
            border=BORDER_TOLERANCE,
            tolerance=TOLERANCE,
            decimals=DECIMALS,
            rows="\n".join(rows),
            total=total,
        ),
        encoding="utf-8",
    )
    print(f"{total:,} bytes in all -> {OUT}", file=sys.stderr)
    return 0


SOURCES = [
    "ne_50m_admin_0_countries.geojson",
    "ne_50m_admin_1_states_provinces.geojson",
    "ne_10m_admin_1_label_points.geojson",
    "ne_50m_rivers_lake_centerlines.geojson",
    "ne_50m_lakes.geojson",
]


def _cli(argv: list[str]) -> int:
    if any(a in ("-h", "--help") for a in argv):
        print(__doc__)
        return 0
    shared = Path(argv[0] if argv else os.environ.get("FRONTLINES_SHARED", "../shared"))
    naturalearth = shared / "data/naturalearth"
    missing = [str(naturalearth / name) for name in SOURCES if not (naturalearth / name).is_file()]
    if missing:
        print(f"error: {', '.join(missing)} not found; pass the shared folder", file=sys.stderr)
        return 2
    return main(naturalearth)


if __name__ == "__main__":
    sys.exit(_cli(sys.argv[1:]))
