"""Prices per period: a clave whose bids name periods is awarded period by period, each period's demand to the
offers priced for it; a clave with blank periods keeps one price over every period. Every figure is worked out by
hand in the test's comment."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from procurement.errors import ScenarioError
from procurement.files import read_package
from procurement.osd import close_round, feedback, write_round
from procurement.pipeline import Outcome, options_for, run_scenario
from procurement.validate import load_scenario
from tests.builders import load, write_package
from tests.explain_checks import price_claims
from tests.unit.award_checks import P
from tests.unit.test_properties import (
    BID_COLUMNS,
    INSTITUTIONS,
    LAWS,
    PRODUCT_COLUMNS,
    PRODUCTS,
    RULES,
    SUPPLIERS,
    offers,
    scenario_of,
)

Q = "010.000.0105.00"
TWO_PRODUCTS = f"product_id,description,category,unit\n{P},Paracetamol,medicine,caja\n{Q},Ibuprofeno,medicine,caja\n"
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
    outcome = solve(tmp_path, products=TWO_PRODUCTS, demand=demand, bids=bids)
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


def test_the_explanation_ranks_and_prices_each_period_and_its_claims_hold(tmp_path: Path) -> None:
    # Crossing prices as in the first test, C at 13 in both years. 2026: A (10) wins, B (12) ranks 2nd, C 3rd; 2027:
    # B (11) wins, C (13) 2nd, A (14) 3rd. A wins 2027 at B's 11 (a tie goes to the first bidder, A), and B keeps it
    # up to C's 13; 2026's losers need 9.99, a cent below A's 10, which A keeps up to B's 12.
    bids = CROSSING + f"C,{P},2026,13\nC,{P},2027,13\n"
    scenario = load(tmp_path, demand=TWO_YEARS, bids=bids)
    outcome = run_scenario(scenario, options_for(scenario), explained=True)
    assert outcome.explanation is not None
    offers = outcome.explanation.offers
    table = {(r.period, r.supplier_id): (r.rank, r.outcome, r.awarded_quantity) for r in offers.itertuples()}
    assert table == {
        ("2026", "A"): (1, "won", 100),
        ("2026", "B"): (2, "lost", 0),
        ("2026", "C"): (3, "lost", 0),
        ("2027", "A"): (3, "lost", 0),
        ("2027", "B"): (1, "won", 100),
        ("2027", "C"): (2, "lost", 0),
    }
    lost = offers[offers["outcome"] == "lost"].set_index(["period", "supplier_id"])
    assert lost.loc[("2027", "A"), "beaten_by"] == "B"
    assert lost.loc[("2026", "B"), "beaten_by"] == "A"
    prices = offers.set_index(["period", "supplier_id"])[["price_to_win", "price_to_lose"]].fillna(0)
    assert prices.to_dict("index") == {
        ("2026", "A"): {"price_to_win": 0, "price_to_lose": 12.01},
        ("2026", "B"): {"price_to_win": 9.99, "price_to_lose": 0},
        ("2026", "C"): {"price_to_win": 9.99, "price_to_lose": 0},
        ("2027", "A"): {"price_to_win": 11, "price_to_lose": 0},
        ("2027", "B"): {"price_to_win": 0, "price_to_lose": 13.01},
        ("2027", "C"): {"price_to_win": 10.99, "price_to_lose": 0},
    }
    assert price_claims(scenario, offers) == []


def test_reverse_auction_feedback_and_revisions_are_per_period(tmp_path: Path) -> None:
    # P under auction, priced per year as in the first test. A's feedback has a row per year: won 2026 (rank 1 of 2),
    # lost 2027 (rank 2 of 2). A lowers its 2027 price to 10.5: the next round's bids change only that row, so A
    # then wins both years (2026: 10 x 100; 2027: 10.5 x 100).
    products = f"product_id,description,category,unit,osd\n{P},Paracetamol,medicine,caja,true\n"
    package = write_package(tmp_path / "round1", products=products, demand=TWO_YEARS, bids=CROSSING)
    scenario, _ = load_scenario(package)
    outcome = run_scenario(scenario, options_for(scenario), explained=True)
    assert outcome.explanation is not None
    mine = feedback(scenario, outcome.explanation.offers)["A"]
    rows = [(r.period, r.rank, r.bidders, r.outcome) for r in mine.itertuples()]
    assert rows == [("2026", 1, 2, "won"), ("2027", 2, 2, "lost")]
    revisions = pd.DataFrame(
        {"supplier_id": ["A", "A"], "product_id": [P, P], "period": ["2027", "2028"], "unit_price": ["10.5", "9"]}
    ).assign(_row=[2, 3])
    _, problems = close_round(read_package(package), scenario, revisions)
    assert [(i.row, i.code) for i in problems] == [(3, "osd_no_bid")]
    closed, problems = close_round(read_package(package), scenario, revisions.iloc[:1])
    assert problems == []
    again, _ = load_scenario(write_round(closed, tmp_path / "round2"))
    second = run_scenario(again, options_for(again))
    assert awarded(second) == {(P, "2026", "A"): (100, 10), (P, "2027", "A"): (100, 10.5)}


YEARS = ("2026", "2027")


def objective(outcome: Outcome) -> float:
    assert outcome.solution.objective is not None
    return outcome.solution.objective


@st.composite
def yearly_purchases(draw: st.DrawFn) -> dict[str, dict[str, str]]:
    """A package whose claves are priced per year (each year's bids drawn apart, with breaks, capacities, minimums
    and fixed costs, under a random rule per clave), and the package of each year alone; no budget ties the years
    and the shortfall penalty is set, so each year is a purchase of its own."""
    institutions, products = INSTITUTIONS[: draw(st.integers(1, 2))], PRODUCTS[: draw(st.integers(1, 2))]
    demand = [(i, p, y, draw(st.integers(1, 100))) for i in institutions for p in products for y in YEARS]
    bids = [
        (year, row.replace(f"{s},{p},", f"{s},{p},{year},", 1))
        for year in YEARS
        for s in SUPPLIERS[:3]
        for p in products
        if draw(st.booleans())
        for row in draw(offers(s, p))
    ]
    common = {
        "scenario_toml": 'name = "years"\n[policy]\nshortfall_penalty = 1000\n',
        "products": f"product_id,description,category,unit,{PRODUCT_COLUMNS}\n"
        + "".join(f"{p},x,medicine,caja,{draw(st.sampled_from(RULES)) or ',,,,'}\n" for p in products),
        "institutions": "institution_id,name\n" + "".join(f"{i},{i}\n" for i in INSTITUTIONS),
    }
    header = BID_COLUMNS.replace("product_id,", "product_id,period,")

    def package(years: tuple[str, ...]) -> dict[str, str]:
        return common | {
            "demand": "institution_id,product_id,period,quantity\n"
            + "".join(f"{i},{p},{y},{q}\n" for i, p, y, q in demand if y in years),
            "bids": header + "\n" + "".join(f"{row}\n" for year, row in bids if year in years),
        }

    return {"both": package(YEARS), **{year: package((year,)) for year in YEARS}}


@LAWS
@given(yearly_purchases())
def test_a_purchase_priced_per_year_costs_what_its_years_cost_bought_apart(packages: dict[str, dict[str, str]]) -> None:
    both, *years = (scenario_of(packages[name]) for name in ("both", *YEARS))
    whole = run_scenario(both, options_for(both), baseline=False)
    apart = [run_scenario(year, options_for(year), baseline=False) for year in years]
    assert whole.solution.objective == pytest.approx(sum(objective(o) for o in apart), abs=0.01)
    assert whole.awards["total_cost"].sum() == pytest.approx(sum(o.awards["total_cost"].sum() for o in apart))


@LAWS
@given(st.data())
def test_bids_copied_into_every_year_cost_what_bids_for_every_year_cost(data: st.DataObject) -> None:
    # Plain prices (no break, capacity, minimum or fixed cost) and no rule across a clave's units: each unit goes to
    # the cheapest bid whether the clave is priced once or a year at a time, so the two cost the same.
    products, suppliers = PRODUCTS[: data.draw(st.integers(1, 3))], SUPPLIERS[:3]
    demand = [(i, p, y, data.draw(st.integers(1, 100))) for i in INSTITUTIONS[:2] for p in products for y in YEARS]
    prices = {
        (s, p): data.draw(st.integers(10, 40)) / 2 for s in suppliers for p in products if data.draw(st.booleans())
    }
    files = {
        "institutions": "institution_id,name\n" + "".join(f"{i},{i}\n" for i in INSTITUTIONS),
        "products": "product_id,description,category,unit\n" + "".join(f"{p},x,medicine,caja\n" for p in products),
        "demand": "institution_id,product_id,period,quantity\n"
        + "".join(f"{i},{p},{y},{q}\n" for i, p, y, q in demand),
    }
    once = "".join(f"{s},{p},,{price:g}\n" for (s, p), price in prices.items())
    yearly = "".join(f"{s},{p},{y},{price:g}\n" for (s, p), price in prices.items() for y in YEARS)
    header = "supplier_id,product_id,period,unit_price\n"
    outcomes = [
        run_scenario(scenario, options_for(scenario), baseline=False)
        for scenario in (scenario_of(files | {"bids": header + once}), scenario_of(files | {"bids": header + yearly}))
    ]
    assert objective(outcomes[0]) == pytest.approx(objective(outcomes[1]), abs=0.01)


def test_the_explanation_of_period_offers_with_breaks_and_capacities_holds_when_solved_again(tmp_path: Path) -> None:
    # Each year's offers have price breaks and A a capacity in 2026 alone. 2026: A's 80 reach its 9 from 60 (720),
    # C's 10.5 the other 20 (210); 2027: 100 units reach B's 9.8 from 100 (980), not A's 9.5 from 150. Every price to
    # win or to lose found is checked by solving the whole purchase again a cent either side of it, the offer's
    # other year untouched; e.g. A wins 2027 at B's 9.80 (ties go to A, the first bidder) and C keeps 2026 up to
    # B's 11.00 (B wins the tie).
    bids = (
        "supplier_id,product_id,period,unit_price,from_quantity,capacity\n"
        f"A,{P},2026,10,0,80\nA,{P},2026,9,60,80\nA,{P},2027,12,0,\nA,{P},2027,9.5,150,\n"
        f"B,{P},2026,11,0,\nB,{P},2027,10,0,\nB,{P},2027,9.8,100,\nC,{P},2026,10.5,0,\nC,{P},2027,13,0,\n"
    )
    scenario = load(tmp_path, demand=TWO_YEARS, bids=bids)
    outcome = run_scenario(scenario, options_for(scenario), explained=True)
    assert outcome.explanation is not None
    assert awarded(outcome) == {(P, "2026", "A"): (80, 9), (P, "2026", "C"): (20, 10.5), (P, "2027", "B"): (100, 9.8)}
    offers = outcome.explanation.offers.set_index(["period", "supplier_id"])
    assert offers.loc[("2027", "A"), "price_to_win"] == 9.8
    assert offers.loc[("2026", "C"), "price_to_lose"] == 11
    offers = offers.reset_index()
    assert price_claims(scenario, offers) == []


def test_a_split_award_is_split_in_each_period_by_that_periods_prices(tmp_path: Path) -> None:
    # Shares 60/40 with the crossing prices: 2026 A first (60 x 10 = 600), B second (40 x 12 = 480); 2027 B first
    # (60 x 11 = 660), A second (40 x 14 = 560). In all 2,300.
    products = f"product_id,description,category,unit,split_shares\n{P},Paracetamol,medicine,caja,0.6;0.4\n"
    outcome = solve(tmp_path, products=products, demand=TWO_YEARS, bids=CROSSING)
    assert awarded(outcome) == {
        (P, "2026", "A"): (60, 10),
        (P, "2026", "B"): (40, 12),
        (P, "2027", "A"): (40, 14),
        (P, "2027", "B"): (60, 11),
    }
    assert outcome.solution.objective == pytest.approx(2300, abs=0.01)
