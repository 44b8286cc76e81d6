"""Alike institutions pooled into one buyer in the price search's re-solves (procurement.explain.alike): which
demand rows are merged, on hand-made purchases, and that copies of the merged purchase cost the same and give
every offer the same units as copies of the purchase itself, on random ones."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from procurement.explain import award_blocks
from procurement.explain.alike import pooled_scenario
from procurement.explain.resolve import changes, solve_changes
from procurement.pipeline import options_for, run_scenario
from procurement.scenario import Scenario
from procurement.solve import SolveOptions
from tests.builders import load
from tests.unit.test_properties import purchases

P = "010.000.0104.00"
INSTITUTIONS = "institution_id,name,budget\nIMSS,IMSS,\nISSSTE,ISSSTE,\nPEMEX,PEMEX,\nSEMAR,SEMAR,\n"
DEMAND = f"institution_id,product_id,quantity\nIMSS,{P},300\nISSSTE,{P},200\nPEMEX,{P},100\nSEMAR,{P},50\n"
# a price break and a fixed cost: the clave's market has yes/no choices, where pooling applies
BIDS = (
    "supplier_id,product_id,unit_price,from_quantity,fixed_cost\n"
    f"A,{P},10,0,500\nA,{P},9,400,500\nB,{P},11,0,\nC,{P},12,0,200\n"
)


def pooled_demand(scenario: Scenario) -> list[tuple[str, int]]:
    """Each demand row of the purchase the price search copies: institution and quantity."""
    outcome = run_scenario(scenario, options_for(scenario), baseline=False)
    assert outcome.award is not None
    demand = pooled_scenario(outcome.award).demand
    return list(zip(demand["institution_id"], demand["quantity"].astype(int), strict=True))


def test_institutions_that_differ_only_in_quantity_are_one_buyer(tmp_path: Path) -> None:
    """Four institutions see the same offers at the same costs: all are pooled into the first, whose demand
    becomes 300 + 200 + 100 + 50 = 650."""
    scenario = load(tmp_path, institutions=INSTITUTIONS, demand=DEMAND, bids=BIDS)
    assert pooled_demand(scenario) == [("IMSS", 650)]


def test_a_delivery_cost_or_a_budget_sets_an_institution_apart(tmp_path: Path) -> None:
    """ISSSTE pays B's delivery and PEMEX has a budget: each stays a buyer of its own; SEMAR joins IMSS
    (300 + 50)."""
    scenario = load(
        tmp_path,
        institutions=INSTITUTIONS.replace("PEMEX,PEMEX,", "PEMEX,PEMEX,5000"),
        demand=DEMAND,
        bids=BIDS,
        delivery=f"supplier_id,institution_id,product_id,cost_per_unit\nB,ISSSTE,{P},1\n",
    )
    assert pooled_demand(scenario) == [("IMSS", 350), ("ISSSTE", 200), ("PEMEX", 100)]


def test_open_contracts_pool_their_minimums(tmp_path: Path) -> None:
    """PEMEX's row is an open contract (a minimum of 60 of its 100): with no budget counting minimums the award is
    made on the maximum, so it joins the others, and the merged row's minimum is 300 + 200 + 60 + 50 = 610."""
    demand = DEMAND.replace("quantity\n", "quantity,minimum\n").replace(",300\n", ",300,\n")
    demand = demand.replace(",200\n", ",200,\n").replace(",100\n", ",100,60\n").replace(",50\n", ",50,\n")
    scenario = load(tmp_path, institutions=INSTITUTIONS, demand=demand, bids=BIDS)
    assert pooled_demand(scenario) == [("IMSS", 650)]
    outcome = run_scenario(scenario, options_for(scenario), baseline=False)
    assert outcome.award is not None
    assert pooled_scenario(outcome.award).demand["minimum"].tolist() == [610]


@settings(max_examples=30, deadline=None)
@given(purchases(), st.data())
def test_pooled_copies_cost_the_same_as_copies_solved_pair_by_pair(files: dict[str, str], data: st.DataObject) -> None:
    """Every offer made to win at a drawn price, and kept out, in copies of its block: pooled or not, each copy
    is solved or not alike, costs the same, gives the offer the same units and leaves the same units short."""
    if data.draw(st.booleans(), label="institutions alike"):  # else: as drawn, mostly told apart
        files = {**files, "delivery": "supplier_id,institution_id,product_id,cost_per_unit\n"}
        files["institutions"] = "\n".join(line.rsplit(",", 1)[0] + "," for line in files["institutions"].splitlines())
        files["institutions"] = files["institutions"].replace("name,", "name,budget", 1) + "\n"
    with tempfile.TemporaryDirectory() as folder:
        scenario = load(Path(folder), **files)
    outcome = run_scenario(scenario, options_for(scenario), baseline=False)
    if outcome.award is None or not outcome.status.has_solution:
        return
    index = outcome.award.index
    blocks = award_blocks(outcome.award)
    offers = np.arange(len(index.offer_market))
    price = index.offer_top_price() * data.draw(st.sampled_from([0.3, 0.8, 1.0, 1.2]), label="price factor")
    table = changes(
        block=np.tile(blocks.block_of_product[index.offer_product[offers]], 2),
        product=np.tile(index.offer_product[offers], 2),
        supplier=np.tile(index.offer_supplier[offers], 2),
        price=np.tile(price, 2),
        force=np.repeat([True, False], len(offers)),
        exclude=np.repeat([False, True], len(offers)),
    )
    apart = solve_changes(scenario, blocks, table, SolveOptions())
    pooled = solve_changes(pooled_scenario(outcome.award), blocks, table, SolveOptions())
    assert pooled.solved.tolist() == apart.solved.tolist()
    assert pooled.cost == pytest.approx(apart.cost, rel=1e-9, abs=1e-6)
    assert pooled.quantity.tolist() == apart.quantity.tolist()
    assert pooled.unmet.tolist() == apart.unmet.tolist()
