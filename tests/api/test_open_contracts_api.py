"""The open-contracts sample through the API: each awarded open contract stored with its run and served as
open_contracts.csv (JSON or CSV), paginated and filtered as the awards, an institution reading only its own."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from procurement.rules.open_contracts import CONTRACT_COLUMNS
from tests.api.support import ROOT, document, drain

Keys = dict[str, dict[str, str]]
PACKAGE = ROOT / "scenarios" / "open-contracts"
EXPECTED: list[dict[str, Any]] = json.loads((PACKAGE / "expected.json").read_text(encoding="utf-8"))[
    "open_contract_rows"
]
KEY = ("product_id", "institution_id", "period", "supplier_id")


def solved(client: TestClient, app: FastAPI, keys: Keys, package: dict[str, Any]) -> int:
    """The id of a succeeded, unpublished run of the package (without its explanation)."""
    created = client.post("/api/v1/scenarios", json=package, headers=keys["coordinator"])
    assert created.status_code == 201, created.text
    run = client.post(f"/api/v1/scenarios/{created.json()['id']}/runs", json={}, headers=keys["coordinator"])
    drain(app)
    status = client.get(run.headers["location"], headers=keys["coordinator"]).json()["status"]
    assert status == "succeeded"
    return int(run.json()["id"])


@pytest.fixture
def run_id(client: TestClient, app: FastAPI, keys: Keys) -> int:
    return solved(client, app, keys, document(PACKAGE))


def contracts(client: TestClient, run_id: int, headers: dict[str, str], query: str = "") -> Any:
    return client.get(f"/api/v1/runs/{run_id}/open-contracts?limit=1000{query}", headers=headers)


def keyed(rows: list[dict[str, Any]]) -> dict[tuple[str, ...], dict[str, Any]]:
    return {tuple(str(row[column]) for column in KEY): row for row in rows}


def test_each_open_contract_is_served_as_the_readme_works_it_out(client: TestClient, keys: Keys, run_id: int) -> None:
    page = contracts(client, run_id, keys["coordinator"]).json()
    assert page["total"] == len(page["items"]) == 15
    assert list(page["items"][0]) == CONTRACT_COLUMNS
    served, wanted = keyed(page["items"]), keyed(EXPECTED)
    assert served.keys() == wanted.keys()
    for key, row in wanted.items():
        assert {column: float(served[key][column]) for column in row if column not in KEY} == {
            column: float(value) for column, value in row.items() if column not in KEY
        }, key
    # the README's figures: the guaranteed minimums add up to 1,063,212.50 and the maximums to 2,157,425.00
    assert sum(float(row["minimum_cost"]) for row in page["items"]) == 1_063_212.5
    assert sum(float(row["maximum_cost"]) for row in page["items"]) == 2_157_425.0
    assert {row["period"] for row in page["items"]} == {"2026", "2027"}


def test_open_contracts_as_csv_and_filtered_are_the_rows_of_the_json(
    client: TestClient, keys: Keys, run_id: int
) -> None:
    csv = contracts(client, run_id, keys["coordinator"] | {"Accept": "text/csv"})
    assert csv.headers["content-type"].startswith("text/csv")
    lines = csv.text.lstrip("\ufeff").splitlines()
    assert lines[0] == ",".join(CONTRACT_COLUMNS)
    assert len(lines) == 16
    one = contracts(client, run_id, keys["coordinator"], "&product_id=010.000.0429.00&supplier_id=ATLAS").json()
    assert [(row["institution_id"], row["period"]) for row in one["items"]] == [("SEMAR", "2026"), ("SEMAR", "2027")]
    first = contracts(client, run_id, keys["coordinator"], "&offset=14").json()
    assert (first["total"], len(first["items"])) == (15, 1)


def test_an_institution_reads_only_its_own_open_contracts_once_the_run_is_published(
    client: TestClient, keys: Keys, run_id: int
) -> None:
    assert contracts(client, run_id, keys["imss"]).status_code == 404  # not published yet
    client.post(f"/api/v1/runs/{run_id}/publish", headers=keys["coordinator"])
    own = contracts(client, run_id, keys["imss"]).json()["items"]
    assert len(own) == 9  # captopril's 2027 goes to SIERRA alone
    assert {row["institution_id"] for row in own} == {"IMSS"}
    assert {row["institution_id"] for row in contracts(client, run_id, keys["issste"]).json()["items"]} == {"ISSSTE"}
    assert contracts(client, run_id, keys["imss"], "&institution_id=ISSSTE").status_code == 404
    assert len(contracts(client, run_id, keys["auditor"]).json()["items"]) == 15
