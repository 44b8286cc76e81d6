"""Prices per period: a clave whose bids name periods is awarded period by period.

A bid row's `period` says the period its price and conditions hold for; blank, it holds for every period (one
unit price per clave and supplier over the whole award, price breaks counting every period's units). Within a
clave either every bid row names a period or none does. A clave whose bids name periods is a market per period
(procurement.index): each holds that period's demand and the offers whose bid names it, so price breaks count
that period's units, and capacity, minimum, fixed cost, split shares, the number of suppliers and the price gap
are each period's. Its markets stay in one block, so a clave is explained and re-solved whole.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from procurement.arrays import distinct, filled, positions
from procurement.errors import Issue
from procurement.rules.base import Rule, Tables, report_rows
from procurement.scenario import Column, Kind, Scenario

if TYPE_CHECKING:
    from procurement.index import AwardIndex

BID_PERIOD = Column(
    "period",
    Kind.ID,
    required=False,
    note="Period the price and conditions hold for, e.g. 2026 (blank: every period; a clave's rows all give one "
    "or none does)",
    unit="text",
    example="",
    key=True,
)


class PeriodPrices(Rule):
    name = "period_prices"
    title = "prices per period"
    label = ("Precios por periodo", "Prices per period")
    summary = (
        "a clave whose `bids` rows name a `period` is awarded period by period: each period's demand goes to the "
        "offers priced for it, with that period's price breaks, capacity, minimum and fixed cost, and split shares, "
        "supplier counts and price gap apply per period; blank periods price the clave once over every period"
    )
    columns = {"bids.csv": (BID_PERIOD,)}

    def check(self, tables: Tables, policy: Mapping[str, Any], issues: list[Issue]) -> None:
        """Periods of bids are demand's; a clave's bids all name a period or none does."""
        bids, demand = tables["bids.csv"], tables["demand.csv"]
        named = filled(bids["period"])
        known = distinct(demand["period"]) - {""}
        listed, period = ", ".join(sorted(known)), bids["period"].to_numpy(dtype=object)
        code = "period_unknown" if known else "period_without_periods"
        unknown = named & ~bids["period"].isin(known).to_numpy()
        report_rows(
            "bids.csv", "period", bids, unknown, issues, code, lambda at: {"value": period[at], "periods": listed}
        )
        _check_mixed(tables, named, issues)

    def market_links(self, index: AwardIndex) -> np.ndarray:
        """A clave's markets of every period are one block (with the institution's own, buying alone)."""
        markets = len(index.market_product)
        first_pair = np.searchsorted(index.pair_market, np.arange(markets))
        owner = index.pair_institution[first_pair] if index.alone else np.zeros(markets, dtype=np.int64)
        same = (index.market_product[1:] == index.market_product[:-1]) & (owner[1:] == owner[:-1])
        same &= index.market_period[1:] != ""
        at = np.flatnonzero(same)
        return np.column_stack((at, at + 1))


def _check_mixed(tables: Tables, named: np.ndarray, issues: list[Issue]) -> None:
    """One issue per clave with bid rows that name a period and rows that do not, at its first blank row."""
    bids = tables["bids.csv"]
    product = bids["product_id"].to_numpy(dtype=object)
    mixed = distinct(bids["product_id"][named]) & distinct(bids["product_id"][~named])
    lines = bids["_row"].to_numpy()
    for clave in sorted(mixed):
        rows = product == clave
        blank, given = lines[rows & ~named], lines[rows & named]
        params = {"product": clave, "blank": _rows(blank), "named": _rows(given)}
        issues.append(Issue("bids.csv", int(blank[0]), "period", "period_bids_mixed", params=params))


def _rows(lines: np.ndarray) -> str:
    return ", ".join(str(line) for line in lines)


def period_codes(scenario: Scenario) -> np.ndarray:
    """Every period a market or a bid may name, "" (every period) first, sorted: a market's or bid's code is its
    position here."""
    named = scenario.demand["period"].to_numpy(dtype=object).astype(str)
    return np.unique(np.append(named, ""))


def priced_per_period(scenario: Scenario) -> np.ndarray:
    """For each product, whether its bids name periods."""
    bids = scenario.bids
    product = positions(bids["product_id"][filled(bids["period"])], scenario.products["product_id"])
    return np.isin(np.arange(len(scenario.products)), product)


def market_periods(scenario: Scenario) -> np.ndarray:
    """Each demand row's market period: its period where its product is priced per period, else ""."""
    demand = scenario.demand
    product = positions(demand["product_id"], scenario.products["product_id"])
    period = demand["period"].to_numpy(dtype=object).astype(str)
    return np.where(priced_per_period(scenario)[product], period, "")


def bid_periods(scenario: Scenario, product_id: pd.Series, period: pd.Series) -> np.ndarray:
    """The period of the bid that prices each (clave, period) of a result: the period where the clave is priced per
    period, else "" (its bids hold for every period)."""
    product = positions(product_id, scenario.products["product_id"])
    named: np.ndarray = np.where(priced_per_period(scenario)[product], period.to_numpy(dtype=object), "")
    return named.astype(object)
