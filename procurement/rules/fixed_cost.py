"""Fixed cost: a one-off cost paid if the offer is awarded any quantity."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from procurement.errors import Issue
from procurement.rules.base import Rule, Tables, check_offer_condition
from procurement.scenario import MONEY, Column, Kind

if TYPE_CHECKING:
    from procurement.index import AwardIndex
    from procurement.model import AwardModel


class FixedCost(Rule):
    name = "fixed_cost"
    title = "fixed cost"
    label = ("Costo fijo", "Fixed cost")
    summary = (
        "`fixed_cost` is paid once if the offer is awarded any quantity, shared among the institutions in "
        "proportion to their quantities"
    )
    columns = {
        "bids.csv": (
            Column(
                "fixed_cost",
                Kind.AMOUNT,
                required=False,
                note="One-off cost if awarded any quantity (contract administration, registration, set-up)",
                unit=MONEY,
            ),
        )
    }

    def check(self, tables: Tables, policy: Mapping[str, Any], issues: list[Issue]) -> None:
        check_offer_condition(tables["bids.csv"], "fixed_cost", issues)

    def needs_choices(self, index: AwardIndex) -> np.ndarray:
        needs: np.ndarray = index.offer_fixed > 0
        return needs

    def add(self, model: AwardModel) -> None:
        index = model.index
        chosen = np.flatnonzero(model.choice >= 0)
        model.add_cost("fixed", model.choice[chosen], index.offer_fixed[index.tier_offer[chosen]])
