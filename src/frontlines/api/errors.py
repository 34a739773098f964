"""Every failure the API reports is JSON ``{"error": {"code", "message"}}`` with a 4xx status.

Handlers map the library's error catalogue (``frontlines.errors``), request
validation and HTTP errors onto that shape; anything unforeseen becomes a 500
in the same shape, with no traceback sent to the client.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException

from frontlines.api.schemas import ErrorOut
from frontlines.errors import BadOption, DatabaseFailed, FrontlinesError, NotFound
from frontlines.store.engine import database_detail

log = logging.getLogger(__name__)

_HTTP_CODES = {
    400: "bad_parameter",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    422: "bad_parameter",
}

# What the OpenAPI document lists for the error statuses of a route.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {
        "model": ErrorOut,
        "description": "Parameters that do not fit together or a malformed bbox or admin code.",
    },
    404: {"model": ErrorOut, "description": "No such event, article or place."},
    422: {
        "model": ErrorOut,
        "description": "A parameter has the wrong form (dates are YYYY-MM-DD).",
    },
}


class ApiError(Exception):
    """An error the API answers with ``status`` and a stable ``code``."""

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    body = ErrorOut.model_validate({"error": {"code": code, "message": message}})
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body"))
        parts.append(f"{where or 'request'}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "the request is not valid"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> JSONResponse:
        return error_response(404, "not_found", str(exc))

    @app.exception_handler(BadOption)
    async def _bad_option(request: Request, exc: BadOption) -> JSONResponse:
        return error_response(400, "bad_parameter", str(exc))

    @app.exception_handler(FrontlinesError)
    async def _frontlines_error(request: Request, exc: FrontlinesError) -> JSONResponse:
        return error_response(400, "bad_request", str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(422, "bad_parameter", _validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        return error_response(exc.status_code, code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(SQLAlchemyError)
    async def _database(request: Request, exc: SQLAlchemyError) -> JSONResponse:
        log.error("database error on %s %s: %s", request.method, request.url.path, exc)
        return error_response(
            500, "database_error", str(DatabaseFailed(detail=database_detail(exc)))
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return error_response(
            500,
            "internal_error",
            f"internal error ({type(exc).__name__}); the server log has details",
        )
