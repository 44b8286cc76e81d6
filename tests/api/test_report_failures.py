"""Reports over HTTP never fail on real data and never answer 500: a run whose description runs to 10,000 characters
gets its PDF, HTML and XLSX; a report that cannot be made is a clear error naming the format and why."""

from __future__ import annotations

import io
import logging
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update

from models.run import Run
from tests.api.support import SAMPLE, document, drain

Keys = dict[str, dict[str, str]]
WORDS = "Paracetamol. Tableta. Cada tableta contiene: paracetamol 500 mg. Envase con 10 tabletas. "
LONG_DESCRIPTION = (WORDS * 120)[:9_999] + "."


def solved_run(client: TestClient, app: FastAPI, keys: Keys, package: Path) -> dict[str, Any]:
    created = client.post("/api/v1/scenarios", json=document(package), headers=keys["coordinator"])
    assert created.status_code == 201, created.text
    response = client.post(f"/api/v1/scenarios/{created.json()['id']}/runs", json={}, headers=keys["coordinator"])
    drain(app)
    run: dict[str, Any] = client.get(response.headers["location"], headers=keys["coordinator"]).json()
    assert run["status"] == "succeeded", run
    return run


def test_a_run_with_a_10000_character_description_gets_every_report(
    client: TestClient, app: FastAPI, keys: Keys, tmp_path: Path
) -> None:
    package = shutil.copytree(SAMPLE, tmp_path / "sample")
    products = (package / "products.csv").read_text(encoding="utf-8")
    long = products.replace(
        '"Paracetamol. Tableta. Cada tableta contiene: paracetamol 500 mg."', f'"{LONG_DESCRIPTION}"'
    )
    (package / "products.csv").write_text(long, encoding="utf-8")
    run = solved_run(client, app, keys, package)
    for kind in ("pdf", "html", "xlsx"):
        response = client.get(f"/api/v1/runs/{run['id']}/report.{kind}", headers=keys["coordinator"])
        assert response.status_code == 200, (kind, response.text[:500])
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    descriptions = {row[0]: row[1] for row in book["Adjudicaciones"].iter_rows(min_row=2, values_only=True)}
    assert descriptions["010.000.0104.00"] == LONG_DESCRIPTION


def test_a_report_that_cannot_be_made_is_a_clear_error_naming_the_format_not_a_500(
    client: TestClient, app: FastAPI, keys: Keys, caplog: pytest.LogCaptureFixture
) -> None:
    run = solved_run(client, app, keys, SAMPLE)
    # A stored summary the report cannot read (a solve time that is not a number) stands for any report failure.
    broken = run["summary"] | {"timings_s": {"solve": "slow"}}
    with app.state.sessions() as session:
        session.execute(update(Run).where(Run.id == run["id"]).values(summary=broken))
        session.commit()
    with caplog.at_level(logging.ERROR, logger="procurement.api"):
        response = client.get(
            f"/api/v1/runs/{run['id']}/report.pdf", headers=keys["coordinator"] | {"Accept-Language": "en"}
        )
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "report_failed"
    assert body["detail"].startswith("the PDF report could not be made: unexpected error while making it (TypeError:")
    (record,) = [record for record in caplog.records if "report could not be made" in record.getMessage()]
    assert record.exc_info is not None
    spanish = client.get(f"/api/v1/runs/{run['id']}/report.html", headers=keys["coordinator"]).json()
    assert spanish["detail"].startswith("no se pudo generar el reporte HTML: error inesperado al generarlo (TypeError:")
