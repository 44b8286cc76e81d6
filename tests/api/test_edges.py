"""Every number and text is bounded where it enters: a clear 4xx, never a 500 and never a run that fails later."""

from __future__ import annotations

import json

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient

from api.errors import install_error_handler
from api.http import PublicRoute, respond
from api.schemas import HealthPublic
from tests.api.pages_support import sign_in
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


@pytest.mark.parametrize(
    ("table", "column", "code"),
    [
        ("bids", "unit_price", "too_much_money"),
        ("bids", "fixed_cost", "too_much_money"),
        ("bids", "capacity", "too_many_units"),
        ("products", "reference_price", "too_much_money"),
        ("institutions", "budget", "too_much_money"),
        ("delivery", "cost_per_unit", "too_much_money"),
        ("baseline", "unit_price", "too_much_money"),
    ],
)
def test_a_price_cost_budget_or_capacity_no_purchase_holds_is_refused_at_upload(
    client: TestClient, keys: Keys, table: str, column: str, code: str
) -> None:
    purchase = document()
    purchase.setdefault(table, [])
    if not purchase[table]:
        purchase[table] = [{"institution_id": "IMSS", "product_id": "010.000.0104.00", "unit_price": 11}]
    purchase[table][0][column] = 1e308
    response = client.post("/api/v1/scenarios", json=purchase, headers={**keys["coordinator"], "Accept-Language": "en"})
    assert response.status_code == 422
    [issue] = [issue for issue in response.json()["issues"] if issue["severity"] == "error"]
    assert (issue["location"], issue["code"]) == (f"{table}[0].{column}", code)
    assert "at most 1,000,000,000,000" in issue["message"]


def test_a_demand_row_costing_more_than_any_purchase_is_refused_naming_its_quantity(
    client: TestClient, keys: Keys, scenario: dict[str, object]
) -> None:
    demand = [{"product_id": "010.000.0104.00", "quantity": 999_000_000_000}]  # at 10.00 each: 9.99 x 10^12
    path = f"/api/v1/scenarios/{scenario['id']}/demand/IMSS"
    assert client.put(path, json=demand, headers=keys["coordinator"]).status_code == 200
    demand[0]["product_id"] = "010.000.5165.00"
    response = client.put(path, json=demand, headers={**keys["coordinator"], "Accept-Language": "en"})
    assert response.status_code == 422
    [issue] = [issue for issue in response.json()["issues"] if issue["severity"] == "error"]
    assert (issue["location"], issue["code"]) == ("demand[0].quantity", "line_too_costly")
    assert issue["message"].startswith("999,000,000,000 units would cost more than one demand row may")
    imss = client.put(path, json=demand, headers={**keys["imss"], "Accept-Language": "en"}).json()["issues"]
    assert imss == [issue]  # no supplier's price in it: the institution may read it


@pytest.mark.parametrize(("setting", "value"), [("shortfall_penalty", 1e308), ("max_suppliers", 10**30)])
def test_a_setting_no_purchase_holds_is_refused_at_upload(
    client: TestClient, keys: Keys, setting: str, value: object
) -> None:
    purchase = document()
    purchase["policy"][setting] = value
    response = client.post("/api/v1/scenarios", json=purchase, headers=keys["coordinator"])
    assert response.status_code == 422
    [issue] = [issue for issue in response.json()["issues"] if issue["severity"] == "error"]
    assert (issue["location"], issue["code"]) == (f"policy.{setting}", "setting_too_large")


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("runs", b'{"time_limit_s": 1e309}'),
        ("runs", b'{"wall_limit_s": 1e309}'),
        ("comparisons", b'{"vary": ["policy.max_suppliers=5"], "time_limit_s": 1e309}'),
    ],
)
def test_a_number_json_reads_as_infinite_is_refused_naming_it(
    client: TestClient, keys: Keys, scenario: dict[str, object], path: str, body: bytes
) -> None:
    headers = {**keys["coordinator"], "content-type": "application/json"}
    response = client.post(f"/api/v1/scenarios/{scenario['id']}/{path}", content=body, headers=headers)
    assert response.status_code == 422  # it was stored as JSON's Infinity: a 500
    assert response.json()["issues"][0]["location"] in {"time_limit_s", "wall_limit_s"}


def test_a_method_not_allowed_says_which_are(client: TestClient, keys: Keys) -> None:
    response = client.delete("/api/v1/runs/1/cancel", headers=keys["coordinator"])
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.json()["error"] == "method_not_allowed"
    response = client.put("/api/v1/scenarios", headers=keys["coordinator"])  # two routes share the path
    assert (response.status_code, response.headers["allow"]) == (405, "GET, POST")
    response = client.get("/api/v1/scenarios/1/archive", headers=keys["coordinator"])  # not a table's name
    assert (response.status_code, response.headers["allow"]) == (405, "POST")


PAGES = ["/compras/{}", "/compras/{}/demanda.csv", "/corridas/{}", "/corridas/{}/avance", "/corridas/{}/resultados"]
PAGES += ["/corridas/{}/reporte.pdf", "/corridas/{}/adjudicaciones.csv"]


@pytest.mark.parametrize("path", [path.format(HUGE) for path in PAGES])
def test_a_page_of_an_id_past_the_databases_integers_is_a_422_page(browser: TestClient, path: str) -> None:
    sign_in(browser, "coordinador")
    response = browser.get(path)
    assert response.status_code == 422
    assert "text/html" in response.headers["content-type"]


def test_an_answer_that_breaks_its_published_schema_is_a_500_rather_than_an_answer() -> None:
    app = FastAPI()
    install_error_handler(app)
    router = APIRouter(route_class=PublicRoute)

    @router.get("/health", response_model=HealthPublic)
    def broken() -> JSONResponse:
        return respond({"status": 7})

    app.include_router(router)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/health")
    assert response.status_code == 500
    assert response.json()["error"] == "internal"
