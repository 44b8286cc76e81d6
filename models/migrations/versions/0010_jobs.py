"""jobs: runs and comparisons in one table with a kind, so one runner, one cancel and one recovery serve both

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 19:30:00.000000

`runs` becomes `jobs` in place (renamed, not rebuilt: rebuilding it would delete its result rows through ON DELETE
CASCADE), gains `kind` ('run' for every existing row) and the comparisons' own columns, and every comparison is
moved into it. Run ids and comparison ids were counted apart and collide, so:

- runs keep their ids: their result rows, links and reports stay as they are;
- each comparison gets the id `its old id + offset`, offset being the largest run or comparison id, and keeps its old
  id in `former_id`; `/api/v1/comparisons/{old id}` and its page still resolve (repository.find_comparison looks at
  `former_id` too). No two can clash: every new id is above every old comparison id, and later ids above those.

Comparisons had no events: theirs start empty. Downgrading moves the comparisons back under their old ids (those
made after the upgrade under their new ones), drops their events, and renames `jobs` back to `runs`.
Tasks queued before the upgrade name the old tasks: launch those runs and comparisons again after it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import models.db

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

SHARED = (
    "scenario_id",
    "version_id",
    "status",
    "options",
    "wall_limit_s",
    "progress",
    "error",
    "attempts",
    "worker",
    "created_by",
    "created_at",
    "started_at",
    "heartbeat_at",
    "finished_at",
    "cancel_requested_at",
)
OWN = ("vary", "issues", "result")


def upgrade() -> None:
    _rename("runs", "jobs")
    op.add_column("jobs", sa.Column("kind", sa.String(length=20), nullable=False, server_default="run"))
    op.add_column("jobs", sa.Column("vary", sa.JSON(), nullable=True))
    op.add_column("jobs", sa.Column("issues", sa.JSON(), nullable=True))
    op.add_column("jobs", sa.Column("result", sa.JSON(), nullable=True))
    op.add_column("jobs", sa.Column("former_id", sa.Integer(), nullable=True))
    op.create_index("ix_jobs_former_id", "jobs", ["former_id"], unique=True)
    jobs, comparisons = _jobs(), _comparisons()
    shift = max(_largest_id(jobs), _largest_id(comparisons))
    moved = sa.select(
        comparisons.c.id + shift,
        sa.literal("comparison"),
        *(comparisons.c[name] for name in (*SHARED, *OWN)),
        sa.literal([], sa.JSON()),
        comparisons.c.id,
    )
    names = ["id", "kind", *SHARED, *OWN, "events", "former_id"]
    op.execute(jobs.insert().from_select(names, moved))
    _follow_sequence("jobs")
    op.drop_index("ix_comparisons_status", table_name="comparisons")
    op.drop_index("ix_comparisons_scenario_id", table_name="comparisons")
    op.drop_table("comparisons")


def downgrade() -> None:
    op.create_table(
        "comparisons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scenario_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("vary", sa.JSON(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("wall_limit_s", sa.Double(), nullable=False),
        sa.Column("progress", sa.Text(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("issues", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("worker", sa.String(length=200), nullable=True),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", models.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("started_at", models.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("heartbeat_at", models.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("finished_at", models.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("cancel_requested_at", models.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["scenario_id"], ["scenarios.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["version_id"], ["scenario_versions.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_comparisons_scenario_id", "comparisons", ["scenario_id"], unique=False)
    op.create_index("ix_comparisons_status", "comparisons", ["status"], unique=False)
    jobs, comparisons = _jobs(), _comparisons()
    moved = sa.select(sa.func.coalesce(jobs.c.former_id, jobs.c.id), *(jobs.c[name] for name in (*SHARED, *OWN))).where(
        jobs.c.kind == "comparison"
    )
    op.execute(comparisons.insert().from_select(["id", *SHARED, *OWN], moved))
    op.execute(jobs.delete().where(jobs.c.kind == "comparison"))
    _follow_sequence("comparisons")
    op.drop_index("ix_jobs_former_id", table_name="jobs")
    for name in ("former_id", "result", "issues", "vary", "kind"):
        op.drop_column("jobs", name)  # in place, as in 0008: a rebuilt table would take the results with it
    _rename("jobs", "runs")


def _rename(old: str, new: str) -> None:
    """Rename the table, its indexes and, on PostgreSQL, its key and id sequence, as a new table would name them."""
    op.drop_index(f"ix_{old}_status", table_name=old)
    op.drop_index(f"ix_{old}_scenario_id", table_name=old)
    op.rename_table(old, new)
    op.create_index(f"ix_{new}_status", new, ["status"], unique=False)
    op.create_index(f"ix_{new}_scenario_id", new, ["scenario_id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER INDEX {old}_pkey RENAME TO {new}_pkey")
        op.execute(f"ALTER SEQUENCE {old}_id_seq RENAME TO {new}_id_seq")


def _follow_sequence(table: str) -> None:
    """On PostgreSQL, move the table's id sequence past the ids inserted explicitly."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table} HAVING count(*) > 0")


def _largest_id(table: sa.TableClause) -> int:
    return int(op.get_bind().scalar(sa.select(sa.func.coalesce(sa.func.max(table.c.id), 0))) or 0)


def _jobs() -> sa.TableClause:
    return sa.table("jobs", *map(sa.column, ("id", "kind", *SHARED, *OWN, "events", "former_id")))


def _comparisons() -> sa.TableClause:
    return sa.table("comparisons", *map(sa.column, ("id", *SHARED, *OWN)))
