"""Every number and text is bounded where it enters: a clear 4xx, never a 500 and never a run that fails later."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from tests.api.support import document

Keys = dict[str, dict[str, str]]
HUGE = 2**63


PATHS = ["/api/v1/scenarios/{}", "/api/v1/runs/{}", "/api/v1/comparisons/{}", "/api/v1/scenarios?offset={}"]
PATHS += ["/api/v1/runs?scenario_id={}", "/api/v1/scenarios/1/package?version={}"]


@pytest.mark.parametrize("path", [path.format(HUGE) for path in PATHS])
def test_numbers_past_the_databases_integers_are_422(client: TestClient, keys: Keys, path: str) -> None:
    response = client.get(path, headers=keys["coordinator"])
    assert response.status_code == 422, response.text
    assert "less than or equal to 9223372036854775807" in response.json()["issues"][0]["message"]


def test_an_id_longer_than_the_database_holds_is_refused_naming_the_cell(client: TestClient, keys: Keys) -> None:
    purchase = document()
    purchase["suppliers"].append({"supplier_id": "A" * 1_000_000, "name": "x"})
    headers = {**keys["coordinator"], "Accept-Language": "en"}
    response = client.post("/api/v1/scenarios", json=purchase, headers=headers)
    assert response.status_code == 422
    message = "is 1,000,000 characters long; at most 64 are accepted"
    issue = {"location": "suppliers[5].supplier_id", "code": "cell_too_long", "message": message, "severity": "error"}
    assert issue in response.json()["issues"]


def test_a_lone_surrogate_in_a_json_cell_is_refused(
    client: TestClient, keys: Keys, scenario: dict[str, object]
) -> None:
    body = json.dumps(document()).replace('"Instituto', '"\\ud800Instituto', 1)
    headers = {**keys["coordinator"], "content-type": "application/json"}
    assert client.post("/api/v1/scenarios", content=body, headers=headers).status_code == 422
    demand = b'[{"product_id": "010.000.0104.00\\ud800", "quantity": 1}]'
    response = client.put(f"/api/v1/scenarios/{scenario['id']}/demand/IMSS", content=demand, headers=headers)
    assert response.status_code == 422
    assert [issue["code"] for issue in response.json()["issues"]] == ["lone_surrogate"]


@pytest.mark.parametrize("quantity", [1e308, "1e308", 10**13])
def test_a_quantity_no_purchase_holds_is_refused_at_upload(client: TestClient, keys: Keys, quantity: object) -> None:
    purchase = document()
    purchase["demand"][0]["quantity"] = quantity
    response = client.post("/api/v1/scenarios", json=purchase, headers=keys["coordinator"])
    assert response.status_code == 422
    assert any(issue["location"] == "demand[0].quantity" for issue in response.json()["issues"])


def test_a_method_not_allowed_says_which_are(client: TestClient, keys: Keys) -> None:
    response = client.delete("/api/v1/runs/1/cancel", headers=keys["coordinator"])
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.json()["error"] == "method_not_allowed"
