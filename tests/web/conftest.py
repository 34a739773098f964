"""Browser tests: the app under uvicorn in a background thread, driven by Debian's chromium.

They skip when /usr/bin/chromium or the ``playwright`` package is missing,
unless FRONTLINES_REQUIRE_BROWSER=1 (CI, which installs chromium), where a
missing browser fails them. The page runs offline: every request that leaves
the test server is refused and recorded (``page.outside``). Screenshots go to
tests/web/screenshots/ (ignored by git).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.api.demo import demo_database

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
TOKEN = "web-test-token-not-a-secret"


def _browser_missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is not installed (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install playwright)"
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    missing = _browser_missing()
    if missing:
        if os.environ.get("FRONTLINES_REQUIRE_BROWSER") == "1":
            pytest.fail(f"FRONTLINES_REQUIRE_BROWSER=1 but {missing}")
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


def _local(url: str) -> bool:
    return url.startswith(("http://127.0.0.1:", "data:", "about:"))


@pytest.fixture
def page(browser: Any, _full_gazetteer: None) -> Iterator[Any]:
    """A page with no network: requests beyond the test server are refused and listed in
    ``page.outside`` (tests that serve tiles route them before loading)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    outside: list[str] = []

    def offline(route: Any) -> None:
        if _local(route.request.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", offline)
    p = context.new_page()
    p.outside = outside
    p.set_default_timeout(20_000)
    try:
        yield p
    finally:
        context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def screen_colours(shot: Path, box: dict[str, float]) -> Counter[tuple[int, int, int]]:
    """How many pixels of each colour the screenshot has inside ``box`` (a bounding box)."""
    from PIL import Image

    region: Any = Image.open(shot).convert("RGB")
    region = region.crop(
        (int(box["x"]), int(box["y"]), int(box["x"] + box["width"]), int(box["y"] + box["height"]))
    )
    return Counter({colour: n for n, colour in region.getcolors(maxcolors=1 << 24)})


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LiveServer:
    url: str
    db: Path


def _serve(db: Path, tokens: list[str], tiles_url: str = "") -> Iterator[LiveServer]:
    import uvicorn

    from frontlines.api import create_app

    port = _free_port()
    app = create_app(str(db), tokens=tokens, tiles_url=tiles_url)
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", ws="none", lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="frontlines-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield LiveServer(url=f"http://127.0.0.1:{port}", db=db)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def demo_server(
    browser: Any, tmp_path_factory: pytest.TempPathFactory, full_gazetteer_path: Path
) -> Iterator[LiveServer]:
    """The app over the demo database (shared, read-only)."""
    yield from _serve(demo_database(tmp_path_factory, full_gazetteer_path), [TOKEN])


@pytest.fixture
def empty_server(browser: Any, tmp_path: Path) -> Iterator[LiveServer]:
    """The app over a new database of its own that accepts TOKEN for ingest."""
    yield from _serve(tmp_path / "web.db", [TOKEN])


TILES_URL = "http://tiles.invalid/{z}/{x}/{y}.png"


@pytest.fixture
def tiles_server(browser: Any, tmp_path: Path) -> Iterator[LiveServer]:
    """The app over an empty database with a tile server configured (``TILES_URL``, which
    the test answers itself: the name does not resolve)."""
    yield from _serve(tmp_path / "tiles.db", [TOKEN], tiles_url=TILES_URL)


@pytest.fixture
def _full_gazetteer(
    browser: Any,
    monkeypatch: pytest.MonkeyPatch,
    _isolated_settings: None,
    full_gazetteer_path: Path,
) -> None:
    """Names resolve against the gazetteer the demo was ingested with (after the browser check,
    so a machine without chromium skips before building anything). Every page uses it; tests
    of the shipped files alone need no browser."""
    monkeypatch.setenv("FRONTLINES_GAZETTEER", str(full_gazetteer_path))
