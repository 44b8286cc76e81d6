"""What each offer can supply: demand cover and shortages, capacity, min_quantity, fixed cost, price breaks,
reference price and delivery. Every expected award is derived by hand in the test's comment."""

from __future__ import annotations

from pathlib import Path

import pytest

from procurement.errors import ScenarioError
from procurement.pipeline import Outcome
from procurement.validate import load_scenario
from tests.builders import award_map, solve_files, write_package
from tests.unit.award_checks import SPLIT_DEMAND, TWO_PRODUCTS, P, Q, binding, shortages, unit_prices


def supplier_totals(outcome: Outcome) -> dict[str, float]:
    totals: dict[str, float] = outcome.awards.groupby("supplier_id")["quantity"].sum().to_dict()
    return totals


# --- demand cover and shortages --------------------------------------------------------------------------


def test_cheapest_bid_wins_when_capacity_allows(tmp_path: Path) -> None:
    # A at 10 and B at 12, nobody limited: A takes all 100 for 1000.
    outcome = solve_files(tmp_path, bids=f"supplier_id,product_id,unit_price\nA,{P},10\nB,{P},12\n")
    assert award_map(outcome) == {("IMSS", P, "A"): 100}
    assert unit_prices(outcome) == {("IMSS", P, "A"): 10}
    assert outcome.solution.objective == pytest.approx(1000)
    assert shortages(outcome) == {}
    assert binding(outcome) == set()


def test_capacity_sends_the_rest_to_the_next_cheapest(tmp_path: Path) -> None:
    # A at 10 has capacity 60, so B at 12 covers the other 40: 60x10 + 40x12 = 1080; A's capacity binds.
    outcome = solve_files(
        tmp_path,
        bids=f"""
        supplier_id,product_id,unit_price,capacity
        A,{P},10,60
        B,{P},12,
        """,
    )
    assert award_map(outcome) == {("IMSS", P, "A"): 60, ("IMSS", P, "B"): 40}
    assert outcome.solution.objective == pytest.approx(1080)
    assert binding(outcome) == {("capacity", "", P, "A")}


def test_capacity_counts_over_all_institutions(tmp_path: Path) -> None:
    # IMSS 60 + ISSSTE 40; A's capacity of 70 is for both together, B at 12 gets 30: 700 + 360 = 1060.
    outcome = solve_files(
        tmp_path,
        demand=SPLIT_DEMAND,
        bids=f"""
        supplier_id,product_id,unit_price,capacity
        A,{P},10,70
        B,{P},12,
        """,
    )
    assert supplier_totals(outcome) == pytest.approx({"A": 70, "B": 30})
    assert outcome.solution.objective == pytest.approx(1060)


def test_demand_beyond_every_capacity_is_short_at_ten_times_the_highest_unit_cost(tmp_path: Path) -> None:
    # A 50 at 10, B 30 at 12 + delivery 1; the highest unit cost is 13, so the 20 short cost 130 each:
    # 500 + 360 + 30 + 20x130 = 3490, and the shortage is for lack of capacity.
    outcome = solve_files(
        tmp_path,
        bids=f"""
        supplier_id,product_id,unit_price,capacity
        A,{P},10,50
        B,{P},12,30
        """,
        delivery="supplier_id,institution_id,product_id,cost_per_unit\nB,IMSS,,1\n",
    )
    assert award_map(outcome) == {("IMSS", P, "A"): 50, ("IMSS", P, "B"): 30}
    assert shortages(outcome) == {("IMSS", P, "capacity"): 20}
    assert outcome.shortages["penalty_cost"].tolist() == [2600]
    assert outcome.solution.objective == pytest.approx(3490)
    terms = outcome.solution.cost_terms
    assert (terms["purchase"], terms["delivery"], terms["shortage_penalty"]) == pytest.approx((860, 30, 2600))


def test_product_nobody_bids_for_is_short_with_no_admissible_bid(tmp_path: Path) -> None:
    # Nobody bids for Q and it has no reference price: its 5 units are short (no_admissible_bid) at 10 x the
    # highest unit cost of the purchase, P's 10: 1000 + 5 x 100 = 1500. The penalty is never 0.
    outcome = solve_files(
        tmp_path,
        products=TWO_PRODUCTS,
        demand=f"institution_id,product_id,quantity\nIMSS,{P},100\nIMSS,{Q},5\n",
    )
    assert award_map(outcome) == {("IMSS", P, "A"): 100}
    assert shortages(outcome) == {("IMSS", Q, "no_admissible_bid"): 5}
    assert outcome.shortages["penalty_cost"].tolist() == [500]
    assert outcome.solution.objective == pytest.approx(1500)


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_explicit_shortfall_penalty_counts_in_the_objective_of_either_solver(tmp_path: Path, solver: str) -> None:
    # Penalty 100 per unit: P bought from A for 1000, Q (no bid) short 5 x 100 = 500; objective 1500.
    # IMSS's budget (not binding) keeps P and Q in one model, so the 500 is a constant beside variables.
    outcome = solve_files(
        tmp_path,
        scenario_toml=f'name = "t"\n[policy]\nshortfall_penalty = 100\n[solver]\nname = "{solver}"\n',
        institutions="institution_id,name,budget\nIMSS,IMSS,5000\nISSSTE,ISSSTE,\n",
        products=TWO_PRODUCTS,
        demand=f"institution_id,product_id,quantity\nIMSS,{P},100\nIMSS,{Q},5\n",
    )
    assert outcome.solution.blocks == 1
    assert outcome.solution.objective == pytest.approx(1500)
    assert outcome.solution.cost_terms["shortage_penalty"] == pytest.approx(500)


def test_penalty_below_the_price_leaves_the_demand_short(tmp_path: Path) -> None:
    # A unit short costs 5, a unit bought 10: all 100 stay short for 500.
    outcome = solve_files(tmp_path, scenario_toml='name = "t"\n[policy]\nshortfall_penalty = 5\n')
    assert award_map(outcome) == {}
    assert shortages(outcome) == {("IMSS", P, "penalty_below_cost"): 100}
    assert outcome.solution.objective == pytest.approx(500)


def test_minimum_above_the_whole_demand_leaves_the_demand_short(tmp_path: Path) -> None:
    # A sells at least 200 but only 100 are demanded: no usable offer, the 100 are short (min_quantity).
    outcome = solve_files(tmp_path, bids=f"supplier_id,product_id,unit_price,min_quantity\nA,{P},10,200\n")
    assert award_map(outcome) == {}
    assert shortages(outcome) == {("IMSS", P, "min_quantity"): 100}


# --- min_quantity and fixed cost ---------------------------------------------------------------------------


def test_min_quantity_rules_out_a_small_award(tmp_path: Path) -> None:
    # A at 10 (capacity 70) leaves 30; B at 12 needs at least 50, so C at 13 takes them: 700 + 390 = 1090,
    # cheaper than A 50 + B 50 = 500 + 600 = 1100.
    outcome = solve_files(
        tmp_path,
        bids=f"""
        supplier_id,product_id,unit_price,capacity,min_quantity
        A,{P},10,70,
        B,{P},12,,50
        C,{P},13,,
        """,
    )
    assert award_map(outcome) == pytest.approx({("IMSS", P, "A"): 70, ("IMSS", P, "C"): 30})
    assert outcome.solution.objective == pytest.approx(1090)


def test_min_quantity_holds_back_the_cheaper_supplier(tmp_path: Path) -> None:
    # A at 10 (capacity 70) cannot leave B at 12 less than its minimum 40: A 60 + B 40 = 1080,
    # cheaper than B alone (1200) or A 70 with 30 short at 120 each (4300).
    outcome = solve_files(
        tmp_path,
        bids=f"""
        supplier_id,product_id,unit_price,capacity,min_quantity
        A,{P},10,70,
        B,{P},12,,40
        """,
    )
    assert award_map(outcome) == pytest.approx({("IMSS", P, "A"): 60, ("IMSS", P, "B"): 40})
    assert outcome.solution.objective == pytest.approx(1080)


def test_a_minimum_above_its_offers_capacity_is_an_error_on_its_row(tmp_path: Path) -> None:
    # B must get at least 80 but can deliver only 50; A sets no minimum and C no capacity, so neither is checked.
    folder = write_package(
        tmp_path,
        bids=f"""
        supplier_id,product_id,unit_price,capacity,min_quantity
        A,{P},10,70,
        B,{P},12,50,80
        C,{P},13,,40
        """,
    )
    with pytest.raises(ScenarioError) as raised:
        load_scenario(folder)
    assert [issue.describe("en") for issue in raised.value.issues] == [
        "bids.csv row 3 column min_quantity: 80 is more than the offer's capacity"
    ]


def test_fixed_cost_makes_one_supplier_cheaper_than_two(tmp_path: Path) -> None:
    # B alone: 100x12 + 100 = 1300; A (capacity 60, fixed 500) with B: 600 + 500 + 480 + 100 = 1680.
    outcome = solve_files(
        tmp_path,
        bids=f"""
        supplier_id,product_id,unit_price,capacity,fixed_cost
        A,{P},10,60,500
        B,{P},12,,100
        """,
    )
    assert award_map(outcome) == {("IMSS", P, "B"): 100}
    assert outcome.solution.objective == pytest.approx(1300)
    assert outcome.solution.cost_terms["fixed"] == pytest.approx(100)
    assert outcome.solution.cost_terms["purchase"] == pytest.approx(1200)


def test_fixed_cost_is_shared_in_proportion_to_quantity(tmp_path: Path) -> None:
    # A's fixed 50 over IMSS 60 and ISSSTE 40: 30 and 20, so totals 600 + 30 and 400 + 20.
    outcome = solve_files(
        tmp_path, demand=SPLIT_DEMAND, bids=f"supplier_id,product_id,unit_price,fixed_cost\nA,{P},10,50\n"
    )
    awards = outcome.awards.set_index("institution_id")
    assert awards["fixed_cost"].to_dict() == {"IMSS": 30, "ISSSTE": 20}
    assert awards["total_cost"].to_dict() == {"IMSS": 630, "ISSSTE": 420}


# --- all-units price breaks ----------------------------------------------------------------------------------


def test_pooled_volume_reaches_the_price_break(tmp_path: Path) -> None:
    # A sells at 8 from 100 units; IMSS 60 + ISSSTE 40 pooled reach it: 100x8 = 800, cheaper than B at 9.
    outcome = solve_files(
        tmp_path,
        demand=SPLIT_DEMAND,
        bids=f"""
        supplier_id,product_id,unit_price,from_quantity
        A,{P},10,0
        A,{P},8,100
        B,{P},9,0
        """,
    )
    assert award_map(outcome) == {("IMSS", P, "A"): 60, ("ISSSTE", P, "A"): 40}
    assert unit_prices(outcome) == {("IMSS", P, "A"): 8, ("ISSSTE", P, "A"): 8}
    assert outcome.solution.objective == pytest.approx(800)


def test_price_break_prices_every_unit_of_the_total(tmp_path: Path) -> None:
    # All units: A 100 at 9 = 900 beats B 20 at 9.5 + A 80 at 9 = 910 and B 30 + A 70 at 10 = 985.
    outcome = solve_files(
        tmp_path,
        bids=f"""
        supplier_id,product_id,unit_price,from_quantity,capacity
        A,{P},10,0,
        A,{P},9,80,
        B,{P},9.5,0,30
        """,
    )
    assert award_map(outcome) == {("IMSS", P, "A"): 100}
    assert unit_prices(outcome) == {("IMSS", P, "A"): 9}
    assert outcome.solution.objective == pytest.approx(900)


def test_price_break_beyond_capacity_is_never_paid(tmp_path: Path) -> None:
    # A's break at 100 is out of reach of its capacity 90: A 90 at 10 + B 10 at 12 = 1020.
    outcome = solve_files(
        tmp_path,
        bids=f"""
        supplier_id,product_id,unit_price,from_quantity,capacity
        A,{P},10,0,90
        A,{P},8,100,90
        B,{P},12,0,
        """,
    )
    assert award_map(outcome) == {("IMSS", P, "A"): 90, ("IMSS", P, "B"): 10}
    assert unit_prices(outcome)[("IMSS", P, "A")] == 10
    assert outcome.solution.objective == pytest.approx(1020)


# --- reference price ------------------------------------------------------------------------------------------


def test_bid_above_the_reference_price_is_inadmissible(tmp_path: Path) -> None:
    # Reference 11 excludes B at 12; A covers its capacity 70, and 30 are short at 10 x 10 = 100 each: 3700.
    outcome = solve_files(
        tmp_path,
        products=f"product_id,description,category,unit,reference_price\n{P},Paracetamol,medicine,caja,11\n",
        bids=f"""
        supplier_id,product_id,unit_price,capacity
        A,{P},10,70
        B,{P},12,
        """,
    )
    assert award_map(outcome) == {("IMSS", P, "A"): 70}
    assert shortages(outcome) == {("IMSS", P, "capacity"): 30}
    inadmissible = outcome.solution.inadmissible
    assert inadmissible[["supplier_id", "unit_price", "reference_price"]].values.tolist() == [["B", 12, 11]]
    assert outcome.solution.objective == pytest.approx(3700)


def test_all_bids_above_the_reference_price_leave_the_product_short(tmp_path: Path) -> None:
    outcome = solve_files(
        tmp_path,
        products=f"product_id,description,category,unit,reference_price\n{P},Paracetamol,medicine,caja,9\n",
        bids=f"supplier_id,product_id,unit_price\nA,{P},10\nB,{P},12\n",
    )
    assert award_map(outcome) == {}
    assert shortages(outcome) == {("IMSS", P, "no_admissible_bid"): 100}
    assert len(outcome.solution.inadmissible) == 2


def test_pooled_volume_reaches_a_price_break_below_the_reference_price(tmp_path: Path) -> None:
    # Reference 10: A's 12 for small lots is inadmissible, its 9 from 100 units is not; the pooled 100 get it.
    outcome = solve_files(
        tmp_path,
        demand=SPLIT_DEMAND,
        products=f"product_id,description,category,unit,reference_price\n{P},Paracetamol,medicine,caja,10\n",
        bids=f"""
        supplier_id,product_id,unit_price,from_quantity
        A,{P},12,0
        A,{P},9,100
        """,
    )
    assert award_map(outcome) == {("IMSS", P, "A"): 60, ("ISSSTE", P, "A"): 40}
    assert set(unit_prices(outcome).values()) == {9}
    assert outcome.solution.inadmissible["unit_price"].tolist() == [12]


# --- delivery -----------------------------------------------------------------------------------------------


def test_delivery_cost_can_change_the_winner(tmp_path: Path) -> None:
    # To IMSS, A costs 10 + 3 > B's 11; to ISSSTE, A costs 10: 60x11 + 40x10 = 1060.
    outcome = solve_files(
        tmp_path,
        demand=SPLIT_DEMAND,
        bids=f"supplier_id,product_id,unit_price\nA,{P},10\nB,{P},11\n",
        delivery="supplier_id,institution_id,product_id,cost_per_unit\nA,IMSS,,3\n",
    )
    assert award_map(outcome) == {("IMSS", P, "B"): 60, ("ISSSTE", P, "A"): 40}
    assert outcome.solution.objective == pytest.approx(1060)


def test_product_specific_delivery_overrides_the_general_rate(tmp_path: Path) -> None:
    # A delivers P to IMSS at 0.5 (its own row), Q at the general 3: P from A at 10.5 < 11, Q from B at 11 < 13.
    # Purchase 1000 + 1100, delivery 100 x 0.5 = 50.
    outcome = solve_files(
        tmp_path,
        products=TWO_PRODUCTS,
        demand=f"institution_id,product_id,quantity\nIMSS,{P},100\nIMSS,{Q},100\n",
        bids=f"supplier_id,product_id,unit_price\nA,{P},10\nB,{P},11\nA,{Q},10\nB,{Q},11\n",
        delivery=f"supplier_id,institution_id,product_id,cost_per_unit\nA,IMSS,,3\nA,IMSS,{P},0.5\n",
    )
    assert award_map(outcome) == {("IMSS", P, "A"): 100, ("IMSS", Q, "B"): 100}
    assert outcome.awards.set_index("product_id")["delivery_cost"].to_dict() == {P: 50, Q: 0}
    assert outcome.solution.cost_terms["delivery"] == pytest.approx(50)
    assert outcome.solution.objective == pytest.approx(2150)


# --- exact semantics --------------------------------------------------------------------------------------


def test_exactly_at_a_price_break_every_unit_is_paid_the_break_price(tmp_path: Path) -> None:
    # Gap 10 %: A is 10 below 100 units and 8 from 100 (capacity 100); B is 11. A 100 at 8 cannot sit beside B
    # (11 > 8.8), so A gives 99 at 10 and B 11 at 11: 990 + 121 = 1111. Paying A 10 for exactly 100 units
    # (1000 + 110 = 1110) would be cheaper, and wrong.
    outcome = solve_files(
        tmp_path,
        products=f"product_id,description,category,unit,max_price_gap\n{P},Paracetamol,medicine,caja,0.1\n",
        demand=f"institution_id,product_id,quantity\nIMSS,{P},100\nISSSTE,{P},10\n",
        bids=f"""
        supplier_id,product_id,unit_price,from_quantity,capacity
        A,{P},10,0,100
        A,{P},8,100,100
        B,{P},11,0,
        """,
    )
    assert supplier_totals(outcome) == {"A": 99, "B": 11}
    assert set(unit_prices(outcome).values()) == {10, 11}
    assert outcome.solution.objective == pytest.approx(1111)


def test_a_capacity_given_on_an_inadmissible_row_still_limits_the_offer(tmp_path: Path) -> None:
    # Reference 10: A's row at 12 is inadmissible but carries the offer's capacity 60; A's 9 from 50 units is
    # admissible. A 60 at 9 + B 40 at 10 = 940 (not A 100 at 9 = 900).
    outcome = solve_files(
        tmp_path,
        products=f"product_id,description,category,unit,reference_price\n{P},Paracetamol,medicine,caja,10\n",
        bids=f"""
        supplier_id,product_id,unit_price,from_quantity,capacity,fixed_cost
        A,{P},12,0,60,
        A,{P},9,50,,
        B,{P},10,0,,
        """,
    )
    assert award_map(outcome) == {("IMSS", P, "A"): 60, ("IMSS", P, "B"): 40}
    assert outcome.solution.objective == pytest.approx(940)
    assert binding(outcome) == {("capacity", "", P, "A")}


def test_a_fixed_cost_given_on_an_inadmissible_row_is_still_charged(tmp_path: Path) -> None:
    # A's fixed cost 100 sits on its inadmissible row: A 100 at 9 + 100 = 1000 loses to B 100 at 9.5 = 950.
    outcome = solve_files(
        tmp_path,
        products=f"product_id,description,category,unit,reference_price\n{P},Paracetamol,medicine,caja,10\n",
        bids=f"""
        supplier_id,product_id,unit_price,from_quantity,fixed_cost
        A,{P},12,0,100
        A,{P},9,50,
        B,{P},9.5,0,
        """,
    )
    assert award_map(outcome) == {("IMSS", P, "B"): 100}
    assert outcome.solution.objective == pytest.approx(950)


def test_equal_offers_go_to_the_supplier_whose_id_sorts_first(tmp_path: Path) -> None:
    # A and B both at 10 with the same conditions: the tie goes to A, wherever its row is in the file.
    for order, bids in enumerate((f"B,{P},10\nA,{P},10\n", f"A,{P},10\nB,{P},10\n")):
        outcome = solve_files(
            tmp_path / str(order), demand=SPLIT_DEMAND, bids="supplier_id,product_id,unit_price\n" + bids
        )
        assert award_map(outcome) == {("IMSS", P, "A"): 60, ("ISSSTE", P, "A"): 40}
        assert outcome.solution.objective == pytest.approx(1000)


def test_buying_alone_weighs_a_shortage_as_the_consolidated_purchase_does(tmp_path: Path) -> None:
    # A sells at 10 with a fixed cost of 1200; delivering to ISSSTE costs 5 more, so the product's highest unit
    # cost is 15 and a unit short counts 150, alone as pooled. IMSS alone (10 units) buys: 100 + 1200 = 1300 is
    # less than 10 x 150 short (with its own highest cost, 10 x 100 = 1000, it would have bought nothing).
    outcome = solve_files(
        tmp_path,
        demand=f"institution_id,product_id,quantity\nIMSS,{P},10\nISSSTE,{P},100\n",
        bids=f"supplier_id,product_id,unit_price,fixed_cost\nA,{P},10,1200\n",
        delivery="supplier_id,institution_id,product_id,cost_per_unit\nA,ISSSTE,,5\n",
    )
    baseline = outcome.savings_by_institution.set_index("institution_id")["baseline_cost"]
    assert baseline["IMSS"] == pytest.approx(1300)
