"""Runs as background jobs: accepted with a Location, solved in a child process, results read back, cancelled."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.packages import zip_folder
from api.progress import stored_notice
from models.run import Run
from procurement.generate import GeneratorSpec, generate_package
from procurement.messages import Message
from procurement.solve import PARALLEL_MIN_DEMAND_ROWS
from tests.api.support import SAMPLE, drain

Keys = dict[str, dict[str, str]]
EXPECTED = json.loads((SAMPLE / "expected.json").read_text(encoding="utf-8"))


def launch(client: TestClient, keys: Keys, scenario_id: int, **options: Any) -> dict[str, Any]:
    response = client.post(f"/api/v1/scenarios/{scenario_id}/runs", json=options, headers=keys["coordinator"])
    assert response.status_code == 202, response.text
    assert response.headers["location"] == f"/api/v1/runs/{response.json()['id']}"
    return dict(response.json())


def solved(client: TestClient, app: FastAPI, keys: Keys, scenario: dict[str, Any]) -> dict[str, Any]:
    run = launch(client, keys, scenario["id"])
    drain(app)
    return dict(client.get(f"/api/v1/runs/{run['id']}", headers=keys["coordinator"]).json())


def test_a_run_solves_the_sample_to_the_award_the_cli_gives(
    client: TestClient, app: FastAPI, keys: Keys, scenario: dict[str, Any]
) -> None:
    run = launch(client, keys, scenario["id"], time_limit_s=60)
    assert (run["status"], run["version"], run["input_sha256"]) == ("queued", 1, scenario["sha256"])
    drain(app)
    run = client.get(f"/api/v1/runs/{run['id']}", headers=keys["coordinator"]).json()
    assert (run["status"], run["solver_status"], run["attempts"]) == ("succeeded", "optimal", 1)
    assert run["objective"] == EXPECTED["objective"]
    assert run["summary"]["input_sha256"] == scenario["sha256"]
    assert run["summary"]["solver"]["time_limit_s"] == 60
    assert run["started_at"] <= run["finished_at"]
    awards = client.get(f"/api/v1/runs/{run['id']}/awards?limit=1000", headers=keys["coordinator"]).json()["items"]
    got = sorted(
        (a["institution_id"], a["product_id"], a["supplier_id"], a["quantity"], a["unit_price"]) for a in awards
    )
    want = sorted(
        (a["institution_id"], a["product_id"], a["supplier_id"], a["quantity"], a["unit_price"])
        for a in EXPECTED["awards"]
    )
    assert got == want
    savings = client.get(f"/api/v1/runs/{run['id']}/savings", headers=keys["coordinator"]).json()["items"]
    assert [(s["institution_id"], s["baseline_cost"], s["consolidated_cost"]) for s in savings] == [
        (s["institution_id"], s["baseline_cost"], s["consolidated_cost"]) for s in EXPECTED["savings_by_institution"]
    ]
    shortages = client.get(f"/api/v1/runs/{run['id']}/shortages", headers=keys["coordinator"]).json()["items"]
    assert sorted((s["institution_id"], s["product_id"], s["quantity"], s["reason"]) for s in shortages) == sorted(
        (s["institution_id"], s["product_id"], s["quantity"], s["reason"]) for s in EXPECTED["shortages"]
    )


def test_awards_are_filtered_paginated_and_given_as_csv(
    client: TestClient, app: FastAPI, keys: Keys, scenario: dict[str, Any]
) -> None:
    path = f"/api/v1/runs/{solved(client, app, keys, scenario)['id']}/awards"
    page = client.get(f"{path}?institution_id=IMSS&limit=3&offset=0", headers=keys["coordinator"]).json()
    everything = client.get(f"{path}?institution_id=IMSS&limit=1000", headers=keys["coordinator"]).json()
    assert page["total"] == everything["total"] == len(everything["items"]) > 3
    assert page["items"] == everything["items"][:3]
    assert {a["institution_id"] for a in everything["items"]} == {"IMSS"}
    hypo = client.get(f"{path}?supplier_id=HYPO&product_id=010.000.0104.00", headers=keys["coordinator"]).json()
    assert [(a["institution_id"], a["purchase_cost"]) for a in hypo["items"]] == [
        ("IMSS", 450000.0),
        ("IMSSB", 300000.0),
        ("ISSSTE", 150000.0),
    ]
    text = client.get(
        f"{path}?supplier_id=HYPO&product_id=010.000.0104.00", headers={**keys["coordinator"], "Accept": "text/csv"}
    ).text
    assert text.splitlines() == [
        "institution_id,product_id,period,supplier_id,quantity,unit_price,purchase_cost,delivery_cost,fixed_cost,"
        "total_cost",
        "IMSS,010.000.0104.00,,HYPO,60000,7.5,450000.00,0.00,0.00,450000.00",
        "IMSSB,010.000.0104.00,,HYPO,40000,7.5,300000.00,0.00,0.00,300000.00",
        "ISSSTE,010.000.0104.00,,HYPO,20000,7.5,150000.00,0.00,0.00,150000.00",
    ]


def test_savings_by_institution_product_and_supplier_add_up_to_the_same_totals(
    client: TestClient, app: FastAPI, keys: Keys, scenario: dict[str, Any]
) -> None:
    run = solved(client, app, keys, scenario)
    summary = run["summary"]["savings"]
    for by in ("institution", "product", "supplier", "pair"):
        items = client.get(f"/api/v1/runs/{run['id']}/savings?by={by}", headers=keys["coordinator"]).json()["items"]
        for column in ("baseline_cost", "consolidated_cost", "savings"):
            assert sum(Decimal(str(item[column])) for item in items) == Decimal(str(summary[column])), (by, column)
        if by != "supplier":
            assert sum(Decimal(str(item["unmet_value"])) for item in items) == Decimal(str(summary["unmet_value"]))
    dearer = client.get(f"/api/v1/runs/{run['id']}/savings?by=pair", headers=keys["coordinator"]).json()["items"]
    assert {item["dearer_reason"] for item in dearer if item["savings"] < 0} == {"capacity"}
    csv_text = client.get(
        f"/api/v1/runs/{run['id']}/savings?by=product", headers={**keys["coordinator"], "Accept": "text/csv"}
    ).text
    assert csv_text.splitlines()[0] == (
        "product_id,quantity,awarded_quantity,baseline_cost,consolidated_cost,savings,savings_pct,unmet_quantity,"
        "unmet_value"
    )
    assert "010.000.1753.01,1800,0,0.00,0.00,0.00,,1800,0.00" in csv_text.splitlines()


def test_binding_rules_list_the_budgets_and_capacities_used_up(
    client: TestClient, app: FastAPI, keys: Keys, scenario: dict[str, Any]
) -> None:
    run = solved(client, app, keys, scenario)
    rules = client.get(f"/api/v1/runs/{run['id']}/binding-rules", headers=keys["auditor"]).json()["items"]
    assert len(rules) == run["summary"]["counts"]["binding_rules"] > 0


def test_a_queued_run_is_cancelled_at_once_and_never_solved(
    client: TestClient, app: FastAPI, keys: Keys, scenario: dict[str, Any]
) -> None:
    run = launch(client, keys, scenario["id"])
    response = client.post(f"/api/v1/runs/{run['id']}/cancel", headers=keys["coordinator"])
    assert response.status_code == 202
    assert response.json()["status"] == "cancelled"
    drain(app)
    run = client.get(f"/api/v1/runs/{run['id']}", headers=keys["coordinator"]).json()
    assert (run["status"], run["attempts"], run["started_at"]) == ("cancelled", 0, None)
    assert run["error"] == "cancelada a petición antes de empezar"  # stored as a key, worded when read:
    english = client.get(f"/api/v1/runs/{run['id']}", headers=keys["coordinator"] | {"Accept-Language": "en"}).json()
    assert english["error"] == "cancelled on request before it started"
    assert client.post(f"/api/v1/runs/{run['id']}/cancel", headers=keys["coordinator"]).status_code == 409


def test_results_exist_only_once_a_run_has_succeeded(client: TestClient, keys: Keys, scenario: dict[str, Any]) -> None:
    run = launch(client, keys, scenario["id"])
    response = client.get(f"/api/v1/runs/{run['id']}/awards", headers=keys["coordinator"])
    assert response.status_code == 409
    detail = f"la corrida {run['id']} está en estado queued; los resultados existen cuando termina (succeeded)"
    assert response.json()["detail"] == detail
    assert client.post(f"/api/v1/runs/{run['id']}/publish", headers=keys["coordinator"]).status_code == 409


def test_runs_are_listed_newest_first_by_scenario_and_status(
    client: TestClient, app: FastAPI, keys: Keys, scenario: dict[str, Any]
) -> None:
    first = solved(client, app, keys, scenario)
    second = launch(client, keys, scenario["id"])
    listed = client.get(f"/api/v1/runs?scenario_id={scenario['id']}", headers=keys["coordinator"]).json()
    assert [run["id"] for run in listed["items"]] == [second["id"], first["id"]]
    queued = client.get("/api/v1/runs?status=queued", headers=keys["coordinator"]).json()
    assert [run["id"] for run in queued["items"]] == [second["id"]]
    assert client.get("/api/v1/runs?status=sleeping", headers=keys["coordinator"]).status_code == 422


def test_bad_solver_options_are_refused_before_a_run_exists(
    client: TestClient, keys: Keys, scenario: dict[str, Any]
) -> None:
    options = {"solver": "gurobi", "mip_gap": 2, "threads": 0, "speed": "max"}
    response = client.post(f"/api/v1/scenarios/{scenario['id']}/runs", json=options, headers=keys["coordinator"])
    assert response.status_code == 422
    assert {issue["location"] for issue in response.json()["issues"]} == {"solver", "mip_gap", "threads", "speed"}
    assert client.get("/api/v1/runs", headers=keys["coordinator"]).json()["total"] == 0


def test_progress_is_a_step_a_code_and_figures_in_every_language_and_words_in_the_callers(
    client: TestClient, app: FastAPI, keys: Keys, scenario: dict[str, Any]
) -> None:
    """What an ERP polls: the step and the latest notice's code and figures do not change with Accept-Language;
    only the message does. The worker stores the notice as its code and figures (api.progress.stored_notice)."""
    run = launch(client, keys, scenario["id"])
    assert run["progress"] == {"step": "queued", "code": None, "figures": {}, "message": ""}
    with app.state.sessions() as session:
        stored = session.get(Run, run["id"])
        stored.status, stored.progress = (
            "running",
            stored_notice(Message("progress.solved_block", {"done": 3, "total": 10})),
        )
        session.commit()
    read = {
        lang: client.get(f"/api/v1/runs/{run['id']}", headers=keys["coordinator"] | {"Accept-Language": lang}).json()
        for lang in ("es", "en")
    }
    figures = {"step": "solving", "code": "solved_block", "figures": {"done": 3, "total": 10}}
    assert read["es"]["progress"] == figures | {"message": "bloque 3 de 10 resuelto"}
    assert read["en"]["progress"] == figures | {"message": "solved block 3 of 10"}
    listed = client.get("/api/v1/runs", headers=keys["coordinator"] | {"Accept-Language": "en"}).json()["items"]
    assert [item["progress"] for item in listed if item["id"] == run["id"]] == [read["en"]["progress"]]


def test_a_purchase_large_enough_to_solve_its_blocks_in_parallel_is_solved(
    app: FastAPI, client: TestClient, keys: Keys, tmp_path: Path
) -> None:
    """Above PARALLEL_MIN_DEMAND_ROWS the solve starts processes of its own: the run's child must allow it."""
    folder = generate_package(tmp_path / "wide", GeneratorSpec(products=3000, institutions=2, suppliers=3))
    files = {"file": ("wide.zip", zip_folder(folder), "application/zip")}
    created = client.post("/api/v1/scenarios/package", files=files, headers=keys["coordinator"]).json()
    assert created["counts"]["demand"] >= PARALLEL_MIN_DEMAND_ROWS
    run = solved(client, app, keys, created)
    assert (run["status"], run["solver_status"], run["error"]) == ("succeeded", "optimal", None)
