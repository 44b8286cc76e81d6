"""Savings reports of a real solve, opened with independent readers (openpyxl, pypdf, the HTML text): every figure
equals the solve's, sections come in the issue's order, an institution's version holds only its own figures, and
no text can run as a formula or as markup."""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Callable

import openpyxl
import pandas as pd
import pytest
from pypdf import PdfReader

from procurement.pipeline import Outcome, options_for, run_package
from procurement.solve import SolveOptions
from reports import ReportOptions, results_xlsx, savings_report_html, savings_report_pdf, savings_report_xlsx, table_csv
from reports.labels import dearer_label, labels, money
from tests.conftest import SCENARIOS

Render = Callable[[Outcome, SolveOptions, ReportOptions], bytes]
HOSTILE_NAME = '=HYPERLINK("http://example.com","clic")'
HOSTILE_TEXT = "<script>alert(1)</script> Paracetamol"


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    """The sample purchase with a supplier name that is a formula and a description that is markup."""
    package = shutil.copytree(SCENARIOS / "sample", tmp_path_factory.mktemp("hostile") / "sample")
    quoted = '"' + HOSTILE_NAME.replace('"', '""') + '"'
    suppliers = (package / "suppliers.csv").read_text(encoding="utf-8").replace("Hypothetica Pharma GmbH", quoted)
    (package / "suppliers.csv").write_text(suppliers, encoding="utf-8")
    products = (package / "products.csv").read_text(encoding="utf-8")
    (package / "products.csv").write_text(products.replace('"Paracetamol.', f'"{HOSTILE_TEXT}.'), encoding="utf-8")
    return run_package(package)


@pytest.fixture(scope="module")
def solve_options(outcome: Outcome) -> SolveOptions:
    return options_for(outcome.scenario)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def html_text(data: bytes) -> str:
    return re.sub(r"<[^>]+>", " ", data.decode("utf-8"))


def in_order(text: str, parts: list[str]) -> bool:
    positions = [text.find(part) for part in parts]
    return -1 not in positions and positions == sorted(positions)


SECTIONS = [
    "headline",
    "by_institution",
    "cost_split",
    "awards",
    "concentration",
    "shortages",
    "binding",
    "dearer",
    "audit",
]


def test_the_xlsx_report_holds_the_solve_figures_as_numbers(outcome: Outcome, solve_options: SolveOptions) -> None:
    book = openpyxl.load_workbook(io.BytesIO(savings_report_xlsx(outcome, solve_options, ReportOptions("en"))))
    assert book.sheetnames == [
        "Headline",
        "Institutions",
        "Cost split",
        "Awards",
        "Suppliers",
        "Shortages",
        "Binding rules",
        "Dearer pooled",
        "Audit",
    ]
    headline = {row[0]: row[1] for row in book["Headline"].iter_rows(values_only=True)}
    totals = outcome.savings_totals
    assert (headline["Baseline cost of what was awarded"], headline["Cost paid"]) == (
        totals["baseline_cost"],
        totals["consolidated_cost"],
    )
    assert (headline["Savings"], headline["Savings %"]) == (totals["savings"], totals["savings_pct"])
    assert (headline["Unmet demand (units)"], headline["Unmet value at baseline prices (not a saving)"]) == (
        totals["unmet_quantity"],
        totals["unmet_value"],
    )
    dearer = list(book["Dearer pooled"].iter_rows(min_row=2, values_only=True))
    assert len(dearer) == totals["dearer_pairs"]
    institutions = pd.DataFrame(list(book["Institutions"].iter_rows(min_row=2, values_only=True)))
    expected = outcome.savings_by_institution
    assert list(institutions[0]) == list(expected["institution_id"])
    assert list(institutions[4]) == pytest.approx(list(expected["savings"]))
    costs = {row[0]: row[1] for row in book["Cost split"].iter_rows(min_row=2, values_only=True)}
    terms = outcome.solution.cost_terms
    assert costs["Purchase"] == pytest.approx(terms["purchase"])
    assert costs["Delivery"] == pytest.approx(terms["delivery"])
    assert costs["Fixed award costs"] == pytest.approx(terms["fixed"])
    award_total = sum(row[6] for row in book["Awards"].iter_rows(min_row=2, values_only=True))
    assert award_total == pytest.approx(outcome.awards["total_cost"].sum())
    shares = [row[3] for row in book["Suppliers"].iter_rows(min_row=2, values_only=True)]
    assert sum(shares) == pytest.approx(100)
    assert len(book["Shortages"]["A"]) - 1 == len(outcome.shortages)


def test_the_xlsx_report_has_native_charts_and_no_formula(outcome: Outcome, solve_options: SolveOptions) -> None:
    data = savings_report_xlsx(outcome, solve_options, ReportOptions("es"))
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert [len(sheet._charts) for sheet in book] == [0, 1, 0, 0, 1, 0, 0, 0, 0]
    assert all(cell.data_type != "f" for sheet in book for row in sheet.iter_rows() for cell in row)
    names = [row[1] for row in book["Proveedores"].iter_rows(min_row=2, values_only=True)]
    assert "'" + HOSTILE_NAME in names


def test_the_pdf_report_shows_the_solve_figures_in_the_issue_order(
    outcome: Outcome, solve_options: SolveOptions
) -> None:
    text = pdf_text(savings_report_pdf(outcome, solve_options, ReportOptions("es")))
    t = labels("es")
    assert in_order(text, [f"{k}. {t[key]}" for k, key in enumerate(SECTIONS, start=1)])
    totals = outcome.savings_totals
    for figure in ("baseline_cost", "consolidated_cost", "savings", "unmet_value"):
        assert money(totals[figure], "MXN") in text
    assert dearer_label("es", "capacity") in text.replace("\n", " ")
    for row in outcome.savings_by_institution.itertuples():
        assert money(row.savings, "MXN") in text
    assert "óptima" in text
    assert outcome.scenario.source_sha256 in text.replace("\n", "")
    assert HOSTILE_NAME in text


def test_the_html_report_shows_the_solve_figures_with_two_charts(outcome: Outcome, solve_options: SolveOptions) -> None:
    data = savings_report_html(outcome, solve_options, ReportOptions("en"))
    page = data.decode("utf-8")
    assert page.count("<svg") == 2
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    text = html_text(data)
    t = labels("en")
    assert in_order(text, [f"{k}. {t[key]}" for k, key in enumerate(SECTIONS, start=1)])
    for row in outcome.savings_by_institution.itertuples():
        assert money(row.baseline_cost, "MXN") in text
        assert money(row.savings, "MXN") in text


@pytest.mark.parametrize("render", [savings_report_pdf, savings_report_html])
def test_an_institution_version_holds_only_its_own_figures(
    outcome: Outcome, solve_options: SolveOptions, render: Render
) -> None:
    data = render(outcome, solve_options, ReportOptions("en", "IMSSB"))
    text = pdf_text(data) if data.startswith(b"%PDF") else html_text(data)
    mine = outcome.savings_by_institution.set_index("institution_id")
    assert money(mine.at["IMSSB", "savings"], "MXN") in text
    for other in ("IMSS", "ISSSTE"):
        assert money(mine.at[other, "baseline_cost"], "MXN") not in text
    assert "ISSSTE" not in text
    assert "Instituto Mexicano del Seguro Social" not in text
    own_cost = outcome.awards.loc[outcome.awards["institution_id"] == "IMSSB", "total_cost"].sum()
    assert money(own_cost, "MXN") in text


def test_an_unknown_institution_is_refused(outcome: Outcome, solve_options: SolveOptions) -> None:
    with pytest.raises(ValueError, match='institution "PEMEX" is not in this purchase'):
        savings_report_pdf(outcome, solve_options, ReportOptions("es", "PEMEX"))


def test_result_tables_as_csv_and_xlsx_equal_the_solve(outcome: Outcome) -> None:
    awards = pd.read_csv(io.BytesIO(table_csv(outcome.awards)), dtype={"product_id": str}, encoding="utf-8-sig")
    assert awards["total_cost"].sum() == pytest.approx(outcome.awards["total_cost"].sum())
    book = openpyxl.load_workbook(io.BytesIO(results_xlsx(outcome)))
    assert book.sheetnames == [
        "awards",
        "shortages",
        "savings_by_institution",
        "savings_by_product",
        "savings_by_supplier",
        "savings_by_pair",
    ]
    savings = [row[5] for row in book["savings_by_institution"].iter_rows(min_row=2, values_only=True)]
    assert savings == pytest.approx(list(outcome.savings_by_institution["savings"]))


def test_csv_text_that_starts_like_a_formula_is_escaped() -> None:
    table = pd.DataFrame({"name": ["=1+2", "+x", "-y", "@z", "plain"], "amount": [-1.5, 2.0, 3.0, 4.0, 5.0]})
    assert table_csv(table).decode("utf-8-sig").splitlines() == [
        "name,amount",
        "'=1+2,-1.5",
        "'+x,2",
        "'-y,3",
        "'@z,4",
        "plain,5",
    ]


def test_a_purchase_over_two_years_reports_its_savings_per_year(tmp_path_factory: pytest.TempPathFactory) -> None:
    # scenarios/open-contracts: 2026 saves 100,375.00 of 1,578,250.00, 2027 101,500.00, captopril being priced per
    # year (its README works it out).
    outcome = run_package(SCENARIOS / "open-contracts")
    options, t = ReportOptions(), labels("es")
    book = openpyxl.load_workbook(io.BytesIO(savings_report_xlsx(outcome, options_for(outcome.scenario), options)))
    rows = list(book[t["sheet_by_period"]].values)
    assert [row[:4] for row in rows[1:]] == [("2026", 1578250, 1477875, 100375), ("2027", 1578250, 1476750, 101500)]
    for render, text in ((savings_report_pdf, pdf_text), (savings_report_html, html_text)):
        shown = text(render(outcome, options_for(outcome.scenario), options))
        assert in_order(shown, [t["by_institution"], t["by_period"], "$1,578,250.00", "$100,375.00", t["cost_split"]])
        assert shown.count("$100,375.00") == 1
        assert "$101,500.00" in shown
    one_year = openpyxl.load_workbook(io.BytesIO(results_xlsx(outcome)))
    assert "savings_by_period" in one_year.sheetnames


@pytest.fixture(scope="module")
def open_contracts() -> Outcome:
    """scenarios/open-contracts solved: 15 open contracts over two years, budgets counting their minimums."""
    return run_package(SCENARIOS / "open-contracts")


def test_open_contracts_are_reported_after_the_awards_with_their_minimum_and_maximum(open_contracts: Outcome) -> None:
    # The README: 15 contracts whose minimums cost 1,063,212.50 and maximums 2,157,425.00; SEMAR's salbutamol from
    # ATLAS each year is 500 to 1,000 units at $95.00, $47,500.00 to $95,000.00.
    options, t, solve = ReportOptions(), labels("es"), options_for(open_contracts.scenario)
    book = openpyxl.load_workbook(io.BytesIO(savings_report_xlsx(open_contracts, solve, options)))
    assert book.sheetnames.index(t["sheet_open_contracts"]) == book.sheetnames.index(t["sheet_awards"]) + 1
    rows = list(book[t["sheet_open_contracts"]].values)
    heads = ["product", "institution", "period", "supplier_id", "supplier", "minimum_quantity", "maximum_quantity"]
    assert list(rows[0]) == [t[head] for head in [*heads, "unit_price", "minimum_cost", "maximum_cost"]]
    contracts = rows[1:16]
    assert contracts[0][:4] == ("010.000.0429.00", "SEMAR", "2026", "ATLAS")
    assert contracts[0][5:] == (500, 1000, 95, 47500, 95000)
    assert (sum(row[8] for row in contracts), sum(row[9] for row in contracts)) == (1_063_212.5, 2_157_425)
    assert rows[-1] == (t["open_budget_minimum"],) + (None,) * (len(rows[0]) - 1)
    for render, text in ((savings_report_pdf, pdf_text), (savings_report_html, html_text)):
        shown = " ".join(text(render(open_contracts, solve, options)).split())
        parts = [t["awards"], t["open_contracts"], "Los presupuestos cuentan el mínimo", t["minimum_quantity"]]
        assert in_order(shown, [*parts, "$47,500.00", "$95,000.00", t["concentration"]])


def test_an_institutions_report_shows_only_its_own_open_contracts(open_contracts: Outcome) -> None:
    options, t = ReportOptions("en", "ISSSTE"), labels("en")
    data = savings_report_xlsx(open_contracts, options_for(open_contracts.scenario), options)
    rows = list(openpyxl.load_workbook(io.BytesIO(data))[t["sheet_open_contracts"]].values)
    assert [row[1:3] for row in rows[1:5]] == [("ISSSTE", "2026"), ("ISSSTE", "2027")] * 2
    assert len(rows) == 7  # the header, ISSSTE's four contracts, a blank row and what budgets counted
    html = html_text(savings_report_html(open_contracts, options_for(open_contracts.scenario), options))
    section = html.split(t["open_contracts"])[1].split(t["concentration"])[0]
    assert [name for name in ("IMSS", "ISSSTE", "SEMAR") if name in section] == ["ISSSTE"]


def test_a_purchase_of_firm_quantities_has_no_open_contracts_section(
    outcome: Outcome, solve_options: SolveOptions
) -> None:
    t = labels("es")
    book = openpyxl.load_workbook(io.BytesIO(savings_report_xlsx(outcome, solve_options, ReportOptions())))
    assert t["sheet_open_contracts"] not in book.sheetnames
    for render, text in ((savings_report_pdf, pdf_text), (savings_report_html, html_text)):
        assert t["open_contracts"] not in text(render(outcome, solve_options, ReportOptions()))


def test_the_dictamen_of_a_clave_with_open_contracts_states_each_one() -> None:
    # SEMAR's salbutamol: 500 committed of 1,000 a year, from ATLAS at $95.00 (scenarios/open-contracts/README.md).
    outcome = run_package(SCENARIOS / "open-contracts", explained=True)
    expected = [
        f"Contrato abierto de ATLAS con SEMAR ({year}): mínimo 500, máximo 1,000 piezas a $95.00."
        for year in (2026, 2027)
    ]
    for render, text in ((savings_report_pdf, pdf_text), (savings_report_html, html_text)):
        shown = " ".join(text(render(outcome, options_for(outcome.scenario), ReportOptions())).split())
        dictamen = shown.split(labels("es")["dictamen"])[-1]
        assert in_order(dictamen, ["010.000.0429.00", *expected, "010.000.0574.00"])
    book = openpyxl.load_workbook(
        io.BytesIO(savings_report_xlsx(outcome, options_for(outcome.scenario), ReportOptions()))
    )
    statements = [row[-1] for row in book[labels("es")["sheet_dictamen"]].values]
    assert [s for s in statements if isinstance(s, str) and "ATLAS con SEMAR" in s] == expected
