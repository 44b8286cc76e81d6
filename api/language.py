"""The language a request is answered in: the pages' choice (?lang=, else the `lang` cookie) when there is one,
else the first of es and en in its Accept-Language, Spanish by default.

A small ASGI middleware reads them once per request into a context variable, so validation issues and service
messages are worded in the caller's language wherever they are described (errors, warnings), while their codes
stay stable; a person on the pages reads them in the language the pages show.
"""

from __future__ import annotations

from contextvars import ContextVar

from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Receive, Scope, Send

from procurement.messages import DEFAULT_LANGUAGE, LANGUAGES

LANGUAGE_COOKIE = "lang"  # where the pages remember a person's choice
_LANGUAGE: ContextVar[str] = ContextVar("request_language", default=DEFAULT_LANGUAGE)


def preferred_language(accept_language: str | None) -> str:
    """The first of es and en in the client's preference order (by q weight); Spanish when neither is asked for."""
    preferences = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, weight = part.strip().partition(";q=")
        try:
            preferences.append((-float(weight or 1), position, tag.split("-")[0].strip().lower()))
        except ValueError:
            continue
    chosen = [tag for q, _, tag in sorted(preferences) if tag in LANGUAGES and q < 0]
    return chosen[0] if chosen else DEFAULT_LANGUAGE


def request_language() -> str:
    """The language of the request being answered (Spanish outside a request)."""
    return _LANGUAGE.get()


def remembered_language(connection: HTTPConnection) -> str | None:
    """The language a person chose on the pages: ?lang= when given, else the `lang` cookie (api.pages.render)."""
    for chosen in (connection.query_params.get("lang"), connection.cookies.get(LANGUAGE_COOKIE)):
        if chosen in LANGUAGES:
            return chosen
    return None


def chosen_language(connection: HTTPConnection) -> str:
    return remembered_language(connection) or preferred_language(connection.headers.get("accept-language"))


class RequestLanguage:
    """Sets request_language() from the request's chosen language (chosen_language)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = _LANGUAGE.set(chosen_language(HTTPConnection(scope)))
        try:
            await self.app(scope, receive, send)
        finally:
            _LANGUAGE.reset(token)
