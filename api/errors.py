"""Domain errors that carry their HTTP status, and the one handler rendering {"error", "detail", "issues"}
(as a page for browsers)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from procurement.errors import Issue

log = logging.getLogger("procurement.api")


class DomainError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, detail: str, issues: list[dict[str, Any]] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.issues = issues or []


class UnauthorizedError(DomainError):
    status, code = 401, "unauthorized"


class ForbiddenError(DomainError):
    status, code = 403, "forbidden"


class NotFoundError(DomainError):
    status, code = 404, "not_found"


class ConflictError(DomainError):
    status, code = 409, "conflict"


class TooLargeError(DomainError):
    status, code = 413, "too_large"


class InvalidError(DomainError):
    status, code = 422, "invalid"
    found: Sequence[Issue] = ()  # the scenario's issues themselves, for the pages to lay out by sheet and cell


class ReportFailedError(DomainError):
    status, code = 422, "report_failed"


class UnavailableError(DomainError):
    status, code = 503, "unavailable"


def error_body(code: str, detail: str, issues: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"error": code, "detail": detail, "issues": issues or []}


def install_error_handler(app: FastAPI) -> None:
    """Every error, expected or not, leaves as the same JSON shape; never a traceback."""
    for kind in (DomainError, RequestValidationError, StarletteHTTPException, Exception):
        app.add_exception_handler(kind, render_error)


async def render_error(request: Request, error: Exception) -> Response:
    """JSON, or for a browser (a request that accepts HTML) the pages' error page when the app has pages."""
    status, body, headers = _describe(error)
    error_page = getattr(request.app.state, "error_page", None)
    if error_page is not None and "text/html" in request.headers.get("accept", ""):
        response: Response = error_page(request, status, body)
        return response
    return JSONResponse(body, status_code=status, headers=headers)


def _describe(error: Exception) -> tuple[int, dict[str, Any], dict[str, str] | None]:
    if isinstance(error, DomainError):
        headers = {"WWW-Authenticate": "Bearer"} if isinstance(error, UnauthorizedError) else None
        return error.status, error_body(error.code, error.detail, error.issues), headers
    if isinstance(error, RequestValidationError):
        issues = [_request_issue(item) for item in error.errors()]
        return 422, error_body("invalid", f"{len(issues)} problem(s) in the request", issues), None
    if isinstance(error, StarletteHTTPException):
        code = {404: "not_found", 405: "method_not_allowed"}.get(error.status_code, "http_error")
        return error.status_code, error_body(code, str(error.detail)), None
    log.exception("unexpected error", exc_info=error)
    return 500, error_body("internal", "an unexpected error happened; it has been logged"), None


def _request_issue(item: Any) -> dict[str, Any]:
    """A pydantic error located by JSON path (`bids[16].unit_price`) or query parameter (`query.limit`)."""
    location = ""
    for part in item.get("loc", ()):
        if part == "body":
            continue
        location += f"[{part}]" if isinstance(part, int) else (f".{part}" if location else str(part))
    return {"location": location or "body", "message": item.get("msg", "is not valid"), "severity": "error"}
