"""Alembic environment: the URL comes from the caller's config (models.db.upgrade) or DATABASE_URL."""

from __future__ import annotations

import os

from alembic import context

import models.access
import models.comparison
import models.job
import models.run
import models.scenario  # noqa: F401  (registers every table on Base.metadata)
from models.db import Base, make_engine

config = context.config
url = config.get_main_option("sqlalchemy.url") or os.environ.get("DATABASE_URL", "sqlite:///var/procurement.db")
engine = make_engine(url)
with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
