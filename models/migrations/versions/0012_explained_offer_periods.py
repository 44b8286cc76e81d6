"""explained offer periods: a clave priced per period has an explained offer per period

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 01:00:00.000000

A text column `period` on run_explained_offers, blank on every existing row (runs made before bids named periods
priced each clave once over every period); downgrading drops it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("run_explained_offers", sa.Column("period", sa.String(64), nullable=False, server_default=""))


def downgrade() -> None:
    op.drop_column("run_explained_offers", "period")
