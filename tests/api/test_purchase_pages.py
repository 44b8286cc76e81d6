"""The purchase and run pages over HTTP: a workbook's mistakes by sheet and cell (nothing stored), the fixed one
creating the purchase, the template, starting, following and cancelling a run, its headline and downloads, and an
institution seeing only its own purchase and demand."""

from __future__ import annotations

import html
import io
import re
from typing import Any

import openpyxl
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pypdf import PdfReader

from api.progress import read_progress, run_progress_public, stored_notice
from models.run import Run
from procurement.messages import Message
from reports.labels import money
from tests.api.pages_support import MISTAKES, csrf_of, sample_workbook, sign_in
from tests.api.support import document, drain

Keys = dict[str, dict[str, str]]


def upload(browser: TestClient, data: bytes, name: str = "compra.xlsx", lang: str = "") -> Any:
    token = csrf_of(browser.get("/compras/nueva").text)
    path = "/compras/nueva" + (f"?lang={lang}" if lang else "")
    return browser.post(path, data={"csrf_token": token}, files={"file": (name, data)}, follow_redirects=False)


def problem_rows(page: str) -> list[list[str]]:
    """The problems table as cells of text: sheet or file, cell, column, value found, message."""
    body = re.search(r'<section class="problems".*?<tbody>(.*?)</tbody>', page, re.S)
    assert body, "the page has no problems table"
    rows = re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S)
    return [[_text(cell) for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)] for row in rows]


def _text(cell: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>|\s+", " ", cell)).strip()


def test_each_mistake_of_a_workbook_is_shown_at_its_cell_and_nothing_is_stored(
    browser: TestClient, client: TestClient, keys: Keys
) -> None:
    sign_in(browser, "coordinador")
    response = upload(browser, sample_workbook(MISTAKES))
    assert response.status_code == 422
    assert "No se guardó nada" in response.text
    rows = problem_rows(response.text)
    # the sheets and columns as the workbook spells them (the template is Spanish by default)
    assert ["propuestas", "C3", "Precio unitario", "ocho", "«ocho» no es un número"] in rows
    assert ["demanda", "C2", "Cantidad", "-5", "-5 debe ser un número entero de 1 o más"] in rows
    assert ["demanda", "B3", "Clave", "999.999.9999.99", "«999.999.9999.99» no está en claves"] in rows
    assert client.get("/api/v1/scenarios", headers=keys["coordinator"]).json()["total"] == 0


def test_the_mistakes_are_worded_in_the_language_of_the_page(browser: TestClient) -> None:
    sign_in(browser, "coordinador")
    rows = problem_rows(upload(browser, sample_workbook(MISTAKES), lang="en").text)
    assert ["propuestas", "C3", "Precio unitario", "ocho", '"ocho" is not a number'] in rows


def test_a_package_with_a_mistake_names_its_file_and_row(browser: TestClient, tmp_path: Any) -> None:
    import shutil
    import zipfile

    from tests.api.support import SAMPLE

    shutil.copytree(SAMPLE, tmp_path / "sample")
    demand = tmp_path / "sample" / "demand.csv"
    demand.write_text(
        demand.read_text(encoding="utf-8").replace("IMSS,010.000.0104.00,60000", "IMSS,010.000.0104.00,x")
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in (tmp_path / "sample").iterdir():
            archive.write(path, path.name)
    sign_in(browser, "coordinador")
    rows = problem_rows(upload(browser, buffer.getvalue(), "compra.zip").text)
    assert ["demand.csv", "fila 2", "quantity", "x", "«x» no es un número"] in rows


def test_the_fixed_workbook_creates_the_purchase_and_opens_its_page(browser: TestClient) -> None:
    sign_in(browser, "coordinador")
    response = upload(browser, sample_workbook())
    assert response.status_code == 303
    page = browser.get(response.headers["location"])
    assert "Compra creada." in page.text
    assert "Resolver la compra" in page.text
    assert f'href="{response.headers["location"]}"' in browser.get("/").text


def test_the_template_downloads_as_a_workbook_named_in_the_page_language(browser: TestClient) -> None:
    sign_in(browser, "coordinador")
    response = browser.get("/compras/plantilla.xlsx?lang=en")
    assert response.headers["content-disposition"] == 'attachment; filename="purchase-template.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book["bids"]["C1"].value == "unit_price"  # the headers in English too


@pytest.mark.parametrize("username", ["imss", "auditoria"])
def test_only_a_coordinator_may_create_a_purchase(browser: TestClient, username: str) -> None:
    sign_in(browser, username)
    assert browser.get("/compras/nueva").status_code == 403
    assert "Nueva compra" not in browser.get("/").text
    token = csrf_of(browser.get("/").text)
    files = {"file": ("compra.xlsx", sample_workbook())}
    assert browser.post("/compras/nueva", data={"csrf_token": token}, files=files).status_code == 403


def test_an_institution_reads_its_own_demand_and_no_other(browser: TestClient, scenario: dict[str, Any]) -> None:
    sign_in(browser, "imss")
    page = browser.get(f"/compras/{scenario['id']}").text
    demand = page[page.index("Su demanda") :]
    own = [row for row in document()["demand"] if row["institution_id"] == "IMSS"]
    assert demand.count("<tr>") == 1 + len(own)
    assert "ISSSTE" not in page
    assert "Resolver la compra" not in page


def test_an_institution_cannot_open_a_purchase_it_takes_no_part_in(
    browser: TestClient, scenario: dict[str, Any]
) -> None:
    sign_in(browser, "pemex")
    assert browser.get(f"/compras/{scenario['id']}").status_code == 404


def start_run(browser: TestClient, scenario: dict[str, Any]) -> str:
    sign_in(browser, "coordinador")
    token = csrf_of(browser.get(f"/compras/{scenario['id']}").text)
    response = browser.post(f"/compras/{scenario['id']}/corridas", data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303
    return str(response.headers["location"])


def test_a_run_is_followed_until_its_results_and_reports(
    app: FastAPI, browser: TestClient, scenario: dict[str, Any]
) -> None:
    run_page = start_run(browser, scenario)
    assert 'hx-trigger="every 1s"' in browser.get(run_page).text
    drain(app)
    panel = browser.get(f"{run_page}/avance").text
    assert "hx-trigger" not in panel
    assert "Ver los resultados" in panel
    results = browser.get(f"{run_page}/resultados").text
    shown = re.search(r'id="cost-paid">([^<]+)<', results)
    assert shown
    assert shown.group(1).startswith("$")
    pdf = browser.get(f"{run_page}/reporte.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert shown.group(1) in "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert browser.get(f"{run_page}/reporte.xlsx").status_code == 200
    assert browser.get(f"{run_page}/adjudicaciones.csv").text.startswith("institution_id,")


def test_the_headline_is_the_cost_paid_of_the_awards(
    app: FastAPI, browser: TestClient, client: TestClient, keys: Keys, scenario: dict[str, Any]
) -> None:
    run_page, run_id = solved_run(app, browser, scenario)
    awards = client.get(f"/api/v1/runs/{run_id}/awards?limit=1000", headers=keys["coordinator"]).json()["items"]
    assert f'id="cost-paid">{paid(awards)}<' in browser.get(f"{run_page}/resultados").text


def solved_run(app: FastAPI, browser: TestClient, scenario: dict[str, Any]) -> tuple[str, str]:
    """A run of the purchase started on its page by the coordinator and solved: its page and its id."""
    run_page = start_run(browser, scenario)
    drain(app)
    return run_page, run_page.rsplit("/", 1)[-1]


def paid(awards: list[dict[str, Any]]) -> str:
    """What the awards cost, as the pages and the reports write it."""
    return money(sum(round(float(award["total_cost"]) * 100) for award in awards) / 100, "MXN")


def test_a_queued_run_can_be_cancelled_and_says_so(browser: TestClient, scenario: dict[str, Any]) -> None:
    run_page = start_run(browser, scenario)
    token = csrf_of(browser.get(run_page).text)
    page = browser.post(f"{run_page}/cancelar", data={"csrf_token": token})
    assert "La corrida se canceló" in page.text
    assert "Cancelar la corrida" not in page.text


def test_a_failed_run_says_why(app: FastAPI, browser: TestClient, scenario: dict[str, Any]) -> None:
    run_page = start_run(browser, scenario)
    with app.state.sessions() as session:
        run = session.get(Run, int(run_page.rsplit("/", 1)[-1]))
        assert run is not None
        run.status, run.error = "failed", "the solver found no award: infeasible"
        session.commit()
    page = browser.get(run_page).text
    assert "La corrida falló" in page
    assert "the solver found no award: infeasible" in page


SOLVED_BLOCK = stored_notice(Message("progress.solved_block", {"done": 3, "total": 10}))
EXPLAINING = stored_notice(Message("progress.explaining"))


@pytest.mark.parametrize(
    ("status", "progress", "step", "blocks", "notice"),
    [
        ("queued", "", "queued", None, ""),
        ("running", "", "building", None, ""),
        ("running", SOLVED_BLOCK, "solving", (3, 10), "bloque 3 de 10 resuelto"),
        ("running", EXPLAINING, "explaining", None, "explicando"),
        ("succeeded", "done", "finished", None, "listo"),
        # as runs stored their notice before it was kept as a code with its figures: in English words
        ("running", "solved block 3 of 10", "solving", (3, 10), "bloque 3 de 10 resuelto"),
        ("running", "explaining the award: re-solving what would change it", "explaining", None, "explicando"),
    ],
)
def test_the_stored_progress_reads_as_a_step_and_its_blocks_in_the_page_language(
    status: str, progress: str, step: str, blocks: tuple[int, int] | None, notice: str
) -> None:
    from api.progress import STEPS

    read = read_progress(_public({"status": status, "progress": progress, "options": {}}), "es")
    assert read.steps == STEPS
    assert read.steps[read.step] == step
    assert (read.blocks_done, read.blocks_total) == (blocks or (None, None))
    assert read.notice.startswith(notice)


def _public(run: dict[str, Any]) -> dict[str, Any]:
    """The run as the API gives it (run_service.run_public), in English: the page words it in its own language."""
    return run | {"progress": run_progress_public(run, "en")}


def test_a_run_that_is_not_explained_has_no_explaining_step() -> None:
    read = read_progress(_public({"status": "succeeded", "progress": "done", "options": {"explain": False}}), "en")
    assert "explaining" not in read.steps
    assert read.steps[read.step] == "finished"


def test_an_institution_reads_only_its_own_figures_once_the_run_is_published(
    app: FastAPI, browser: TestClient, client: TestClient, keys: Keys, scenario: dict[str, Any]
) -> None:
    run_page, run_id = solved_run(app, browser, scenario)
    browser.cookies.clear()
    sign_in(browser, "imss")
    assert browser.get(f"{run_page}/resultados").status_code == 404  # not published yet
    client.post(f"/api/v1/runs/{run_id}/publish", headers=keys["coordinator"])
    awards = client.get(f"/api/v1/runs/{run_id}/awards?limit=1000", headers=keys["imss"]).json()["items"]
    assert {award["institution_id"] for award in awards} == {"IMSS"}
    assert f'id="cost-paid">{paid(awards)}<' in browser.get(f"{run_page}/resultados").text
    assert browser.get(f"{run_page}/adjudicaciones.csv").text.count("\nIMSS,") == len(awards)


def send_demand(browser: TestClient, purchase_id: int, data: bytes) -> Any:
    token = csrf_of(browser.get(f"/compras/{purchase_id}").text)
    files = {"file": ("demanda.csv", data, "text/csv")}
    return browser.post(f"/compras/{purchase_id}/demanda", data={"csrf_token": token}, files=files)


def test_an_institution_changes_its_demand_through_a_csv_and_sees_every_problem_first(
    browser: TestClient, client: TestClient, keys: Keys, scenario: dict[str, Any]
) -> None:
    sign_in(browser, "imss")
    csv = browser.get(f"/compras/{scenario['id']}/demanda.csv")
    assert csv.headers["content-disposition"] == f'attachment; filename="compra-{scenario["id"]}-demanda-IMSS.csv"'
    lines = csv.text.splitlines()
    assert lines[0] == "institution_id,product_id,quantity,minimum,period"  # a minimum and a period are optional
    assert {line.split(",")[0] for line in lines[1:]} == {"IMSS"}

    def quantity(value: str) -> str:
        institution, product, _, minimum, period = lines[1].split(",")
        return ",".join([institution, product, value, minimum, period])

    wrong = "\n".join([lines[0], quantity("x"), *lines[2:]]).encode()
    refused = send_demand(browser, scenario["id"], wrong)
    assert refused.status_code == 422
    assert problem_rows(refused.text) == [["demand.csv", "fila 2", "quantity", "x", "«x» no es un número"]]
    assert client.get(f"/api/v1/scenarios/{scenario['id']}", headers=keys["imss"]).json()["version"] == 1
    fixed = "\n".join([lines[0], quantity("12345"), *lines[2:]]).encode()
    page = send_demand(browser, scenario["id"], fixed)
    assert "Su demanda quedó guardada en una versión nueva de la compra." in page.text
    assert ">12,345<" in page.text
    assert client.get(f"/api/v1/scenarios/{scenario['id']}", headers=keys["imss"]).json()["version"] == 2


def test_only_an_institution_is_offered_its_demand_to_change(browser: TestClient, scenario: dict[str, Any]) -> None:
    sign_in(browser, "coordinador")
    assert "Cambiar su demanda" not in browser.get(f"/compras/{scenario['id']}").text


def test_an_institution_never_reads_the_bids_in_the_check_of_its_demand(
    client: TestClient, keys: Keys, scenario: dict[str, Any]
) -> None:
    """The sample's bids above their reference price are warnings of the whole purchase: not the institution's."""
    headers = keys["imss"] | {"Content-Type": "text/csv"}
    path = f"/api/v1/scenarios/{scenario['id']}/demand/IMSS"
    refused = client.put(path, content=b"product_id,quantity\n010.000.0104.00,x\n", headers=headers)
    assert [issue["location"] for issue in refused.json()["issues"]] == ["demand.csv row 2 column quantity"]
    accepted = client.put(path, content=b"product_id,quantity\n010.000.0104.00,5\n", headers=headers)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["warnings"] == []
