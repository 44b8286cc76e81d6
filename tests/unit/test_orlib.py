"""Converting OR-Library warehouse location files into scenario packages, without solving large ones."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from procurement.errors import ScenarioError
from procurement.orlib import PRODUCT_ID, package_tables, parse_instance, read_instance, write_instance_package
from procurement.pipeline import options_for
from procurement.solve import solve_scenario
from procurement.validate import load_scenario

# 2 warehouses (capacity, fixed cost), then each customer: demand and the cost of serving all of it from each.
TWO_BY_TWO = """2 2
 10 100.
 capacity 5.
 4 40. 8.
 6 6. 60.
"""


def test_capacity_placeholder_takes_the_given_capacity() -> None:
    instance = parse_instance(TWO_BY_TWO, "tiny", capacity=7)
    assert instance.capacity.tolist() == [7.0, 7.0]
    assert instance.fixed_cost.tolist() == [100.0, 5.0]
    assert instance.demand.tolist() == [4.0, 6.0]
    assert instance.cost.tolist() == [[40.0, 6.0], [8.0, 60.0]]


def test_capacity_placeholder_without_a_capacity_is_an_error() -> None:
    with pytest.raises(ScenarioError, match="capacity"):
        parse_instance(TWO_BY_TWO, "tiny")


def test_missing_numbers_are_an_error() -> None:
    with pytest.raises(ScenarioError, match="need 12"):
        parse_instance(TWO_BY_TWO.rsplit(" ", 2)[0], "tiny", capacity=7)


def test_delivery_cost_is_the_assignment_cost_per_unit_of_demand() -> None:
    _, tables = package_tables(parse_instance(TWO_BY_TWO, "tiny", capacity=7))
    delivery = tables["delivery.csv"].set_index(["supplier_id", "institution_id"])["cost_per_unit"]
    assert delivery.to_dict() == {("W1", "C1"): 10.0, ("W1", "C2"): 1.0, ("W2", "C1"): 2.0, ("W2", "C2"): 10.0}


def test_tiny_instance_solves_to_its_hand_optimum(tmp_path: Path) -> None:
    source = tmp_path / "tiny.txt"
    source.write_text(TWO_BY_TWO, encoding="ascii")
    scenario, warnings = load_scenario(write_instance_package(tmp_path / "package", source, capacity=7))
    solution = solve_scenario(scenario, options_for(scenario))
    # Neither warehouse holds the whole demand of 10, so both open (105) and each customer goes to the
    # warehouse that serves it cheaply (8 + 6); falling short instead must cost more.
    assert warnings == []
    assert solution.objective == pytest.approx(119.0)
    assert solution.cost_terms["shortage_penalty"] == 0


def test_single_source_sets_the_product_rule() -> None:
    settings, tables = package_tables(parse_instance(TWO_BY_TWO, "tiny", capacity=7), single_source=True)
    assert tables["products.csv"].set_index("product_id").at[PRODUCT_ID, "single_source"] == "true"
    assert "budget" not in tables["institutions.csv"]
    assert settings["policy"]["shortfall_penalty"] > 105 + 40 + 60


def test_both_layouts_of_a_file_give_the_same_instance(reference_dir: Path) -> None:
    orlib = reference_dir / "orlib"
    for name in ("cap71", "cap131"):
        ours, original = read_instance(orlib / f"{name}.txt"), read_instance(orlib / "original_layout" / f"{name}.txt")
        for field in ("capacity", "fixed_cost", "demand", "cost"):
            assert np.array_equal(getattr(ours, field), getattr(original, field)), (name, field)


def test_capa_converts_with_its_capacity_placeholder(reference_dir: Path) -> None:
    instance = read_instance(reference_dir / "orlib" / "capa.txt", capacity=8000)
    _, tables = package_tables(instance)
    assert instance.cost.shape == (100, 1000)
    assert (instance.capacity == 8000).all()
    assert instance.demand.sum() == 50_886
    assert len(tables["delivery.csv"]) == 100_000
    assert tables["bids.csv"]["capacity"].eq(8000).all()
