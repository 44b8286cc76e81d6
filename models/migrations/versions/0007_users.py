"""users: people who sign in to the pages with a password, scoped as API keys are

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 10:30:00.000000

A new table only: existing keys, scenarios and runs are untouched; downgrading drops the accounts.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import models.db

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("coordinator", sa.String(length=100), nullable=True),
        sa.Column("institution_id", sa.String(length=64), nullable=True),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("created_at", models.db.UTCDateTime(), nullable=False),
        sa.Column("last_sign_in_at", models.db.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("username"),
    )


def downgrade() -> None:
    op.drop_table("users")
