"""The award in which a losing bid alone supplies all it reaches: worked out without a solver where it is possible,
it opens the search for the bid's price to win in place of a MILP solved at a cent."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from procurement.explain import award_blocks
from procurement.explain.resolve import Blocks, alone_awards, changes, solve_changes
from procurement.pipeline import options_for, run_scenario
from procurement.scenario import Scenario
from procurement.solve import SolveOptions
from tests.builders import load

P = "010.000.0104.00"
DEMAND = f"institution_id,product_id,quantity\nIMSS,{P},300\nISSSTE,{P},350\n"
# A wins all 650 units at its 9.00 break (6,350 with its fixed 500); B and C lose
BIDS = (
    "supplier_id,product_id,unit_price,from_quantity,fixed_cost,capacity\n"
    f"A,{P},10,0,500,\nA,{P},9,400,500,\nB,{P},11,0,,400\nC,{P},12,0,200,\n"
)


def a_cent_for_each_loser(tmp_path: Path, **change: bool) -> tuple[Scenario, Blocks, pd.DataFrame]:
    """The sample purchase and a change per loser (B, C) pricing it at a cent."""
    scenario = load(tmp_path, demand=DEMAND, bids=BIDS)
    outcome = run_scenario(scenario, options_for(scenario), baseline=False)
    award = outcome.award
    assert award is not None
    suppliers = scenario.suppliers["supplier_id"].tolist()
    table = changes(
        block=np.zeros(2, dtype=np.int64),
        product=np.zeros(2, dtype=np.int64),
        supplier=np.array([suppliers.index("B"), suppliers.index("C")]),
        offer_period=np.array(["", ""], dtype=object),
        price=0.01,
        **change,
    )
    return scenario, award_blocks(award), table


def test_a_loser_alone_at_a_cent_costs_its_units_and_its_fixed_cost(tmp_path: Path) -> None:
    """C alone: 650 units at a cent and its fixed 200 = 206.50 (and the tie-break allowance, under a cent); B's
    capacity of 400 cannot cover the 650 alone, so B has no such award."""
    scenario, blocks, table = a_cent_for_each_loser(tmp_path, force=True)
    alone = alone_awards(scenario, blocks, table)
    assert alone.solved.tolist() == [False, True]
    assert alone.quantity[1] == 650
    assert alone.cost[1] == pytest.approx(206.5, abs=0.01)
    assert alone.unmet[1] == 0


def test_the_alone_award_is_what_the_solver_finds_best_at_a_cent_where_possible(tmp_path: Path) -> None:
    scenario, blocks, table = a_cent_for_each_loser(tmp_path, force=True)
    alone = alone_awards(scenario, blocks, table)
    solved = solve_changes(scenario, blocks, table, SolveOptions())
    assert solved.solved.all()
    assert solved.cost[1] == pytest.approx(alone.cost[1], abs=1e-7)
    assert solved.quantity[1] == alone.quantity[1]
    assert solved.quantity[0] == 400  # B wins all it can, A the rest


def test_a_change_that_keeps_its_offer_out_has_no_alone_award(tmp_path: Path) -> None:
    scenario, blocks, table = a_cent_for_each_loser(tmp_path, exclude=True)
    assert not alone_awards(scenario, blocks, table).solved.any()


def test_no_change_no_award(tmp_path: Path) -> None:
    scenario, blocks, table = a_cent_for_each_loser(tmp_path, force=True)
    assert len(alone_awards(scenario, blocks, table.iloc[:0]).solved) == 0
