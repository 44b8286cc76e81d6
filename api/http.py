"""Small helpers the routes share: JSON or CSV responses checked against their schema, paging parameters,
idempotent creation, body limits."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Coroutine, Sequence
from contextvars import ContextVar
from datetime import timedelta
from typing import Annotated, Any

from annotated_types import Ge, Le
from fastapi import Header, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from pydantic import TypeAdapter
from sqlalchemy import Connection, event, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import ConflictError, DomainError, InvalidError, error_body
from api.language import request_language
from models import repository
from models.access import ApiKey, IdempotencyRecord
from models.comparison import Comparison
from models.db import now
from models.run import Run
from models.scenario import Scenario
from procurement.messages import text
from reports.tables import rows_csv

# What a creating request inserted (rows of RESOURCES), so a request that fails after its commit can say where,
# and its idempotency record, which the first insert marks in the same transaction (a server killed after the
# commit leaves a record that replays that failure once released, not one that lets a retry create it again).
CREATED: ContextVar[list[tuple[type[Any], int]] | None] = ContextVar("created", default=None)
RECORD: ContextVar[int | None] = ContextVar("record", default=None)
RESOURCES: dict[type[Any], str] = {
    Scenario: "/api/v1/scenarios/{}",
    Run: "/api/v1/runs/{}",
    Comparison: "/api/v1/comparisons/{}",
}
MAX_ROW_NUMBER = 2**63 - 1  # the databases' BIGINT: a larger id, version or offset names no row (and overflows)
RowId = Annotated[int, Ge(1), Le(MAX_ROW_NUMBER)]
Limit = Annotated[int, Query(ge=1, le=1000, description="rows per page")]
Offset = Annotated[int, Query(ge=0, le=MAX_ROW_NUMBER, description="rows to skip")]
IdempotencyKey = Annotated[
    str | None,
    Header(max_length=200, description="retrying with the same key and body returns the first response"),
]


CSV_TOO = {
    "description": "JSON, or CSV with `Accept: text/csv`",
    "content": {"text/csv": {"schema": {"type": "string"}}},
}


def file_content(*media_types: str) -> dict[str, Any]:
    """The OpenAPI description of a 200 that is a file of one of `media_types`."""
    binary = {"schema": {"type": "string", "format": "binary"}}
    return {"description": "the file", "content": dict.fromkeys(media_types, binary)}


class PublicRoute(APIRoute):
    """A route whose JSON answers are checked against its published `response_model`: handlers build them as
    dicts, and one that breaks the schema is a 500 (logged) rather than an answer an ERP would misread."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        schema = TypeAdapter(self.response_model) if self.response_model else None

        async def checked(request: Request) -> Response:
            response = await handler(request)
            if schema is not None and isinstance(response, JSONResponse) and response.status_code < 300:
                schema.validate_json(bytes(response.body))
            return response

        return checked


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
    request: Request,
    session: Session,
    caller: ApiKey,
    key: str | None,
    body_digest: str,
    create: Callable[[], JSONResponse],
) -> JSONResponse:
    """Run `create` once per Idempotency-Key: replay its response for the same body, refuse a different one.

    A refused request (a DomainError) releases its key; one that fails unexpectedly stores its 500, naming what it
    had already created (so the client gets its id back), or releases the key if it created nothing. The record is
    kept through the request's own `session` (committed apart from `create`'s work): a request holds one database
    connection at a time, so a burst of them cannot take the whole pool while each waits for a second one.
    """
    if key is None:
        return create()
    record_id = _begin(request, session, caller, key, body_digest)
    if isinstance(record_id, JSONResponse):
        return record_id
    created, record = CREATED.set([]), RECORD.set(record_id)
    try:
        response = create()
    except DomainError:
        _forget(session, record_id)
        raise
    except Exception:
        _fail(session, record_id, CREATED.get() or [])
        raise
    finally:
        CREATED.reset(created)
        RECORD.reset(record)
    _save(session, record_id, response)
    return response


def release_stale_keys(sessions: Callable[[], Session], stale_after_s: float) -> None:
    """Release the Idempotency-Keys of requests unanswered for `stale_after_s`: a crashed server left them."""
    with sessions() as session:
        repository.release_stale_idempotency(session, now() - timedelta(seconds=stale_after_s))
        session.commit()


def _begin(
    request: Request, session: Session, caller: ApiKey, key: str, body_digest: str, retry: bool = True
) -> int | JSONResponse:
    digest = fingerprint(request.method, request.url.path, body_digest)
    session.add(record := IdempotencyRecord(api_key_id=caller.id, key=key, fingerprint=digest))
    try:
        session.commit()
        return record.id
    except IntegrityError:
        session.rollback()
    earlier = repository.find_idempotency(session, caller.id, key)
    if retry and earlier is not None and earlier.status_code is None:  # unless its server died answering it
        stale_after = timedelta(seconds=request.app.state.settings.stale_after_s)
        repository.release_stale_idempotency(session, now() - stale_after)
        session.commit()
        return _begin(request, session, caller, key, body_digest, retry=False)
    if earlier is None or earlier.fingerprint != digest:
        raise InvalidError("api.idempotency_reused", key=repr(key))
    if earlier.status_code is None:
        raise ConflictError("api.idempotency_busy", key=repr(key))
    stored = earlier.response or {}
    return respond(stored.get("body"), earlier.status_code, stored.get("location"))


def _save(session: Session, record_id: int, response: JSONResponse) -> None:
    record = session.get(IdempotencyRecord, record_id)
    if record is not None:
        record.status_code = response.status_code
        body = json.loads(bytes(response.body))
        record.response = {"body": body, "location": response.headers.get("location")}
        session.commit()


def _fail(session: Session, record_id: int, created: list[tuple[type[Any], int]]) -> None:
    session.rollback()  # whatever the failed work left pending
    stored = [(model, id) for model, id in created if session.get(model, id) is not None]
    record = session.get(IdempotencyRecord, record_id)
    if not stored or record is None:
        repository.forget_idempotency(session, [record_id])
    else:
        record.status_code, record.response = 500, _failure(RESOURCES[stored[0][0]].format(stored[0][1]))
    session.commit()


def _failure(location: str) -> dict[str, Any]:
    """The stored response of a request that failed after it created `location`."""
    detail = text("api.internal_after_creating", request_language(), location=location)
    return {"body": error_body("internal", detail), "location": location}


def _note_created(mapper: Any, connection: Connection, target: Any) -> None:
    created, record_id = CREATED.get(), RECORD.get()
    if created is None:
        return
    if not created and record_id is not None:  # still unanswered: replayed only if the server dies before answering
        failure = _failure(RESOURCES[type(target)].format(target.id))
        connection.execute(update(IdempotencyRecord).where(IdempotencyRecord.id == record_id).values(response=failure))
    created.append((type(target), target.id))


def _forget(session: Session, record_id: int) -> None:
    session.rollback()
    repository.forget_idempotency(session, [record_id])
    session.commit()


for _model in RESOURCES:
    event.listen(_model, "after_insert", _note_created)


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
