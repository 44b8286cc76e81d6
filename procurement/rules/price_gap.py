"""Max price gap: every awarded unit price within (1 + gap) x the cheapest awarded price of the product."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from procurement.arrays import expand_counts, group_max, group_min
from procurement.rules.base import Rule
from procurement.scenario import Column, Kind, Setting

if TYPE_CHECKING:
    from procurement.awards import SolvedAward
    from procurement.index import AwardIndex
    from procurement.model import AwardModel

RELATIVE = 1e-9  # prices are compared to a relative 1e-9, so that 11 is within 10 % of 10 despite rounding


class PriceGap(Rule):
    name = "price_gap"
    title = "price gap"
    label = ("Brecha máxima de precio", "Max price gap")
    reason_labels = {
        "price_gap": (
            "la brecha máxima de precio excluye a las demás ofertas",
            "the max price gap excludes the other offers",
        )
    }
    summary = (
        "every awarded unit price ≤ (1 + `max_price_gap`) × the cheapest awarded unit price of the product "
        "(Mexican split awards use 0.10); compared on bid prices, before delivery and national preference"
    )
    columns = {
        "products.csv": (
            Column(
                "max_price_gap",
                Kind.AMOUNT,
                required=False,
                note="Awarded prices at most this fraction above the cheapest (0.10 = 10 %; overrides the policy)",
                unit="fraction",
            ),
        )
    }
    settings = (
        Setting("max_price_gap", Kind.AMOUNT, "awarded prices at most this fraction above the cheapest, e.g. 0.10"),
    )
    overrides = {"max_price_gap": "max_price_gap"}
    reason = "price_gap"
    costed = True

    def active_markets(self, index: AwardIndex) -> np.ndarray:
        return self._gapped(index)

    def _gapped(self, index: AwardIndex) -> np.ndarray:
        markets = np.arange(len(index.market_product))
        gap = index.product_value("max_price_gap", markets).astype(float)
        gapped: np.ndarray = ~np.isnan(gap) & (index.offers_per_market() > 1)
        return gapped

    def needs_choices(self, index: AwardIndex) -> np.ndarray:
        needs: np.ndarray = self._gapped(index)[index.offer_market]
        return needs

    def add(self, model: AwardModel) -> None:
        """Price bands: a binary per (market, distinct tier price) picks the cheapest awarded price p; a tier may
        be chosen only with a band p such that p <= its price <= (1 + gap) p, and at most one band is picked."""
        index = model.index
        tiers = np.flatnonzero(self._gapped(index)[index.offer_market[index.tier_offer]])
        market = index.offer_market[index.tier_offer[tiers]]
        price = index.tier_price[tiers]
        prices = np.unique(price)
        key = market * len(prices) + np.searchsorted(prices, price)
        band_key, band_of_tier = np.unique(key, return_inverse=True)
        band_market = band_key // max(len(prices), 1)
        bands = model.add_columns("price_band", band_market, 1.0, integer=True)
        gap = index.product_value("max_price_gap", market).astype(float)
        floor = np.searchsorted(prices, price / ((1 + gap) * (1 + RELATIVE)))
        low = np.searchsorted(band_key, market * len(prices) + floor)
        high = band_of_tier + 1
        rows = model.add_rows("price_gap", len(tiers), upper=0.0)
        model.add_entries(rows, model.choice[tiers], 1.0)
        owner, part = expand_counts(high - low)
        model.add_entries(rows[owner], bands[low[owner] + part], -1.0)
        markets = np.unique(band_market)
        one = model.add_rows("price_gap_band", len(markets), upper=1.0)
        model.add_entries(one[np.searchsorted(markets, band_market)], bands, 1.0)

    def blocked_arcs(self, award: SolvedAward) -> np.ndarray:
        """An offer left out whose every price would break the gap with the prices awarded."""
        index = award.index
        size = len(index.market_product)
        awarded = award.offer_tier >= 0
        paid = index.tier_price[award.offer_tier[awarded]]
        cheapest = group_min(index.offer_market[awarded], paid, size)
        dearest = group_max(index.offer_market[awarded], paid, size)
        gap = index.product_value("max_price_gap", np.arange(size)).astype(float)
        market = index.offer_market[index.tier_offer]
        fits = (index.tier_price <= (1 + gap[market]) * cheapest[market] * (1 + RELATIVE)) & (
            dearest[market] <= (1 + gap[market]) * index.tier_price * (1 + RELATIVE)
        )
        fitting = np.bincount(index.tier_offer[fits], minlength=len(index.offer_market)) > 0
        blocked = self._gapped(index)[index.offer_market] & ~awarded & ~fitting
        result: np.ndarray = blocked[index.arc_offer]
        return result
