"""Every institution buying alone, as one scenario: each (institution, product) pair becomes a product of its own.

A copy of a product carries the product's rules and bids and only that institution's demand and delivery
costs, so its optimum is the institution's cost of buying the product alone; an institution's budget still
links its own copies, as it links its products when it buys alone. Solving the copies as one scenario lets
the decomposition pool and parallelise them, instead of solving the purchase again once per institution.
"""

from __future__ import annotations

import pandas as pd

from procurement.scenario import Scenario

PAIR = ["institution_id", "product_id"]
SEPARATOR = "\x1f"  # the ASCII unit separator: cannot come from a CSV or workbook cell that passed validation


def buying_alone(scenario: Scenario, pairs: pd.DataFrame) -> tuple[Scenario, pd.Series]:
    """The scenario of every pair bought alone, and the original product of each copy (by copy id)."""
    key = pairs[PAIR].assign(copy_id=pairs["product_id"] + SEPARATOR + pairs["institution_id"])
    original = key.set_index("copy_id")["product_id"]
    copies = key[["product_id", "copy_id"]]
    delivery = scenario.delivery
    specific = delivery[delivery["product_id"] != ""].merge(key, on=PAIR)
    alone = scenario.with_tables(
        institutions=scenario.institutions[scenario.institutions["institution_id"].isin(set(key["institution_id"]))],
        products=_renamed(scenario.products.merge(copies, on="product_id")),
        demand=_renamed(scenario.demand.merge(key, on=PAIR)),
        bids=_renamed(scenario.bids.merge(copies, on="product_id")).sort_values(
            ["product_id", "supplier_id", "from_quantity"], ignore_index=True
        ),
        delivery=pd.concat([delivery[delivery["product_id"] == ""], _renamed(specific)], ignore_index=True),
        baseline=scenario.baseline.iloc[:0],
    )
    return alone, original


def _renamed(table: pd.DataFrame) -> pd.DataFrame:
    return table.assign(product_id=table["copy_id"]).drop(columns="copy_id").reset_index(drop=True)
