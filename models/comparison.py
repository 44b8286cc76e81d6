"""A what-if comparison: one scenario version solved under every combination of varied settings, side by side."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.db import Base, now
from models.run import RunStatus


class Comparison(Base):
    """The source of truth for a background comparison: what is varied, status, progress and the table it made.

    `result` holds the variants (label and changed settings) and the side-by-side table in each report language.
    """

    __tablename__ = "comparisons"
    __table_args__ = (Index("ix_comparisons_status", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenarios.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("scenario_versions.id"))
    status: Mapped[str] = mapped_column(String(20), default=RunStatus.QUEUED)
    vary: Mapped[list[Any]]
    options: Mapped[dict[str, Any]]
    wall_limit_s: Mapped[float]
    progress: Mapped[str] = mapped_column(Text, default="")
    error: Mapped[str | None] = mapped_column(Text)
    issues: Mapped[list[Any]] = mapped_column(default=list)
    result: Mapped[dict[str, Any] | None]
    attempts: Mapped[int] = mapped_column(default=0)
    worker: Mapped[str | None] = mapped_column(String(200))
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=now)
    started_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    cancel_requested_at: Mapped[datetime | None]
