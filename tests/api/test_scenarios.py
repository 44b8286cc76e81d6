"""Scenarios over HTTP: created from JSON or a .zip, validated like the CLI, versioned, listed, archived."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.packages import zip_folder
from procurement.files import package_digest
from tests.api.support import ROOT, SAMPLE, document


@pytest.fixture(autouse=True)
def english(client: TestClient) -> None:
    """These tests compare English messages; Spanish, the default, has its own test."""
    client.headers["Accept-Language"] = "en"


INVALID = ROOT / "scenarios" / "invalid"
Keys = dict[str, dict[str, str]]


def upload(client: TestClient, headers: dict[str, str], data: bytes, name: str = "purchase.zip") -> Any:
    return client.post("/api/v1/scenarios/package", files={"file": (name, data, "application/zip")}, headers=headers)


def test_a_scenario_created_from_json_has_its_tables_a_version_and_a_location(
    client: TestClient, keys: Keys, scenario: dict[str, Any]
) -> None:
    assert scenario["version"] == 1
    assert scenario["coordinator"] == "BIRMEX"
    assert scenario["counts"] == {
        "institutions": 3,
        "products": 10,
        "demand": 30,
        "suppliers": 5,
        "bids": 21,
        "delivery": 3,
        "market": 0,
        "incumbents": 0,
        "supplier_record": 0,
        "budgets": 0,
        "baseline": 0,
    }
    warnings = {(w["location"], w["message"]) for w in scenario["warnings"]}
    assert (
        "bids[11].unit_price",
        "26.5 is above the reference price 25; the bid is inadmissible and will not be used",
    ) in warnings
    read = client.get(f"/api/v1/scenarios/{scenario['id']}", headers=keys["coordinator"])
    assert read.status_code == 200
    assert read.json()["sha256"] == scenario["sha256"]


def test_the_same_purchase_from_json_or_from_a_zip_has_the_same_digest(
    client: TestClient, keys: Keys, scenario: dict[str, Any]
) -> None:
    response = upload(client, keys["coordinator"], zip_folder(SAMPLE), "sample.zip")
    assert response.status_code == 201, response.text
    assert response.headers["location"] == f"/api/v1/scenarios/{response.json()['id']}"
    assert response.json()["sha256"] == scenario["sha256"]


def test_the_downloaded_package_digests_to_the_version_sha256(
    client: TestClient, keys: Keys, scenario: dict[str, Any]
) -> None:
    response = client.get(f"/api/v1/scenarios/{scenario['id']}/package", headers=keys["auditor"])
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        contents = {name: archive.read(name) for name in archive.namelist()}
    assert package_digest(contents) == scenario["sha256"]
    assert b"HYPO,010.000.0104.00,7.50,100000" in contents["bids.csv"]


def test_every_broken_package_is_refused_with_the_messages_of_the_cli(client: TestClient, keys: Keys) -> None:
    expected: dict[str, list[str]] = json.loads((INVALID / "expected.json").read_text(encoding="utf-8"))
    for case, messages in expected.items():
        response = upload(client, keys["coordinator"], zip_folder(INVALID / case), f"{case}.zip")
        assert response.status_code == 422, case
        body = response.json()
        assert body["error"] == "invalid"
        found = [f"{i['location']}: {i['message']}" for i in body["issues"] if i["severity"] == "error"]
        assert found == messages, case
    assert client.get("/api/v1/scenarios", headers=keys["coordinator"]).json()["total"] == 0


def test_json_problems_are_all_listed_at_once_by_json_path(client: TestClient, keys: Keys) -> None:
    broken = document()
    broken["bids"][1]["unit_price"] = "12,5"
    broken["demand"][0]["institution_id"] = "IMSSS"
    broken["bids"][2]["unit_prce"] = "3"
    broken["products"][0]["max_suppliers"] = {"nested": 1}
    broken["policy"]["max_suppliers"] = "two"
    del broken["suppliers"]
    response = client.post("/api/v1/scenarios", json=broken, headers=keys["coordinator"])
    assert response.status_code == 422
    issues = {(i["location"], i["message"]) for i in response.json()["issues"]}
    assert ("bids[1].unit_price", '"12,5" is not a number') in issues
    assert ("demand[0].institution_id", '"IMSSS" is not in institutions') in issues
    assert ("bids[*].unit_prce", "unknown column; did you mean unit_price?") in issues
    assert ("products[0].max_suppliers", "must be a text, a number, true/false or null") in issues
    assert ("suppliers", "table is missing") in issues
    assert any(location == "policy.max_suppliers" for location, _ in issues)


def test_unknown_fields_in_the_body_are_refused(client: TestClient, keys: Keys) -> None:
    response = client.post("/api/v1/scenarios", json={**document(), "colour": "red"}, headers=keys["coordinator"])
    assert response.status_code == 422
    assert response.json()["issues"][0]["location"] == "colour"


def test_scenarios_are_listed_newest_first_paginated_and_filtered(client: TestClient, keys: Keys) -> None:
    for name in ("Compra A", "Compra B", "Otra C"):
        assert (
            client.post("/api/v1/scenarios", json={**document(), "name": name}, headers=keys["coordinator"]).status_code
            == 201
        )
    first = client.get("/api/v1/scenarios?limit=2", headers=keys["coordinator"]).json()
    assert [s["name"] for s in first["items"]] == ["Otra C", "Compra B"]
    assert (first["total"], first["limit"], first["offset"]) == (3, 2, 0)
    second = client.get("/api/v1/scenarios?limit=2&offset=2", headers=keys["coordinator"]).json()
    assert [s["name"] for s in second["items"]] == ["Compra A"]
    assert client.get("/api/v1/scenarios?name=compra", headers=keys["coordinator"]).json()["total"] == 2
    archived_id = first["items"][0]["id"]
    assert client.post(f"/api/v1/scenarios/{archived_id}/archive", headers=keys["coordinator"]).json()["archived_at"]
    assert client.get("/api/v1/scenarios?archived=true", headers=keys["coordinator"]).json()["total"] == 1
    assert client.get("/api/v1/scenarios?archived=false", headers=keys["coordinator"]).json()["total"] == 2


def test_an_archived_scenario_takes_no_new_demand_nor_runs(
    client: TestClient, keys: Keys, scenario: dict[str, Any]
) -> None:
    path = f"/api/v1/scenarios/{scenario['id']}"
    client.post(f"{path}/archive", headers=keys["coordinator"])
    assert client.post(f"{path}/runs", headers=keys["coordinator"]).status_code == 409
    demand = [{"product_id": "010.000.0104.00", "quantity": 1}]
    assert client.put(f"{path}/demand/IMSS", json=demand, headers=keys["coordinator"]).status_code == 409


def test_input_tables_are_paginated_sub_resources_also_as_csv(
    client: TestClient, keys: Keys, scenario: dict[str, Any]
) -> None:
    path = f"/api/v1/scenarios/{scenario['id']}"
    products = client.get(f"{path}/products?limit=4&offset=8", headers=keys["coordinator"]).json()
    assert [p["product_id"] for p in products["items"]] == ["060.066.0039.00", "060.168.9623.00"]
    assert products["total"] == 10
    bids = client.get(f"{path}/bids?limit=3", headers=keys["coordinator"]).json()["items"]
    assert bids[0] == {
        "supplier_id": "HYPO",
        "product_id": "010.000.0104.00",
        "unit_price": 10.0,
        "from_quantity": 0.0,
        "period": None,
        "capacity": None,
        "period_capacity": None,
        "min_quantity": None,
        "fixed_cost": None,
    }
    demand = client.get(f"{path}/demand?institution_id=ISSSTE", headers={**keys["coordinator"], "Accept": "text/csv"})
    assert demand.headers["content-type"].startswith("text/csv")
    lines = demand.text.splitlines()
    assert lines[0] == "institution_id,product_id,quantity,minimum,period"
    assert lines[1] == "ISSSTE,010.000.0104.00,20000,,"
    assert len(lines) == 11


def test_replacing_one_institutions_demand_makes_a_new_version_and_keeps_the_old(
    client: TestClient, keys: Keys, scenario: dict[str, Any]
) -> None:
    path = f"/api/v1/scenarios/{scenario['id']}"
    demand = [
        {"product_id": "010.000.0104.00", "quantity": 70000},
        {"product_id": "010.000.5165.00", "quantity": "45000"},
    ]
    response = client.put(f"{path}/demand/IMSS", json=demand, headers=keys["imss"])
    assert response.status_code == 200, response.text
    assert response.json()["version"] == 2
    assert response.json()["counts"]["demand"] == 22
    rows = client.get(f"{path}/demand?institution_id=IMSS", headers=keys["coordinator"]).json()["items"]
    assert [(r["product_id"], r["quantity"]) for r in rows] == [("010.000.0104.00", 70000), ("010.000.5165.00", 45000)]
    versions = client.get(f"{path}/versions", headers=keys["coordinator"]).json()
    assert [(v["number"], v["change"]) for v in versions] == [(1, "created"), (2, "demand of IMSS replaced")]
    old = client.get(f"{path}/package?version=1", headers=keys["coordinator"])
    with zipfile.ZipFile(io.BytesIO(old.content)) as archive:
        assert b"IMSS,010.000.0104.00,60000" in archive.read("demand.csv")


def test_demand_can_be_sent_as_csv_or_json_lines(client: TestClient, keys: Keys, scenario: dict[str, Any]) -> None:
    path = f"/api/v1/scenarios/{scenario['id']}/demand/ISSSTE"
    csv_body = "product_id,quantity\n010.000.0104.00,25000\n"
    response = client.put(path, content=csv_body, headers={**keys["issste"], "Content-Type": "text/csv"})
    assert response.status_code == 200, response.text
    lines = '{"product_id": "010.000.0104.00", "quantity": 26000}\n\n{"product_id": "010.000.5165.00", "quantity": 9}\n'
    response = client.put(path, content=lines, headers={**keys["issste"], "Content-Type": "application/x-ndjson"})
    assert response.status_code == 200, response.text
    assert response.json()["version"] == 3


def test_bad_demand_is_refused_with_every_problem_located_in_the_body(
    client: TestClient, keys: Keys, scenario: dict[str, Any]
) -> None:
    path = f"/api/v1/scenarios/{scenario['id']}/demand/ISSSTE"
    csv_body = "product_id,quantity\n010.000.0104.00,25000\n010.000.9999.00,-3\n"
    response = client.put(path, content=csv_body, headers={**keys["issste"], "Content-Type": "text/csv"})
    assert response.status_code == 422
    assert {(i["location"], i["message"]) for i in response.json()["issues"] if i["severity"] == "error"} == {
        ("demand.csv row 3 column product_id", '"010.000.9999.00" is not in products.csv'),
        ("demand.csv row 3 column quantity", "-3 must be a whole number of 1 or more"),
    }
    lines = '{"product_id": "010.000.0104.00", "quantity": "x"}\nnot json\n'
    response = client.put(path, content=lines, headers={**keys["issste"], "Content-Type": "application/x-ndjson"})
    locations = {i["location"] for i in response.json()["issues"] if i["severity"] == "error"}
    assert locations == {"line 1 field quantity", "line 2"}
    other = [{"institution_id": "IMSS", "product_id": "010.000.0104.00", "quantity": 1}]
    response = client.put(path, json=other, headers=keys["coordinator"])
    assert response.status_code == 422
    errors = [i for i in response.json()["issues"] if i["severity"] == "error"]
    assert [i["location"] for i in errors] == ["demand[0].institution_id"]
    assert client.get(f"/api/v1/scenarios/{scenario['id']}", headers=keys["coordinator"]).json()["version"] == 1


def test_demand_of_an_institution_outside_the_purchase_is_not_found(
    client: TestClient, keys: Keys, scenario: dict[str, Any]
) -> None:
    path = f"/api/v1/scenarios/{scenario['id']}/demand/PEMEX"
    assert client.put(path, json=[], headers=keys["coordinator"]).status_code == 404


def test_a_missing_scenario_is_a_404_in_the_common_error_shape(client: TestClient, keys: Keys, tmp_path: Path) -> None:
    response = client.get("/api/v1/scenarios/999", headers=keys["coordinator"])
    assert response.status_code == 404
    assert response.json() == {"error": "not_found", "detail": "scenario 999 does not exist", "issues": []}
    spanish = client.get("/api/v1/scenarios/999", headers=keys["coordinator"] | {"Accept-Language": "es"})
    assert spanish.json() == {"error": "not_found", "detail": "el escenario 999 no existe", "issues": []}


def test_market_research_is_stored_with_the_purchase_and_its_flags_warned_to_the_coordinator(
    client: TestClient, keys: Keys
) -> None:
    # Research 6 and 8 → median 7, limit 7.70: of the sample's paracetamol bids, HYPO's 10 and 8.50 and BAJIO's 9
    # are not acceptable (HYPO's 7.50 from 100,000 units is).
    market = [
        {"product_id": "010.000.0104.00", "source": "Cotización", "unit_price": 6},
        {"product_id": "010.000.0104.00", "source": "Contrato 2025", "unit_price": 8},
    ]
    body = document() | {"market": market, "policy": {"price_check": "exclude"}}
    created = client.post("/api/v1/scenarios", json=body, headers=keys["coordinator"])
    assert created.status_code == 201, created.text
    flagged = {w["location"] for w in created.json()["warnings"] if "not acceptable" in w["message"]}
    assert flagged == {"bids[0].unit_price", "bids[1].unit_price", "bids[3].unit_price"}
    rows = client.get(f"/api/v1/scenarios/{created.json()['id']}/market", headers=keys["coordinator"]).json()
    assert {(row["source"], float(row["unit_price"])) for row in rows["items"]} == {
        ("Cotización", 6.0),
        ("Contrato 2025", 8.0),
    }
