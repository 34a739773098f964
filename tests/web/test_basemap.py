"""The offline base map: the shipped Natural Earth layers, and what the browser paints with them
(checked in the DOM and in the screenshot's pixels), the slider's play button, and tiles
replacing the base map when a tile server is configured."""

from __future__ import annotations

import io
import json
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from frontlines.api import create_app
from tests.web.conftest import TILES_URL, LiveServer, screen_colours
from tests.web.test_web_page import KHAN_SHEIKHOUN, _load, _shot, _slide_to

LAYERS = {  # file -> fewest features it must hold
    "countries.geojson": 240,
    "coastline.geojson": 150,
    "admin1_borders.geojson": 9,
    "rivers.geojson": 400,
    "lakes.geojson": 350,
}
MAX_BYTES = 3_000_000  # "a few MB at most": it is about 2 MB
# app.css / basemap.js colours, as the screenshot shows them
LAND = (0xF4, 0xF1, 0xE8)
SEA = (0xC9, 0xDC, 0xEC)
SIDES = {
    "state": (0x2B, 0x6C, 0xB0),
    "external": (0x80, 0x5A, 0xD5),
    "nonstate": (0xDD, 0x6B, 0x20),
    "contested": (0xD6, 0x9E, 0x2E),
    "unknown": (0xA0, 0xAE, 0xC0),
}
IDLIB = (35.6, 36.7)
SYRIA_VIEW = "() => window.frontlinesMap.setView([35.3, 37.5], 7, { animate: false })"


def _basemap() -> Path:
    return Path(str(resources.files("frontlines") / "data" / "basemap"))


def _features(name: str) -> list[dict[str, Any]]:
    features: list[dict[str, Any]] = json.loads((_basemap() / name).read_text("utf-8"))["features"]
    return features


def _points(geometry: dict[str, Any]) -> set[tuple[float, float]]:
    def walk(c: Any) -> Any:
        if isinstance(c[0], int | float):
            yield (c[0], c[1])
        else:
            for part in c:
                yield from walk(part)

    return set(walk(geometry["coordinates"]))


def test_the_shipped_base_map_is_small_whole_and_credited() -> None:
    folder = _basemap()
    total = sum(p.stat().st_size for p in folder.iterdir())
    assert total < MAX_BYTES, total
    for name, fewest in LAYERS.items():
        data = json.loads((folder / name).read_text("utf-8"))
        assert data["type"] == "FeatureCollection" and len(data["features"]) >= fewest, name
        for feature in data["features"]:
            for lon, lat in _points(feature["geometry"]):
                assert -180 <= lon <= 180 and -90 <= lat <= 90, (name, lon, lat)
    labels = json.loads((folder / "admin1_labels.json").read_text("utf-8"))
    assert labels["fields"] == ["name", "iso_a2", "lon", "lat"]
    syria = {row[0] for row in labels["rows"] if row[1] == "SY"}
    assert {"Idlib", "Aleppo", "Hamah", "Homs"} <= syria, syria
    countries = {f["properties"]["iso_a2"]: f["properties"] for f in _features("countries.geojson")}
    assert countries["SY"]["name"] == "Syria" and countries["FR"]["adm0_a3"] == "FRA"
    assert "Natural Earth" in (folder / "README.md").read_text("utf-8")
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
    assert "src/frontlines/data/basemap/" in readme and "tools/basemap_layers.py" in readme


def test_neighbours_share_one_border_and_the_coast_is_theirs() -> None:
    """Simplified border by border: Syria and Turkey keep the same line, and Syria's coast
    lies on Syria's own edge (no slivers, no doubled coast)."""
    shapes = {f["properties"]["iso_a2"]: f["geometry"] for f in _features("countries.geojson")}
    shared = _points(shapes["SY"]) & _points(shapes["TR"])
    assert len(shared) >= 20, len(shared)
    coast = {f["properties"]["iso_a2"]: f["geometry"] for f in _features("coastline.geojson")}
    assert _points(coast["SY"]) <= _points(shapes["SY"])


def test_the_app_serves_the_base_map(tmp_path: Path) -> None:
    with TestClient(create_app(str(tmp_path / "empty.db"), tokens=[])) as client:
        for name in [*LAYERS, "admin1_labels.json"]:
            r = client.get(f"/basemap/{name}")
            assert r.status_code == 200, name
            assert r.content == (_basemap() / name).read_bytes()
        assert '<script src="/static/basemap.js">' in client.get("/").text


# --- in the browser -------------------------------------------------------------------------


def _screen_point(page: Any, lat: float, lon: float) -> tuple[int, int]:
    """Where (lat, lon) is on the screenshot, in pixels."""
    x, y = page.evaluate(
        """([lat, lon]) => {
            const p = window.frontlinesMap.latLngToContainerPoint([lat, lon]);
            const box = document.getElementById('map').getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }""",
        [lat, lon],
    )
    return round(x), round(y)


def _image(path: Path) -> Any:
    from PIL import Image

    return Image.open(io.BytesIO(path.read_bytes())).convert("RGB")


def _near(a: tuple[int, ...], b: tuple[int, ...], by: int = 6) -> bool:
    return all(abs(x - y) <= by for x, y in zip(a, b, strict=True))


def _map_pixels(page: Any, shot: Path) -> Counter[tuple[int, int, int]]:
    return screen_colours(shot, page.locator("#map").bounding_box())


def _side_on_screen(pixel: tuple[int, int, int]) -> str:
    """The side whose colour the pixel is nearest (a marker is drawn 90% opaque)."""
    return min(SIDES, key=lambda s: sum((a - b) ** 2 for a, b in zip(pixel, SIDES[s], strict=True)))


def test_the_base_map_is_painted_under_the_places(
    page: Any, demo_server: LiveServer, screenshots: Path
) -> None:
    _load(page, demo_server.url + "/")
    pane = page.locator(".leaflet-basemap-pane")
    assert pane.locator("path.bm-country").count() >= 200
    assert pane.locator("path.bm-coast").count() >= 150
    assert pane.locator("path.bm-river").count() >= 100
    painted = page.evaluate(
        "() => [...document.querySelectorAll('path.bm-country')].filter(p => (p.getAttribute('d') || '').length > 20).length"
    )
    assert painted >= 20, painted  # the countries in view have outlines drawn
    colours = _map_pixels(page, _shot(page, screenshots, "basemap-1-whole-demo.png"))
    area = sum(colours.values())
    land = sum(n for c, n in colours.items() if _near(c, LAND))
    sea = sum(n for c, n in colours.items() if _near(c, SEA))
    assert land > 0.3 * area and sea > 0.1 * area, (land / area, sea / area)

    page.evaluate(SYRIA_VIEW)
    page.wait_for_function("() => Number(document.getElementById('map').dataset.labels) > 10")
    syria = _image(_shot(page, screenshots, "basemap-2-syria-labelled.png"))
    assert _near(syria.getpixel(_screen_point(page, 34.0, 34.0)), SEA)  # off Cyprus
    assert _near(syria.getpixel(_screen_point(page, 34.3, 39.0)), LAND)  # the Syrian desert
    countries = page.locator(".bm-label-country").all_text_contents()
    provinces = page.locator(".bm-label-admin1").all_text_contents()
    towns = page.locator(".bm-label-place").all_text_contents()
    assert {"Syria", "Turkey", "Lebanon"} <= set(countries), countries
    assert {"Idlib", "Lattakia", "Ar Raqqah"} <= set(provinces), provinces
    assert any("Shaykh" in t for t in towns), towns
    boxes = page.evaluate(
        "() => [...document.querySelectorAll('.bm-label span')].map(s => { const r = s.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })"
    )
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            overlap = min(a[2], b[2]) - max(a[0], b[0]), min(a[3], b[3]) - max(a[1], b[1])
            assert overlap[0] <= 2 or overlap[1] <= 2, (a, b)  # no name covers another


def test_a_place_changes_colour_on_screen_across_the_slider(
    page: Any, demo_server: LiveServer, screenshots: Path
) -> None:
    _load(page, demo_server.url + "/")
    page.evaluate("() => window.frontlinesMap.setView([35.6, 36.7], 8, { animate: false })")
    seen = {}
    for day in ("2020-01-01", "2024-12-01"):
        _slide_to(page, day)
        shot = _image(_shot(page, screenshots, f"basemap-3-khan-sheikhoun-{day}.png"))
        seen[day] = _side_on_screen(shot.getpixel(_screen_point(page, 35.44208, 36.65095)))
    assert seen == {"2020-01-01": "state", "2024-12-01": "nonstate"}, seen
    item = page.locator(f"#place-list li[data-geonameid='{KHAN_SHEIKHOUN}']")
    assert item.get_attribute("data-side") == "nonstate"
    # before any evidence a place is unknown, and the list says why
    _slide_to(page, "1990-01-01")
    assert page.locator(f"path.place-{KHAN_SHEIKHOUN}").get_attribute("data-side") == "unknown"
    assert "before the evidence" in item.text_content()


def test_play_walks_the_slider_through_time(page: Any, demo_server: LiveServer) -> None:
    _load(page, demo_server.url + "/")
    last = page.locator("#date-input").get_attribute("max")
    play = page.locator("#play")
    play.click()  # at the end, play starts again from the first date
    page.wait_for_selector("body[data-playing='true']")
    page.wait_for_function(
        "(last) => document.body.dataset.controlDate < last", arg=last, timeout=10_000
    )
    first_seen = page.locator("body").get_attribute("data-control-date")
    page.wait_for_function(
        "(d) => document.body.dataset.controlDate > d", arg=first_seen, timeout=10_000
    )
    play.click()
    assert page.locator("body").get_attribute("data-playing") is None
    assert play.get_attribute("aria-pressed") == "false"
    stopped = page.locator("body").get_attribute("data-control-date")
    page.wait_for_timeout(600)
    assert page.locator("body").get_attribute("data-control-date") == stopped
    assert first_seen < stopped < last


def test_search_finds_the_base_maps_provinces(page: Any, demo_server: LiveServer) -> None:
    _load(page, demo_server.url + "/")
    page.fill("#search-input", "idlib")
    page.press("#search-input", "Enter")
    area = page.locator(".area-results button", has_text="Idlib").first
    area.wait_for()
    assert "province, SY" in area.text_content()
    area.click()  # the map flies there
    page.wait_for_function(
        """([lat, lon]) => {
            const c = window.frontlinesMap.getCenter();
            return window.frontlinesMap.getZoom() === 8 && Math.abs(c.lat - lat) < 1 && Math.abs(c.lng - lon) < 1;
        }""",
        arg=list(IDLIB),
    )


@pytest.fixture
def tile_png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (256, 256), (0x90, 0xEE, 0x90)).save(out, format="PNG")
    return out.getvalue()


def test_a_tile_server_replaces_the_base_map(
    page: Any, tiles_server: LiveServer, tile_png: bytes, screenshots: Path
) -> None:
    tiles: list[str] = []

    def serve_tile(route: Any) -> None:
        tiles.append(route.request.url)
        route.fulfill(status=200, body=tile_png, content_type="image/png")

    page.route(TILES_URL.split("{")[0] + "**", serve_tile)
    requested = _load(page, tiles_server.url + "/")
    page.wait_for_function(
        "() => [...document.querySelectorAll('img.leaflet-tile')].some(i => i.complete && i.naturalWidth)"
    )
    _shot(page, screenshots, "basemap-4-tiles-configured.png")
    assert tiles and page.locator("body").get_attribute("data-basemap") == "tiles"
    assert page.locator("path.bm-country").count() == 0
    assert not [u for u in requested if "/basemap/" in u]
    assert not page.outside, page.outside
