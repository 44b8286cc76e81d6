"""Supplier record: what a supplier's past deliveries say of it weighs on how its bids are evaluated, never on what
it is paid. From `supplier_record.csv` each supplier gets a surcharge, a fraction of its price added when bids are
compared:

    surcharge = min(record_max_surcharge,
                    record_fill_weight × (1 - fill_rate)
                    + record_late_weight × late_deliveries
                    + record_penalty_weight × penalties_paid)

with weights 1, 0.5 and 1 and a cap of 0.20 unless the policy sets them. A supplier without a row has none. Like
the national preference it is a separate cost term of the evaluation: every reported cost is the real price.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from procurement.arrays import Floats, group_max, group_min, positions
from procurement.errors import Issue
from procurement.rules.base import Rule, Tables, fmt, report_rows
from procurement.scenario import Column, Kind, Scenario, Setting, TableSpec

if TYPE_CHECKING:
    from procurement.index import AwardIndex
    from procurement.model import AwardModel

WEIGHTS = {  # setting → (its record column, its default weight)
    "record_fill_weight": ("fill_rate", 1.0),
    "record_late_weight": ("late_deliveries", 0.5),
    "record_penalty_weight": ("penalties_paid", 1.0),
}
MAX_SURCHARGE = 0.20
SHARES = ("fill_rate", "late_deliveries", "penalties_paid")  # each a share, from 0 to 1

RECORD_TABLE = TableSpec(
    "supplier_record.csv",
    (
        Column("supplier_id", Kind.ID, note="Supplier (from suppliers)", unit="id", example="LAB1"),
        Column(
            "fill_rate",
            Kind.AMOUNT,
            note="Share of the units ordered in past contracts that it delivered, from 0 to 1",
            unit="share, 0 to 1",
            example=0.96,
        ),
        Column(
            "late_deliveries",
            Kind.AMOUNT,
            note="Share of its past deliveries that arrived late, from 0 to 1",
            unit="share, 0 to 1",
            example=0.1,
        ),
        Column(
            "penalties_paid",
            Kind.AMOUNT,
            note="Penalties it paid (penas convencionales) as a share of the value it invoiced, from 0 to 1",
            unit="share, 0 to 1",
            example=0.01,
        ),
    ),
    key=("supplier_id",),
    required_file=False,
    note="supplier record: past delivery performance, weighed when bids are evaluated",
)


class SupplierRecord(Rule):
    name = "supplier_record"
    title = "supplier record"
    label = ("Historial de cumplimiento", "Supplier record")
    summary = (
        "when choosing, a supplier's price counts a surcharge higher, from its record in `supplier_record.csv` "
        "(undelivered units, late deliveries, penalties paid, weighted by `record_fill_weight`, "
        "`record_late_weight` and `record_penalty_weight`, at most `record_max_surcharge`); it is paid its real "
        "price, and every reported cost is real (the surcharge is a separate, unpaid cost term)"
    )
    tables = (RECORD_TABLE,)
    settings = (
        Setting(
            "record_fill_weight", Kind.AMOUNT, "surcharge per unit of the share of units not delivered (default 1)"
        ),
        Setting("record_late_weight", Kind.AMOUNT, "surcharge per unit of the share of late deliveries (default 0.5)"),
        Setting(
            "record_penalty_weight", Kind.AMOUNT, "surcharge per unit of the penalties paid, as a share (default 1)"
        ),
        Setting("record_max_surcharge", Kind.AMOUNT, "the largest surcharge a record may give (default 0.20)"),
    )
    costed = True

    def active_markets(self, index: AwardIndex) -> np.ndarray:
        """Markets where offers of suppliers with different surcharges compete."""
        surcharge = record_surcharge(index.scenario)[index.offer_supplier]
        markets = len(index.market_product)
        active: np.ndarray = group_max(index.offer_market, surcharge, markets) > group_min(
            index.offer_market, surcharge, markets
        )
        return active

    def add(self, model: AwardModel) -> None:
        index = model.index
        surcharge = record_surcharge(index.scenario)[index.offer_supplier]
        flows = np.flatnonzero(surcharge[index.arc_offer[model.flow_arc]] > 0)
        if len(flows):
            price = index.tier_price[model.flow_tier[flows]]
            model.add_cost(
                "supplier_record", model.flow[flows], surcharge[index.arc_offer[model.flow_arc[flows]]] * price
            )

    def lifted(self, scenario: Scenario) -> Scenario:
        """The purchase without records: no supplier's price counts a surcharge."""
        lifted = super().lifted(scenario)
        tables = {**lifted.rule_tables, RECORD_TABLE.file: lifted.rule_tables[RECORD_TABLE.file].iloc[0:0]}
        return replace(lifted, rule_tables=tables)

    def check(self, tables: Tables, policy: Mapping[str, Any], issues: list[Issue]) -> None:
        """Each share is at most 1."""
        record = tables[RECORD_TABLE.file]
        for column in SHARES:
            above = record[column].to_numpy(dtype=float) > 1
            report_rows(RECORD_TABLE.file, column, record, above, issues, "share_above_one", _value_of(record[column]))


def _value_of(cells: pd.Series) -> Callable[[int], Mapping[str, object]]:
    """The issue's values for a row: the cell as typed."""
    values = cells.to_numpy()
    return lambda at: {"value": fmt(values[at])}


def surcharges(record: pd.DataFrame, policy: Mapping[str, Any]) -> Floats:
    """The surcharge of each row of a supplier record (a fraction of the price), by the formula of this module."""
    total = np.zeros(len(record))
    for setting, (column, default) in WEIGHTS.items():
        share = record[column].to_numpy(dtype=float)
        failing = 1.0 - share if column == "fill_rate" else share
        total += float(policy.get(setting, default)) * np.nan_to_num(failing, nan=0.0)
    result: Floats = np.clip(total, 0.0, float(policy.get("record_max_surcharge", MAX_SURCHARGE)))
    return result


def record_surcharge(scenario: Scenario) -> Floats:
    """The surcharge of each supplier (by position in scenario.suppliers): 0 for one without a record."""
    record = scenario.rule_tables[RECORD_TABLE.file]
    result = np.zeros(len(scenario.suppliers))
    if len(record):
        at = positions(record["supplier_id"], scenario.suppliers["supplier_id"])
        result[at[at >= 0]] = surcharges(record, scenario.policy)[at >= 0]
    return result


def record_surcharges(scenario: Scenario) -> dict[str, float]:
    """supplier_id → the surcharge of each supplier whose record gives one (summary.json, the dictamen)."""
    surcharge = record_surcharge(scenario)
    ids = scenario.suppliers["supplier_id"].to_numpy()
    return {str(ids[at]): round(float(surcharge[at]), 6) for at in np.flatnonzero(surcharge > 0)}
