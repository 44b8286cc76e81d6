"""Delivery: a cost per unit a supplier charges to deliver to an institution, on top of its unit price."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from procurement.arrays import positions
from procurement.rules.base import Rule
from procurement.scenario import MONEY, Column, Kind, TableSpec

if TYPE_CHECKING:
    from procurement.index import AwardIndex
    from procurement.model import AwardModel

DELIVERY = TableSpec(
    "delivery.csv",
    (
        Column("supplier_id", Kind.ID, note="Supplier that delivers (from suppliers)", unit="id", example="LAB1"),
        Column(
            "institution_id", Kind.ID, note="Institution delivered to (from institutions)", unit="id", example="IMSS"
        ),
        Column("product_id", Kind.ID, required=False, note="Product; blank = every product", unit="id"),
        Column(
            "cost_per_unit",
            Kind.AMOUNT,
            note="Added to the unit price for units delivered to this institution",
            unit=MONEY,
            example=0.25,
        ),
    ),
    key=("supplier_id", "institution_id", "product_id"),
    required_file=False,
    note="delivery cost per unit",
)


class Delivery(Rule):
    name = "delivery"
    title = "delivery"
    label = ("Entrega", "Delivery")
    summary = "per-unit delivery cost (`delivery.csv`) added to the cost of the units delivered"
    tables = (DELIVERY,)

    def index(self, index: AwardIndex) -> None:
        """Each arc's cost per unit: the product's own row, else the supplier-institution row, else 0."""
        scenario = index.scenario
        table = scenario.delivery
        if table.empty or not len(index.arc_offer):
            return
        sizes = (len(scenario.institutions), len(scenario.products) + 1)
        supplier = positions(table["supplier_id"], scenario.suppliers["supplier_id"])
        institution = positions(table["institution_id"], scenario.institutions["institution_id"])
        product = np.where(
            table["product_id"] == "", -1, positions(table["product_id"], scenario.products["product_id"])
        )
        keys = (supplier * sizes[0] + institution) * sizes[1] + product + 1
        order = np.argsort(keys)
        keys, cost = keys[order], table["cost_per_unit"].to_numpy(dtype=float)[order]
        arc_key = (index.offer_supplier[index.arc_offer] * sizes[0] + index.pair_institution[index.arc_pair]) * sizes[1]
        own = _lookup(keys, cost, arc_key + index.pair_product[index.arc_pair] + 1)
        general = _lookup(keys, cost, arc_key)
        index.arc_delivery = np.where(np.isnan(own), np.nan_to_num(general, nan=0.0), own)

    def add(self, model: AwardModel) -> None:
        model.add_cost("delivery", model.flow, model.index.arc_delivery[model.flow_arc])


def _lookup(keys: np.ndarray, values: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """values[keys == wanted] for each wanted key (keys sorted and unique), NaN where absent."""
    at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    found: np.ndarray = np.where(keys[at] == wanted, values[at], np.nan)
    return found
