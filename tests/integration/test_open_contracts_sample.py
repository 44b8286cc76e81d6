"""The open-contracts sample, solved by the `procurement` command, gives what its README works out by hand: open
contracts with their minimums over two years, rejected prices, a supplier record, a critical clave with two
suppliers, the switching limit, a budget and capacities per year, each rule's cost included."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from procurement.cli import EXIT_OK, main
from procurement.pipeline import options_for, run_scenario
from procurement.validate import load_scenario
from tests.conftest import SCENARIOS
from tests.integration.test_cli_invalid import CONSOLE_SCRIPT, run

PACKAGE = SCENARIOS / "open-contracts"
EXPECTED: dict[str, Any] = json.loads((PACKAGE / "expected.json").read_text(encoding="utf-8"))
IDS = {"institution_id": str, "product_id": str, "supplier_id": str, "period": str}


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("open-contracts") / "run"
    solved = run([CONSOLE_SCRIPT, "solve"], PACKAGE, "--out", out, "--quiet")
    assert solved.returncode == EXIT_OK, solved.stderr
    return out


def table(results: Path, name: str, expected: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The rows of a result file and the expected ones, on the expected columns, both sorted."""
    rows = EXPECTED[expected]
    columns = list(rows[0]) if rows else []
    found = pd.read_csv(results / name, dtype=IDS, keep_default_na=False)
    key = lambda row: [str(row[c]) for c in columns]  # noqa: E731
    return sorted(found[columns].to_dict("records"), key=key), sorted(rows, key=key)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("awards.csv", "awards"),
        ("shortages.csv", "shortages"),
        ("open_contracts.csv", "open_contract_rows"),
        ("price_flags.csv", "price_flags"),
        ("binding_rules.csv", "binding_rules"),
        ("savings_by_institution.csv", "savings_by_institution"),
        ("savings_by_period.csv", "savings_by_period"),
    ],
)
def test_each_result_file_matches_the_readme(results: Path, name: str, expected: str) -> None:
    found, wanted = table(results, name, expected)
    assert found == wanted


def test_costs_and_open_contract_totals_match_the_readme(results: Path) -> None:
    summary = json.loads((results / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == EXPECTED["status"]
    assert {term: summary["costs"][term] for term in EXPECTED["costs"]} == EXPECTED["costs"]
    assert summary["open_contracts"] == EXPECTED["open_contracts"]


def test_what_each_rule_costs_matches_the_readme(results: Path) -> None:
    costs = pd.read_csv(results / "rule_costs.csv", dtype=IDS, keep_default_na=False)
    totals = costs[(costs["kind"] == "rule") & (costs["product_id"] == "")]
    found = dict(zip(totals["rule"], totals["value"], strict=True))
    assert found == {row["rule"]: row["value"] for row in EXPECTED["rule_costs"]}


def test_counting_maximums_the_same_budget_leaves_issste_short(tmp_path: Path) -> None:
    """The README's last claim: with open_contract_budget = "maximum", 300,000 cannot pay ISSSTE's 542,000."""
    package = tmp_path / "package"
    package.mkdir()
    for file in PACKAGE.iterdir():
        (package / file.name).write_bytes(file.read_bytes())
    toml = package / "scenario.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('"minimum"', '"maximum"'), encoding="utf-8")
    scenario, _ = load_scenario(package)
    outcome = run_scenario(scenario, options_for(scenario), baseline=False)
    short = outcome.shortages
    assert set(short["institution_id"]) == {"ISSSTE"}
    assert set(short["reason"]) == {"budget"}


def test_the_dictamen_of_a_clave_states_each_open_contract_from_the_run_folder(
    results: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # SEMAR's salbutamol: 1,000 units a year at most, 500 committed, all from ATLAS at $95.00 (the README's table).
    assert main(["explain", str(results), "--product", "010.000.0429.00"]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    contracts = [line.strip("• ") for line in lines if "Contrato abierto" in line]
    assert contracts == [
        "Contrato abierto de ATLAS con SEMAR (2026): mínimo 500, máximo 1,000 piezas a $95.00.",
        "Contrato abierto de ATLAS con SEMAR (2027): mínimo 500, máximo 1,000 piezas a $95.00.",
    ]
    assert main(["explain", str(results), "--product", "010.000.0429.00", "--lang", "en"]) == EXIT_OK
    assert (
        "Open contract of ATLAS with SEMAR (2026): minimum 500, maximum 1,000 units at $95.00."
        in capsys.readouterr().out
    )


def test_the_dictamen_of_a_clave_priced_per_year_has_a_section_per_year(
    results: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Captopril (the README): LERMA at 1.80 wins its capacity of 12,500 in 2026 and nothing in 2027, where SIERRA's
    # 1.75 takes all 15,000; LERMA would have won 2027 at 1.75 (a tie goes to LERMA, the first bidder).
    assert main(["explain", str(results), "--product", "010.000.0574.00", "--supplier", "LERMA", "--lang", "en"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line for line in lines if line.startswith("Period:")] == ["Period: 2026", "Period: 2027"]
    assert (
        "LERMA lost: its evaluated price of $1.80 is higher than that of SIERRA ($1.75), which won the clave; at $1.75 "
        "or less it would have won a share." in lines
    )
    offers = pd.read_csv(results / "explanation.csv", dtype=IDS, keep_default_na=False)
    captopril = offers[offers["product_id"] == "010.000.0574.00"]
    assert [(r.period, r.supplier_id, r.outcome, r.awarded_quantity) for r in captopril.itertuples()] == [
        ("2026", "LERMA", "won", 12500),
        ("2026", "SIERRA", "won", 2500),
        ("2027", "LERMA", "lost", 0),
        ("2027", "SIERRA", "won", 15000),
    ]
    assert set(offers.loc[offers["product_id"] != "010.000.0574.00", "period"]) == {""}
