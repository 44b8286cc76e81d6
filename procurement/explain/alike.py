"""Institutions alike in a clave are one buyer in the price search's re-solves: an exact reduction of the
purchase its copies are made from.

Two demand rows of one clave are *alike* when, in the award's model, nothing but their quantities tells their
pairs apart: every offer reaches both at the same cost and through the same price tiers, each of their columns
enters every row other than its own demand row with the same coefficient (so no budget, split, single-source,
open-contract or switching row sees one and not the other), and no column of theirs is bounded by more than its
pair's demand, its offer's capacity and its tier. Alike rows are merged into the first of them with their summed
quantity: any award of the merged row can be shared back among them (their columns carry no limit of their own)
at the same cost and with every other row unchanged, so the best award costs the same and gives every offer the
same units. That stays true in the search's copies, which change one offer alike for every institution (one
price for all of them, kept from winning or made to win). On the generated national MILP, whose 40 institutions
differ only in their quantities, a copy of a clave shrinks from about a thousand columns to a few dozen.

What a copy of the merged purchase gives each original institution is not known (the first of them receives it
all), so only its costs, an offer's units and a clave's unmet units may be read from it.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from procurement.arrays import Ints, group_any, group_sum
from procurement.awards import SolvedAward
from procurement.model import AwardModel, ModelArrays
from procurement.scenario import Scenario

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_LOW = np.uint64(0xFFFFFFFF)
_SEEDS = (np.uint64(0x243F6A8885A308D3), np.uint64(0x13198A2E03707344))  # two independent signatures


def pooled_scenario(award: SolvedAward) -> Scenario:
    """The award's purchase with the alike demand rows of each clave merged into the first of them (worked out
    once per award)."""
    index = award.index
    cached = index.cache.get("pooled_scenario")
    if isinstance(cached, Scenario):
        return cached
    pooled = _pooled(award)
    index.cache["pooled_scenario"] = pooled
    return pooled


def _pooled(award: SolvedAward) -> Scenario:
    index = award.index
    scenario = index.scenario
    into = _alike_pairs(award.model, award.model.arrays())
    kept = into == np.arange(len(into))
    if kept.all():
        return scenario
    merged = {"quantity": index.pair_quantity.astype(float)}
    if "minimum" in scenario.demand:  # an open contract's minimum (firm demand: all of it), summed alike
        least = scenario.demand["minimum"].to_numpy(dtype=float)[index.pair_demand]
        merged["minimum"] = np.where(np.isnan(least), merged["quantity"], least)
    demand = scenario.demand.copy()
    for column, values in merged.items():
        cells = demand[column].to_numpy().copy()
        cells[index.pair_demand[kept]] = group_sum(into, values, len(into))[kept].astype(cells.dtype)
        demand[column] = cells
    dropped = np.zeros(len(demand), dtype=bool)
    dropped[index.pair_demand[~kept]] = True
    return replace(scenario, demand=demand[~dropped].reset_index(drop=True))


def _alike_pairs(model: AwardModel, arrays: ModelArrays) -> Ints:
    """Per pair, the first pair of its market it is alike with (itself where none)."""
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
    is_pair_col = col_pair >= 0
    candidate = np.zeros(pair_count, dtype=bool)
    candidate[offered] = True
    candidate &= ~group_any(col_pair[is_pair_col], ~plain[is_pair_col], pair_count)
    quantity = index.pair_quantity.astype(float)
    demand_rows = np.flatnonzero(row_pair >= 0)
    standard = (arrays.row_lower[demand_rows] == quantity[row_pair[demand_rows]]) & (
        arrays.row_upper[demand_rows] == quantity[row_pair[demand_rows]]
    )
    candidate[row_pair[demand_rows[~standard]]] = False
    into = np.arange(pair_count)
    if not candidate.any():
        return into
    signature = _pair_signatures(model, arrays, col_pair, col_key, in_demand)
    pairs = np.flatnonzero(candidate)
    keys = np.column_stack([index.pair_market[pairs].astype(np.uint64), signature[pairs]])
    _, first, group = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    into[pairs] = pairs[first][group.reshape(-1)]
    return into


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
