"""Minimum suppliers (supply continuity): a critical product is awarded to at least `min_suppliers` suppliers, each
with at least `min_supplier_share` of the units bought, so that one supplier failing does not leave it unsupplied.

Where fewer offers take part than the minimum, the minimum is the number of offers. Where the offers cannot meet it
(their capacity, minimum quantities, the price-gap rule or a budget rule it out), the product is not awarded: its
demand is short with the reason `min_suppliers`, and the explanation says what this rule costs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from procurement.arrays import group_any, group_sum
from procurement.errors import Issue, Severity
from procurement.rules.base import Rule, Tables, binding_rows, fmt
from procurement.scenario import Column, Kind, Setting

if TYPE_CHECKING:
    from procurement.awards import SolvedAward
    from procurement.index import AwardIndex
    from procurement.model import AwardModel

SHARE = 0.2  # each supplier's least share of the units bought, unless the policy sets it (or 1/minimum is less)


class MinSuppliers(Rule):
    name = "min_suppliers"
    title = "minimum suppliers"
    label = ("Mínimo de proveedores", "Minimum suppliers")
    reason_labels = {
        "min_suppliers": (
            "las ofertas no alcanzan el mínimo de proveedores de la clave",
            "the offers cannot reach the clave's minimum of suppliers",
        )
    }
    summary = (
        "a critical product is awarded to at least `min_suppliers` suppliers (as many as bid, if fewer), each with "
        "at least `min_supplier_share` of the units bought (default 0.2, or 1 / `min_suppliers` if smaller); "
        "where the offers cannot meet it, the product is short"
    )
    columns = {
        "products.csv": (
            Column(
                "min_suppliers",
                Kind.COUNT,
                required=False,
                note="Critical product: at least this many suppliers win it (overrides the policy)",
                unit="whole ≥ 1",
            ),
        )
    }
    settings = (
        Setting("min_suppliers", Kind.COUNT, "at least this many suppliers win a product (blank: one is enough)"),
        Setting(
            "min_supplier_share",
            Kind.FRACTION,
            "each of those suppliers gets at least this share of the units bought (default 0.2, or 1 / "
            "min_suppliers if smaller)",
        ),
    )
    overrides = {"min_suppliers": "min_suppliers"}
    reason = "min_suppliers"
    costed = True

    def check(self, tables: Tables, policy: Mapping[str, Any], issues: list[Issue]) -> None:
        """A minimum above the maximum of suppliers or the split's shares, or shares that cannot all be given."""
        products = tables["products.csv"]
        own = products["min_suppliers"].notna()
        least = products["min_suppliers"].fillna(policy.get("min_suppliers") or np.nan)
        most = products["max_suppliers"].fillna(policy.get("max_suppliers") or np.nan)
        shares = products["split_shares"].map(lambda s: s or policy.get("split_shares") or ())
        split = shares.map(len).where(shares.map(len) > 0, np.nan)
        at = products["_row"].astype(int)
        for code, limit in (("min_above_max_suppliers", most), ("min_above_split_shares", split)):
            for row in products.index[(least > limit) & (own | limit.notna())]:
                params = {"value": fmt(least[row]), "limit": fmt(limit[row])}
                issues.append(Issue("products.csv", int(at[row]), "min_suppliers", code, params=params))
        bidders = products["product_id"].map(tables["bids.csv"].groupby("product_id")["supplier_id"].nunique())
        few = (least >= 2) & (bidders.fillna(0) < least)
        for row in products.index[few]:
            params = {"value": fmt(least[row]), "bidders": fmt(int(bidders.fillna(0)[row]))}
            issue = Issue(
                "products.csv", int(at[row]), "min_suppliers", "min_suppliers_few_bidders", Severity.WARNING, params
            )
            issues.append(issue)
        share = policy.get("min_supplier_share")
        if share is not None:
            for row in products.index[least * share > 1]:
                params = {"value": fmt(least[row]), "share": fmt(share)}
                code = "min_supplier_shares_above_one"
                issues.append(Issue("products.csv", int(at[row]), "min_suppliers", code, params=params))

    def active_markets(self, index: AwardIndex) -> np.ndarray:
        active: np.ndarray = minimum(index) >= 2
        return active

    def add(self, model: AwardModel) -> None:
        """Per market, its units bought S and a yes/no "bought" z (S ≤ total × z); per offer, a yes/no "counted":
        a counted offer gets at least share × S; counted offers ≥ the minimum × z. Offers not counted may still win
        less (a small capacity). Quantities are whole units here, so a counted share of S > 0 is at least one."""
        index = model.index
        least = minimum(index)
        markets = np.flatnonzero(least >= 2)
        if not len(markets):
            return
        slot = np.full(len(index.market_product), -1)
        slot[markets] = np.arange(len(markets))
        total = index.market_total[markets].astype(float)
        share = min_share(index)[markets]
        bought = model.add_columns("continuity_bought", markets, total)
        chosen = model.add_columns("continuity_chosen", markets, 1.0, integer=True)
        flow_market = index.arc_market[model.flow_arc]
        flows = np.flatnonzero(slot[flow_market] >= 0)
        sums = model.add_rows("continuity_bought", len(markets), 0.0, 0.0)
        model.add_entries(sums, bought, -1.0)
        model.add_entries(sums[slot[flow_market[flows]]], model.flow[flows], 1.0)
        some = model.add_rows("continuity_chosen", len(markets), upper=0.0)
        model.add_entries(some, bought, 1.0)
        model.add_entries(some, chosen, -total)
        offers = np.flatnonzero(slot[index.offer_market] >= 0)
        offer_slot = slot[index.offer_market[offers]]
        counted = model.add_columns("continuity_counted", index.offer_market[offers], 1.0, integer=True)
        room = share[offer_slot] * total[offer_slot]  # share × S is at most this: the tightest big-M
        rows = model.add_rows("continuity_share", len(offers), lower=-room)
        model.add_entries(rows, bought[offer_slot], -share[offer_slot])
        model.add_entries(rows, counted, -room)
        row_of = np.full(len(index.offer_market), -1)
        row_of[offers] = rows
        model.add_entries(row_of[index.arc_offer[model.flow_arc[flows]]], model.flow[flows], 1.0)
        count = model.add_rows("min_suppliers", len(markets), lower=0.0)
        model.add_entries(count[offer_slot], counted, 1.0)
        model.add_entries(count, chosen, -least[markets])
        model.mark_integer(model.flow[flows])
        shortage = model.parts["shortage"]
        model.mark_integer(shortage[(shortage >= 0) & (slot[index.pair_market] >= 0)])

    def blocked_pairs(self, award: SolvedAward) -> np.ndarray:
        """Short pairs of a product whose offers cannot give the minimum of suppliers: none is bought, or a
        supplier counted towards it is full and one more unit bought would take it below its share."""
        index = award.index
        bought, counted = _counted(award)
        floor = (min_share(index) * (bought + 1))[index.offer_market]
        full = award.offer_total >= index.offer_capacity - 0.5
        held = group_any(index.offer_market, counted & full & (award.offer_total < floor - 1e-9), len(bought))
        stuck = (minimum(index) >= 2) & ((bought == 0) | held)
        blocked: np.ndarray = stuck[index.pair_market] & (award.pair_shortage > 0)
        return blocked

    def binding(self, award: SolvedAward) -> pd.DataFrame | None:
        """Products whose suppliers awarded at least the share are at the minimum, or below it (the offers could
        not meet it)."""
        index = award.index
        least = minimum(index)
        bought, counted = _counted(award)
        supplying = group_sum(index.offer_market, counted.astype(float), len(bought))
        at = np.flatnonzero((least >= 2) & (supplying <= least))
        return binding_rows(
            award, self.name, least[at], supplying[at], product=index.market_product[at], period=index.market_period[at]
        )


def _counted(award: SolvedAward) -> tuple[np.ndarray, np.ndarray]:
    """Per market, the units bought; per offer, whether it is awarded some and at least the least share of them."""
    index = award.index
    bought = group_sum(index.offer_market, award.offer_total.astype(float), len(index.market_product))
    floor = (min_share(index) * bought)[index.offer_market]
    counted: np.ndarray = (award.offer_total > 0) & (award.offer_total >= floor - 1e-6)
    return bought, counted


def minimum(index: AwardIndex) -> np.ndarray:
    """Each market's minimum number of suppliers: its product's, at most the offers it has (0: none set)."""
    markets = np.arange(len(index.market_product))
    least = np.nan_to_num(index.product_value("min_suppliers", markets).astype(float), nan=0.0)
    result: np.ndarray = np.minimum(least, index.offers_per_market())
    return result


def min_share(index: AwardIndex) -> np.ndarray:
    """Each market's least share per awarded supplier: the policy's, else 0.2 or 1 / its minimum if smaller."""
    share = index.scenario.policy.get("min_supplier_share")
    least = np.maximum(minimum(index), 1.0)
    result: np.ndarray = np.full(len(least), float(share)) if share is not None else np.minimum(SHARE, 1.0 / least)
    return result
