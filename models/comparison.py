"""A what-if comparison: one scenario version solved under every combination of varied settings, side by side."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Mapped, mapped_column

from models.job import Job


class Comparison(Job):
    """A job that compares variants: what is varied, the problems found in them, and the table it made.

    `result` holds the variants (label and changed settings) and the side-by-side table in each report language.
    `former_id` is the id a comparison had before migration 0010 moved it into `jobs`; its old address still works.
    """

    __mapper_args__ = {"polymorphic_identity": "comparison"}  # noqa: RUF012  (SQLAlchemy reads it once)

    vary: Mapped[list[Any]] = mapped_column(nullable=True)
    issues: Mapped[list[Any]] = mapped_column(nullable=True, default=list)
    result: Mapped[dict[str, Any] | None]
    former_id: Mapped[int | None] = mapped_column(index=True, unique=True)
