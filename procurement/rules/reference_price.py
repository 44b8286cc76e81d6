"""Reference price (precio máximo de referencia): bids above it are inadmissible, reported and never used."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from procurement.errors import Issue, Severity
from procurement.rules.base import Rule, Tables, fmt, report_rows
from procurement.scenario import MONEY, Column, Kind, Scenario

if TYPE_CHECKING:
    from procurement.index import AwardIndex


class ReferencePrice(Rule):
    name = "reference_price"
    title = "reference price"
    label = ("Precio máximo de referencia", "Reference price")
    summary = "bids above the product's reference price are inadmissible: listed in `inadmissible_bids.csv`, not used"
    columns = {
        "products.csv": (
            Column(
                "reference_price",
                Kind.POSITIVE,
                required=False,
                note="Precio máximo de referencia: bids above it are inadmissible",
                unit=MONEY + " > 0",
                example=15,
            ),
        )
    }

    costed = True

    def active_markets(self, index: AwardIndex) -> np.ndarray:
        """Markets of products with a bid above the reference price."""
        return self.refusing_markets(index)

    def admissible(self, scenario: Scenario) -> np.ndarray:
        reference = reference_prices(scenario.bids, scenario.products)
        admissible: np.ndarray = ~(scenario.bids["unit_price"].to_numpy(dtype=float) > reference)
        return admissible

    def check(self, tables: Tables, policy: Mapping[str, Any], issues: list[Issue]) -> None:
        """A warning per bid above its product's reference price (it will not be used)."""
        bids, products = tables["bids.csv"], tables["products.csv"]
        if not products["product_id"].is_unique:
            return  # repeated products are reported as such; which reference applies is unclear
        reference = reference_prices(bids, products)
        price = bids["unit_price"].to_numpy()
        report_rows(
            "bids.csv",
            "unit_price",
            bids,
            bids["unit_price"].to_numpy(dtype=float) > reference,
            issues,
            "above_reference_price",
            lambda at: {"value": fmt(price[at]), "reference": fmt(reference[at])},
            Severity.WARNING,
        )


def reference_prices(bids: pd.DataFrame, products: pd.DataFrame) -> np.ndarray:
    """The reference price of each bid row's product (NaN where none)."""
    by_product = products.set_index("product_id")["reference_price"]
    prices: np.ndarray = bids["product_id"].map(by_product).to_numpy(dtype=float)
    return prices


def inadmissible_bids(scenario: Scenario, admissible: np.ndarray) -> pd.DataFrame:
    """Bid rows that cannot be awarded, with the reference price that excludes them."""
    rows = scenario.bids[~admissible]
    return pd.DataFrame(
        {
            "supplier_id": rows["supplier_id"].to_numpy(),
            "product_id": rows["product_id"].to_numpy(),
            "unit_price": rows["unit_price"].to_numpy(),
            "reference_price": reference_prices(rows, scenario.products),
        }
    )
