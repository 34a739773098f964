"""The FastAPI application: the REST API under ``/api`` and the web page at ``/``.

Every asset of the page (Leaflet included) is package data under ``static/``:
nothing is fetched from a CDN, so the page works offline. The base map is
Natural Earth layers under ``/basemap/``; tiles replace it, and are the one
outside resource, only when ``FRONTLINES_TILES_URL`` names them.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import FastAPI, Request, Response
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from frontlines import __version__
from frontlines.api import routes
from frontlines.api.auth import TokenCheck, tokens_from_environment
from frontlines.api.errors import install_error_handlers
from frontlines.library import Frontlines

TILES_ENV = "FRONTLINES_TILES_URL"
TILES_ATTRIBUTION_ENV = "FRONTLINES_TILES_ATTRIBUTION"


def static_dir() -> Path:
    """The page's files, shipped inside the package."""
    return Path(str(resources.files("frontlines.api") / "static"))


def basemap_dir() -> Path:
    """The page's offline base map (Natural Earth layers), shipped as package data."""
    return Path(str(resources.files("frontlines") / "data" / "basemap"))


def _tile_source(url: str | None) -> str:
    """The CSP source that lets the page load tiles from ``url`` ('{s}' subdomains included)."""
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    host = parts.netloc.replace("{s}", "*")
    return f" {parts.scheme}://{host}"


def _security_headers(tiles_url: str | None) -> dict[str, str]:
    # Defence in depth: even if article text reached the DOM as markup, no inline script runs.
    return {
        "Content-Security-Policy": (
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            f"img-src 'self' data:{_tile_source(tiles_url)}; connect-src 'self'; "
            "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
        ),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }


def create_app(
    db: str | None = None,
    *,
    tokens: Iterable[str] | None = None,
    tiles_url: str | None = None,
    tiles_attribution: str | None = None,
    frontlines: Frontlines | None = None,
) -> FastAPI:
    """The app over database ``db`` (settings decide when None).

    ``tokens``: bearer tokens that may ingest; None reads ``FRONTLINES_API_TOKENS``
    and ``FRONTLINES_API_TOKENS_FILE``. ``tiles_url``: a Leaflet tile URL template;
    None reads ``FRONTLINES_TILES_URL`` (unset: the built-in Natural Earth base
    map). ``frontlines``: an already open database to serve instead of ``db``.
    """
    fl = frontlines if frontlines is not None else Frontlines(db)
    owned = frontlines is None
    accepted = frozenset(tokens) if tokens is not None else tokens_from_environment()
    tiles = (tiles_url if tiles_url is not None else os.environ.get(TILES_ENV)) or None
    attribution = (
        tiles_attribution
        if tiles_attribution is not None
        else os.environ.get(TILES_ATTRIBUTION_ENV) or None
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:
            fl.close()

    app = FastAPI(
        title="frontlines",
        version=__version__,
        summary="Conflict events, and who held each place when, with the sentences that say so.",
        lifespan=lifespan,
        # FastAPI's /docs and /redoc pages load their scripts from a CDN; we serve nothing that does.
        docs_url=None,
        redoc_url=None,
    )
    app.state.frontlines = fl
    app.state.tiles_url = tiles
    app.state.tiles_attribution = attribution
    app.state.token_check = TokenCheck(accepted)
    install_error_handlers(app)
    app.include_router(routes.router)

    headers = _security_headers(tiles)

    @app.middleware("http")
    async def _secure(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        return response

    static = static_dir()
    app.mount("/static", StaticFiles(directory=static), name="static")
    app.mount("/basemap", StaticFiles(directory=basemap_dir()), name="basemap")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(static / "index.html", media_type="text/html")

    return app
