"""Explanations on small hand-checked purchases: every figure worked out by hand, then re-solved."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from procurement.explain import EXPLANATION_COLUMNS, RULE_COST_COLUMNS, Explanation, prices
from procurement.generate import PRESETS, generate_package
from procurement.pipeline import options_for, run_scenario
from procurement.scenario import Scenario
from procurement.validate import load_scenario
from tests.builders import load
from tests.explain_checks import budget_claims, price_claims, rule_claims

P = "010.000.0104.00"


def explained(tmp_path: Path, **files: str) -> tuple[Explanation, Scenario]:
    scenario = load(tmp_path, **files)
    outcome = run_scenario(scenario, options_for(scenario), baseline=False, explained=True)
    assert outcome.explanation is not None
    assert list(outcome.explanation.offers.columns) == EXPLANATION_COLUMNS
    assert list(outcome.explanation.rule_costs.columns) == RULE_COST_COLUMNS
    return outcome.explanation, scenario


def offer(explanation: Explanation, supplier: str) -> pd.Series:
    offers = explanation.offers.set_index("supplier_id")
    return offers.loc[supplier]


def test_plain_price_competition(tmp_path: Path) -> None:
    """A at 10 wins; B would need to be under 10 (at 10 the tie goes to A, which sorts first); A keeps the clave
    up to 12 (at 12 the tie is still A's)."""
    explanation, scenario = explained(tmp_path, bids=f"supplier_id,product_id,unit_price\nA,{P},10\nB,{P},12\n")
    a, b = offer(explanation, "A"), offer(explanation, "B")
    assert (a.outcome, a.reason, a["rank"], a.price_to_lose) == ("won", "lowest_cost", 1, 12.01)
    assert (b.outcome, b.reason, b["rank"], b.price_to_win, b.beaten_by) == ("lost", "beaten_on_price", 2, 9.99, "A")
    assert a.found_by == b.found_by == "network"
    assert price_claims(scenario, explanation.offers) == []


def test_capacity_sets_the_marginal_price(tmp_path: Path) -> None:
    """A (10, capacity 60) and B (12) share 100 units; C (15) wins a unit only below B's 12; without A, B takes
    all at 12, so A loses above 12 (ties are A's); without B, C supplies the rest at 15, so B keeps units up to
    15. One more unit of A's capacity saves 12 - 10 = 2."""
    explanation, scenario = explained(
        tmp_path,
        bids=f"supplier_id,product_id,unit_price,capacity\nA,{P},10,60\nB,{P},12,\nC,{P},15,\n",
    )
    a, b, c = offer(explanation, "A"), offer(explanation, "B"), offer(explanation, "C")
    assert (a.awarded_quantity, b.awarded_quantity, c.awarded_quantity) == (60, 40, 0)
    assert (a.price_to_lose, b.price_to_lose, c.price_to_win) == (12.01, 15.01, 11.99)
    assert b.reason == "cheaper_full"
    limits = explanation.rule_costs[explanation.rule_costs["kind"] == "limit"]
    assert limits[["rule", "supplier_id", "limit", "used"]].values.tolist() == [["capacity", "A", 60.0, 60.0]]
    assert limits["value"].iloc[0] == pytest.approx(2.0, abs=1e-5)
    assert price_claims(scenario, explanation.offers) == []


def test_fixed_cost_needs_a_re_solve(tmp_path: Path) -> None:
    """A at 10 with a fixed cost of 500 costs 1,500 for 100 units against B's 1,200: A wins only at 7 or less
    (100 p + 500 <= 1,200, the tie at 7 going to A); B keeps the clave up to 15 (the tie at 15 is A's)."""
    explanation, scenario = explained(
        tmp_path,
        bids=f"supplier_id,product_id,unit_price,fixed_cost\nA,{P},10,500\nB,{P},12,\n",
    )
    a, b = offer(explanation, "A"), offer(explanation, "B")
    assert (a.outcome, a.price_to_win, a.found_by) == ("lost", 7.0, "re-solve")
    assert (b.outcome, b.price_to_lose) == ("won", 15.0)
    assert price_claims(scenario, explanation.offers) == []


def test_reference_price_and_its_cost(tmp_path: Path) -> None:
    """C bids 13, above the reference price 11.5, so it is inadmissible; A wins at 10.
    Without the reference price C would still lose, so the rule costs nothing."""
    explanation, scenario = explained(
        tmp_path,
        products=f"product_id,description,category,unit,reference_price\n{P},Paracetamol,medicine,caja,11.5\n",
        bids=f"supplier_id,product_id,unit_price\nA,{P},10\nC,{P},13\n",
    )
    c = offer(explanation, "C")
    assert (c.outcome, c.reason) == ("inadmissible", "above_reference_price")
    assert pd.isna(c["rank"])
    assert pd.isna(c.price_to_win)
    assert offer(explanation, "A").price_to_lose == 11.51  # above the reference price it is inadmissible
    costs = explanation.rule_costs
    total = costs[(costs["kind"] == "rule") & (costs["rule"] == "reference_price")]
    assert total["value"].tolist() == [0.0]
    assert rule_claims(scenario, costs) == []


def test_split_award_cost(tmp_path: Path) -> None:
    """A 60/40 split of 100 units between A (10) and B (12) costs 1,080 against 1,000 for A alone: the rule costs
    80, on the clave and in total."""
    explanation, scenario = explained(
        tmp_path,
        scenario_toml='name = "split"\n[policy]\nsplit_shares = "0.6;0.4"\n',
        bids=f"supplier_id,product_id,unit_price\nA,{P},10\nB,{P},12\n",
    )
    costs = explanation.rule_costs
    split = costs[(costs["kind"] == "rule") & (costs["rule"] == "split_shares")]
    assert split[["product_id", "value", "cost_with", "cost_without"]].values.tolist() == [
        [P, 80.0, 1080.0, 1000.0],
        ["", 80.0, 1080.0, 1000.0],
    ]
    assert offer(explanation, "B").reason == "split_share"
    assert rule_claims(scenario, costs) == []


def test_budget_shortage_fix(tmp_path: Path) -> None:
    """IMSS has 500 to buy 100 units at 10: 50 are short for the budget, and 500 more covers them."""
    explanation, scenario = explained(
        tmp_path,
        institutions="institution_id,name,budget\nIMSS,IMSS,500\nISSSTE,ISSSTE,\n",
    )
    costs = explanation.rule_costs
    fix = costs[costs["kind"] == "shortage"]
    assert fix[["rule", "institution_id", "product_id", "value", "unit", "quantity"]].values.tolist() == [
        ["budget", "IMSS", P, 500.0, "money", 50]
    ]
    assert budget_claims(scenario, costs) == []


def test_chunks_of_offers_searched_together_do_not_change_any_price(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The re-solved offers are searched in chunks as large as memory allows; chunks of a hundred give the same
    prices to the cent."""
    spec = replace(PRESETS["small"], seed=3, price_breaks=True, fixed_costs=True)
    scenario, _ = load_scenario(generate_package(tmp_path / "pkg", spec))
    options = options_for(scenario)
    whole = run_scenario(scenario, options, baseline=False, explained=True).explanation
    monkeypatch.setattr(prices, "CHUNK_ARCS", 1_000)
    apart = run_scenario(scenario, options, baseline=False, explained=True).explanation
    assert whole is not None
    assert apart is not None
    assert (whole.offers["found_by"] == "re-solve").sum() > 100
    pd.testing.assert_frame_equal(whole.offers, apart.offers)
