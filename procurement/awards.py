"""Turn a solved model into the award table, the shortages with the limit that caused each, and the limits that
bound. Quantities are whole units; money is rounded to cents per line."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from procurement.arrays import Floats, Ints, group_min, group_sum
from procurement.errors import SolverError
from procurement.index import AwardIndex
from procurement.model import AwardModel
from procurement.rules import RULES
from procurement.rules.base import BINDING_COLUMNS
from procurement.rules.demand import static_reasons
from procurement.rules.national_preference import price_scale
from procurement.rules.open_contracts import budgeted_units
from procurement.rules.periods import pair_period_ids
from procurement.rules.shares import split_plan
from procurement.solve import Solution

WHOLE = 1e-4  # a solver value this close to a whole number is that number
CAPACITIES = ("capacity", "period_capacity")  # limits that explain a shortage only when every offer is full
AWARD_COLUMNS = [
    "institution_id",
    "product_id",
    "period",  # blank when the purchase has one period
    "supplier_id",
    "quantity",
    "unit_price",
    "purchase_cost",
    "delivery_cost",
    "fixed_cost",
    "total_cost",
]
SHORTAGE_COLUMNS = ["institution_id", "product_id", "period", "quantity", "reason", "penalty_cost"]
__all__ = ["AWARD_COLUMNS", "BINDING_COLUMNS", "SHORTAGE_COLUMNS", "SolvedAward", "read_award"]


def to_cents(amounts: pd.Series | np.ndarray) -> np.ndarray:
    """Money rounded half away from zero to whole cents, as integers so sums are exact."""
    values = np.asarray(amounts, dtype=float)
    cents: np.ndarray = (np.sign(values) * np.floor(np.abs(values) * 100 + 0.5)).astype(np.int64)
    return cents


@dataclass
class SolvedAward:
    """The award a solution makes, on the index's arrays: units per arc, each offer's total and tier."""

    index: AwardIndex
    model: AwardModel
    values: Floats
    arc_quantity: Ints
    offer_total: Ints
    offer_tier: Ints  # the tier whose price the offer is paid (-1: not awarded)
    pair_shortage: Ints
    arc_spend: Floats  # what a budget counts: purchase + delivery of the award (of its minimum, for an open contract
    # whose budget counts minimums)
    split_filled: np.ndarray  # per split market and rank: whether a supplier fills it


def read_award(model: AwardModel, solution: Solution) -> SolvedAward:
    """Whole units per arc (checked: the model's vertices are whole), and the price tier each total falls in."""
    index = model.index
    values = solution.values
    flow = group_sum(model.flow_arc, values[model.flow], len(index.arc_offer))
    quantity = np.rint(flow).astype(np.int64)
    if len(flow) and np.abs(flow - quantity).max() > WHOLE:
        raise SolverError(f"the solver returned a fractional quantity ({flow[np.argmax(np.abs(flow - quantity))]})")
    total = np.bincount(index.arc_offer, weights=quantity, minlength=len(index.offer_market)).astype(np.int64)
    tier = _tier_of(index, total)
    price = np.where(tier >= 0, index.tier_price[np.maximum(tier, 0)], 0.0)
    delivered = np.bincount(index.arc_pair, weights=quantity, minlength=len(index.pair_market)).astype(np.int64)
    return SolvedAward(
        index=index,
        model=model,
        values=values,
        arc_quantity=quantity,
        offer_total=total,
        offer_tier=tier,
        pair_shortage=index.pair_quantity - delivered,
        arc_spend=budgeted_units(index, quantity) * (price[index.arc_offer] + index.arc_delivery),
        split_filled=_split_filled(model, values),
    )


def _tier_of(index: AwardIndex, total: Ints) -> Ints:
    """All-units: the tier with the largest start at or below the total (tiers of an offer do not overlap)."""
    first = index.tier_first()
    count = np.bincount(index.tier_offer, minlength=len(index.offer_market))
    tier = np.full(len(total), -1)
    for position in range(int(count.max(initial=0))):
        candidate = first + position
        reached = (position < count) & (total > 0)
        reached[reached] = index.tier_low[candidate[reached]] <= total[reached]
        tier[reached] = candidate[reached]
    awarded = total > 0
    if (tier[awarded] < 0).any() or (total[awarded] > index.tier_high[tier[awarded]] + WHOLE).any():
        raise SolverError("the solver awarded an offer a quantity none of its price tiers allows")
    return tier


def _split_filled(model: AwardModel, values: Floats) -> np.ndarray:
    plan = split_plan(model.index)
    filled = np.zeros(len(plan.markets) * plan.weights.shape[1], dtype=bool)
    if "split_rank" in model.parts:
        chosen = values[model.parts["split_rank"]] > 0.5
        filled[model.parts["split_rank_slot"][chosen]] = True
    return filled.reshape(len(plan.markets), plan.weights.shape[1])


# --- tables ---------------------------------------------------------------------------------------------------


def extract_awards(award: SolvedAward) -> pd.DataFrame:
    """One row per institution, product and supplier with a positive quantity; money in whole cents."""
    index = award.index
    scenario = index.scenario
    arcs = np.flatnonzero(award.arc_quantity > 0)
    offer = index.arc_offer[arcs]
    quantity = award.arc_quantity[arcs]
    price = index.tier_price[award.offer_tier[offer]]
    purchase = to_cents(quantity * price)
    delivery = to_cents(quantity * index.arc_delivery[arcs])
    fixed = to_cents(quantity / award.offer_total[offer] * index.offer_fixed[offer])
    awards = pd.DataFrame(
        {
            "institution_id": scenario.institutions["institution_id"].to_numpy()[
                index.pair_institution[index.arc_pair[arcs]]
            ],
            "product_id": scenario.products["product_id"].to_numpy()[index.market_product[index.offer_market[offer]]],
            "period": pair_period_ids(index)[index.arc_pair[arcs]],
            "supplier_id": scenario.suppliers["supplier_id"].to_numpy()[index.offer_supplier[offer]],
            "quantity": quantity,
            "unit_price": price,
            "purchase_cost": purchase / 100,
            "delivery_cost": delivery / 100,
            "fixed_cost": fixed / 100,
            "total_cost": (purchase + delivery + fixed) / 100,
        },
        columns=AWARD_COLUMNS,
    )
    return awards.sort_values(["product_id", "institution_id", "period", "supplier_id"]).reset_index(drop=True)


def extract_shortages(award: SolvedAward) -> pd.DataFrame:
    """Unmet demand with the limit that stops supply, as a purchasing officer can act on it."""
    index = award.index
    scenario = index.scenario
    short = np.flatnonzero(award.pair_shortage > 0)
    quantity = award.pair_shortage[short]
    shortages = pd.DataFrame(
        {
            "institution_id": scenario.institutions["institution_id"].to_numpy()[index.pair_institution[short]],
            "product_id": scenario.products["product_id"].to_numpy()[index.pair_product[short]],
            "period": pair_period_ids(index)[short],
            "quantity": quantity,
            "reason": shortage_reasons(award)[short],
            "penalty_cost": to_cents(quantity * index.pair_penalty[short]) / 100,
        },
        columns=SHORTAGE_COLUMNS,
    )
    return shortages.sort_values(["product_id", "institution_id", "period"]).reset_index(drop=True)


def shortage_reasons(award: SolvedAward) -> np.ndarray:
    """Per demand pair, what stops more supply, read from the solved model:

    no offer can supply it at all (no admissible bid, or conditions beyond reach); every offer that could costs
    more than the shortfall penalty; a limit on the whole pair (the institution's budget used up, a split share
    no supplier fills); else the limit blocking the cheapest offer that could still supply, capacity counting
    only when every such offer is full.
    """
    index = award.index
    pairs = len(index.pair_market)
    reasons = np.full(pairs, "", dtype=object)
    offered = np.bincount(index.arc_pair, minlength=pairs) > 0
    reasons[~offered] = static_reasons(award)[~offered]
    worth = best_unit_cost(index) < index.pair_penalty[index.arc_pair]
    reasons[offered & (np.bincount(index.arc_pair[worth], minlength=pairs) == 0)] = "penalty_below_cost"
    for rule in RULES:
        blocked = rule.blocked_pairs(award) & (reasons == "")
        reasons[blocked] = rule.reason
    _arc_reasons(award, reasons)
    reasons[reasons == ""] = "penalty_below_cost"
    return reasons


def _arc_reasons(award: SolvedAward, reasons: np.ndarray) -> None:
    """For pairs still unexplained, the blocker of the cheapest arc worth using (capacity last)."""
    index = award.index
    cost = best_unit_cost(index)
    worth = (cost < index.pair_penalty[index.arc_pair]) & (reasons[index.arc_pair] == "")
    ordered = sorted(RULES, key=lambda rule: rule.name in CAPACITIES)
    blocker = np.full(len(index.arc_offer), len(ordered))
    for position, rule in reversed(list(enumerate(ordered))):
        if rule.reason:
            blocker[rule.blocked_arcs(award) & worth] = position
    arcs = np.flatnonzero(worth & (blocker < len(ordered)))
    if not len(arcs):
        return
    full = len(ordered) - len(CAPACITIES)  # capacities: a reason only when every arc worth using is full
    key = (blocker[arcs] >= full) * (cost.max() + 1) + cost[arcs]
    best = group_min(index.arc_pair[arcs], key, len(index.pair_market))
    winner = arcs[np.isclose(key, best[index.arc_pair[arcs]], rtol=0, atol=1e-12)]
    pairs = index.arc_pair[winner]
    reasons[pairs] = np.array([ordered[b].reason for b in blocker[winner]], dtype=object)


def best_unit_cost(index: AwardIndex) -> Floats:
    """Each arc's lowest evaluated cost per unit: its offer's lowest price (national preference applied) plus
    delivery."""
    lowest = group_min(index.tier_offer, index.tier_price, len(index.offer_market))
    evaluated = lowest * price_scale(index.scenario, index.offer_supplier)
    cost: Floats = evaluated[index.arc_offer] + index.arc_delivery
    return cost


def binding_rules(award: SolvedAward) -> pd.DataFrame:
    """Budgets, capacities and counts that are used up: relaxing them is what could lower the cost."""
    frames = [frame for rule in RULES if (frame := rule.binding(award)) is not None and len(frame)]
    if not frames:
        return pd.DataFrame(columns=BINDING_COLUMNS)
    return pd.concat(frames, ignore_index=True)[BINDING_COLUMNS]
