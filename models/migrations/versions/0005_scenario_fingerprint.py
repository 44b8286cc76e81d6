"""scenario fingerprint: each scenario version keeps the fingerprint of its validated content (procurement.fingerprint)
beside the sha256 of the package it exports to

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 05:00:00.000000

Versions stored before this revision keep no fingerprint (null): computing one means validating the stored package
with the award rules of the release that runs the migration. Their runs' summaries have none either.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("scenario_versions", sa.Column("fingerprint", sa.String(length=80), nullable=True))


def downgrade() -> None:
    # In place, also on SQLite (3.35 or newer): rebuilding the table, as batch mode would, breaks the foreign keys
    # of the runs, comparisons and input rows that point at it.
    op.drop_column("scenario_versions", "fingerprint")
