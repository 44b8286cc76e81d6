"""result periods: awards, shortages, savings, binding limits and rule costs carry their period

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 19:20:00.000000

A text column `period` on run_awards, run_shortages, run_savings, run_binding_rules and run_rule_costs, blank on every
existing row (runs made before purchases had periods had one); downgrading drops it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TABLES = ("run_awards", "run_shortages", "run_savings", "run_binding_rules", "run_rule_costs")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("period", sa.String(64), nullable=False, server_default=""))


def downgrade() -> None:
    for table in TABLES:
        op.drop_column(table, "period")
