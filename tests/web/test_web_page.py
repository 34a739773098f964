"""The web page in headless chromium: the slider replays control, a click shows the evidence,
and markup inside an article stays text."""

from __future__ import annotations

import datetime as dt
import json
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import TOKEN, LiveServer, screen_colours

pytestmark = pytest.mark.slow  # the demo and the ingest run the spaCy pipeline

KHAN_SHEIKHOUN = 168325
STATE_COLOUR = "#2b6cb0"
NONSTATE_COLOUR = "#dd6b20"


def _get(server: LiveServer, path: str) -> Any:
    with urllib.request.urlopen(server.url + path, timeout=20) as r:  # noqa: S310 - our own test server
        return json.loads(r.read())


def _shot(page: Any, folder: Path, name: str) -> Path:
    path = folder / name
    page.screenshot(path=str(path), full_page=False)
    print(f"screenshot: {path}")
    return path


def _load(page: Any, url: str) -> list[str]:
    """Open the page, wait until it drew the map; returns every URL the page requests."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    page.wait_for_selector("body[data-ready='true']")
    assert not errors, errors
    return requested


def _slide_to(page: Any, day: str) -> None:
    """Move the slider to ``day`` the way a user's drag does: set its value, fire 'input'."""
    page.evaluate(
        """(day) => {
            const slider = document.getElementById('date-slider');
            const first = new Date(document.getElementById('date-input').min + 'T00:00:00Z');
            slider.value = String(Math.round((new Date(day + 'T00:00:00Z') - first) / 86400000));
            slider.dispatchEvent(new Event('input', { bubbles: true }));
        }""",
        day,
    )
    page.wait_for_selector(f"body[data-control-date='{day}']")


def _marker(page: Any, geonameid: int) -> Any:
    return page.locator(f"path.place-{geonameid}")


def test_slider_replays_control_and_a_click_shows_the_evidence(
    page: Any, demo_server: LiveServer, screenshots: Path
) -> None:
    requested = _load(page, demo_server.url + "/")
    _shot(page, screenshots, "1-loaded.png")
    config = _get(demo_server, "/api/config")
    assert page.locator("#date-input").get_attribute("min") == config["dates"]["earliest"]
    assert page.locator("#date-input").get_attribute("max") == config["dates"]["latest"]

    _slide_to(page, "2020-01-01")
    assert page.locator("#slider-date").text_content() == "2020-01-01"
    marker = _marker(page, KHAN_SHEIKHOUN)
    assert marker.get_attribute("data-side") == "state"
    assert marker.get_attribute("data-controller") == "side:state:SY"
    assert marker.get_attribute("fill") == STATE_COLOUR
    item = page.locator(f"#place-list li[data-geonameid='{KHAN_SHEIKHOUN}']")
    assert "government-held" in item.text_content()
    _shot(page, screenshots, "2-slider-2020-01-01-government-held.png")

    _slide_to(page, "2024-12-01")
    assert marker.get_attribute("data-side") == "nonstate"
    assert marker.get_attribute("data-controller") == "side:nonstate:SY"
    assert marker.get_attribute("fill") == NONSTATE_COLOUR
    assert "opposition-held" in item.text_content()
    _shot(page, screenshots, "3-slider-2024-12-01-opposition-held.png")

    # zoom in so neighbouring towns do not cover it, then click the town itself
    page.evaluate(
        "() => window.frontlinesMap.setView([35.44208, 36.65095], 12, { animate: false })"
    )
    marker.click()
    page.wait_for_selector(f"#place-panel[data-geonameid='{KHAN_SHEIKHOUN}']")
    control = _get(demo_server, f"/api/places/{KHAN_SHEIKHOUN}/control")
    recapture = control["periods"][-1]
    assert recapture["controller"]["id"] == "side:nonstate:SY"
    sentence = recapture["evidence"][0]["sentence"]
    panel = page.locator("#place-panel")
    assert "Kh" in panel.locator("#place-name").text_content()
    assert sentence in panel.text_content()
    assert panel.locator(".period.current").get_attribute("data-controller") == "side:nonstate:SY"
    panel.locator(".evidence-link", has_text=sentence[:40]).first.click()
    mark = page.locator("#article-panel mark#evidence-mark")
    mark.wait_for()
    assert mark.text_content() == sentence
    assert (
        page.locator("#article-panel").get_attribute("data-article-id")
        == recapture["evidence"][0]["article_id"]
    )
    shot = _shot(page, screenshots, "4-clicked-evidence-highlighted.png")
    # the highlight is on screen, not only in the DOM: its box is mostly the mark's yellow
    assert mark.evaluate("m => getComputedStyle(m).backgroundColor") == "rgb(254, 252, 191)"
    box = mark.bounding_box()
    assert box and box["y"] >= 0 and box["y"] + box["height"] <= 900, box
    colours = screen_colours(shot, box)
    yellow = sum(n for (r, g, b), n in colours.items() if r > 240 and g > 235 and b < 215)
    assert yellow > 0.3 * colours.total(), (yellow, colours.total())

    origin = demo_server.url
    assert all(url.startswith(origin) or url.startswith("data:") for url in requested), [
        u for u in requested if not u.startswith(origin)
    ]


XSS_ARTICLE = {
    "title": 'Clashes reported <img src=x onerror="window.__xss=3"> near the crossing',
    "outlet": "<b>Test Wire</b>",
    "published": "2024-12-01",
    "text": (
        "Government forces and rebel fighters clashed near the border crossing on Saturday, "
        "residents said, and several families fled towards the nearby villages. "
        "A leaflet found in the town read <script>window.__xss=1</script> and a wall nearby "
        'carried <img src=x onerror="window.__xss=2"> in spray paint, which officials '
        "dismissed as a prank. Aid workers said the road stayed closed through the week "
        "while both sides reinforced their positions around the crossing."
    ),
}


def test_markup_in_an_article_is_shown_as_text_and_never_runs(
    page: Any, empty_server: LiveServer, screenshots: Path
) -> None:
    request = urllib.request.Request(
        empty_server.url + "/api/ingest",
        data=json.dumps({"articles": [XSS_ARTICLE]}).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=120) as r:  # noqa: S310 - our own test server
        report = json.loads(r.read())
    assert report["ingested"] == 1, report
    article_id = report["article_ids"][0]

    _load(page, f"{empty_server.url}/#article={article_id}")
    panel = page.locator(f"#article-panel[data-article-id='{article_id}']")
    panel.wait_for()
    text = page.locator("#article-text").text_content()
    assert "<script>window.__xss=1</script>" in text
    assert '<img src=x onerror="window.__xss=2">' in text
    assert "<img" in page.locator("#article-title").text_content()
    assert "<b>Test Wire</b>" in panel.locator(".meta").first.text_content()
    assert panel.locator("script, img, b").count() == 0  # the markup never became elements
    page.wait_for_timeout(300)  # give an injected handler (there is none) time to fire
    assert page.evaluate("() => typeof window.__xss") == "undefined"
    _shot(page, screenshots, "5-article-markup-shown-as-text.png")


def test_without_tiles_the_page_draws_its_own_base_map(page: Any, demo_server: LiveServer) -> None:
    _load(page, demo_server.url + "/")
    assert page.locator(".leaflet-tile").count() == 0
    assert page.locator("body").get_attribute("data-basemap") == "natural-earth"
    assert page.locator("path.place-marker").count() >= 5
    assert "built-in base map (Natural Earth)" in page.locator("#status").text_content()
    assert "Natural Earth" in page.locator(".leaflet-control-attribution").text_content()
    assert dt.date.fromisoformat(page.locator("#slider-date").text_content())
    assert not page.outside, page.outside


def test_search_finds_a_place_in_any_spelling(page: Any, demo_server: LiveServer) -> None:
    _load(page, demo_server.url + "/")
    page.fill("#search-input", "Khan Sheikhun")
    page.press("#search-input", "Enter")
    first = page.locator("#search-results li button").first
    first.wait_for()
    assert "Shaykh" in first.text_content()
    first.click()
    page.wait_for_selector(f"#place-panel[data-geonameid='{KHAN_SHEIKHOUN}']")
    assert page.locator("#place-panel .period").count() == 3
