"""Every claim of an explanation, checked by solving the purchase again: on the sample and on generated
purchases that between them use every rule."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from procurement.explain import Explanation
from procurement.generate import GeneratorSpec, generate_package
from procurement.pipeline import Outcome, options_for, run_scenario
from procurement.scenario import Scenario
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
    check_claims(scenario, outcome.explanation)


def solve_with(package: Path, policy: str) -> tuple[Scenario, Outcome]:
    """The package with `policy` ([policy] settings) added to its scenario.toml, solved and explained."""
    toml = package / "scenario.toml"
    toml.write_text(toml.read_text() + f"[policy]\n{policy}")
    scenario, _ = load_scenario(package)
    return scenario, run_scenario(scenario, options_for(scenario), baseline=False, explained=True)


def check_claims(scenario: Scenario, explanation: Explanation) -> None:
    offers, costs = explanation.offers, explanation.rule_costs
    assert offers["price_to_win"].notna().any()
    assert offers["price_to_lose"].notna().any()
    assert price_claims(scenario, offers) == []
    assert rule_claims(scenario, costs) == []
    assert budget_claims(scenario, costs) == []


@pytest.fixture(scope="module")
def sample_explained() -> tuple[Scenario, Explanation]:
    scenario, _ = load_scenario(ROOT / "scenarios" / "sample")
    explanation = run_scenario(scenario, options_for(scenario), baseline=False, explained=True).explanation
    assert explanation is not None
    assert explanation.complete
    return scenario, explanation


def test_sample_claims(sample_explained: tuple[Scenario, Explanation]) -> None:
    check_claims(*sample_explained)


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


def test_generated_with_prices_rejected_by_the_price_check(tmp_path: Path) -> None:
    """Market research at the median of each clave's bids: the dearer bids are not acceptable and rejected."""
    spec = GeneratorSpec(products=4, institutions=3, suppliers=5, seed=4, price_breaks=True, capacity_share=0.5)
    package = generate_package(tmp_path / "pkg", spec)
    bids = pd.read_csv(package / "bids.csv", dtype={"product_id": str})
    market = bids.groupby("product_id", as_index=False)["unit_price"].median().assign(source="Estudio")
    market.to_csv(package / "market.csv", index=False)
    scenario, outcome = solve_with(package, 'price_check = "exclude"\nunacceptable_margin = 0.02\n')
    assert outcome.explanation is not None
    assert (outcome.explanation.offers["reason"] == "price_not_acceptable").any()
    check_claims(scenario, outcome.explanation)


def test_generated_with_supplier_records(tmp_path: Path) -> None:
    """Every supplier with a record, so each price counts its own surcharge when bids are compared."""
    spec = GeneratorSpec(products=4, institutions=3, suppliers=5, seed=5, price_breaks=True, capacity_share=0.5)
    package = generate_package(tmp_path / "pkg", spec)
    suppliers = pd.read_csv(package / "suppliers.csv")["supplier_id"]
    shares = [(0.99, 0.0, 0.0), (0.9, 0.1, 0.02), (0.95, 0.3, 0.0), (1.0, 0.05, 0.01), (0.8, 0.0, 0.05)]
    record = pd.DataFrame(shares, columns=["fill_rate", "late_deliveries", "penalties_paid"]).assign(
        supplier_id=suppliers.to_numpy()
    )
    record.to_csv(package / "supplier_record.csv", index=False)
    check_all(package)


def test_generated_with_supply_continuity(tmp_path: Path) -> None:
    """Every clave needs two suppliers, and each institution's current supplier of a clave (the dearest bidder, so
    the limit bites) keeps at least 60 % of what it buys."""
    spec = GeneratorSpec(products=4, institutions=3, suppliers=5, seed=6, price_breaks=True, capacity_share=0.5)
    package = generate_package(tmp_path / "pkg", spec)
    bids = pd.read_csv(package / "bids.csv", dtype={"product_id": str})
    demand = pd.read_csv(package / "demand.csv", dtype={"product_id": str})
    dearest = bids.sort_values("unit_price").groupby("product_id")["supplier_id"].last()
    incumbents = demand[["institution_id", "product_id"]].assign(supplier_id=lambda d: d["product_id"].map(dearest))
    incumbents.to_csv(package / "incumbents.csv", index=False)
    scenario, outcome = solve_with(package, "min_suppliers = 2\nmax_switch = 0.4\n")
    assert outcome.explanation is not None
    assert {"min_suppliers", "switching"} <= set(outcome.binding["rule"])
    check_claims(scenario, outcome.explanation)


@pytest.mark.parametrize("time_limit_s", [0.0, 4.0])
def test_a_time_limit_leaves_figures_blank_never_wrong(
    sample_explained: tuple[Scenario, Explanation], time_limit_s: float
) -> None:
    """Stopped by its time limit, the explanation leaves blank what it had not found and says so; everything it
    did find is what it finds without a limit."""
    scenario, whole = sample_explained
    options = options_for(scenario)
    limited = run_scenario(scenario, options, baseline=False, explained=True, explain_time_limit_s=time_limit_s)
    assert limited.explanation is not None
    offers, costs = limited.explanation.offers, limited.explanation.rule_costs
    stopped = offers["found_by"] == "time_limit"
    if time_limit_s == 0:
        assert stopped.any()
    assert offers.loc[stopped, ["price_to_win", "price_to_lose"]].isna().all().all()
    pd.testing.assert_frame_equal(offers[~stopped], whole.offers[~stopped])
    blank_fix = (costs["kind"] == "shortage") & costs["value"].isna()
    same = costs[~blank_fix].merge(whole.rule_costs, how="left", indicator=True)
    assert (same["_merge"] == "both").all()
    lacking = stopped.any() or blank_fix.any() or len(costs) < len(whole.rule_costs)
    assert limited.explanation.complete is not lacking


def test_the_claims_hold_on_the_open_contracts_sample_with_a_clave_priced_per_year() -> None:
    # captopril's bids name their year: each year's offers are repriced and re-solved apart
    check_all(ROOT / "scenarios" / "open-contracts")
