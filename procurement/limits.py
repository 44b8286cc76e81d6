"""The largest numbers a purchase may hold, the same wherever it enters (CSV package, workbook, JSON API, settings).

Beyond them a number is a typing mistake, and the solve would fail or be wrong later: awards and savings are
whole cents held in 64-bit integers, computed from floats that state a cent exactly only below 2^53 cents
(about 9 x 10^13 pesos), and a shortage is priced at 10 times its clave's highest price.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from procurement.errors import Issue
from procurement.rules.base import report_rows

MAX_UNITS = 10**12  # any quantity, capacity or count: more units than any purchase holds
MAX_MONEY = 10**12  # any price, cost, budget or penalty: a trillion pesos, above a whole national round
MAX_LINE_MONEY = 10**13  # a demand row at its clave's highest price: exact to the cent, and 10 times that fits too


def check_line_money(tables: dict[str, pd.DataFrame], issues: list[Issue]) -> None:
    """No demand row may cost more than MAX_LINE_MONEY at the highest unit price offered for its clave (with the
    dearest delivery), referenced for it or paid for it: a quantity and a price within their limits may have a
    product that is not."""
    demand = tables["demand.csv"]
    offered = demand["product_id"].map(_highest_by_product(tables)).to_numpy(dtype=float)
    cost = demand["quantity"].to_numpy(dtype=float) * np.fmax(offered, _highest_paid(demand, tables["baseline.csv"]))
    quantity = demand["quantity"].to_numpy()

    def params(at: int) -> dict[str, object]:
        return {"quantity": f"{quantity[at]:,.0f}", "limit": f"{MAX_LINE_MONEY:,}"}

    report_rows(
        "demand.csv", "quantity", demand, np.nan_to_num(cost) > MAX_LINE_MONEY, issues, "line_too_costly", params
    )


def _highest_paid(demand: pd.DataFrame, baseline: pd.DataFrame) -> np.ndarray:
    """Per demand row, the highest price the baseline paid for its institution and product (NaN: none)."""
    if baseline.empty:  # nothing to look up: the demand's pairs need not be indexed
        return np.full(len(demand), np.nan)
    pairs = pd.MultiIndex.from_frame(demand[["institution_id", "product_id"]])
    paid: np.ndarray = baseline.groupby(["institution_id", "product_id"])["unit_price"].max().reindex(pairs).to_numpy()
    return paid.astype(float)


def _highest_by_product(tables: dict[str, pd.DataFrame]) -> pd.Series:
    """Each clave's highest bid plus its dearest delivery (its own rows' or those for every product), or its
    reference price if that is higher."""
    bid = tables["bids.csv"].groupby("product_id")["unit_price"].max()
    delivery = tables["delivery.csv"]
    to_every = delivery.loc[delivery["product_id"] == "", "cost_per_unit"].max()
    own = delivery.groupby("product_id")["cost_per_unit"].max().reindex(bid.index)
    carried = np.nan_to_num(np.fmax(own.to_numpy(dtype=float), float(to_every)))
    referenced = tables["products.csv"].groupby("product_id")["reference_price"].max()
    return pd.concat([bid + carried, referenced], axis=1).max(axis=1)
