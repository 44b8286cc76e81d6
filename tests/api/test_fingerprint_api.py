"""The scenario fingerprint over HTTP: one per purchase whether it came as JSON, a .zip or a workbook, the same as
the command gives for the package, kept by each version and named by its runs and comparisons."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.packages import zip_folder
from procurement.files import read_package
from procurement.template import build_template
from procurement.workbook import load_package
from tests.api.support import SAMPLE, document, drain

Keys = dict[str, dict[str, str]]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FINGERPRINT = load_package(SAMPLE)[0].fingerprint  # what `procurement solve scenarios/sample` writes in summary.json


def upload(client: TestClient, keys: Keys, name: str, data: bytes, kind: str) -> dict[str, Any]:
    response = client.post("/api/v1/scenarios/package", files={"file": (name, data, kind)}, headers=keys["coordinator"])
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_the_sample_as_json_a_zip_or_a_workbook_has_the_fingerprint_the_cli_gives(
    client: TestClient, keys: Keys, scenario: dict[str, Any]
) -> None:
    from_zip = upload(client, keys, "sample.zip", zip_folder(SAMPLE), "application/zip")
    from_workbook = upload(client, keys, "sample.xlsx", build_template(read_package(SAMPLE)), XLSX)
    assert scenario["scenario_fingerprint"] == from_zip["scenario_fingerprint"] == FINGERPRINT
    assert from_workbook["scenario_fingerprint"] == FINGERPRINT
    read = client.get(f"/api/v1/scenarios/{scenario['id']}", headers=keys["auditor"]).json()
    assert (read["sha256"], read["scenario_fingerprint"]) == (scenario["sha256"], FINGERPRINT)


def test_a_changed_demand_quantity_makes_a_version_with_another_fingerprint(
    client: TestClient, keys: Keys, scenario: dict[str, Any]
) -> None:
    path = f"/api/v1/scenarios/{scenario['id']}"
    rows = client.get(f"{path}/demand?institution_id=IMSS&limit=100", headers=keys["coordinator"]).json()["items"]
    demand = [{"product_id": row["product_id"], "quantity": row["quantity"]} for row in rows]
    same = client.put(f"{path}/demand/IMSS", json=demand[::-1], headers=keys["imss"]).json()
    demand[0]["quantity"] += 1
    changed = client.put(f"{path}/demand/IMSS", json=demand, headers=keys["imss"]).json()
    assert (same["version"], same["scenario_fingerprint"]) == (2, FINGERPRINT)
    assert changed["version"] == 3
    assert changed["scenario_fingerprint"] not in (None, FINGERPRINT)
    versions = client.get(f"{path}/versions", headers=keys["coordinator"]).json()
    assert [v["scenario_fingerprint"] for v in versions] == [FINGERPRINT, FINGERPRINT, changed["scenario_fingerprint"]]


def test_a_run_names_the_fingerprint_of_its_version_and_its_summary_the_one_it_solved(
    client: TestClient, app: FastAPI, keys: Keys, scenario: dict[str, Any]
) -> None:
    response = client.post(f"/api/v1/scenarios/{scenario['id']}/runs", json={}, headers=keys["coordinator"])
    assert response.json()["scenario_fingerprint"] == FINGERPRINT
    drain(app)
    run = client.get(response.headers["location"], headers=keys["coordinator"]).json()
    assert run["status"] == "succeeded"
    assert (run["input_sha256"], run["scenario_fingerprint"]) == (scenario["sha256"], FINGERPRINT)
    assert (run["summary"]["input_sha256"], run["summary"]["scenario_fingerprint"]) == (scenario["sha256"], FINGERPRINT)


def test_a_comparison_names_the_fingerprint_of_its_version(
    client: TestClient, keys: Keys, scenario: dict[str, Any]
) -> None:
    body = {"vary": ["policy.national_preference=0,0.1"]}
    response = client.post(f"/api/v1/scenarios/{scenario['id']}/comparisons", json=body, headers=keys["coordinator"])
    assert response.status_code == 202, response.text
    assert (response.json()["input_sha256"], response.json()["scenario_fingerprint"]) == (
        scenario["sha256"],
        FINGERPRINT,
    )


def test_the_open_contracts_sample_as_json_a_zip_or_a_workbook_solves_as_the_cli_does(
    client: TestClient, app: FastAPI, keys: Keys
) -> None:
    """Every table a rule owns (market research, records, incumbents) and the demand's minimum survive each way in."""
    package = SAMPLE.parent / "open-contracts"
    fingerprint = load_package(package)[0].fingerprint
    response = client.post("/api/v1/scenarios", json=document(package), headers=keys["coordinator"])
    assert response.status_code == 201, response.text
    from_zip = upload(client, keys, "open.zip", zip_folder(package), "application/zip")
    from_workbook = upload(client, keys, "open.xlsx", build_template(read_package(package)), XLSX)
    assert response.json()["scenario_fingerprint"] == from_zip["scenario_fingerprint"] == fingerprint
    assert from_workbook["scenario_fingerprint"] == fingerprint
    run = client.post(f"/api/v1/scenarios/{response.json()['id']}/runs", json={}, headers=keys["coordinator"])
    drain(app)
    solved = client.get(run.headers["location"], headers=keys["coordinator"]).json()
    assert solved["status"] == "succeeded"
    assert solved["summary"]["costs"]["paid"] == 2954625
    assert solved["summary"]["open_contracts"]["minimum_cost"] == 1063212.5
