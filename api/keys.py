"""Use cases on API keys: create one (shown once, only its sha256 kept), revoke one, and check one on each request.

A key is refused (401) once revoked or past its expiry, each with its own reason code. Its last use is recorded to
the minute: one conditional write a minute per key, however many requests it makes.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from api.accounts import AccountError, Scope
from api.errors import UnauthorizedError, api_issue
from models import repository
from models.access import ApiKey
from models.db import now

KEY_PREFIX = "pk_"
SHOWN_PREFIX = 10  # "pk_" and 7 characters: enough to tell keys apart in a list, far too few to guess the rest
LAST_USE_PRECISION = timedelta(minutes=1)


def hash_key(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_key(session: Session, name: str, scope: Scope, expires_in_days: int | None = None) -> tuple[ApiKey, str]:
    """A new key's row and the key itself: it is shown once and cannot be read back."""
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    expires_at = None if expires_in_days is None else now() + timedelta(days=expires_in_days)
    key = ApiKey(
        name=name,
        role=scope.role,
        coordinator=scope.coordinator,
        institution_id=scope.institution_id,
        prefix=secret[:SHOWN_PREFIX],
        key_sha256=hash_key(secret),
        expires_at=expires_at,
    )
    session.add(key)
    session.commit()
    return key, secret


def revoke_key(session: Session, key_id: int) -> tuple[ApiKey, bool]:
    """The key, revoked from now on, and whether this call revoked it (False: it already was)."""
    key = repository.get_key(session, key_id)
    if key is None:
        raise AccountError("cli.key_unknown", id=key_id)
    if key.revoked_at is not None:
        return key, False
    key.revoked_at = now()
    session.commit()
    return key, True


def authenticate_key(session: Session, secret: str | None) -> ApiKey:
    """The usable key whose hash is that of `secret`, its last use recorded; else a 401 saying why."""
    key = repository.key_by_hash(session, hash_key(secret)) if secret else None
    at = now()
    if key is None:
        raise _refused("key_unknown" if secret else "key_missing")
    if key.revoked_at is not None:
        raise _refused("key_revoked", at=minute(key.revoked_at))
    if key.expires_at is not None and key.expires_at <= at:
        raise _refused("key_expired", at=minute(key.expires_at))
    if key.last_used_at is None or key.last_used_at <= at - LAST_USE_PRECISION:
        repository.record_key_use(session, key.id, at, LAST_USE_PRECISION)
        session.commit()
    return key


def _refused(reason: str, **params: object) -> UnauthorizedError:
    issue = api_issue("header.authorization", reason, **params)
    error = UnauthorizedError(f"api.{reason}", [issue], **params)
    if reason != "key_missing":
        error.challenge = 'Bearer error="invalid_token"'
    return error


def minute(at: datetime) -> str:
    """A time as keys are shown, in UTC to the minute."""
    return at.strftime("%Y-%m-%d %H:%M")
