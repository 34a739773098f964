"""Downloads: one http(s) URL to bytes, within a size cap, a deadline and a redirect limit.

Reads: a URL. Returns a :class:`Download` (final URL, content type, charset,
body) or a rejection: ``fetch_failed`` for non-2xx answers, timeouts, a
download past ``settings.fetch_deadline``, connection errors, too many
redirects, a scheme other than http/https or a host that is not public;
``too_large`` once the body, decoded, passes ``settings.max_fetch_bytes``
(reading stops there). Redirects are followed here, hop by hop, so every
check holds on every hop whatever client the caller passes in.

The address guard: on each hop the host is resolved (:func:`resolve_host`)
and every address it resolves to must be public, or inside a network of
``settings.fetch_allow_networks``. The request then goes to the first
checked address itself (the name kept in the Host header and, for https, in
the TLS server name the certificate is checked against), so a DNS answer
that changes between the check and the connection (rebinding) cannot send
it elsewhere. Our own client ignores the environment's proxy settings (and
its other httpx settings): a proxy would resolve names out of the guard's sight. A caller's own client
(a mock transport, say) may get a name this machine cannot resolve; it is
sent as it is, the client trusted to reach it.
"""

from __future__ import annotations

import ipaddress
import socket
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from frontlines import __version__
from frontlines.ingest.payload import reject
from frontlines.models import Rejection
from frontlines.settings import Settings

MAX_REDIRECTS = 5
USER_AGENT = f"frontlines/{__version__} (conflict-news reader; python-httpx)"
SCHEMES = ("http", "https")
ACCEPT_ENCODING = "gzip"  # what _decoder decodes within the cap
_DETAIL_CHARS = 500

Resolver = Callable[[str, int], list[str]]
_Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class Download:
    """A fetched body with what the server said about it."""

    url: str  # after redirects
    content_type: str | None  # media type only, lower case
    charset: str | None
    body: bytes


def is_url(item: str) -> bool:
    """Whether ``item`` is written as a URL (``scheme://...``) rather than a path."""
    parts = urlsplit(item)
    return bool(parts.scheme) and len(parts.scheme) > 1 and "://" in item


def resolve_host(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to, in the system resolver's order; raises OSError.

    Numeric spellings (``127.1``, ``2130706433``) come back normalised.
    """
    return _addresses(host, port)


def _addresses(host: str, port: int, flags: int = 0) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=flags)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class _Failed(Exception):
    """The fetch must stop; ``str()`` is the rejection's detail."""


@dataclass(frozen=True)
class _Guard:
    """Which addresses a fetch may reach, and how names become addresses."""

    allowed: tuple[_Network, ...]
    resolve: Resolver
    strict: bool  # an unresolvable name is refused (our client) or sent as it is (the caller's)

    def address(self, url: httpx.URL) -> str | None:
        """The checked address to send ``url``'s request to, or None to send it as it is."""
        host = url.raw_host.decode("ascii")
        port = url.port or (443 if url.scheme == "https" else 80)
        try:
            addresses = _numeric(host, port) or self.resolve(host, port)
        except (OSError, UnicodeError) as exc:
            if self.strict:
                raise _Failed(f"could not resolve {host}: {exc}") from None
            return None
        if not addresses:
            raise _Failed(f"{host} resolves to no address")
        for address in addresses:
            kind = self._refused(address)
            if kind is not None:
                said = f"{host} is" if address == host else f"{host} resolves to {address},"
                raise _Failed(
                    f"{said} a {kind} address; add its network to "
                    "the fetch_allow_networks setting to fetch from it"
                )
        return addresses[0]

    def _refused(self, address: str) -> str | None:
        """What kind of non-public address ``address`` is, or None if it may be fetched."""
        ip = ipaddress.ip_address(address.split("%")[0])  # drop an IPv6 zone (fe80::1%eth0)
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 reaches 127.0.0.1
        if any(ip in network for network in self.allowed):
            return None
        for kind, test in (
            ("unspecified", ip.is_unspecified),
            ("loopback", ip.is_loopback),
            ("link-local", ip.is_link_local),
            ("multicast", ip.is_multicast),
            ("reserved", ip.is_reserved),
            ("private", ip.is_private),
            ("non-public", not ip.is_global),  # e.g. 100.64.0.0/10, shared address space
        ):
            if test:
                return kind
        return None


def _numeric(host: str, port: int) -> list[str]:
    """The address a numeric host (``127.1``, ``2130706433``, ``::1``) is, without any lookup."""
    try:
        return _addresses(host, port, socket.AI_NUMERICHOST)
    except (OSError, UnicodeError):
        return []


def _guard(settings: Settings, resolve: Resolver | None, strict: bool) -> _Guard:
    """The guard for ``settings``; raises :class:`_Failed` for a network it cannot read."""
    allowed: list[_Network] = []
    for text in settings.fetch_allow_networks:
        try:
            allowed.append(ipaddress.ip_network(text, strict=False))
        except ValueError as exc:
            raise _Failed(f"the fetch_allow_networks setting holds {text!r}: {exc}") from None
    return _Guard(tuple(allowed), resolve or resolve_host, strict)


def fetch(
    url: str,
    settings: Settings,
    client: httpx.Client | None = None,
    resolve: Resolver | None = None,
) -> Download | Rejection:
    """Download ``url`` with ``client`` (or a new one built from settings); never raises for bad input.

    ``resolve`` turns a host and port into addresses (default :func:`resolve_host`).
    """
    if urlsplit(url).scheme.lower() not in SCHEMES:
        return _failed(url, "only http and https URLs can be fetched")
    try:
        guard = _guard(settings, resolve, strict=client is None)
    except _Failed as exc:
        return _failed(url, str(exc))
    if client is not None:
        return _fetch_with(client, url, settings, guard)
    with httpx.Client(
        timeout=settings.fetch_timeout,
        follow_redirects=False,  # followed by hand in _fetch_with
        headers={"User-Agent": USER_AGENT},
        trust_env=False,  # no proxies: see the module docstring
    ) as own_client:
        return _fetch_with(own_client, url, settings, guard)


def _fetch_with(
    client: httpx.Client, url: str, settings: Settings, guard: _Guard
) -> Download | Rejection:
    headers = {"Accept-Encoding": ACCEPT_ENCODING}
    if client.headers.get("user-agent", "").startswith("python-httpx"):
        headers["User-Agent"] = USER_AGENT
    deadline = time.monotonic() + settings.fetch_deadline
    current = url
    try:
        target = httpx.URL(url)
        for _hop in range(MAX_REDIRECTS + 1):
            current = str(target)
            request = _request(client, target, headers, guard, _timeout(deadline, settings))
            response = client.send(request, stream=True, follow_redirects=False)
            try:
                if response.is_redirect:
                    target = target.join(response.headers["location"])
                    if target.scheme not in SCHEMES:
                        return _failed(url, f"redirected to a non-http URL {target}")
                    continue
                return _read_body(response, current, url, settings, deadline)
            finally:
                response.close()
        return _failed(url, f"more than {MAX_REDIRECTS} redirects (last: {target})")
    except _Failed as exc:
        return _failed(url, str(exc))
    except httpx.TimeoutException as exc:
        if time.monotonic() >= deadline:
            return _failed(url, _late(settings, current))
        return _failed(url, f"timed out ({type(exc).__name__}) fetching {current}")
    except httpx.HTTPError as exc:
        return _failed(url, f"{type(exc).__name__}: {exc or 'no detail'}")
    except httpx.InvalidURL as exc:
        return _failed(url, f"invalid URL: {exc}")


def _request(
    client: httpx.Client,
    target: httpx.URL,
    headers: dict[str, str],
    guard: _Guard,
    timeout: httpx.Timeout,
) -> httpx.Request:
    """The GET for one hop, addressed to the address the guard checked."""
    address = guard.address(target)
    if address is None:
        return client.build_request("GET", target, headers=headers, timeout=timeout)
    host = target.raw_host.decode("ascii")
    extensions = {} if _is_address(host) else {"sni_hostname": host}
    return client.build_request(
        "GET",
        target.copy_with(host=address),
        headers={**headers, "Host": target.netloc.decode("ascii")},
        timeout=timeout,
        extensions=extensions,
    )


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _timeout(deadline: float, settings: Settings) -> httpx.Timeout:
    """Each wait of a hop: the per-read timeout, or less when the deadline is nearer."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise _Failed(_late(settings, "before the next redirect"))
    return httpx.Timeout(min(settings.fetch_timeout, left))


def _late(settings: Settings, where: str) -> str:
    return (
        f"passed the fetch_deadline of {settings.fetch_deadline:g} s ({where}); "
        "raise fetch_deadline to wait longer"
    )


def _decoder(response: httpx.Response, current: str) -> zlib._Decompress | None:
    """A zlib decoder for the response's Content-Encoding, None for none; raises :class:`_Failed`."""
    value = response.headers.get("content-encoding", "")
    codings = [
        c.strip().lower() for c in value.split(",") if c.strip().lower() not in ("", "identity")
    ]
    if not codings:
        return None
    if codings in (["gzip"], ["x-gzip"], ["deflate"]):
        return zlib.decompressobj(32 + zlib.MAX_WBITS)  # a gzip or zlib header
    raise _Failed(f"unsupported Content-Encoding {value[:100]!r} from {current}")


def _read_body(
    response: httpx.Response, current: str, url: str, settings: Settings, deadline: float
) -> Download | Rejection:
    """The body of a final (non-redirect) response, or why it is unusable.

    The body is read raw and decoded here, so the cap counts decoded bytes
    and memory stays within the cap plus one chunk.
    """
    if not response.is_success:
        return _failed(url, f"HTTP {response.status_code} {response.reason_phrase} from {current}")
    limit = settings.max_fetch_bytes
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return reject(
            "too_large",
            url,
            size=int(declared),
            limit=limit,
            setting="max_fetch_bytes",
            detail=f"the server announced {declared} bytes",
        )
    if response.is_stream_consumed:  # a body given whole (a mock transport's bytes), decoded
        stream, decoder = response.iter_bytes(), None
    else:
        stream, decoder = response.iter_raw(), _decoder(response, current)
    chunks: list[bytes] = []
    received = 0
    raw = 0
    try:
        for data in stream:
            raw += len(data)
            if decoder is not None:  # at most one byte past the cap; the rest stays undecoded
                data = decoder.decompress(data, limit + 1 - received)
            chunks.append(data)
            received += len(data)
            if received > limit or raw > limit:
                return _cut_off(url, chunks, limit, raw, received)
            if time.monotonic() > deadline:
                raise _Failed(_late(settings, f"after {raw} bytes of {current}"))
        if decoder is not None:
            chunks.append(decoder.flush())
            received += len(chunks[-1])
            if received > limit:
                return _cut_off(url, chunks, limit, raw, received)
    except zlib.error as exc:
        raise _Failed(f"the body of {current} could not be decoded: {exc}") from None
    media_type, charset = _content_type(response.headers.get("content-type"))
    return Download(url=current, content_type=media_type, charset=charset, body=b"".join(chunks))


def _cut_off(url: str, chunks: list[bytes], limit: int, raw: int, received: int) -> Rejection:
    decoded = f", {received} decoded" if received != raw else ""
    return reject(
        "too_large",
        url,
        head=b"".join(chunks)[:4096],
        size=limit,
        limit=limit,
        more="more than ",
        setting="max_fetch_bytes",
        detail=f"stopped reading after {raw} bytes{decoded}",
    )


def _content_type(value: str | None) -> tuple[str | None, str | None]:
    """Media type and charset from a ``Content-Type`` header."""
    if not value:
        return None, None
    media_type, *params = value.split(";")
    charset = None
    for param in params:
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'") or None
    return media_type.strip().lower() or None, charset


def _failed(url: str, detail: str) -> Rejection:
    if len(detail) > _DETAIL_CHARS:  # a server's Location or error text can be long
        detail = detail[:_DETAIL_CHARS] + "…"
    return reject("fetch_failed", url, detail=detail)
