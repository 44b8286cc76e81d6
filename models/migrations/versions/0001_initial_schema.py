"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 09:33:24.404378
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import models.db

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "api_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("coordinator", sa.String(length=100), nullable=True),
        sa.Column("institution_id", sa.String(length=64), nullable=True),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("key_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", models.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", models.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key_sha256"),
    )
    op.create_table(
        "scenarios",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("currency", sa.String(length=8), nullable=False),
        sa.Column("coordinator", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", models.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", models.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("archived_at", models.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("scenarios", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scenarios_coordinator"), ["coordinator"], unique=False)

    op.create_table(
        "idempotency_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("api_key_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("response", sa.JSON(), nullable=True),
        sa.Column("created_at", models.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["api_key_id"], ["api_keys.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("api_key_id", "key"),
    )
    op.create_table(
        "scenario_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scenario_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("change", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", models.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["scenario_id"], ["scenarios.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("scenario_id", "number"),
    )
    with op.batch_alter_table("scenario_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scenario_versions_scenario_id"), ["scenario_id"], unique=False)

    op.create_table(
        "runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scenario_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("wall_limit_s", sa.Double(), nullable=False),
        sa.Column("progress", sa.Text(), nullable=False),
        sa.Column("solver_status", sa.String(length=20), nullable=True),
        sa.Column("objective", models.db.Exact(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("summary", sa.JSON(), nullable=True),
        sa.Column("events", sa.JSON(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("worker", sa.String(length=200), nullable=True),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", models.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("started_at", models.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("heartbeat_at", models.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("finished_at", models.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("cancel_requested_at", models.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("published_at", models.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["scenario_id"], ["scenarios.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["scenario_versions.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_runs_scenario_id"), ["scenario_id"], unique=False)
        batch_op.create_index("ix_runs_status", ["status"], unique=False)

    op.create_table(
        "scenario_baseline",
        sa.Column("institution_id", sa.String(length=64), nullable=False),
        sa.Column("product_id", sa.String(length=64), nullable=False),
        sa.Column("unit_price", models.db.Exact(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["version_id"], ["scenario_versions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("scenario_baseline", schema=None) as batch_op:
        batch_op.create_index("ix_scenario_baseline_version", ["version_id", "institution_id"], unique=False)

    op.create_table(
        "scenario_bids",
        sa.Column("supplier_id", sa.String(length=64), nullable=False),
        sa.Column("product_id", sa.String(length=64), nullable=False),
        sa.Column("unit_price", models.db.Exact(), nullable=False),
        sa.Column("from_quantity", models.db.Exact(), nullable=True),
        sa.Column("capacity", models.db.Exact(), nullable=True),
        sa.Column("min_quantity", models.db.Exact(), nullable=True),
        sa.Column("fixed_cost", models.db.Exact(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["version_id"], ["scenario_versions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("scenario_bids", schema=None) as batch_op:
        batch_op.create_index("ix_scenario_bids_version", ["version_id", "product_id"], unique=False)

    op.create_table(
        "scenario_delivery",
        sa.Column("supplier_id", sa.String(length=64), nullable=False),
        sa.Column("institution_id", sa.String(length=64), nullable=False),
        sa.Column("product_id", sa.String(length=64), nullable=True),
        sa.Column("cost_per_unit", models.db.Exact(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["version_id"], ["scenario_versions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("scenario_delivery", schema=None) as batch_op:
        batch_op.create_index("ix_scenario_delivery_version", ["version_id"], unique=False)

    op.create_table(
        "scenario_demand",
        sa.Column("institution_id", sa.String(length=64), nullable=False),
        sa.Column("product_id", sa.String(length=64), nullable=False),
        sa.Column("quantity", models.db.Exact(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["version_id"], ["scenario_versions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("scenario_demand", schema=None) as batch_op:
        batch_op.create_index("ix_scenario_demand_version", ["version_id", "institution_id"], unique=False)

    op.create_table(
        "scenario_institutions",
        sa.Column("institution_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("budget", models.db.Exact(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["version_id"], ["scenario_versions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("scenario_institutions", schema=None) as batch_op:
        batch_op.create_index("ix_scenario_institutions_version", ["version_id", "institution_id"], unique=False)

    op.create_table(
        "scenario_products",
        sa.Column("product_id", sa.String(length=64), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("unit", sa.Text(), nullable=False),
        sa.Column("reference_price", models.db.Exact(), nullable=True),
        sa.Column("max_suppliers", sa.Integer(), nullable=True),
        sa.Column("max_price_gap", models.db.Exact(), nullable=True),
        sa.Column("split_shares", sa.String(length=200), nullable=True),
        sa.Column("single_source", sa.Boolean(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["version_id"], ["scenario_versions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("scenario_products", schema=None) as batch_op:
        batch_op.create_index("ix_scenario_products_version", ["version_id", "product_id"], unique=False)

    op.create_table(
        "scenario_suppliers",
        sa.Column("supplier_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("national", sa.Boolean(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["version_id"], ["scenario_versions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("scenario_suppliers", schema=None) as batch_op:
        batch_op.create_index("ix_scenario_suppliers_version", ["version_id", "supplier_id"], unique=False)

    op.create_table(
        "run_awards",
        sa.Column("institution_id", sa.String(length=64), nullable=False),
        sa.Column("product_id", sa.String(length=64), nullable=False),
        sa.Column("supplier_id", sa.String(length=64), nullable=False),
        sa.Column("quantity", models.db.Exact(), nullable=False),
        sa.Column("unit_price", models.db.Exact(), nullable=False),
        sa.Column("purchase_cost", models.db.Exact(), nullable=False),
        sa.Column("delivery_cost", models.db.Exact(), nullable=False),
        sa.Column("fixed_cost", models.db.Exact(), nullable=False),
        sa.Column("total_cost", models.db.Exact(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("run_awards", schema=None) as batch_op:
        batch_op.create_index("ix_run_awards_run", ["run_id", "institution_id"], unique=False)

    op.create_table(
        "run_binding_rules",
        sa.Column("rule", sa.String(length=20), nullable=False),
        sa.Column("institution_id", sa.String(length=64), nullable=False),
        sa.Column("product_id", sa.String(length=64), nullable=False),
        sa.Column("supplier_id", sa.String(length=64), nullable=False),
        sa.Column("limit", models.db.Exact(), nullable=False),
        sa.Column("used", models.db.Exact(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("run_binding_rules", schema=None) as batch_op:
        batch_op.create_index("ix_run_binding_rules_run", ["run_id"], unique=False)

    op.create_table(
        "run_savings",
        sa.Column("institution_id", sa.String(length=64), nullable=False),
        sa.Column("product_id", sa.String(length=64), nullable=False),
        sa.Column("quantity", models.db.Exact(), nullable=False),
        sa.Column("baseline_cost", models.db.Exact(), nullable=False),
        sa.Column("consolidated_cost", models.db.Exact(), nullable=False),
        sa.Column("baseline_quantity", models.db.Exact(), nullable=False),
        sa.Column("consolidated_quantity", models.db.Exact(), nullable=False),
        sa.Column("shortage_quantity", models.db.Exact(), nullable=False),
        sa.Column("baseline_source", sa.String(length=20), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("run_savings", schema=None) as batch_op:
        batch_op.create_index("ix_run_savings_run", ["run_id", "institution_id"], unique=False)

    op.create_table(
        "run_shortages",
        sa.Column("institution_id", sa.String(length=64), nullable=False),
        sa.Column("product_id", sa.String(length=64), nullable=False),
        sa.Column("quantity", models.db.Exact(), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("penalty_cost", models.db.Exact(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("run_shortages", schema=None) as batch_op:
        batch_op.create_index("ix_run_shortages_run", ["run_id", "institution_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("run_shortages", schema=None) as batch_op:
        batch_op.drop_index("ix_run_shortages_run")

    op.drop_table("run_shortages")
    with op.batch_alter_table("run_savings", schema=None) as batch_op:
        batch_op.drop_index("ix_run_savings_run")

    op.drop_table("run_savings")
    with op.batch_alter_table("run_binding_rules", schema=None) as batch_op:
        batch_op.drop_index("ix_run_binding_rules_run")

    op.drop_table("run_binding_rules")
    with op.batch_alter_table("run_awards", schema=None) as batch_op:
        batch_op.drop_index("ix_run_awards_run")

    op.drop_table("run_awards")
    with op.batch_alter_table("scenario_suppliers", schema=None) as batch_op:
        batch_op.drop_index("ix_scenario_suppliers_version")

    op.drop_table("scenario_suppliers")
    with op.batch_alter_table("scenario_products", schema=None) as batch_op:
        batch_op.drop_index("ix_scenario_products_version")

    op.drop_table("scenario_products")
    with op.batch_alter_table("scenario_institutions", schema=None) as batch_op:
        batch_op.drop_index("ix_scenario_institutions_version")

    op.drop_table("scenario_institutions")
    with op.batch_alter_table("scenario_demand", schema=None) as batch_op:
        batch_op.drop_index("ix_scenario_demand_version")

    op.drop_table("scenario_demand")
    with op.batch_alter_table("scenario_delivery", schema=None) as batch_op:
        batch_op.drop_index("ix_scenario_delivery_version")

    op.drop_table("scenario_delivery")
    with op.batch_alter_table("scenario_bids", schema=None) as batch_op:
        batch_op.drop_index("ix_scenario_bids_version")

    op.drop_table("scenario_bids")
    with op.batch_alter_table("scenario_baseline", schema=None) as batch_op:
        batch_op.drop_index("ix_scenario_baseline_version")

    op.drop_table("scenario_baseline")
    with op.batch_alter_table("runs", schema=None) as batch_op:
        batch_op.drop_index("ix_runs_status")
        batch_op.drop_index(batch_op.f("ix_runs_scenario_id"))

    op.drop_table("runs")
    with op.batch_alter_table("scenario_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scenario_versions_scenario_id"))

    op.drop_table("scenario_versions")
    op.drop_table("idempotency_records")
    with op.batch_alter_table("scenarios", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scenarios_coordinator"))

    op.drop_table("scenarios")
    op.drop_table("api_keys")
