"""Reverse-auction rounds over HTTP: the open-contracts sample with insulina and omeprazol under auction. A
coordinator closes a round with revised prices (a new version), every revision that breaks the auction is a 422 at
its place, and the rounds' runs compare side by side with the figures the CLI gives (tests/integration/
test_osd_rounds.py works them out)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.api.support import SAMPLE, document, drain

Keys = dict[str, dict[str, str]]
INSULINA, OMEPRAZOL, SALBUTAMOL = "010.000.1050.00", "010.000.5186.00", "010.000.0429.00"


def auction(client: TestClient, keys: Keys) -> dict[str, Any]:
    purchase = document(SAMPLE.parent / "open-contracts")
    for product in purchase["products"]:
        product["osd"] = "true" if product["product_id"] in (INSULINA, OMEPRAZOL) else ""
    response = client.post("/api/v1/scenarios", json=purchase, headers=keys["coordinator"])
    assert response.status_code == 201, response.text
    return dict(response.json())


def solve(client: TestClient, app: FastAPI, keys: Keys, scenario: int) -> int:
    response = client.post(f"/api/v1/scenarios/{scenario}/runs", json={"explain": False}, headers=keys["coordinator"])
    assert response.status_code == 202, response.text
    drain(app)
    run = client.get(response.headers["location"], headers=keys["coordinator"]).json()
    assert run["status"] == "succeeded"
    return int(run["id"])


def test_a_round_closes_as_a_new_version_and_the_rounds_compare(client: TestClient, app: FastAPI, keys: Keys) -> None:
    scenario = auction(client, keys)["id"]
    first = solve(client, app, keys, scenario)
    revisions = [
        {"supplier_id": "SIERRA", "product_id": INSULINA, "unit_price": 119.5},
        {"supplier_id": "PACIF", "product_id": OMEPRAZOL, "unit_price": 2.8},
        {"supplier_id": "LERMA", "product_id": OMEPRAZOL, "unit_price": 2.85},
    ]
    path = f"/api/v1/scenarios/{scenario}/osd-rounds"
    assert client.post(path, json={"revisions": revisions}, headers=keys["imss"]).status_code == 403
    closed = client.post(path, json={"revisions": revisions}, headers=keys["coordinator"])
    assert closed.status_code == 201, closed.text
    assert closed.json()["version"] == 2
    second = solve(client, app, keys, scenario)
    compared = client.get(f"{path}?run_id={first}&run_id={second}", headers=keys["auditor"])
    assert compared.status_code == 200, compared.text
    rounds = {(row["product_id"], row["round"]): row for row in compared.json()}
    assert (rounds[(INSULINA, 2)]["paid"], rounds[(INSULINA, 2)]["change"]) == (1678600, -18200)
    assert (rounds[(OMEPRAZOL, 2)]["paid"], rounds[(OMEPRAZOL, 2)]["change"]) == (213575, -18225)
    assert client.get(f"{path}?run_id={first}", headers=keys["imss"]).status_code in (403, 404)


def test_revisions_that_break_the_auction_are_a_422_at_their_place(client: TestClient, keys: Keys) -> None:
    scenario = auction(client, keys)["id"]
    revisions = [
        {"supplier_id": "PACIF", "product_id": OMEPRAZOL, "unit_price": 3.0},
        {"supplier_id": "ATLAS", "product_id": SALBUTAMOL, "unit_price": 90},
    ]
    response = client.post(
        f"/api/v1/scenarios/{scenario}/osd-rounds",
        json={"revisions": revisions},
        headers={**keys["coordinator"], "Accept-Language": "en"},
    )
    assert response.status_code == 422
    found = [(issue["location"], issue["code"]) for issue in response.json()["issues"]]
    assert found == [("revisions[0].unit_price", "osd_price_raised"), ("revisions[1].product_id", "osd_not_auctioned")]
    assert client.get(f"/api/v1/scenarios/{scenario}", headers=keys["coordinator"]).json()["version"] == 1
