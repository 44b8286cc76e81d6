"""Minimum quantity: an offer is awarded at least its minimum in total, or nothing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from procurement.arrays import group_sum
from procurement.errors import Issue
from procurement.rules.base import OFFER, Rule, Tables, check_offer_condition, fmt, report_rows
from procurement.scenario import UNITS, Column, Kind

if TYPE_CHECKING:
    from procurement.awards import SolvedAward
    from procurement.index import AwardIndex


class MinQuantity(Rule):
    name = "min_quantity"
    title = "minimum quantity"
    label = ("Cantidad mínima", "Minimum quantity")
    reason_labels = {
        "min_quantity": (
            "la cantidad mínima de las ofertas no se alcanza",
            "the offers' minimum quantity cannot be reached",
        )
    }
    summary = "an offer is awarded at least `min_quantity` units in total over all institutions, or nothing"
    columns = {
        "bids.csv": (
            Column(
                "min_quantity",
                Kind.WHOLE,
                required=False,
                note="If awarded at all, at least this many units in total",
                unit=UNITS,
            ),
        )
    }
    reason = "min_quantity"

    def check(self, tables: Tables, policy: Mapping[str, Any], issues: list[Issue]) -> None:
        bids = tables["bids.csv"]
        check_offer_condition(bids, "min_quantity", issues)
        if not bids["min_quantity"].notna().any():
            return  # no minimum given: none can be above a capacity
        offer = bids.groupby(OFFER)[["capacity", "min_quantity"]].transform("max")
        least = bids["min_quantity"].to_numpy()
        report_rows(
            "bids.csv",
            "min_quantity",
            bids,
            (offer["min_quantity"] > offer["capacity"]) & bids["min_quantity"].notna(),
            issues,
            "min_above_capacity",
            lambda at: {"value": fmt(least[at])},
        )

    def needs_choices(self, index: AwardIndex) -> np.ndarray:
        needs: np.ndarray = index.offer_min > 0
        return needs

    def blocked_arcs(self, award: SolvedAward) -> np.ndarray:
        """An offer left out whose minimum is more than its market still lacks."""
        index = award.index
        lacking = group_sum(index.pair_market, award.pair_shortage, len(index.market_product))
        left_out: np.ndarray = (award.offer_total == 0) & (index.offer_min > lacking[index.offer_market])
        blocked: np.ndarray = left_out[index.arc_offer]
        return blocked
