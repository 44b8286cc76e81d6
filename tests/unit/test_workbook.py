"""Scenario workbooks: the template imports as it is, a package survives the trip to .xlsx, problems are named as
Excel shows them (`bids!C17`), all at once, and hostile files (macros, links, XML bombs) are refused."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from procurement import sheets
from procurement.errors import ScenarioError, Severity
from procurement.files import read_package
from procurement.pipeline import run_package
from procurement.sheets import get_column_letter
from procurement.template import build_template
from procurement.workbook import load_package, load_workbook_scenario
from tests.conftest import SCENARIOS

SAMPLE = SCENARIOS / "sample"


def sample_workbook(tmp_path: Path, edit: Callable[[Any], None] | None = None, name: str = "purchase.xlsx") -> Path:
    """scenarios/sample as an English workbook (headers are the column ids), changed by `edit` (which receives the
    openpyxl workbook)."""
    book = openpyxl.load_workbook(io.BytesIO(build_template(read_package(SAMPLE), "en")))
    if edit is not None:
        edit(book)
    path = tmp_path / name
    book.save(path)
    return path


def errors_of(path: Path) -> list[str]:
    with pytest.raises(ScenarioError) as raised:
        load_package(path)
    return [issue.describe("en") for issue in raised.value.issues if issue.severity is Severity.ERROR]


def rewrite_member(path: Path, member: str, change: Callable[[bytes], bytes]) -> Path:
    """The same .xlsx with one zip member's bytes changed (or added, if it was absent)."""
    with zipfile.ZipFile(path) as source:
        contents = {info.filename: source.read(info) for info in source.infolist()}
    contents[member] = change(contents.get(member, b""))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in contents.items():
            target.writestr(name, data)
    return path


def test_the_template_imports_as_it_is_with_its_example_rows(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    path.write_bytes(build_template())
    scenario, warnings = load_package(path)
    assert warnings == []
    assert list(scenario.bids["unit_price"]) == [9.5]
    assert scenario.policy["max_suppliers"] == 5
    assert scenario.solver.time_limit_s == 600


def test_the_template_has_notes_units_and_drop_downs_on_every_sheet() -> None:
    book = openpyxl.load_workbook(io.BytesIO(build_template(lang="en")))
    assert book.sheetnames[:3] == ["instructions", "scenario", "institutions"]
    bids = book["bids"]
    assert [cell.value for cell in bids[1]][:3] == ["supplier_id", "product_id", "unit_price"]
    assert "Unit: money" in bids["C1"].comment.text
    rules = {str(rule.sqref).split(":")[0]: rule for rule in bids.data_validations.dataValidation}
    assert rules["A2"].formula1 == "'suppliers'!$A$2:$A$20000"
    assert (rules["C2"].type, rules["C2"].operator, rules["C2"].formula1) == ("decimal", "greaterThanOrEqual", "0")
    products = {str(rule.sqref): rule for rule in book["products"].data_validations.dataValidation}
    assert products["C2:C20000"].formula1 == '"medicine,supply,equipment"'
    assert all(book[name].max_row == 2 for name in ("institutions", "products", "demand", "bids", "baseline"))


def test_a_package_as_a_workbook_solves_to_the_same_award(tmp_path: Path) -> None:
    from_workbook, from_folder = run_package(sample_workbook(tmp_path)), run_package(SAMPLE)
    assert from_workbook.solution.objective == pytest.approx(from_folder.solution.objective, rel=1e-12)
    assert from_workbook.awards.equals(from_folder.awards)
    assert from_workbook.savings_totals == from_folder.savings_totals


def test_warnings_name_the_sheet_and_cell(tmp_path: Path) -> None:
    _, warnings = load_package(sample_workbook(tmp_path))
    assert (
        warnings[0]
        .describe("en")
        .startswith("warning: bids!C13 column unit_price: 26.5 is above the reference price 25")
    )


def settings_row(key: str) -> int:
    """The row of a setting in the template's scenario sheet (the header is row 1)."""
    from procurement.template import SETTINGS

    return [name for name, _, _ in SETTINGS].index(key) + 2


def test_every_error_is_named_by_sheet_and_cell_all_at_once(tmp_path: Path) -> None:
    def break_it(book: Any) -> None:
        book["bids"]["C17"] = "12,5"
        book["demand"]["A4"] = "IMSSS"
        book["products"]["E2"] = -3
        keys = [cell.value for cell in book["scenario"]["A"]]
        book["scenario"][f"B{keys.index('policy.max_suppliers') + 1}"] = 0

    assert errors_of(sample_workbook(tmp_path, break_it)) == [
        'bids!C17 column unit_price: "12,5" is not a number',
        'demand!A4 column institution_id: "IMSSS" is not in institutions',
        "products!E2 column reference_price: -3 must be more than 0",
        f"scenario!B{settings_row('policy.max_suppliers')}: setting policy.max_suppliers: 0 must be a whole number ≥ 1",
    ]


def test_a_misspelt_column_or_sheet_and_a_missing_sheet_are_reported(tmp_path: Path) -> None:
    def break_it(book: Any) -> None:
        book["bids"]["C1"] = "unit_prce"
        book["delivery"].title = "delivry"
        del book["demand"]

    assert errors_of(sample_workbook(tmp_path, break_it)) == [
        "bids row 1 column unit_price: required column is missing",
        "bids!C1 column unit_prce: unknown column; did you mean unit_price?",
        "delivry: unknown sheet (the sheets of a scenario workbook are: scenario, institutions, products, demand, "
        "suppliers, bids, market, incumbents, supplier_record, budgets, delivery, baseline)",
        "demand: sheet is missing",
    ]


def test_a_formula_counts_by_the_value_excel_saved_for_it(tmp_path: Path) -> None:
    path = sample_workbook(tmp_path, lambda book: book["bids"].__setitem__("C2", "=4*2.5"))
    sheet = next(name for name in zipfile.ZipFile(path).namelist() if name.endswith("sheet7.xml"))
    rewrite_member(path, sheet, lambda xml: xml.replace(b"<f>4*2.5</f><v />", b"<f>4*2.5</f><v>10</v>"))
    scenario, _ = load_package(path)
    assert 10 in set(scenario.bids["unit_price"])


def test_a_formula_without_a_saved_value_is_rejected_with_its_cell(tmp_path: Path) -> None:
    path = sample_workbook(tmp_path, lambda book: book["demand"].__setitem__("C3", "=C2/2"))
    assert errors_of(path) == [
        "demand!C3 column quantity: the formula =C2/2 has no saved value; open and save it in Excel, or type the value"
    ]


def test_dates_and_error_values_are_not_read_as_numbers(tmp_path: Path) -> None:
    import datetime as dt

    def break_it(book: Any) -> None:
        book["demand"]["C2"] = dt.date(2026, 1, 15)
        book["bids"]["C3"] = "#DIV/0!"

    errors = errors_of(sample_workbook(tmp_path, break_it))
    assert "bids!C3 column unit_price: holds the error #DIV/0!" in errors
    assert (
        "demand!C2 column quantity: holds a date or time (2026-01-15 00:00:00); a number or text is expected" in errors
    )


def test_a_value_outside_the_table_is_reported(tmp_path: Path) -> None:
    errors = errors_of(sample_workbook(tmp_path, lambda book: book["suppliers"].__setitem__("E3", "nota")))
    assert errors == ['suppliers!E3: "nota" is in a column with no header']


def test_macros_are_refused(tmp_path: Path) -> None:
    path = rewrite_member(sample_workbook(tmp_path), "xl/vbaProject.bin", lambda _: b"\xd0\xcf\x11\xe0")
    assert errors_of(path) == ["purchase.xlsx: contains macros (VBA); save it as Excel Workbook (.xlsx) without macros"]
    assert errors_of(sample_workbook(tmp_path, name="purchase.xlsm"))[0].startswith(
        "purchase.xlsm: is a macro-enabled workbook"
    )


def test_links_to_other_workbooks_are_refused(tmp_path: Path) -> None:
    path = rewrite_member(sample_workbook(tmp_path), "xl/externalLinks/externalLink1.xml", lambda _: b"<x/>")
    assert errors_of(path) == [
        "purchase.xlsx: links to other workbooks; break the links (Data > Edit Links > Break Link) and save again"
    ]


def test_an_xml_entity_bomb_is_refused_without_expanding_it(tmp_path: Path) -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
    path = rewrite_member(sample_workbook(tmp_path), "xl/workbook.xml", lambda xml: bomb + xml.split(b"?>")[-1])
    [error] = errors_of(path)
    assert error.startswith("purchase.xlsx: is not an .xlsx workbook")
    assert "its XML declares entities or a DTD, which are refused as unsafe" in error


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    assert errors_of(path) == [
        "old.xls: is not an .xlsx workbook (an old .xls, a binary .xlsb, a password-protected or a damaged file?); "
        "save it as Excel Workbook (.xlsx)"
    ]


def test_a_sheet_beyond_the_row_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sheets, "MAX_ROWS", 5)
    assert "bids: has more than 5 rows" in errors_of(sample_workbook(tmp_path))


def test_uploaded_bytes_import_like_a_file(tmp_path: Path) -> None:
    scenario, _ = load_workbook_scenario(sample_workbook(tmp_path).read_bytes(), "upload.xlsx")
    assert scenario.name.startswith("Muestra")
    assert len(scenario.source_sha256) == 64


@pytest.mark.parametrize(("position", "letter"), [(1, "A"), (26, "Z"), (27, "AA"), (64, "BL"), (16384, "XFD")])
def test_column_letters_are_as_excel_names_them(position: int, letter: str) -> None:
    assert get_column_letter(position) == letter


@pytest.mark.parametrize(
    ("lang", "sheet", "price"), [("es", "propuestas", "Precio unitario"), ("en", "bids", "unit_price")]
)
def test_a_filled_template_round_trips_in_either_language(tmp_path: Path, lang: str, sheet: str, price: str) -> None:
    path = tmp_path / f"sample-{lang}.xlsx"
    path.write_bytes(build_template(read_package(SAMPLE), lang))
    assert openpyxl.load_workbook(path)[sheet]["C1"].value == price
    assert load_package(path)[0].fingerprint == load_package(SAMPLE)[0].fingerprint


def test_the_spanish_template_has_spanish_headers_notes_and_instructions() -> None:
    book = openpyxl.load_workbook(io.BytesIO(build_template()))
    assert book.sheetnames == [
        "instrucciones",
        "escenario",
        "instituciones",
        "claves",
        "demanda",
        "proveedores",
        "propuestas",
        "investigación de mercado",
        "proveedores actuales",
        "historial de proveedores",
        "presupuestos por periodo",
        "entrega",
        "precios anteriores",
    ]
    assert [cell.value for cell in book["demanda"][1]] == ["Institución", "Clave", "Cantidad", "Mínimo", "Periodo"]
    assert "Unidad: dinero" in book["propuestas"]["C1"].comment.text
    assert [cell.value for cell in book["escenario"][1]] == ["ajuste", "valor", "nota"]
    rules = {str(rule.sqref).split(":")[0]: rule for rule in book["propuestas"].data_validations.dataValidation}
    assert rules["A2"].formula1 == "'proveedores'!$A$2:$A$20000"


def test_an_error_in_a_spanish_workbook_names_the_column_as_the_file_spells_it(tmp_path: Path) -> None:
    path = tmp_path / "compra.xlsx"
    path.write_bytes(build_template(read_package(SAMPLE)))
    book = openpyxl.load_workbook(path)
    book["propuestas"]["C17"] = "12,5"
    book["demanda"]["A3"] = "IMSSS"
    book.save(path)
    with pytest.raises(ScenarioError) as raised:
        load_package(path)
    errors = {issue.describe("es") for issue in raised.value.issues if issue.severity is Severity.ERROR}
    assert errors == {
        "propuestas!C17 columna Precio unitario: «12,5» no es un número",
        "demanda!A3 columna Institución: «IMSSS» no está en instituciones",
    }


def test_a_column_missing_from_a_spanish_sheet_is_named_in_spanish(tmp_path: Path) -> None:
    path = tmp_path / "compra.xlsx"
    path.write_bytes(build_template(read_package(SAMPLE)))
    book = openpyxl.load_workbook(path)
    book["propuestas"].delete_cols(3)  # Precio unitario
    book.save(path)
    with pytest.raises(ScenarioError) as raised:
        load_package(path)
    missing = [issue for issue in raised.value.issues if issue.code == "column_missing"]
    assert [issue.describe("es") for issue in missing] == [
        "propuestas fila 1 columna Precio unitario: falta esta columna obligatoria"
    ]
