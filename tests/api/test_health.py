"""Liveness, readiness and the one error shape for routes and methods that do not exist."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings


def test_healthz_answers_while_the_process_is_up(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_readyz_checks_the_database_and_the_queue(client: TestClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"database": "ok", "queue": "ok"}}


def test_readyz_is_503_when_the_queue_cannot_be_reached(settings: Settings) -> None:
    app = create_app(settings)
    storage = app.state.queue.huey.storage  # the queue moved away after start-up
    if settings.is_sqlite:
        storage.filename = "/nonexistent/folder/queue.db"
    else:
        storage.dsn = "postgresql://nobody@127.0.0.1:9/nowhere?connect_timeout=2"
    response = TestClient(app).get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["queue"].startswith("failed")


def test_unknown_routes_and_methods_have_the_common_error_shape(client: TestClient) -> None:
    missing = client.get("/api/v1/nothing-here")
    assert (missing.status_code, missing.json()["error"], missing.json()["issues"]) == (404, "not_found", [])
    wrong = client.delete("/healthz")
    assert (wrong.status_code, wrong.json()["error"]) == (405, "method_not_allowed")


def test_the_openapi_document_lists_every_route(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/api/v1/scenarios/{scenario_id}/demand/{institution_id}" in paths
    assert "/api/v1/runs/{run_id}/savings" in paths
    assert client.get("/docs").status_code == 200
