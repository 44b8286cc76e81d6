"""open contracts: each run keeps its awarded open contracts with their maximum and minimum (open_contracts.csv)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 22:00:00.000000

A table run_open_contracts, empty for every run made before it (those runs' open contracts are in the files the
command wrote, or come back by solving again); downgrading drops it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import models.db

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "run_open_contracts",
        sa.Column("institution_id", sa.String(length=64), nullable=False),
        sa.Column("product_id", sa.String(length=64), nullable=False),
        sa.Column("period", sa.String(length=64), nullable=False, server_default=""),
        sa.Column("supplier_id", sa.String(length=64), nullable=False),
        sa.Column("maximum_quantity", models.db.Exact(), nullable=False),
        sa.Column("minimum_quantity", models.db.Exact(), nullable=False),
        sa.Column("unit_price", models.db.Exact(), nullable=False),
        sa.Column("maximum_cost", models.db.Exact(), nullable=False),
        sa.Column("minimum_cost", models.db.Exact(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["jobs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_run_open_contracts_run", "run_open_contracts", ["run_id", "institution_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_run_open_contracts_run", table_name="run_open_contracts")
    op.drop_table("run_open_contracts")
