"""Savings reports of a purchase whose texts are as long as real ones get (a CNIS description of thousands of
characters, a supplier's name of 500, a description with no spaces): PDF and HTML wrap and shorten them, no PDF
row is taller than a page, the XLSX keeps every character."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from procurement.pipeline import Outcome, options_for
from reports import ReportOptions, results_xlsx, savings_report_html, savings_report_pdf, savings_report_xlsx
from reports.cells import ELLIPSIS, MAX_CELL_CHARS, shorten
from tests.builders import solve_files

WORDS = "Equipo para hemodiálisis con línea arterial y venosa, filtro de fibra hueca y conectores luer lock. "
LONG_DESCRIPTION = ("Inicio de la descripción CNIS. " + WORDS * 100)[:9_978] + " FIN-DE-LA-DESCRIPCION"
NO_SPACES = "Y" * 3_000
LONG_SUPPLIER = ("Laboratorios Unidos del Norte y del Sur " * 13)[:499] + "."
LONG_INSTITUTION = ("Servicios de Salud del Estado " * 17)[:499] + "."


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    """Two products, one with a 10,000-character description and one with a description of no spaces, a supplier
    whose name has 500 characters, and a scenario and an institution with long names."""
    return solve_files(
        tmp_path_factory.mktemp("long") / "package",
        scenario_toml=f'name = "{"Compra consolidada " * 120}"\n',
        institutions=f"institution_id,name\nIMSS,{LONG_INSTITUTION}\nISSSTE,ISSSTE\n",
        products=f"""\
            product_id,description,category,unit
            060.000.0001.00,"{LONG_DESCRIPTION}",supply,pieza
            060.000.0002.00,{NO_SPACES},supply,pieza
            """,
        suppliers=f"supplier_id,name,national\nA,{LONG_SUPPLIER},false\nB,Lab B,false\n",
        demand="""\
            institution_id,product_id,quantity
            IMSS,060.000.0001.00,100
            ISSSTE,060.000.0002.00,50
            """,
        bids="supplier_id,product_id,unit_price\nA,060.000.0001.00,10\nB,060.000.0002.00,20\n",
    )


def render(outcome: Outcome, how: str) -> bytes:
    make = {"pdf": savings_report_pdf, "html": savings_report_html, "xlsx": savings_report_xlsx}[how]
    return make(outcome, options_for(outcome.scenario), ReportOptions("en"))


def pdf_text(data: bytes) -> str:
    """The PDF's text with every run of whitespace as one space (wrapped lines come out as separate lines)."""
    return " ".join("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def test_the_purchase_has_the_long_texts(outcome: Outcome) -> None:
    descriptions = outcome.scenario.products.set_index("product_id")["description"]
    assert len(descriptions["060.000.0001.00"]) == 10_000
    assert set(outcome.awards["supplier_id"]) == {"A", "B"}


def test_the_pdf_wraps_a_long_description_and_shortens_it_with_an_ellipsis(outcome: Outcome) -> None:
    text = pdf_text(render(outcome, "pdf"))
    assert "Inicio de la descripción CNIS. Equipo para hemodiálisis con línea arterial" in text
    assert "FIN-DE-LA-DESCRIPCION" not in text
    assert ELLIPSIS in text
    assert LONG_SUPPLIER[:60] in text


def test_a_pdf_cell_of_a_word_with_no_spaces_is_broken_across_lines(outcome: Outcome) -> None:
    pages = PdfReader(io.BytesIO(render(outcome, "pdf"))).pages
    lines = [line for page in pages for line in page.extract_text().splitlines() if line.startswith("YYYY")]
    assert len(lines) > 1
    assert sum(line.count("Y") for line in lines) < len(NO_SPACES)


def test_the_html_shortens_long_texts_and_lets_a_word_with_no_spaces_wrap(outcome: Outcome) -> None:
    page = render(outcome, "html").decode("utf-8")
    assert shorten(LONG_DESCRIPTION) in page
    assert "FIN-DE-LA-DESCRIPCION" not in page
    assert "Y" * MAX_CELL_CHARS not in page
    assert re.search(r"td \{[^}]*overflow-wrap: anywhere", page)


def test_the_xlsx_keeps_every_character_of_the_long_texts(outcome: Outcome) -> None:
    book = openpyxl.load_workbook(io.BytesIO(render(outcome, "xlsx")))
    awards = {row[0]: row for row in book["Awards"].iter_rows(min_row=2, values_only=True)}
    assert awards["060.000.0001.00"][1] == LONG_DESCRIPTION
    assert awards["060.000.0002.00"][1] == NO_SPACES
    assert awards["060.000.0001.00"][3] == LONG_SUPPLIER


def test_text_with_control_characters_is_written_to_the_workbooks(tmp_path: Path) -> None:
    # Text pasted from Word can hold a vertical tab; openpyxl refuses such characters in a cell.
    pasted = "Paracetamol.\vTableta.\x01"
    outcome = solve_files(
        tmp_path, products=f"product_id,description,category,unit\n010.000.0104.00,{pasted},medicine,caja\n"
    )
    book = openpyxl.load_workbook(io.BytesIO(render(outcome, "xlsx")))
    assert [row[1] for row in book["Awards"].iter_rows(min_row=2, values_only=True)] == ["Paracetamol. Tableta. "]
    assert openpyxl.load_workbook(io.BytesIO(results_xlsx(outcome))).sheetnames[0] == "awards"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Paracetamol 500 mg", "Paracetamol 500 mg"),
        ("Metformina tableta de 850 mg", "Metformina tableta…"),
        ("Paracetamol tabletas 500", "Paracetamol tableta…"),
        ("Y" * 30, "Y" * 19 + ELLIPSIS),
    ],
)
def test_shorten_cuts_after_a_word_near_the_limit_and_adds_an_ellipsis(text: str, expected: str) -> None:
    assert shorten(text, 20) == expected
