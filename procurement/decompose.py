"""Split the award model into independent blocks and group them into the models a solver is given.

Blocks are made of markets: a rule that ties markets together (a budget ties the products an institution buys)
declares it, and the blocks are the connected groups of those ties; every row of the model must then stay
within one block, which is checked. Solving blocks apart gives the same optimum as one model.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from procurement.arrays import Ints
from procurement.backends import Part
from procurement.errors import ProcurementError
from procurement.index import AwardIndex
from procurement.model import ModelArrays
from procurement.rules import RULES

# linear blocks share models up to this many columns: a simplex solve grows faster than its size, while a model's
# set-up costs little (at 20,000 the national LP-delivery copies solve 6x faster than at 400,000)
LINEAR_GROUP_COLUMNS = 20_000
SMALL_BLOCK_COLUMNS = 200  # MILP blocks this small (one institution buying alone) share models...
SMALL_GROUP_COLUMNS = 5_000  # ...up to this many columns; larger MILP blocks are solved alone


def market_blocks(index: AwardIndex) -> Ints:
    """The block of each market: connected components of the ties every rule declares."""
    markets = len(index.market_product)
    links = np.concatenate([rule.market_links(index) for rule in RULES] + [np.zeros((0, 2), dtype=np.int64)])
    label = np.arange(markets)
    while len(links):
        a, b = label[links[:, 0]], label[links[:, 1]]
        low = np.minimum(a, b)
        changed = (a != low) | (b != low)
        if not changed.any():
            break
        np.minimum.at(label, a, low)
        np.minimum.at(label, b, low)
        label = label[label]
    while not np.array_equal(label, label[label]):
        label = label[label]
    block: Ints = np.unique(label, return_inverse=True)[1]
    return block


@dataclass
class Grouping:
    """Which columns and rows of the model each group (one solver model) holds."""

    groups: list[Ints]  # blocks of each group
    col_group: Ints
    row_group: Ints
    blocks: int


def group_blocks(
    arrays: ModelArrays, block_of_market: Ints, alone: bool = False, kept: np.ndarray | None = None
) -> Grouping:
    """Linear blocks pooled into models of moderate size, small MILP blocks into small ones, larger MILP blocks
    (every MILP block when `alone`) alone; the grouping depends only on the model, never on the number of
    workers. Blocks not `kept` (a flag per block; all by default) are in no group: nothing solves them."""
    blocks = int(block_of_market.max(initial=-1)) + 1
    col_block = block_of_market[arrays.col_market]
    row_block = _row_blocks(arrays, col_block)
    size = np.bincount(col_block, minlength=blocks)
    mip = np.bincount(col_block[arrays.integer], minlength=blocks) > 0
    small = mip & (size <= (0 if alone else SMALL_BLOCK_COLUMNS))
    kept = np.ones(blocks, dtype=bool) if kept is None else kept
    groups: list[Ints] = []
    for kind, limit, members in (
        ("linear", LINEAR_GROUP_COLUMNS, np.flatnonzero(~mip & kept)),
        ("small", SMALL_GROUP_COLUMNS, np.flatnonzero(small & kept)),
        ("large", 0, np.flatnonzero(mip & ~small & kept)),
    ):
        groups += _pack(members, size[members], limit) if kind != "large" else [np.array([b]) for b in members]
    group_of_block = np.full(blocks, len(groups), dtype=np.int64)
    for g, members in enumerate(groups):
        group_of_block[members] = g
    return Grouping(groups, group_of_block[col_block], group_of_block[row_block], blocks)


def _row_blocks(arrays: ModelArrays, col_block: Ints) -> Ints:
    rows = len(arrays.row_lower)
    entry_block = col_block[arrays.entry_col]
    low = np.full(rows, np.iinfo(np.int64).max)
    high = np.full(rows, -1)
    np.minimum.at(low, arrays.entry_row, entry_block)
    np.maximum.at(high, arrays.entry_row, entry_block)
    if (high >= 0).any() and (low[high >= 0] != high[high >= 0]).any():
        raise ProcurementError("a rule ties markets it does not declare in market_links; blocks would be wrong")
    return np.where(high >= 0, high, 0)


def _pack(members: Ints, sizes: Ints, limit: int) -> list[Ints]:
    """Consecutive blocks into groups of at most `limit` columns (a larger block alone)."""
    if not len(members):
        return []
    group = np.cumsum(sizes) // max(limit, 1)
    cuts = np.flatnonzero(np.diff(group)) + 1
    return [part for part in np.split(members, cuts) if len(part)]


class Partition:
    """The model cut into its groups: sorted once, then each group's Part sliced out when it is solved."""

    def __init__(self, arrays: ModelArrays, grouping: Grouping) -> None:
        self.arrays, self.grouping = arrays, grouping
        count = len(grouping.groups)
        self.col_order = np.argsort(grouping.col_group, kind="stable")
        self.row_order = np.argsort(grouping.row_group, kind="stable")
        self.col_cut = np.searchsorted(grouping.col_group[self.col_order], np.arange(count + 1))
        self.row_cut = np.searchsorted(grouping.row_group[self.row_order], np.arange(count + 1))
        self.local_col = _local(self.col_order, self.col_cut, grouping.col_group)
        self.local_row = _local(self.row_order, self.row_cut, grouping.row_group)
        # entries by group, row and local column: rows are in row_order by group, then by their position
        row_rank = np.empty(len(self.row_order), dtype=np.int64)
        row_rank[self.row_order] = np.arange(len(self.row_order))
        width = int(self.local_col.max(initial=0)) + 1
        order = np.argsort(row_rank[arrays.entry_row] * width + self.local_col[arrays.entry_col], kind="stable")
        self.entry_order = order.astype(np.int32 if len(order) < 2**31 else np.int64)
        row_group = grouping.row_group[arrays.entry_row]
        self.entry_cut = np.searchsorted(row_group[self.entry_order], np.arange(count + 1))

    def __len__(self) -> int:
        return len(self.grouping.groups)

    def part(self, g: int) -> Part:
        arrays = self.arrays
        cols = self.col_order[self.col_cut[g] : self.col_cut[g + 1]]
        rows = self.row_order[self.row_cut[g] : self.row_cut[g + 1]]
        entries = self.entry_order[self.entry_cut[g] : self.entry_cut[g + 1]]
        row_local = self.local_row[arrays.entry_row[entries]]
        return Part(
            cols=cols,
            cost=arrays.cost[cols],
            lower=arrays.lower[cols],
            upper=arrays.upper[cols],
            integer=arrays.integer[cols],
            row_lower=arrays.row_lower[rows],
            row_upper=arrays.row_upper[rows],
            start=np.searchsorted(row_local, np.arange(len(rows) + 1)),
            index=self.local_col[arrays.entry_col[entries]],
            value=arrays.entry_value[entries],
        )

    def part_cols(self, g: int) -> Ints:
        cols: Ints = self.col_order[self.col_cut[g] : self.col_cut[g + 1]]
        return cols


def _local(order: Ints, cut: Ints, group: Ints) -> Ints:
    """Each item's position within its group."""
    local = np.empty(len(order), dtype=np.int32 if len(order) < 2**31 else np.int64)
    local[order] = np.arange(len(order)) - cut[group[order]]
    return local
