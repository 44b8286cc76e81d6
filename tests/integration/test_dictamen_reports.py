"""The dictamen section of the savings report (PDF, XLSX sheet, HTML) on a small explained purchase: a clave won by
A against B with C's bid above the reference price, a clave only B bid for, and one nobody bid for; read back with
independent readers. An institution's version keeps to its own claves and the prices it already sees."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from procurement.pipeline import Outcome, options_for, run_scenario
from reports import ReportOptions, savings_report_html, savings_report_pdf, savings_report_xlsx
from reports.cells import ELLIPSIS
from reports.labels import labels
from tests.builders import load

SPLIT, ONLY_B, NOBODY = "010.000.0001.00", "010.000.0002.00", "010.000.0003.00"
LONG_DESCRIPTION = "Solución inyectable de larga descripción CNIS. " * 200 + "FIN-DE-LA-DESCRIPCION"
LONG_NAME = ("Laboratorios Unidos del Norte y del Sur " * 13)[:499] + "."


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    scenario = load(
        tmp_path_factory.mktemp("dictamen") / "package",
        products=f"""\
            product_id,description,category,unit,reference_price
            {SPLIT},"{LONG_DESCRIPTION}",medicine,caja,25
            {ONLY_B},Metformina,medicine,caja,
            {NOBODY},Ciclofosfamida,medicine,caja,
            """,
        suppliers=f"supplier_id,name,national\nA,{LONG_NAME},false\nB,Lab B,false\nC,Lab C,false\n",
        demand=f"""\
            institution_id,product_id,quantity
            IMSS,{SPLIT},100
            ISSSTE,{SPLIT},50
            ISSSTE,{ONLY_B},40
            IMSS,{NOBODY},10
            """,
        bids=f"""\
            supplier_id,product_id,unit_price
            A,{SPLIT},10
            B,{SPLIT},12
            C,{SPLIT},30
            B,{ONLY_B},20
            """,
    )
    return run_scenario(scenario, options_for(scenario), explained=True)


def render(outcome: Outcome, how: str, lang: str, institution: str | None = None) -> bytes:
    make = {"pdf": savings_report_pdf, "html": savings_report_html, "xlsx": savings_report_xlsx}[how]
    return make(outcome, options_for(outcome.scenario), ReportOptions(lang, institution))


def pdf_text(data: bytes) -> str:
    """The PDF's text with every run of whitespace as one space."""
    return " ".join("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def html_text(data: bytes) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", data.decode("utf-8")).split())


def section(text: str, lang: str) -> str:
    """The text from the dictamen's heading on."""
    heading = f"10. {labels(lang)['dictamen']}"
    assert heading in text
    return text[text.index(heading) :]


def test_the_purchase_has_a_winner_a_loser_an_inadmissible_bid_and_a_desierta(outcome: Outcome) -> None:
    assert outcome.explanation is not None
    offers = outcome.explanation.offers.set_index(["product_id", "supplier_id"])["outcome"]
    assert offers.to_dict() == {
        (SPLIT, "A"): "won",
        (SPLIT, "B"): "lost",
        (SPLIT, "C"): "inadmissible",
        (ONLY_B, "B"): "won",
    }
    assert list(outcome.shortages["product_id"]) == [NOBODY]


@pytest.mark.parametrize(("how", "read"), [("pdf", pdf_text), ("html", html_text)])
def test_the_dictamen_follows_the_audit_with_a_sentence_for_every_bid(outcome: Outcome, how: str, read: object) -> None:
    assert callable(read)
    text = read(render(outcome, how, "es"))
    assert text.index(f"9. {labels('es')['audit']}") < text.index(f"10. {labels('es')['dictamen']}")
    dictamen = section(text, "es")
    for sentence in (  # up to the turning prices: procurement.explain finds those, its own tests check them
        "A ganó 100.00 % de la clave (150 unidades a $10.00 la unidad) por tener el menor costo evaluado; con un "
        "precio de $",
        "B perdió: su precio evaluado de $12.00 es mayor que el de A ($10.00), que obtuvo la clave; con un precio de $",
        "C: propuesta no admisible: su precio de $30.00 supera el precio máximo de referencia de $25.00.",
        "Ningún proveedor presentó propuesta para esta clave.",
        "A IMSS le faltan 10 unidades de esta clave: sin oferta admisible (desierta)",
    ):
        assert sentence in dictamen


def test_the_english_pdf_dictamen_shortens_a_long_description_and_keeps_the_sentences_whole(outcome: Outcome) -> None:
    dictamen = section(pdf_text(render(outcome, "pdf", "en")), "en")
    assert f"{SPLIT} — Solución inyectable de larga descripción CNIS." in dictamen
    assert "FIN-DE-LA-DESCRIPCION" not in dictamen
    assert ELLIPSIS in dictamen
    assert LONG_NAME[:40] in dictamen
    assert (
        "B lost: its evaluated price of $12.00 is higher than that of A ($10.00), which won the clave; at $" in dictamen
    )


def test_the_xlsx_has_a_dictamen_sheet_with_figures_as_numbers(outcome: Outcome) -> None:
    book = openpyxl.load_workbook(io.BytesIO(render(outcome, "xlsx", "en")))
    assert book.sheetnames[-1] == "Dictamen"
    rows = list(book["Dictamen"].iter_rows(values_only=True))
    assert rows[0][:4] == ("Product", "Description", "Supplier id", "Supplier")
    bids = {(row[0], row[2]): row for row in rows[1:] if row[2]}
    assert bids[SPLIT, "A"][1] == LONG_DESCRIPTION
    assert bids[SPLIT, "A"][3] == LONG_NAME
    assert bids[SPLIT, "A"][4:9] == (10, 10, 1, 150, "won")
    assert bids[SPLIT, "C"][6] is None
    assert bids[SPLIT, "C"][9].startswith("C: bid not admissible")
    assert any(row[0] == NOBODY and row[9] == "No supplier bid for this clave." for row in rows)


def test_an_institution_sees_only_its_claves_and_the_prices_it_already_sees(outcome: Outcome) -> None:
    for how, read in (("pdf", pdf_text), ("html", html_text)):
        dictamen = section(read(render(outcome, how, "en", "ISSSTE")), "en")
        assert "A won 100.00 % of what ISSSTE receives (50 units at $10.00 each)" in dictamen
        assert "B lost: its evaluated price is higher than that of A ($10.00), which won the clave." in dictamen
        assert "B won 100.00 % of what ISSSTE receives (40 units at $20.00 each)" in dictamen
        for hidden in ("$12.00", "$9.99", "$30.00", NOBODY, "IMSS", "150"):
            assert hidden not in dictamen


def test_without_an_explanation_the_dictamen_is_absent(outcome: Outcome, tmp_path: Path) -> None:
    scenario = outcome.scenario
    plain = run_scenario(scenario, options_for(scenario))
    assert plain.explanation is None
    assert "10. " not in pdf_text(render(plain, "pdf", "es"))
    assert labels("en")["dictamen"] not in html_text(render(plain, "html", "en"))
    assert "Dictamen" not in openpyxl.load_workbook(io.BytesIO(render(plain, "xlsx", "es"))).sheetnames
