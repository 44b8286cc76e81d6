"""Periods: a purchase that spans several periods (e.g. 2026 and 2027) is one award over all of them.

demand.csv's `period` says which period each row's units are for; an institution then has one demand row per
product and period. Every period's demand is pooled with the others, so an offer is paid one unit price per clave
for its whole award and its price breaks count the units of every period (a clave whose bids name periods is
priced period by period instead: procurement.rules.period_prices). A budget may be set per institution and
period (`budgets.csv`, beside the whole-award budget of institutions.csv), and an offer's `period_capacity` is the
most it can deliver in any one period (beside `capacity`, over the whole award). Awards, shortages and savings
carry their period; savings are also summed per period.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from procurement.arrays import Floats, Ints, distinct, filled, group_sum, positions
from procurement.errors import Issue
from procurement.rules.base import Rule, Tables, binding_rows, check_offer_condition, report_rows
from procurement.rules.budgets import add_budget_rows, budget_blocked_pairs, budget_links, budget_spend, used_up
from procurement.scenario import MONEY, UNITS, Column, Kind, Scenario, TableSpec

if TYPE_CHECKING:
    from procurement.awards import SolvedAward
    from procurement.index import AwardIndex
    from procurement.model import AwardModel

PERIOD = Column(
    "period",
    Kind.ID,
    required=False,
    note="Period the units are for, e.g. 2026 (blank in every row: the purchase has one period)",
    unit="text",
    example="2026",
    key=True,
)
BUDGETS_TABLE = TableSpec(
    "budgets.csv",
    (
        Column("institution_id", Kind.ID, note="Institution (from institutions)", unit="id", example="IMSS"),
        Column("period", Kind.ID, note="Period (one of demand.csv's)", unit="text", example="2026"),
        Column(
            "budget",
            Kind.AMOUNT,
            note="Most it may spend in the period: purchase + delivery of that period's units",
            unit=MONEY,
            example=12_000_000,
        ),
    ),
    key=("institution_id", "period"),
    required_file=False,
    note="budgets per period: what each institution may spend in each period",
)


class Periods(Rule):
    name = "periods"
    title = "periods"
    label = ("Periodos", "Periods")
    reason_labels = {"period_budget": ("presupuesto del periodo agotado", "the period's budget used up")}
    limit_labels = {"period_budget": ("Presupuesto del periodo", "Budget of the period")}
    summary = (
        "demand rows carry a `period`; the award covers every period with one unit price per clave and supplier "
        "(price breaks count every period's units) unless the clave's bids name periods; `budgets.csv` limits an "
        "institution's purchase + delivery spend in a period"
    )
    columns = {"demand.csv": (PERIOD,)}
    tables = (BUDGETS_TABLE,)
    reason = "period_budget"
    links = "the products an institution with a budget for a period buys"

    def check(self, tables: Tables, policy: Mapping[str, Any], issues: list[Issue]) -> None:
        """Every demand row names its period once any does; budgets name periods demand has."""
        demand, budgets = tables["demand.csv"], tables["budgets.csv"]
        named = filled(demand["period"])
        if named.any():
            report_rows("demand.csv", "period", demand, ~named, issues, "period_missing", lambda _: {})
        known = distinct(demand["period"]) - {""}
        unknown = filled(budgets["period"]) & ~budgets["period"].isin(known).to_numpy()
        listed = ", ".join(sorted(known))
        periods = budgets["period"].to_numpy()
        report_rows(
            "budgets.csv",
            "period",
            budgets,
            unknown,
            issues,
            "period_unknown" if known else "period_without_periods",
            lambda at: {"value": periods[at], "periods": listed},
        )

    def market_links(self, index: AwardIndex) -> np.ndarray:
        return budget_links(index, budget_groups(index)[0])

    def add(self, model: AwardModel) -> None:
        """A budget row per institution and period of budgets.csv."""
        rows, groups = add_budget_rows(model, "period_budget", *budget_groups(model.index))
        model.parts["period_budget_row"], model.parts["period_budget_group"] = rows, groups

    def blocked_pairs(self, award: SolvedAward) -> np.ndarray:
        return budget_blocked_pairs(award, *budget_groups(award.index))

    def binding(self, award: SolvedAward) -> pd.DataFrame | None:
        index = award.index
        group, amount = budget_groups(index)
        spend = budget_spend(award, group, len(amount))
        budgets = index.scenario.rule_tables["budgets.csv"]
        full = np.flatnonzero(np.isin(np.arange(len(amount)), group) & used_up(spend, amount))
        institutions = index.scenario.institutions["institution_id"]
        return binding_rows(
            award,
            "period_budget",
            amount[full],
            spend[full],
            institution=positions(budgets["institution_id"].to_numpy()[full], institutions),
            period=budgets["period"].to_numpy()[full],
        )


class PeriodCapacity(Rule):
    name = "period_capacity"
    title = "capacity per period"
    label = ("Capacidad por periodo", "Capacity per period")
    reason_labels = {"period_capacity": ("capacidad del periodo agotada", "suppliers' capacity in the period used up")}
    summary = "a supplier delivers at most `period_capacity` units of a product in any one period"
    columns = {
        "bids.csv": (
            Column(
                "period_capacity",
                Kind.WHOLE,
                required=False,
                note="Most units the supplier can deliver of this product in any one period",
                unit=UNITS,
            ),
        )
    }
    reason = "period_capacity"

    def check(self, tables: Tables, policy: Mapping[str, Any], issues: list[Issue]) -> None:
        check_offer_condition(tables["bids.csv"], "period_capacity", issues)

    def add(self, model: AwardModel) -> None:
        """A row per offer and period whose capacity is less than the period's demand of its market."""
        index = model.index
        count = len(periods(index.scenario))
        slot, capacity = _offer_periods(index)
        demanded = _market_period_demand(index)[index.offer_market[slot // count], slot % count]
        limited = np.flatnonzero(capacity < demanded)
        rows = model.add_rows("period_capacity", len(limited), upper=capacity[limited])
        row_of_slot = np.full(int(slot.max(initial=-1)) + 1, -1)
        row_of_slot[slot[limited]] = rows
        flow_slot = _arc_slot(index)[model.flow_arc]
        flows = np.flatnonzero(flow_slot >= 0)
        flows = flows[row_of_slot[flow_slot[flows]] >= 0]
        model.add_entries(row_of_slot[flow_slot[flows]], model.flow[flows], 1.0)

    def blocked_arcs(self, award: SolvedAward) -> np.ndarray:
        """Arcs whose offer has delivered its capacity in the arc's period."""
        index = award.index
        slot, used = _arc_slot(index), _slot_used(award)
        limited = slot >= 0
        blocked = np.zeros(len(index.arc_offer), dtype=bool)
        blocked[limited] = used[slot[limited]] >= index.offer_period_capacity[index.arc_offer[limited]] - 1e-6
        return blocked

    def binding(self, award: SolvedAward) -> pd.DataFrame | None:
        index = award.index
        count = len(periods(index.scenario))
        slot, capacity = _offer_periods(index)
        used = _slot_used(award)
        full = np.flatnonzero(used[slot] >= capacity - 1e-6)
        offer = slot[full] // count
        return binding_rows(
            award,
            "period_capacity",
            capacity[full],
            used[slot[full]],
            product=index.offer_product[offer],
            supplier=index.offer_supplier[offer],
            period=periods(index.scenario)[slot[full] % count],
        )


def periods(scenario: Scenario) -> np.ndarray:
    """The purchase's periods, sorted ("" alone when it has one)."""
    return np.unique(scenario.demand["period"].to_numpy(dtype=object).astype(str))


def has_periods(scenario: Scenario) -> bool:
    return bool((scenario.demand["period"] != "").any())


def period_shown(scenario: Scenario, table: pd.DataFrame) -> pd.DataFrame:
    """A result table as people see it: without its period column where the purchase has one period."""
    return table if has_periods(scenario) else table.drop(columns="period", errors="ignore")


def pair_periods(index: AwardIndex) -> Ints:
    """Each demand pair's period, as a position in `periods`."""
    if "pair_period" not in index.cache:
        demand = index.scenario.demand["period"].to_numpy(dtype=object).astype(str)
        index.cache["pair_period"] = np.searchsorted(periods(index.scenario), demand[index.pair_demand])
    period: Ints = index.cache["pair_period"]  # type: ignore[assignment]
    return period


def pair_period_ids(index: AwardIndex) -> np.ndarray:
    """Each demand pair's period as written ("" when the purchase has one)."""
    ids: np.ndarray = index.scenario.demand["period"].to_numpy(dtype=object)[index.pair_demand]
    return ids


def find_pairs(index: AwardIndex, product: Ints, institution: Ints, period: np.ndarray) -> Ints:
    """The demand pair of each (product position, institution position, period id) (-1: none)."""
    known = pd.MultiIndex.from_arrays([index.pair_product, index.pair_institution, pair_period_ids(index)])
    wanted = pd.MultiIndex.from_arrays([np.asarray(product), np.asarray(institution), np.asarray(period, dtype=object)])
    found: Ints = known.get_indexer(wanted)
    return found


def budget_groups(index: AwardIndex) -> tuple[Ints, Floats]:
    """Each pair's row of budgets.csv (-1: none), by its institution and period as written, and the budget of each
    row."""
    budgets = index.scenario.rule_tables["budgets.csv"]
    rows = pd.MultiIndex.from_arrays([budgets["institution_id"], budgets["period"].to_numpy(dtype=object)])
    institution = index.scenario.institutions["institution_id"].to_numpy()[index.pair_institution]
    group: Ints = rows.get_indexer(pd.MultiIndex.from_arrays([institution, pair_period_ids(index)]))
    return group, budgets["budget"].to_numpy(dtype=float)


def _offer_periods(index: AwardIndex) -> tuple[Ints, Floats]:
    """The (offer, period) slots with a period capacity, numbered offer × periods + period, and their capacity."""
    capacity = index.offer_period_capacity
    count = len(periods(index.scenario))
    offers = np.flatnonzero(np.isfinite(capacity))
    slot = (offers[:, None] * count + np.arange(count)[None, :]).ravel()
    return slot, np.repeat(capacity[offers], count)


def _arc_slot(index: AwardIndex) -> Ints:
    """Each arc's (offer, period) slot where its offer has a period capacity, else -1."""
    count = len(periods(index.scenario))
    slot = index.arc_offer * count + pair_periods(index)[index.arc_pair]
    return np.where(np.isfinite(index.offer_period_capacity[index.arc_offer]), slot, -1)


def _slot_used(award: SolvedAward) -> Floats:
    """Units each (offer, period) slot with a period capacity delivers (indexed by slot number)."""
    slot = _arc_slot(award.index)
    limited = slot >= 0
    size = len(award.index.offer_market) * len(periods(award.index.scenario))
    return group_sum(slot[limited], award.arc_quantity[limited], size)


def _market_period_demand(index: AwardIndex) -> np.ndarray:
    """Units demanded in each market and period (markets × periods)."""
    count = len(periods(index.scenario))
    total = group_sum(
        index.pair_market * count + pair_periods(index), index.pair_quantity, len(index.market_product) * count
    )
    return total.reshape(len(index.market_product), count)
