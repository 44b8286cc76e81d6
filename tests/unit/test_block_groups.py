"""Blocks pooled into shared models: linear ones and tiny MILPs together, larger MILPs alone, same optimum."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from procurement.decompose import SMALL_BLOCK_ARCS, find_blocks, group_blocks, linear_products, solve_scenario
from procurement.generate import PRESETS, generate_package
from procurement.lp import build_award_model
from procurement.scenario import Scenario
from procurement.solve import SolveOptions, solve
from procurement.validate import load_scenario


def generated(tmp_path: Path, **flags: bool) -> Scenario:
    scenario, _ = load_scenario(generate_package(tmp_path / "pkg", replace(PRESETS["small"], seed=2, **flags)))
    return scenario


def test_single_price_products_are_linear_and_price_breaks_are_not(tmp_path: Path) -> None:
    lp = generated(tmp_path / "lp")
    assert linear_products(lp) == set(lp.products["product_id"])
    milp = generated(tmp_path / "milp", price_breaks=True)
    assert linear_products(milp) == set(milp.products["product_id"]) - set(milp.bids["product_id"])  # no bid


def test_linear_blocks_share_one_model_and_milp_blocks_of_the_whole_purchase_stay_alone(tmp_path: Path) -> None:
    lp = generated(tmp_path / "lp")
    assert group_blocks(lp, find_blocks(lp)) == [find_blocks(lp)]
    milp = generated(tmp_path / "milp", price_breaks=True, fixed_costs=True)
    arcs = milp.bids.drop_duplicates(["supplier_id", "product_id"]).groupby("product_id").size()
    arcs *= milp.demand.groupby("product_id").size()
    alone = [group for group in group_blocks(milp, find_blocks(milp)) if len(group) == 1]
    assert {block[0] for (block,) in alone} >= set(arcs.index[arcs > SMALL_BLOCK_ARCS])


def test_one_institution_buying_alone_has_its_small_milp_blocks_pooled(tmp_path: Path) -> None:
    milp = generated(tmp_path, price_breaks=True, fixed_costs=True)
    alone = milp.restricted_to(institution_ids={"SYN-I06"})
    alone = alone.restricted_to(product_ids=set(alone.demand["product_id"]))
    groups = group_blocks(alone, find_blocks(alone))
    assert len(groups) < len(find_blocks(alone)) / 10
    pooled = solve_scenario(alone, SolveOptions())
    one_model = solve(build_award_model(alone), SolveOptions())
    assert pooled.blocks == len(find_blocks(alone))
    assert pooled.objective == pytest.approx(one_model.objective, rel=1e-9)
