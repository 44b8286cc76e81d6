"""Domain errors that carry their HTTP status, and the one handler rendering {"error", "detail", "issues"}
(as a page for browsers)."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.routing import Match

from api.language import request_language
from api.schemas import ErrorPublic
from procurement.errors import Issue
from procurement.messages import known, text

log = logging.getLogger("procurement.api")


class DomainError(Exception):
    """`key` names the detail in the catalogue (area api, e.g. "api.run_missing") and `params` fill it; it is worded
    in the request's language when the error is rendered. A text that is not a key is the detail as it is."""

    status = 400
    code = "bad_request"

    def __init__(self, key: str, issues: list[dict[str, Any]] | None = None, /, **params: object) -> None:
        super().__init__(key)
        self.key, self.params = key, params
        self.issues = issues or []

    @property
    def detail(self) -> str:
        return text(self.key, request_language(), **self.params) if known(self.key) else self.key


class UnauthorizedError(DomainError):
    status, code = 401, "unauthorized"
    challenge = "Bearer"  # its WWW-Authenticate; RFC 6750 adds error="invalid_token" when a key was sent and refused


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


def api_issue(location: str, code: str, **params: object) -> dict[str, Any]:
    """A problem the API finds itself (not a package's validation issue), named by its catalogue key ("api.<code>",
    or "<area>.<name>" for the code "<area>_<name>"), worded in the request's language."""
    key = code if "." in code else f"api.{code}"
    words = text(key, request_language(), **params)
    return {
        "location": location,
        "code": key.removeprefix("api.").replace(".", "_"),
        "message": words,
        "severity": "error",
    }


HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 413: TooLargeError.code}
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
ERRORS_WHEN = {
    401: "no key, or an unknown, revoked or expired one: the issue's code says which",
    403: "the key may see the resource but not do this",
    404: "the resource does not exist, or the key may not see it",
    409: "the state forbids it (e.g. an archived purchase, a run not finished, an Idempotency-Key in flight)",
    413: "the request body is above the upload limit",
    422: "the input is wrong: every problem is listed in issues",
    503: "the run queue cannot be reached",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI `responses` of the errors a route may answer, each in the one error shape."""
    return {status: {"model": ErrorPublic, "description": ERRORS_WHEN[status]} for status in statuses}


def error_body(code: str, detail: str, issues: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"error": code, "detail": detail, "issues": issues or []}


def install_error_handler(app: FastAPI) -> None:
    """Every error, expected or not, leaves as the same JSON shape; never a traceback."""
    for kind in (DomainError, RequestValidationError, StarletteHTTPException, Exception):
        app.add_exception_handler(kind, render_error)


async def render_error(request: Request, error: Exception) -> Response:
    """JSON, or for a browser (a request that accepts HTML) the pages' error page when the app has pages."""
    status, body, headers = _describe(error)
    if status == 405:
        headers = {"Allow": allowed_methods(request)}
    error_page = getattr(request.app.state, "error_page", None)
    if error_page is not None and "text/html" in request.headers.get("accept", ""):
        response: Response = error_page(request, status, body)
        return response
    return JSONResponse(body, status_code=status, headers=headers)


def allowed_methods(request: Request) -> str:
    """Every method some route takes at the request's path (Starlette names only those of the first route there)."""
    routes = request.app.router.routes
    allowed = [
        m for m in METHODS if any(route.matches({**request.scope, "method": m})[0] is Match.FULL for route in routes)
    ]
    return ", ".join(allowed)


def _describe(error: Exception) -> tuple[int, dict[str, Any], Mapping[str, str] | None]:
    if isinstance(error, DomainError):
        headers = {"WWW-Authenticate": error.challenge} if isinstance(error, UnauthorizedError) else None
        return error.status, error_body(error.code, error.detail, error.issues), headers
    if isinstance(error, RequestValidationError):
        issues = [_request_issue(item) for item in error.errors()]
        detail = text("api.problems_request", request_language(), count=len(issues))
        return 422, error_body("invalid", detail, issues), None
    if isinstance(error, StarletteHTTPException):
        code = HTTP_CODES.get(error.status_code, "http_error")
        return error.status_code, error_body(code, str(error.detail)), error.headers
    log.exception("unexpected error", exc_info=error)
    return 500, error_body("internal", text("api.internal", request_language())), None


def _request_issue(item: Any) -> dict[str, Any]:
    """A pydantic error located by JSON path (`bids[16].unit_price`) or query parameter (`query.limit`)."""
    location = ""
    for part in item.get("loc", ()):
        if part == "body":
            continue
        location += f"[{part}]" if isinstance(part, int) else (f".{part}" if location else str(part))
    return {"location": location or "body", "message": item.get("msg", "is not valid"), "severity": "error"}
