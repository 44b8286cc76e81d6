"""Switching limit (supply continuity): an institution's current supplier of a product (its incumbent, from
`incumbents.csv`) keeps at least 1 - `max_switch` of the units the institution buys of it in this award, so that at
most `max_switch` of its volume moves to other suppliers at once.

It applies where the incumbent has an admissible bid that can reach the institution. Where the incumbent cannot
keep its part (its capacity or another rule), the institution buys only as much as the limit allows: the rest is
short with the reason `switching`, and the explanation says what the limit costs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from procurement.arrays import Floats, Ints, group_min, group_sum, positions
from procurement.errors import Issue, Severity
from procurement.rules.base import Rule, Tables, binding_rows, report_rows
from procurement.rules.periods import pair_period_ids
from procurement.scenario import OWNERS, Column, Kind, Scenario, Setting, TableSpec

if TYPE_CHECKING:
    from procurement.awards import SolvedAward
    from procurement.index import AwardIndex
    from procurement.model import AwardModel

INCUMBENTS_TABLE = TableSpec(
    "incumbents.csv",
    (
        Column("institution_id", Kind.ID, note="Institution (from institutions)", unit="id", example="IMSS"),
        Column("product_id", Kind.ID, note="Product (from products)", unit="id", example="010.000.0104.00"),
        Column("supplier_id", Kind.ID, note="Its current supplier (from suppliers)", unit="id", example="LAB1"),
        Column(
            "max_switch",
            Kind.FRACTION,
            required=False,
            note="At most this share of its units moves to other suppliers (overrides the policy)",
            unit="share, 0 to 1",
        ),
    ),
    key=("institution_id", "product_id"),
    required_file=False,
    note="incumbents: each institution's current supplier of a product, for the switching limit",
)


@dataclass(frozen=True)
class Incumbents:
    """The demand pairs with a switching limit: the pair, its incumbent's arc, and the share that may move."""

    pair: Ints
    arc: Ints
    max_switch: Floats


class Switching(Rule):
    name = "switching"
    title = "switching limit"
    label = ("Cambio de proveedor", "Switching limit")
    reason_labels = {
        "switching": (
            "el proveedor actual debe conservar su parte (límite de cambio de proveedor)",
            "the current supplier must keep its part (switching limit)",
        )
    }
    summary = (
        "an institution's current supplier of a product (`incumbents.csv`) keeps at least 1 - `max_switch` of "
        "the units it buys in this award, where it has an admissible bid; what the limit keeps it from buying "
        "is short"
    )
    tables = (INCUMBENTS_TABLE,)
    settings = (
        Setting(
            "max_switch",
            Kind.FRACTION,
            "at most this share of an institution's units of a product moves away from its current supplier in one "
            "award (blank: no limit)",
        ),
    )
    reason = "switching"
    costed = True

    def check(self, tables: Tables, policy: Mapping[str, Any], issues: list[Issue]) -> None:
        """A warning where the limit cannot apply: the current supplier did not bid for the product, or the
        institution does not buy it."""
        table, bids, demand = tables[INCUMBENTS_TABLE.file], tables["bids.csv"], tables["demand.csv"]
        if table.empty:
            return
        keys = ["institution_id", "product_id"]
        bid = table.merge(bids[["supplier_id", "product_id"]].drop_duplicates(), how="left", indicator=True)
        buys = table[keys].merge(demand[keys].drop_duplicates(), how="left", indicator=True)
        known = np.logical_and.reduce(
            [table[column].isin(tables[OWNERS[column]][column]).to_numpy() for column in OWNERS]
        )  # unknown ids are errors already
        no_bid = known & (bid["_merge"] == "left_only").to_numpy()
        no_demand = known & (buys["_merge"] == "left_only").to_numpy()

        columns = {column: table[column].to_numpy() for column in ("institution_id", "product_id", "supplier_id")}

        def ids(at: int) -> Mapping[str, object]:
            return {column: values[at] for column, values in columns.items()}

        file = INCUMBENTS_TABLE.file
        warning = Severity.WARNING
        report_rows(file, "supplier_id", table, no_bid & ~no_demand, issues, "incumbent_without_bid", ids, warning)
        report_rows(file, "product_id", table, no_demand, issues, "incumbent_not_demanded", ids, warning)

    def active_markets(self, index: AwardIndex) -> np.ndarray:
        active = np.zeros(len(index.market_product), dtype=bool)
        limited = incumbents(index)
        several = np.bincount(index.arc_pair, minlength=len(index.pair_market)) > 1
        active[index.pair_market[limited.pair[several[limited.pair]]]] = True
        return active

    def add(self, model: AwardModel) -> None:
        """Per limited pair: incumbent's units - (1 - max_switch) × pair's units ≥ 0; whole units in the markets it
        touches (the rows are not a network)."""
        index = model.index
        limited = incumbents(index)
        if not len(limited.pair):
            return
        row_of = np.full(len(index.pair_market), -1)
        row_of[limited.pair] = model.add_rows("switching", len(limited.pair), lower=0.0)
        keep = np.zeros(len(index.pair_market))
        keep[limited.pair] = 1.0 - limited.max_switch
        flow_pair = index.arc_pair[model.flow_arc]
        flows = np.flatnonzero(row_of[flow_pair] >= 0)
        own = np.isin(model.flow_arc[flows], limited.arc)
        model.add_entries(row_of[flow_pair[flows]], model.flow[flows], own - keep[flow_pair[flows]])
        markets = np.zeros(len(index.market_product), dtype=bool)
        markets[index.pair_market[limited.pair]] = True
        model.mark_integer(model.flow[markets[index.arc_market[model.flow_arc]]])
        shortage = model.parts["shortage"]
        model.mark_integer(shortage[(shortage >= 0) & markets[index.pair_market]])

    def blocked_pairs(self, award: SolvedAward) -> np.ndarray:
        """Short pairs whose incumbent keeps too little for one more unit from anyone else."""
        index = award.index
        blocked = np.zeros(len(index.pair_market), dtype=bool)
        blocked[incumbents(index).pair] = _tight(award, more=True)
        blocked &= award.pair_shortage > 0
        return blocked

    def blocked_arcs(self, award: SolvedAward) -> np.ndarray:
        """A challenger's arc to a limited pair that could not take one more unit: from the incumbent, where it is
        the cheapest challenger with room and costs less than the incumbent, or (where the pair is short) on top."""
        from procurement.awards import best_unit_cost  # awards reads the rules

        index = award.index
        limited = incumbents(index)
        cost = best_unit_cost(index)
        incumbent_cost = np.full(len(index.pair_market), -np.inf)
        incumbent_cost[limited.pair] = cost[limited.arc]
        moving, adding = np.zeros((2, len(index.pair_market)), dtype=bool)
        moving[limited.pair] = _tight(award, more=False)
        adding[limited.pair] = _tight(award, more=True)
        adding &= award.pair_shortage > 0
        challenger = ~np.isin(np.arange(len(index.arc_offer)), limited.arc)
        room = challenger & (award.offer_total < index.offer_capacity)[index.arc_offer]
        cheapest = group_min(index.arc_pair[room], cost[room], len(index.pair_market))
        first = (cost < incumbent_cost[index.arc_pair]) & (cost <= cheapest[index.arc_pair] + 1e-9)
        blocked: np.ndarray = challenger & ((moving[index.arc_pair] & first) | adding[index.arc_pair])
        return blocked

    def binding(self, award: SolvedAward) -> pd.DataFrame | None:
        """Limited pairs whose incumbent keeps no more than it must, or less (it could not keep its part)."""
        index = award.index
        limited = incumbents(index)
        kept, floor = _kept(award, limited)
        at = np.flatnonzero(_tight(award, more=False))
        pair = limited.pair[at]
        return binding_rows(
            award,
            self.name,
            np.ceil(floor[at] - 1e-9),
            kept[at],
            product=index.pair_product[pair],
            supplier=index.offer_supplier[index.arc_offer[limited.arc[at]]],
            institution=index.pair_institution[pair],
            period=pair_period_ids(index)[pair],
        )

    def lifted(self, scenario: Scenario) -> Scenario:
        """The purchase with no switching limit: no incumbents."""
        lifted = super().lifted(scenario)
        table = lifted.rule_tables[INCUMBENTS_TABLE.file]
        return replace(lifted, rule_tables={**lifted.rule_tables, INCUMBENTS_TABLE.file: table.iloc[0:0]})


def incumbents(index: AwardIndex) -> Incumbents:
    """The index's pairs whose incumbent has an arc to them and a share that may move below 1 (cached)."""
    found = index.cache.get("incumbents")
    if isinstance(found, Incumbents):
        return found
    scenario = index.scenario
    table = scenario.rule_tables[INCUMBENTS_TABLE.file]
    setting = scenario.policy.get("max_switch")
    share = table["max_switch"].to_numpy(dtype=float)
    share = np.where(np.isnan(share), np.nan if setting is None else float(setting), share)
    products = len(scenario.products)
    institution = positions(table["institution_id"], scenario.institutions["institution_id"])
    product = positions(table["product_id"], scenario.products["product_id"])
    supplier = positions(table["supplier_id"], scenario.suppliers["supplier_id"])
    known = (institution >= 0) & (product >= 0) & (supplier >= 0)  # validation refuses the others
    pair_key = index.pair_institution * products + index.pair_product
    row = positions(pair_key, np.where(known, institution * products + product, -1 - np.arange(len(table))))
    arc_row = row[index.arc_pair]
    listed = np.flatnonzero(arc_row >= 0)
    row = arc_row[listed]
    arc = listed[(supplier[row] == index.offer_supplier[index.arc_offer[listed]]) & ~np.isnan(share[row])]
    found = Incumbents(index.arc_pair[arc], arc, share[arc_row[arc]])
    index.cache["incumbents"] = found
    return found


def _kept(award: SolvedAward, limited: Incumbents) -> tuple[Floats, Floats]:
    """Per limited pair: the units its incumbent got, and the least it had to keep."""
    index = award.index
    bought = group_sum(index.arc_pair, award.arc_quantity.astype(float), len(index.pair_market))
    kept = award.arc_quantity[limited.arc].astype(float)
    floor: Floats = (1.0 - limited.max_switch) * bought[limited.pair]
    return kept, floor


def _tight(award: SolvedAward, more: bool) -> np.ndarray:
    """Per limited pair: whether its incumbent keeps too little to give up one unit (`more`: to let the pair buy
    one more unit from anyone else)."""
    limited = incumbents(award.index)
    kept, floor = _kept(award, limited)
    if more:
        bought = floor / np.where(limited.max_switch < 1, 1.0 - limited.max_switch, 1.0)
        result: np.ndarray = kept < (1.0 - limited.max_switch) * (bought + 1) - 1e-9
        return result
    return kept - 1 < floor - 1e-9
