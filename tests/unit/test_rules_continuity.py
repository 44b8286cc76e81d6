"""Supply continuity: a minimum of suppliers for critical claves, and a limit on how much of an institution's volume
moves away from its current supplier in one award. Every figure is worked out by hand in the test's comment."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from procurement.errors import ScenarioError
from procurement.pipeline import Outcome, options_for, run_scenario
from procurement.report import costs
from procurement.validate import load_scenario
from tests.builders import award_map, load, write_package
from tests.unit.award_checks import P, binding, shortages

# A is cheapest with no limit; B dearer; C cheaper than B but can deliver only 5.
BIDS = f"supplier_id,product_id,unit_price,capacity\nA,{P},10,\nB,{P},11,\nC,{P},10.5,5\n"
INCUMBENT_B = f"institution_id,product_id,supplier_id\nIMSS,{P},B\n"


def solve(folder: Path, policy: str = "", bids: str = BIDS, **files: str) -> Outcome:
    scenario = load(folder, bids=bids, scenario_toml=f"[policy]\n{policy}", **files)
    return run_scenario(scenario, options_for(scenario), explained=True)


def offers(outcome: Outcome) -> pd.DataFrame:
    assert outcome.explanation is not None
    return outcome.explanation.offers.set_index("supplier_id")


def rule_cost(outcome: Outcome, rule: str) -> float:
    assert outcome.explanation is not None
    rules = outcome.explanation.rule_costs
    total = rules[(rules["rule"] == rule) & (rules["product_id"] == "")]
    return float(total["value"].iloc[0])


def paid(outcome: Outcome) -> float:
    return costs(outcome.awards, outcome.shortages, outcome.solution.cost_terms)["paid"]


def test_a_critical_clave_goes_to_two_suppliers_each_with_a_fifth(tmp_path: Path) -> None:
    # Two suppliers, each at least 0.2 of the 100 units: A 80 at 10 + B 20 at 11 = 1,020, 20 more than A alone.
    # C (10.50) cannot take 20 units and is dearer than A for the rest: it loses on price, and would win at 9.99.
    outcome = solve(tmp_path, "min_suppliers = 2\n")
    assert award_map(outcome) == {("IMSS", P, "A"): 80, ("IMSS", P, "B"): 20}
    assert paid(outcome) == 1020
    assert binding(outcome) == {("min_suppliers", "", P, "")}
    assert rule_cost(outcome, "min_suppliers") == pytest.approx(20)
    table = offers(outcome)
    assert table.loc["B", "reason"] == "min_suppliers"
    assert (table.loc["C", "reason"], table.loc["C", "price_to_win"]) == ("beaten_on_price", pytest.approx(9.99))


def test_the_share_is_a_setting_and_the_product_column_overrides_the_policy(tmp_path: Path) -> None:
    # Share 0.3: A 70 + B 30 = 1,030.
    products = f"product_id,description,category,unit,min_suppliers\n{P},Paracetamol,medicine,caja,2\n"
    outcome = solve(tmp_path, "min_supplier_share = 0.3\n", products=products)
    assert award_map(outcome) == {("IMSS", P, "A"): 70, ("IMSS", P, "B"): 30}


def test_with_one_bidder_the_minimum_is_one(tmp_path: Path) -> None:
    outcome = solve(tmp_path, "min_suppliers = 2\n", bids=f"supplier_id,product_id,unit_price\nA,{P},10\n")
    assert award_map(outcome) == {("IMSS", P, "A"): 100}
    assert shortages(outcome) == {}


def test_offers_that_cannot_give_the_shares_leave_the_rest_short_with_the_rule_as_reason(tmp_path: Path) -> None:
    # B can deliver 10 and C is gone: B's 10 are a fifth of at most 50 units bought, so A 40 + B 10, 50 short.
    bids = f"supplier_id,product_id,unit_price,capacity\nA,{P},10,\nB,{P},11,10\n"
    outcome = solve(tmp_path, "min_suppliers = 2\n", bids=bids)
    assert award_map(outcome) == {("IMSS", P, "A"): 40, ("IMSS", P, "B"): 10}
    assert shortages(outcome) == {("IMSS", P, "min_suppliers"): 50}


@pytest.mark.parametrize(
    ("policy", "products_column", "code"),
    [
        ("max_suppliers = 2\n", "3", "min_above_max_suppliers"),
        ('split_shares = "0.6;0.4"\n', "3", "min_above_split_shares"),
        ("min_supplier_share = 0.4\n", "3", "min_supplier_shares_above_one"),
    ],
)
def test_a_minimum_that_other_rules_rule_out_is_an_error_at_its_cell(
    tmp_path: Path, policy: str, products_column: str, code: str
) -> None:
    products = f"product_id,description,category,unit,min_suppliers\n{P},Paracetamol,medicine,caja,{products_column}\n"
    folder = write_package(tmp_path, bids=BIDS, products=products, scenario_toml=f"[policy]\n{policy}")
    with pytest.raises(ScenarioError) as error:
        load_scenario(folder)
    found = [(i.file, i.row, i.column, i.code) for i in error.value.issues]
    assert ("products.csv", 2, "min_suppliers", code) in found


def test_the_incumbent_keeps_all_but_the_share_that_may_move(tmp_path: Path) -> None:
    # B supplies IMSS today; at most 30 % moves: B keeps 70 at 11, A takes 30 at 10 = 1,070, 70 more than A alone.
    outcome = solve(tmp_path, "max_switch = 0.3\n", incumbents=INCUMBENT_B)
    assert award_map(outcome) == {("IMSS", P, "A"): 30, ("IMSS", P, "B"): 70}
    assert binding(outcome) == {("switching", "IMSS", P, "B")}
    assert outcome.binding.set_index("rule").loc["switching", ["limit", "used"]].tolist() == [70, 70]
    assert rule_cost(outcome, "switching") == pytest.approx(70)
    table = offers(outcome)
    assert table.loc["B", "reason"] == "incumbent"
    # C (10.50, 5 units) would take A's units below 10, not B's: its loss is A's lower price.
    assert (table.loc["C", "reason"], table.loc["C", "price_to_win"]) == ("beaten_on_price", pytest.approx(9.99))
    # A loses its 30 units above 11: B (the incumbent, 11) then keeps everything.
    assert table.loc["A", "price_to_lose"] == pytest.approx(11.01)


def test_a_cheaper_challenger_held_back_by_the_limit_says_so(tmp_path: Path) -> None:
    # Nothing may move from B (11): C at 10.50 loses to the limit, at any price; the limit costs 50.
    bids = f"supplier_id,product_id,unit_price\nB,{P},11\nC,{P},10.5\n"
    outcome = solve(tmp_path, "max_switch = 0\n", bids=bids, incumbents=INCUMBENT_B)
    assert award_map(outcome) == {("IMSS", P, "B"): 100}
    table = offers(outcome)
    assert table.loc["C", "reason"] == "switching"
    assert pd.isna(table.loc["C", "price_to_win"])
    assert rule_cost(outcome, "switching") == pytest.approx(50)


def test_an_incumbent_short_of_capacity_limits_what_may_be_bought(tmp_path: Path) -> None:
    # B can deliver 50, and must keep 70 % of what IMSS buys: at most 71 units (50 >= 0.7 x 71 = 49.7), so
    # B 50 + A 21, 29 short because of the switching limit.
    bids = f"supplier_id,product_id,unit_price,capacity\nA,{P},10,\nB,{P},11,50\n"
    outcome = solve(tmp_path, "max_switch = 0.3\n", bids=bids, incumbents=INCUMBENT_B)
    assert award_map(outcome) == {("IMSS", P, "A"): 21, ("IMSS", P, "B"): 50}
    assert shortages(outcome) == {("IMSS", P, "switching"): 29}


def test_an_incumbent_without_a_bid_and_a_row_override(tmp_path: Path) -> None:
    # D supplies IMSS today but did not bid: no limit, A takes all. A row's max_switch overrides the policy: 0.5.
    absent = f"institution_id,product_id,supplier_id\nIMSS,{P},C\n"
    outcome = solve(
        tmp_path / "a", "max_switch = 0.3\n", bids=f"supplier_id,product_id,unit_price\nA,{P},10\n", incumbents=absent
    )
    assert award_map(outcome) == {("IMSS", P, "A"): 100}
    row = f"institution_id,product_id,supplier_id,max_switch\nIMSS,{P},B,0.5\n"
    outcome = solve(tmp_path / "b", "max_switch = 0.3\n", incumbents=row)
    assert award_map(outcome) == {("IMSS", P, "A"): 50, ("IMSS", P, "B"): 50}


def test_an_unknown_incumbent_is_an_error_at_its_cell(tmp_path: Path) -> None:
    folder = write_package(tmp_path, bids=BIDS, incumbents=f"institution_id,product_id,supplier_id\nIMSS,{P},ZZZ\n")
    with pytest.raises(ScenarioError) as error:
        load_scenario(folder)
    assert [(i.file, i.row, i.column, i.code) for i in error.value.issues] == [
        ("incumbents.csv", 2, "supplier_id", "not_in")
    ]


def test_a_limit_that_cannot_apply_is_a_warning_at_its_row(tmp_path: Path) -> None:
    # C did not bid here; ISSSTE does not buy the product; only A bids for a clave that needs two suppliers.
    incumbents = f"institution_id,product_id,supplier_id\nIMSS,{P},C\nISSSTE,{P},A\n"
    products = f"product_id,description,category,unit,min_suppliers\n{P},Paracetamol,medicine,caja,2\n"
    bids = f"supplier_id,product_id,unit_price\nA,{P},10\n"
    _, warnings = load_scenario(write_package(tmp_path, bids=bids, products=products, incumbents=incumbents))
    assert {(w.file, w.row, w.column, w.code) for w in warnings} == {
        ("products.csv", 2, "min_suppliers", "min_suppliers_few_bidders"),
        ("incumbents.csv", 2, "supplier_id", "incumbent_without_bid"),
        ("incumbents.csv", 3, "product_id", "incumbent_not_demanded"),
    }
    few = next(w for w in warnings if w.code == "min_suppliers_few_bidders")
    assert few.message("en") == "a minimum of 2 suppliers, but only 1 bid for the product: the minimum will be 1"
