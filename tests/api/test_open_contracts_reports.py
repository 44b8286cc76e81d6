"""The savings reports of a stored run of the open-contracts sample show each awarded open contract with its
guaranteed minimum and its maximum (an institution's version its own); a purchase of firm quantities shows none."""

from __future__ import annotations

import io

import openpyxl
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pypdf import PdfReader

from tests.api.support import document
from tests.api.test_open_contracts_api import Keys, contracts, run_id, solved

__all__ = ["run_id"]  # the fixture


def test_the_reports_of_a_stored_run_show_its_open_contracts_and_an_institution_its_own(
    client: TestClient, keys: Keys, run_id: int
) -> None:
    report = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/api/v1/runs/{run_id}/report.xlsx", headers=keys["coordinator"]).content)
    )
    assert report.sheetnames.index("Contratos abiertos") == report.sheetnames.index("Adjudicaciones") + 1
    rows = list(report["Contratos abiertos"].values)
    assert rows[0][:4] == ("Clave", "Institución", "Periodo", "Clave de proveedor")
    assert len([row for row in rows[1:] if row and row[0]]) == 16  # 15 contracts and the budget's note
    assert sum(row[-2] for row in rows[1:16]) == 1_063_212.5  # the amounts at the minimum
    assert "cuentan el mínimo" in rows[-1][0]
    pdf = client.get(f"/api/v1/runs/{run_id}/report.pdf", headers=keys["coordinator"])
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Contratos abiertos" in text
    assert "$47,500.00" in text  # SEMAR's minimum of 500 at $95.00
    html = client.get(f"/api/v1/runs/{run_id}/report.html?institution_id=ISSSTE", headers=keys["coordinator"])
    assert "Contratos abiertos" in html.text
    assert "SEMAR" not in html.text.split("Contratos abiertos")[1].split("</table>")[0]


def test_a_purchase_of_firm_quantities_has_no_open_contracts(client: TestClient, app: FastAPI, keys: Keys) -> None:
    run_id = solved(client, app, keys, document())
    assert contracts(client, run_id, keys["coordinator"]).json()["total"] == 0
    report = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/api/v1/runs/{run_id}/report.xlsx", headers=keys["coordinator"]).content)
    )
    assert "Contratos abiertos" not in report.sheetnames
    assert (
        "Contratos abiertos" not in client.get(f"/api/v1/runs/{run_id}/report.html", headers=keys["coordinator"]).text
    )
