"""The scenario generator: deterministic, valid, and shaped like a real consolidated purchase."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from procurement.cli import main
from procurement.generate import PRESETS, GeneratorSpec, generate_package, generate_tables
from procurement.validate import load_scenario

SMALL = PRESETS["small"]


def package_bytes(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_the_same_seed_writes_the_same_bytes(tmp_path: Path) -> None:
    spec = replace(SMALL, seed=7, price_breaks=True, fixed_costs=True, budgets=True)
    first = package_bytes(generate_package(tmp_path / "a", spec))
    second = package_bytes(generate_package(tmp_path / "b", spec))
    assert first == second
    assert set(first) == {
        "scenario.toml",
        "institutions.csv",
        "products.csv",
        "demand.csv",
        "suppliers.csv",
        "bids.csv",
    }


def test_another_seed_writes_another_purchase(tmp_path: Path) -> None:
    first = package_bytes(generate_package(tmp_path / "a", replace(SMALL, seed=1)))
    second = package_bytes(generate_package(tmp_path / "b", replace(SMALL, seed=2)))
    assert first["bids.csv"] != second["bids.csv"]
    assert first["demand.csv"] != second["demand.csv"]


@pytest.mark.parametrize(
    "flags",
    [
        {},
        {"price_breaks": True, "fixed_costs": True, "budgets": True},
        {"periods": 2, "open_contracts": True, "budgets": True},
    ],
)
def test_a_generated_package_passes_validation(tmp_path: Path, flags: dict[str, bool]) -> None:
    spec = replace(PRESETS["medium"], seed=3, **flags)
    scenario, _ = load_scenario(generate_package(tmp_path / "pkg", spec))
    assert len(scenario.products) == spec.products
    assert len(scenario.institutions) == spec.institutions
    assert len(scenario.suppliers) == spec.suppliers


def test_the_largest_institution_buys_far_more_than_the_smallest() -> None:
    _, tables = generate_tables(replace(PRESETS["medium"], seed=5))
    totals = tables["demand.csv"].groupby("institution_id")["quantity"].sum()
    assert totals.idxmax() == "SYN-I01"
    assert totals.max() > 10 * totals.min()
    assert totals.max() > 0.2 * totals.sum()


def test_some_products_get_no_bid_and_some_bids_exceed_the_reference_price() -> None:
    _, tables = generate_tables(replace(PRESETS["medium"], seed=5))
    products, bids = tables["products.csv"], tables["bids.csv"]
    assert not set(products["product_id"]) <= set(bids["product_id"])
    reference = bids["product_id"].map(products.set_index("product_id")["reference_price"])
    assert (bids["unit_price"] > reference).any()
    assert bids["capacity"].notna().any()
    assert bids["capacity"].isna().any()


def test_price_breaks_give_three_falling_tiers_per_offer() -> None:
    _, tables = generate_tables(replace(SMALL, seed=9, price_breaks=True))
    for _, offer in tables["bids.csv"].groupby(["supplier_id", "product_id"]):
        assert offer["from_quantity"].is_unique
        assert offer["from_quantity"].is_monotonic_increasing
        assert len(offer) == 3
        assert offer["from_quantity"].iloc[0] == 0
        assert offer["unit_price"].is_monotonic_decreasing


def test_fixed_costs_and_budgets_appear_only_when_asked() -> None:
    _, plain = generate_tables(replace(SMALL, seed=4))
    _, rich = generate_tables(replace(SMALL, seed=4, fixed_costs=True, budgets=True))
    assert plain["bids.csv"]["fixed_cost"].isna().all()
    assert "budget" not in plain["institutions.csv"]
    assert (rich["bids.csv"]["fixed_cost"] > 0).all()
    assert (rich["institutions.csv"]["budget"] > 0).all()


def test_periods_split_each_row_and_open_contracts_keep_at_least_40_percent() -> None:
    _, plain = generate_tables(replace(SMALL, seed=5, budgets=True))
    _, split = generate_tables(replace(SMALL, seed=5, budgets=True, periods=2, open_contracts=True))
    demand = split["demand.csv"]
    assert set(demand["period"]) == {"2026", "2027"}
    assert demand["quantity"].sum() == plain["demand.csv"]["quantity"].sum()
    minimum = demand["minimum"].dropna()
    assert 0.3 < len(minimum) / len(demand) < 0.7
    assert (minimum >= 0.4 * demand.loc[minimum.index, "quantity"]).all()
    budgets = split["budgets.csv"]
    assert budgets["budget"].sum() == pytest.approx(plain["institutions.csv"]["budget"].sum(), rel=1e-6)
    assert "budget" not in split["institutions.csv"]


def test_the_national_preset_has_about_20000_bids_and_680000_supplier_institution_product_pairs() -> None:
    _, tables = generate_tables(PRESETS["national"])
    bids, demand = tables["bids.csv"], tables["demand.csv"]
    pairs = (bids.groupby("product_id").size() * demand.groupby("product_id").size()).sum()
    assert 19_000 <= len(bids) <= 21_000
    assert 650_000 <= pairs <= 710_000


def test_the_generate_command_writes_a_valid_package(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "pkg"
    assert main(["generate", "--preset", "small", "--suppliers", "12", "--seed", "3", "--out", str(out)]) == 0
    scenario, _ = load_scenario(out)
    assert len(scenario.suppliers) == 12
    assert "12 proveedores" in capsys.readouterr().out  # Spanish unless --lang en


def test_the_generate_command_needs_a_preset_or_every_size(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", "--products", "5", "--out", str(tmp_path / "pkg")]) == 2
    assert "--institutions" in capsys.readouterr().err
    assert not (tmp_path / "pkg").exists()


def test_generated_ids_and_names_say_they_are_synthetic() -> None:
    _, tables = generate_tables(GeneratorSpec(products=5, institutions=3, suppliers=4, seed=1))
    for file, column in [("products.csv", "product_id"), ("suppliers.csv", "supplier_id")]:
        assert tables[file][column].str.startswith("SYN-").all()
    assert pd.Series(tables["institutions.csv"]["name"]).str.startswith("Synthetic").all()


def test_delivery_costs_differ_by_institution_and_leave_the_other_tables_as_they_were(tmp_path: Path) -> None:
    plain = package_bytes(generate_package(tmp_path / "plain", replace(SMALL, seed=4)))
    spec = replace(SMALL, seed=4, delivery=True)
    with_delivery = package_bytes(generate_package(tmp_path / "delivery", spec))
    assert {name: plain[name] for name in plain} == {name: with_delivery[name] for name in plain}
    scenario, _ = load_scenario(tmp_path / "delivery")
    delivery = scenario.delivery
    assert set(delivery["supplier_id"]) == set(scenario.bids["supplier_id"])
    assert delivery.groupby("supplier_id")["cost_per_unit"].nunique().min() > 1


def test_the_share_of_offers_with_a_capacity_can_be_set() -> None:
    few = generate_tables(replace(SMALL, seed=6))[1]["bids.csv"]
    many = generate_tables(replace(SMALL, seed=6, capacity_share=0.6))[1]["bids.csv"]
    assert few["capacity"].notna().mean() < 0.35 < many["capacity"].notna().mean()


def test_generate_takes_delivery_and_the_capacity_share(tmp_path: Path) -> None:
    code = main(
        ["generate", "--preset", "small", "--delivery", "--capacity-share", "0.6", "--out", str(tmp_path / "p")]
    )
    assert code == 0
    assert (tmp_path / "p" / "delivery.csv").is_file()
