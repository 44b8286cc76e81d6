"""Request bodies: limited while they stream, read only after the caller's access is checked, parsed off the
event loop."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.packages import demand_table
from api.settings import Settings

Keys = dict[str, dict[str, str]]


def chunks(total: int, size: int = 8192) -> Iterator[bytes]:
    """A body sent with Transfer-Encoding: chunked (no Content-Length to refuse it by)."""
    for _ in range(total // size):
        yield b"x" * size


def test_a_chunked_body_above_the_limit_is_413(settings: Settings, keys: Keys) -> None:
    small = TestClient(create_app(settings.model_copy(update={"max_upload_bytes": 20_000})))
    for path, method in (("/api/v1/scenarios/package", "POST"), ("/api/v1/scenarios", "POST")):
        headers = {**keys["coordinator"], "content-type": "application/json"}
        if path.endswith("package"):
            headers["content-type"] = "multipart/form-data; boundary=x"
        response = small.request(method, path, content=chunks(100_000), headers=headers)
        assert response.status_code == 413, response.text
        assert response.json()["error"] == "too_large"


def test_demand_for_an_unseen_scenario_is_refused_before_its_body_is_read(
    client: TestClient, keys: Keys, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[int] = []
    monkeypatch.setattr("api.routes.scenarios.demand_table", lambda data, kind: read.append(len(data)))
    body = b"[" + b'{"product_id": "010.000.0104.00", "quantity": 1},' * 100_000 + b"{}]"
    response = client.put("/api/v1/scenarios/999999/demand/IMSS", content=body, headers=keys["imss"])
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
    assert read == []


def test_a_demand_is_parsed_off_the_event_loop(
    client: TestClient, keys: Keys, scenario: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parsing on the loop stalled every other request (17 s for a 48 MB demand); in a worker thread only the
    parse's own GIL-holding steps can delay them (too noisy on a shared machine to assert as a time)."""
    on_loop: list[bool] = []

    def parse(data: bytes, content_type: str) -> Any:
        on_loop.append(_running_loop())
        return demand_table(data, content_type)

    monkeypatch.setattr("api.routes.scenarios.demand_table", parse)
    rows = [{"product_id": "010.000.0104.00", "quantity": 5}]
    response = client.put(f"/api/v1/scenarios/{scenario['id']}/demand/IMSS", json=rows, headers=keys["imss"])
    assert response.status_code == 200, response.text
    assert on_loop == [False]


def _running_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/api/v1/scenarios", "application/json"),
        ("/api/v1/scenarios/package", "multipart/form-data; boundary=x"),
        ("/api/v1/scenarios/1/runs", "application/json"),
        ("/api/v1/scenarios/1/comparisons", "application/json"),
    ],
)
def test_a_body_is_not_parsed_before_the_key_is_checked(client: TestClient, path: str, content_type: str) -> None:
    headers = {"Authorization": "Bearer pk_wrong", "content-type": content_type}
    response = client.post(path, content=b"{not json --x\r\nbroken", headers=headers)
    assert response.status_code == 401, response.text


def test_a_json_body_is_still_validated_and_documented(client: TestClient, keys: Keys) -> None:
    response = client.post("/api/v1/scenarios", content=b'{"name": "\\ud800"}', headers=keys["coordinator"])
    assert response.status_code == 422
    assert response.json()["issues"][0]["location"] == "body"
    missing = client.post("/api/v1/scenarios/package", files={"other": ("a.zip", b"x")}, headers=keys["coordinator"])
    assert (missing.status_code, missing.json()["issues"][0]["location"]) == (422, "file")
    operations = client.get("/openapi.json").json()["paths"]
    body = operations["/api/v1/scenarios"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert "bids" in body["properties"]
    upload = operations["/api/v1/scenarios/package"]["post"]["requestBody"]["content"]["multipart/form-data"]
    assert upload["schema"]["required"] == ["file"]


def test_a_body_that_is_not_multipart_is_a_422_located_body(client: TestClient, keys: Keys) -> None:
    headers = {**keys["coordinator"], "content-type": "multipart/form-data; boundary=b"}
    response = client.post("/api/v1/scenarios/package", content=b"--b\r\n77535--b--\r\n", headers=headers)
    assert response.status_code == 422
    assert response.json()["issues"][0]["location"] == "body"
