"""Shared fixtures: where the reference data lives and the sample packages."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
REFERENCE = ROOT.parent / "shared" / "reference"


@pytest.fixture
def reference_dir() -> Path:
    if not REFERENCE.is_dir():
        pytest.skip(f"reference data not found at {REFERENCE} (clone the project beside ../shared)")
    return REFERENCE


# --- databases of the service: every storage and API test runs on SQLite and on a real PostgreSQL server -------


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """TEST_POSTGRES_URL (set by `eval "$(.ci/postgres start)"`); without it the test fails in CI, else skips."""
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url:
        reason = 'TEST_POSTGRES_URL is not set: start a throwaway server with eval "$(.ci/postgres start)"'
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of each kind: a SQLite file, or a fresh database on the PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'procurement.db'}"
        return
    with postgres_database(request.getfixturevalue("postgres_server")) as url:
        yield url


@contextmanager
def postgres_database(server: str) -> Iterator[str]:
    """A fresh database on the PostgreSQL server, dropped afterwards; its URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
