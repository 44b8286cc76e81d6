"""Check an explanation's claims the long way: solve the whole purchase again with the one thing changed.

Nothing here shares code with procurement.explain: an offer is repriced in the bids table itself (its rows
replaced by one row at the new price for every quantity), a budget raised in the institutions table, a rule
lifted by blanking its settings, and each purchase solved from scratch.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd

from procurement.pipeline import Outcome, options_for, run_scenario
from procurement.rules import rule
from procurement.scenario import Scenario

CENT = 0.01


def solve(scenario: Scenario) -> Outcome:
    return run_scenario(scenario, options_for(scenario), baseline=False)


def repriced(scenario: Scenario, product: str, supplier: str, price: float, period: str = "") -> Scenario:
    """The offer of `supplier` for `product` (for `period`, where the product is priced per period) at `price`."""
    bids = scenario.bids
    mine = (bids["product_id"] == product) & (bids["supplier_id"] == supplier) & (bids["period"] == period)
    first = bids[mine].sort_values("from_quantity").index[0]
    kept = bids[~mine | (bids.index == first)].copy()
    kept.loc[first, "unit_price"] = price
    return scenario.with_tables(bids=kept.reset_index(drop=True))


def units_won(scenario: Scenario, product: str, supplier: str, period: str = "") -> int:
    """Units `supplier` wins of `product` (in `period`, when given) when the purchase is solved from scratch."""
    awards = solve(scenario).awards
    mine = (awards["product_id"] == product) & (awards["supplier_id"] == supplier)
    if period:
        mine &= awards["period"] == period
    return int(awards.loc[mine, "quantity"].sum())


def price_claims(scenario: Scenario, offers: pd.DataFrame) -> list[str]:
    """Every price to win and to lose of `offers`, re-solved a cent on each side; the claims that fail."""
    failures = []
    for row in offers.itertuples():
        offer = (row.product_id, row.supplier_id)
        period = str(getattr(row, "period", "") or "")

        def won(price: float, offer: tuple[str, str] = offer, period: str = period) -> int:
            return units_won(repriced(scenario, *offer, price, period), *offer, period)

        name = f"{row.supplier_id} {row.product_id} {period}".rstrip()
        if not pd.isna(row.price_to_win):
            below, above = won(row.price_to_win), won(row.price_to_win + CENT)
            if below == 0 or above > 0:
                failures.append(f"{name} to win {row.price_to_win}: {below} / {above} units")
        if not pd.isna(row.price_to_lose):
            at = won(row.price_to_lose)
            cheaper = row.price_to_lose - CENT
            before = won(cheaper) if cheaper > 0 else 1
            if at > 0 or before == 0:
                failures.append(f"{name} to lose {row.price_to_lose}: {before} / {at} units")
    return failures


def paid(outcome: Outcome) -> float:
    return float(np.round(outcome.awards["total_cost"].sum(), 2))


def rule_claims(scenario: Scenario, costs: pd.DataFrame) -> list[str]:
    """Each rule's total row: the purchase re-solved without the rule pays `cost_without`, and with it `cost_with`
    less what the rule costs."""
    failures = []
    base = paid(solve(scenario))
    for row in costs[(costs["kind"] == "rule") & (costs["product_id"] == "")].itertuples():
        lifted = rule(row.rule).lifted(scenario)
        again = paid(solve(lifted))
        if not math.isclose(base - again, row.value, abs_tol=0.005):
            failures.append(f"{row.rule}: with {base}, without {again}, said {row.value}")
    return failures


def budget_claims(scenario: Scenario, costs: pd.DataFrame) -> list[str]:
    """Each budget shortage fix: raising the budget by it leaves none of that clave short for that institution."""
    failures = []
    fixes = costs[(costs["kind"] == "shortage") & (costs["rule"] == "budget") & costs["value"].notna()]
    for row in fixes.itertuples():
        institutions = scenario.institutions.copy()
        at = institutions["institution_id"] == row.institution_id
        institutions.loc[at, "budget"] = institutions.loc[at, "budget"] + float(row.value)
        shortages = solve(replace(scenario, institutions=institutions)).shortages
        left = shortages[
            (shortages["institution_id"] == row.institution_id) & (shortages["product_id"] == row.product_id)
        ]
        if len(left):
            failures.append(
                f"{row.institution_id} {row.product_id}: +{row.value} leaves {int(left['quantity'].sum())} short"
            )
    return failures
