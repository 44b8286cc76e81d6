"""Demand cover: every institution's demand is awarded or reported short, never dropped."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from procurement.arrays import group_any, positions
from procurement.rules.base import Rule
from procurement.rules.period_prices import period_codes
from procurement.scenario import Kind, Setting

if TYPE_CHECKING:
    from procurement.awards import SolvedAward
    from procurement.model import AwardModel


class DemandCover(Rule):
    name = "demand"
    title = "demand cover"
    label = ("Cobertura de la demanda", "Demand cover")
    reason_labels = {
        "no_admissible_bid": ("sin oferta admisible (desierta)", "no admissible bid (desierta)"),
        "penalty_below_cost": (
            "la penalización por faltante es menor que el precio",
            "the shortfall penalty is below the price",
        ),
    }
    summary = (
        "each institution's demand for each product is met exactly, or the unmet part is a **shortage**, priced "
        "at `shortfall_penalty` per unit when choosing (never paid) and reported with its reason; demand never "
        "vanishes"
    )
    settings = (
        Setting(
            "shortfall_penalty",
            Kind.AMOUNT,
            "cost per unit left unmet, used only to rank awards (blank: 10 x the product's highest unit cost)",
        ),
    )
    reason = "no_admissible_bid"

    def add(self, model: AwardModel) -> None:
        """A shortage column per demand pair that some offer can supply, and its cover row."""
        index = model.index
        offered = np.flatnonzero(group_any(index.arc_pair, np.ones(len(index.arc_pair), bool), len(index.pair_market)))
        short = model.add_columns("shortage", index.pair_market[offered], index.pair_quantity[offered])
        model.add_cost("shortage_penalty", short, index.pair_penalty[offered])
        quantity = index.pair_quantity[offered].astype(float)
        rows = model.add_rows("demand", len(offered), quantity, quantity)
        row_of_pair = np.full(len(index.pair_market), -1)
        row_of_pair[offered] = rows
        model.add_entries(rows, short, 1.0)
        model.add_entries(row_of_pair[index.arc_pair[model.flow_arc]], model.flow, 1.0)
        model.parts["shortage"] = np.full(len(index.pair_market), -1)
        model.parts["shortage"][offered] = short


def static_reasons(award: SolvedAward) -> np.ndarray:
    """Why pairs no offer can supply are short: no admissible bid, or every admissible offer's conditions
    (its capacity, minimum or first price break) beyond what can be awarded."""
    index = award.index
    scenario = index.scenario
    admissible = np.logical_and.reduce([rule.admissible(scenario) for rule in _rules()])
    codes = period_codes(scenario)  # a clave priced per period has a market per period: its bids are that period's
    bid_period = np.searchsorted(codes, scenario.bids["period"].to_numpy(dtype=object).astype(str))
    bid_market = positions(scenario.bids["product_id"], scenario.products["product_id"]) * len(codes) + bid_period
    size = len(scenario.products) * len(codes)
    has_admissible = np.bincount(bid_market[admissible], minlength=size) > 0
    capacity = scenario.bids["capacity"].to_numpy(dtype=float)
    has_capacity = np.bincount(bid_market[admissible & ~(capacity < 1)], minlength=size) > 0
    market = index.pair_product * len(codes) + np.searchsorted(codes, index.market_period[index.pair_market])
    return np.where(
        ~has_admissible[market], "no_admissible_bid", np.where(has_capacity[market], "min_quantity", "capacity")
    )


def _rules() -> tuple[Rule, ...]:
    from procurement.rules import RULES

    return RULES
