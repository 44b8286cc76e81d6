"""The lower-bound reference: the award model as one sparse matrix handed straight to HiGHS.

It states the model of docs/scenario-format.md for what the generated packages use (reference prices, all-units
price breaks, capacities, fixed costs, delivery costs, the default shortfall penalty) from the scenario's tables
alone, with pandas and numpy, in one piece: no decomposition, no reductions of ours, and none of the engine's
modules (procurement.index, model, rules, presolve, solve), so agreeing objectives are a real check. Only HiGHS's
own solve is timed: that is what the engine's whole run is measured against.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import highspy
import numpy as np
import pandas as pd

from procurement.scenario import Scenario

ROWWISE, MINIMIZE = 2, 1


@dataclass
class Matrix:
    """Columns, rows and the (row, column, value) triplets of the model."""

    cost: list[np.ndarray] = field(default_factory=list)
    upper: list[np.ndarray] = field(default_factory=list)
    integer: list[np.ndarray] = field(default_factory=list)
    entries: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=list)
    row_lower: list[np.ndarray] = field(default_factory=list)
    row_upper: list[np.ndarray] = field(default_factory=list)
    columns: int = 0
    rows: int = 0

    def add_columns(self, cost: np.ndarray, upper: np.ndarray, integer: bool = False) -> np.ndarray:
        count = len(cost)
        self.cost.append(np.asarray(cost, dtype=float))
        self.upper.append(np.asarray(upper, dtype=float))
        self.integer.append(np.full(count, integer))
        self.columns += count
        return np.arange(self.columns - count, self.columns)

    def add_rows(self, lower: np.ndarray | float, upper: np.ndarray | float, count: int) -> np.ndarray:
        self.row_lower.append(np.broadcast_to(np.asarray(lower, dtype=float), (count,)))
        self.row_upper.append(np.broadcast_to(np.asarray(upper, dtype=float), (count,)))
        self.rows += count
        return np.arange(self.rows - count, self.rows)

    def add(self, rows: np.ndarray, cols: np.ndarray, values: np.ndarray | float) -> None:
        rows, cols = np.asarray(rows), np.asarray(cols)
        self.entries.append((rows, cols, np.broadcast_to(np.asarray(values, dtype=float), rows.shape)))


@dataclass
class DirectResult:
    status: str
    objective: float | None
    build_s: float
    solve_s: float
    columns: int
    rows: int
    nonzeros: int


def check_supported(scenario: Scenario) -> None:
    """The reference covers what the generator produces; anything else would be silently different."""
    products = scenario.products
    unsupported = (
        products["split_shares"].map(bool).any()
        or products["single_source"].any()
        or products["max_suppliers"].notna().any()
        or products["max_price_gap"].notna().any()
        or scenario.institutions["budget"].notna().any()
        or float(scenario.policy.get("national_preference") or 0) > 0
    )
    if unsupported:
        raise ValueError(
            "the direct HiGHS reference covers reference prices, price breaks, capacities, minimums, fixed costs "
            "and delivery costs only"
        )


def offer_tiers(scenario: Scenario) -> pd.DataFrame:
    """One row per admissible price tier that an offer can reach: supplier_id, product_id, price, low, high,
    fixed_cost, capacity; conditions from any row of the offer, prices from admissible rows only."""
    bids = scenario.bids.sort_values(["supplier_id", "product_id", "from_quantity"]).copy()
    key = ["supplier_id", "product_id"]
    conditions = bids.groupby(key)[["capacity", "min_quantity", "fixed_cost"]].max()
    bids["until"] = bids.groupby(key)["from_quantity"].shift(-1).fillna(np.inf) - 1
    reference = bids["product_id"].map(scenario.products.set_index("product_id")["reference_price"])
    tiers = bids[~(bids["unit_price"] > reference)].join(conditions, on=key, rsuffix="_offer")
    total = scenario.demand.groupby("product_id")["quantity"].sum()
    tiers = tiers[tiers["product_id"].isin(total.index)]
    capacity = tiers["capacity_offer"].fillna(np.inf)
    low = np.maximum(tiers["from_quantity"], tiers["min_quantity_offer"].fillna(0))
    high = np.minimum(np.minimum(tiers["until"], capacity), tiers["product_id"].map(total))
    tiers = tiers.assign(low=low, high=high, capacity=capacity, fixed_cost=tiers["fixed_cost_offer"].fillna(0))
    tiers = tiers[(tiers["low"] <= tiers["high"]) & (tiers["high"] >= 1)]
    return tiers[[*key, "unit_price", "low", "high", "fixed_cost", "capacity"]].reset_index(drop=True)


def delivery_costs(scenario: Scenario, arcs: pd.DataFrame) -> np.ndarray:
    """Per arc (supplier_id, institution_id, product_id): the product's own row, else the general one, else 0."""
    delivery = scenario.delivery
    own = delivery[delivery["product_id"] != ""].set_index(["supplier_id", "institution_id", "product_id"])
    general = delivery[delivery["product_id"] == ""].set_index(["supplier_id", "institution_id"])
    specific = arcs.join(own["cost_per_unit"], on=["supplier_id", "institution_id", "product_id"])["cost_per_unit"]
    fallback = arcs.join(general["cost_per_unit"], on=["supplier_id", "institution_id"])["cost_per_unit"]
    costs: np.ndarray = specific.fillna(fallback).fillna(0.0).to_numpy()
    return costs


def shortfall_penalties(scenario: Scenario, arcs: pd.DataFrame) -> pd.Series:
    """Per product, as docs/scenario-format.md says: 10 x its highest unit cost among offers that can be
    awarded; else 10 x its highest bid price; else its reference price; else the purchase's highest; else 1."""
    explicit = scenario.policy.get("shortfall_penalty")
    products = scenario.products.set_index("product_id")
    if explicit is not None:
        return pd.Series(float(explicit), index=products.index)
    highest = (arcs["top_price"] + arcs["delivery"]).groupby(arcs["product_id"]).max().reindex(products.index)
    purchase = float(highest.max()) if highest.notna().any() else 0.1
    fallback = scenario.bids.groupby("product_id")["unit_price"].max().reindex(products.index)
    return 10 * highest.fillna(fallback).fillna(products["reference_price"]).fillna(purchase)


def build_matrix(scenario: Scenario) -> tuple[Matrix, float]:
    """The award model as a matrix, and the objective's constant (penalties of demand no offer can supply)."""
    check_supported(scenario)
    tiers = offer_tiers(scenario)
    offers = (
        tiers.groupby(["supplier_id", "product_id"], sort=False)
        .agg(
            tiers=("low", "size"),
            first_low=("low", "min"),
            top_price=("unit_price", "max"),
            fixed_cost=("fixed_cost", "max"),
            capacity=("capacity", "max"),
        )
        .reset_index()
    )
    offers["choice"] = (offers["tiers"] > 1) | (offers["first_low"] > 0) | (offers["fixed_cost"] > 0)
    offers["offer"] = np.arange(len(offers))
    demand = scenario.demand.reset_index(drop=True).rename_axis("pair").reset_index()
    arcs = offers.merge(demand, on="product_id")
    arcs["delivery"] = delivery_costs(scenario, arcs)
    penalty = demand["product_id"].map(shortfall_penalties(scenario, arcs))
    matrix = Matrix()
    offered = np.bincount(arcs["pair"], minlength=len(demand)) > 0
    cover = _add_demand(matrix, demand[offered], penalty[offered])
    row_of_pair = np.full(len(demand), -1)
    row_of_pair[np.flatnonzero(offered)] = cover
    _add_offers(matrix, offers, arcs, tiers, row_of_pair)
    constant = float((demand["quantity"] * penalty)[~offered].sum())
    return matrix, constant


def _add_demand(matrix: Matrix, demand: pd.DataFrame, penalty: pd.Series) -> np.ndarray:
    quantity = demand["quantity"].to_numpy(dtype=float)
    short = matrix.add_columns(penalty.to_numpy(), quantity)
    rows = matrix.add_rows(quantity, quantity, len(demand))
    matrix.add(rows, short, 1.0)
    return rows


def _add_offers(
    matrix: Matrix, offers: pd.DataFrame, arcs: pd.DataFrame, tiers: pd.DataFrame, row_of_pair: np.ndarray
) -> None:
    """Flows per arc; a linear offer's price on its flows and a capacity row; an offer with breaks, a minimum or
    a fixed cost chooses one tier (binary), its tier volumes priced and held within the tier's range."""
    choice = arcs["choice"].to_numpy()
    price = np.where(choice, 0.0, arcs["top_price"])
    upper = np.minimum(arcs["quantity"], arcs["capacity"]).to_numpy(dtype=float)
    flow = matrix.add_columns(price + arcs["delivery"].to_numpy(), upper)
    matrix.add(row_of_pair[arcs["pair"]], flow, 1.0)
    total = arcs.groupby("offer")["quantity"].sum()
    limited = offers[~offers["choice"] & (offers["capacity"] < offers["offer"].map(total))]
    rows = matrix.add_rows(-np.inf, limited["capacity"].to_numpy(), len(limited))
    row_of = pd.Series(rows, index=limited["offer"])
    capped = arcs["offer"].isin(limited["offer"]).to_numpy()
    matrix.add(row_of[arcs["offer"][capped]].to_numpy(), flow[capped], 1.0)
    _add_tier_choices(matrix, offers[offers["choice"]], tiers, arcs, flow)


def _add_tier_choices(
    matrix: Matrix, offers: pd.DataFrame, tiers: pd.DataFrame, arcs: pd.DataFrame, flow: np.ndarray
) -> None:
    chosen = tiers.merge(offers[["supplier_id", "product_id", "offer"]], on=["supplier_id", "product_id"])
    z = matrix.add_columns(chosen["fixed_cost"].to_numpy(), np.ones(len(chosen)), integer=True)
    q = matrix.add_columns(chosen["unit_price"].to_numpy(), chosen["high"].to_numpy())
    high = matrix.add_rows(-np.inf, 0.0, len(chosen))  # q <= high z
    matrix.add(high, q, 1.0)
    matrix.add(high, z, -chosen["high"].to_numpy())
    low = matrix.add_rows(0.0, np.inf, len(chosen))  # q >= max(low, 1) z
    matrix.add(low, q, 1.0)
    matrix.add(low, z, -np.maximum(chosen["low"].to_numpy(), 1))
    position = pd.Series(np.arange(len(offers)), index=offers["offer"])
    balance = matrix.add_rows(0.0, 0.0, len(offers))  # the tiers' volumes make up the offer's flows
    matrix.add(balance[position[chosen["offer"]].to_numpy()], q, 1.0)
    mine = arcs["choice"].to_numpy()
    matrix.add(balance[position[arcs["offer"][mine]].to_numpy()], flow[mine], -1.0)
    one = matrix.add_rows(-np.inf, 1.0, len(offers))  # at most one tier
    matrix.add(one[position[chosen["offer"]].to_numpy()], z, 1.0)


def solve_direct(scenario: Scenario, time_limit_s: float | None = None) -> DirectResult:
    """Build the matrix, pass it to HiGHS in one call, and time the solve alone."""
    started = time.perf_counter()
    matrix, offset = build_matrix(scenario)
    rows, cols, values = (np.concatenate([entry[k] for entry in matrix.entries]) for k in range(3))
    order = np.argsort(rows, kind="stable")
    highs = highspy.Highs()  # type: ignore[no-untyped-call]
    for name, value in {"output_flag": False, "mip_rel_gap": 0.0, "mip_abs_gap": 0.0}.items():
        highs.setOptionValue(name, value)
    if time_limit_s is not None:
        highs.setOptionValue("time_limit", float(time_limit_s))
    integer = np.concatenate(matrix.integer)
    highs.passModel(
        matrix.columns, matrix.rows, len(values), ROWWISE, MINIMIZE, offset,
        np.concatenate(matrix.cost), np.zeros(matrix.columns), np.concatenate(matrix.upper),
        np.concatenate(matrix.row_lower), np.concatenate(matrix.row_upper),
        np.searchsorted(rows[order], np.arange(matrix.rows + 1)).astype(np.int32),
        cols[order].astype(np.int32), values[order], integer.astype(np.int32),
    )  # fmt: skip
    built = time.perf_counter()
    highs.run()
    solved = time.perf_counter()
    has_point = highs.getInfo().primal_solution_status == highspy.SolutionStatus.kSolutionStatusFeasible
    return DirectResult(
        status=highs.modelStatusToString(highs.getModelStatus()),
        objective=highs.getInfo().objective_function_value if has_point else None,
        build_s=built - started,
        solve_s=solved - built,
        columns=matrix.columns,
        rows=matrix.rows,
        nonzeros=len(values),
    )
