"""Signing in and out: the form at /ingresar, and /salir (a form POST, so that a link cannot sign anyone out)."""

from __future__ import annotations

from math import ceil
from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from api.accounts import authenticate
from api.deps import SessionDep
from api.pages.deps import SIGN_IN_PATH, MaybeUserDep, page_router, start_session
from api.pages.render import notify, page_language, render
from api.pages.security import SignInThrottle
from procurement.messages import text

router = page_router()
Field = Annotated[str, Form(max_length=1000)]


@router.get(SIGN_IN_PATH)
def sign_in_page(request: Request, user: MaybeUserDep, next: str = "/") -> Response:
    if user is not None:
        return RedirectResponse(local_path(next), status_code=303)
    return render(request, "sign_in.html", next=local_path(next))


@router.post(SIGN_IN_PATH)
def sign_in(
    request: Request, session: SessionDep, username: Field = "", password: Field = "", next: Field = "/"
) -> Response:
    throttle: SignInThrottle = request.app.state.sign_in_throttle
    if wait_s := throttle.wait_s(username):
        return _refused(request, username, next, 429, "sign_in_throttled", minutes=ceil(wait_s / 60))
    user = authenticate(session, username, password)
    if user is None:
        throttle.failed(username)
        return _refused(request, username, next, 401, "sign_in_failed")
    throttle.succeeded(username)
    start_session(request, user)
    return RedirectResponse(local_path(next), status_code=303)


@router.post("/salir")
def sign_out(request: Request) -> Response:
    request.session.clear()
    notify(request, "signed_out")
    return RedirectResponse(SIGN_IN_PATH, status_code=303)


def _refused(request: Request, username: str, next: str, status: int, key: str, **params: object) -> Response:
    """The form again, with what was typed as username; the same words whether or not that user exists."""
    error = text(f"pages.{key}", page_language(request), **params)
    return render(request, "sign_in.html", status=status, error=error, username=username, next=local_path(next))


def local_path(target: str) -> str:
    """Where to go after signing in: a path on this site only (never //host or a full URL elsewhere)."""
    return target if target.startswith("/") and not target.startswith(("//", "/\\")) else "/"
