"""Dependencies of the routes: settings, a database session per request, the queue and the calling key."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header, Request
from huey import Huey
from sqlalchemy.orm import Session

from api.keys import authenticate_key
from api.settings import Settings
from models.access import ApiKey


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_session(request: Request) -> Iterator[Session]:
    """One session per request; the service commits, anything left uncommitted is rolled back on close."""
    with request.app.state.sessions() as session:
        yield session


def get_queue(request: Request) -> Huey:
    queue: Huey = request.app.state.queue
    return queue


def get_caller(
    session: Annotated[Session, Depends(get_session)],
    authorization: Annotated[str | None, Header()] = None,
    x_api_key: Annotated[str | None, Header()] = None,
) -> ApiKey:
    """The API key of the request, from `Authorization: Bearer <key>` or `X-API-Key: <key>`."""
    secret = x_api_key
    if authorization and authorization.lower().startswith("bearer "):
        secret = authorization[7:].strip()
    return authenticate_key(session, secret)


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(get_session)]
QueueDep = Annotated[Huey, Depends(get_queue)]
CallerDep = Annotated[ApiKey, Depends(get_caller)]
