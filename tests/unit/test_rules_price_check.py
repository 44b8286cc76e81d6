"""Reasonable prices: not acceptable above the market research's median plus a margin, not convenient below the
average of the admissible bids less a margin; flagged by default, excluded when the policy says so. Every figure
is worked out by hand in the test's comment."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from procurement.errors import ScenarioError
from procurement.explain_cli import read_run
from procurement.pipeline import Outcome, options_for, run_scenario
from procurement.report import summary, write_outcome
from procurement.validate import load_scenario
from reports.dictamen import build_dictamen
from tests.builders import award_map, load, write_package
from tests.unit.award_checks import P

# Research: 10, 11 and 12 observed → median 11, so above 11 x 1.1 = 12.1 is not acceptable: C at 13.
MARKET = f"""
product_id,source,unit_price
{P},Cotización 1,10
{P},Contrato 2025,12
{P},Catálogo,11
"""
# Admissible: A 5 and B 12 (C is not acceptable) → average 8.5, so below 8.5 x 0.6 = 5.1 is not convenient: A at 5.
BIDS = f"""
supplier_id,product_id,unit_price
A,{P},5
B,{P},12
C,{P},13
"""


def solve_files(folder: Path, **files: str | None) -> Outcome:
    """Write, validate, solve and explain a package."""
    scenario = load(folder, **files)
    return run_scenario(scenario, options_for(scenario), explained=True)


def flags(outcome: Outcome) -> dict[str, tuple[str, str, float, float, bool]]:
    table = outcome.price_flags
    return {
        row.supplier_id: (row.flag, row.basis, round(row.benchmark, 6), round(row.limit, 6), bool(row.excluded))
        for row in table.itertuples()
    }


def test_prices_are_flagged_against_the_research_median_and_the_bids_average_but_still_awarded(
    tmp_path: Path,
) -> None:
    outcome = solve_files(tmp_path, market=MARKET, bids=BIDS)
    assert flags(outcome) == {
        "A": ("not_convenient", "bids", 8.5, 5.1, False),
        "C": ("not_acceptable", "market", 11.0, 12.1, False),
    }
    assert award_map(outcome) == {("IMSS", P, "A"): 100}  # flagged only: A at 5 still wins, 500
    assert outcome.solution.objective == pytest.approx(500)


def test_excluded_prices_are_not_awarded_and_the_rule_cost_is_what_excluding_them_costs(tmp_path: Path) -> None:
    # Without A and C only B is left: 100 x 12 = 1,200, which is 700 more than A's 500.
    outcome = solve_files(tmp_path, market=MARKET, bids=BIDS, scenario_toml='[policy]\nprice_check = "exclude"\n')
    assert award_map(outcome) == {("IMSS", P, "B"): 100}
    assert {row.supplier_id: row.excluded for row in outcome.price_flags.itertuples()} == {"A": True, "C": True}
    offers = outcome.explanation.offers.set_index("supplier_id")  # type: ignore[union-attr]
    assert offers.loc["A", "outcome"] == "inadmissible"
    assert offers.loc["A", "reason"] == "price_not_convenient"
    assert offers.loc["C", "reason"] == "price_not_acceptable"
    costs = outcome.explanation.rule_costs  # type: ignore[union-attr]
    total = costs[(costs["kind"] == "rule") & (costs["rule"] == "price_reasonableness") & (costs["product_id"] == "")]
    assert total["value"].tolist() == [pytest.approx(700)]


def test_a_clave_without_research_is_measured_against_the_median_of_the_last_prices_paid(tmp_path: Path) -> None:
    # No market.csv: paid 10 and 14 → median 12, limit 13.2: C at 14 is not acceptable, B at 13 is.
    # Admissible A 11 and B 13 → average 12, lower limit 7.2: nobody is below it.
    outcome = solve_files(
        tmp_path,
        bids=f"supplier_id,product_id,unit_price\nA,{P},11\nB,{P},13\nC,{P},14\n",
        baseline=f"institution_id,product_id,unit_price\nIMSS,{P},10\nISSSTE,{P},14\n",
    )
    assert flags(outcome) == {"C": ("not_acceptable", "baseline", 12.0, 13.2, False)}
    assert summary(outcome, options_for(outcome.scenario))["price_check"] == {
        "mode": "flag",
        "research": "baseline",
        "not_acceptable": 1,
        "not_convenient": 0,
    }


def test_margins_are_settings(tmp_path: Path) -> None:
    # A 20 % margin: limit 11 x 1.2 = 13.2 lets C's 13 in; average of 5, 12 and 13 = 10, 10 x 0.5 = 5: A at 5 is
    # exactly at the limit, which is within it.
    policy = "[policy]\nunacceptable_margin = 0.2\ninconvenient_margin = 0.5\n"
    outcome = solve_files(tmp_path, market=MARKET, bids=BIDS, scenario_toml=policy)
    assert flags(outcome) == {}


def test_validation_warns_of_each_flagged_bid_with_its_figures(tmp_path: Path) -> None:
    _, issues = load_scenario(write_package(tmp_path, market=MARKET, bids=BIDS))
    found = {(issue.row, issue.code): issue.describe("es") for issue in issues}
    assert set(found) == {(2, "price_not_convenient_bids_flagged"), (4, "price_not_acceptable_market_flagged")}
    assert "13 supera 12.10" in found[(4, "price_not_acceptable_market_flagged")]
    assert "mediana 11.00" in found[(4, "price_not_acceptable_market_flagged")]


def test_market_rows_are_validated_like_every_table(tmp_path: Path) -> None:
    market = f"product_id,source,unit_price\n{P},Cotización,0\n999.999,Cotización,10\n{P},Cotización,11\n"
    with pytest.raises(ScenarioError) as raised:
        load_scenario(write_package(tmp_path, market=market))
    codes = {(issue.file, issue.row, issue.code) for issue in raised.value.issues}
    assert codes == {
        ("market.csv", 2, "not_positive"),
        ("market.csv", 3, "not_in"),
        ("market.csv", 4, "key_repeated"),
    }


def test_the_dictamen_says_why_a_bid_was_rejected_and_which_prices_were_flagged(tmp_path: Path) -> None:
    excluded = solve_files(
        tmp_path / "x", market=MARKET, bids=BIDS, scenario_toml='[policy]\nprice_check = "exclude"\n'
    )
    flagged = solve_files(tmp_path / "f", market=MARKET, bids=BIDS)
    for outcome, out in ((excluded, tmp_path / "out-x"), (flagged, tmp_path / "out-f")):
        write_outcome(outcome, options_for(outcome.scenario), out)
    inputs, _ = read_run(tmp_path / "out-x", "es")
    sentences = build_dictamen(inputs, "es", [P]).claves[0].statements
    assert (
        "C: propuesta desechada: su precio de $13.00 no es aceptable, por encima de $12.10: la mediana de la "
        "investigación de mercado ($11.00) más el margen permitido." in sentences
    )
    assert any(s.startswith("A: propuesta desechada: su precio de $5.00 no es conveniente") for s in sentences)
    inputs, _ = read_run(tmp_path / "out-f", "en")
    notes = build_dictamen(inputs, "en", [P]).claves[0].notes
    assert (
        "Price not acceptable (flagged; the bid was evaluated): C, price of $13.00, above $12.10: the market "
        "research's median ($11.00) plus the margin allowed." in notes
    )
    institution = build_dictamen(inputs, "en", [P], institution="IMSS").claves[0].notes
    assert not any("flagged" in note for note in institution)  # other suppliers' prices stay hidden


def test_a_run_folder_from_before_the_price_check_still_reads(tmp_path: Path) -> None:
    scenario, _ = load_scenario(write_package(tmp_path / "pkg", market=MARKET, bids=BIDS))
    outcome = run_scenario(scenario, options_for(scenario), explained=True)
    write_outcome(outcome, options_for(scenario), tmp_path / "out")
    (tmp_path / "out" / "price_flags.csv").unlink()
    inputs, _ = read_run(tmp_path / "out", "en")
    assert inputs.price_flags.empty
    assert list(pd.read_csv(tmp_path / "out" / "awards.csv")["supplier_id"]) == ["A"]


def test_a_winner_rejected_above_the_acceptable_limit_loses_just_above_it(tmp_path: Path) -> None:
    # Research median 10, limit 11: A at 11 is exactly at it and wins alone (B at 12 is rejected). Were A's price
    # 11.01, it would be rejected too and win nothing: its price to lose is 11.01, not the infinity of a sole bid.
    outcome = solve_files(
        tmp_path,
        market=f"product_id,source,unit_price\n{P},Cotización,10\n",
        bids=f"supplier_id,product_id,unit_price\nA,{P},11\nB,{P},12\n",
        scenario_toml='[policy]\nprice_check = "exclude"\n',
    )
    offers = outcome.explanation.offers.set_index("supplier_id")  # type: ignore[union-attr]
    assert offers.loc["A", "outcome"] == "won"
    assert offers.loc["A", "price_to_lose"] == pytest.approx(11.01)
    assert offers.loc["B", "reason"] == "price_not_acceptable"
