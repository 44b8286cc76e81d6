"""Every claim of an explanation, checked by solving the purchase again: on the sample and on generated
purchases that between them use every rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from procurement.generate import GeneratorSpec, generate_package
from procurement.pipeline import options_for, run_scenario
from procurement.validate import load_scenario
from tests.explain_checks import budget_claims, price_claims, rule_claims

ROOT = Path(__file__).resolve().parents[2]
POLICIES = {
    "split, gap, national": '[policy]\nsplit_shares = "0.6;0.4"\nmax_price_gap = 0.25\nnational_preference = 0.1\n',
    "max suppliers, single source": "[policy]\nmax_suppliers = 1\nsingle_source = true\n",
}


def check_all(package: Path) -> None:
    scenario, _ = load_scenario(package)
    outcome = run_scenario(scenario, options_for(scenario), baseline=False, explained=True)
    assert outcome.explanation is not None
    offers, costs = outcome.explanation.offers, outcome.explanation.rule_costs
    assert offers["price_to_win"].notna().any()
    assert offers["price_to_lose"].notna().any()
    assert price_claims(scenario, offers) == []
    assert rule_claims(scenario, costs) == []
    assert budget_claims(scenario, costs) == []


def test_sample_claims() -> None:
    check_all(ROOT / "scenarios" / "sample")


@pytest.mark.parametrize("seed", [1, 2])
def test_generated_with_budgets_fixed_costs_and_delivery(tmp_path: Path, seed: int) -> None:
    spec = GeneratorSpec(
        products=4, institutions=3, suppliers=5, seed=seed, budgets=True, fixed_costs=True, delivery=True
    )
    check_all(generate_package(tmp_path / "pkg", spec))


@pytest.mark.parametrize("policy", POLICIES, ids=list(POLICIES))
def test_generated_with_policy_rules(tmp_path: Path, policy: str) -> None:
    spec = GeneratorSpec(products=4, institutions=3, suppliers=5, seed=3, price_breaks=True, capacity_share=0.5)
    package = generate_package(tmp_path / "pkg", spec)
    toml = package / "scenario.toml"
    toml.write_text(toml.read_text() + POLICIES[policy])
    check_all(package)
