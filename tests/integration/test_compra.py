"""Importing the Compra Consolidada 2025-2026 award table: the real award is reproduced to the cent.

The real table is read from ../shared/reference/mx at run time (never copied here); tests that need it are
skipped, with the reason, when it is absent. Small hand-made tables cover the conversion rules and errors.
"""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from procurement.cli import main
from procurement.compra import import_compra_consolidada
from procurement.dispersion import SCMS_DISPERSION, fit_price_dispersion
from procurement.pipeline import options_for
from procurement.savings import SAVINGS_BY
from procurement.solve import SolveStatus, solve_scenario
from procurement.validate import load_scenario
from tests.integration.test_reports import html_text, pdf_text

TABLE = "mx/cc2025_2026_adjudicacion_directa_institutes.csv"
HEADER = ["#", "CLAVES", "TIPO", "DESCRIPCIÓN", "PROVEEDOR", "PRECIO UNITARIO", "ABASTO", "ABASTECIMIENTO", "MARCA"]
INSTITUTIONS = ["IMSS_25", "IMSS_26", "IMSS BIENESTAR_25"]


def real_amount(path: Path) -> float:
    """Σ price x quantity straight from the published table, independently of the importer."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    quantity = table.filter(regex=r"_\d\d$").replace("", "0").astype(float).sum(axis=1)
    return float((table["PRECIO UNITARIO"].astype(float) * quantity).sum())


def write_table(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER + INSTITUTIONS)
        writer.writerows(rows)
    return path


def award_row(clave: str, supplier: str, price: object, share: object, *quantities: object) -> list[object]:
    return [1, clave, "MEDICAMENTO", f"{clave} Envase con 10 tabletas.", supplier, price, share, "", "", *quantities]


def test_solving_the_real_bids_reproduces_the_real_awarded_amount(reference_dir: Path, tmp_path: Path) -> None:
    summary = import_compra_consolidada(reference_dir / TABLE, tmp_path / "cc")
    scenario, _ = load_scenario(tmp_path / "cc")
    solution = solve_scenario(scenario, options_for(scenario))
    assert solution.status is SolveStatus.OPTIMAL
    assert summary.synthetic_bids == 0
    assert solution.cost_terms["purchase"] == pytest.approx(real_amount(reference_dir / TABLE), abs=0.01)
    assert solution.cost_terms["shortage_penalty"] == 0
    assert len(scenario.institutions) == 18  # 9 institutions x 2 years


def test_every_file_states_the_real_total_to_the_cent_and_every_table_sums_to_it(
    reference_dir: Path, tmp_path: Path
) -> None:
    # MXN 14,664,013,432.51 is Σ price x quantity of the published table, paid for the real awards.
    import_compra_consolidada(reference_dir / TABLE, tmp_path / "cc")
    assert main(["solve", str(tmp_path / "cc"), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    total = Decimal("14664013432.51")
    assert Decimal(str(real_amount(reference_dir / TABLE))).quantize(Decimal("0.01")) == total
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"), parse_float=Decimal)
    assert summary["costs"]["paid"] == summary["savings"]["consolidated_cost"] == total
    tables = {"awards.csv": "total_cost", **{f"savings_by_{by}.csv": "consolidated_cost" for by in SAVINGS_BY}}
    for name, column in tables.items():
        with (tmp_path / "out" / name).open(encoding="utf-8") as stream:
            assert sum(Decimal(row[column]) for row in csv.DictReader(stream)) == total, name
    baseline = Decimal(str(summary["savings"]["baseline_cost"]))
    for by in ("institution", "product", "supplier", "pair"):
        with (tmp_path / "out" / f"savings_by_{by}.csv").open(encoding="utf-8") as stream:
            assert sum(Decimal(row["baseline_cost"]) for row in csv.DictReader(stream)) == baseline, by
    formats = "pdf,xlsx,html,results"
    assert main(["report", str(tmp_path / "cc"), "--out", str(tmp_path / "reports"), "--format", formats]) == 0
    folder = tmp_path / "reports" / "cc"
    headline = dict(openpyxl.load_workbook(folder / "reporte-de-ahorros.xlsx")["Resumen"].iter_rows(values_only=True))
    assert Decimal(str(headline["Costo pagado"])) == total
    results = openpyxl.load_workbook(folder / "resultados.xlsx")
    assert sum(Decimal(str(row[8])) for row in results["awards"].iter_rows(min_row=2, values_only=True)) == total
    assert "$14,664,013,432.51" in html_text((folder / "reporte-de-ahorros.html").read_bytes())
    assert "$14,664,013,432.51" in pdf_text((folder / "reporte-de-ahorros.pdf").read_bytes())


def test_synthetic_bids_are_marked_and_would_all_have_lost(reference_dir: Path, tmp_path: Path) -> None:
    import_compra_consolidada(reference_dir / TABLE, tmp_path / "a", synthetic_seed=11)
    import_compra_consolidada(reference_dir / TABLE, tmp_path / "b", synthetic_seed=11)
    for name in ("bids.csv", "suppliers.csv", "scenario.toml"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    scenario, _ = load_scenario(tmp_path / "a")
    synthetic = scenario.bids["supplier_id"].str.startswith("SYN-")
    dearest_real = scenario.bids[~synthetic].groupby("product_id")["unit_price"].max()
    assert synthetic.sum() > len(scenario.products)
    assert (
        scenario.bids.loc[synthetic, "unit_price"] >= scenario.bids.loc[synthetic, "product_id"].map(dearest_real)
    ).all()
    names = scenario.suppliers.set_index("supplier_id")["name"]
    assert names[names.index.str.startswith("SYN-")].str.contains("SYNTHETIC").all()
    assert "SYNTHETIC" in scenario.name
    solution = solve_scenario(scenario, options_for(scenario))
    assert solution.cost_terms["purchase"] == pytest.approx(real_amount(reference_dir / TABLE), abs=0.01)


def test_the_dispersion_constants_are_the_fit_on_the_scms_prices(reference_dir: Path) -> None:
    assert fit_price_dispersion(reference_dir / "prices" / "SCMS_Delivery_History_Dataset.csv") == SCMS_DISPERSION


def test_each_institution_year_becomes_an_institution_and_a_split_keeps_its_shares(tmp_path: Path) -> None:
    source = write_table(
        tmp_path / "awards.csv",
        [
            award_row("010.000.0001.00", "CHEAP SA", "10", "0.6", 60, 120, ""),
            award_row("010.000.0001.00", "DEAR SA", "12.5", "0.4", 40, 80, ""),
            award_row("010.000.0002.00", "CHEAP SA", "3", "1", 0, 0, 7),
        ],
    )
    import_compra_consolidada(source, tmp_path / "pkg")
    scenario, warnings = load_scenario(tmp_path / "pkg")
    assert warnings == []
    demand = scenario.demand.set_index(["institution_id", "product_id"])["quantity"].to_dict()
    assert demand == {
        ("IMSS_2025", "010.000.0001.00"): 100,
        ("IMSS_2026", "010.000.0001.00"): 200,
        ("IMSS-BIENESTAR_2025", "010.000.0002.00"): 7,
    }
    rules = scenario.products.set_index("product_id")
    assert rules.at["010.000.0001.00", "split_shares"] == (0.6, 0.4)
    assert rules.at["010.000.0002.00", "split_shares"] == ()
    assert rules.at["010.000.0001.00", "unit"] == "Envase con 10 tabletas"
    solution = solve_scenario(scenario, options_for(scenario))
    assert solution.cost_terms["purchase"] == pytest.approx(60 * 10 + 40 * 12.5 + 120 * 10 + 80 * 12.5 + 7 * 3)


def test_a_split_whose_larger_share_went_to_the_dearer_supplier_keeps_the_real_quantities(tmp_path: Path) -> None:
    source = write_table(
        tmp_path / "awards.csv",
        [
            award_row("010.000.3309.00", "DEAR SA", "54.61", "0.6", 30, 0, 0),
            award_row("010.000.3309.00", "CHEAP SA", "54.54", "0.4", 20, 0, 0),
        ],
    )
    summary = import_compra_consolidada(source, tmp_path / "pkg")
    assert any("real quantities are not the split award" in note for note in summary.notes)
    scenario, _ = load_scenario(tmp_path / "pkg")
    solution = solve_scenario(scenario, options_for(scenario))
    assert solution.cost_terms["purchase"] == pytest.approx(30 * 54.61 + 20 * 54.54)


def test_every_problem_in_the_table_is_reported_at_once_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_table(
        tmp_path / "awards.csv",
        [
            award_row("010.000.0001.00", "CHEAP SA", "10,5", "0.6", 60, 0, 0),
            award_row("010.000.0001.00", "DEAR SA", "12", "0.3", 40, 0, 0),
            award_row("010.000.0002.00", "CHEAP SA", "3", "1", "many", 0, 0),
        ],
    )
    out = tmp_path / "pkg"
    assert main(["import", "compra-consolidada", str(source), "--out", str(out), "--lang", "en"]) == 2
    errors = capsys.readouterr().err
    assert 'awards.csv row 2 column PRECIO UNITARIO: "10,5" is not a number' in errors
    assert "awards.csv row 3 column ABASTO: the shares of clave 010.000.0001.00 add up to 0.9, not 1" in errors
    assert 'awards.csv row 4 column IMSS_25: "many" is not a number' in errors
    assert not out.exists()


def test_a_table_without_the_award_columns_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "other.csv"
    source.write_text("clave,precio\n010.000.0001.00,3\n", encoding="utf-8")
    assert main(["import", "compra-consolidada", str(source), "--out", str(tmp_path / "pkg"), "--lang", "en"]) == 2
    errors = capsys.readouterr().err
    assert "other.csv row 1 column PROVEEDOR: required column is missing" in errors
    assert "no quantity columns" in errors
