"""Every institution buying alone, solved as one scenario of product copies, costs what each alone solve costs."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from procurement.alone import buying_alone
from procurement.decompose import solve_scenario
from procurement.generate import PRESETS, generate_package
from procurement.solve import SolveOptions
from procurement.validate import load_scenario


@pytest.mark.parametrize("flags", [{"budgets": True}, {"price_breaks": True, "fixed_costs": True}])
def test_the_copies_cost_what_each_institution_pays_buying_alone(tmp_path: Path, flags: dict[str, bool]) -> None:
    spec = replace(PRESETS["small"], products=15, institutions=4, seed=8, **flags)
    scenario, _ = load_scenario(generate_package(tmp_path / "pkg", spec))
    alone, original = buying_alone(scenario, scenario.demand)
    assert len(alone.products) == len(scenario.demand)
    assert set(original) == set(scenario.demand["product_id"])
    copies = solve_scenario(alone, SolveOptions())
    separately = [
        solve_scenario(scenario.restricted_to(institution_ids={i}), SolveOptions()).objective or 0.0
        for i in scenario.institutions["institution_id"]
    ]
    assert copies.objective == pytest.approx(sum(separately), rel=1e-9)
