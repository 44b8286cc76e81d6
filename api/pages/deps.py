"""Dependencies of the pages: the signed-in user (a Principal, as API keys are) and routers that check CSRF."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from api.deps import SessionDep
from api.errors import DomainError
from api.pages.security import check_csrf, password_stamp
from models import repository
from models.access import User

SIGN_IN_PATH = "/ingresar"


class SignInNeededError(DomainError):
    """No one is signed in (or the session ended): a browser is sent to the sign-in page, others get a 401."""

    status, code = 401, "sign_in_needed"


def page_router() -> APIRouter:
    """A router for pages: kept out of the OpenAPI document, and every unsafe request checked for its CSRF token."""
    return APIRouter(include_in_schema=False, dependencies=[Depends(check_csrf)])


def signed_in_user(request: Request, session: SessionDep) -> User | None:
    """The session's user if it is still enabled and its password unchanged since signing in; else the session
    is emptied."""
    user_id = request.session.get("user_id")
    if user_id is None:
        return None
    user = repository.get_user(session, int(user_id))
    if user is None or user.disabled or request.session.get("stamp") != password_stamp(user.password_hash):
        request.session.clear()
        return None
    return user


def current_user(user: Annotated[User | None, Depends(signed_in_user)]) -> User:
    if user is None:
        raise SignInNeededError("sign in first")
    return user


def start_session(request: Request, user: User) -> None:
    """A new session for the signed-in user: nothing of the anonymous one is kept (nor its CSRF token)."""
    request.session.clear()
    request.session.update(user_id=user.id, stamp=password_stamp(user.password_hash))


MaybeUserDep = Annotated[User | None, Depends(signed_in_user)]
CurrentUserDep = Annotated[User, Depends(current_user)]
