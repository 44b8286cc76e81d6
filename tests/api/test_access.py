"""Every role against every resource: what a key may not see is a 404, what it may see but not change a 403."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.service import _readable
from models.access import ApiKey
from procurement.errors import Issue
from tests.api.support import drain

Keys = dict[str, dict[str, str]]
ROLES = ("coordinator", "other_coordinator", "imss", "pemex", "auditor")
# status per role, in the order of ROLES; IMSS takes part in the sample purchase, PEMEX does not.
READS_BEFORE_PUBLISHING = {
    "GET /scenarios/{s}": (200, 404, 200, 404, 200),
    "GET /scenarios/{s}/versions": (200, 404, 200, 404, 200),
    "GET /scenarios/{s}/institutions": (200, 404, 200, 404, 200),
    "GET /scenarios/{s}/products": (200, 404, 200, 404, 200),
    "GET /scenarios/{s}/suppliers": (200, 404, 200, 404, 200),
    "GET /scenarios/{s}/demand": (200, 404, 200, 404, 200),
    "GET /scenarios/{s}/demand?institution_id=ISSSTE": (200, 404, 404, 404, 200),
    "GET /scenarios/{s}/baseline": (200, 404, 200, 404, 200),
    "GET /scenarios/{s}/bids": (200, 404, 404, 404, 200),
    "GET /scenarios/{s}/delivery": (200, 404, 404, 404, 200),
    "GET /scenarios/{s}/market": (200, 404, 404, 404, 200),  # quotations are suppliers' prices
    "GET /scenarios/{s}/supplier_record": (200, 404, 200, 404, 200),  # no prices: whom the evaluation weighs
    "GET /scenarios/{s}/incumbents": (200, 404, 200, 404, 200),  # an institution's own rows only
    "GET /scenarios/{s}/package": (200, 404, 404, 404, 200),
    "GET /runs/{r}": (200, 404, 404, 404, 200),
    "GET /runs/{r}/awards": (200, 404, 404, 404, 200),
    "GET /runs/{r}/shortages": (200, 404, 404, 404, 200),
    "GET /runs/{r}/savings": (200, 404, 404, 404, 200),
    "GET /runs/{r}/binding-rules": (200, 404, 404, 404, 200),
    "GET /runs/{r}/open-contracts": (200, 404, 404, 404, 200),
    "GET /runs/{r}/explanation": (409, 404, 404, 404, 409),  # run unexplained (explain_runs off): visible, a 409
    "POST /runs/{r}/cancel": (409, 404, 404, 404, 403),
    "POST /runs/{r}/publish": (200, 404, 403, 404, 403),  # published by the first call: IMSS now sees it
}
READS_AFTER_PUBLISHING = {
    "GET /runs/{r}": (200, 404, 200, 404, 200),
    "GET /runs/{r}/awards": (200, 404, 200, 404, 200),
    "GET /runs/{r}/awards?institution_id=ISSSTE": (200, 404, 404, 404, 200),
    "GET /runs/{r}/shortages": (200, 404, 200, 404, 200),
    "GET /runs/{r}/savings?by=product": (200, 404, 200, 404, 200),
    "GET /runs/{r}/binding-rules": (200, 404, 404, 404, 200),
    "GET /runs/{r}/open-contracts": (200, 404, 200, 404, 200),
    "GET /runs/{r}/open-contracts?institution_id=ISSSTE": (200, 404, 404, 404, 200),
    "GET /runs/{r}/explanation": (409, 404, 409, 404, 409),
    "POST /runs/{r}/cancel": (409, 404, 403, 404, 403),
}
WRITES = {
    "PUT /scenarios/{s}/demand/IMSS": (200, 404, 200, 404, 403),
    "PUT /scenarios/{s}/demand/ISSSTE": (200, 404, 404, 404, 403),
    "POST /scenarios/{s}/runs": (202, 404, 403, 404, 403),
    "POST /scenarios/{s}/archive": (200, 404, 403, 404, 403),
}
DEMAND = [{"product_id": "010.000.0104.00", "quantity": 1000}]


def statuses(client: TestClient, keys: Keys, matrix: Mapping[str, tuple[int, ...]], ids: dict[str, int]) -> list[str]:
    """Every (request, role) whose status differs from the matrix, as readable lines."""
    wrong = []
    for request, expected in matrix.items():
        method, path = request.split(" ")
        url = "/api/v1" + path.format(**ids)
        for role, status in zip(ROLES, expected, strict=True):
            body = DEMAND if method == "PUT" else None
            got = client.request(method, url, json=body, headers=keys[role]).status_code
            if got != status:
                wrong.append(f"{request} as {role}: {got}, expected {status}")
    return wrong


def test_each_role_sees_and_changes_exactly_what_it_may(
    client: TestClient, app: FastAPI, keys: Keys, scenario: dict[str, Any]
) -> None:
    run = client.post(f"/api/v1/scenarios/{scenario['id']}/runs", headers=keys["coordinator"]).json()
    drain(app)
    ids = {"s": scenario["id"], "r": run["id"]}
    wrong = statuses(client, keys, READS_BEFORE_PUBLISHING, ids)
    wrong += statuses(client, keys, READS_AFTER_PUBLISHING, ids)
    wrong += statuses(client, keys, WRITES, ids)
    assert wrong == []


def test_an_institution_reads_only_its_own_demand_and_results(
    client: TestClient, app: FastAPI, keys: Keys, scenario: dict[str, Any]
) -> None:
    run = client.post(f"/api/v1/scenarios/{scenario['id']}/runs", headers=keys["coordinator"]).json()
    drain(app)
    client.post(f"/api/v1/runs/{run['id']}/publish", headers=keys["coordinator"])
    demand = client.get(f"/api/v1/scenarios/{scenario['id']}/demand", headers=keys["imss"]).json()["items"]
    assert {row["institution_id"] for row in demand} == {"IMSS"}
    for table in ("awards", "shortages", "savings"):
        items = client.get(f"/api/v1/runs/{run['id']}/{table}", headers=keys["imss"]).json()["items"]
        assert items, table
        assert {item["institution_id"] for item in items} == {"IMSS"}, table
    by_supplier = client.get(f"/api/v1/runs/{run['id']}/savings?by=supplier", headers=keys["imss"]).json()["items"]
    awards = client.get(f"/api/v1/runs/{run['id']}/awards", headers=keys["imss"]).json()["items"]
    assert round(sum(s["consolidated_cost"] for s in by_supplier), 2) == round(sum(a["total_cost"] for a in awards), 2)
    seen = client.get(f"/api/v1/runs/{run['id']}", headers=keys["imss"]).json()
    assert (seen["objective"], seen["summary"]) == (None, None)


def test_lists_hold_only_what_the_key_may_see(client: TestClient, keys: Keys, scenario: dict[str, Any]) -> None:
    client.post(f"/api/v1/scenarios/{scenario['id']}/runs", headers=keys["coordinator"])
    totals = {role: client.get("/api/v1/scenarios", headers=keys[role]).json()["total"] for role in ROLES}
    assert totals == {"coordinator": 1, "other_coordinator": 0, "imss": 1, "pemex": 0, "auditor": 1}
    runs = {role: client.get("/api/v1/runs", headers=keys[role]).json()["total"] for role in ROLES}
    assert runs == {"coordinator": 1, "other_coordinator": 0, "imss": 0, "pemex": 0, "auditor": 1}


def test_requests_without_a_valid_key_are_401(client: TestClient, scenario: dict[str, Any]) -> None:
    for headers in ({}, {"Authorization": "Bearer pk_wrong"}, {"X-API-Key": "nope"}):
        response = client.get("/api/v1/scenarios", headers=headers)
        assert response.status_code == 401
        assert response.json()["error"] == "unauthorized"
        refused = 'Bearer error="invalid_token"' if headers else "Bearer"  # RFC 6750: a key was sent, and refused
        assert response.headers["www-authenticate"] == refused


def test_only_coordinators_create_scenarios(client: TestClient, keys: Keys, scenario: dict[str, Any]) -> None:
    for role in ("imss", "auditor"):
        response = client.post("/api/v1/scenarios", json={"name": "x"}, headers=keys[role])
        assert response.status_code == 403, role


def test_an_institution_reads_only_the_issues_of_its_own_rows_and_of_tables_it_reads(
    client: TestClient, keys: Keys, scenario: dict[str, Any]
) -> None:
    path = f"/api/v1/scenarios/{scenario['id']}/demand/IMSS"
    demand = client.get(f"/api/v1/scenarios/{scenario['id']}/demand", headers=keys["imss"]).json()["items"]
    seen = {
        role: client.put(path, json=demand, headers=keys[role]).json()["warnings"] for role in ("coordinator", "imss")
    }
    assert any(w["location"].startswith("bids[") for w in seen["coordinator"])  # a price above the reference price
    assert not [w for w in seen["imss"] if w["location"].split("[")[0] in ("bids", "delivery", "market", "baseline")]
    broken = [{**demand[0], "quantity": 0}, *demand[1:]]
    refused = client.put(path, json=broken, headers=keys["imss"]).json()
    assert [issue["location"] for issue in refused["issues"]] == ["demand[0].quantity"]


def test_errors_an_institution_may_not_read_are_counted_never_shown() -> None:
    sent = Issue("demand.csv", 2, "quantity", "not_a_count", params={"value": "0"})  # a row the institution sent
    price = Issue("bids.csv", 2, "unit_price", "negative", params={"value": "-1"})  # a supplier's price
    others = Issue("demand.csv", 5, "quantity", "not_a_count", params={"value": "0"})  # another institution's row
    imss = ApiKey(name="imss", role="institution", institution_id="IMSS")
    shown = _readable(imss, [sent, price, others], 3)
    assert [(issue.file, issue.code) for issue in shown] == [
        ("demand.csv", "not_a_count"),
        ("scenario", "hidden_problems"),
    ]
    assert shown[1].params == {"count": 2}
