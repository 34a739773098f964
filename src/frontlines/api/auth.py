"""Bearer tokens for the write endpoints, read from the environment or a file, never from code.

``FRONTLINES_API_TOKENS``: tokens separated by commas. ``FRONTLINES_API_TOKENS_FILE``:
a file with one token per line (blank lines and ``#`` comments skipped). With
neither, writing through the API is switched off (403 ``ingest_disabled``).
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from frontlines.api.errors import ApiError
from frontlines.errors import BadOption

TOKENS_ENV = "FRONTLINES_API_TOKENS"
TOKENS_FILE_ENV = "FRONTLINES_API_TOKENS_FILE"

# auto_error=False: a missing header is answered in our error shape, not FastAPI's
_bearer = HTTPBearer(auto_error=False, description="A token from FRONTLINES_API_TOKENS(_FILE).")


def tokens_from_environment() -> frozenset[str]:
    """The tokens the environment names (both sources together)."""
    found = {t.strip() for t in os.environ.get(TOKENS_ENV, "").split(",")}
    path = os.environ.get(TOKENS_FILE_ENV)
    if path:
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise BadOption(
                detail=f"{TOKENS_FILE_ENV}: cannot read {path} ({exc.strerror})"
            ) from None
        found |= {line.strip() for line in lines if not line.strip().startswith("#")}
    return frozenset(t for t in found if t)


class TokenCheck:
    """Lets a request through only with one of ``tokens`` as its bearer token."""

    def __init__(self, tokens: Iterable[str]) -> None:
        self.tokens = tuple(t.encode() for t in tokens if t)

    def check(self, credentials: HTTPAuthorizationCredentials | None) -> None:
        if not self.tokens:
            raise ApiError(
                403,
                "ingest_disabled",
                f"writing through the API is off: set {TOKENS_ENV} or {TOKENS_FILE_ENV} on the server",
            )
        if credentials is None or not credentials.credentials.strip():
            raise ApiError(
                401,
                "unauthorized",
                "send a token in the header 'Authorization: Bearer <token>'",
                headers={"WWW-Authenticate": "Bearer"},
            )
        offered = credentials.credentials.strip().encode()
        # compare against every token so timing says nothing about which one nearly matched
        if not any([hmac.compare_digest(offered, t) for t in self.tokens]):
            raise ApiError(403, "forbidden", "the token is not one this server accepts")


def require_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """The dependency of write endpoints: the app's token check (``create_app`` sets it)."""
    check: TokenCheck = request.app.state.token_check
    check.check(credentials)
