"""Like-for-like savings on hand-checked cases: unmet demand is never a saving, dearer pairs say why, every
table adds up to the same cents, and the files write money exactly."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from procurement.files import read_package
from procurement.pipeline import options_for
from procurement.report import write_outcome
from procurement.savings import DEARER_REASONS
from procurement.variants import build_variants, parse_variation
from reports.compare import comparison_table, row_kinds, solve_variants
from reports.labels import LANGUAGES, dearer_label, labels
from tests.builders import solve_files, write_package
from tests.unit.award_checks import SPLIT_DEMAND, P

POOLED_BREAK = f"""
supplier_id,product_id,unit_price,from_quantity
A,{P},10,0
A,{P},8,100
B,{P},9,0
"""
LAST_PAID_10 = f"institution_id,product_id,unit_price\nIMSS,{P},10\n"


def test_savings_compare_the_pooled_award_with_each_institution_buying_alone(tmp_path: Path) -> None:
    # Alone, IMSS (60) and ISSSTE (40) miss A's break at 100 and buy from B at 9: 540 and 360.
    # Pooled, A sells all 100 at 8: 480 and 320. Savings 60 and 40, 100 of 900 in all (11.11 %).
    outcome = solve_files(tmp_path, demand=SPLIT_DEMAND, bids=POOLED_BREAK)
    by_institution = outcome.savings_by_institution.set_index("institution_id")
    assert by_institution["baseline_cost"].to_dict() == {"IMSS": 540, "ISSSTE": 360}
    assert by_institution["consolidated_cost"].to_dict() == {"IMSS": 480, "ISSSTE": 320}
    assert by_institution["savings"].to_dict() == {"IMSS": 60, "ISSSTE": 40}
    totals = outcome.savings_totals
    assert (totals["baseline_cost"], totals["consolidated_cost"], totals["savings"]) == (900, 800, 100)
    assert (totals["savings_pct"], totals["unmet_quantity"], totals["dearer_pairs"]) == (11.11, 0, 0)
    assert set(outcome.savings_pairs["baseline_source"]) == {"buying_alone"}


def test_baseline_price_replaces_buying_alone_where_given(tmp_path: Path) -> None:
    # IMSS paid 11 last time: baseline 660. ISSSTE alone buys 40 at 10 + fixed 30 = 430.
    # Pooled: 100 at 9 + 30 fixed, split 60/40: IMSS 540 + 18 = 558, ISSSTE 360 + 12 = 372.
    outcome = solve_files(
        tmp_path,
        demand=SPLIT_DEMAND,
        baseline=f"institution_id,product_id,unit_price\nIMSS,{P},11\n",
        bids=f"""
        supplier_id,product_id,unit_price,from_quantity,fixed_cost
        A,{P},10,0,30
        A,{P},9,80,30
        """,
    )
    pairs = outcome.savings_pairs.set_index("institution_id")
    assert pairs["baseline_source"].to_dict() == {"IMSS": "baseline_price", "ISSSTE": "buying_alone"}
    by_institution = outcome.savings_by_institution.set_index("institution_id")
    assert by_institution["baseline_cost"].to_dict() == {"IMSS": 660, "ISSSTE": 430}
    assert by_institution["consolidated_cost"].to_dict() == {"IMSS": 558, "ISSSTE": 372}
    assert outcome.savings_totals["savings"] == 160


def test_unmet_demand_is_its_own_figure_never_a_saving(tmp_path: Path) -> None:
    # docs/results.md's worked example: IMSS last paid 10 for each of its 100 boxes; the one bid sells 80 at 9.
    # Like for like: 80 × 10 = 800 against 720 paid, savings 80 (10 %); 20 boxes unmet, worth 200.
    outcome = solve_files(
        tmp_path, baseline=LAST_PAID_10, bids=f"supplier_id,product_id,unit_price,capacity\nA,{P},9,80\n"
    )
    totals = outcome.savings_totals
    assert totals == {
        "quantity": 100,
        "awarded_quantity": 80,
        "baseline_cost": 800,
        "consolidated_cost": 720,
        "savings": 80,
        "savings_pct": 10.0,
        "unmet_quantity": 20,
        "unmet_value": 200,
        "dearer_pairs": 0,
    }


def test_a_variant_that_buys_less_shows_its_unmet_demand_beside_equal_savings(tmp_path: Path) -> None:
    # IMSS last paid 10 for 100. A sells up to 60 at 9, B up to 40 at 10. With max_price_gap 0 only one may be
    # awarded, A: 60 bought for 540 against 600, 40 unmet. With a 20 % gap B adds 40 at 10: 940 against 1,000.
    # Both save 60; counting the unmet 40 boxes as saved would have shown 460 (46 %) for the first.
    package = write_package(
        tmp_path,
        baseline=LAST_PAID_10,
        bids=f"supplier_id,product_id,unit_price,capacity\nA,{P},9,60\nB,{P},10,40\n",
    )
    variants = build_variants(read_package(package), [parse_variation("policy.max_price_gap=0,0.2")])
    outcomes = solve_variants(variants, lambda *_: None)
    table = comparison_table(variants, outcomes, "en").set_index("Variant")
    strict, loose = (table[variant.label] for variant in variants)
    assert (strict["Savings"], strict["Savings %"]) == (60, 10.0)
    assert (loose["Savings"], loose["Savings %"]) == (60, 6.0)
    assert (strict["Unmet demand (units)"], strict["Unmet value at baseline prices (not a saving)"]) == (40, 400)
    assert (loose["Unmet demand (units)"], loose["Unmet demand (units) IMSS"]) == (0, 0)


def test_a_pair_that_shares_its_cheapest_supplier_pooled_is_dearer_because_of_capacity(tmp_path: Path) -> None:
    # A sells at 5 up to 100, B at 8. Alone, IMSS (80) and ISSSTE (40) each buy all from A: 400 and 200.
    # Pooled, A's 100 units are shared and 20 go to B at 8: 660, and whoever gets B's units pays more.
    outcome = solve_files(
        tmp_path,
        demand=f"institution_id,product_id,quantity\nIMSS,{P},80\nISSSTE,{P},40\n",
        bids=f"supplier_id,product_id,unit_price,capacity\nA,{P},5,100\nB,{P},8,\n",
    )
    pairs = outcome.savings_by_pair
    assert outcome.savings_totals["savings"] == -60
    dearer = pairs[pairs["savings"] < 0]
    assert len(dearer) >= 1
    assert set(dearer["dearer_reason"]) == {"capacity"}
    assert outcome.savings_totals["dearer_pairs"] == len(dearer)
    assert set(pairs.loc[pairs["savings"] >= 0, "dearer_reason"]) <= {""}


def test_bids_dearer_than_the_price_last_paid_say_so(tmp_path: Path) -> None:
    outcome = solve_files(
        tmp_path,
        baseline=f"institution_id,product_id,unit_price\nIMSS,{P},8\n",
        bids=f"supplier_id,product_id,unit_price\nA,{P},9\n",
    )
    [pair] = outcome.savings_by_pair.itertuples()
    assert (pair.savings, pair.dearer_reason) == (-100, "baseline_price")


def test_units_only_the_pool_can_buy_claim_no_saving(tmp_path: Path) -> None:
    # A sells only 100 or more: alone neither IMSS (60) nor ISSSTE (40) can buy; pooled they get all 100.
    outcome = solve_files(
        tmp_path, demand=SPLIT_DEMAND, bids=f"supplier_id,product_id,unit_price,min_quantity\nA,{P},9,100\n"
    )
    totals = outcome.savings_totals
    assert (totals["awarded_quantity"], totals["consolidated_cost"], totals["baseline_cost"]) == (100, 900, 900)
    assert (totals["savings"], totals["unmet_quantity"]) == (0, 0)


def test_suppliers_share_a_pairs_baseline_in_whole_cents_that_add_up(tmp_path: Path) -> None:
    # IMSS last paid 0.007 for each of 3 units: 2 cents in all. A, B and C deliver 1 unit each (capacity 1):
    # 2/3 of a cent each, so whole cents by the largest remainder, ties to the first supplier: 1, 1 and 0.
    outcome = solve_files(
        tmp_path,
        demand=f"institution_id,product_id,quantity\nIMSS,{P},3\n",
        baseline=f"institution_id,product_id,unit_price\nIMSS,{P},0.007\n",
        bids=f"supplier_id,product_id,unit_price,capacity\nA,{P},0.001,1\nB,{P},0.002,1\nC,{P},0.003,1\n",
    )
    by_supplier = outcome.savings_by_supplier.set_index("supplier_id")
    assert by_supplier["baseline_cost"].to_dict() == {"A": 0.01, "B": 0.01, "C": 0.0}
    assert outcome.savings_totals["baseline_cost"] == 0.02


def test_every_savings_table_adds_up_to_the_same_cents_as_the_summary(tmp_path: Path) -> None:
    outcome = solve_files(
        tmp_path,
        institutions="institution_id,name\nIMSS,IMSS\nISSSTE,ISSSTE\nPEMEX,PEMEX\n",
        demand=f"institution_id,product_id,quantity\nIMSS,{P},7\nISSSTE,{P},7\nPEMEX,{P},7\n",
        baseline=f"institution_id,product_id,unit_price\nIMSS,{P},1.337\n",
        bids=f"supplier_id,product_id,unit_price,fixed_cost,capacity\nA,{P},1.01,100,10\nB,{P},1.03,,\n",
    )
    totals = outcome.savings_totals
    tables = [outcome.savings_by_institution, outcome.savings_by_product, outcome.savings_by_pair]
    for table in [*tables, outcome.savings_by_supplier]:
        for column in ("baseline_cost", "consolidated_cost", "savings"):
            assert cents(table[column]) == cents(pd.Series([totals[column]]))
    for table in tables:
        assert cents(table["unmet_value"]) == cents(pd.Series([totals["unmet_value"]]))


def test_result_files_write_money_with_two_exact_decimals(tmp_path: Path) -> None:
    # 100 units at 31,558,908.4504 cost 3,155,890,845.04: ten significant digits would write 3155890845.
    outcome = solve_files(
        tmp_path / "package",
        demand=f"institution_id,product_id,quantity\nIMSS,{P},100\n",
        baseline=f"institution_id,product_id,unit_price\nIMSS,{P},31558908.4504\n",
        bids=f"supplier_id,product_id,unit_price\nA,{P},31558908.4504\n",
    )
    out = tmp_path / "out"
    write_outcome(outcome, options_for(outcome.scenario), out)
    awards = (out / "awards.csv").read_text(encoding="utf-8")
    assert "IMSS,010.000.0104.00,A,100,31558908.4504,3155890845.04,0.00,0.00,3155890845.04" in awards
    institution = (out / "savings_by_institution.csv").read_text(encoding="utf-8").splitlines()[1]
    assert institution == "IMSS,100,100,3155890845.04,3155890845.04,0.00,0.00,0,0.00"
    every = "".join(path.read_text(encoding="utf-8") for path in out.glob("*.csv"))
    assert "e+" not in every
    assert "-0.00" not in every
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"), parse_float=Decimal)
    assert summary["costs"]["paid"] == Decimal("3155890845.04")
    assert summary["savings"]["baseline_cost"] == Decimal("3155890845.04")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_dearer_reason_has_words_in_each_language(lang: str) -> None:
    assert all(dearer_label(lang, reason) != reason for reason in DEARER_REASONS)


def cents(values: pd.Series) -> int:
    return int(sum(round(float(value) * 100) for value in values))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_savings_percentage_of_a_comparison_is_a_percentage_in_each_language(lang: str) -> None:
    """In Spanish it reads "Ahorro %", which starts like an institution's savings ("Ahorro IMSS"), money."""
    t = labels(lang)
    table = pd.DataFrame({"figure": [t["savings"], t["savings_pct"], f"{t['savings']} IMSS", t["suppliers_count"]]})
    assert row_kinds(table, lang) == ["money", "percent", "money", None]
