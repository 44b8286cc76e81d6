"""Use cases on the people who sign in: create, reset a password, disable, and check a sign-in.

Passwords are kept only as argon2id hashes (argon2-cffi's defaults); a user is scoped exactly as an API key is,
by the same check (check_scope), so every query reads either the same way.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import repository
from models.access import Role, User
from models.db import now

DEFAULT_COORDINATOR = "coordinator"
MIN_PASSWORD_LENGTH = 10
GENERATED_PASSWORD_BYTES = 15  # 20 URL-safe characters
HASHER = PasswordHasher()


@cache
def _unknown_user_hash() -> str:
    """Checked when the username is unknown, so that a sign-in takes as long whether or not the user exists."""
    return HASHER.hash(generate_password())


class AccountError(ValueError):
    """A refused account change; `key` names its message in the catalogue, `params` fill its placeholders."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key, self.params = key, params


@dataclass(frozen=True)
class Scope:
    role: str
    coordinator: str | None
    institution_id: str | None


def check_scope(role: str, coordinator: str | None = None, institution_id: str | None = None) -> Scope:
    """What a key or user acts for: an institution needs its institution_id, a coordinator a coordinating unit
    (the default one unless named); no other role takes either."""
    if role not in set(Role):
        raise AccountError("pages.account_scope_role", role=role, roles=", ".join(Role))
    if role == Role.INSTITUTION and not institution_id:
        raise AccountError("pages.account_scope_institution_needed")
    if role != Role.INSTITUTION and institution_id:
        raise AccountError("pages.account_scope_institution_only")
    if role != Role.COORDINATOR and coordinator:
        raise AccountError("pages.account_scope_coordinator_only")
    coordinator = (coordinator or DEFAULT_COORDINATOR) if role == Role.COORDINATOR else None
    return Scope(role, coordinator, institution_id)


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError("pages.account_password_too_short", length=MIN_PASSWORD_LENGTH)
    return password


def generate_password() -> str:
    return secrets.token_urlsafe(GENERATED_PASSWORD_BYTES)


def create_user(session: Session, username: str, display_name: str, scope: Scope, password: str) -> User:
    user = User(
        username=username.strip(),
        display_name=display_name.strip() or username.strip(),
        role=scope.role,
        coordinator=scope.coordinator,
        institution_id=scope.institution_id,
        password_hash=HASHER.hash(check_password(password)),
    )
    session.add(user)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise AccountError("pages.account_exists", username=username) from None
    return user


def reset_password(session: Session, username: str, password: str) -> User:
    """A new password; sessions signed in with the old one end (their stamp no longer matches)."""
    user = _existing(session, username)
    user.password_hash = HASHER.hash(check_password(password))
    session.commit()
    return user


def disable_user(session: Session, username: str) -> User:
    user = _existing(session, username)
    user.disabled = True
    session.commit()
    return user


def _existing(session: Session, username: str) -> User:
    user = repository.user_by_username(session, username)
    if user is None:
        raise AccountError("pages.account_unknown", username=username)
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The enabled user with this username and password, its sign-in recorded; None for anything else."""
    user = repository.user_by_username(session, username.strip())
    try:
        HASHER.verify(user.password_hash if user else _unknown_user_hash(), password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or user.disabled:
        return None
    if HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = HASHER.hash(password)
    user.last_sign_in_at = now()
    session.commit()
    return user
