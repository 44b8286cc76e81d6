"""Budgets: what an institution spends on purchase and delivery stays within its budget."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from procurement.arrays import Floats, Ints, group_max, group_sum
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

    def groups(self, index: AwardIndex) -> tuple[Ints, Floats]:
        """Each pair's budget (its institution, -1: none) and the amount of each."""
        budget = index.scenario.institutions["budget"].to_numpy(dtype=float)
        return np.where(np.isnan(budget[index.pair_institution]), -1, index.pair_institution), budget

    def budgeted_pairs(self, index: AwardIndex) -> np.ndarray:
        budgeted: np.ndarray = self.groups(index)[0] >= 0
        return budgeted

    def market_links(self, index: AwardIndex) -> np.ndarray:
        """Each budgeted institution's markets, chained in order."""
        return budget_links(index, self.groups(index)[0])

    def add(self, model: AwardModel) -> None:
        rows, institutions = add_budget_rows(model, "budget", *self.groups(model.index))
        model.parts["budget_row"], model.parts["budget_institution"] = rows, institutions

    def _used(self, award: SolvedAward) -> tuple[np.ndarray, np.ndarray]:
        group, budget = self.groups(award.index)
        return budget, budget_spend(award, group, len(budget))

    def blocked_pairs(self, award: SolvedAward) -> np.ndarray:
        """Pairs whose institution has less budget left than one more unit of them could cost."""
        return budget_blocked_pairs(award, *self.groups(award.index))

    def binding(self, award: SolvedAward) -> pd.DataFrame | None:
        budget, spend = self._used(award)
        demanding = np.bincount(award.index.pair_institution, minlength=len(budget)) > 0
        full = np.flatnonzero(demanding & used_up(spend, budget))
        return binding_rows(award, "budget", budget[full], spend[full], institution=full)


# --- any budget: a group of demand pairs whose spend has a limit ---------------------------------------------------


def budget_links(index: AwardIndex, group: Ints) -> np.ndarray:
    """The markets of each budget group (`group`: per pair, -1 for none), chained in order."""
    pairs = np.flatnonzero(group >= 0)
    order = np.lexsort((index.pair_market[pairs], group[pairs]))
    owner, market = group[pairs][order], index.pair_market[pairs][order]
    same = owner[1:] == owner[:-1]
    return np.column_stack((market[:-1][same], market[1:][same]))


def add_budget_rows(model: AwardModel, kind: str, group: Ints, amount: Floats) -> tuple[Ints, Ints]:
    """A row per budget group (`group`: per pair, -1 for none) keeping the purchase + delivery of its flows within
    `amount`; flows in its markets are whole units (budget rows are not a network). The rows and their groups."""
    index = model.index
    budgeted = group >= 0
    groups = np.unique(group[budgeted])
    rows = model.add_rows(kind, len(groups), upper=amount[groups])
    arc_pair = index.arc_pair[model.flow_arc]
    flows = np.flatnonzero(budgeted[arc_pair])
    unit_cost = index.tier_price[model.flow_tier[flows]] + index.arc_delivery[model.flow_arc[flows]]
    row = rows[np.searchsorted(groups, group[arc_pair[flows]])]
    model.add_entries(row, budgeted_columns(model, flows), unit_cost)
    markets = np.zeros(len(index.market_product), dtype=bool)
    markets[index.pair_market[budgeted]] = True
    model.mark_integer(model.flow[markets[index.arc_market[model.flow_arc]]])
    shortage = model.parts["shortage"]
    model.mark_integer(shortage[(shortage >= 0) & markets[index.pair_market]])
    return rows, groups


def budget_spend(award: SolvedAward, group: Ints, size: int) -> Floats:
    """What each budget group spends, as its budget counts it."""
    index = award.index
    arcs = np.flatnonzero(group[index.arc_pair] >= 0)
    return group_sum(group[index.arc_pair[arcs]], award.arc_spend[arcs], size)


def budget_blocked_pairs(award: SolvedAward, group: Ints, amount: Floats) -> np.ndarray:
    """Pairs whose budget group has less left than one more unit of them could cost."""
    index = award.index
    spend = budget_spend(award, group, len(amount))
    unit_cost = index.offer_top_price()[index.arc_offer] + index.arc_delivery
    dearest = group_max(index.arc_pair, unit_cost, len(index.pair_market), empty=0.0)
    left = np.append(amount - spend, np.inf)[group]  # -1: the last, no limit
    blocked: np.ndarray = left < dearest - TOLERANCE
    return blocked


def used_up(spend: Floats, amount: Floats) -> np.ndarray:
    """Budgets spent to their limit (within rounding)."""
    full: np.ndarray = spend >= amount - np.maximum(TOLERANCE, 1e-9 * np.abs(np.nan_to_num(amount)))
    return full
