"""What the model is built on: admissible offers with their price breaks, supply arcs and demand pairs."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from procurement.scenario import Scenario

PENALTY_FACTOR = 10.0


@dataclass(frozen=True)
class AwardData:
    """Sparse index of the award model.

    offers: one row per admissible (supplier_id, product_id) with `tiers`, a tuple of (from_quantity,
    unit_price) sorted by quantity, and capacity (inf if none), min_quantity, fixed_cost, national,
    product_quantity (the product's total demand).
    arcs: one row per offer and institution that demands the product: offer, supplier_id, institution_id,
    product_id, quantity (the institution's demand), delivery_cost (per unit).
    pairs: demand rows with shortfall_penalty per unit and has_offer.
    inadmissible: bid rows priced above the product's reference price.
    """

    offers: pd.DataFrame
    arcs: pd.DataFrame
    pairs: pd.DataFrame
    inadmissible: pd.DataFrame


def prepare_award_data(scenario: Scenario) -> AwardData:
    demand = scenario.demand
    bids = scenario.bids[scenario.bids["product_id"].isin(set(demand["product_id"]))]
    reference = bids["product_id"].map(scenario.products.set_index("product_id")["reference_price"])
    admissible = ~(bids["unit_price"] > reference)
    offers = _offers(bids[admissible], scenario)
    arcs = _arcs(offers, demand, scenario.delivery)
    pairs = _pairs(demand, arcs, offers, scenario)
    inadmissible = bids[~admissible].assign(reference_price=reference[~admissible])
    return AwardData(offers=offers, arcs=arcs, pairs=pairs, inadmissible=inadmissible.reset_index(drop=True))


def _offers(bids: pd.DataFrame, scenario: Scenario) -> pd.DataFrame:
    grouped = bids.groupby(["supplier_id", "product_id"], sort=True)
    offers = grouped.agg(
        capacity=("capacity", "max"), min_quantity=("min_quantity", "max"), fixed_cost=("fixed_cost", "max")
    ).reset_index()
    tiers = grouped.apply(lambda rows: tuple(zip(rows["from_quantity"], rows["unit_price"], strict=True)))
    offers["tiers"] = tiers.to_numpy() if len(offers) else pd.Series(dtype=object)
    total = scenario.demand.groupby("product_id")["quantity"].sum()
    national = scenario.suppliers.set_index("supplier_id")["national"]
    offers = offers.assign(
        capacity=offers["capacity"].fillna(np.inf),
        min_quantity=offers["min_quantity"].fillna(0.0),
        fixed_cost=offers["fixed_cost"].fillna(0.0),
        national=offers["supplier_id"].map(national).fillna(False).astype(bool),
        product_quantity=offers["product_id"].map(total).astype(float),
    )
    smallest = np.maximum(offers["tiers"].map(lambda tiers: tiers[0][0]), offers["min_quantity"])
    reachable = smallest <= np.minimum(offers["capacity"], offers["product_quantity"]) + 1e-9
    return offers[reachable].reset_index(drop=True).rename_axis("offer")


def _arcs(offers: pd.DataFrame, demand: pd.DataFrame, delivery: pd.DataFrame) -> pd.DataFrame:
    arcs = offers.reset_index()[["offer", "supplier_id", "product_id"]].merge(
        demand[["institution_id", "product_id", "quantity"]], on="product_id"
    )
    specific = delivery[delivery["product_id"] != ""].set_index(["supplier_id", "institution_id", "product_id"])
    general = delivery[delivery["product_id"] == ""].set_index(["supplier_id", "institution_id"])
    by_product = pd.MultiIndex.from_frame(arcs[["supplier_id", "institution_id", "product_id"]])
    by_pair = pd.MultiIndex.from_frame(arcs[["supplier_id", "institution_id"]])
    cost = specific["cost_per_unit"].reindex(by_product).to_numpy()
    fallback = general["cost_per_unit"].reindex(by_pair).to_numpy()
    arcs["delivery_cost"] = np.where(np.isnan(cost), np.nan_to_num(fallback, nan=0.0), cost)
    return arcs.sort_values(["product_id", "institution_id", "supplier_id"]).reset_index(drop=True)


def _pairs(demand: pd.DataFrame, arcs: pd.DataFrame, offers: pd.DataFrame, scenario: Scenario) -> pd.DataFrame:
    """Demand pairs with their shortfall penalty: the policy's, or 10 x the highest admissible unit cost."""
    highest_price = offers["tiers"].map(lambda tiers: max(price for _, price in tiers))
    unit_cost = arcs["offer"].map(highest_price) + arcs["delivery_cost"]
    default = (unit_cost.groupby(arcs["product_id"]).max() * PENALTY_FACTOR).rename("default_penalty")
    pairs = demand[["institution_id", "product_id", "quantity"]].merge(
        default, left_on="product_id", right_index=True, how="left"
    )
    explicit = scenario.policy.shortfall_penalty
    penalty = pairs["default_penalty"].fillna(0.0) if explicit is None else explicit
    offered = set(arcs["product_id"])
    return (
        pairs.drop(columns="default_penalty")
        .assign(shortfall_penalty=penalty, has_offer=pairs["product_id"].isin(offered))
        .sort_values(["product_id", "institution_id"])
        .reset_index(drop=True)
    )
