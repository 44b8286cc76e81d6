"""like-for-like savings: each stored savings row keeps the baseline cost of the units awarded, the value of the
unmet demand and why the pair costs more pooled than its baseline

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 04:30:00.000000

Runs stored before this revision get the first two from their own row (the pair's baseline unit cost times the
quantities; unmet units of a pair with no baseline unit cost are valued at 0) and, where the pair costs more
pooled, the reason `not_recorded`: the buying-alone award that would explain it was not kept.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa
from alembic import op

import models.db

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

CENT = Decimal("0.01")


def upgrade() -> None:
    with op.batch_alter_table("run_savings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("compared_cost", models.db.Exact(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("unmet_value", models.db.Exact(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("dearer_reason", sa.String(length=20), nullable=False, server_default=""))
    bind = op.get_bind()
    savings = sa.table(
        "run_savings",
        sa.column("id"),
        sa.column("baseline_cost", models.db.Exact()),
        sa.column("consolidated_cost", models.db.Exact()),
        sa.column("baseline_quantity", models.db.Exact()),
        sa.column("consolidated_quantity", models.db.Exact()),
        sa.column("shortage_quantity", models.db.Exact()),
        sa.column("compared_cost", models.db.Exact()),
        sa.column("unmet_value", models.db.Exact()),
        sa.column("dearer_reason", sa.String()),
    )
    values = [_compared(row) for row in bind.execute(sa.select(savings))]
    if values:
        bind.execute(
            savings.update()
            .where(savings.c.id == sa.bindparam("row_id"))
            .values(
                compared_cost=sa.bindparam("compared"),
                unmet_value=sa.bindparam("unmet"),
                dearer_reason=sa.bindparam("reason"),
            ),
            values,
        )


def downgrade() -> None:
    with op.batch_alter_table("run_savings", schema=None) as batch_op:
        batch_op.drop_column("dearer_reason")
        batch_op.drop_column("unmet_value")
        batch_op.drop_column("compared_cost")


def _compared(row: sa.Row[tuple[object, ...]]) -> dict[str, object]:
    baseline, per = Decimal(row.baseline_cost), Decimal(row.baseline_quantity)
    consolidated = Decimal(row.consolidated_cost)
    if per > 0:
        compared = (baseline * Decimal(row.consolidated_quantity) / per).quantize(CENT, ROUND_HALF_UP)
        unmet = (baseline * Decimal(row.shortage_quantity) / per).quantize(CENT, ROUND_HALF_UP)
    else:
        compared, unmet = consolidated, Decimal(0)
    reason = "not_recorded" if consolidated > compared else ""
    return {"row_id": row.id, "compared": compared, "unmet": unmet, "reason": reason}
