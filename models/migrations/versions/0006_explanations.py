"""explanations: each run keeps why every offer won or lost (explanation.csv) and what each rule, limit and
shortage costs (rule_costs.csv), and whether it was stored with them

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 07:30:00.000000

Runs stored before this revision have no explanation (`explained` false): finding one means solving the purchase
again, possibly with another release's rules, so the API says so instead of inventing one.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import models.db

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("runs", sa.Column("explained", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "run_explained_offers",
        sa.Column("product_id", sa.String(length=64), nullable=False),
        sa.Column("supplier_id", sa.String(length=64), nullable=False),
        sa.Column("national", sa.Boolean(), nullable=False),
        sa.Column("unit_price", models.db.Exact(), nullable=False),
        sa.Column("evaluated_price", models.db.Exact(), nullable=False),
        sa.Column("delivery_cost", models.db.Exact(), nullable=True),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("capacity", models.db.Exact(), nullable=True),
        sa.Column("awarded_quantity", models.db.Exact(), nullable=False),
        sa.Column("awarded_cost", models.db.Exact(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("beaten_by", sa.Text(), nullable=False),
        sa.Column("price_to_win", models.db.Exact(), nullable=True),
        sa.Column("price_to_lose", models.db.Exact(), nullable=True),
        sa.Column("found_by", sa.String(length=20), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_run_explained_offers_run", "run_explained_offers", ["run_id", "product_id"], unique=False)
    op.create_table(
        "run_rule_costs",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("rule", sa.String(length=40), nullable=False),
        sa.Column("institution_id", sa.String(length=64), nullable=False),
        sa.Column("product_id", sa.String(length=64), nullable=False),
        sa.Column("supplier_id", sa.String(length=64), nullable=False),
        sa.Column("limit", models.db.Exact(), nullable=True),
        sa.Column("used", models.db.Exact(), nullable=True),
        sa.Column("value", models.db.Exact(), nullable=True),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("quantity", models.db.Exact(), nullable=True),
        sa.Column("cost_with", models.db.Exact(), nullable=True),
        sa.Column("cost_without", models.db.Exact(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_run_rule_costs_run", "run_rule_costs", ["run_id", "institution_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_run_rule_costs_run", table_name="run_rule_costs")
    op.drop_table("run_rule_costs")
    op.drop_index("ix_run_explained_offers_run", table_name="run_explained_offers")
    op.drop_table("run_explained_offers")
    # In place, also on SQLite (3.35 or newer): rebuilding the table, as batch mode would, breaks the foreign keys
    # of the result rows that point at it.
    op.drop_column("runs", "explained")
