"""Open contracts (contratos abiertos): an institution's demand of a product is a minimum and a maximum. `quantity`
in demand.csv is the maximum and `minimum` the least the institution commits to buy; the law wants the minimum to be
at least 40 % of the maximum.

The award is made on the maximum, so capacity is checked against it. Each awarded supplier's contract has that
award as its maximum and, as its minimum, the same share of it as the institution's minimum is of its maximum
(rounded up to a whole unit, so never below it). A budget counts the maximum or those minimums, as
`[policy] open_contract_budget` says ("maximum", the default, or "minimum"). open_contracts.csv reports both.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from procurement.arrays import Floats, Ints
from procurement.errors import Issue
from procurement.rules.base import Rule, Tables, fmt, report_rows
from procurement.scenario import UNITS, Column, Kind, Scenario, Setting

if TYPE_CHECKING:
    from procurement.awards import SolvedAward
    from procurement.index import AwardIndex
    from procurement.model import AwardModel

LEAST_SHARE = 0.4  # the law: an open contract's minimum is at least 40 % of its maximum
MAXIMUM, MINIMUM = "maximum", "minimum"
CONTRACT_COLUMNS = [
    "institution_id",
    "product_id",
    "period",
    "supplier_id",
    "maximum_quantity",
    "minimum_quantity",
    "unit_price",
    "maximum_cost",  # purchase + delivery of the maximum
    "minimum_cost",  # purchase + delivery of the minimum
]


class OpenContracts(Rule):
    name = "open_contracts"
    title = "open contracts"
    label = ("Contratos abiertos", "Open contracts")
    summary = (
        "a demand row with a `minimum` is an open contract: `quantity` is its maximum, awarded as any demand; "
        "each supplier's contract has the same minimum share of its award (rounded up); budgets count the maximum "
        "or the minimum (`open_contract_budget`); the minimum must be at least 40 % of the maximum"
    )
    columns = {
        "demand.csv": (
            Column(
                "minimum",
                Kind.WHOLE,
                required=False,
                note="Open contract: the least it commits to buy (at least 40 % of quantity, then the maximum)",
                unit=UNITS,
            ),
        )
    }
    settings = (
        Setting(
            "open_contract_budget",
            Kind.CHOICE,
            "what budgets count of an open contract: its maximum (blank) or its minimum",
            choices=(MAXIMUM, MINIMUM),
        ),
    )

    def check(self, tables: Tables, policy: Mapping[str, Any], issues: list[Issue]) -> None:
        """The minimum is at most the maximum and at least 40 % of it."""
        demand = tables["demand.csv"]
        least = demand["minimum"].to_numpy(dtype=float)
        most = pd.to_numeric(demand["quantity"], errors="coerce").to_numpy(dtype=float)
        above = least > most
        below = ~above & (least < LEAST_SHARE * most - 1e-9)
        minimum, quantity = demand["minimum"].to_numpy(), demand["quantity"].to_numpy()
        report_rows(
            "demand.csv",
            "minimum",
            demand,
            above,
            issues,
            "minimum_above_maximum",
            lambda at: {"value": fmt(minimum[at]), "maximum": fmt(quantity[at])},
        )
        report_rows(
            "demand.csv",
            "minimum",
            demand,
            below,
            issues,
            "minimum_below_share",
            lambda at: {
                "value": fmt(minimum[at]),
                "maximum": fmt(quantity[at]),
                "least": fmt(float(np.ceil(LEAST_SHARE * float(quantity[at]) - 1e-9))),
            },
        )


def minimum_share(scenario: Scenario) -> Floats:
    """Per demand row: its minimum as a share of its maximum (1 for firm demand)."""
    least = scenario.demand["minimum"].to_numpy(dtype=float)
    most = scenario.demand["quantity"].to_numpy(dtype=float)
    share: Floats = np.where(np.isnan(least), 1.0, least / most)
    return share


def counts_minimum(scenario: Scenario) -> bool:
    return bool(scenario.policy.get("open_contract_budget", MAXIMUM) == MINIMUM)


def minimum_units(share: Floats, quantity: Ints | Floats) -> Ints:
    """A contract's minimum for an award of `quantity` units: that share of it, rounded up to whole units."""
    units: Ints = np.ceil(share * np.asarray(quantity, dtype=float) - 1e-9).astype(np.int64)
    return units


def budgeted_units(index: AwardIndex, arc_quantity: Ints) -> Ints:
    """What a budget counts of each arc's award: all of it, or its contract's minimum where budgets count those."""
    if not counts_minimum(index.scenario):
        return arc_quantity
    share = minimum_share(index.scenario)[index.pair_demand[index.arc_pair]]
    return minimum_units(share, arc_quantity)


def budgeted_columns(model: AwardModel, flows: Ints) -> Ints:
    """The columns a budget row counts for these flow positions: the flow, or, for an open contract whose budget
    counts minimums, a whole-number column m ≥ share × flow (so m is the minimum rounded up)."""
    index = model.index
    cols: Ints = np.array(model.flow[flows])
    if not counts_minimum(index.scenario):
        return cols
    share: Floats = minimum_share(index.scenario)[index.pair_demand[index.arc_pair[model.flow_arc[flows]]]]
    open_ = np.flatnonzero(share < 1)
    if not len(open_):
        return cols
    market = index.arc_market[model.flow_arc[flows[open_]]]
    minimum = model.add_columns("open_contract_minimum", market, np.inf, integer=True)
    rows = model.add_rows("open_contract_minimum", len(open_), lower=0.0)
    model.add_entries(rows, minimum, 1.0)
    model.add_entries(rows, cols[open_], -share[open_])
    cols[open_] = minimum
    return cols


def contracts(award: SolvedAward) -> pd.DataFrame:
    """open_contracts.csv: each award of an open contract with its maximum and minimum, in units and money (purchase
    + delivery, in whole cents)."""
    from procurement.awards import to_cents  # awards reads the rules

    index = award.index
    scenario = index.scenario
    share = minimum_share(scenario)[index.pair_demand[index.arc_pair]]
    arcs = np.flatnonzero((award.arc_quantity > 0) & (share < 1))
    offer = index.arc_offer[arcs]
    most = award.arc_quantity[arcs]
    least = minimum_units(share[arcs], most)
    price = index.tier_price[award.offer_tier[offer]]
    delivery = index.arc_delivery[arcs]

    def cost(units: Ints) -> Floats:
        cents: Floats = (to_cents(units * price) + to_cents(units * delivery)) / 100
        return cents

    table = pd.DataFrame(
        {
            "institution_id": scenario.institutions["institution_id"].to_numpy()[
                index.pair_institution[index.arc_pair[arcs]]
            ],
            "product_id": scenario.products["product_id"].to_numpy()[index.offer_product[offer]],
            "period": scenario.demand["period"].to_numpy(dtype=object)[index.pair_demand[index.arc_pair[arcs]]],
            "supplier_id": scenario.suppliers["supplier_id"].to_numpy()[index.offer_supplier[offer]],
            "maximum_quantity": most,
            "minimum_quantity": least,
            "unit_price": price,
            "maximum_cost": cost(most),
            "minimum_cost": cost(least),
        },
        columns=CONTRACT_COLUMNS,
    )
    return table.sort_values(["product_id", "institution_id", "period", "supplier_id"]).reset_index(drop=True)
