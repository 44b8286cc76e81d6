"""GET /runs/{id}/explanation on real runs: every offer with what decided it and what rules, limits and shortages
cost, the same rows the core gives, filtered, paged, as CSV, and only what each key may see."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.encoders import jsonable_encoder
from fastapi.testclient import TestClient

from api.packages import zip_folder
from api.results import explanation_rows
from api.run_service import OFFER_PRICES, TURNING_PRICES
from procurement.explain.columns import EXPLANATION_COLUMNS, RULE_COST_COLUMNS
from procurement.generate import GeneratorSpec, generate_package
from procurement.pipeline import run_package
from tests.api.support import SAMPLE, document, drain

Keys = dict[str, dict[str, str]]
ABSENT = "010.000.0104.00"  # a clave of the sample that IMSS does not demand in the purchase of these tests
SPLIT = "010.000.5165.00"  # NORTE and IMAG share it, BAJIO loses


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample purchase without IMSS's demand for ABSENT, and without budgets: a budget ties an institution's
    claves into one MILP that every re-solve of the explanation solves again, which takes long."""
    folder = tmp_path_factory.mktemp("purchase") / "sample"
    shutil.copytree(SAMPLE, folder)
    demand = (folder / "demand.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (folder / "demand.csv").write_text("".join(d for d in demand if not d.startswith(f"IMSS,{ABSENT},")))
    institutions = (folder / "institutions.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    unbudgeted = [institutions[0]] + [line.rsplit(",", 1)[0] + ",\n" for line in institutions[1:]]
    (folder / "institutions.csv").write_text("".join(unbudgeted), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def core(package: Path) -> dict[str, list[dict[str, Any]]]:
    """The explanation the core gives for the purchase, as the JSON the API should answer."""
    explanation = run_package(package, explained=True).explanation
    assert explanation is not None
    return dict(jsonable_encoder(explanation_rows(explanation.offers, explanation.rule_costs)))


@pytest.fixture
def run_id(client: TestClient, app: FastAPI, keys: Keys, package: Path) -> int:
    """A succeeded and published run of the purchase."""
    scenario = client.post("/api/v1/scenarios", json=document(package), headers=keys["coordinator"]).json()
    runs = f"/api/v1/scenarios/{scenario['id']}/runs"
    run = client.post(runs, json={"explain": True}, headers=keys["coordinator"]).json()
    drain(app)
    assert client.post(f"/api/v1/runs/{run['id']}/publish", headers=keys["coordinator"]).status_code == 200
    return int(run["id"])


def explanation(client: TestClient, keys: Keys, role: str, run_id: int, query: str = "") -> dict[str, Any]:
    response = client.get(f"/api/v1/runs/{run_id}/explanation{query}", headers=keys[role])
    assert response.status_code == 200, response.text
    return dict(response.json())


def csv_rows(client: TestClient, keys: Keys, role: str, run_id: int, query: str = "") -> list[dict[str, str]]:
    headers = keys[role] | {"Accept": "text/csv"}
    response = client.get(f"/api/v1/runs/{run_id}/explanation{query}", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.text)))


def test_a_coordinator_and_an_auditor_read_the_explanation_the_core_gives(
    client: TestClient, keys: Keys, run_id: int, core: dict[str, list[dict[str, Any]]]
) -> None:
    for role in ("coordinator", "auditor"):
        got = explanation(client, keys, role, run_id, "?limit=1000")
        assert got["offers"] == {"items": core["offers"], "total": len(core["offers"]), "limit": 1000, "offset": 0}
        assert got["rule_costs"]["items"] == core["rule_costs"]
        assert got["rule_costs"]["total"] == len(core["rule_costs"])
    assert {offer["outcome"] for offer in core["offers"]} == {"won", "lost", "inadmissible"}
    assert {cost["kind"] for cost in core["rule_costs"]} == {"rule", "limit", "shortage"}
    assert client.get(f"/api/v1/runs/{run_id}", headers=keys["coordinator"]).json()["explained"] is True


def test_the_filters_keep_the_rows_of_one_clave_or_supplier_and_pages_cut_each_table(
    client: TestClient, keys: Keys, run_id: int, core: dict[str, list[dict[str, Any]]]
) -> None:
    clave = explanation(client, keys, "coordinator", run_id, f"?product_id={SPLIT}")
    assert clave["offers"]["items"] == [o for o in core["offers"] if o["product_id"] == SPLIT]
    assert [o["supplier_id"] for o in clave["offers"]["items"]] == ["BAJIO", "IMAG", "NORTE"]
    assert clave["rule_costs"]["items"] == [c for c in core["rule_costs"] if c["product_id"] == SPLIT]
    both = explanation(client, keys, "coordinator", run_id, f"?product_id={SPLIT}&supplier_id=BAJIO")
    assert [(o["outcome"], o["beaten_by"]) for o in both["offers"]["items"]] == [("lost", "NORTE;IMAG")]
    supplier = explanation(client, keys, "coordinator", run_id, "?supplier_id=BAJIO")
    assert {o["supplier_id"] for o in supplier["offers"]["items"]} == {"BAJIO"}
    assert all(c["supplier_id"] == "BAJIO" for c in supplier["rule_costs"]["items"])
    nothing = explanation(client, keys, "coordinator", run_id, "?product_id=999.999.9999.99")
    assert (nothing["offers"]["total"], nothing["rule_costs"]["total"]) == (0, 0)
    page = explanation(client, keys, "coordinator", run_id, "?limit=2&offset=3")
    assert page["offers"] == {"items": core["offers"][3:5], "total": len(core["offers"]), "limit": 2, "offset": 3}
    assert page["rule_costs"]["items"] == core["rule_costs"][3:5]


def test_each_table_comes_as_csv_with_the_columns_of_its_result_file(
    client: TestClient, keys: Keys, run_id: int
) -> None:
    offers = csv_rows(client, keys, "coordinator", run_id, f"?product_id={SPLIT}")
    assert list(offers[0]) == EXPLANATION_COLUMNS
    assert [(o["supplier_id"], o["national"], o["outcome"]) for o in offers] == [
        ("BAJIO", "true", "lost"),
        ("IMAG", "false", "won"),
        ("NORTE", "true", "won"),
    ]
    assert (offers[0]["price_to_lose"], offers[1]["price_to_win"]) == ("", "")
    costs = csv_rows(client, keys, "coordinator", run_id, "?table=rule_costs&limit=1000")
    assert list(costs[0]) == RULE_COST_COLUMNS
    assert {row["kind"] for row in costs} == {"rule", "limit", "shortage"}


def test_an_institution_reads_its_claves_its_limits_and_shortages_and_the_prices_of_its_own_awards_only(
    client: TestClient, keys: Keys, run_id: int, core: dict[str, list[dict[str, Any]]]
) -> None:
    got = explanation(client, keys, "imss", run_id, "?limit=1000")
    claves = {o["product_id"] for o in core["offers"]} - {ABSENT}
    assert {o["product_id"] for o in got["offers"]["items"]} == claves
    awards = client.get(f"/api/v1/runs/{run_id}/awards?limit=1000", headers=keys["imss"]).json()["items"]
    own = {(a["product_id"], a["supplier_id"]) for a in awards}
    priced = {(o["product_id"], o["supplier_id"]) for o in got["offers"]["items"] if o["unit_price"] is not None}
    assert priced == own
    whole = {(o["product_id"], o["supplier_id"]): o for o in core["offers"]}
    assert any(whole[pair]["price_to_lose"] is not None for pair in own)  # which the coordinator reads
    for offer in got["offers"]["items"]:
        expected = whole[offer["product_id"], offer["supplier_id"]]
        hidden = TURNING_PRICES if (offer["product_id"], offer["supplier_id"]) in own else OFFER_PRICES
        assert offer == expected | dict.fromkeys(hidden), offer
    costs = got["rule_costs"]["items"]
    assert costs == [c for c in core["rule_costs"] if c["institution_id"] == "IMSS" and c["kind"] != "rule"]
    assert {c["kind"] for c in costs} == {"shortage"}
    lost = csv_rows(client, keys, "imss", run_id, f"?product_id={SPLIT}&supplier_id=BAJIO")
    assert [(o["unit_price"], o["price_to_win"], o["rank"], o["outcome"]) for o in lost] == [("", "", "3", "lost")]
    absent = explanation(client, keys, "imss", run_id, f"?product_id={ABSENT}")
    assert (absent["offers"]["total"], absent["rule_costs"]["total"]) == (0, 0)


@pytest.mark.parametrize(
    ("query", "location"),
    [
        ("?product_id=", "query.product_id"),
        ("?supplier_id=" + "X" * 65, "query.supplier_id"),
        ("?table=offer", "query.table"),
        ("?limit=0", "query.limit"),
        ("?offset=-1", "query.offset"),
    ],
)
def test_a_bad_filter_is_a_422_naming_the_parameter(
    client: TestClient, keys: Keys, scenario: dict[str, Any], query: str, location: str
) -> None:
    run = client.post(f"/api/v1/scenarios/{scenario['id']}/runs", headers=keys["coordinator"]).json()
    response = client.get(f"/api/v1/runs/{run['id']}/explanation{query}", headers=keys["coordinator"])
    assert response.status_code == 422
    body = response.json()
    assert (body["error"], [issue["location"] for issue in body["issues"]]) == ("invalid", [location])


@pytest.mark.parametrize("path", ["awards?institution_id=", "shortages?product_id=", "explanation?supplier_id="])
def test_an_empty_id_filter_of_any_result_is_a_422(client: TestClient, keys: Keys, path: str) -> None:
    response = client.get(f"/api/v1/runs/1/{path}", headers=keys["coordinator"])
    assert (response.status_code, response.json()["issues"][0]["location"]) == (422, f"query.{path.split('?')[1][:-1]}")


def test_a_run_the_key_may_not_see_is_a_404(client: TestClient, keys: Keys, run_id: int) -> None:
    for role, path in (("other_coordinator", run_id), ("pemex", run_id), ("coordinator", run_id + 100)):
        response = client.get(f"/api/v1/runs/{path}/explanation", headers=keys[role])
        assert (response.status_code, response.json()["error"]) == (404, "not_found"), role


def test_a_run_launched_without_explaining_has_its_awards_and_a_409_for_its_explanation(
    client: TestClient, app: FastAPI, keys: Keys, scenario: dict[str, Any]
) -> None:
    body = {"explain": False}
    run = client.post(f"/api/v1/scenarios/{scenario['id']}/runs", json=body, headers=keys["coordinator"]).json()
    assert run["options"] == {"explain": False}
    drain(app)
    run = client.get(f"/api/v1/runs/{run['id']}", headers=keys["coordinator"]).json()
    assert (run["status"], run["explained"]) == ("succeeded", False)
    assert client.get(f"/api/v1/runs/{run['id']}/awards", headers=keys["coordinator"]).json()["total"] > 0
    response = client.get(f"/api/v1/runs/{run['id']}/explanation", headers=keys["coordinator"])
    assert response.status_code == 409
    detail = f"la corrida {run['id']} se lanzó con explain: false; lance de nuevo el escenario para explicarla"
    assert response.json()["detail"] == detail


def test_a_run_with_no_award_has_no_explanation_but_a_409(
    client: TestClient, app: FastAPI, keys: Keys, tmp_path: Path
) -> None:
    # Budgets link 150 claves into one MILP; a solver time limit of 1 ms stops it before any award.
    spec = GeneratorSpec(products=150, institutions=8, suppliers=40, price_breaks=True, fixed_costs=True, budgets=True)
    files = {"file": ("long.zip", zip_folder(generate_package(tmp_path / "long", spec)), "application/zip")}
    scenario = client.post("/api/v1/scenarios/package", files=files, headers=keys["coordinator"]).json()
    body = {"time_limit_s": 0.001, "threads": 1}
    run = client.post(f"/api/v1/scenarios/{scenario['id']}/runs", json=body, headers=keys["coordinator"]).json()
    drain(app)
    run = client.get(f"/api/v1/runs/{run['id']}", headers=keys["coordinator"]).json()
    assert (run["status"], run["solver_status"], run["explained"]) == ("failed", "no_solution", False)
    response = client.get(f"/api/v1/runs/{run['id']}/explanation", headers=keys["coordinator"])
    assert response.status_code == 409
    detail = f"la corrida {run['id']} está en estado failed; los resultados existen cuando termina (succeeded)"
    assert response.json()["detail"] == detail


def test_a_report_of_an_explained_run_has_its_dictamen(client: TestClient, keys: Keys, run_id: int) -> None:
    """The report rebuilt from the stored run explains each clave, an inadmissible bid with the reference price it
    exceeds (IMAG's 26.50 over 25.00 on the sample)."""
    response = client.get(f"/api/v1/runs/{run_id}/report.html", headers=keys["coordinator"])
    assert response.status_code == 200, response.text
    assert "Dictamen por clave" in response.text
    assert "$26.50" in response.text
    assert "supera el precio máximo de referencia —" not in response.text


def test_an_explanation_stops_before_the_wall_time_limit_and_the_run_keeps_its_award(
    client: TestClient, app: FastAPI, keys: Keys, tmp_path: Path
) -> None:
    """80 claves with price breaks and fixed costs solve in about 2 s and take some 15 s to explain, longer than
    this run's 12 s allow: the explanation stops 6 s in (the margin kept for the result tables), the run
    succeeds, and what was left blank is marked."""
    spec = GeneratorSpec(products=80, institutions=8, suppliers=30, seed=2, price_breaks=True, fixed_costs=True)
    package = generate_package(tmp_path / "pkg", spec)
    scenario = client.post("/api/v1/scenarios", json=document(package), headers=keys["coordinator"]).json()
    runs = f"/api/v1/scenarios/{scenario['id']}/runs"
    body = {"explain": True, "wall_limit_s": 12}
    run = client.post(runs, json=body, headers=keys["coordinator"]).json()
    drain(app)
    done = client.get(f"/api/v1/runs/{run['id']}", headers=keys["coordinator"]).json()
    assert done["status"] == "succeeded", done
    summary = done["summary"]["explanation"]
    assert summary["complete"] is False
    assert summary["offers_without_price"] > 0
    rows = explanation(client, keys, "coordinator", run["id"], "?limit=1000")["offers"]["items"]
    assert sum(row["found_by"] == "time_limit" for row in rows) == summary["offers_without_price"]
