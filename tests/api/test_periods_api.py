"""A purchase over two periods through the API: the period in the input tables, in every result row, and savings
summed per period by the database, as the command writes them."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from procurement.cli import main
from tests.api.support import SAMPLE, document, drain

Keys = dict[str, dict[str, str]]


def two_years(folder: Path) -> Path:
    """The sample with each demand row split over 2026 (60 %) and 2027 (the rest), and a 2027 budget for ISSSTE."""
    shutil.copytree(SAMPLE, folder)
    lines = (folder / "demand.csv").read_text(encoding="utf-8").splitlines()
    header, rows = lines[0].split(","), [line.split(",") for line in lines[1:]]
    at = header.index("quantity")
    out = [",".join([*header, "period"])]
    for row in rows:
        first = int(row[at]) * 6 // 10
        out.append(",".join([*row[:at], str(first), *row[at + 1 :], "2026"]))
        out.append(",".join([*row[:at], str(int(row[at]) - first), *row[at + 1 :], "2027"]))
    (folder / "demand.csv").write_text("\n".join(out) + "\n", encoding="utf-8")
    (folder / "budgets.csv").write_text("institution_id,period,budget\nISSSTE,2027,500000\n", encoding="utf-8")
    return folder


def test_savings_by_period_over_the_api_are_what_the_command_writes(
    client: TestClient, app: FastAPI, keys: Keys, tmp_path: Path
) -> None:
    package = two_years(tmp_path / "two-years")
    assert main(["solve", str(package), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    expected = (tmp_path / "out" / "savings_by_period.csv").read_text(encoding="utf-8").splitlines()
    created = client.post("/api/v1/scenarios", json=document(package), headers=keys["coordinator"])
    assert created.status_code == 201, created.text
    scenario: dict[str, Any] = created.json()
    assert scenario["counts"]["budgets"] == 1
    run = client.post(f"/api/v1/scenarios/{scenario['id']}/runs", json={"explain": False}, headers=keys["coordinator"])
    drain(app)
    run_id = run.json()["id"]
    path = f"/api/v1/runs/{run_id}/savings?by=period"
    as_csv = client.get(path, headers={**keys["coordinator"], "Accept": "text/csv"}).text.lstrip("\ufeff")
    assert as_csv.splitlines() == expected
    awards = client.get(f"/api/v1/runs/{run_id}/awards?limit=1000", headers=keys["coordinator"]).json()["items"]
    assert {award["period"] for award in awards} == {"2026", "2027"}
    client.post(f"/api/v1/runs/{run_id}/publish", headers=keys["coordinator"])
    own = client.get(path, headers=keys["imss"]).json()["items"]
    assert [row["period"] for row in own] == ["2026", "2027"]
    mine = client.get(f"/api/v1/runs/{run_id}/savings?by=institution", headers=keys["imss"]).json()["items"]
    assert sum(row["savings"] for row in own) == mine[0]["savings"]
