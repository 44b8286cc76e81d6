"""Open contracts: demand as a minimum and a maximum. The award is made on the maximum; each supplier's contract
keeps the institution's minimum share of it; budgets count the maximum or the minimum. Every figure is worked out
by hand in the test's comment."""

from __future__ import annotations

from pathlib import Path

import pytest

from procurement.errors import ScenarioError
from procurement.pipeline import Outcome, options_for, run_scenario
from procurement.report import summary
from procurement.validate import load_scenario
from tests.builders import award_map, load, write_package
from tests.explain_checks import budget_claims
from tests.unit.award_checks import P, shortages

DEMAND = f"institution_id,product_id,quantity,minimum\nIMSS,{P},100,40\nISSSTE,{P},50,\n"
BIDS = f"supplier_id,product_id,unit_price,capacity\nA,{P},10,\nB,{P},12,\n"


def solve(folder: Path, budget: str = "", basis: str = "maximum", bids: str = BIDS) -> Outcome:
    institutions = f"institution_id,name,budget\nIMSS,IMSS,{budget}\nISSSTE,ISSSTE,\n"
    toml = f'[policy]\nopen_contract_budget = "{basis}"\n'
    scenario = load(folder, demand=DEMAND, institutions=institutions, bids=bids, scenario_toml=toml)
    return run_scenario(scenario, options_for(scenario), explained=True)


def test_each_contract_has_the_institutions_minimum_share_of_its_award(tmp_path: Path) -> None:
    # A (10, no limit) takes IMSS's 100 (minimum 40 %: 40 units, $400 of $1,000) and ISSSTE's firm 50.
    outcome = solve(tmp_path)
    assert award_map(outcome) == {("IMSS", P, "A"): 100, ("ISSSTE", P, "A"): 50}
    rows = outcome.open_contracts.to_dict("records")
    assert [(r["institution_id"], r["maximum_quantity"], r["minimum_quantity"]) for r in rows] == [("IMSS", 100, 40)]
    assert (rows[0]["maximum_cost"], rows[0]["minimum_cost"]) == (1000, 400)
    assert summary(outcome, options_for(outcome.scenario))["open_contracts"] == {
        "budget_basis": "maximum",
        "contracts": 1,
        "maximum_cost": 1000,
        "minimum_cost": 400,
    }


def test_split_between_suppliers_each_minimum_is_rounded_up(tmp_path: Path) -> None:
    # A can deliver 63: A 63 (minimum 0.4 x 63 = 25.2 → 26) and B 37 (14.8 → 15) for IMSS; ISSSTE is firm.
    bids = f"supplier_id,product_id,unit_price,capacity\nA,{P},10,63\nB,{P},12,\n"
    outcome = solve(tmp_path, bids=bids)
    imss = outcome.open_contracts.set_index("supplier_id")
    assert award_map(outcome)[("IMSS", P, "A")] + award_map(outcome)[("IMSS", P, "B")] == 100
    for supplier, row in imss.iterrows():
        assert row["minimum_quantity"] == -(-2 * row["maximum_quantity"] // 5)  # ceil(0.4 x maximum)
        assert row["minimum_quantity"] >= 0.4 * row["maximum_quantity"], supplier


def test_a_budget_counting_the_maximum_buys_what_the_maximum_fits(tmp_path: Path) -> None:
    # $500 at 10 a unit: 50 of IMSS's maximum of 100, 50 short for the budget.
    outcome = solve(tmp_path, budget="500")
    assert award_map(outcome)[("IMSS", P, "A")] == 50
    assert shortages(outcome) == {("IMSS", P, "budget"): 50}


def test_a_budget_counting_the_minimum_covers_the_whole_maximum(tmp_path: Path) -> None:
    # The minimum of 100 units costs $400, within $500: the whole maximum is awarded.
    outcome = solve(tmp_path, budget="500", basis="minimum")
    assert award_map(outcome)[("IMSS", P, "A")] == 100
    assert shortages(outcome) == {}


def test_a_minimum_budget_too_small_and_the_amount_that_fixes_it(tmp_path: Path) -> None:
    # $300: a maximum of x units commits ceil(0.4 x) x 10 ≤ 300, so x = 75 and 25 are short; the explanation's
    # budget fix is checked by solving again with it.
    outcome = solve(tmp_path, budget="300", basis="minimum")
    assert award_map(outcome)[("IMSS", P, "A")] == 75
    assert shortages(outcome) == {("IMSS", P, "budget"): 25}
    assert outcome.open_contracts["minimum_cost"].tolist() == [300]
    assert outcome.explanation is not None
    assert budget_claims(outcome.scenario, outcome.explanation.rule_costs) == []


@pytest.mark.parametrize(("minimum", "code"), [("120", "minimum_above_maximum"), ("39", "minimum_below_share")])
def test_a_minimum_above_the_maximum_or_below_40_percent_is_an_error_at_its_cell(
    tmp_path: Path, minimum: str, code: str
) -> None:
    demand = f"institution_id,product_id,quantity,minimum\nIMSS,{P},100,{minimum}\n"
    with pytest.raises(ScenarioError) as error:
        load_scenario(write_package(tmp_path, demand=demand))
    assert [(i.file, i.row, i.column, i.code) for i in error.value.issues] == [("demand.csv", 2, "minimum", code)]


def test_firm_demand_has_no_open_contracts(tmp_path: Path) -> None:
    scenario = load(tmp_path)
    outcome = run_scenario(scenario, options_for(scenario))
    assert outcome.open_contracts.empty
    assert summary(outcome, options_for(scenario))["open_contracts"] is None
