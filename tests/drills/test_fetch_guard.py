"""Drills for --fetch (issue 15, items 6, 7, 17): no request reaches a non-public
address, every hop is checked, the request goes to the checked address, and a
slow server cannot hold a download past its deadline.

HTTP runs through httpx.MockTransport with a stub resolver; only the drip
server is real, on 127.0.0.1, allowed through the setting.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator

import httpx
import pytest

from frontlines import errors
from frontlines.ingest.fetch import Download, Resolver, fetch, resolve_host
from frontlines.models import Rejection
from frontlines.settings import Settings, load_settings

PUBLIC = "93.184.216.34"
PAGE = "<html><body><p>Naval guns shelled the northern port overnight.</p></body></html>"
FETCH_FAILED = errors.reason("fetch_failed").code

Handler = Callable[[httpx.Request], httpx.Response]


def stub(table: dict[str, list[str]]) -> Resolver:
    """A resolver answering from ``table`` (names missing from it do not resolve)."""

    def resolve(host: str, port: int) -> list[str]:
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return table[host]

    return resolve


def never_called(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"a request reached {request.url}")


def get(
    url: str, handler: Handler, resolve: Resolver, settings: Settings | None = None
) -> Download | Rejection:
    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        return fetch(url, settings or Settings(), client, resolve=resolve)


@pytest.mark.parametrize(
    "spelling", ["127.0.0.1", "127.1", "2130706433", "0x7f.1", "::ffff:127.0.0.1"]
)
def test_numeric_spellings_resolve_to_the_address_they_reach(spelling: str) -> None:
    # getaddrinfo parses numeric hosts itself: no DNS query is made
    assert resolve_host(spelling, 80) in (["127.0.0.1"], ["::ffff:127.0.0.1"])


@pytest.mark.parametrize(
    "url",
    ["http://127.1/", "http://2130706433:8080/", "http://[::ffff:127.0.0.1]/", "http://[::1]/"],
)
def test_loopback_spellings_are_refused(url: str) -> None:
    rejection = get(url, never_called, resolve_host)
    assert isinstance(rejection, Rejection)
    assert rejection.code == FETCH_FAILED
    assert "loopback" in (rejection.detail or "")
    assert "fetch_allow_networks" in rejection.reason


@pytest.mark.parametrize(
    ("addresses", "kind"),
    [
        (["169.254.169.254"], "link-local"),
        (["10.0.0.5"], "private"),
        (["192.168.1.1"], "private"),
        (["172.16.0.1"], "private"),
        (["fc00::1"], "private"),
        (["fe80::1%eth0"], "link-local"),
        (["224.0.0.1"], "multicast"),
        (["0.0.0.0"], "unspecified"),
        (["240.0.0.1"], "reserved"),
        (["100.64.0.1"], "non-public"),
        ([PUBLIC, "127.0.0.1"], "loopback"),  # one bad answer among good ones is enough
    ],
)
def test_names_resolving_to_non_public_addresses_are_refused(
    addresses: list[str], kind: str
) -> None:
    rejection = get("https://news.example/a", never_called, stub({"news.example": addresses}))
    assert isinstance(rejection, Rejection)
    assert rejection.code == FETCH_FAILED
    assert f"a {kind} address" in (rejection.detail or "")
    assert "fetch_allow_networks" in (rejection.detail or "")


def test_every_redirect_hop_is_checked() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["host"])
        return httpx.Response(302, headers={"Location": "http://127.0.0.1:8080/admin"})

    rejection = get("https://news.example/a", handler, stub({"news.example": [PUBLIC]}))
    assert isinstance(rejection, Rejection)
    assert rejection.code == FETCH_FAILED
    assert "127.0.0.1 is a loopback address" in (rejection.detail or "")
    assert seen == ["news.example"]  # the local port was never asked

    seen.clear()
    names = stub({"news.example": [PUBLIC], "intranet.example": ["10.1.2.3"]})

    def relative_then_named(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["host"])
        if request.url.path == "/a":
            return httpx.Response(301, headers={"Location": "/b"})
        return httpx.Response(302, headers={"Location": "https://intranet.example/secret"})

    rejection = get("https://news.example/a", relative_then_named, names)
    assert isinstance(rejection, Rejection)
    assert "intranet.example resolves to 10.1.2.3, a private address" in (rejection.detail or "")
    assert seen == ["news.example", "news.example"]


def test_the_request_goes_to_the_checked_address() -> None:
    # DNS rebinding: the first answer is public, later ones point home
    answers = iter([[PUBLIC], ["127.0.0.1"], ["127.0.0.1"]])
    calls: list[str] = []

    def rebinding(host: str, port: int) -> list[str]:
        calls.append(host)
        return next(answers)

    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, html=PAGE)

    download = get("https://news.example:8443/a?b=1", handler, rebinding)
    assert isinstance(download, Download)
    assert download.url == "https://news.example:8443/a?b=1"
    (request,) = seen
    assert calls == ["news.example"]  # resolved once, for this hop
    assert request.url.host == PUBLIC and request.url.port == 8443
    assert request.url.raw_path == b"/a?b=1"
    assert request.headers["host"] == "news.example:8443"
    assert request.extensions["sni_hostname"] == "news.example"  # the certificate is checked for it


def test_allowed_networks_let_local_addresses_through() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, html=PAGE)

    allowed = Settings(fetch_allow_networks=("127.0.0.0/8", "10.0.0.0/8"))
    download = get("http://127.1:8080/page", handler, resolve_host, allowed)
    assert isinstance(download, Download)
    assert seen == ["http://127.0.0.1:8080/page"]
    intranet = stub({"wiki.example": ["10.9.8.7"], "other.example": ["192.168.0.2"]})
    assert isinstance(get("http://wiki.example/", handler, intranet, allowed), Download)
    assert isinstance(get("http://other.example/", handler, intranet, allowed), Rejection)


def test_our_own_client_refuses_a_name_it_cannot_resolve() -> None:
    # without a client of the caller's, nothing is sent that was not checked
    rejection = fetch("https://nowhere.example/", Settings(), resolve=stub({}))
    assert isinstance(rejection, Rejection)
    assert rejection.code == FETCH_FAILED
    assert "could not resolve nowhere.example" in (rejection.detail or "")


def test_a_bad_network_in_the_setting_is_a_clear_rejection() -> None:
    rejection = get(
        "http://news.example/",
        never_called,
        stub({}),
        Settings(fetch_allow_networks=("10.0.0.0/33",)),
    )
    assert isinstance(rejection, Rejection)
    assert "fetch_allow_networks" in (rejection.detail or "")


def test_allowed_networks_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("FRONTLINES_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("FRONTLINES_FETCH_ALLOW_NETWORKS", "127.0.0.0/8, 10.0.0.0/8,")
    assert load_settings().fetch_allow_networks == ("127.0.0.0/8", "10.0.0.0/8")
    config = tmp_path / "config.toml"
    config.write_text('fetch_allow_networks = ["192.168.0.0/16"]\nfetch_deadline = 5\n')
    monkeypatch.setenv("FRONTLINES_CONFIG", str(config))
    monkeypatch.delenv("FRONTLINES_FETCH_ALLOW_NETWORKS")
    assert load_settings().fetch_allow_networks == ("192.168.0.0/16",)
    assert load_settings().fetch_deadline == 5.0


def test_too_large_names_max_fetch_bytes() -> None:
    names = stub({"news.example": [PUBLIC]})

    def announced(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"x", headers={"Content-Length": "9999999"})

    def streamed(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=iter([b"x" * 4000] * 10))

    for handler, size in ((announced, "9999999 bytes"), (streamed, "more than 5000 bytes")):
        rejection = get("https://news.example/big", handler, names, Settings(max_fetch_bytes=5000))
        assert isinstance(rejection, Rejection)
        assert rejection.code == errors.reason("too_large").code
        assert f"the input is {size}" in rejection.reason
        assert "max_fetch_bytes" in rejection.reason
        assert "max_document_bytes" not in rejection.reason


@pytest.fixture
def drip_url() -> Iterator[str]:
    """A server on 127.0.0.1 that sends headers, then one body byte every 0.2 s (200 s in all)."""
    server = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        try:
            conn, _ = server.accept()
        except OSError:
            return
        with conn:
            conn.recv(65536)
            head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n"
            conn.sendall(head)
            for _ in range(1000):
                if stop.wait(0.2):
                    return
                try:
                    conn.sendall(b"x")
                except OSError:
                    return

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}/drip"
    finally:
        stop.set()
        server.close()
        thread.join(5)


def test_a_dripping_server_is_cut_off_at_the_deadline(drip_url: str) -> None:
    settings = Settings(fetch_deadline=1.0, fetch_allow_networks=("127.0.0.0/8",))
    started = time.monotonic()
    rejection = fetch(drip_url, settings)
    elapsed = time.monotonic() - started
    assert isinstance(rejection, Rejection)
    assert rejection.code == FETCH_FAILED
    assert "fetch_deadline" in rejection.reason
    assert elapsed < 3.0  # the drip would take 200 s


def test_the_deadline_holds_across_redirects() -> None:
    hops = 0

    def slow_redirects(request: httpx.Request) -> httpx.Response:
        nonlocal hops
        hops += 1
        time.sleep(0.3)
        return httpx.Response(302, headers={"Location": f"/hop{hops}"})

    settings = Settings(fetch_deadline=0.5)
    rejection = get(
        "https://news.example/", slow_redirects, stub({"news.example": [PUBLIC]}), settings
    )
    assert isinstance(rejection, Rejection)
    assert "fetch_deadline" in rejection.reason
    assert hops == 2  # not the five redirects the limit would allow
