"""URL reader through httpx.MockTransport: never the network."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import httpx
import pytest

from frontlines import errors
from frontlines.ingest import Overrides, read_source
from frontlines.ingest.fetch import USER_AGENT
from frontlines.models import RawDocument, Rejection
from frontlines.settings import Settings

SETTINGS = Settings()
PAGE = (
    "<html><head><title>Port shelled | Coast Wire</title>"
    '<meta property="og:site_name" content="Coast Wire">'
    '<meta property="article:published_time" content="2024-11-28T06:00:00Z"></head>'
    "<body><article><p>Naval guns shelled the northern port overnight, setting two grain "
    "warehouses on fire, the harbour master said on Thursday morning.</p>"
    "<p>Firefighters worked until dawn and no casualties were reported, officials added."
    "</p></article></body></html>"
)
FEED = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Coast Wire</title>'
    "<item><title>Port shelled</title><link>https://coast.example/port</link>"
    "<description>Naval guns shelled the northern port overnight.</description></item>"
    "</channel></rss>"
)

Handler = Callable[[httpx.Request], httpx.Response]


def client(handler: Handler) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler))


def read(url: str, handler: Handler, **kwargs: object) -> list[RawDocument | Rejection]:
    with client(handler) as http:
        return list(read_source(url, settings=SETTINGS, client=http, **kwargs))  # type: ignore[arg-type]


def test_html_page_after_redirect() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/short":
            return httpx.Response(301, headers={"Location": "/news/port-shelled"})
        return httpx.Response(200, html=PAGE)

    (document,) = read("https://coast.example/short", handler)
    assert isinstance(document, RawDocument)
    assert document.format == "url"
    assert document.source == "https://coast.example/short"
    assert document.url == "https://coast.example/news/port-shelled"
    assert document.outlet == "Coast Wire"
    assert document.published.start == dt.date(2024, 11, 28)
    assert "grain warehouses" in document.text
    assert [r.headers["user-agent"] for r in seen] == [USER_AGENT, USER_AGENT]


def test_feed_by_content_type() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, content=FEED.encode(), headers={"Content-Type": "application/rss+xml"}
        )

    (document,) = read("https://coast.example/feed", handler)
    assert isinstance(document, RawDocument)
    assert document.source == "https://coast.example/feed#entry=1"
    assert document.url == "https://coast.example/port"
    assert document.format == "url"


def test_plain_text_and_overrides() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text="Port shelled\nNovember 28, 2024\nNaval guns fired.\n")

    overrides = Overrides(outlet="Desk")
    (document,) = read("http://coast.example/story.txt", handler, overrides=overrides)
    assert isinstance(document, RawDocument)
    assert document.text == "Port shelled\nNaval guns fired.\n"
    assert document.published.start == dt.date(2024, 11, 28)
    assert document.outlet == "Desk"
    assert document.url == "http://coast.example/story.txt"


@pytest.mark.parametrize(
    ("handler", "needle"),
    [
        (lambda request: httpx.Response(404), "404"),
        (lambda request: httpx.Response(503, text="busy"), "503"),
    ],
)
def test_http_errors(handler: Handler, needle: str) -> None:
    (rejection,) = read("https://coast.example/gone", handler)
    assert isinstance(rejection, Rejection)
    assert rejection.code == errors.reason("fetch_failed").code
    assert needle in rejection.reason
    assert rejection.source == "https://coast.example/gone"


@pytest.mark.parametrize("error", [httpx.ConnectTimeout, httpx.ReadTimeout, httpx.ConnectError])
def test_transport_errors(error: type[httpx.TransportError]) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise error("boom", request=request)

    (rejection,) = read("https://coast.example/slow", handler)
    assert isinstance(rejection, Rejection)
    assert rejection.code == errors.reason("fetch_failed").code


def test_redirect_loop_stops() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        return httpx.Response(302, headers={"Location": f"/hop{calls}"})

    (rejection,) = read("https://coast.example/start", handler)
    assert isinstance(rejection, Rejection)
    assert rejection.code == errors.reason("fetch_failed").code
    assert "redirects" in rejection.reason
    assert calls == 6  # the first request and five redirects


def test_redirect_to_other_scheme_refused() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "ftp://coast.example/file"})

    (rejection,) = read("https://coast.example/start", handler)
    assert isinstance(rejection, Rejection)
    assert rejection.code == errors.reason("fetch_failed").code


def test_oversized_body_stops_reading() -> None:
    streamed = 0

    def chunks() -> object:
        nonlocal streamed
        for _ in range(100):
            streamed += 1
            yield b"x" * 1000

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=chunks(), headers={"Content-Type": "text/plain"})  # type: ignore[arg-type]

    with client(handler) as http:
        small = Settings(max_fetch_bytes=5000)
        (rejection,) = read_source("https://coast.example/big", settings=small, client=http)
    assert isinstance(rejection, Rejection)
    assert rejection.code == errors.reason("too_large").code
    assert streamed < 10


def test_announced_oversized_body() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"x" * 20, headers={"Content-Length": "9999999"})

    (rejection,) = read("https://coast.example/big", handler)
    assert isinstance(rejection, Rejection)
    assert rejection.code == errors.reason("too_large").code


@pytest.mark.parametrize("url", ["ftp://coast.example/file.txt", "file:///etc/hostname"])
def test_non_http_scheme(url: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise AssertionError("must not be called")

    (rejection,) = read(url, handler)
    assert isinstance(rejection, Rejection)
    assert rejection.code == errors.reason("fetch_failed").code
    assert "http" in rejection.reason


def test_binary_download() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, content=b"%PDF-1.7\n" + bytes(50), headers={"Content-Type": "application/pdf"}
        )

    (rejection,) = read("https://coast.example/report", handler)
    assert isinstance(rejection, Rejection)
    assert rejection.code == errors.reason("binary").code
