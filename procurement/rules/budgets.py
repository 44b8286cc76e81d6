"""Budgets: what an institution spends on purchase and delivery stays within its budget."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from procurement.arrays import group_max, group_sum
from procurement.rules.base import Rule, binding_rows
from procurement.rules.open_contracts import budgeted_columns
from procurement.scenario import MONEY, Column, Kind

if TYPE_CHECKING:
    from procurement.awards import SolvedAward
    from procurement.index import AwardIndex
    from procurement.model import AwardModel

TOLERANCE = 1e-6


class Budgets(Rule):
    name = "budget"
    title = "budgets"
    label = ("Presupuesto", "Budget")
    reason_labels = {"budget": ("presupuesto agotado", "budget used up")}
    summary = (
        "an institution's purchase + delivery spend stays within its `budget` (fixed costs, shared after the "
        "award, are not part of it); what the budget cannot pay is short"
    )
    columns = {
        "institutions.csv": (
            Column(
                "budget",
                Kind.AMOUNT,
                required=False,
                note="Most it may spend here: purchase + delivery. Blank: no limit",
                unit=MONEY,
                example=25_000_000,
            ),
        )
    }
    reason = "budget"
    links = "the products an institution with a budget buys"

    def budgeted_pairs(self, index: AwardIndex) -> np.ndarray:
        budget = index.scenario.institutions["budget"].to_numpy(dtype=float)
        budgeted: np.ndarray = ~np.isnan(budget[index.pair_institution])
        return budgeted

    def market_links(self, index: AwardIndex) -> np.ndarray:
        """Each budgeted institution's markets, chained in order."""
        pairs = np.flatnonzero(self.budgeted_pairs(index))
        order = np.lexsort((index.pair_market[pairs], index.pair_institution[pairs]))
        institution, market = index.pair_institution[pairs][order], index.pair_market[pairs][order]
        same = institution[1:] == institution[:-1]
        return np.column_stack((market[:-1][same], market[1:][same]))

    def add(self, model: AwardModel) -> None:
        """A row per budgeted institution; flows in its markets are whole units (budget rows are not a network)."""
        index = model.index
        budget = index.scenario.institutions["budget"].to_numpy(dtype=float)
        budgeted = self.budgeted_pairs(index)
        institutions = np.unique(index.pair_institution[budgeted])
        rows = model.add_rows("budget", len(institutions), upper=budget[institutions])
        arc_pair = index.arc_pair[model.flow_arc]
        flows = np.flatnonzero(budgeted[arc_pair])
        unit_cost = index.tier_price[model.flow_tier[flows]] + index.arc_delivery[model.flow_arc[flows]]
        row = rows[np.searchsorted(institutions, index.pair_institution[arc_pair[flows]])]
        model.add_entries(row, budgeted_columns(model, flows), unit_cost)
        model.parts["budget_row"], model.parts["budget_institution"] = rows, institutions
        markets = np.zeros(len(index.market_product), dtype=bool)
        markets[index.pair_market[budgeted]] = True
        model.mark_integer(model.flow[markets[index.arc_market[model.flow_arc]]])
        shortage = model.parts["shortage"]
        model.mark_integer(shortage[(shortage >= 0) & markets[index.pair_market]])

    def _used(self, award: SolvedAward) -> tuple[np.ndarray, np.ndarray]:
        index = award.index
        budget = index.scenario.institutions["budget"].to_numpy(dtype=float)
        spend = group_sum(index.pair_institution[index.arc_pair], award.arc_spend, len(budget))
        return budget, spend

    def blocked_pairs(self, award: SolvedAward) -> np.ndarray:
        """Pairs whose institution has less budget left than one more unit of them could cost."""
        index = award.index
        budget, spend = self._used(award)
        unit_cost = index.offer_top_price()[index.arc_offer] + index.arc_delivery
        dearest = group_max(index.arc_pair, unit_cost, len(index.pair_market), empty=0.0)
        left = (budget - spend)[index.pair_institution]
        blocked: np.ndarray = left < dearest - TOLERANCE
        return blocked

    def binding(self, award: SolvedAward) -> pd.DataFrame | None:
        budget, spend = self._used(award)
        demanding = np.bincount(award.index.pair_institution, minlength=len(budget)) > 0
        full = np.flatnonzero(
            demanding & (spend >= budget - np.maximum(TOLERANCE, 1e-9 * np.abs(np.nan_to_num(budget))))
        )
        return binding_rows(award, "budget", budget[full], spend[full], institution=full)
