"""`procurement explain RUN_DIR --product CLAVE`: one clave's dictamen from a run folder, and on bad input one line
on stderr with exit code 2, never a traceback."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from procurement.cli import EXIT_INVALID, EXIT_OK, main
from tests.conftest import SCENARIOS
from tests.integration.test_cli_invalid import CONSOLE_SCRIPT, run

CLAVE = "010.000.5165.00"
FILES = {
    "explanation.csv": """\
product_id,supplier_id,national,unit_price,evaluated_price,delivery_cost,rank,capacity,awarded_quantity,awarded_cost,outcome,reason,beaten_by,price_to_win,price_to_lose,found_by
010.000.5165.00,NORTE,True,12,12,0.00,1,,600,7200.00,won,lowest_cost,,,13.1,network
010.000.5165.00,IMAG,False,12.4,12.4,0.00,2,,400,4960.00,won,split_share,,,15.2,re-solve
010.000.5165.00,BAJIO,True,13.1,13.1,0.00,3,,0,0.00,lost,beaten_on_price,NORTE;IMAG,12.39,,re-solve
010.000.5165.00,LAB3,False,30,30,,,,0,0.00,inadmissible,above_reference_price,,,,
""",
    "rule_costs.csv": """\
kind,rule,institution_id,product_id,supplier_id,limit,used,value,unit,quantity,cost_with,cost_without
rule,split_shares,,010.000.5165.00,,,,160.0,money,0,12160.0,12000.0
rule,split_shares,,,,,,160.0,money,0,12160.0,12000.0
limit,budget,ISSSTE,,,5000.0,5000.0,0.5,money_per_money,,,
shortage,budget,ISSSTE,010.000.5165.00,,5000.0,,1216.0,money,100,,
shortage,no_admissible_bid,IMSS,010.000.1753.01,,,,,,1000,,
""",
    "awards.csv": """\
institution_id,product_id,supplier_id,quantity,unit_price,purchase_cost,delivery_cost,fixed_cost,total_cost
IMSS,010.000.5165.00,NORTE,600,12,7200.00,0.00,0.00,7200.00
IMSS,010.000.5165.00,IMAG,400,12.4,4960.00,0.00,0.00,4960.00
""",
    "shortages.csv": """\
institution_id,product_id,quantity,reason,penalty_cost
ISSSTE,010.000.5165.00,100,budget,13100.00
IMSS,010.000.1753.01,1000,no_admissible_bid,1000000.00
""",
    "inadmissible_bids.csv": "supplier_id,product_id,unit_price,reference_price\nLAB3,010.000.5165.00,30,26.5\n",
    "summary.json": json.dumps({"scenario": "Compra de prueba", "currency": "MXN", "status": "optimal"}),
}


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    """A run folder as `procurement solve` writes it, for one clave split 60/40, a losing and an inadmissible bid,
    and a budget that leaves ISSSTE short."""
    folder = tmp_path / "run"
    folder.mkdir()
    for name, text in FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def explain(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return run([CONSOLE_SCRIPT, "explain"], *args)


def test_explain_prints_the_ranking_and_why_each_bid_won_or_lost(run_dir: Path) -> None:
    result = explain(run_dir, "--product", CLAVE)
    assert result.returncode == EXIT_OK, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:2] == [f"Dictamen — {CLAVE}", "Compra de prueba"]
    assert lines[3].split() == [
        "Proveedor",
        "Precio",
        "unitario",
        "Precio",
        "evaluado",
        "Lugar",
        "Cantidad",
        "adjudicada",
        "Resultado",
    ]
    assert lines[4].split() == ["NORTE", "$12.00", "$12.00", "1", "600", "ganó"]
    assert lines[7].split() == ["LAB3", "$30.00", "$30.00", "—", "0", "no", "admisible"]
    for sentence in (
        "NORTE ganó 60.00 % de la clave (600 unidades a $12.00 la unidad) por tener el menor costo evaluado; con un "
        "precio de $13.10 o más no habría obtenido nada.",
        "IMAG ganó 40.00 % de la clave (400 unidades a $12.40 la unidad) por abastecimiento simultáneo; con un precio "
        "de $15.20 o más no habría obtenido nada.",
        "BAJIO perdió: su precio evaluado de $13.10 es mayor que los de NORTE ($12.00) y IMAG ($12.40), que "
        "obtuvieron la clave; con un precio de $12.39 o menos habría obtenido una parte.",
        "LAB3: propuesta no admisible: su precio de $30.00 supera el precio máximo de referencia de $26.50.",
        "La regla «Abastecimiento simultáneo» cuesta $160.00 en esta clave.",
        "ISSSTE necesita $1,216.00 más de presupuesto para comprar toda la clave (le faltan 100 unidades).",
        "La regla «Abastecimiento simultáneo» cuesta $160.00 en toda la compra.",
        "El presupuesto de ISSSTE se usa completo ($5,000.00 de $5,000.00): cada $1.00 más ahorraría $0.50 de costo "
        "evaluado.",
    ):
        assert sentence in lines
    assert result.stderr == ""


def test_explain_one_supplier_in_english(run_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(run_dir), "--product", CLAVE, "--supplier", "BAJIO", "--lang", "en"]) == EXIT_OK
    out = capsys.readouterr().out
    assert (
        "BAJIO lost: its evaluated price of $13.10 is higher than those of NORTE ($12.00) and IMAG ($12.40), which "
        "won the clave; at $12.39 or less it would have won a share." in out.splitlines()
    )
    assert "NORTE won" not in out
    assert "Overall rules and limits" not in out


def test_a_clave_nobody_bid_for_is_explained_by_its_shortages(
    run_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["explain", str(run_dir), "--product", "010.000.1753.01", "--lang", "en"]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert "No supplier bid for this clave." in lines
    assert (
        "IMSS is short of 1,000 units of this clave: no admissible bid (desierta); no extra budget or capacity "
        "covers them." in lines
    )


def rejected(capsys: pytest.CaptureFixture[str], *args: str | Path) -> str:
    """The one line `explain` prints for bad input, after checking it exits with 2 and prints nothing else."""
    assert main(["explain", *map(str, args)]) == EXIT_INVALID
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.splitlines()) == 1
    return captured.err.strip()


def test_a_missing_folder_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "nowhere"
    assert rejected(capsys, folder, "--product", CLAVE) == f"error: no existe la carpeta de corrida {folder}"


def test_a_run_written_before_explanations_says_to_solve_again(run_dir: Path) -> None:
    (run_dir / "explanation.csv").unlink()
    result = explain(run_dir, "--product", CLAVE, "--lang", "en")
    assert result.returncode == EXIT_INVALID
    assert result.stderr == (
        f"error: the run {run_dir} has no explanation.csv: it was written before explanations existed; re-run "
        f"`procurement solve PKG --out {run_dir}` to get one\n"
    )
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize("name", ["awards.csv", "summary.json"])
def test_a_folder_that_is_not_a_run_names_the_missing_file(
    run_dir: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (run_dir / name).unlink()
    message = rejected(capsys, run_dir, "--product", CLAVE, "--lang", "en")
    assert message == f"error: {run_dir} is not a run written by `procurement solve`: {name} is missing"


def test_a_run_without_an_award_has_nothing_to_explain(run_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (run_dir / "summary.json").write_text(json.dumps({"status": "infeasible"}), encoding="utf-8")
    message = rejected(capsys, run_dir, "--product", CLAVE, "--lang", "en")
    assert message == f"error: the run {run_dir} has no award (the solve ended infeasible): there is nothing to explain"


def test_a_clave_not_in_the_run_lists_some_that_are(run_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    message = rejected(capsys, run_dir, "--product", "010.000.9999.00")
    assert message == (
        "error: la clave 010.000.9999.00 no está en esta corrida; algunas que sí: 010.000.1753.01, 010.000.5165.00"
    )


def test_a_supplier_without_a_bid_lists_those_that_bid(run_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    message = rejected(capsys, run_dir, "--product", CLAVE, "--supplier", "ZETA", "--lang", "en")
    assert message == f"error: ZETA did not bid for product {CLAVE}; these did: NORTE, IMAG, BAJIO, LAB3"


@pytest.mark.parametrize(
    ("name", "text", "detail"),
    [
        (
            "explanation.csv",
            FILES["explanation.csv"].replace("13.1,13.1,0.00,3", "trece,13.1,0.00,3"),
            "column unit_price has a value that is not a number in row 4: trece",
        ),
        (
            "explanation.csv",
            FILES["explanation.csv"].replace("lost,beaten_on_price", "lost,bad_luck"),
            "column reason has an unknown code in row 4: bad_luck",
        ),
        (
            "rule_costs.csv",
            "kind,rule\nrule,price_gap\n",
            "columns institution_id, product_id, supplier_id, limit, used, value, unit, quantity, cost_with, "
            "cost_without are missing",
        ),
        ("shortages.csv", "", "it is not valid CSV (No columns to parse from file)"),
        (
            "summary.json",
            '{"scenario": "Compra de prueba"}',
            "its status None is not one of optimal, feasible, infeasible, unbounded, no_solution, error",
        ),
        (
            "summary.json",
            "{",
            "it is not valid JSON (Expecting property name enclosed in double quotes: line 1 column 2 (char 1))",
        ),
    ],
)
def test_a_malformed_file_is_named_with_what_is_wrong_in_it(
    run_dir: Path, name: str, text: str, detail: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (run_dir / name).write_text(text, encoding="utf-8")
    assert (
        rejected(capsys, run_dir, "--product", CLAVE, "--lang", "en")
        == f"error: {run_dir / name} cannot be read: {detail}"
    )


# --- the sample purchase, solved and explained as a user does it ----------------------------------------------------


def test_the_sample_split_award_is_explained_bid_by_bid(sample_run: Path) -> None:
    result = explain(sample_run, "--product", "010.000.5165.00")
    assert result.returncode == EXIT_OK, result.stderr
    lines = result.stdout.splitlines()
    for start in (  # the award worked out by hand in scenarios/sample/README.md; the turning prices follow
        "NORTE ganó 60.00 % de la clave (42,000 unidades a $12.00 la unidad) por tener el menor costo evaluado",
        "IMAG ganó 40.00 % de la clave (28,000 unidades a $12.40 la unidad) por abastecimiento simultáneo",
        "BAJIO perdió: su precio evaluado de $13.10 es mayor que los de NORTE ($12.00) y IMAG ($12.40), que "
        "obtuvieron la clave",
    ):
        assert any(line.startswith(start) for line in lines), start
    # 70,000 boxes all from NORTE would cost 840,000; the 60/40 split costs 851,200
    assert "La regla «Abastecimiento simultáneo» cuesta $11,200.00 en esta clave." in lines


def test_the_sample_desierta_is_explained_in_english(sample_run: Path) -> None:
    result = explain(sample_run, "--product", "010.000.1753.01", "--lang", "en")
    assert result.returncode == EXIT_OK, result.stderr
    lines = result.stdout.splitlines()
    assert "No supplier bid for this clave." in lines
    assert (
        "IMSS is short of 1,000 units of this clave: no admissible bid (desierta); no extra budget or capacity "
        "covers them." in lines
    )
    assert any(line.startswith("The budget of IMSSB is used up ($3,012,000.00 of $3,012,000.00)") for line in lines)


def test_a_sample_run_solved_without_explanations_says_how_to_get_one(tmp_path: Path) -> None:
    out = tmp_path / "plain"
    assert main(["solve", str(SCENARIOS / "sample"), "--out", str(out), "--no-explain", "--quiet"]) == EXIT_OK
    result = explain(out, "--product", "010.000.5165.00", "--lang", "en")
    assert result.returncode == EXIT_INVALID
    assert "it was written before explanations existed; re-run `procurement solve PKG" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_run_whose_explanation_ran_out_of_time_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "run"
    solve = ["solve", str(SCENARIOS / "sample"), "--out", str(out), "--explain-time-limit", "0"]
    assert main(solve) == EXIT_OK
    assert "la explicación se detuvo en su límite de tiempo" in capsys.readouterr().err
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))["explanation"]
    assert summary["complete"] is False
    assert summary["offers_without_price"] > 0
    assert main(["explain", str(out), "--product", "010.000.0104.00"]) == EXIT_OK
    assert "se agotó el tiempo dado a la explicación" in capsys.readouterr().out
