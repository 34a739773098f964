"""Downloads: one http(s) URL to bytes, within a size cap and a redirect limit.

Reads: a URL. Returns a :class:`Download` (final URL, content type, charset,
body) or a rejection: ``fetch_failed`` for non-2xx answers, timeouts,
connection errors, too many redirects or a scheme other than http/https;
``too_large`` once the body passes ``settings.max_fetch_bytes`` (reading
stops there). Redirects are followed here, hop by hop, so the limit and the
scheme check hold whatever client the caller passes in.
"""

from __future__ import annotations

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


def fetch(url: str, settings: Settings, client: httpx.Client | None = None) -> Download | Rejection:
    """Download ``url`` with ``client`` (or a new one built from settings); never raises for bad input."""
    if urlsplit(url).scheme.lower() not in SCHEMES:
        return _failed(url, "only http and https URLs can be fetched")
    if client is not None:
        return _fetch_with(client, url, settings)
    with httpx.Client(
        timeout=settings.fetch_timeout,
        follow_redirects=False,  # followed by hand in _fetch_with
        headers={"User-Agent": USER_AGENT},
    ) as own_client:
        return _fetch_with(own_client, url, settings)


def _fetch_with(client: httpx.Client, url: str, settings: Settings) -> Download | Rejection:
    headers = {}
    if client.headers.get("user-agent", "").startswith("python-httpx"):
        headers["User-Agent"] = USER_AGENT
    current = url
    try:
        request = client.build_request("GET", current, headers=headers)
        for _hop in range(MAX_REDIRECTS + 1):
            response = client.send(request, stream=True, follow_redirects=False)
            try:
                if response.is_redirect and response.next_request is not None:
                    request = response.next_request
                    current = str(request.url)
                    if request.url.scheme not in SCHEMES:
                        return _failed(url, f"redirected to a non-http URL {current}")
                    continue
                return _read_body(response, url, settings)
            finally:
                response.close()
        return _failed(url, f"more than {MAX_REDIRECTS} redirects (last: {current})")
    except httpx.TimeoutException as exc:
        return _failed(url, f"timed out ({type(exc).__name__}) fetching {current}")
    except httpx.HTTPError as exc:
        return _failed(url, f"{type(exc).__name__}: {exc or 'no detail'}")
    except httpx.InvalidURL as exc:
        return _failed(url, f"invalid URL: {exc}")


def _read_body(response: httpx.Response, url: str, settings: Settings) -> Download | Rejection:
    """The body of a final (non-redirect) response, or why it is unusable."""
    if not response.is_success:
        return _failed(
            url, f"HTTP {response.status_code} {response.reason_phrase} from {response.url}"
        )
    limit = settings.max_fetch_bytes
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return reject(
            "too_large",
            url,
            size=int(declared),
            limit=limit,
            detail=f"the server announced {declared} bytes",
        )
    chunks: list[bytes] = []
    received = 0
    for chunk in response.iter_bytes():
        chunks.append(chunk)
        received += len(chunk)
        if received > limit:
            head = b"".join(chunks)[:4096]
            return reject(
                "too_large",
                url,
                head=head,
                size=received,
                limit=limit,
                detail=f"stopped reading after {received} bytes",
            )
    media_type, charset = _content_type(response.headers.get("content-type"))
    return Download(
        url=str(response.url), content_type=media_type, charset=charset, body=b"".join(chunks)
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
    return reject("fetch_failed", url, detail=detail)
