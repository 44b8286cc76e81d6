"""Max suppliers: at most this many suppliers win a product (recent rounds allow 5 per clave)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from procurement.arrays import group_sum
from procurement.rules.base import Rule, binding_rows
from procurement.scenario import Column, Kind, Setting

if TYPE_CHECKING:
    from procurement.awards import SolvedAward
    from procurement.index import AwardIndex
    from procurement.model import AwardModel


class MaxSuppliers(Rule):
    name = "max_suppliers"
    title = "max suppliers"
    label = ("Máximo de proveedores", "Max suppliers")
    reason_labels = {
        "max_suppliers": ("ya se adjudicó al máximo de proveedores", "the most suppliers allowed are already awarded")
    }
    summary = "at most `max_suppliers` suppliers win a product (the Mexican rule allows 5 per clave)"
    columns = {
        "products.csv": (
            Column(
                "max_suppliers",
                Kind.COUNT,
                required=False,
                note="At most this many suppliers win the product (overrides the policy)",
                unit="whole ≥ 1",
            ),
        )
    }
    settings = (
        Setting("max_suppliers", Kind.COUNT, "at most this many suppliers win a product (blank: no limit)", example=5),
    )
    overrides = {"max_suppliers": "max_suppliers"}
    reason = "max_suppliers"
    costed = True

    def active_markets(self, index: AwardIndex) -> np.ndarray:
        return self._limited(index)

    def _limited(self, index: AwardIndex) -> np.ndarray:
        """Markets with more offers than their limit."""
        markets = np.arange(len(index.market_product))
        limit = index.product_value("max_suppliers", markets).astype(float)
        limited: np.ndarray = index.offers_per_market() > limit  # NaN (no limit) compares False
        return limited

    def needs_choices(self, index: AwardIndex) -> np.ndarray:
        needs: np.ndarray = self._limited(index)[index.offer_market]
        return needs

    def add(self, model: AwardModel) -> None:
        index = model.index
        markets = np.flatnonzero(self._limited(index))
        limit = index.product_value("max_suppliers", markets).astype(float)
        rows = model.add_rows("max_suppliers", len(markets), upper=limit)
        row_of = np.full(len(index.market_product), -1)
        row_of[markets] = rows
        tiers = np.flatnonzero((model.choice >= 0) & (row_of[index.offer_market[index.tier_offer]] >= 0))
        model.add_entries(row_of[index.offer_market[index.tier_offer[tiers]]], model.choice[tiers], 1.0)

    def _full(self, award: SolvedAward) -> np.ndarray:
        index = award.index
        markets = np.arange(len(index.market_product))
        awarded = group_sum(index.offer_market, (award.offer_total > 0).astype(float), len(markets))
        full: np.ndarray = self._limited(index) & (awarded >= index.product_value("max_suppliers", markets))
        return full

    def blocked_arcs(self, award: SolvedAward) -> np.ndarray:
        index = award.index
        left_out: np.ndarray = self._full(award)[index.offer_market] & (award.offer_total == 0)
        blocked: np.ndarray = left_out[index.arc_offer]
        return blocked

    def binding(self, award: SolvedAward) -> pd.DataFrame | None:
        index = award.index
        full = np.flatnonzero(self._full(award))
        limit = index.product_value("max_suppliers", full).astype(float)
        return binding_rows(
            award, "max_suppliers", limit, limit, product=index.market_product[full], period=index.market_period[full]
        )
