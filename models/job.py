"""A background job (a run or a what-if comparison): one row of `jobs`, the source of truth for its lifecycle.

Each kind maps onto the same table (single-table inheritance on `kind`): the lifecycle columns are shared, each
kind's own columns are null on the other kind's rows. A run keeps its id, so its result rows point at `jobs.id`.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.db import Base, now


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        return self in (JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED)


class Job(Base):
    """What every job has: what it works on, status, progress, heartbeat, wall-time limit, timing and errors."""

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_status", "status"),)
    # a job read as a Job is read whole, its kind's columns too (as the worker needs them after the session)
    __mapper_args__ = {"polymorphic_on": "kind", "with_polymorphic": "*"}  # noqa: RUF012  (SQLAlchemy reads it once)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenarios.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("scenario_versions.id"))
    status: Mapped[str] = mapped_column(String(20), default=JobStatus.QUEUED)
    options: Mapped[dict[str, Any]]
    wall_limit_s: Mapped[float]
    progress: Mapped[str] = mapped_column(Text, default="")
    error: Mapped[str | None] = mapped_column(Text)
    events: Mapped[list[Any]] = mapped_column(default=list)
    attempts: Mapped[int] = mapped_column(default=0)
    worker: Mapped[str | None] = mapped_column(String(200))
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=now)
    started_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    cancel_requested_at: Mapped[datetime | None]
