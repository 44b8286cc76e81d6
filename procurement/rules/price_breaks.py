"""All-units price breaks: the total awarded to an offer picks the one price paid for every unit of it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from procurement.errors import Issue
from procurement.rules.base import OFFER, Rule, Tables, fmt, report_rows
from procurement.scenario import UNITS, Column, Kind

if TYPE_CHECKING:
    from procurement.index import AwardIndex


class PriceBreaks(Rule):
    name = "price_breaks"
    title = "price breaks"
    label = ("Escalas de precio", "Price breaks")
    summary = (
        "several `bids` rows of one supplier and product are one offer: the **total** awarded to it over all "
        "institutions is paid, for every unit, the price of the row with the largest `from_quantity` at or below "
        "that total (exactly at a break, the break's lower price); smaller totals than the first admissible "
        "`from_quantity` are not offered"
    )
    columns = {
        "bids.csv": (
            Column(
                "from_quantity",
                Kind.WHOLE,
                required=False,
                note="Price break: first total quantity this price applies to (blank = 0)",
                unit=UNITS,
                example=0,
                key=True,
            ),
        )
    }

    def check(self, tables: Tables, policy: Mapping[str, Any], issues: list[Issue]) -> None:
        """Prices must not rise with volume (all-units breaks are discounts)."""
        bids = tables["bids.csv"].drop_duplicates([*OFFER, "from_quantity"])
        bids = bids.sort_values([*OFFER, "from_quantity"], kind="stable")
        price = bids["unit_price"].to_numpy()
        rises = _same_offer_as_previous(bids) & (np.diff(price, prepend=np.nan) > 0)
        report_rows(
            "bids.csv",
            "unit_price",
            bids,
            rises,
            issues,
            "price_rises_with_volume",
            lambda at: {"value": fmt(price[at])},
        )

    def needs_choices(self, index: AwardIndex) -> np.ndarray:
        """An offer with more than one reachable price, or none from the first unit, has its tier chosen."""
        tiers = np.bincount(index.tier_offer, minlength=len(index.offer_market))
        choices: np.ndarray = (tiers > 1) | (index.tier_low[index.tier_first()] > 0)
        return choices


def _same_offer_as_previous(bids: pd.DataFrame) -> np.ndarray:
    """Of bid rows sorted by offer, which belong to the offer of the row before them."""
    same = np.arange(len(bids)) > 0
    for column in OFFER:
        cells = bids[column].to_numpy(dtype=object)
        same[1:] &= cells[1:] == cells[:-1]
    return same
