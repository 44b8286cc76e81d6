"""Idempotency-Key on creating writes: a retry gets the first response; another body is refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from unittest.mock import Mock

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import event

from api.main import create_app
from api.packages import zip_folder
from api.settings import Settings
from models.access import ApiKey, IdempotencyRecord
from tests.api.support import SAMPLE, document

Keys = dict[str, dict[str, str]]


def test_retrying_a_creation_with_the_same_key_returns_the_first_response(client: TestClient, keys: Keys) -> None:
    headers = {**keys["coordinator"], "Idempotency-Key": "erp-7f3a"}
    first = client.post("/api/v1/scenarios", json=document(), headers=headers)
    again = client.post("/api/v1/scenarios", json=document(), headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again.headers["location"] == first.headers["location"]
    assert client.get("/api/v1/scenarios", headers=keys["coordinator"]).json()["total"] == 1


def test_the_same_key_with_a_different_body_is_refused(client: TestClient, keys: Keys) -> None:
    headers = {**keys["coordinator"], "Idempotency-Key": "erp-7f3a"}
    client.post("/api/v1/scenarios", json=document(), headers=headers)
    response = client.post("/api/v1/scenarios", json={**document(), "name": "otra"}, headers=headers)
    assert response.status_code == 422
    assert response.json()["detail"] == "la Idempotency-Key 'erp-7f3a' ya se usó con otra solicitud"


def test_a_key_still_in_flight_is_a_409(client: TestClient, app: Any, keys: Keys, scenario: dict[str, Any]) -> None:
    caller = client.get("/api/v1/scenarios", headers=keys["coordinator"])  # the key exists
    assert caller.status_code == 200
    body = {"solver": "highs"}
    headers = {**keys["coordinator"], "Idempotency-Key": "run-1"}
    first = client.post(f"/api/v1/scenarios/{scenario['id']}/runs", json=body, headers=headers)
    with app.state.sessions() as session:  # as while the first request is still being answered
        record = session.query(IdempotencyRecord).filter_by(key="run-1").one()
        record.status_code, record.response = None, None
        session.commit()
    response = client.post(f"/api/v1/scenarios/{scenario['id']}/runs", json=body, headers=headers)
    assert first.status_code == 202
    assert response.status_code == 409
    assert response.json()["error"] == "conflict"


def test_runs_and_uploads_are_created_once_per_key(client: TestClient, keys: Keys, scenario: dict[str, Any]) -> None:
    headers = {**keys["coordinator"], "Idempotency-Key": "run-a"}
    path = f"/api/v1/scenarios/{scenario['id']}/runs"
    first, again = (client.post(path, json={"mip_gap": 0.01}, headers=headers) for _ in range(2))
    assert again.json()["id"] == first.json()["id"]
    assert client.get("/api/v1/runs", headers=keys["coordinator"]).json()["total"] == 1
    upload = {**keys["coordinator"], "Idempotency-Key": "zip-a"}
    files = {"file": ("sample.zip", zip_folder(SAMPLE), "application/zip")}
    ids = {client.post("/api/v1/scenarios/package", files=files, headers=upload).json()["id"] for _ in range(2)}
    assert len(ids) == 1


def test_a_refused_request_does_not_use_up_its_key(client: TestClient, keys: Keys) -> None:
    headers = {**keys["coordinator"], "Idempotency-Key": "fix-and-retry"}
    broken = {**document(), "demand": []}
    assert client.post("/api/v1/scenarios", json=broken, headers=headers).status_code == 422
    assert client.post("/api/v1/scenarios", json=document(), headers=headers).status_code == 201


def test_keys_belong_to_one_api_key(client: TestClient, keys: Keys) -> None:
    first = client.post("/api/v1/scenarios", json=document(), headers={**keys["coordinator"], "Idempotency-Key": "k"})
    other = client.post(
        "/api/v1/scenarios", json=document(), headers={**keys["other_coordinator"], "Idempotency-Key": "k"}
    )
    assert first.json()["id"] != other.json()["id"]


def crash_then_retry(app: Any, keys: Keys, monkeypatch: pytest.MonkeyPatch, failing: str) -> tuple[Response, Response]:
    """A scenario created while `failing` raises unexpectedly, then retried with the same key once it works."""
    client = TestClient(app, raise_server_exceptions=False)
    headers = {**keys["coordinator"], "Idempotency-Key": f"crash-in-{failing}"}
    monkeypatch.setattr(failing, Mock(side_effect=RuntimeError("the server broke")))
    first = client.post("/api/v1/scenarios", json=document(), headers=headers)
    monkeypatch.undo()
    return first, client.post("/api/v1/scenarios", json=document(), headers=headers)


def test_a_request_that_fails_after_creating_replays_its_error_with_the_created_id(
    client: TestClient, app: Any, keys: Keys, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, again = crash_then_retry(app, keys, monkeypatch, "api.service.scenario_public")
    assert (first.status_code, again.status_code) == (500, 500)
    location = again.headers["location"]
    assert again.json()["detail"] == f"la solicitud falló después de crear {location}; el error quedó registrado"
    assert client.get(location, headers=keys["coordinator"]).status_code == 200
    assert client.get("/api/v1/scenarios", headers=keys["coordinator"]).json()["total"] == 1


def test_a_request_that_fails_before_creating_anything_releases_its_key(
    app: Any, keys: Keys, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, again = crash_then_retry(app, keys, monkeypatch, "api.service.validate")
    assert (first.status_code, again.status_code) == (500, 201)


def test_a_key_left_in_flight_by_a_crashed_server_is_released(
    client: TestClient, app: Any, settings: Settings, keys: Keys
) -> None:
    headers = {**keys["coordinator"], "Idempotency-Key": "server-died"}
    client.get("/api/v1/scenarios", headers=keys["coordinator"])
    with app.state.sessions() as session:  # as a server killed while answering it an hour ago leaves it
        caller = session.query(ApiKey).filter_by(name="coordinator").one()
        started = datetime.now(UTC) - timedelta(hours=1)
        session.add(IdempotencyRecord(api_key_id=caller.id, key="server-died", fingerprint="x", created_at=started))
        session.add(IdempotencyRecord(api_key_id=caller.id, key="restart", fingerprint="x", created_at=started))
        session.commit()
    assert client.post("/api/v1/scenarios", json=document(), headers=headers).status_code == 201
    restarted = create_app(settings)
    with restarted.state.sessions() as session:
        assert session.query(IdempotencyRecord).filter_by(key="restart").count() == 0


def test_a_key_left_by_a_server_killed_after_its_commit_replays_the_created_id_after_restart(
    client: TestClient, app: Any, settings: Settings, keys: Keys, monkeypatch: pytest.MonkeyPatch
) -> None:
    headers = {**keys["coordinator"], "Idempotency-Key": "died-after-commit"}
    monkeypatch.setattr("api.http._save", Mock())  # killed between the scenario's commit and storing the response
    created = client.post("/api/v1/scenarios", json=document(), headers=headers).headers["location"]
    monkeypatch.undo()
    with app.state.sessions() as session:  # the dead server's request, older than stale_after_s
        record = session.query(IdempotencyRecord).filter_by(key="died-after-commit").one()
        record.created_at = datetime.now(UTC) - timedelta(hours=1)
        session.commit()
    with TestClient(create_app(settings)) as restarted:
        again = restarted.post("/api/v1/scenarios", json=document(), headers=headers)
    assert (again.status_code, again.headers["location"]) == (500, created)
    assert again.json()["detail"] == f"la solicitud falló después de crear {created}; el error quedó registrado"
    assert client.get("/api/v1/scenarios", headers=keys["coordinator"]).json()["total"] == 1


def test_a_request_with_a_key_holds_one_database_connection_at_a_time(
    client: TestClient, app: Any, keys: Keys, scenario: dict[str, Any]
) -> None:
    """Else a burst of such requests (20 at once) takes every pooled connection and waits for a second one until
    the pool's 30 s timeout: 500s (found by test_reliability_server's burst)."""
    engine, held, most = app.state.sessions.kw["bind"], [0], [0]

    def checkout(*_: Any) -> None:
        held[0] += 1
        most[0] = max(most[0], held[0])

    def checkin(*_: Any) -> None:
        held[0] -= 1

    event.listen(engine, "checkout", checkout)
    event.listen(engine, "checkin", checkin)
    headers = {**keys["coordinator"], "Idempotency-Key": "one-connection"}
    response = client.post(f"/api/v1/scenarios/{scenario['id']}/runs", json={}, headers=headers)
    assert response.status_code == 202
    assert most == [1]
