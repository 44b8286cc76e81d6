"""key expiry and last use: API keys may expire, and record when they were last used

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 13:00:00.000000

Two nullable columns: existing keys never expire and have not been used since; downgrading drops both.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import models.db

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("api_keys", sa.Column("expires_at", models.db.UTCDateTime(), nullable=True))
    op.add_column("api_keys", sa.Column("last_used_at", models.db.UTCDateTime(), nullable=True))


def downgrade() -> None:
    # In place, also on SQLite (3.35 or newer): rebuilding the table, as batch mode would, would delete the
    # idempotency records that point at it (ON DELETE CASCADE).
    op.drop_column("api_keys", "last_used_at")
    op.drop_column("api_keys", "expires_at")
