"""With REDIS_URL set, runs go through Redis: a worker process started elsewhere solves them."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings
from tests.api.support import start_worker, stop, wait_for

Keys = dict[str, dict[str, str]]


@pytest.fixture
def redis_url() -> Iterator[str]:
    """A throwaway redis-server on a free port (Debian's redis-server package)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", ""], stdout=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 10
        while not _answers(port):
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(server)


def _answers(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_a_run_queued_on_redis_is_solved_by_a_separate_worker(
    settings: Settings, keys: Keys, scenario: dict[str, Any], redis_url: str
) -> None:
    on_redis = settings.model_copy(update={"redis_url": redis_url})
    client = TestClient(create_app(on_redis))
    assert client.get("/readyz").json()["checks"]["queue"] == "ok"
    response = client.post(f"/api/v1/scenarios/{scenario['id']}/runs", headers=keys["coordinator"])
    assert response.status_code == 202
    worker = start_worker(on_redis)
    try:
        run = wait_for(client, response.json()["id"], keys["coordinator"], "succeeded", "failed", timeout=90)
    finally:
        stop(worker)
    assert (run["status"], run["solver_status"]) == ("succeeded", "optimal")
