"""Split-award arithmetic: exact share fractions, whole units by largest remainder, and the plan of each split
product (how many suppliers, each institution's units per rank)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from procurement.arrays import Ints, group_min

if TYPE_CHECKING:
    from procurement.index import AwardIndex

RENORMALISE, STRICT = "renormalise", "strict"
RELATIVE = 1e-9


def numerators(shares: tuple[float, ...]) -> np.ndarray:
    """Shares as whole numerators over a common denominator: (0.5, 0.3, 0.2) -> [5, 3, 2]."""
    fractions = [Fraction(repr(float(share))).limit_denominator(10**6) for share in shares]
    denominator = math.lcm(*(f.denominator for f in fractions))
    return np.array([int(f * denominator) for f in fractions], dtype=np.int64)


def largest_remainder(quantity: Ints, weights: np.ndarray) -> np.ndarray:
    """Whole units of each quantity split by `weights` (one row per quantity, zeros for unused ranks): each part
    rounded down, then the units left over go one each to the largest remainders, a tie to the earlier rank."""
    quantity = np.asarray(quantity, dtype=np.int64)
    total = weights.sum(axis=1)
    exact = quantity[:, None] * weights
    floor = exact // np.maximum(total, 1)[:, None]
    remainder = exact % np.maximum(total, 1)[:, None]
    left = quantity - floor.sum(axis=1)
    ranks = weights.shape[1]
    order = np.argsort(-remainder * (ranks + 1) + np.arange(ranks), axis=1, kind="stable")
    position = np.empty_like(order)
    np.put_along_axis(position, order, np.arange(ranks)[None, :].repeat(len(quantity), axis=0), axis=1)
    parts: np.ndarray = floor + ((position < left[:, None]) & (weights > 0))
    return parts


@dataclass
class SplitPlan:
    """Split markets and what the award of each must look like."""

    markets: Ints  # split markets
    ranks: Ints  # per split market: k, the shares (suppliers) awarded
    weights: np.ndarray  # per split market: numerators of the k shares used (zeros beyond k)
    pair_units: np.ndarray  # per pair (all pairs; zeros outside split markets): units per rank at full demand
    rank_units: np.ndarray  # per split market: units per rank over its pairs at full demand
    market_slot: Ints  # per market: its position in `markets`, or -1

    def slot(self, markets: Ints) -> Ints:
        """Position in `self.markets` of each market (-1 if not split)."""
        found: Ints = self.market_slot[markets]
        return found


def split_plan(index: AwardIndex) -> SplitPlan:
    """Per split market, k: all the shares when strict; when renormalising, the smaller of the number of shares
    and the number of suppliers that can take one of the preset shares (capacity, minimum, price breaks and
    price gap allowing), and at least one. The k shares are renormalised and each institution's units per rank
    set by largest remainder."""
    cached = index.cache.get("split_plan")
    if isinstance(cached, SplitPlan):
        return cached
    shares = index.product_value("split_shares", np.arange(len(index.market_product)))
    markets = np.flatnonzero([bool(s) for s in shares])
    width = max((len(shares[m]) for m in markets), default=0)
    preset = np.zeros((len(markets), width), dtype=np.int64)
    for row, market in enumerate(markets):
        preset[row, : len(shares[market])] = numerators(shares[market])
    strict = index.scenario.policy.get("split_fallback") == STRICT
    ranks = (preset > 0).sum(axis=1)
    if not strict:
        ranks = _renormalised_count(index, markets, preset)
    weights = np.where(np.arange(width)[None, :] < ranks[:, None], preset, 0)
    pair_units = np.zeros((len(index.pair_market), width), dtype=np.int64)
    slot = np.searchsorted(markets, index.pair_market)
    inside = np.flatnonzero(np.isin(index.pair_market, markets))
    pair_units[inside] = largest_remainder(index.pair_quantity[inside], weights[slot[inside]])
    rank_units = np.zeros((len(markets), width), dtype=np.int64)
    np.add.at(rank_units, slot[inside], pair_units[inside])
    market_slot = np.full(len(index.market_product), -1)
    market_slot[markets] = np.arange(len(markets))
    plan = SplitPlan(markets, ranks, weights, pair_units, rank_units, market_slot)
    index.cache["split_plan"] = plan
    return plan


def _renormalised_count(index: AwardIndex, markets: Ints, preset: np.ndarray) -> Ints:
    """min(shares, suppliers able to take a preset share, ranks with any units), at least 1."""
    slot = np.searchsorted(markets, index.pair_market)
    inside = np.flatnonzero(np.isin(index.pair_market, markets))
    units = np.zeros((len(markets), preset.shape[1]), dtype=np.int64)
    np.add.at(units, slot[inside], largest_remainder(index.pair_quantity[inside], preset[slot[inside]]))
    tier_market = index.offer_market[index.tier_offer]
    tier_slot = np.searchsorted(markets, tier_market)
    split_tiers = np.flatnonzero(np.isin(tier_market, markets))
    able = np.zeros((len(index.tier_offer), preset.shape[1]), dtype=bool)
    quantity = units[tier_slot[split_tiers]]
    low = np.maximum(index.tier_low[split_tiers], 1)[:, None]
    able[split_tiers] = (quantity >= low) & (quantity <= index.tier_high[split_tiers][:, None])
    gap = index.product_value("max_price_gap", tier_market).astype(float)
    cheapest = group_min(tier_market[able.any(axis=1)], index.tier_price[able.any(axis=1)], len(index.market_product))
    within = ~(index.tier_price > (1 + gap) * cheapest[tier_market] * (1 + RELATIVE))  # no gap: NaN, within
    able &= within[:, None]
    able_offers = np.bincount(index.tier_offer[able.any(axis=1)], minlength=len(index.offer_market)) > 0
    suppliers = np.bincount(index.offer_market[able_offers], minlength=len(index.market_product))[markets]
    count: Ints = np.maximum(np.minimum.reduce([(preset > 0).sum(axis=1), suppliers, (units > 0).sum(axis=1)]), 1)
    return count
