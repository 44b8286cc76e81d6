"""Institutions alike in a market are one buyer for a re-solve: an exact reduction of the copies the price search
solves.

Two demand pairs of one market are *alike* when nothing but their quantities tells them apart: every offer
reaches both at the same cost and through the same price tiers, each of their columns enters every row other than
its own demand row with the same coefficient (so no budget, split, single-source, open-contract or switching row
sees one and not the other), and no column of theirs is bounded by more than its pair's demand, its offer's
capacity and its tier. Alike pairs are pooled into one with their summed demand: any award of the pooled pair
can be shared back among them (their columns carry no limit of their own), at the same cost and with every
other row unchanged, so the best award costs the same and gives every offer the same units. On a generated
national MILP, where the 40 institutions of a clave differ only in their quantities, each copy shrinks from
about a thousand columns to a few dozen.

Only markets with a yes/no choice are pooled: those are the ones re-solved at length, and the presolve that
settles the others (procurement.presolve) reads demand from the index. What a pooled copy's award gives each
original pair is not known (the pooled one receives it all), so only costs, an offer's units and a product's
unmet units may be read from it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from procurement.arrays import Ints, group_any, group_sum
from procurement.model import AwardModel, ModelArrays

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_LOW = np.uint64(0xFFFFFFFF)
_SEEDS = (np.uint64(0x243F6A8885A308D3), np.uint64(0x13198A2E03707344))  # two independent signatures


@dataclass
class Pooled:
    arrays: ModelArrays  # the model with each set of alike pairs pooled into its first one
    emptied: Ints  # columns of the pairs pooled into another: fixed at 0


def pool_alike_pairs(model: AwardModel, arrays: ModelArrays) -> Pooled:
    index = model.index
    pair_count = len(index.pair_market)
    shortage = model.parts["shortage"]
    offered = np.flatnonzero(shortage >= 0)
    col_pair = np.full(len(arrays.cost), -1)
    col_pair[model.flow] = index.arc_pair[model.flow_arc]
    col_pair[shortage[offered]] = offered
    col_key = np.full(len(arrays.cost), -1)  # a column's place in its pair: its tier (the shortage: -1)
    col_key[model.flow] = model.flow_tier
    demand_row = model.row_kinds() == "demand"
    row_pair = np.full(len(arrays.row_lower), -1)
    in_demand = demand_row[arrays.entry_row]
    row_pair[arrays.entry_row[in_demand]] = col_pair[arrays.entry_col[in_demand]]

    expected = np.full(len(arrays.cost), np.nan)  # the bound a column has when nothing but its pair limits it
    expected[model.flow] = np.minimum(index.arc_upper[model.flow_arc], index.tier_high[model.flow_tier])
    expected[shortage[offered]] = index.pair_quantity[offered]
    plain = (arrays.lower == 0) & (arrays.upper == expected)
    mip_market = group_any(arrays.col_market, arrays.integer, len(index.market_product))
    is_pair_col = col_pair >= 0
    candidate = np.zeros(pair_count, dtype=bool)
    candidate[offered] = mip_market[index.pair_market[offered]]
    candidate &= ~group_any(col_pair[is_pair_col], ~plain[is_pair_col], pair_count)
    quantity = index.pair_quantity.astype(float)
    demand_rows = np.flatnonzero(row_pair >= 0)
    standard = (arrays.row_lower[demand_rows] == quantity[row_pair[demand_rows]]) & (
        arrays.row_upper[demand_rows] == quantity[row_pair[demand_rows]]
    )
    candidate[row_pair[demand_rows[~standard]]] = False
    if not candidate.any():
        return Pooled(arrays, np.zeros(0, dtype=np.int64))

    signature = _pair_signatures(model, arrays, col_pair, col_key, in_demand)
    pairs = np.flatnonzero(candidate)
    keys = np.column_stack([index.pair_market[pairs].astype(np.uint64), signature[pairs]])
    _, first, group = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    group = group.reshape(-1)
    into = pairs[first][group]  # the pair each candidate is pooled into (itself for the first of its kind)
    pooled = pairs[into != pairs]
    if not len(pooled):
        return Pooled(arrays, np.zeros(0, dtype=np.int64))
    return _pool(model, arrays, col_pair, row_pair, pairs, into, pooled)


def _pair_signatures(
    model: AwardModel, arrays: ModelArrays, col_pair: Ints, col_key: Ints, in_demand: np.ndarray
) -> np.ndarray:
    """Per pair, two 64-bit signatures of its columns: each column's tier, cost, integrality and every entry it has
    outside its demand row (row and coefficient). Pairs with equal signatures are alike."""
    rows = arrays.entry_row[~in_demand].astype(np.uint64)
    values = np.ascontiguousarray(arrays.entry_value[~in_demand], dtype=np.float64).view(np.uint64)
    cols = arrays.entry_col[~in_demand]
    cost_bits = np.ascontiguousarray(arrays.cost, dtype=np.float64).view(np.uint64)
    is_pair_col = np.flatnonzero(col_pair >= 0)
    result = np.zeros((len(model.index.pair_market), len(_SEEDS)), dtype=np.uint64)
    for k, seed in enumerate(_SEEDS):
        entry = _mix(_mix(rows + seed) + values)
        col_hash = _group_sum_u64(cols, entry, len(arrays.cost))
        col_sig = _mix(_mix(_mix(col_key.astype(np.uint64) + seed) + cost_bits) + arrays.integer.astype(np.uint64))
        col_sig = _mix(col_sig + col_hash)
        result[:, k] = _group_sum_u64(col_pair[is_pair_col], col_sig[is_pair_col], len(result))
    return result


def _pool(
    model: AwardModel, arrays: ModelArrays, col_pair: Ints, row_pair: Ints, pairs: Ints, into: Ints, pooled: Ints
) -> Pooled:
    """Each pooled pair's columns emptied and its demand row freed; the pair it joins takes its demand, its
    columns bounded by the summed demand instead of its own."""
    index = model.index
    target = np.arange(len(index.pair_market))
    target[pairs] = into
    total = group_sum(target, index.pair_quantity.astype(float), len(target))
    gone = np.zeros(len(target), dtype=bool)
    gone[pooled] = True
    is_pair_col = col_pair >= 0
    emptied = np.flatnonzero(is_pair_col & gone[np.maximum(col_pair, 0)])
    upper = arrays.upper.copy()
    upper[emptied] = 0.0
    keeps = np.zeros(len(target), dtype=bool)
    keeps[into[into != pairs]] = True
    flows = np.flatnonzero(keeps[index.arc_pair[model.flow_arc]])
    arc, tier = model.flow_arc[flows], model.flow_tier[flows]
    own_limit = np.minimum(index.offer_capacity[index.arc_offer[arc]], index.tier_high[tier])
    upper[model.flow[flows]] = np.minimum(total[index.arc_pair[arc]], own_limit)
    upper[model.parts["shortage"][keeps]] = total[keeps]
    row_lower, row_upper = arrays.row_lower.copy(), arrays.row_upper.copy()
    demand = np.flatnonzero(row_pair >= 0)
    bound = np.where(gone[row_pair[demand]], 0.0, total[row_pair[demand]])
    row_lower[demand], row_upper[demand] = bound, bound
    return Pooled(replace(arrays, upper=upper, row_lower=row_lower, row_upper=row_upper), emptied)


def _group_sum_u64(groups: Ints, values: np.ndarray, size: int) -> np.ndarray:
    """Per group, the sum of its uint64 values modulo 2**64 (an order-free combination): each 32-bit half summed
    exactly in floating point (a group holds far fewer than 2**21 values), then joined."""
    low = np.bincount(groups, weights=(values & _LOW).astype(np.float64), minlength=size)
    high = np.bincount(groups, weights=(values >> np.uint64(32)).astype(np.float64), minlength=size)
    result: np.ndarray = low.astype(np.uint64) + (high.astype(np.uint64) << np.uint64(32))
    return result


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser, element-wise (uint64 arithmetic wraps)."""
    x = x + _GOLDEN
    x = (x ^ (x >> np.uint64(30))) * _MIX1
    x = (x ^ (x >> np.uint64(27))) * _MIX2
    result: np.ndarray = x ^ (x >> np.uint64(31))
    return result
