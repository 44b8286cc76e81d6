"""Blocks pooled into shared models: linear ones and tiny MILPs together, larger MILPs alone, same optimum; and
the exact reductions that settle demand before the solver."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from procurement.decompose import SMALL_BLOCK_COLUMNS, Partition, group_blocks, market_blocks
from procurement.generate import PRESETS, generate_package
from procurement.index import AwardIndex, build_index
from procurement.model import build_award_model
from procurement.presolve import presolve
from procurement.scenario import Scenario
from procurement.solve import PACKED_COLUMNS, SolveOptions, _packs, solve_models, solve_partitions, solve_scenario
from procurement.validate import load_scenario


def generated(tmp_path: Path, **flags: bool) -> Scenario:
    scenario, _ = load_scenario(generate_package(tmp_path / "pkg", replace(PRESETS["small"], seed=2, **flags)))
    return scenario


def groups_of(index: AwardIndex) -> list[np.ndarray]:
    model = build_award_model(index)
    return group_blocks(presolve(model, model.arrays()).arrays, market_blocks(index)).groups


def test_single_price_offers_need_no_choice_and_price_breaks_do(tmp_path: Path) -> None:
    lp = build_index(generated(tmp_path / "lp"))
    assert not lp.offer_choice.any()
    milp = build_index(generated(tmp_path / "milp", price_breaks=True))
    tiers = np.bincount(milp.tier_offer, minlength=len(milp.offer_market))
    assert (milp.offer_choice == (tiers > 1) | (milp.tier_low[milp.tier_first()] > 0)).all()


def test_linear_blocks_share_one_model_and_large_milp_blocks_stay_alone(tmp_path: Path) -> None:
    assert len(groups_of(build_index(generated(tmp_path / "lp")))) <= 1
    milp = build_index(generated(tmp_path / "milp", price_breaks=True, fixed_costs=True))
    model = build_award_model(milp)
    arrays = presolve(model, model.arrays()).arrays
    blocks = market_blocks(milp)
    size = np.bincount(blocks[arrays.col_market], minlength=blocks.max() + 1)
    alone = {int(group[0]) for group in group_blocks(arrays, blocks).groups if len(group) == 1}
    assert alone >= set(np.flatnonzero(size > SMALL_BLOCK_COLUMNS))


def test_institutions_buying_alone_have_their_small_milp_blocks_pooled(tmp_path: Path) -> None:
    milp = generated(tmp_path, price_breaks=True, fixed_costs=True)
    alone = build_index(milp, np.arange(len(milp.demand)))
    groups = groups_of(alone)
    assert len(groups) < len(alone.market_product) / 10
    model = build_award_model(alone)
    pooled, one_model = (solve_models([model], SolveOptions(), decompose=decompose)[0] for decompose in (True, False))
    assert pooled.objective == pytest.approx(one_model.objective, rel=1e-9)


def test_settling_demand_before_the_solver_keeps_the_optimum(tmp_path: Path) -> None:
    scenario = generated(tmp_path)
    model = build_award_model(build_index(scenario))
    reduced = presolve(model, model.arrays())
    assert len(reduced.kept) < len(reduced.full.cost) / 2  # most pairs are decided without the solver
    settled = solve_scenario(scenario, SolveOptions())
    assert settled.status == "optimal"
    whole = solve_scenario(scenario, SolveOptions(), settle=False)
    assert settled.objective == pytest.approx(whole.objective, rel=1e-9)


@pytest.mark.parametrize("parallel", [False, True])
def test_past_an_explanations_deadline_no_copy_is_begun(tmp_path: Path, parallel: bool) -> None:
    """A group not begun when the deadline has passed is left undecided at once, not handed to the solver with a
    moment to spare (which still costs building the model, thousands of times in a large explanation)."""
    index = build_index(generated(tmp_path, price_breaks=True, fixed_costs=True))
    model = build_award_model(index)
    arrays = presolve(model, model.arrays()).arrays
    partition = Partition(arrays, group_blocks(arrays, market_blocks(index), alone=True))
    options = SolveOptions(deadline=time.time() - 1)
    results = solve_partitions([partition], options, parallel=parallel)
    assert len(results) == len(partition) > 1
    assert all(result.stopped and not result.status.has_solution for result, _ in results.values())


def test_small_groups_travel_to_the_workers_in_packs_and_large_ones_alone() -> None:
    weight = {(0, g): w for g, w in enumerate([5_000, PACKED_COLUMNS, 900, 900, 300, 50, 50])}
    packs = _packs(list(weight), weight)
    assert packs == [[(0, 0)], [(0, 1)], [(0, 2), (0, 3)], [(0, 4), (0, 5), (0, 6)]]


def test_packed_groups_solved_in_workers_give_each_group_its_own_result(tmp_path: Path) -> None:
    index = build_index(generated(tmp_path, price_breaks=True, fixed_costs=True))
    model = build_award_model(index)
    arrays = presolve(model, model.arrays()).arrays
    partition = Partition(arrays, group_blocks(arrays, market_blocks(index), alone=True))
    weight = {(0, g): int(partition.col_cut[g + 1] - partition.col_cut[g]) for g in range(len(partition))}
    assert len(_packs(sorted(weight, key=lambda task: -weight[task]), weight)) < len(partition) / 2
    here = solve_partitions([partition], SolveOptions())
    workers = solve_partitions([partition], SolveOptions(), parallel=True)
    assert set(workers) == set(here)
    for task, (result, _) in here.items():
        assert workers[task][0].objective == pytest.approx(result.objective, rel=1e-9)
