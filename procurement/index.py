"""The sparse index the award model is built on, as numpy arrays: markets, demand pairs, offers, tiers, arcs.

A *market* is what offers compete for: a product bought by every institution together (the consolidated
purchase), or one institution's demand of a product (buying alone); a product whose bids name periods is a market
per period (procurement.rules.periods). Offers, tiers and arcs exist only where they
can carry supply: an admissible offer for a demanded product, a price tier its conditions let it reach, an offer
and a demand pair of the same market. Everything is computed with array arithmetic, never row by row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from procurement.arrays import Floats, Ints, expand, positions
from procurement.rules import RULES
from procurement.rules.period_prices import market_periods, period_codes
from procurement.scenario import Scenario

PENALTY_FACTOR = 10.0  # a unit short costs this times the highest unit cost, unless [policy] sets the penalty


@dataclass
class AwardIndex:
    """Positions refer to rows of the scenario's tables (institutions, products, suppliers, demand, bids)."""

    scenario: Scenario
    alone: bool  # markets are single institutions buying alone
    market_product: Ints
    market_total: Ints  # units demanded in the market
    market_period: np.ndarray  # the period its offers are priced for ("": every period)
    pair_market: Ints
    pair_institution: Ints
    pair_demand: Ints  # row of scenario.demand
    pair_quantity: Ints
    pair_penalty: Floats  # per unit short
    offer_market: Ints
    offer_supplier: Ints
    offer_capacity: Floats  # inf: none
    offer_min: Floats
    offer_fixed: Floats
    offer_period_capacity: Floats  # inf: none
    tier_offer: Ints  # tiers sorted by offer, then quantity
    tier_bid: Ints  # row of scenario.bids that sets the tier's price
    tier_price: Floats
    tier_low: Ints  # the offer's total quantity in this tier is within [low, high]
    tier_high: Floats
    arc_offer: Ints  # arcs sorted by offer, then pair
    arc_pair: Ints
    arc_delivery: Floats
    offer_choice: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # needs a yes/no award
    cache: dict[str, object] = field(default_factory=dict)  # what rules work out once per index

    @property
    def pair_product(self) -> Ints:
        product: Ints = self.market_product[self.pair_market]
        return product

    @property
    def offer_product(self) -> Ints:
        product: Ints = self.market_product[self.offer_market]
        return product

    @property
    def offer_period(self) -> np.ndarray:
        """The period each offer's bid names ("": its bid holds for every period)."""
        period: np.ndarray = self.market_period[self.offer_market]
        return period

    @property
    def arc_market(self) -> Ints:
        market: Ints = self.offer_market[self.arc_offer]
        return market

    @property
    def arc_upper(self) -> Floats:
        """The most an arc can carry: its pair's demand, or its offer's capacity if smaller."""
        upper: Floats = np.minimum(self.pair_quantity[self.arc_pair], self.offer_capacity[self.arc_offer])
        return upper

    def product_value(self, column: str, owner: Ints) -> np.ndarray:
        """A products.csv column (already resolved against the policy) for each market in `owner`."""
        values: np.ndarray = self.scenario.products[column].to_numpy()[self.market_product[owner]]
        return values

    def offers_per_market(self) -> Ints:
        return np.bincount(self.offer_market, minlength=len(self.market_product))

    def tier_first(self) -> Ints:
        """The first tier of each offer (tiers are sorted by offer)."""
        return np.searchsorted(self.tier_offer, np.arange(len(self.offer_market)))

    def offer_top_price(self) -> Floats:
        """Each offer's highest usable price (its first tier's)."""
        price: Floats = self.tier_price[self.tier_first()]
        return price


def build_index(scenario: Scenario, alone: Ints | None = None, product_penalty: Floats | None = None) -> AwardIndex:
    """The index of the consolidated purchase, or (`alone`: demand rows) of those institutions buying alone, each
    institution's product one market over every period (a market per period where the product's bids name periods).

    `product_penalty` fixes the shortfall penalty per product (buying alone uses the consolidated purchase's).
    """
    demand = scenario.demand
    product = positions(demand["product_id"], scenario.products["product_id"])
    codes = period_codes(scenario)
    period = np.searchsorted(codes, market_periods(scenario))
    if alone is None:
        rows = np.arange(len(demand))
        code = product * len(codes) + period
    else:  # one market per institution and product (and period, where its bids name one)
        institution = positions(demand["institution_id"], scenario.institutions["institution_id"])
        rows = np.asarray(alone, dtype=np.int64)
        code = (institution[rows] * len(scenario.products) + product[rows]) * len(codes) + period[rows]
    order = np.argsort(code, kind="stable")
    pair_demand = rows[order]
    keys, pair_market = np.unique(code[order], return_inverse=True)
    market_product = keys // len(codes) % len(scenario.products)
    market_group = market_product * len(codes) + keys % len(codes)
    quantity = demand["quantity"].to_numpy(dtype=np.int64)[pair_demand]
    index = AwardIndex(
        scenario=scenario,
        alone=alone is not None,
        market_product=market_product,
        market_total=np.bincount(pair_market, weights=quantity, minlength=len(market_product)).astype(np.int64),
        market_period=codes[keys % len(codes)],
        pair_market=pair_market,
        pair_institution=positions(demand["institution_id"], scenario.institutions["institution_id"])[pair_demand],
        pair_demand=pair_demand,
        pair_quantity=quantity,
        pair_penalty=np.zeros(len(pair_demand)),
        **_offers_and_arcs(scenario, market_group, pair_market, quantity),
    )
    for rule in RULES:
        rule.index(index)
    index.pair_penalty = _penalties(index, product_penalty)
    index.offer_choice = np.zeros(len(index.offer_market), dtype=bool)
    for rule in RULES:
        index.offer_choice |= rule.needs_choices(index)
    return index


def _offers_and_arcs(scenario: Scenario, market_group: Ints, pair_market: Ints, quantity: Ints) -> dict[str, Any]:
    """A market's offers are the base offers of its (product, period) group."""
    base = _base_offers(scenario)
    starts = np.searchsorted(base.group, market_group)
    counts = np.searchsorted(base.group, market_group, side="right") - starts
    offer_market, offer_base = expand(starts, counts)
    tier_owner, tier_base = expand(base.tier_start[offer_base], base.tier_count[offer_base])
    total = np.bincount(pair_market, weights=quantity, minlength=len(market_group))[offer_market]
    capacity = base.capacity[offer_base]
    low = np.maximum(base.tier_from[tier_base], base.minimum[offer_base][tier_owner])
    high = np.minimum(np.minimum(base.tier_until[tier_base], capacity[tier_owner]), total[tier_owner])
    usable = (low <= high) & (high >= 1)  # an award is at least one unit
    kept = np.unique(tier_owner[usable])  # offers with a tier they can reach
    renumber = np.full(len(offer_market), -1)
    renumber[kept] = np.arange(len(kept))
    offer_market, offer_base = offer_market[kept], offer_base[kept]
    pair_start = np.searchsorted(pair_market, np.arange(len(market_group)))
    pair_count = np.bincount(pair_market, minlength=len(market_group))
    arc_offer, arc_pair = expand(pair_start[offer_market], pair_count[offer_market])
    return {
        "offer_market": offer_market,
        "offer_supplier": base.supplier[offer_base],
        "offer_capacity": base.capacity[offer_base],
        "offer_min": base.minimum[offer_base],
        "offer_fixed": base.fixed[offer_base],
        "offer_period_capacity": base.period_capacity[offer_base],
        "tier_offer": renumber[tier_owner[usable]],
        "tier_bid": base.tier_bid[tier_base[usable]],
        "tier_price": base.tier_price[tier_base[usable]],
        "tier_low": low[usable].astype(np.int64),
        "tier_high": high[usable],
        "arc_offer": arc_offer,
        "arc_pair": arc_pair,
        "arc_delivery": np.zeros(len(arc_offer)),
    }


@dataclass
class _BaseOffers:
    """Each supplier's offer for a product and the period its bid names (sorted by product and period), with its
    admissible price tiers."""

    group: Ints  # product x period codes + the period's code (procurement.rules.periods.period_codes)
    product: Ints
    supplier: Ints
    capacity: Floats
    minimum: Floats
    fixed: Floats
    period_capacity: Floats
    tier_start: Ints  # first tier of each offer, into the tier arrays
    tier_count: Ints
    tier_bid: Ints
    tier_from: Floats
    tier_until: Floats  # last whole quantity of the tier (the next break's start - 1)
    tier_price: Floats


def _base_offers(scenario: Scenario) -> _BaseOffers:
    """Offer conditions come from every row of the offer, admissible or not; prices only from admissible rows."""
    bids = scenario.bids
    product = positions(bids["product_id"], scenario.products["product_id"])
    supplier = positions(bids["supplier_id"], scenario.suppliers["supplier_id"])
    codes = period_codes(scenario)
    group = product * len(codes) + np.searchsorted(codes, bids["period"].to_numpy(dtype=object).astype(str))
    start = bids["from_quantity"].to_numpy(dtype=float)
    order = np.lexsort((start, supplier, group))
    code = group[order] * len(scenario.suppliers) + supplier[order]
    keys, first = np.unique(code, return_index=True)
    offer_of_row = np.searchsorted(keys, code)
    same_next = np.append(code[1:] == code[:-1], False)
    until = np.where(same_next, np.append(start[order][1:], np.inf) - 1, np.inf)
    admissible = np.ones(len(order), dtype=bool)
    for rule in RULES:
        admissible &= rule.admissible(scenario)[order]
    conditions = _conditions(bids, order, offer_of_row, len(keys))
    tiers = np.flatnonzero(admissible)
    tier_offer = offer_of_row[tiers]
    has_tier = np.bincount(tier_offer, minlength=len(keys)) > 0
    keep = np.flatnonzero(has_tier)
    tier_start = np.searchsorted(tier_offer, keep)
    return _BaseOffers(
        group=group[order][first][keep],
        product=product[order][first][keep],
        supplier=supplier[order][first][keep],
        capacity=conditions["capacity"][keep],
        minimum=conditions["min_quantity"][keep],
        fixed=conditions["fixed_cost"][keep],
        period_capacity=conditions["period_capacity"][keep],
        tier_start=tier_start,
        tier_count=np.bincount(tier_offer, minlength=len(keys))[keep],
        tier_bid=order[tiers],
        tier_from=start[order][tiers],
        tier_until=until[tiers],
        tier_price=bids["unit_price"].to_numpy(dtype=float)[order][tiers],
    )


def _conditions(bids: pd.DataFrame, order: Ints, offer: Ints, count: int) -> dict[str, Floats]:
    """capacity and period_capacity (inf when none), min_quantity and fixed_cost (0 when none) of each offer, from any
    of its rows."""
    values = {}
    conditions = (("capacity", np.inf), ("period_capacity", np.inf), ("min_quantity", 0.0), ("fixed_cost", 0.0))
    for column, missing in conditions:
        cells = bids[column].to_numpy(dtype=float)[order]
        given = ~np.isnan(cells)
        result = np.full(count, -np.inf)
        np.maximum.at(result, offer[given], cells[given])
        values[column] = np.where(np.isneginf(result), missing, result)
    return values


def _penalties(index: AwardIndex, product_penalty: Floats | None) -> Floats:
    if product_penalty is None:
        product_penalty = shortfall_penalties(index)
    penalty: Floats = product_penalty[index.pair_product]
    return penalty


def shortfall_penalties(index: AwardIndex) -> Floats:
    """Per product, the cost of a unit short: [policy] shortfall_penalty, else 10 x the product's highest unit
    cost (price + delivery) among offers that can be awarded; for a product with none, 10 x its highest bid price,
    else 10 x its reference price, else 10 x the highest unit cost in the whole purchase, else 1."""
    scenario = index.scenario
    explicit = scenario.policy.get("shortfall_penalty")
    products = len(scenario.products)
    if explicit is not None:
        return np.full(products, float(explicit))
    cost = index.offer_top_price()[index.arc_offer] + index.arc_delivery
    highest = np.full(products, np.nan)
    if len(cost):
        np.fmax.at(highest, index.market_product[index.arc_market], cost)
    purchase = float(np.nanmax(highest)) if np.isfinite(highest).any() else 0.1
    bid_price = scenario.bids.groupby("product_id")["unit_price"].max()
    fallback = scenario.products["reference_price"].to_numpy(dtype=float).copy()
    fallback[positions(bid_price.index, scenario.products["product_id"])] = bid_price.to_numpy()
    highest = np.where(np.isnan(highest), fallback, highest)
    return PENALTY_FACTOR * np.where(np.isnan(highest), purchase, highest)
