"""Rules on who may win: max_suppliers, max_price_gap, split_shares, single_source, national preference and
institution budgets. Every expected award is derived by hand in the test's comment."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.builders import award_map, solve_files
from tests.unit.award_checks import SPLIT_DEMAND, TWO_PRODUCTS, P, Q, binding, shortages, unit_prices


def product_rule(column: str, value: str) -> str:
    return f"product_id,description,category,unit,{column}\n{P},Paracetamol,medicine,caja,{value}\n"


# --- max_suppliers ------------------------------------------------------------------------------------------


def test_max_suppliers_gives_the_product_to_the_one_supplier_that_covers_it(tmp_path: Path) -> None:
    # One supplier only: B alone 100x12 = 1200 beats A (capacity 70) with 30 short at 130 each (4600).
    outcome = solve_files(
        tmp_path,
        products=product_rule("max_suppliers", "1"),
        bids=f"""
        supplier_id,product_id,unit_price,capacity
        A,{P},10,70
        B,{P},12,
        C,{P},13,
        """,
    )
    assert award_map(outcome) == {("IMSS", P, "B"): 100}
    assert outcome.solution.objective == pytest.approx(1200)


def test_max_suppliers_leaves_a_shortage_when_no_single_supplier_suffices(tmp_path: Path) -> None:
    # A and B can each deliver 60; with one supplier, A 60x10 + 40 short x 120 = 5400 beats B's 5520.
    outcome = solve_files(
        tmp_path,
        products=product_rule("max_suppliers", "1"),
        bids=f"""
        supplier_id,product_id,unit_price,capacity
        A,{P},10,60
        B,{P},12,60
        """,
    )
    assert award_map(outcome) == {("IMSS", P, "A"): 60}
    assert shortages(outcome) == {("IMSS", P, "award_rules"): 40}
    assert outcome.solution.objective == pytest.approx(5400)


# --- max_price_gap ------------------------------------------------------------------------------------------


def test_price_gap_can_exclude_the_cheapest_supplier(tmp_path: Path) -> None:
    # Gap 10 %: C at 11.5 is more than 11 = 1.1 x A's 10, so A (capacity 60) and C never win together.
    # B 20 at 10.9 + C 80 at 11.5 = 1138 beats C alone (1150) and A 60 + B 20 with 20 short (3118).
    outcome = solve_files(
        tmp_path,
        products=product_rule("max_price_gap", "0.1"),
        bids=f"""
        supplier_id,product_id,unit_price,capacity
        A,{P},10,60
        B,{P},10.9,20
        C,{P},11.5,
        """,
    )
    assert award_map(outcome) == {("IMSS", P, "B"): 20, ("IMSS", P, "C"): 80}
    assert outcome.solution.objective == pytest.approx(1138)


def test_price_gap_compares_the_tier_prices_actually_paid(tmp_path: Path) -> None:
    # B's 12 and 11.5 are too far above A's 10, its 10.8 from 40 units is not: A 60 + B 40 at 10.8 = 1032,
    # cheaper than B alone at 10.8 (1080).
    outcome = solve_files(
        tmp_path,
        products=product_rule("max_price_gap", "0.1"),
        bids=f"""
        supplier_id,product_id,unit_price,from_quantity,capacity
        A,{P},10,0,60
        B,{P},12,0,
        B,{P},11.5,30,
        B,{P},10.8,40,
        """,
    )
    assert award_map(outcome) == {("IMSS", P, "A"): 60, ("IMSS", P, "B"): 40}
    assert unit_prices(outcome) == {("IMSS", P, "A"): 10, ("IMSS", P, "B"): 10.8}
    assert outcome.solution.objective == pytest.approx(1032)


# --- split_shares -------------------------------------------------------------------------------------------


def test_split_award_gives_the_larger_share_to_the_lower_price(tmp_path: Path) -> None:
    # 60/40 of 100: A at 10 gets 60, B at 12 gets 40, each institution split the same way: 600 + 480 = 1080.
    outcome = solve_files(
        tmp_path,
        products=product_rule("split_shares", "0.6;0.4"),
        demand=SPLIT_DEMAND,
        bids=f"supplier_id,product_id,unit_price\nA,{P},10\nB,{P},12\nC,{P},13\n",
    )
    assert award_map(outcome) == pytest.approx(
        {("IMSS", P, "A"): 36, ("ISSSTE", P, "A"): 24, ("IMSS", P, "B"): 24, ("ISSSTE", P, "B"): 16}
    )
    assert outcome.solution.objective == pytest.approx(1080)


def test_unfillable_share_becomes_a_shortage(tmp_path: Path) -> None:
    # Only A bids: it fills the 60 % share (IMSS 36, ISSSTE 24); the 40 % share is short at 100 a unit:
    # 600 + 4000 = 4600.
    outcome = solve_files(tmp_path, products=product_rule("split_shares", "0.6;0.4"), demand=SPLIT_DEMAND)
    assert award_map(outcome) == pytest.approx({("IMSS", P, "A"): 36, ("ISSSTE", P, "A"): 24})
    assert shortages(outcome) == pytest.approx({("IMSS", P, "split_shares"): 24, ("ISSSTE", P, "split_shares"): 16})
    assert outcome.solution.objective == pytest.approx(4600)


def test_larger_share_never_goes_to_the_higher_price(tmp_path: Path) -> None:
    # A at 10 can only fill the 40 share (capacity 50), which would put a dearer supplier on the 60 share:
    # not allowed. B 60 at 12 + C 40 at 13 = 1240.
    outcome = solve_files(
        tmp_path,
        products=product_rule("split_shares", "0.6;0.4"),
        bids=f"""
        supplier_id,product_id,unit_price,capacity
        A,{P},10,50
        B,{P},12,
        C,{P},13,
        """,
    )
    assert award_map(outcome) == pytest.approx({("IMSS", P, "B"): 60, ("IMSS", P, "C"): 40})
    assert outcome.solution.objective == pytest.approx(1240)


# --- single_source ------------------------------------------------------------------------------------------


def test_single_source_gives_each_institution_one_supplier(tmp_path: Path) -> None:
    # A (capacity 50) cannot serve IMSS's 60 alone: A -> ISSSTE 40, B -> IMSS 60: 400 + 720 = 1120
    # (a free split would have been A 50 + B 50 = 1100).
    outcome = solve_files(
        tmp_path,
        products=product_rule("single_source", "true"),
        demand=SPLIT_DEMAND,
        bids=f"supplier_id,product_id,unit_price,capacity\nA,{P},10,50\nB,{P},12,\n",
    )
    assert award_map(outcome) == {("IMSS", P, "B"): 60, ("ISSSTE", P, "A"): 40}
    assert outcome.solution.objective == pytest.approx(1120)


def test_single_source_leaves_short_an_institution_no_supplier_can_serve_alone(tmp_path: Path) -> None:
    # Only A (capacity 50): ISSSTE gets its 40, IMSS's 60 stay short at 100 a unit: 400 + 6000 = 6400.
    outcome = solve_files(
        tmp_path,
        products=product_rule("single_source", "true"),
        demand=SPLIT_DEMAND,
        bids=f"supplier_id,product_id,unit_price,capacity\nA,{P},10,50\n",
    )
    assert award_map(outcome) == {("ISSSTE", P, "A"): 40}
    assert shortages(outcome) == {("IMSS", P, "single_source"): 60}
    assert outcome.solution.objective == pytest.approx(6400)


# --- national preference ----------------------------------------------------------------------------------

NATIONAL_B = "supplier_id,name,national\nA,Lab A,false\nB,Lab B,true\n"
PREFERENCE = 'name = "t"\n[policy]\nnational_preference = 0.1\n'


def test_national_preference_lets_a_dearer_national_supplier_win(tmp_path: Path) -> None:
    # B (national) at 10.5 counts 0.9 x 10.5 = 9.45 < 10: B wins and is paid 10.5. The reported purchase is
    # 1050; the preference is a credit of -105 in the objective (945).
    outcome = solve_files(
        tmp_path,
        scenario_toml=PREFERENCE,
        suppliers=NATIONAL_B,
        bids=f"supplier_id,product_id,unit_price\nA,{P},10\nB,{P},10.5\n",
    )
    assert award_map(outcome) == {("IMSS", P, "B"): 100}
    assert unit_prices(outcome) == {("IMSS", P, "B"): 10.5}
    assert outcome.awards["total_cost"].sum() == 1050
    terms = outcome.solution.cost_terms
    assert (terms["purchase"], terms["national_preference"]) == pytest.approx((1050, -105))
    assert outcome.solution.objective == pytest.approx(945)


def test_national_preference_stops_at_its_margin(tmp_path: Path) -> None:
    # B (national) at 11.5 counts 10.35 > 10: A wins at 10, no credit.
    outcome = solve_files(
        tmp_path,
        scenario_toml=PREFERENCE,
        suppliers=NATIONAL_B,
        bids=f"supplier_id,product_id,unit_price\nA,{P},10\nB,{P},11.5\n",
    )
    assert award_map(outcome) == {("IMSS", P, "A"): 100}
    assert outcome.solution.cost_terms["national_preference"] == 0
    assert outcome.solution.objective == pytest.approx(1000)


# --- institution budgets ------------------------------------------------------------------------------------


def test_budget_caps_purchase_and_delivery(tmp_path: Path) -> None:
    # Each unit costs 9 + 1 delivery; IMSS's 950 buys 95, the other 5 are short at 10 x 10 = 100 each:
    # 855 + 95 + 500 = 1450, and the budget binds.
    outcome = solve_files(
        tmp_path,
        institutions="institution_id,name,budget\nIMSS,IMSS,950\nISSSTE,ISSSTE,\n",
        bids=f"supplier_id,product_id,unit_price\nA,{P},9\n",
        delivery="supplier_id,institution_id,product_id,cost_per_unit\nA,IMSS,,1\n",
    )
    assert award_map(outcome) == pytest.approx({("IMSS", P, "A"): 95})
    assert shortages(outcome) == pytest.approx({("IMSS", P, "budget"): 5})
    assert outcome.solution.objective == pytest.approx(1450)
    assert binding(outcome) == {("budget", "IMSS", "", "")}
    assert outcome.binding[["limit", "used"]].iloc[0].tolist() == pytest.approx([950, 950])


def test_budget_goes_first_to_the_product_whose_shortage_costs_more(tmp_path: Path) -> None:
    # IMSS has 1500 for 100 P and 100 Q, both at 10. A unit of P short costs 10 x 20 (B's price) = 200,
    # of Q 100: buy all P (1000) and 50 Q (500); 50 Q short = 5000. Objective 6500.
    outcome = solve_files(
        tmp_path,
        institutions="institution_id,name,budget\nIMSS,IMSS,1500\nISSSTE,ISSSTE,\n",
        products=TWO_PRODUCTS,
        demand=f"institution_id,product_id,quantity\nIMSS,{P},100\nIMSS,{Q},100\n",
        bids=f"supplier_id,product_id,unit_price\nA,{P},10\nB,{P},20\nA,{Q},10\n",
    )
    assert award_map(outcome) == pytest.approx({("IMSS", P, "A"): 100, ("IMSS", Q, "A"): 50})
    assert shortages(outcome) == pytest.approx({("IMSS", Q, "budget"): 50})
    assert outcome.solution.objective == pytest.approx(6500)


def test_budget_shortage_is_explained_when_other_products_form_their_own_block(tmp_path: Path) -> None:
    # IMSS (budget 900) buys only P, ISSSTE (no budget) only Q: two blocks. IMSS gets 90 P, 10 short for
    # budget; the budget is reported once.
    outcome = solve_files(
        tmp_path,
        institutions="institution_id,name,budget\nIMSS,IMSS,900\nISSSTE,ISSSTE,\n",
        products=TWO_PRODUCTS,
        demand=f"institution_id,product_id,quantity\nIMSS,{P},100\nISSSTE,{Q},10\n",
        bids=f"supplier_id,product_id,unit_price\nA,{P},10\nA,{Q},10\n",
    )
    assert outcome.solution.blocks == 2
    assert award_map(outcome) == pytest.approx({("IMSS", P, "A"): 90, ("ISSSTE", Q, "A"): 10})
    assert shortages(outcome) == pytest.approx({("IMSS", P, "budget"): 10})
    assert outcome.solution.budgets["institution_id"].tolist() == ["IMSS"]
    assert binding(outcome) == {("budget", "IMSS", "", "")}
