"""The officer's journey in a real browser: the template, a workbook with mistakes dropped on the page and each
mistake read at its cell, the fixed one creating the purchase, a run followed until it has finished, the headline
and the PDF holding the same cost paid; an institution reads its own demand only. On SQLite and on PostgreSQL."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.api.pages_support import MISTAKES, sample_workbook
from tests.api.support import document
from tests.e2e.journey import (
    FINISHED_S,
    compare_price_gap,
    drop_file,
    open_results,
    publish_for,
    sign_in,
    upload_workbook,
)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def site_database(request: pytest.FixtureRequest) -> str:
    """The journey runs on a site storing in each kind of database (tests/e2e/conftest.py)."""
    return str(request.param)


def test_a_coordinator_creates_a_purchase_from_a_workbook_solves_it_and_downloads_the_report(
    page: Page, tmp_path: Path
) -> None:
    sign_in(page, "coordinador")
    page.get_by_role("link", name="Nueva compra").click()
    with page.expect_download() as template:
        page.get_by_role("link", name="Descargar la plantilla (.xlsx)").click()
    assert template.value.suggested_filename == "plantilla-compra.xlsx"
    assert "propuestas" in openpyxl.load_workbook(io.BytesIO(template.value.path().read_bytes())).sheetnames

    mistaken = tmp_path / "compra.xlsx"
    mistaken.write_bytes(sample_workbook(MISTAKES))
    drop_file(page, mistaken)
    expect(page.locator("[data-chosen]")).to_contain_text("compra.xlsx")
    page.get_by_role("button", name="Revisar y crear la compra").click()
    expect(page.get_by_role("alert")).to_contain_text("No se guardó nada")
    for cell, words in (("C3", "«ocho» no es un número"), ("C2", "-5 debe ser"), ("B3", "no está en claves")):
        row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=cell, exact=True))
        expect(row).to_contain_text(words)

    upload_workbook(page, {})
    expect(page.get_by_role("status")).to_have_text("Compra creada.")
    page.get_by_role("button", name="Resolver la compra").click()
    expect(page.locator("#run-progress ol.steps li")).to_have_count(4)  # queued, build, solve, store: not explained
    expect(page.locator(".status-succeeded")).to_have_text("Terminada", timeout=FINISHED_S)
    expect(page.locator(".steps li.done")).to_have_count(4)

    page.get_by_role("link", name="Ver los resultados").click()
    paid = page.locator("#cost-paid").inner_text()
    assert re.fullmatch(r"\$[\d,]+\.\d\d", paid), paid
    with page.expect_download() as report:
        page.get_by_role("link", name="Reporte en PDF").click()
    data = Path(report.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    assert paid in "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_a_published_run_shows_an_institution_its_own_figures_only(page: Page) -> None:
    sign_in(page, "coordinador")
    publish_for(page, "imss")
    expect(page.locator("#savings-table tbody tr")).to_have_count(1)
    expect(page.locator("#savings-table tbody")).to_contain_text("IMSS")
    expect(page.locator("#awards tbody")).to_contain_text("IMSS")
    expect(page.locator("main")).not_to_contain_text("ISSSTE")
    expect(page.locator("#binding-table")).to_have_count(0)


def test_an_institution_reads_its_own_demand_and_may_not_create_a_purchase(page: Page) -> None:
    sign_in(page, "imss")
    expect(page.get_by_role("link", name="Nueva compra")).to_have_count(0)
    page.locator("table.data a").first.click()
    demand = page.locator("section", has=page.get_by_role("heading", name="Su demanda", exact=True))
    own = [row for row in document()["demand"] if row["institution_id"] == "IMSS"]
    expect(demand.locator("tbody tr")).to_have_count(len(own))
    expect(demand).not_to_contain_text("ISSSTE")
    expect(page.get_by_role("button", name="Resolver la compra")).to_have_count(0)
    page.goto("/compras/nueva")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sin permiso")


def test_an_institution_changes_its_demand_with_the_csv_it_downloads(page: Page, tmp_path: Path) -> None:
    sign_in(page, "imss")
    page.locator("table.data a").first.click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Descargar su demanda (.csv)").click()
    lines = download.value.path().read_text(encoding="utf-8").splitlines()
    changed = tmp_path / "demanda.csv"
    changed.write_text("\n".join([lines[0], lines[1].rsplit(",", 2)[0] + ",mil,", *lines[2:]]), encoding="utf-8")
    page.locator("#file").set_input_files(changed)
    page.get_by_role("button", name="Revisar y guardar la demanda").click()
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="fila 2", exact=True))
    expect(row).to_contain_text("«mil» no es un número")
    changed.write_text("\n".join([lines[0], lines[1].rsplit(",", 2)[0] + ",54321,", *lines[2:]]), encoding="utf-8")
    page.locator("#file").set_input_files(changed)
    page.get_by_role("button", name="Revisar y guardar la demanda").click()
    expect(page.get_by_role("status")).to_contain_text("Su demanda quedó guardada")
    expect(page.get_by_role("cell", name="54,321")).to_be_visible()


def test_a_coordinator_filters_the_awards_compares_a_price_gap_and_reads_the_history(page: Page) -> None:
    sign_in(page, "coordinador")
    open_results(page)
    savings = page.locator("#savings-table tbody tr")
    expect(savings).to_have_count(3)
    expect(page.locator(".chart svg rect")).to_have_count(3)
    page.get_by_label("Clave", exact=True).fill("010.000.1042.00")
    page.get_by_role("button", name="Filtrar").click()
    awards = page.locator("#awards tbody tr")
    expect(awards).to_have_count(5)  # glibenclamida: BAJIO's capacity to IMSS and IMSSB, HYPO the rest
    expect(page).to_have_url(re.compile(r"product_id=010\.000\.1042\.00"))
    page.get_by_role("link", name="Costo total").click()
    expect(page.locator("#awards th[aria-sort=ascending]")).to_have_text("Costo total ▲")
    # the cheapest: BAJIO's 12,000 to IMSSB at 14.00 + 1.00 delivery, as dear as HYPO's 10,000 to ISSSTE at 18.00
    expect(awards.first).to_contain_text("$180,000.00")
    expect(page.locator("#shortages-table tbody tr")).to_have_count(6)

    compare_price_gap(page, "5")
    heads = page.locator("#side-by-side thead th")
    expect(heads.nth(1)).to_contain_text("Reglas actuales")
    expect(heads.nth(2)).to_have_text("Brecha máxima de precio 5 %")
    expect(page.locator("#comparison-progress svg rect")).to_have_count(2)

    page.get_by_role("link", name=re.compile("Muestra")).click()
    page.get_by_role("link", name="Historial").click()
    expect(page.locator("#versions-table tbody tr")).to_have_count(1)
    expect(page.locator("#comparisons-table tbody tr").first).to_contain_text("Brecha máxima de precio")
