"""What-if variants: every combination of the varied settings, products with their own rule keep it, bad values
are all reported with the variant they belong to."""

from __future__ import annotations

import math

import pytest

from procurement.errors import ScenarioError
from procurement.files import read_package
from procurement.variants import Variation, VariationError, build_variants, parse_variation
from tests.conftest import SCENARIOS

SAMPLE = SCENARIOS / "sample"
METFORMIN = "010.000.5165.00"  # its own max_price_gap is 0.10 in products.csv
PARACETAMOL = "010.000.0104.00"  # follows the policy


def gap_of(products: object, product: str) -> float:
    import pandas as pd

    assert isinstance(products, pd.DataFrame)
    return float(products.set_index("product_id").at[product, "max_price_gap"])


def test_a_variation_is_read_with_typed_values() -> None:
    assert parse_variation("policy.max_price_gap=0,0.05,none") == Variation("policy.max_price_gap", (0, 0.05, None))
    assert parse_variation("policy.single_source=true,false").values == (True, False)
    assert parse_variation("solver.mip_gap=0.01").values == (0.01,)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("policy.max_price_gap", "must look like policy.max_price_gap=0,0.05,0.10"),
        ("name=x", '"name" cannot be varied'),
        ("policy.max_gap=0.1", '"policy.max_gap" cannot be varied'),
    ],
)
def test_a_malformed_variation_says_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_variation(text)


def test_every_combination_becomes_a_variant_with_the_policy_re_resolved() -> None:
    variations = [
        parse_variation("policy.max_price_gap=0,0.05,0.10"),
        parse_variation("policy.national_preference=0,0.1"),
    ]
    variants = build_variants(read_package(SAMPLE), variations)
    assert [variant.label for variant in variants] == [
        "max_price_gap=0, national_preference=0",
        "max_price_gap=0, national_preference=0.1",
        "max_price_gap=0.05, national_preference=0",
        "max_price_gap=0.05, national_preference=0.1",
        "max_price_gap=0.1, national_preference=0",
        "max_price_gap=0.1, national_preference=0.1",
    ]
    third = variants[2].scenario
    assert third.policy["max_price_gap"] == 0.05
    assert gap_of(third.products, PARACETAMOL) == 0.05
    assert gap_of(third.products, METFORMIN) == 0.10
    assert variants[1].scenario.policy["national_preference"] == 0.1


def test_none_removes_a_setting() -> None:
    [variant] = build_variants(read_package(SAMPLE), [parse_variation("policy.max_suppliers=none")])
    assert variant.scenario.policy.get("max_suppliers") is None
    assert math.isnan(variant.scenario.products.set_index("product_id").at[PARACETAMOL, "max_suppliers"])


SETTING = "scenario.toml setting policy.national_preference"


def test_bad_values_are_all_reported_with_their_variant() -> None:
    variations = [parse_variation("policy.national_preference=0.1,1.5,-1")]
    with pytest.raises(ScenarioError) as raised:
        build_variants(read_package(SAMPLE), variations)
    assert [issue.describe("en") for issue in raised.value.issues] == [
        f"variant national_preference=-1: {SETTING}: -1 must be at least 0 and below 1",
        f"variant national_preference=1.5: {SETTING}: 1.5 must be at least 0 and below 1",
    ]


def test_a_setting_varied_twice_is_refused() -> None:
    twice = [parse_variation("policy.max_suppliers=1"), parse_variation("policy.max_suppliers=2")]
    with pytest.raises(VariationError, match=r"policy\.max_suppliers is varied twice"):
        build_variants(read_package(SAMPLE), twice)
