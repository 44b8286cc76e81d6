"""Turn a solution into the award table, the shortages with their reasons, and the rules that bound."""

from __future__ import annotations

import numpy as np
import pandas as pd

from procurement.scenario import Scenario
from procurement.solve import Solution

TOLERANCE = 1e-6
AWARD_COLUMNS = [
    "institution_id",
    "product_id",
    "supplier_id",
    "quantity",
    "unit_price",
    "purchase_cost",
    "delivery_cost",
    "fixed_cost",
    "total_cost",
]
SHORTAGE_COLUMNS = ["institution_id", "product_id", "quantity", "reason", "penalty_cost"]
BINDING_COLUMNS = ["rule", "institution_id", "product_id", "supplier_id", "limit", "used"]


def to_cents(amounts: pd.Series | np.ndarray) -> np.ndarray:
    """Money rounded half away from zero to whole cents, as integers so sums are exact."""
    values = np.asarray(amounts, dtype=float)
    cents: np.ndarray = (np.sign(values) * np.floor(np.abs(values) * 100 + 0.5)).astype(np.int64)
    return cents


def extract_awards(solution: Solution) -> pd.DataFrame:
    """One row per institution, product and supplier with a positive quantity; money in whole cents."""
    flows = solution.flows[solution.flows["quantity"] > TOLERANCE]
    offers = solution.offers
    fixed_share = flows["quantity"] / flows["offer"].map(offers["awarded_quantity"])
    purchase = to_cents(flows["quantity"] * flows["unit_price"])
    delivery = to_cents(flows["quantity"] * flows["delivery_cost"])
    fixed = to_cents(fixed_share * flows["offer"].map(offers["fixed_cost"]))
    awards = flows.assign(
        purchase_cost=purchase / 100,
        delivery_cost=delivery / 100,
        fixed_cost=fixed / 100,
        total_cost=(purchase + delivery + fixed) / 100,
    )
    return awards[AWARD_COLUMNS].sort_values(["product_id", "institution_id", "supplier_id"]).reset_index(drop=True)


def extract_shortages(solution: Solution, scenario: Scenario) -> pd.DataFrame:
    """Unmet demand with the reason a purchasing officer can act on."""
    short = solution.shortages[solution.shortages["shortage"] > TOLERANCE]
    reasons = [_reason(row, solution, scenario) for _, row in short.iterrows()]
    shortages = short.assign(
        quantity=short["shortage"],
        reason=pd.Series(reasons, index=short.index, dtype=object),
        penalty_cost=to_cents(short["shortage"] * short["shortfall_penalty"]) / 100,
    )
    return shortages[SHORTAGE_COLUMNS].reset_index(drop=True)


def _reason(pair: pd.Series, solution: Solution, scenario: Scenario) -> str:
    product, institution = pair["product_id"], pair["institution_id"]
    bids = scenario.bids[scenario.bids["product_id"] == product]
    if bids.empty:
        return "no_bid"
    if not pair["has_offer"]:
        inadmissible = solution.inadmissible
        if (inadmissible["product_id"] == product).sum() == len(bids):
            return "above_reference_price"
        return "bid_conditions"
    budgets = solution.budgets.set_index("institution_id")
    if institution in budgets.index and _binds(budgets.at[institution, "spend"], budgets.at[institution, "budget"]):
        return "budget"
    offers = solution.offers[solution.offers["product_id"] == product]
    if (offers["awarded_quantity"] >= offers["capacity"] - TOLERANCE).all():
        return "capacity"
    rules = scenario.products.set_index("product_id").loc[product]
    if rules["split_shares"]:
        return "split_shares"
    if rules["single_source"]:
        return "single_source"
    cheapest = (offers["tiers"].map(lambda tiers: min(p for _, p in tiers))).min()
    if pair["shortfall_penalty"] < cheapest:
        return "penalty_below_cost"
    return "award_rules"


def _binds(used: float, limit: float) -> bool:
    return bool(used >= limit - max(TOLERANCE, 1e-9 * abs(limit)))


def binding_rules(solution: Solution) -> pd.DataFrame:
    """Budgets and capacities that are used up: relaxing them is what could lower the cost."""
    budgets = solution.budgets[
        [_binds(u, b) for u, b in zip(solution.budgets["spend"], solution.budgets["budget"], strict=True)]
    ]
    offers = solution.offers[np.isfinite(solution.offers["capacity"])]
    offers = offers[[_binds(u, c) for u, c in zip(offers["awarded_quantity"], offers["capacity"], strict=True)]]
    rows = [
        {
            "rule": "budget",
            "institution_id": b.institution_id,
            "product_id": "",
            "supplier_id": "",
            "limit": b.budget,
            "used": b.spend,
        }
        for b in budgets.itertuples()
    ] + [
        {
            "rule": "capacity",
            "institution_id": "",
            "product_id": o.product_id,
            "supplier_id": o.supplier_id,
            "limit": o.capacity,
            "used": o.awarded_quantity,
        }
        for o in offers.itertuples()
    ]
    return pd.DataFrame(rows, columns=BINDING_COLUMNS)
