"""What a run reports beyond the award: blocks solved apart, and the solve status (time limits, the choice of
solver). Savings are checked in test_savings.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from procurement.decompose import market_blocks
from procurement.errors import SolverError
from procurement.index import build_index
from procurement.pipeline import run_scenario, write_award_model
from procurement.scenario import Scenario
from procurement.solve import SolveOptions, SolveStatus, solve_scenario
from tests.builders import award_map, load, solve_files
from tests.unit.award_checks import SPLIT_DEMAND, TWO_PRODUCTS, P, Q

R = "010.000.0106.00"
POOLED_BREAK = f"""
supplier_id,product_id,unit_price,from_quantity
A,{P},10,0
A,{P},8,100
B,{P},9,0
"""


# --- decomposition ------------------------------------------------------------------------------------------

THREE_PRODUCTS = TWO_PRODUCTS + f"{R},Omeprazol,medicine,caja\n"
LINKED = {
    "institutions": "institution_id,name,budget\nIMSS,IMSS,1500\nISSSTE,ISSSTE,\n",
    "products": THREE_PRODUCTS,
    "demand": f"institution_id,product_id,quantity\nIMSS,{P},100\nIMSS,{Q},100\nISSSTE,{Q},20\nISSSTE,{R},30\n",
    "bids": f"supplier_id,product_id,unit_price,capacity\nA,{P},10,\nB,{P},20,\nA,{Q},10,60\nB,{Q},12,\nC,{R},5,\n",
}


def product_blocks(scenario: Scenario) -> list[list[str]]:
    """The products of each independent block of the consolidated purchase."""
    index = build_index(scenario)
    ids = scenario.products["product_id"].to_numpy()[index.market_product]
    blocks = market_blocks(index)
    return sorted(sorted(ids[blocks == b]) for b in range(blocks.max() + 1))


def test_budget_links_products_into_one_block(tmp_path: Path) -> None:
    # IMSS's budget ties P and Q; R is bought only by ISSSTE, which has no budget.
    assert product_blocks(load(tmp_path, **LINKED)) == [[P, Q], [R]]


def test_blocks_solved_apart_give_the_same_objective_as_one_model(tmp_path: Path) -> None:
    # IMSS's 1500 buys P (1000) and 50 Q (500), 50 Q short at 120; ISSSTE's 20 Q come 10 from A (capacity 60)
    # and 10 from B at 12; R 30 at 5. Objective 1500 + 6000 + 100 + 120 + 150 = 7870.
    scenario = load(tmp_path, **LINKED)
    blocks = solve_scenario(scenario, SolveOptions())
    whole = solve_scenario(scenario, SolveOptions(), decompose=False)
    assert blocks.blocks == 2
    assert blocks.objective == pytest.approx(whole.objective, rel=1e-9)
    assert blocks.objective == pytest.approx(7870)
    assert blocks.cost_terms == pytest.approx(whole.cost_terms)


# --- solve status and solvers -------------------------------------------------------------------------------


def hard_mip(products: int = 40) -> dict[str, str]:
    """Price breaks, capacities and fixed costs on 40 products tied by one budget: a tenth of a second or more
    to prove optimal, far beyond a millisecond."""
    ids = [f"P{k:02d}" for k in range(products)]
    bids = ["supplier_id,product_id,unit_price,from_quantity,capacity,fixed_cost"]
    for k, product in enumerate(ids):
        for s, supplier in enumerate("ABC"):
            price, capacity, fixed = 80 + (7 * k + 13 * s) % 41, 60 + (11 * k + 29 * s) % 140, (37 * k + 53 * s) % 300
            bids += [f"{supplier},{product},{price},0,{capacity},{fixed}"]
            bids += [f"{supplier},{product},{price - 5},100,{capacity},{fixed}"]
    demand = [f"{i},{p},{50 + (17 * k + 31 * len(i)) % 100}" for k, p in enumerate(ids) for i in ("IMSS", "ISSSTE")]
    return {
        "institutions": "institution_id,name,budget\nIMSS,IMSS,500000\nISSSTE,ISSSTE,\n",
        "products": "product_id,description,category,unit\n" + "".join(f"{p},x,medicine,caja\n" for p in ids),
        "demand": "institution_id,product_id,quantity\n" + "\n".join(demand) + "\n",
        "bids": "\n".join(bids) + "\n",
    }


def test_tiny_time_limit_stops_early_and_says_so_honestly(tmp_path: Path) -> None:
    outcome = run_scenario(load(tmp_path, **hard_mip()), SolveOptions(time_limit_s=0.001))
    solution = outcome.solution
    assert solution.status in (SolveStatus.FEASIBLE, SolveStatus.NO_SOLUTION)
    if solution.status is SolveStatus.NO_SOLUTION:
        assert solution.objective is None
        assert outcome.awards.empty
    else:
        assert solution.objective is not None
        assert solution.bound is None or solution.bound <= solution.objective + 1e-6


def test_cbc_gives_the_same_objective_as_highs_on_a_mip(tmp_path: Path) -> None:
    # Price breaks and a minimum lot make it a MILP; both solvers prove the optimum: A 100 at 9 = 900
    # (B's minimum of 40 at 9.5 would cost 380 + 60 at 10 = 980).
    files = {
        "demand": SPLIT_DEMAND,
        "bids": f"""
        supplier_id,product_id,unit_price,from_quantity,min_quantity
        A,{P},10,0,
        A,{P},9,80,
        B,{P},9.5,0,40
        """,
    }
    highs = solve_files(tmp_path / "highs", **files)
    cbc = solve_files(tmp_path / "cbc", scenario_toml='name = "t"\n[solver]\nname = "cbc"\n', **files)
    assert (highs.solution.solver, cbc.solution.solver) == ("highs", "cbc")
    assert cbc.solution.is_mip
    assert cbc.status is SolveStatus.OPTIMAL
    assert cbc.solution.objective == pytest.approx(highs.solution.objective) == pytest.approx(900)
    assert award_map(cbc) == award_map(highs) == {("IMSS", P, "A"): 60, ("ISSSTE", P, "A"): 40}


def test_unknown_solver_is_a_solver_error(tmp_path: Path) -> None:
    with pytest.raises(SolverError, match="unknown solver"):
        solve_scenario(load(tmp_path), SolveOptions(solver="gurobi"))


def test_the_written_model_solves_to_the_same_objective(tmp_path: Path) -> None:
    # The written model is the whole award model as the solver sees it; HiGHS reading it back finds the same
    # optimum (the model leaves out only the penalty of demand nobody can supply, here none; its objective holds
    # the tie-break allowance of a millionth per unit and rank, about a tenth of a cent here).
    import highspy

    scenario = load(tmp_path, **hard_mip(products=6))
    solution = solve_scenario(scenario, SolveOptions())
    for suffix in (".mps", ".lp"):
        path = write_award_model(scenario, tmp_path / f"award{suffix}")
        highs = highspy.Highs()  # type: ignore[no-untyped-call]
        highs.setOptionValue("output_flag", False)
        highs.readModel(str(path))
        highs.run()
        assert highs.getInfo().objective_function_value == pytest.approx(solution.objective, abs=0.01)


def test_solves_with_different_thread_counts_follow_each_other_in_one_process(tmp_path: Path) -> None:
    # HiGHS keeps one thread scheduler per process and refuses another thread count until it is started anew.
    scenario = load(tmp_path, **hard_mip(products=3))
    objectives = [solve_scenario(scenario, SolveOptions(threads=threads)).objective for threads in (2, 1, None, 2)]
    assert None not in objectives
    assert len(set(objectives)) == 1
