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
    assert shortages(outcome) == {("IMSS", P, "max_suppliers"): 40}
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


def test_one_supplier_takes_every_share_when_the_shares_are_renormalised(tmp_path: Path) -> None:
    # Only A bids: one supplier can take a share, so one share is awarded, renormalised to 100 %: 1000.
    outcome = solve_files(tmp_path, products=product_rule("split_shares", "0.6;0.4"), demand=SPLIT_DEMAND)
    assert award_map(outcome) == {("IMSS", P, "A"): 60, ("ISSSTE", P, "A"): 40}
    assert shortages(outcome) == {}
    assert outcome.solution.objective == pytest.approx(1000)


def test_unfillable_share_is_short_when_the_fallback_is_strict(tmp_path: Path) -> None:
    # Only A bids: it fills the 60 % share (IMSS 36, ISSSTE 24); the 40 % share is short at 100 a unit:
    # 600 + 4000 = 4600.
    outcome = solve_files(
        tmp_path,
        scenario_toml='name = "t"\n[policy]\nsplit_fallback = "strict"\n',
        products=product_rule("split_shares", "0.6;0.4"),
        demand=SPLIT_DEMAND,
    )
    assert award_map(outcome) == {("IMSS", P, "A"): 36, ("ISSSTE", P, "A"): 24}
    assert shortages(outcome) == {("IMSS", P, "split_shares"): 24, ("ISSSTE", P, "split_shares"): 16}
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


def test_single_source_shorts_only_what_the_one_supplier_cannot_deliver(tmp_path: Path) -> None:
    # IMSS needs 100; A (capacity 90) at 10 serves it alone and B at 12 may not add the last 10, which are short
    # at 120 a unit: 900 + 1200 = 2100 (B alone can give only 10). The shortage is 10 units, not 100.
    outcome = solve_files(
        tmp_path,
        products=product_rule("single_source", "true"),
        bids=f"supplier_id,product_id,unit_price,capacity\nA,{P},10,90\nB,{P},12,10\n",
    )
    assert award_map(outcome) == {("IMSS", P, "A"): 90}
    assert shortages(outcome) == {("IMSS", P, "single_source"): 10}
    assert outcome.solution.objective == pytest.approx(2100)


def test_single_source_supplier_may_serve_several_institutions_up_to_its_capacity(tmp_path: Path) -> None:
    # Only A (capacity 50) for IMSS 60 and ISSSTE 40: each receives from A alone, 50 in all, 50 short for lack of
    # capacity at 100 a unit: 500 + 5000 = 5500.
    outcome = solve_files(
        tmp_path,
        products=product_rule("single_source", "true"),
        demand=SPLIT_DEMAND,
        bids=f"supplier_id,product_id,unit_price,capacity\nA,{P},10,50\n",
    )
    assert outcome.awards["quantity"].sum() == 50
    assert set(outcome.shortages["reason"]) == {"capacity"}
    assert outcome.shortages["quantity"].sum() == 50
    assert outcome.solution.objective == pytest.approx(5500)


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
    assert binding(outcome) == {("budget", "IMSS", "", "")}


# --- split awards, exactly ---------------------------------------------------------------------------------


def test_split_units_are_whole_by_largest_remainder(tmp_path: Path) -> None:
    # 60/40 of 1001: 600.6 and 400.4 round down to 600 and 400; the unit left goes to the larger remainder (0.6):
    # A 601 at 10 + B 400 at 12 = 10810.
    outcome = solve_files(
        tmp_path,
        products=product_rule("split_shares", "0.6;0.4"),
        demand=f"institution_id,product_id,quantity\nIMSS,{P},1001\n",
        bids=f"supplier_id,product_id,unit_price\nA,{P},10\nB,{P},12\n",
    )
    assert award_map(outcome) == {("IMSS", P, "A"): 601, ("IMSS", P, "B"): 400}
    assert outcome.solution.objective == pytest.approx(10810)


def test_a_budget_reduces_only_its_own_institutions_split(tmp_path: Path) -> None:
    # 60/40, A at 10, B at 12. ISSSTE and PEMEX (no budget) get 30 + 20 each: 540 each. IMSS's 700 cannot pay
    # its 100 (1080): it receives the most units whose split fits, 64 = 38 + 26 (38.4 and 25.6 rounded by largest
    # remainder) for 692; 36 short for budget at 120: 4320. Objective 692 + 540 + 540 + 4320 = 6092.
    outcome = solve_files(
        tmp_path,
        institutions="institution_id,name,budget\nIMSS,IMSS,700\nISSSTE,ISSSTE,\nPEMEX,PEMEX,\n",
        products=product_rule("split_shares", "0.6;0.4"),
        demand=f"institution_id,product_id,quantity\nIMSS,{P},100\nISSSTE,{P},50\nPEMEX,{P},50\n",
        bids=f"supplier_id,product_id,unit_price\nA,{P},10\nB,{P},12\n",
    )
    assert award_map(outcome) == {
        ("IMSS", P, "A"): 38,
        ("IMSS", P, "B"): 26,
        ("ISSSTE", P, "A"): 30,
        ("ISSSTE", P, "B"): 20,
        ("PEMEX", P, "A"): 30,
        ("PEMEX", P, "B"): 20,
    }
    assert shortages(outcome) == {("IMSS", P, "budget"): 36}
    assert outcome.solution.objective == pytest.approx(6092)


def test_no_later_share_is_paid_less_than_an_earlier_one(tmp_path: Path) -> None:
    # Shares 40/30/30 of 100; B at 9 can deliver only 35, so it could take a 30 share only behind a dearer 40
    # share, which the price order forbids. A 40 at 10 + C 30 at 11; the last share finds nobody at 11 or more
    # and its 30 units are short at 110: 400 + 330 + 3300 = 4030.
    outcome = solve_files(
        tmp_path,
        products=product_rule("split_shares", "0.4;0.3;0.3"),
        bids=f"supplier_id,product_id,unit_price,capacity\nA,{P},10,\nB,{P},9,35\nC,{P},11,\n",
    )
    assert award_map(outcome) == {("IMSS", P, "A"): 40, ("IMSS", P, "C"): 30}
    assert shortages(outcome) == {("IMSS", P, "split_shares"): 30}
    assert outcome.solution.objective == pytest.approx(4030)


def test_two_suppliers_for_three_shares_renormalise_the_first_two(tmp_path: Path) -> None:
    # 0.5;0.3;0.2 with only A and B bidding: two shares, 0.5/0.8 = 62.5 % and 37.5 % of 80 = 50 and 30:
    # A 50 at 10 + B 30 at 12 = 860.
    outcome = solve_files(
        tmp_path,
        products=product_rule("split_shares", "0.5;0.3;0.2"),
        demand=f"institution_id,product_id,quantity\nIMSS,{P},80\n",
        bids=f"supplier_id,product_id,unit_price\nA,{P},10\nB,{P},12\n",
    )
    assert award_map(outcome) == {("IMSS", P, "A"): 50, ("IMSS", P, "B"): 30}
    assert outcome.solution.objective == pytest.approx(860)


def test_price_gap_is_the_reason_when_it_keeps_the_only_other_supplier_out(tmp_path: Path) -> None:
    # Gap 10 %: A (capacity 60) at 10 and C (capacity 50) at 12 may not both win. A 60 + 40 short at 120 = 5400
    # beats C 50 + 50 short = 6600; the 40 are short because of the price gap.
    outcome = solve_files(
        tmp_path,
        products=product_rule("max_price_gap", "0.1"),
        bids=f"supplier_id,product_id,unit_price,capacity\nA,{P},10,60\nC,{P},12,50\n",
    )
    assert award_map(outcome) == {("IMSS", P, "A"): 60}
    assert shortages(outcome) == {("IMSS", P, "price_gap"): 40}
    assert outcome.solution.objective == pytest.approx(5400)


def test_a_penalty_below_every_price_is_the_reason_even_on_a_split_product(tmp_path: Path) -> None:
    # A unit short counts 5, the cheapest unit 10: nothing is bought, and the reason is the penalty, not the
    # split shares left unfilled. 100 x 5 = 500.
    outcome = solve_files(
        tmp_path,
        scenario_toml='name = "t"\n[policy]\nshortfall_penalty = 5\n',
        products=product_rule("split_shares", "0.6;0.4"),
        bids=f"supplier_id,product_id,unit_price\nA,{P},10\nB,{P},12\n",
    )
    assert award_map(outcome) == {}
    assert shortages(outcome) == {("IMSS", P, "penalty_below_cost"): 100}
    assert outcome.solution.objective == pytest.approx(500)
