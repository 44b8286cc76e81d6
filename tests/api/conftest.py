"""An app on each database (SQLite and PostgreSQL), its keys, and a created sample scenario."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api import accounts
from api.key_commands import create_key
from api.main import create_app
from api.settings import Settings
from tests.api.pages_support import BROWSER, FAST_HASHER, create_users
from tests.api.support import bearer, document, free_port, stop

KEYS = {
    "coordinator": ("coordinator", "BIRMEX", None),
    "other_coordinator": ("coordinator", "OTRA-UNIDAD", None),
    "imss": ("institution", None, "IMSS"),
    "issste": ("institution", None, "ISSSTE"),
    "pemex": ("institution", None, "PEMEX"),
    "auditor": ("auditor", None, None),
}


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database_url,
        queue_path=tmp_path / "queue.db",
        heartbeat_s=0.2,
        stale_after_s=3,
        max_attempts=2,
        run_wall_limit_s=120,
        explain_runs=False,  # runs of these tests skip their explanation unless they ask for it (test_explanation)
    )


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    return create_app(settings)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


@pytest.fixture
def keys(settings: Settings, app: FastAPI) -> dict[str, dict[str, str]]:
    """Authorization headers of one key per role and tenant."""
    return {
        name: bearer(create_key(settings, role, name, coordinator, institution))
        for name, (role, coordinator, institution) in KEYS.items()
    }


@pytest.fixture
def scenario(client: TestClient, keys: dict[str, dict[str, str]]) -> dict[str, Any]:
    """The sample purchase (IMSS, ISSSTE, IMSSB) created by the coordinator from JSON."""
    response = client.post("/api/v1/scenarios", json=document(), headers=keys["coordinator"])
    assert response.status_code == 201, response.text
    return dict(response.json())


@pytest.fixture
def cli(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """`procurement` in this process, on the test's database, with cheap hashes and Spanish messages."""
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("PROCUREMENT_QUEUE_PATH", str(settings.queue_file))
    monkeypatch.delenv("PROCUREMENT_LANG", raising=False)
    monkeypatch.setattr(accounts, "HASHER", FAST_HASHER)


@pytest.fixture
def browser(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """A client that asks for HTML as a browser does (and English in Accept-Language, which pages ignore), with
    one user per role and tenant (pages_support.USERS)."""
    monkeypatch.setattr(accounts, "HASHER", FAST_HASHER)
    create_users(app)
    with TestClient(app, headers=BROWSER) as client:
        yield client


@pytest.fixture
def redis_url() -> Iterator[str]:
    """A throwaway redis-server on a free port (Debian's redis-server package)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", ""], stdout=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 10
        while subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).stdout != b"PONG\n":
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(server)
