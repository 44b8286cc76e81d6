"""The lower-bound reference: the award model as one sparse matrix handed straight to HiGHS (no PuLP).

It states the same model as procurement.lp for the rules the generated packages use (capacities, all-units
price breaks, fixed costs, reference prices) with numpy arrays, in one piece (no decomposition), so its
solve time is what HiGHS alone needs for the whole purchase.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import highspy
import numpy as np

from procurement.offers import prepare_award_data
from procurement.scenario import Scenario

EPS = 1e-9


@dataclass
class Matrix:
    """Columns and rows of the model, the matrix as (row, column, value) triplets."""

    cost: list[np.ndarray] = field(default_factory=list)
    upper: list[np.ndarray] = field(default_factory=list)
    integer: list[np.ndarray] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    cols: list[int] = field(default_factory=list)
    values: list[float] = field(default_factory=list)
    row_lower: list[float] = field(default_factory=list)
    row_upper: list[float] = field(default_factory=list)
    columns: int = 0

    def add_columns(self, cost: np.ndarray, upper: np.ndarray, integer: bool = False) -> int:
        first = self.columns
        self.cost.append(np.array(cost, dtype=float))
        self.upper.append(np.asarray(upper, dtype=float))
        self.integer.append(np.full(len(cost), integer))
        self.columns += len(cost)
        return first

    def add_row(self, terms: list[tuple[int, float]], lower: float, upper: float) -> None:
        row = len(self.row_lower)
        for col, value in terms:
            self.rows.append(row)
            self.cols.append(col)
            self.values.append(value)
        self.row_lower.append(lower)
        self.row_upper.append(upper)


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
    """The direct model covers what the generator produces; anything else would be silently different."""
    products = scenario.products
    unsupported = (
        products["split_shares"].map(bool).any()
        or products["single_source"].any()
        or products["max_suppliers"].notna().any()
        or products["max_price_gap"].notna().any()
        or scenario.institutions.get("budget", np.nan).notna().any()
        or scenario.policy.national_preference > 0
        or len(scenario.delivery) > 0
    )
    if unsupported:
        raise ValueError("the direct HiGHS reference covers capacities, price breaks and fixed costs only")


def build_matrix(scenario: Scenario) -> tuple[Matrix, float]:
    """The award model as a matrix, and the objective's constant (penalties of demand nobody bid for)."""
    check_supported(scenario)
    data = prepare_award_data(scenario)
    arcs, offers, pairs = data.arcs, data.offers, data.pairs
    matrix = Matrix()
    capacity = arcs["offer"].map(offers["capacity"]).to_numpy()
    flow_upper = np.minimum(arcs["quantity"].to_numpy(), capacity)
    first_flow = matrix.add_columns(arcs["delivery_cost"].to_numpy(), flow_upper)  # + price, set per offer below
    offered = pairs[pairs["has_offer"]]
    first_short = matrix.add_columns(offered["shortfall_penalty"].to_numpy(), offered["quantity"].to_numpy())
    pair_row = {key: k for k, key in enumerate(zip(offered["institution_id"], offered["product_id"], strict=True))}
    cover: list[list[tuple[int, float]]] = [[(first_short + k, 1.0)] for k in range(len(offered))]
    for k, key in enumerate(zip(arcs["institution_id"], arcs["product_id"], strict=True)):
        cover[pair_row[key]].append((first_flow + k, 1.0))
    for terms, quantity in zip(cover, offered["quantity"], strict=True):
        matrix.add_row(terms, float(quantity), float(quantity))
    flows_of = arcs.groupby("offer").indices
    for offer, row in offers.iterrows():
        flows = [first_flow + int(k) for k in flows_of[offer]]
        matrix.cost[0][flows] += _add_offer(matrix, flows, row)
    forced = pairs[~pairs["has_offer"]]
    return matrix, float((forced["quantity"] * forced["shortfall_penalty"]).sum())


def _add_offer(matrix: Matrix, flows: list[int], row: object) -> float:
    """Capacity, or the tier binaries of an offer with price breaks or a fixed cost (as procurement.lp).

    Returns the unit price its flows carry: its only usable price, or 0 where tier volumes carry the prices.
    """
    tiers, fixed = row["tiers"], row["fixed_cost"]  # type: ignore[index]
    limit = min(row["capacity"], row["product_quantity"])  # type: ignore[index]
    total = [(k, 1.0) for k in flows]
    if len(tiers) == 1 and tiers[0][0] == 0 and row["min_quantity"] == 0 and fixed == 0:  # type: ignore[index]
        if limit < row["product_quantity"] and len(flows) > 1:  # type: ignore[index]
            matrix.add_row(total, -np.inf, float(limit))
        return float(tiers[0][1])
    usable = []
    for t, (start, price) in enumerate(tiers):
        low = max(start, row["min_quantity"])  # type: ignore[index]
        high = min(tiers[t + 1][0] if t + 1 < len(tiers) else np.inf, limit)
        if low <= high + EPS:
            usable.append((float(low), float(high), float(price)))
    z = matrix.add_columns(np.full(len(usable), float(fixed)), np.ones(len(usable)), integer=True)
    if len(usable) == 1:
        low, high, _ = usable[0]
        matrix.add_row([*total, (z, -high)], -np.inf, 0.0)
        matrix.add_row([*total, (z, -low)], 0.0, np.inf)
        return usable[0][2]
    q = matrix.add_columns(np.array([price for _, _, price in usable]), np.full(len(usable), np.inf))
    for t, (low, high, _) in enumerate(usable):
        matrix.add_row([(q + t, 1.0), (z + t, -high)], -np.inf, 0.0)
        matrix.add_row([(q + t, 1.0), (z + t, -low)], 0.0, np.inf)
    matrix.add_row([(q + t, 1.0) for t in range(len(usable))] + [(k, -1.0) for k in flows], 0.0, 0.0)
    matrix.add_row([(z + t, 1.0) for t in range(len(usable))], -np.inf, 1.0)
    return 0.0


def solve_direct(scenario: Scenario, time_limit_s: float | None = None, threads: int | None = None) -> DirectResult:
    """Build the matrix, pass it to HiGHS in one call, and time the solve alone."""
    started = time.perf_counter()
    matrix, offset = build_matrix(scenario)
    highs = highspy.Highs()  # type: ignore[no-untyped-call]
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("mip_rel_gap", 0.0)
    highs.setOptionValue("mip_abs_gap", 0.0)
    if time_limit_s is not None:
        highs.setOptionValue("time_limit", float(time_limit_s))
    if threads is not None:
        highs.setOptionValue("threads", threads)
    highs.passModel(_highs_lp(matrix, offset))
    built = time.perf_counter()
    highs.run()
    solved = time.perf_counter()
    status = highs.getModelStatus()
    has_point = highs.getInfo().primal_solution_status == highspy.SolutionStatus.kSolutionStatusFeasible
    return DirectResult(
        status=highs.modelStatusToString(status),
        objective=highs.getInfo().objective_function_value if has_point else None,
        build_s=built - started,
        solve_s=solved - built,
        columns=matrix.columns,
        rows=len(matrix.row_lower),
        nonzeros=len(matrix.values),
    )


def _highs_lp(matrix: Matrix, offset: float) -> highspy.HighsLp:
    columns = matrix.columns
    order = np.lexsort((np.asarray(matrix.rows), np.asarray(matrix.cols)))
    cols = np.asarray(matrix.cols)[order]
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_, lp.offset_ = columns, len(matrix.row_lower), offset
    lp.col_cost_ = np.concatenate(matrix.cost)
    lp.col_lower_ = np.zeros(columns)
    lp.col_upper_ = np.concatenate(matrix.upper)
    lp.row_lower_ = np.asarray(matrix.row_lower)
    lp.row_upper_ = np.asarray(matrix.row_upper)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = columns, len(matrix.row_lower)
    lp.a_matrix_.start_ = np.searchsorted(cols, np.arange(columns + 1)).astype(np.int32)
    lp.a_matrix_.index_ = np.asarray(matrix.rows, dtype=np.int32)[order]
    lp.a_matrix_.value_ = np.asarray(matrix.values)[order]
    integer = np.concatenate(matrix.integer)
    if integer.any():
        lp.integrality_ = [highspy.HighsVarType.kInteger if i else highspy.HighsVarType.kContinuous for i in integer]
    return lp
