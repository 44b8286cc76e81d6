"""With REDIS_URL set, runs go through Redis: a worker process started elsewhere solves them."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings
from tests.api.support import start_worker, stop, wait_for

Keys = dict[str, dict[str, str]]


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
