"""Small helpers the routes share: JSON or CSV responses, paging parameters, idempotent creation, body limits."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from typing import Annotated, Any

from fastapi import Header, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import ConflictError, DomainError, InvalidError, error_body
from api.language import request_language
from models import repository
from models.access import ApiKey, IdempotencyRecord
from procurement.messages import text
from reports.tables import rows_csv

Limit = Annotated[int, Query(ge=1, le=1000, description="rows per page")]
Offset = Annotated[int, Query(ge=0, description="rows to skip")]
IdempotencyKey = Annotated[
    str | None,
    Header(max_length=200, description="retrying with the same key and body returns the first response"),
]


def respond(payload: Any, status: int = 200, location: str | None = None) -> JSONResponse:
    headers = {"Location": location} if location else None
    return JSONResponse(jsonable_encoder(payload), status_code=status, headers=headers)


def table_response(request: Request, page: dict[str, Any], columns: Sequence[str]) -> Response:
    """JSON by default; CSV of the page's rows when the client sends `Accept: text/csv`."""
    return csv_response(page["items"], columns) if wants_csv(request) else respond(page)


def wants_csv(request: Request) -> bool:
    return "text/csv" in request.headers.get("accept", "")


def csv_response(items: list[dict[str, Any]], columns: Sequence[str]) -> Response:
    return Response(rows_csv(items, columns), media_type="text/csv; charset=utf-8")


def fingerprint(*parts: Any) -> str:
    return hashlib.sha256(json.dumps(jsonable_encoder(parts), sort_keys=True).encode()).hexdigest()


def idempotent(
    request: Request, caller: ApiKey, key: str | None, body_digest: str, create: Callable[[], JSONResponse]
) -> JSONResponse:
    """Run `create` once per Idempotency-Key: replay its response for the same body, refuse a different one."""
    if key is None:
        return create()
    record_id = _begin(request, caller, key, body_digest)
    if isinstance(record_id, JSONResponse):
        return record_id
    try:
        response = create()
    except DomainError:
        _forget(request, record_id)
        raise
    _save(request, record_id, response)
    return response


def _begin(request: Request, caller: ApiKey, key: str, body_digest: str) -> int | JSONResponse:
    digest = fingerprint(request.method, request.url.path, body_digest)
    with request.app.state.sessions() as session:
        session.add(record := IdempotencyRecord(api_key_id=caller.id, key=key, fingerprint=digest))
        try:
            session.commit()
            return record.id
        except IntegrityError:
            session.rollback()
        earlier = repository.find_idempotency(session, caller.id, key)
    if earlier is None or earlier.fingerprint != digest:
        raise InvalidError("api.idempotency_reused", key=repr(key))
    if earlier.status_code is None:
        raise ConflictError("api.idempotency_busy", key=repr(key))
    stored = earlier.response or {}
    return respond(stored.get("body"), earlier.status_code, stored.get("location"))


def _save(request: Request, record_id: int, response: JSONResponse) -> None:
    with request.app.state.sessions() as session:
        record = session.get(IdempotencyRecord, record_id)
        if record is not None:
            record.status_code = response.status_code
            body = json.loads(bytes(response.body))
            record.response = {"body": body, "location": response.headers.get("location")}
            session.commit()


def _forget(request: Request, record_id: int) -> None:
    with request.app.state.sessions() as session:
        repository.forget_idempotency(session, [record_id])
        session.commit()


class BodyLimit:
    """Refuse request bodies above `max_bytes` with 413, by Content-Length up front or while streaming (a chunked
    body is counted as it arrives; its excess is never read). The body is read only by a route that needs it, after
    the caller's access is checked."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length", b"0")
        if length.isdigit() and int(length) > self.max_bytes:
            await self._refuse(send)
            return
        await self.app(scope, self._counting(receive), send)

    def _counting(self, receive: Receive) -> Receive:
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:  # an HTTPException, which FastAPI's body parsing lets through as it is
                raise StarletteHTTPException(413, self._detail())
            return message

        return counted

    async def _refuse(self, send: Send) -> None:
        body = json.dumps(error_body("too_large", self._detail())).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _detail(self) -> str:
        return text("api.body_too_large", request_language(), limit=self.max_bytes)
