"""rule cells: the input columns award rules add are stored as text in `rule_cells`, tables rules own in
`scenario_rule_rows`, so adding a rule needs no new database column

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04 02:30:00.000000
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from alembic import op

import models.db

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

INPUT_TABLES = (
    "scenario_institutions",
    "scenario_products",
    "scenario_demand",
    "scenario_suppliers",
    "scenario_bids",
    "scenario_baseline",
)
# The columns of the first schema that award rules own, with their type there.
RULE_COLUMNS: dict[str, tuple[tuple[str, Any], ...]] = {
    "scenario_institutions": (("budget", models.db.Exact()),),
    "scenario_products": (
        ("reference_price", models.db.Exact()),
        ("max_suppliers", sa.Integer()),
        ("max_price_gap", models.db.Exact()),
        ("split_shares", sa.String(length=200)),
        ("single_source", sa.Boolean()),
    ),
    "scenario_suppliers": (("national", sa.Boolean()),),
    "scenario_bids": (
        ("from_quantity", models.db.Exact()),
        ("capacity", models.db.Exact()),
        ("min_quantity", models.db.Exact()),
        ("fixed_cost", models.db.Exact()),
    ),
}
DELIVERY = (
    ("supplier_id", sa.String(length=64)),
    ("institution_id", sa.String(length=64)),
    ("product_id", sa.String(length=64)),
    ("cost_per_unit", models.db.Exact()),
)


def upgrade() -> None:
    for table in INPUT_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("rule_cells", sa.JSON(), nullable=False, server_default="{}"))
    _create_rule_rows()
    bind = op.get_bind()
    for table, columns in RULE_COLUMNS.items():
        source = sa.table(table, sa.column("id"), *(sa.column(name, kind) for name, kind in columns))
        cells = [
            {"row_id": row.id, "cells": _cells(row._mapping, [name for name, _ in columns])}
            for row in bind.execute(sa.select(source))
        ]
        target = sa.table(table, sa.column("id"), sa.column("rule_cells", sa.JSON()))
        if cells:
            bind.execute(target.update().where(target.c.id == sa.bindparam("row_id")), _as_values(cells))
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, _ in columns:
                batch_op.drop_column(name)
    _move_delivery(bind)


def _create_rule_rows() -> None:
    op.create_table(
        "scenario_rule_rows",
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("institution_id", sa.String(length=64), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("rule_cells", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["version_id"], ["scenario_versions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("scenario_rule_rows", schema=None) as batch_op:
        batch_op.create_index(
            "ix_scenario_rule_rows_version", ["version_id", "table_name", "institution_id"], unique=False
        )


def _move_delivery(bind: Any) -> None:
    """delivery.csv's rows, from their own table into scenario_rule_rows."""
    source = sa.table(
        "scenario_delivery",
        sa.column("version_id"),
        sa.column("position"),
        *(sa.column(name, kind) for name, kind in DELIVERY),
    )
    names = [name for name, _ in DELIVERY]
    rows = [
        {
            "table_name": "delivery",
            "institution_id": row.institution_id,
            "version_id": row.version_id,
            "position": row.position,
            "rule_cells": _cells(row._mapping, names),
        }
        for row in bind.execute(sa.select(source))
    ]
    target = sa.table(
        "scenario_rule_rows",
        sa.column("table_name"),
        sa.column("institution_id"),
        sa.column("version_id"),
        sa.column("position"),
        sa.column("rule_cells", sa.JSON()),
    )
    if rows:
        bind.execute(target.insert(), rows)
    with op.batch_alter_table("scenario_delivery", schema=None) as batch_op:
        batch_op.drop_index("ix_scenario_delivery_version")
    op.drop_table("scenario_delivery")


def _cells(row: Any, names: list[str]) -> dict[str, str]:
    """The cells of a row as the package text they came from (blank cells left out)."""
    return {name: _text(row[name]) for name in names if row[name] is not None}


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _as_values(cells: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"row_id": cell["row_id"], "rule_cells": cell["cells"]} for cell in cells]


def downgrade() -> None:
    raise NotImplementedError(
        "rule cells cannot be moved back to fixed columns: a rule added since may have no column there; "
        "restore a database backup taken before this upgrade"
    )
