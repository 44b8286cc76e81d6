"""Array helpers the index, the model and the rules share: positions of ids, range expansion, grouped picks."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

Ints = np.ndarray
Floats = np.ndarray


def positions(values: pd.Series | np.ndarray, ids: pd.Series | np.ndarray) -> Ints:
    """Row positions in `ids` of each value (-1 where absent)."""
    found: Ints = pd.Index(ids).get_indexer(np.asarray(values))
    return found


def filled(cells: pd.Series) -> np.ndarray:
    """Which cells of a text column are not blank; numpy compares the cells as objects several times faster than
    pandas compares its str dtype."""
    result: np.ndarray = cells.to_numpy(dtype=object) != ""
    return result


def distinct(cells: pd.Series) -> set[Any]:
    """The values of a column, once each (a str column yields its values one by one slowly; its array does not)."""
    return set(pd.unique(cells.to_numpy(dtype=object)).tolist())


def expand(starts: Ints, counts: Ints) -> tuple[Ints, Ints]:
    """Range expansion: for ranges [start, start + count), the owner and item of every element."""
    owner, part = expand_counts(counts)
    return owner, np.asarray(starts, dtype=np.int64)[owner] + part


def expand_counts(counts: Ints) -> tuple[Ints, Ints]:
    """For items with `counts` parts each: the item and the part number (from 0) of every part."""
    counts = np.asarray(counts, dtype=np.int64)
    owner = np.repeat(np.arange(len(counts)), counts)
    return owner, np.arange(len(owner)) - np.repeat(np.cumsum(counts) - counts, counts)


def group_any(groups: Ints, flags: np.ndarray, size: int) -> np.ndarray:
    """Per group (0..size-1): whether any member's flag is set."""
    result: np.ndarray = np.bincount(groups[flags], minlength=size) > 0
    return result


def group_max(groups: Ints, values: Floats, size: int, empty: float = -np.inf) -> Floats:
    result = np.full(size, empty)
    np.maximum.at(result, groups, values)
    return result


def group_min(groups: Ints, values: Floats, size: int, empty: float = np.inf) -> Floats:
    result = np.full(size, empty)
    np.minimum.at(result, groups, values)
    return result


def group_sum(groups: Ints, values: Floats, size: int) -> Floats:
    """Per group, the sum of its members' values (floats, also when no member has any)."""
    result: Floats = np.bincount(groups, weights=values, minlength=size).astype(float, copy=False)
    return result
