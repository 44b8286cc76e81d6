"""Supplier record: undelivered units, late deliveries and penalties paid add a surcharge to how a supplier's price
is evaluated, never to what it is paid. Every figure is worked out by hand in the test's comment."""

from __future__ import annotations

from pathlib import Path

import pytest

from procurement.errors import ScenarioError
from procurement.explain_cli import read_run
from procurement.pipeline import Outcome, options_for, run_scenario
from procurement.report import costs, summary, write_outcome
from procurement.validate import load_scenario
from reports.dictamen import build_dictamen
from tests.builders import award_map, load, write_package
from tests.unit.award_checks import P

BIDS = f"supplier_id,product_id,unit_price\nA,{P},10\nB,{P},10.5\n"


def solve(folder: Path, record: str, policy: str = "") -> Outcome:
    scenario = load(folder, bids=BIDS, supplier_record=record, scenario_toml=f"[policy]\n{policy}")
    return run_scenario(scenario, options_for(scenario), explained=True)


def test_a_poor_record_makes_a_cheaper_bid_lose_and_what_the_rule_costs_is_paid_in_full(tmp_path: Path) -> None:
    # A: 10 % undelivered (x 1) + 20 % late (x 0.5) = 0.20 surcharge, so 10 counts as 12 and B's 10.5 wins:
    # paid 1,050, 50 more than A's 1,000 without the rule. A wins at 10.5 / 1.2 = 8.75 (evaluated 10.50, a tie
    # that the tie-break gives to A, as the award would), not at 8.76.
    outcome = solve(tmp_path, "supplier_id,fill_rate,late_deliveries,penalties_paid\nA,0.9,0.2,0\n")
    assert award_map(outcome) == {("IMSS", P, "B"): 100}
    assert costs(outcome.awards, outcome.shortages, outcome.solution.cost_terms)["paid"] == 1050
    offers = outcome.explanation.offers.set_index("supplier_id")  # type: ignore[union-attr]
    assert offers.loc["A", "evaluated_price"] == pytest.approx(12)
    assert offers.loc["A", "price_to_win"] == pytest.approx(8.75)
    rules = outcome.explanation.rule_costs  # type: ignore[union-attr]
    total = rules[(rules["rule"] == "supplier_record") & (rules["product_id"] == "")]
    assert total["value"].tolist() == [pytest.approx(50)]


def test_a_good_record_still_wins_at_its_real_price_and_the_surcharge_is_reported_apart(tmp_path: Path) -> None:
    # A: 3 % undelivered → 0.03, 10.30 against 10.50: A wins and is paid 1,000; the 30 is an unpaid term.
    outcome = solve(tmp_path, "supplier_id,fill_rate,late_deliveries,penalties_paid\nA,0.97,0,0\n")
    assert award_map(outcome) == {("IMSS", P, "A"): 100}
    spent = costs(outcome.awards, outcome.shortages, outcome.solution.cost_terms)
    assert (spent["paid"], spent["evaluation_surcharge"]) == (1000, 30)
    assert summary(outcome, options_for(outcome.scenario))["supplier_record"] == {"A": 0.03}


def test_the_weights_and_the_cap_are_settings(tmp_path: Path) -> None:
    record = "supplier_id,fill_rate,late_deliveries,penalties_paid\nA,0.97,0,0.01\n"
    # Weight 2 on undelivered units: 0.06 + 0.01 penalties = 0.07, 10.70 > 10.50: B wins.
    heavier = solve(tmp_path / "w", record, "record_fill_weight = 2\n")
    assert award_map(heavier) == {("IMSS", P, "B"): 100}
    # Capped at 0.02: 10.20 < 10.50, A wins.
    capped = solve(tmp_path / "c", record, "record_fill_weight = 2\nrecord_max_surcharge = 0.02\n")
    assert award_map(capped) == {("IMSS", P, "A"): 100}


def test_a_share_above_one_is_an_error_at_its_cell(tmp_path: Path) -> None:
    record = "supplier_id,fill_rate,late_deliveries,penalties_paid\nA,1.2,0,0\nZ,1,0,0\n"
    with pytest.raises(ScenarioError) as raised:
        load_scenario(write_package(tmp_path, supplier_record=record))
    found = {(issue.file, issue.row, issue.column, issue.code) for issue in raised.value.issues}
    assert found == {
        ("supplier_record.csv", 2, "fill_rate", "share_above_one"),
        ("supplier_record.csv", 3, "supplier_id", "not_in"),
    }


def test_the_dictamen_names_the_suppliers_evaluated_with_a_surcharge(tmp_path: Path) -> None:
    outcome = solve(tmp_path, "supplier_id,fill_rate,late_deliveries,penalties_paid\nA,0.9,0.2,0\n")
    write_outcome(outcome, options_for(outcome.scenario), tmp_path / "run")
    inputs, _ = read_run(tmp_path / "run", "es")
    assert build_dictamen(inputs, "es", [P]).purchase[0] == (
        "Por su historial de cumplimiento, los precios de estos proveedores se evaluaron con un recargo: "
        "A (+20.00 %). El recargo solo sirve para comparar propuestas; se paga el precio ofertado."
    )
