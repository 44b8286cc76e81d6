"""Alike institutions pooled into one buyer in the price search's re-solves (procurement.explain.alike): which
pairs are pooled, on hand-made purchases, and that pooled copies cost the same and give every offer the same
units as the copies solved pair by pair, on random ones."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from procurement.explain import award_blocks
from procurement.explain.alike import pool_alike_pairs
from procurement.explain.resolve import changes, solve_changes
from procurement.index import build_index
from procurement.model import build_award_model
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


def pooled_pairs(scenario: Scenario) -> tuple[list[str], dict[str, float]]:
    """The institutions whose pair is pooled into another, and each kept institution's demand row bound."""
    index = build_index(scenario)
    model = build_award_model(index)
    arrays = model.arrays()
    pooled = pool_alike_pairs(model, arrays)
    names = scenario.institutions["institution_id"].to_numpy()
    shortage = model.parts["shortage"]
    emptied = set(pooled.emptied.tolist())
    gone = sorted(names[index.pair_institution[p]] for p in range(len(shortage)) if shortage[p] in emptied)
    kinds = model.row_kinds()
    demand_rows = np.flatnonzero(kinds == "demand")
    entries = np.isin(arrays.entry_row, demand_rows) & np.isin(arrays.entry_col, shortage)
    pair_of_col = {col: pair for pair, col in enumerate(shortage)}
    bounds = {
        names[index.pair_institution[pair_of_col[col]]]: pooled.arrays.row_upper[row]
        for row, col in zip(arrays.entry_row[entries], arrays.entry_col[entries], strict=True)
    }
    return gone, {name: bound for name, bound in bounds.items() if bound > 0}


def test_institutions_that_differ_only_in_quantity_are_one_buyer(tmp_path: Path) -> None:
    """Four institutions see the same offers at the same costs: all are pooled into the first, whose demand
    becomes 300 + 200 + 100 + 50 = 650."""
    scenario = load(tmp_path, institutions=INSTITUTIONS, demand=DEMAND, bids=BIDS)
    assert pooled_pairs(scenario) == (["ISSSTE", "PEMEX", "SEMAR"], {"IMSS": 650.0})


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
    assert pooled_pairs(scenario) == (["SEMAR"], {"IMSS": 350.0, "ISSSTE": 200.0, "PEMEX": 100.0})


def test_markets_without_a_yes_or_no_choice_are_left_alone(tmp_path: Path) -> None:
    """A flow market (plain prices) is settled by presolve, which reads each pair's own demand: no pooling, each
    demand as it is."""
    bids = f"supplier_id,product_id,unit_price\nA,{P},10\nB,{P},11\n"
    scenario = load(tmp_path, institutions=INSTITUTIONS, demand=DEMAND, bids=bids)
    assert pooled_pairs(scenario) == ([], {"IMSS": 300.0, "ISSSTE": 200.0, "PEMEX": 100.0, "SEMAR": 50.0})


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
    pooled = solve_changes(scenario, blocks, table, SolveOptions(), pooled=True)
    assert pooled.solved.tolist() == apart.solved.tolist()
    assert pooled.cost == pytest.approx(apart.cost, rel=1e-9, abs=1e-6)
    assert pooled.quantity.tolist() == apart.quantity.tolist()
    assert pooled.unmet.tolist() == apart.unmet.tolist()
