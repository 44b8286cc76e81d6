"""National preference (margen de preferencia): national suppliers' prices count lower when choosing."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from procurement.arrays import Floats, Ints, group_any
from procurement.rules.base import Rule
from procurement.rules.supplier_record import record_surcharge
from procurement.scenario import Column, Kind, Scenario, Setting

if TYPE_CHECKING:
    from procurement.index import AwardIndex
    from procurement.model import AwardModel


class NationalPreference(Rule):
    name = "national_preference"
    title = "national preference"
    label = ("Margen de preferencia nacional", "National preference")
    summary = (
        "when choosing, a national supplier's price counts `national_preference` lower; it is paid its real "
        "price, and every reported cost is real (the preference is a separate, unpaid cost term)"
    )
    columns = {
        "suppliers.csv": (
            Column(
                "national",
                Kind.FLAG,
                required=False,
                note="National supplier, eligible for the national price preference (blank: no)",
                unit="true / false",
                example=True,
            ),
        )
    }
    settings = (
        Setting(
            "national_preference",
            Kind.FRACTION,
            "national prices count this fraction lower when choosing, e.g. 0.10",
            default=0.0,
            example=0,
        ),
    )

    costed = True

    def active_markets(self, index: AwardIndex) -> np.ndarray:
        """Markets where a national and a foreign offer compete."""
        markets = len(index.market_product)
        if float(index.scenario.policy.get("national_preference") or 0.0) <= 0:
            return np.zeros(markets, dtype=bool)
        national = index.scenario.suppliers["national"].to_numpy(dtype=bool)[index.offer_supplier]
        both: np.ndarray = group_any(index.offer_market, national, markets) & group_any(
            index.offer_market, ~national, markets
        )
        return both

    def add(self, model: AwardModel) -> None:
        index = model.index
        preference = float(index.scenario.policy.get("national_preference") or 0.0)
        if preference <= 0:
            return
        national = index.scenario.suppliers["national"].to_numpy(dtype=bool)[index.offer_supplier]
        flows = np.flatnonzero(national[index.arc_offer[model.flow_arc]])
        model.add_cost("national_preference", model.flow[flows], -preference * index.tier_price[model.flow_tier[flows]])


def price_scale(scenario: Scenario, suppliers: Ints) -> Floats:
    """How much of each supplier's price counts when bids are compared: 1, less national_preference for a
    national supplier, plus the surcharge of its record (procurement.rules.supplier_record); suppliers by position
    in scenario.suppliers."""
    preference = float(scenario.policy.get("national_preference") or 0.0)
    national = scenario.suppliers["national"].to_numpy(dtype=bool)[suppliers]
    scale: Floats = np.where(national, 1.0 - preference, 1.0) + record_surcharge(scenario)[suppliers]
    return scale
