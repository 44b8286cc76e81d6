"""Single source: each institution receives a product from one supplier only."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from procurement.arrays import group_any, group_sum
from procurement.rules.base import Rule
from procurement.scenario import Column, Kind, Setting

if TYPE_CHECKING:
    from procurement.awards import SolvedAward
    from procurement.index import AwardIndex
    from procurement.model import AwardModel


class SingleSource(Rule):
    name = "single_source"
    title = "single source"
    label = ("Proveedor único", "Single source")
    reason_labels = {
        "single_source": (
            "un solo proveedor por institución y no surte todo",
            "one supplier per institution, and it cannot deliver it all",
        )
    }
    summary = (
        "each institution receives the product from one supplier only; what that supplier cannot deliver is a "
        "shortage (a split award and single source on one product is an error)"
    )
    columns = {
        "products.csv": (
            Column(
                "single_source",
                Kind.FLAG,
                required=False,
                note="Each institution receives it from one supplier only (overrides the policy)",
                unit="true / false",
            ),
        )
    }
    settings = (
        Setting(
            "single_source",
            Kind.FLAG,
            "each institution receives a product from one supplier",
            default=False,
            example=False,
        ),
    )
    overrides = {"single_source": "single_source"}
    reason = "single_source"
    costed = True

    def active_markets(self, index: AwardIndex) -> np.ndarray:
        return group_any(index.arc_market, self._arcs(index), len(index.market_product))

    def _arcs(self, index: AwardIndex) -> np.ndarray:
        """Arcs of single-source markets whose pair has more than one possible supplier."""
        single = index.product_value("single_source", index.arc_market).astype(bool)
        several = np.bincount(index.arc_pair, minlength=len(index.pair_market)) > 1
        arcs: np.ndarray = single & several[index.arc_pair]
        return arcs

    def add(self, model: AwardModel) -> None:
        """A binary per arc picks the pair's supplier; only the picked arc carries flow."""
        index = model.index
        arcs = np.flatnonzero(self._arcs(index))
        picks = model.add_columns("single_source", index.arc_market[arcs], 1.0, integer=True)
        pick_of = np.full(len(index.arc_offer), -1)
        pick_of[arcs] = picks
        carry = model.add_rows("single_source_flow", len(arcs), upper=0.0)
        flows = np.flatnonzero(pick_of[model.flow_arc] >= 0)
        row_of = np.full(len(index.arc_offer), -1)
        row_of[arcs] = carry
        model.add_entries(row_of[model.flow_arc[flows]], model.flow[flows], 1.0)
        model.add_entries(carry, picks, -index.arc_upper[arcs])
        pairs, at = np.unique(index.arc_pair[arcs], return_inverse=True)
        one = model.add_rows("single_source", len(pairs), upper=1.0)
        model.add_entries(one[at], picks, 1.0)

    def blocked_arcs(self, award: SolvedAward) -> np.ndarray:
        """An arc not used because its institution already receives the product from another supplier."""
        index = award.index
        served = group_sum(index.arc_pair, award.arc_quantity, len(index.pair_market)) > 0
        blocked: np.ndarray = self._arcs(index) & (award.arc_quantity == 0) & served[index.arc_pair]
        return blocked
