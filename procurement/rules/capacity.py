"""Capacity: the most a supplier can deliver of a product, over all institutions together."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from procurement.errors import Issue
from procurement.rules.base import Rule, Tables, binding_rows, check_offer_condition
from procurement.scenario import UNITS, Column, Kind

if TYPE_CHECKING:
    from procurement.awards import SolvedAward
    from procurement.model import AwardModel


class Capacity(Rule):
    name = "capacity"
    title = "capacity"
    label = ("Capacidad", "Capacity")
    reason_labels = {"capacity": ("capacidad de los proveedores agotada", "suppliers' capacity used up")}
    summary = "a supplier delivers at most `capacity` units of a product, over all institutions"
    columns = {
        "bids.csv": (
            Column(
                "capacity",
                Kind.WHOLE,
                required=False,
                note="Most units the supplier can deliver of this product, over all institutions",
                unit=UNITS,
                example=100_000,
            ),
        )
    }
    reason = "capacity"

    def check(self, tables: Tables, policy: Mapping[str, Any], issues: list[Issue]) -> None:
        check_offer_condition(tables["bids.csv"], "capacity", issues)

    def add(self, model: AwardModel) -> None:
        """A row per offer without a yes/no award whose capacity is less than its market's demand (offers with
        one carry their capacity in their tiers' ranges)."""
        index = model.index
        arcs = np.bincount(index.arc_offer, minlength=len(index.offer_market))
        limited = (index.offer_capacity < index.market_total[index.offer_market]) & (arcs > 1) & ~index.offer_choice
        offers = np.flatnonzero(limited)
        rows = model.add_rows("capacity", len(offers), upper=index.offer_capacity[offers])
        row_of = np.full(len(index.offer_market), -1)
        row_of[offers] = rows
        flows = np.flatnonzero(limited[index.arc_offer[model.flow_arc]])
        model.add_entries(row_of[index.arc_offer[model.flow_arc[flows]]], model.flow[flows], 1.0)
        model.parts["capacity_row"], model.parts["capacity_offer"] = rows, offers

    def blocked_arcs(self, award: SolvedAward) -> np.ndarray:
        index = award.index
        full: np.ndarray = award.offer_total >= index.offer_capacity - 1e-6
        blocked: np.ndarray = full[index.arc_offer]
        return blocked

    def binding(self, award: SolvedAward) -> pd.DataFrame | None:
        index = award.index
        full = np.flatnonzero(np.isfinite(index.offer_capacity) & (award.offer_total >= index.offer_capacity - 1e-6))
        return binding_rows(
            award,
            rule="capacity",
            product=index.market_product[index.offer_market[full]],
            supplier=index.offer_supplier[full],
            period=index.offer_period[full],
            limit=index.offer_capacity[full],
            used=award.offer_total[full],
        )
