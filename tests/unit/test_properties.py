"""Laws every award must obey, checked on small random purchases (hypothesis)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import procurement.solve
from procurement.awards import to_cents
from procurement.pipeline import options_for, run_scenario
from procurement.scenario import Scenario
from procurement.solve import SolveOptions, solve_scenario
from tests.builders import load

INSTITUTIONS = ("IMSS", "ISSSTE", "PEMEX")
PRODUCTS = ("010.000.0104.00", "010.000.0105.00", "010.000.0106.00", "010.000.0107.00")
SUPPLIERS = ("A", "B", "C", "D")
PRODUCT_COLUMNS = "reference_price,max_suppliers,max_price_gap,split_shares,single_source"
RULES = ("", "16,,,,", ",1,,,", ",2,,,", ",,0.1,,", ",,0.3,,", ",,,0.6;0.4,", ",,,0.5;0.3;0.2,", ",,,,true")
BID_COLUMNS = "supplier_id,product_id,unit_price,from_quantity,capacity,min_quantity,fixed_cost"
LAWS = settings(max_examples=25, deadline=None)


def cell(value: object) -> str:
    return "" if value is None else str(value)


@st.composite
def offers(draw: st.DrawFn, supplier: str, product: str) -> list[str]:
    """One supplier's bid rows for one product: a price, maybe a break, capacity, minimum and fixed cost."""
    price = draw(st.integers(10, 40)) / 2
    capacity = draw(st.none() | st.integers(10, 200))
    minimum = draw(st.none() | st.integers(1, 60))
    if capacity is not None and minimum is not None:
        minimum = min(minimum, capacity)
    terms = f"{cell(capacity)},{cell(minimum)},{cell(draw(st.none() | st.integers(1, 200)))}"
    rows = [f"{supplier},{product},{price:g},0,{terms}"]
    if draw(st.booleans()):
        start, discount = draw(st.integers(20, 150)), draw(st.integers(1, 6)) / 2
        rows.append(f"{supplier},{product},{max(price - discount, 0.5):g},{start},{terms}")
    return rows


@st.composite
def purchases(draw: st.DrawFn) -> dict[str, str]:
    """A package: 2-3 institutions (some with budgets), 1-4 products with a random rule, 2-4 suppliers and
    delivery rates (general, and for the first product).
    """
    institutions = INSTITUTIONS[: draw(st.integers(2, 3))]
    products = PRODUCTS[: draw(st.integers(1, 4))]
    suppliers = SUPPLIERS[: draw(st.integers(2, 4))]
    budgets = {i: draw(st.none() | st.integers(200, 3000)) for i in institutions}
    demand = [(i, p, draw(st.none() | st.integers(1, 100))) for i in institutions for p in products]
    demand = [(i, p, q) for i, p, q in demand if q is not None] or [(institutions[0], products[0], 50)]
    bids = [row for s in suppliers for p in products if draw(st.booleans()) for row in draw(offers(s, p))]
    rates = st.none() | st.integers(0, 3)
    delivery = [(s, i, p, draw(rates)) for s in suppliers for i in institutions for p in ("", products[0])]
    preference = draw(st.sampled_from(["", "national_preference = 0.1\n"]))
    return {
        "scenario_toml": f'name = "random"\n[policy]\n{preference}',
        "institutions": "institution_id,name,budget\n" + "".join(f"{i},{i},{cell(b)}\n" for i, b in budgets.items()),
        "products": f"product_id,description,category,unit,{PRODUCT_COLUMNS}\n"
        + "".join(f"{p},x,medicine,caja,{draw(st.sampled_from(RULES)) or ',,,,'}\n" for p in products),
        "demand": "institution_id,product_id,quantity\n" + "".join(f"{i},{p},{q}\n" for i, p, q in demand),
        "suppliers": "supplier_id,name,national\n"
        + "".join(f"{s},Lab {s},{draw(st.booleans())}\n" for s in (*SUPPLIERS, "E")),
        "bids": BID_COLUMNS + "\n" + "".join(f"{row}\n" for row in bids),
        "delivery": "supplier_id,institution_id,product_id,cost_per_unit\n"
        + "".join(f"{s},{i},{p},{c}\n" for s, i, p, c in delivery if c is not None),
    }


def scenario_of(files: dict[str, str]) -> Scenario:
    with tempfile.TemporaryDirectory() as folder:
        return load(Path(folder), **files)


@LAWS
@given(purchases())
def test_blocks_solved_apart_equal_one_model(files: dict[str, str]) -> None:
    scenario = scenario_of(files)
    blocks = solve_scenario(scenario, SolveOptions())
    whole = solve_scenario(scenario, SolveOptions(), decompose=False)
    assert blocks.objective == pytest.approx(whole.objective, rel=1e-6, abs=1e-6)


@LAWS
@given(purchases())
def test_award_tables_keep_cover_costs_and_offer_terms(files: dict[str, str]) -> None:
    scenario = scenario_of(files)
    outcome = run_scenario(scenario, SolveOptions(), baseline=False)
    awards = outcome.awards
    assert (awards["quantity"] == awards["quantity"].round()).all()
    check_every_demand_is_awarded_or_short(scenario, awards, outcome.shortages)
    check_award_costs_add_up_to_the_cost_terms(awards, outcome.solution.cost_terms)
    check_offers_keep_capacity_minimum_and_price_break(scenario, awards)


def check_every_demand_is_awarded_or_short(scenario: Scenario, awards: pd.DataFrame, short: pd.DataFrame) -> None:
    pair = ["institution_id", "product_id"]
    demand = scenario.demand.set_index(pair)["quantity"]
    awarded = awards.groupby(pair)["quantity"].sum().reindex(demand.index, fill_value=0)
    shortage = short.groupby(pair)["quantity"].sum().reindex(demand.index, fill_value=0)
    assert (awarded + shortage).to_numpy() == pytest.approx(demand.to_numpy(), abs=1e-5)


def check_award_costs_add_up_to_the_cost_terms(awards: pd.DataFrame, terms: dict[str, float]) -> None:
    """Each money column is rounded per line: within half a cent per line of its cost term."""
    tolerance = 0.005 * len(awards) + 1e-6
    for column, term in (("purchase_cost", "purchase"), ("delivery_cost", "delivery"), ("fixed_cost", "fixed")):
        assert abs(awards[column].sum() - terms[term]) <= tolerance
    parts = to_cents(awards["purchase_cost"]) + to_cents(awards["delivery_cost"]) + to_cents(awards["fixed_cost"])
    assert (to_cents(awards["total_cost"]) == parts).all()


def check_offers_keep_capacity_minimum_and_price_break(scenario: Scenario, awards: pd.DataFrame) -> None:
    """No offer beyond its capacity or below its minimum; every unit at the price of the total's tier."""
    offer = ["supplier_id", "product_id"]
    bids = scenario.bids.set_index(offer)
    prices = awards.groupby(offer)["unit_price"]
    totals = awards.groupby(offer)[["quantity"]].sum().assign(low=prices.min(), high=prices.max())
    for key, awarded in totals.iterrows():
        rows = bids.loc[[key]]  # a missing capacity or minimum is NaN, and no comparison with NaN holds
        assert not awarded["quantity"] > rows["capacity"].max() + 1e-6
        assert not awarded["quantity"] < rows["min_quantity"].max() - 1e-5
        reached = rows[rows["from_quantity"] <= awarded["quantity"] + 1e-5]
        assert awarded["low"] == awarded["high"] == reached["unit_price"].iloc[-1]


@LAWS
@given(purchases())
def test_savings_by_institution_and_by_product_add_up_to_the_same_cents(files: dict[str, str]) -> None:
    scenario = scenario_of(files)
    outcome = run_scenario(scenario, options_for(scenario))
    totals = outcome.savings_totals
    for view in (outcome.savings_by_institution, outcome.savings_by_product):
        for column in ("baseline_cost", "consolidated_cost", "savings"):
            assert to_cents(view[column]).sum() == to_cents([totals[column] or 0.0]).sum()


@LAWS
@given(purchases(), st.data())
def test_another_bid_never_raises_the_optimal_cost(files: dict[str, str], data: st.DataObject) -> None:
    # With a fixed shortfall penalty (the default one grows with the dearest bid), a new bid only adds options.
    # Split awards keep their unfilled shares short ("strict"): when renormalising, one more supplier able to
    # take a share means one more share must be awarded, which may rightly cost more.
    files["scenario_toml"] += 'shortfall_penalty = 100\nsplit_fallback = "strict"\n'
    scenario = scenario_of(files)
    bid = data.draw(offers("E", data.draw(st.sampled_from(sorted(set(scenario.demand["product_id"]))))))
    before = solve_scenario(scenario, SolveOptions())
    after = solve_scenario(scenario_of(files | {"bids": files["bids"] + "\n".join(bid) + "\n"}), SolveOptions())
    assert after.objective is not None
    assert before.objective is not None
    assert after.objective <= before.objective + 1e-6 * max(1.0, abs(before.objective))


@LAWS
@given(purchases())
def test_awards_do_not_depend_on_the_number_of_worker_processes(files: dict[str, str]) -> None:
    scenario = scenario_of(files)
    alone = run_scenario(scenario, options_for(scenario))
    threshold = procurement.solve.PARALLEL_MIN_DEMAND_ROWS
    try:
        procurement.solve.PARALLEL_MIN_DEMAND_ROWS = 0  # every purchase in worker processes
        workers = run_scenario(scenario, options_for(scenario))
    finally:
        procurement.solve.PARALLEL_MIN_DEMAND_ROWS = threshold
    pd.testing.assert_frame_equal(alone.awards, workers.awards)
    pd.testing.assert_frame_equal(alone.savings_pairs, workers.savings_pairs)


@settings(max_examples=10, deadline=None)
@given(purchases())
def test_cbc_and_highs_reach_the_same_optimum(files: dict[str, str]) -> None:
    scenario = scenario_of(files)
    highs = solve_scenario(scenario, SolveOptions(solver="highs"))
    cbc = solve_scenario(scenario, SolveOptions(solver="cbc"))
    assert cbc.status == highs.status == "optimal"
    assert cbc.objective == pytest.approx(highs.objective, rel=1e-6, abs=1e-3)
