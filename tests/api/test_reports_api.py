"""Savings reports and awards.xlsx of a run over HTTP, opened with independent readers (openpyxl, pypdf): every
figure is the run's stored result and the CLI's report of the same package; roles as for the other results."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy import update

from api.routes.reports import report_language
from models.run import Run
from models.scenario import BidRow
from procurement.pipeline import options_for, run_package
from reports import ReportOptions, savings_report_xlsx
from reports.labels import money
from reports.tables import TABLES
from tests.api.support import SAMPLE, drain

Keys = dict[str, dict[str, str]]


@pytest.fixture
def run(client: TestClient, app: FastAPI, keys: Keys, scenario: dict[str, Any]) -> dict[str, Any]:
    """The sample purchase solved by the worker (not yet published)."""
    response = client.post(f"/api/v1/scenarios/{scenario['id']}/runs", json={}, headers=keys["coordinator"])
    drain(app)
    solved: dict[str, Any] = client.get(response.headers["location"], headers=keys["coordinator"]).json()
    assert solved["status"] == "succeeded", solved
    return solved


def get(client: TestClient, path: str, headers: dict[str, str], language: str | None = None) -> Any:
    return client.get(path, headers=headers | ({"Accept-Language": language} if language else {}))


def workbook(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data))


def pairs(sheet: Any) -> dict[Any, Any]:
    return {row[0]: row[1] for row in sheet.iter_rows(values_only=True)}


def stored_savings(client: TestClient, run_id: int, headers: dict[str, str]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = client.get(f"/api/v1/runs/{run_id}/savings", headers=headers).json()["items"]
    return items


def test_the_xlsx_report_holds_the_run_stored_figures(client: TestClient, keys: Keys, run: dict[str, Any]) -> None:
    response = get(client, f"/api/v1/runs/{run['id']}/report.xlsx", keys["auditor"], "en-GB,en;q=0.9")
    assert response.status_code == 200
    assert response.headers["content-language"] == "en"
    assert f'filename="run-{run["id"]}-savings-report.xlsx"' in response.headers["content-disposition"]
    book = workbook(response.content)
    assert book.sheetnames[:3] == ["Headline", "Institutions", "Cost split"]
    savings = stored_savings(client, run["id"], keys["auditor"])
    headline = pairs(book["Headline"])
    for figure in ("baseline_cost", "consolidated_cost", "savings"):
        label = {
            "baseline_cost": "Baseline cost of what was awarded",
            "consolidated_cost": "Cost paid",
            "savings": "Savings",
        }
        assert Decimal(str(headline[label[figure]])) == sum(Decimal(str(row[figure])) for row in savings)
    rows = list(book["Institutions"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[2], r[3], r[4]) for r in rows] == [
        (s["institution_id"], s["baseline_cost"], s["consolidated_cost"], s["savings"]) for s in savings
    ]
    audit = pairs(book["Audit"])
    assert audit["Input sha256"] == run["input_sha256"]


def test_the_served_report_equals_the_cli_report_of_the_same_package(
    client: TestClient, keys: Keys, run: dict[str, Any]
) -> None:
    served = workbook(get(client, f"/api/v1/runs/{run['id']}/report.xlsx", keys["coordinator"]).content)
    outcome = run_package(SAMPLE)
    local = workbook(savings_report_xlsx(outcome, options_for(outcome.scenario), ReportOptions("es")))
    assert served.sheetnames == local.sheetnames
    for name in served.sheetnames[1:-1]:  # the headline's date and the audit's solve time differ
        assert list(served[name].values) == list(local[name].values), name
    assert list(served["Resumen"].values)[2:] == list(local["Resumen"].values)[2:]


def test_the_pdf_and_html_reports_show_the_stored_figures_in_spanish_by_default(
    client: TestClient, keys: Keys, run: dict[str, Any]
) -> None:
    savings = stored_savings(client, run["id"], keys["coordinator"])
    pdf = get(client, f"/api/v1/runs/{run['id']}/report.pdf", keys["coordinator"])
    assert (pdf.status_code, pdf.headers["content-type"], pdf.headers["content-language"]) == (
        200,
        "application/pdf",
        "es",
    )
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    html = get(client, f"/api/v1/runs/{run['id']}/report.html", keys["coordinator"], "fr, en;q=0.5")
    assert html.headers["content-language"] == "en"
    assert "default-src 'none'" in html.headers["content-security-policy"]
    assert "Reporte de ahorros" in text
    assert "Consolidated purchase savings report" in html.text
    for row in savings:
        assert money(float(row["savings"]), "MXN") in text
        assert money(float(row["savings"]), "MXN") in html.text


def test_awards_xlsx_holds_the_rows_of_the_awards_endpoint(client: TestClient, keys: Keys, run: dict[str, Any]) -> None:
    response = get(client, f"/api/v1/runs/{run['id']}/awards.xlsx", keys["coordinator"])
    assert response.status_code == 200
    book = workbook(response.content)
    assert book.sheetnames == list(TABLES)
    awards = client.get(f"/api/v1/runs/{run['id']}/awards?limit=1000", headers=keys["coordinator"]).json()["items"]
    rows = list(book["awards"].values)
    assert list(rows[0]) == [column for column in awards[0] if column != "period"]  # one period: no such column
    assert [list(row) for row in rows[1:]] == [[award[c] for c in rows[0]] for award in awards]


def test_an_institution_gets_its_own_report_once_the_run_is_published(
    client: TestClient, keys: Keys, run: dict[str, Any]
) -> None:
    path = f"/api/v1/runs/{run['id']}/report.xlsx"
    assert get(client, path, keys["imss"]).status_code == 404
    client.post(f"/api/v1/runs/{run['id']}/publish", headers=keys["coordinator"])
    response = get(client, path, keys["imss"], "en")
    assert f'filename="run-{run["id"]}-IMSS-savings-report.xlsx"' in response.headers["content-disposition"]
    book = workbook(response.content)
    assert [row[0] for row in book["Institutions"].iter_rows(min_row=2, values_only=True)] == ["IMSS"]
    (own,) = stored_savings(client, run["id"], keys["imss"])
    assert pairs(book["Headline"])["Savings"] == own["savings"]
    as_coordinator = workbook(get(client, f"{path}?institution_id=IMSS", keys["coordinator"], "en").content)
    assert list(as_coordinator["Awards"].values) == list(book["Awards"].values)
    awards = workbook(get(client, f"/api/v1/runs/{run['id']}/awards.xlsx", keys["imss"]).content)
    assert {row[0] for row in awards["awards"].iter_rows(min_row=2, values_only=True)} == {"IMSS"}
    assert get(client, f"{path}?institution_id=ISSSTE", keys["imss"]).status_code == 404
    assert get(client, f"{path}?institution_id=NOPE", keys["coordinator"]).status_code == 404


@pytest.mark.parametrize(
    ("who", "status"), [("other_coordinator", 404), ("issste", 404), ("coordinator", 200), ("auditor", 200)]
)
def test_reports_follow_the_access_rules_of_the_results(
    client: TestClient, keys: Keys, run: dict[str, Any], who: str, status: int
) -> None:
    response = get(client, f"/api/v1/runs/{run['id']}/report.html", keys[who])
    assert response.status_code == status


def test_reports_exist_once_a_run_has_succeeded(client: TestClient, keys: Keys, scenario: dict[str, Any]) -> None:
    queued = client.post(f"/api/v1/scenarios/{scenario['id']}/runs", json={}, headers=keys["coordinator"]).json()
    response = get(client, f"/api/v1/runs/{queued['id']}/report.pdf", keys["coordinator"])
    assert (response.status_code, response.json()["error"]) == (409, "conflict")
    assert get(client, "/api/v1/runs/999/awards.xlsx", keys["coordinator"]).status_code == 404
    assert get(client, f"/api/v1/runs/{queued['id']}/report.docx", keys["coordinator"]).status_code == 422


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (None, "es"),
        ("en", "en"),
        ("en-US,en;q=0.9,es;q=0.8", "en"),
        ("es-MX,es;q=0.9,en;q=0.8", "es"),
        ("fr-FR, en;q=0.5", "en"),
        ("de", "es"),
        ("en;q=0.2, es;q=0.7", "es"),
        ("en;q=0, fr", "es"),
        ("*", "es"),
    ],
)
def test_accept_language_chooses_the_report_language(header: str | None, language: str) -> None:
    assert report_language(header) == language


def test_a_stored_input_that_no_longer_validates_is_a_conflict_not_a_crash(
    app: FastAPI, client: TestClient, keys: Keys, run: dict[str, Any]
) -> None:
    with app.state.sessions() as session:
        session.execute(update(BidRow).values(unit_price=Decimal("-1")))
        session.commit()
    response = get(client, f"/api/v1/runs/{run['id']}/report.pdf", keys["coordinator"])
    assert (response.status_code, response.json()["error"]) == (409, "conflict")
    assert "ya no pasan la validación" in response.json()["detail"]


def test_the_audit_names_the_solver_version_the_run_was_solved_with(
    app: FastAPI, client: TestClient, keys: Keys, run: dict[str, Any]
) -> None:
    # A run solved before a solver upgrade: its report must still name the solver that produced the award.
    recorded = run["summary"] | {"solver": run["summary"]["solver"] | {"version": "HiGHS 1.7.0"}}
    with app.state.sessions() as session:
        session.execute(update(Run).where(Run.id == run["id"]).values(summary=recorded))
        session.commit()
    audit = pairs(
        workbook(get(client, f"/api/v1/runs/{run['id']}/report.xlsx", keys["auditor"], "en").content)["Audit"]
    )
    assert audit["Solver and version"] == "highs — HiGHS 1.7.0"
