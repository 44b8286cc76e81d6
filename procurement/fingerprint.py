"""The scenario fingerprint: one digest of a validated purchase's content, whatever carried it (a folder of CSV
files, a .zip of it, an .xlsx workbook, JSON or an upload to the API), so that two runs can be shown to have
solved the same purchase. The file's own digest (`input_sha256`) still says which file carried it.

Algorithm v1, for an auditor to recompute (docs/results.md spells it out): the canonical form of
`canonical_scenario` written as JSON with keys sorted, no spaces and non-ASCII characters as themselves; the
fingerprint is "v1:" and the sha256 of its UTF-8 bytes in hexadecimal.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import asdict
from typing import Any

import numpy as np
import pandas as pd

from procurement.scenario import Scenario, TableSpec
from procurement.tables import TABLES

VERSION = "v1"
Cell = str | None


def scenario_fingerprint(scenario: Scenario) -> str:
    """ "v1:" and the sha256 of the canonical form as JSON; equal for every carrier of the same purchase."""
    text = json.dumps(canonical_scenario(scenario), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return f"{VERSION}:{hashlib.sha256(text.encode('utf-8')).hexdigest()}"


def canonical_scenario(scenario: Scenario) -> dict[str, Any]:
    """Everything that decides the award, as text: the currency, the [policy] settings (declared defaults
    included) and the [solver] settings that have a value, and every declared table that has rows.

    The purchase's `name` is left out: it is a label, taken from the file's name when scenario.toml has none.
    """
    tables = {spec.name: canonical_table(spec, _table(scenario, spec)) for spec in TABLES}
    return {
        "currency": scenario.currency,
        "policy": _settings(dict(scenario.policy)),
        "solver": _settings(asdict(scenario.solver)),
        "tables": {name: table for name, table in tables.items() if table["rows"]},
    }


def canonical_table(spec: TableSpec, table: pd.DataFrame) -> dict[str, Any]:
    """The declared columns in declared order (a column blank in every row left out, as if never declared) and
    the rows as lists of cells, sorted by the table's key and then by every cell, a blank first."""
    columns = {column.name: _cells(table[column.name]) for column in spec.columns if column.name in table}
    kept = {name: cells for name, cells in columns.items() if any(cell is not None for cell in cells)}
    frame = pd.DataFrame(kept, dtype=object)
    order = [name for name in kept if name in spec.key] + [name for name in kept if name not in spec.key]
    if len(frame) and order:
        frame = frame.sort_values(order, na_position="first", kind="stable")
    return {"columns": list(kept), "rows": frame.to_numpy().tolist()}


def canonical_number(value: float) -> str:
    """The shortest decimal that reads back as the same double, without exponent or trailing zeros: 60000 for
    60000.0 and for 60000, 9.5 for 9.50, 0.0000001 for 1e-7."""
    number = float(value)
    if number.is_integer():
        return str(int(number))
    text = repr(number)  # the shortest round-trip digits; positional except for very small or large numbers
    return text if "e" not in text else np.format_float_positional(number, unique=True, trim="-")


def canonical_cell(value: Any) -> Cell:
    """A cell or setting as text: None for a blank (empty text, NaN, None), true/false for a flag, a number as
    canonical_number, split shares as their numbers joined by ";" (largest first, as validation sorts them)."""
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, int | float | np.integer | np.floating):
        return None if math.isnan(value) else canonical_number(float(value))
    if isinstance(value, tuple | list):
        return ";".join(canonical_number(share) for share in value) or None
    if value is None or value is pd.NA or value == "":
        return None
    return str(value)


def _cells(column: pd.Series) -> list[Cell]:
    """canonical_cell of every cell, a whole column at a time where its type allows (a national purchase has
    hundreds of thousands of cells)."""
    values = column.to_numpy()
    if values.dtype.kind == "f":
        return _numbers(values.astype(float))
    if values.dtype.kind in "iu":
        return [str(value) for value in values.tolist()]
    if values.dtype.kind == "b":
        return ["true" if value else "false" for value in values.tolist()]
    return [value if type(value) is str and value else canonical_cell(value) for value in values.tolist()]


def _numbers(values: np.ndarray) -> list[Cell]:
    whole = (values == np.floor(values)) & (np.abs(values) < 2**62)
    texts = np.full(len(values), None, dtype=object)
    texts[whole] = values[whole].astype(np.int64).astype(str)
    other = ~whole & ~np.isnan(values)
    texts[other] = [canonical_number(value) for value in values[other].tolist()]
    return list(texts)


def _settings(values: dict[str, Any]) -> dict[str, str]:
    texts = {name: canonical_cell(value) for name, value in values.items()}
    return {name: text for name, text in texts.items() if text is not None}


def _table(scenario: Scenario, spec: TableSpec) -> pd.DataFrame:
    if spec.file in scenario.rule_tables:
        return scenario.rule_tables[spec.file]
    table: pd.DataFrame = getattr(scenario, spec.name)
    return table
