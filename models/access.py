"""Who may act: API keys (stored only as hashes) for programs, user accounts (argon2 password hashes) for people,
and idempotency records of creating requests."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.db import Base, now


class Role(StrEnum):
    COORDINATOR = "coordinator"
    INSTITUTION = "institution"
    AUDITOR = "auditor"


class Principal(Protocol):
    """What access control reads of whoever acts (an API key or a signed-in user): every query is scoped by it."""

    @property
    def name(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def coordinator(self) -> str | None: ...
    @property
    def institution_id(self) -> str | None: ...


class ApiKey(Base):
    """Who may call the API: a role, the coordinating unit or institution it acts for, and the key's sha256; it is
    refused once revoked or past its expiry, and records when it was last used (to the minute)."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    coordinator: Mapped[str | None] = mapped_column(String(100))
    institution_id: Mapped[str | None] = mapped_column(String(64))
    prefix: Mapped[str] = mapped_column(String(16))
    key_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=now)
    revoked_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]


class User(Base):
    """A person who signs in to the pages; scoped exactly as an API key is (role, coordinator, institution_id)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    coordinator: Mapped[str | None] = mapped_column(String(100))
    institution_id: Mapped[str | None] = mapped_column(String(64))
    password_hash: Mapped[str] = mapped_column(String(200))
    disabled: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=now)
    last_sign_in_at: Mapped[datetime | None]

    @property
    def name(self) -> str:
        """The name runs and versions record as their author (`created_by`)."""
        return self.username


class IdempotencyRecord(Base):
    """The first response to a creating request sent with an Idempotency-Key, replayed for retries."""

    __tablename__ = "idempotency_records"
    __table_args__ = (UniqueConstraint("api_key_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    api_key_id: Mapped[int] = mapped_column(ForeignKey("api_keys.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(200))
    fingerprint: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int | None]
    response: Mapped[dict[str, Any] | None]
    created_at: Mapped[datetime] = mapped_column(default=now)
