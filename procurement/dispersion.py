"""How far the prices offered for one item spread across vendors, fitted on real multi-vendor purchases.

The model: for an item bought from several vendors, the log of each dearer vendor's price over the lowest
vendor's price follows an exponential distribution with mean LOG_RATIO_MEAN; the number of vendors of an
item follows VENDOR_COUNTS. Both are fitted on the USAID SCMS delivery history (real purchase orders of
HIV/malaria medicines from many vendors; ../shared/reference/prices) by `fit_price_dispersion`, and the
constants below are that fit, checked against the file by the tests whenever it is present.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

ITEM, VENDOR, PRICE = "Item Description", "Vendor", "Pack Price"
WAREHOUSE_VENDOR = "SCMS from RDC"  # regional warehouse stock, not a manufacturer's price


@dataclass(frozen=True)
class PriceDispersion:
    """log(price / lowest price) ~ Exponential(log_ratio_mean); vendors per item ~ vendor_counts."""

    log_ratio_mean: float
    vendor_counts: dict[int, int]  # number of vendors -> number of items with that many (items with 2 or more)

    def ratios(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """Prices of dearer vendors as multiples (≥ 1) of the lowest price."""
        ratios: np.ndarray = np.exp(rng.exponential(self.log_ratio_mean, size))
        return ratios

    def competitors(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """How many other vendors offer an item that has at least one vendor already."""
        counts = np.array(sorted(self.vendor_counts))
        weights = np.array([self.vendor_counts[c] for c in counts], dtype=float)
        drawn: np.ndarray = rng.choice(counts, size=size, p=weights / weights.sum()) - 1
        return drawn


SCMS_DISPERSION = PriceDispersion(
    log_ratio_mean=0.5348,
    vendor_counts={2: 30, 3: 20, 4: 14, 5: 10, 6: 5, 8: 3, 9: 2},
)


def fit_price_dispersion(path: str | Path) -> PriceDispersion:
    """Fit the model on the SCMS file: each vendor's median pack price per item, items with 2+ vendors."""
    orders = pd.read_csv(path, encoding="utf-8-sig", usecols=[ITEM, VENDOR, PRICE])
    orders = orders[(orders[VENDOR] != WAREHOUSE_VENDOR) & (orders[PRICE] > 0)]
    prices = orders.groupby([ITEM, VENDOR])[PRICE].median().reset_index()
    vendors = prices.groupby(ITEM).size()
    shared = prices[prices[ITEM].isin(vendors.index[vendors >= 2])]
    ratio = shared[PRICE] / shared.groupby(ITEM)[PRICE].transform("min")
    counts = vendors[vendors >= 2].value_counts().sort_index()
    return PriceDispersion(
        log_ratio_mean=round(float(np.log(ratio[ratio > 1]).mean()), 4),
        vendor_counts={int(n): int(items) for n, items in counts.items()},
    )
