"""Numbers as text for result files: money with exactly two decimals, never in scientific notation, never -0.00.

Money in the result tables is held as whole cents divided by 100, so two decimals state it exactly; whole
quantities are written without decimals, and any other number (a unit price as bid, a limit) as the shortest
text that reads back to the same value.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import is_numeric_dtype

MONEY_NAMES = ("savings", "unmet_value")


def is_money(column: str) -> bool:
    return column.endswith("_cost") or column in MONEY_NAMES


def is_percent(column: str) -> bool:
    return column.endswith(("_pct", "share"))


def money_text(value: Any) -> str:
    """1234.5 → "1234.50"; NaN → ""; -0.001 → "0.00"."""
    if value is None or pd.isna(value):
        return ""
    return str(_money_texts(np.array([float(value)]))[0])


def number_text(value: Any) -> str:
    """A whole number without decimals (12, not 12.0); any other number as its shortest exact text."""
    if value is None or pd.isna(value):
        return ""
    number = float(value)
    if number.is_integer() and abs(number) < 2**53:
        return str(int(number))
    if not math.isfinite(number):
        return str(number)
    return np.format_float_positional(number, unique=True, trim="-")


def exact_table(table: pd.DataFrame) -> pd.DataFrame:
    """The table with every numeric column as exact text (money and percentages with two decimals) and every flag
    as true/false; vectorised, as a national purchase writes hundreds of thousands of rows."""
    columns = {}
    for column in table.columns:
        values = table[column]
        if values.dtype == bool:
            columns[column] = np.where(values.to_numpy(), "true", "false")  # as the input files write them
        elif not is_numeric_dtype(values):
            columns[column] = values
        elif is_money(str(column)) or is_percent(str(column)):
            columns[column] = _money_texts(values.to_numpy(dtype=float))
        else:
            columns[column] = _number_texts(values.to_numpy(dtype=float))
    return pd.DataFrame(columns, index=table.index)


_HUNDREDTHS = np.array([f".{k:02d}" for k in range(100)])


def _money_texts(values: np.ndarray) -> np.ndarray:
    """money_text of every value: whole cents (half away from zero), then whole units and two digits."""
    missing = np.isnan(values)
    cents = np.where(missing, 0, np.sign(values) * np.floor(np.abs(values) * 100 + 0.5)).astype(np.int64)
    absolute = np.abs(cents)
    sign = np.where(cents < 0, "-", "")
    text = np.strings.add(np.strings.add(sign, (absolute // 100).astype(str)), _HUNDREDTHS[absolute % 100])
    return np.where(missing, "", text)


def _number_texts(values: np.ndarray) -> np.ndarray:
    """number_text of every value at C speed (numpy writes the shortest exact text, positional between 1e-4 and
    1e16); values outside that range one by one."""
    size = np.abs(values)
    whole = np.isfinite(values) & (np.floor(values) == values) & (size < 2**53)
    plain = np.isfinite(values) & ~whole & (size >= 1e-4) & (size < 1e15)
    text = np.where(whole, np.where(whole, values, 0).astype(np.int64).astype(str), values.astype(str)).astype(object)
    for k in np.flatnonzero(~whole & ~plain):
        text[k] = number_text(values[k])
    return text
