"""Prices per period: a clave whose bids name periods is awarded period by period, each period's demand to the
offers priced for it; a clave with blank periods keeps one price over every period. Every figure is worked out by
hand in the test's comment."""

from __future__ import annotations

from pathlib import Path

import pytest

from procurement.errors import ScenarioError
from procurement.pipeline import Outcome, options_for, run_scenario
from procurement.validate import load_scenario
from tests.builders import load, write_package
from tests.unit.award_checks import P

Q = "010.000.0105.00"
PRODUCTS = f"product_id,description,category,unit\n{P},Paracetamol,medicine,caja\n{Q},Ibuprofeno,medicine,caja\n"
TWO_YEARS = f"institution_id,product_id,period,quantity\nIMSS,{P},2026,100\nIMSS,{P},2027,100\n"
CROSSING = f"supplier_id,product_id,period,unit_price\nA,{P},2026,10\nA,{P},2027,14\nB,{P},2026,12\nB,{P},2027,11\n"


def solve(folder: Path, **files: str) -> Outcome:
    scenario = load(folder, **files)
    return run_scenario(scenario, options_for(scenario))


def awarded(outcome: Outcome) -> dict[tuple[str, str, str], tuple[float, float]]:
    """{(product_id, period, supplier_id): (quantity, unit_price)}."""
    return {(r.product_id, r.period, r.supplier_id): (r.quantity, r.unit_price) for r in outcome.awards.itertuples()}


def issues(folder: Path, **files: str) -> set[tuple[str, int | None, str | None, str]]:
    with pytest.raises(ScenarioError) as raised:
        load_scenario(write_package(folder, **files))
    return {(i.file, i.row, i.column, i.code) for i in raised.value.issues}


def test_each_period_goes_to_the_supplier_cheapest_in_it(tmp_path: Path) -> None:
    # A asks 10 in 2026 and 14 in 2027, B 12 and 11. 2026: A 100 x 10 = 1,000; 2027: B 100 x 11 = 1,100; 2,100 in
    # all (one price over both years could not beat it: A's 24 or B's 23 for a unit of each year).
    outcome = solve(tmp_path, demand=TWO_YEARS, bids=CROSSING)
    assert awarded(outcome) == {(P, "2026", "A"): (100, 10), (P, "2027", "B"): (100, 11)}
    assert outcome.solution.objective == pytest.approx(2100, abs=0.01)


def test_a_price_break_counts_only_its_periods_units(tmp_path: Path) -> None:
    # IMSS needs 60 a year. A: 10, or 8 from 100 units, in each year; B: 9 in each. A year has 60 units, short of
    # A's break, so B's 9 wins both: 1,080 (pooled over both years, A's 8 would have won: 960).
    demand = f"institution_id,product_id,period,quantity\nIMSS,{P},2026,60\nIMSS,{P},2027,60\n"
    bids = "supplier_id,product_id,period,unit_price,from_quantity\n" + "".join(
        f"A,{P},{year},10,0\nA,{P},{year},8,100\nB,{P},{year},9,0\n" for year in (2026, 2027)
    )
    outcome = solve(tmp_path, demand=demand, bids=bids)
    assert awarded(outcome) == {(P, "2026", "B"): (60, 9), (P, "2027", "B"): (60, 9)}
    assert outcome.solution.objective == pytest.approx(1080, abs=0.01)


def test_a_clave_with_blank_periods_beside_keeps_one_price_over_both(tmp_path: Path) -> None:
    # P is priced per year as in the first test: 2,100. Q's bids hold for both years: A 10, or 8 from 100; B 9.
    # Q's 60 + 60 units reach A's break: 120 x 8 = 960, one price over both years. In all 3,060.
    demand = TWO_YEARS + f"IMSS,{Q},2026,60\nIMSS,{Q},2027,60\n"
    bids = (
        "supplier_id,product_id,period,unit_price,from_quantity\n"
        f"A,{P},2026,10,0\nA,{P},2027,14,0\nB,{P},2026,12,0\nB,{P},2027,11,0\n"
        f"A,{Q},,10,0\nA,{Q},,8,100\nB,{Q},,9,0\n"
    )
    outcome = solve(tmp_path, products=PRODUCTS, demand=demand, bids=bids)
    assert awarded(outcome) == {
        (P, "2026", "A"): (100, 10),
        (P, "2027", "B"): (100, 11),
        (Q, "2026", "A"): (60, 8),
        (Q, "2027", "A"): (60, 8),
    }
    assert outcome.solution.objective == pytest.approx(3060, abs=0.01)


def test_the_capacity_of_a_period_bid_binds_only_its_period(tmp_path: Path) -> None:
    # A asks 10 in both years but can deliver only 70 in 2026; B asks 11. 2026: A 70 + B 30 = 700 + 330; 2027:
    # A all 100 = 1,000. In all 2,030; the capacity bound is A's of 2026.
    bids = (
        "supplier_id,product_id,period,unit_price,capacity\n"
        f"A,{P},2026,10,70\nA,{P},2027,10,\nB,{P},2026,11,\nB,{P},2027,11,\n"
    )
    outcome = solve(tmp_path, demand=TWO_YEARS, bids=bids)
    assert awarded(outcome) == {(P, "2026", "A"): (70, 10), (P, "2026", "B"): (30, 11), (P, "2027", "A"): (100, 10)}
    assert outcome.solution.objective == pytest.approx(2030, abs=0.01)
    rows = outcome.binding[outcome.binding["rule"] == "capacity"]
    assert [(r.supplier_id, r.period, r.limit) for r in rows.itertuples()] == [("A", "2026", 70)]


def test_a_period_no_bid_names_is_short(tmp_path: Path) -> None:
    # Only 2026 is priced: 2027's 100 units have no offer.
    bids = f"supplier_id,product_id,period,unit_price\nA,{P},2026,10\n"
    outcome = solve(tmp_path, demand=TWO_YEARS, bids=bids)
    assert awarded(outcome) == {(P, "2026", "A"): (100, 10)}
    short = outcome.shortages.to_dict("records")
    assert [(r["period"], r["quantity"], r["reason"]) for r in short] == [("2027", 100, "no_admissible_bid")]


def test_a_bid_period_must_be_one_of_the_demands(tmp_path: Path) -> None:
    bids = f"supplier_id,product_id,period,unit_price\nA,{P},2026,10\nA,{P},2028,9\n"
    assert issues(tmp_path, demand=TWO_YEARS, bids=bids) == {("bids.csv", 3, "period", "period_unknown")}


def test_a_bid_period_on_a_purchase_without_periods_is_an_error(tmp_path: Path) -> None:
    bids = f"supplier_id,product_id,period,unit_price\nA,{P},2026,10\n"
    assert issues(tmp_path, bids=bids) == {("bids.csv", 2, "period", "period_without_periods")}


def test_a_clave_mixing_bids_with_and_without_a_period_names_the_rows(tmp_path: Path) -> None:
    bids = f"supplier_id,product_id,period,unit_price\nA,{P},2026,10\nB,{P},,9\nA,{P},2027,11\n"
    with pytest.raises(ScenarioError) as raised:
        load_scenario(write_package(tmp_path, demand=TWO_YEARS, bids=bids))
    [issue] = raised.value.issues
    assert (issue.file, issue.row, issue.column, issue.code) == ("bids.csv", 3, "period", "period_bids_mixed")
    assert issue.message("es") == (
        f"la clave {P} tiene ofertas con periodo (filas 2, 4) y sin periodo (filas 3): indique el periodo en todas "
        "sus filas o en ninguna"
    )
    assert issue.message("en") == (
        f"product {P} has bid rows with a period (rows 2, 4) and without one (rows 3): give the period in all its "
        "rows or in none"
    )


def test_a_bid_for_one_period_is_one_offer_per_period(tmp_path: Path) -> None:
    # One row per supplier, product, period and price break: the same price break twice in 2026 is a repeat; the
    # prices of 2026 and 2027 are separate offers, each checked as price breaks of its own.
    bids = (
        "supplier_id,product_id,period,unit_price,from_quantity\n"
        f"A,{P},2026,10,0\nA,{P},2027,8,0\nA,{P},2027,9,50\nA,{P},2026,9,0\n"
    )
    assert issues(tmp_path, demand=TWO_YEARS, bids=bids) == {
        ("bids.csv", 5, None, "key_repeated"),
        ("bids.csv", 4, "unit_price", "price_rises_with_volume"),
    }
