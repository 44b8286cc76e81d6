"""Spreadsheets over HTTP: the template downloaded, scenario workbooks uploaded with the CLI's messages at their
cells, and the same safety rules as a .zip upload."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import openpyxl
import pytest
from fastapi.testclient import TestClient

from procurement.errors import ScenarioError
from procurement.files import read_package
from procurement.template import build_template
from procurement.workbook import load_workbook_scenario
from tests.api.support import SAMPLE


@pytest.fixture(autouse=True)
def english(client: TestClient) -> None:
    """These tests compare English messages; Spanish, the default, has its own test."""
    client.headers["Accept-Language"] = "en"


Keys = dict[str, dict[str, str]]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(client: TestClient, headers: dict[str, str], data: bytes, name: str = "compra.xlsx") -> Any:
    return client.post("/api/v1/scenarios/package", files={"file": (name, data, XLSX)}, headers=headers)


def sample_workbook(**cells: Any) -> bytes:
    """The sample package as an English workbook, with `cells` ("bids!C3" → value) typed over it."""
    book = openpyxl.load_workbook(io.BytesIO(build_template(read_package(SAMPLE), "en")))
    for where, value in cells.items():
        sheet, cell = where.split("_")
        book[sheet][cell] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_template_is_an_xlsx_workbook_with_a_sheet_per_table(client: TestClient, keys: Keys) -> None:
    response = client.get("/api/v1/templates/scenario.xlsx", headers=keys["imss"] | {"Accept-Language": "es"})
    assert response.status_code == 200
    assert response.headers["content-type"] == XLSX
    assert 'filename="plantilla-escenario.xlsx"' in response.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[:4] == ["instrucciones", "escenario", "instituciones", "claves"]
    assert [cell.value for cell in book["propuestas"][1]][:3] == ["Proveedor", "Clave", "Precio unitario"]
    english = client.get("/api/v1/templates/scenario.xlsx", headers=keys["imss"] | {"Accept-Language": "en"})
    assert 'filename="scenario.xlsx"' in english.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(english.content))
    assert [cell.value for cell in book["bids"][1]][:3] == ["supplier_id", "product_id", "unit_price"]


def test_the_template_needs_a_key(client: TestClient) -> None:
    response = client.get("/api/v1/templates/scenario.xlsx")
    assert (response.status_code, response.json()["error"]) == (401, "unauthorized")


def test_the_downloaded_template_uploads_as_it_is(client: TestClient, keys: Keys) -> None:
    template = client.get("/api/v1/templates/scenario.xlsx", headers=keys["coordinator"]).content
    response = upload(client, keys["coordinator"], template, "scenario.xlsx")
    assert response.status_code == 201, response.text
    assert response.json()["counts"]["institutions"] >= 1


def test_a_workbook_and_json_of_the_same_purchase_hold_the_same_rows(
    client: TestClient, keys: Keys, scenario: dict[str, Any]
) -> None:
    response = upload(client, keys["coordinator"], sample_workbook())
    assert response.status_code == 201, response.text
    created = response.json()
    assert (created["name"], created["counts"]) == (scenario["name"], scenario["counts"])
    assert response.headers["location"] == f"/api/v1/scenarios/{created['id']}"
    for table in ("products", "demand", "bids", "delivery"):
        rows = [
            client.get(f"/api/v1/scenarios/{n}/{table}", headers=keys["coordinator"]).json()["items"]
            for n in (scenario["id"], created["id"])
        ]
        assert rows[0] == rows[1]  # numbers typed in Excel (10) equal the CSV's text (10.00)
    warning = next(w for w in created["warnings"] if "26.5 is above the reference price 25" in w["message"])
    assert (warning["location"], warning["severity"]) == ("bids!C13 column unit_price", "warning")


def test_workbook_problems_are_listed_at_their_cells_as_the_cli_lists_them(client: TestClient, keys: Keys) -> None:
    data = sample_workbook(bids_C17="12,5", demand_A4="IMSSS", demand_C5=-3)
    with pytest.raises(ScenarioError) as cli:
        load_workbook_scenario(data, "compra.xlsx")
    response = upload(client, keys["coordinator"], data)
    assert response.status_code == 422
    body = response.json()
    listed = [f"{issue['location']}: {issue['message']}" for issue in body["issues"] if issue["severity"] == "error"]
    assert listed == [issue.describe("en") for issue in cli.value.issues if issue.severity == "error"]
    assert any(line.startswith("bids!C17 column unit_price: ") for line in listed)
    assert any(line.startswith("demand!A4 column institution_id: ") for line in listed)
    assert body["detail"] == f"{len(listed)} problem(s) in the scenario"
    assert client.get("/api/v1/scenarios", headers=keys["coordinator"]).json()["total"] == 0


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("compra.xlsm", "workbook", "is a macro-enabled workbook"),
        ("compra.xls", "not a zip", "is not an .xlsx workbook"),
        ("compra.xlsx", "macros", "contains macros (VBA)"),
    ],
)
def test_unsafe_or_unreadable_workbooks_are_refused_with_the_reason(
    client: TestClient, keys: Keys, name: str, data: str, message: str
) -> None:
    content = {"workbook": sample_workbook(), "not a zip": b"\xd0\xcf\x11\xe0 old excel", "macros": _with_macros()}
    response = upload(client, keys["coordinator"], content[data], name)
    assert response.status_code == 422
    assert message in response.json()["issues"][0]["message"]
    assert response.json()["issues"][0]["location"] == name


def test_a_workbook_bomb_is_refused_before_it_is_parsed(client: TestClient, keys: Keys) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<c/>" * 5_000_000)
    response = upload(client, keys["coordinator"], buffer.getvalue())
    assert response.status_code == 422
    assert "zip bomb" in response.json()["detail"]


def test_only_a_coordinator_creates_a_scenario_from_a_workbook(client: TestClient, keys: Keys) -> None:
    response = upload(client, keys["imss"], sample_workbook(bids_C17="12,5"))
    assert (response.status_code, response.json()["error"]) == (403, "forbidden")


def _with_macros() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "a") as archive, zipfile.ZipFile(io.BytesIO(sample_workbook())) as workbook:
        for member in workbook.infolist():
            archive.writestr(member, workbook.read(member))
        archive.writestr("xl/vbaProject.bin", b"macro")
    return buffer.getvalue()


def test_problems_keep_their_codes_and_speak_spanish_by_default(client: TestClient, keys: Keys) -> None:
    data = sample_workbook(bids_C17="12,5")
    spanish = upload(client, keys["coordinator"] | {"Accept-Language": "es-MX,es;q=0.9"}, data).json()["issues"]
    english = upload(client, keys["coordinator"], data).json()["issues"]
    assert [issue["code"] for issue in spanish] == [issue["code"] for issue in english]
    [number] = [issue for issue in spanish if issue["code"] == "not_a_number"]
    assert (number["location"], number["message"]) == ("bids!C17 column unit_price", "«12,5» no es un número")


def test_a_price_no_purchase_holds_is_refused_naming_its_cell(client: TestClient, keys: Keys) -> None:
    response = upload(client, keys["coordinator"], sample_workbook(bids_C3=1e308))
    assert response.status_code == 422
    [issue] = [issue for issue in response.json()["issues"] if issue["code"] == "too_much_money"]
    assert issue["location"] == "bids!C3 column unit_price"
