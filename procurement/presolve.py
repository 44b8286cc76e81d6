"""Exact reductions before the solver: demand pairs whose cheapest supply needs no solver are decided here.

In a market with no yes/no choice and no rule on its flows other than demand cover and capacity, a unit of a
pair goes to its cheapest option. Options a pair has to itself (no capacity row shared with other pairs) are
filled cheapest first; if they cover the demand before any shared option is cheaper, the pair is settled.
Options dearer than the pair's cheapest unlimited one (one of its own options that can take its whole demand,
or the shortage itself) can never pay off and are dropped. Both follow from exchanging units between options
of one pair, so the optimum is unchanged; the columns fixed here leave the model before it reaches the solver.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from procurement.arrays import Floats, Ints, group_any
from procurement.model import AwardModel, ModelArrays

FREE_ROWS = ("demand", "capacity")  # rows a settled market may have


@dataclass
class Reduced:
    """The model without its fixed columns, and what those columns are fixed to."""

    arrays: ModelArrays
    full: ModelArrays
    kept: Ints  # the original column of each remaining column
    fixed: Floats  # value of every original column (kept ones: 0, filled in after solving)

    @property
    def fixed_cost(self) -> float:
        """What the fixed columns add to the objective the solver sees."""
        return float(self.full.cost @ self.fixed)

    def values(self, solved: Floats) -> Floats:
        values = self.fixed.copy()
        values[self.kept] = solved
        return values


def presolve(model: AwardModel, arrays: ModelArrays) -> Reduced:
    fixed_value = np.full(len(arrays.cost), np.nan)
    pair, cols = _pair_columns(model, arrays)
    if len(cols):
        _settle(model, arrays, pair, cols, fixed_value)
    return _remove_fixed(arrays, fixed_value)


def unreduced(arrays: ModelArrays) -> Reduced:
    """The model with nothing fixed (no copy of it)."""
    return Reduced(arrays, arrays, np.arange(len(arrays.cost)), np.zeros(len(arrays.cost)))


def _pair_columns(model: AwardModel, arrays: ModelArrays) -> tuple[Ints, Ints]:
    """Flow and shortage columns of the pairs in markets the reductions may touch, with each one's pair."""
    index = model.index
    markets = len(index.market_product)
    shortage = model.parts["shortage"]
    is_pair_col = np.zeros(len(arrays.cost), dtype=bool)
    is_pair_col[model.flow] = True
    is_pair_col[shortage[shortage >= 0]] = True
    free_row = np.isin(model.row_kinds(), FREE_ROWS)
    other_entry = ~free_row[arrays.entry_row] | ~is_pair_col[arrays.entry_col]
    blocked = group_any(arrays.col_market[arrays.entry_col], other_entry, markets)
    blocked |= group_any(arrays.col_market, arrays.integer | ~is_pair_col, markets)
    flows = np.flatnonzero(~blocked[index.arc_market[model.flow_arc]])
    pairs = np.flatnonzero((shortage >= 0) & ~blocked[index.pair_market])
    pair = np.concatenate([index.arc_pair[model.flow_arc[flows]], pairs])
    return pair, np.concatenate([model.flow[flows], shortage[pairs]])


def _settle(model: AwardModel, arrays: ModelArrays, pair: Ints, cols: Ints, fixed_value: Floats) -> None:
    capacity_row = model.row_kinds()[arrays.entry_row] == "capacity"
    shared = np.zeros(len(arrays.cost), dtype=bool)
    shared[arrays.entry_col[capacity_row]] = True
    cost, upper, demand = arrays.cost[cols], arrays.upper[cols], model.index.pair_quantity[pair].astype(float)
    order = np.lexsort((cols, cost, pair))
    pair, cols, cost, upper, demand = pair[order], cols[order], cost[order], upper[order], demand[order]
    first = np.searchsorted(pair, pair)  # each pair's first position in the sorted order
    own = ~shared[cols]
    before_shared = _within_pair_cumsum(~own, first) == 0
    filled_before = _within_pair_cumsum(np.where(before_shared, upper, 0.0), first, exclusive=True)
    take = np.where(before_shared, np.clip(demand - filled_before, 0.0, upper), 0.0)
    reached = np.bincount(pair, weights=take, minlength=len(model.index.pair_market))
    settled = reached[pair] >= demand - 1e-9
    unlimited = own & (upper >= demand - 1e-9)
    beyond = _within_pair_cumsum(unlimited, first, exclusive=True) > 0  # after the pair's first unlimited option
    fixed_value[cols[settled]] = take[settled]
    fixed_value[cols[~settled & before_shared]] = take[~settled & before_shared]
    fixed_value[cols[~settled & beyond]] = 0.0


def _within_pair_cumsum(values: np.ndarray, first: Ints, exclusive: bool = False) -> Floats:
    """Cumulative sum restarting at each pair's first position (inclusive, or excluding the item itself)."""
    total = np.cumsum(values, dtype=float)
    base = total[first] - np.asarray(values, dtype=float)[first]
    result: Floats = total - base
    return result - values if exclusive else result


def _remove_fixed(arrays: ModelArrays, fixed_value: Floats) -> Reduced:
    """Drop fixed columns, moving their contribution into the row bounds; drop rows left with no column."""
    is_fixed = ~np.isnan(fixed_value)
    if not is_fixed.any():
        return unreduced(arrays)
    fixed = np.nan_to_num(fixed_value)
    moved = np.bincount(
        arrays.entry_row, weights=arrays.entry_value * fixed[arrays.entry_col], minlength=len(arrays.row_lower)
    )
    kept_entries = ~is_fixed[arrays.entry_col]
    live_rows = np.bincount(arrays.entry_row[kept_entries], minlength=len(arrays.row_lower)) > 0
    kept = np.flatnonzero(~is_fixed)
    new_col = np.full(len(arrays.cost), -1)
    new_col[kept] = np.arange(len(kept))
    rows = np.flatnonzero(live_rows)
    new_row = np.full(len(arrays.row_lower), -1)
    new_row[rows] = np.arange(len(rows))
    reduced = ModelArrays(
        cost=arrays.cost[kept],
        lower=arrays.lower[kept],
        upper=arrays.upper[kept],
        integer=arrays.integer[kept],
        col_market=arrays.col_market[kept],
        row_lower=arrays.row_lower[rows] - moved[rows],
        row_upper=arrays.row_upper[rows] - moved[rows],
        entry_row=new_row[arrays.entry_row[kept_entries]].astype(np.int32),
        entry_col=new_col[arrays.entry_col[kept_entries]].astype(np.int32),
        entry_value=arrays.entry_value[kept_entries],
        terms={},  # costs are read from the whole model
    )
    return Reduced(reduced, arrays, kept, fixed)
