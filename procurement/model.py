"""Build the award model from arrays: who supplies how much of each product to each institution, at least cost.

Columns and rows are added in bulk, each rule contributing its own (procurement/rules/); the matrix is kept as
(row, column, value) triplets and handed to a solver backend (procurement.backends) in one piece per group of
blocks. The objective is the sum of named cost terms, so reports can show each one; a tie-break allowance far
below a cent decides between awards of equal cost (docs/scenario-format.md, "Ties").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from procurement.arrays import Floats, Ints, expand_counts, positions
from procurement.index import AwardIndex
from procurement.rules import RULES
from procurement.scenario import Scenario

COST_TERMS = ("purchase", "national_preference", "supplier_record", "delivery", "fixed", "shortage_penalty")
TIE_UNIT = 1e-6  # tie-break allowance per unit and rank of the supplier among a product's bidders, in currency
Namer = Callable[[Ints], list[str]]


@dataclass
class Segment:
    """A run of columns (or rows) of one kind, named only when the model is written out."""

    kind: str
    start: int
    count: int
    namer: Namer | None = None


@dataclass
class AwardModel:
    index: AwardIndex
    col_market: list[Ints] = field(default_factory=list)
    col_lower: list[Floats] = field(default_factory=list)
    col_upper: list[Floats] = field(default_factory=list)
    col_integer: list[np.ndarray] = field(default_factory=list)
    row_lower: list[Floats] = field(default_factory=list)
    row_upper: list[Floats] = field(default_factory=list)
    entries: list[tuple[Ints, Ints, Floats]] = field(default_factory=list)
    costs: dict[str, list[tuple[Ints, Floats]]] = field(default_factory=lambda: {t: [] for t in COST_TERMS})
    columns: list[Segment] = field(default_factory=list)
    rows: list[Segment] = field(default_factory=list)
    integer_marks: list[Ints] = field(default_factory=list)
    num_cols: int = 0
    num_rows: int = 0
    flow: Ints = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # flow columns
    flow_arc: Ints = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    flow_tier: Ints = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    choice: Ints = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # per tier: its binary, or -1
    parts: dict[str, Ints] = field(default_factory=dict)  # columns and rows rules keep for later, by name
    _arrays: ModelArrays | None = None

    # --- adding in bulk ---------------------------------------------------------------------------------

    def add_columns(
        self,
        kind: str,
        market: Ints,
        upper: Floats | float = np.inf,
        integer: bool | np.ndarray = False,
        lower: Floats | float = 0.0,
        namer: Namer | None = None,
    ) -> Ints:
        """`len(market)` new columns, each belonging to a market (blocks are made of markets)."""
        count = len(market)
        self.col_market.append(np.asarray(market, dtype=np.int64))
        self.col_lower.append(np.broadcast_to(np.asarray(lower, dtype=float), (count,)))
        self.col_upper.append(np.broadcast_to(np.asarray(upper, dtype=float), (count,)))
        self.col_integer.append(np.broadcast_to(np.asarray(integer, dtype=bool), (count,)))
        self.columns.append(Segment(kind, self.num_cols, count, namer))
        self.num_cols += count
        return np.arange(self.num_cols - count, self.num_cols)

    def add_rows(
        self,
        rule: str,
        count: int,
        lower: Floats | float = -np.inf,
        upper: Floats | float = np.inf,
        namer: Namer | None = None,
    ) -> Ints:
        self.row_lower.append(np.broadcast_to(np.asarray(lower, dtype=float), (count,)))
        self.row_upper.append(np.broadcast_to(np.asarray(upper, dtype=float), (count,)))
        self.rows.append(Segment(rule, self.num_rows, count, namer))
        self.num_rows += count
        return np.arange(self.num_rows - count, self.num_rows)

    def add_entries(self, rows: Ints, cols: Ints, values: Floats | float) -> None:
        rows, cols = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
        self.entries.append((rows, cols, np.broadcast_to(np.asarray(values, dtype=float), rows.shape)))

    def add_cost(self, term: str, cols: Ints, coefficients: Floats | float) -> None:
        cols = np.asarray(cols, dtype=np.int64)
        self.costs[term].append((cols, np.broadcast_to(np.asarray(coefficients, dtype=float), cols.shape)))

    def mark_integer(self, cols: Ints) -> None:
        self.integer_marks.append(np.asarray(cols, dtype=np.int64))

    # --- reading back -----------------------------------------------------------------------------------

    def row_kinds(self) -> np.ndarray:
        """The kind of every row (the rule's name for its rows, e.g. "demand", "capacity")."""
        kinds = np.empty(self.num_rows, dtype=object)
        for segment in self.rows:
            kinds[segment.start : segment.start + segment.count] = segment.kind
        return kinds

    def arrays(self) -> ModelArrays:
        """The whole model as flat arrays, joined once after every rule has added itself; the chunks the rules
        added are let go then (a national model holds millions of entries)."""
        if self._arrays is None:
            self._arrays = self._join()
            self.col_lower, self.col_upper, self.col_integer, self.row_lower, self.row_upper = [], [], [], [], []
            self.entries, self.integer_marks = [], []
            self.costs = {term: [] for term in COST_TERMS}
        return self._arrays

    def _join(self) -> ModelArrays:
        integer = _cat(self.col_integer, bool)
        for cols in self.integer_marks:
            integer[cols] = True
        terms = {
            term: (_cat([c for c, _ in parts], np.int64), _cat([v for _, v in parts], float))
            for term, parts in self.costs.items()
        }
        cost = self._tie_break()
        for cols, coefficients in terms.values():
            np.add.at(cost, cols, coefficients)
        rows, cols, values = (_cat([e[k] for e in self.entries], t) for k, t in enumerate((np.int32, np.int32, float)))
        return ModelArrays(
            cost=cost,
            lower=_cat(self.col_lower, float),
            upper=_cat(self.col_upper, float),
            integer=integer,
            col_market=_cat(self.col_market, np.int64),
            row_lower=_cat(self.row_lower, float),
            row_upper=_cat(self.row_upper, float),
            entry_row=rows,
            entry_col=cols,
            entry_value=values,
            terms=terms,
        )

    def _tie_break(self) -> Floats:
        """Each unit from the k-th bidder of a product (from 0, in supplier_id order, among every supplier that
        bid for it) counts k x TIE_UNIT more: of awards of equal cost, the one giving more to the suppliers that
        sort first wins. Ranks count bids that cannot be used too, so they stay put when an offer is taken out."""
        index = self.index
        rank = bidder_ranks(index)
        tie = np.zeros(self.num_cols)
        tie[self.flow] = TIE_UNIT * rank[index.arc_offer[self.flow_arc]]
        return tie


@dataclass
class ModelArrays:
    """The model as a solver sees it: column costs and bounds, row bounds, matrix triplets."""

    cost: Floats
    lower: Floats
    upper: Floats
    integer: np.ndarray
    col_market: Ints
    row_lower: Floats
    row_upper: Floats
    entry_row: Ints
    entry_col: Ints
    entry_value: Floats
    terms: dict[str, tuple[Ints, Floats]]  # each named cost term: columns and coefficients (no tie-break)

    def term_values(self, values: Floats) -> dict[str, float]:
        """Each named cost term at the given column values."""
        return {term: float(coefficients @ values[cols]) for term, (cols, coefficients) in self.terms.items()}


def _cat(parts: list[np.ndarray], dtype: type) -> np.ndarray:
    return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype=dtype)


def bidders(scenario: Scenario) -> pd.DataFrame:
    """Every supplier that bid for each product, once, sorted by product and supplier id, with its rank (from 0)
    among the product's bidders and the product's and supplier's positions."""
    pairs = scenario.bids[["product_id", "supplier_id"]].drop_duplicates()
    pairs = pairs.sort_values(["product_id", "supplier_id"], kind="stable").reset_index(drop=True)
    pairs["rank"] = pairs.groupby("product_id", sort=False).cumcount()
    pairs["product"] = positions(pairs["product_id"], scenario.products["product_id"])
    pairs["supplier"] = positions(pairs["supplier_id"], scenario.suppliers["supplier_id"])
    return pairs


def bidder_ranks(index: AwardIndex) -> Ints:
    """Each offer's rank among its product's bidders (see `bidders`)."""
    table = bidders(index.scenario)
    suppliers = len(index.scenario.suppliers)
    keys = table["product"].to_numpy() * suppliers + table["supplier"].to_numpy()
    at = positions(index.offer_product * suppliers + index.offer_supplier, keys)
    rank: Ints = table["rank"].to_numpy()[at]
    return rank


def build_award_model(index: AwardIndex) -> AwardModel:
    """The award model: supply columns, then each registered rule's variables, constraints and costs."""
    model = AwardModel(index)
    _add_supply(model)
    for rule in RULES:
        rule.add(model)
    return model


def _add_supply(model: AwardModel) -> None:
    """Flow columns: one per arc and price tier its offer may be paid; for offers with a yes/no award, a binary
    per tier, and rows keeping the offer's total within the chosen tier's range (breaks, capacity, minimum)."""
    index = model.index
    tiers_of = np.bincount(index.tier_offer, minlength=len(index.offer_market))
    first = index.tier_first()
    choice = index.offer_choice
    per_arc = np.where(choice[index.arc_offer], tiers_of[index.arc_offer], 1)
    arc, position = expand_counts(per_arc)
    tier = first[index.arc_offer[arc]] + position
    upper = np.minimum(index.arc_upper[arc], index.tier_high[tier])
    market = index.arc_market[arc]
    model.flow_arc, model.flow_tier = arc, tier
    model.flow = model.add_columns("flow", market, upper, namer=lambda k: _flow_names(model, k))
    model.add_cost("purchase", model.flow, index.tier_price[tier])
    _add_choices(model)


def _add_choices(model: AwardModel) -> None:
    index = model.index
    chosen = np.flatnonzero(index.offer_choice[index.tier_offer])
    model.choice = np.full(len(index.tier_offer), -1)
    offer = index.tier_offer[chosen]
    model.choice[chosen] = model.add_columns("award", index.offer_market[offer], 1.0, integer=True)
    flows = np.flatnonzero(model.choice[model.flow_tier] >= 0)
    tier_of_flow = model.flow_tier[flows]
    slot = np.searchsorted(chosen, tier_of_flow)
    high = model.add_rows("tier_high", len(chosen), upper=0.0)
    model.parts["tier_high_row"], model.parts["tier_high_tier"] = high, chosen
    low = model.add_rows("tier_low", len(chosen), lower=0.0)
    for rows in (high, low):
        model.add_entries(rows[slot], model.flow[flows], 1.0)
    model.add_entries(high, model.choice[chosen], -index.tier_high[chosen])
    model.add_entries(low, model.choice[chosen], -np.maximum(index.tier_low[chosen], 1))
    several = np.flatnonzero(np.bincount(offer, minlength=len(index.offer_market)) > 1)
    one = model.add_rows("one_tier", len(several), upper=1.0)
    picked = np.isin(offer, several)
    model.add_entries(one[np.searchsorted(several, offer[picked])], model.choice[chosen[picked]], 1.0)


def model_names(model: AwardModel) -> tuple[list[str], list[str]]:
    """A name for every column and row, for writing the model out: flows by supplier, product, institution and
    price tier; other columns by kind and product; rows by the rule that adds them."""
    products = model.index.scenario.products["product_id"].to_numpy()[model.index.market_product]
    market = model.arrays().col_market
    columns: list[str] = []
    for segment in model.columns:
        local = np.arange(segment.start, segment.start + segment.count)
        if segment.namer is not None:
            columns += segment.namer(local - segment.start)
        else:
            columns += [f"{segment.kind}[{p}]_{k}" for k, p in enumerate(products[market[local]])]
    seen: dict[str, int] = {}
    rows = []
    for segment in model.rows:
        first = seen.get(segment.kind, 0)
        rows += [f"{segment.kind}_{first + k}" for k in range(segment.count)]
        seen[segment.kind] = first + segment.count
    return columns, rows


def _flow_names(model: AwardModel, k: Ints) -> list[str]:
    index, scenario = model.index, model.index.scenario
    arc, tier = model.flow_arc[k], model.flow_tier[k]
    supplier = scenario.suppliers["supplier_id"].to_numpy()[index.offer_supplier[index.arc_offer[arc]]]
    product = scenario.products["product_id"].to_numpy()[index.market_product[index.arc_market[arc]]]
    institution = scenario.institutions["institution_id"].to_numpy()[index.pair_institution[index.arc_pair[arc]]]
    start = tier - index.tier_first()[index.tier_offer[tier]]
    return [f"x[{s},{p},{i},{t}]" for s, p, i, t in zip(supplier, product, institution, start, strict=True)]
