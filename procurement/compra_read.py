"""Read and check the Compra Consolidada 2025-2026 award table (CSV), reporting every problem at once."""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from procurement.errors import Issue, ScenarioError

COLUMNS = {
    "CLAVES": "clave",
    "TIPO": "type",
    "DESCRIPCIÓN": "description",
    "PROVEEDOR": "supplier",
    "PRECIO UNITARIO": "unit_price",
    "ABASTO": "share",
}
CATEGORY = {"MEDICAMENTO": "medicine", "MATERIAL DE CURACIÓN": "supply"}
QUANTITY_COLUMN = re.compile(r"^(?P<institution>.+)_(?P<year>\d{2})$")
SHARE_TOLERANCE = 1e-6


@dataclass(frozen=True)
class AwardTable:
    """rows: clave, category, description, supplier, unit_price, share, line; quantities: one column per
    institution-year (e.g. IMSS_2025), aligned with rows."""

    rows: pd.DataFrame
    quantities: pd.DataFrame

    @property
    def awarded_amount(self) -> float:
        """Σ unit price x quantity over every row and institution-year: the real awarded amount."""
        return float(math.fsum(self.rows["unit_price"] * self.quantities.sum(axis=1)))


def read_award_table(path: str | Path) -> AwardTable:
    """The checked table, or ScenarioError listing every problem with its line and column."""
    path = Path(path)
    header, records, lines = _read_csv(path)
    issues: list[Issue] = []
    quantity_columns = {name: _institution_year(name) for name in header if QUANTITY_COLUMN.match(name)}
    for name in COLUMNS:
        if name not in header:
            issues.append(Issue(path.name, 1, name, "column_missing"))
    if not quantity_columns:
        issues.append(Issue(path.name, 1, None, "no_quantity_columns"))
    if issues:
        raise ScenarioError(issues)
    raw = pd.DataFrame(records, columns=pd.Index(header), dtype=object).map(str.strip)
    rows = _rows(path.name, raw, lines, issues)
    quantities = _quantities(path.name, raw, lines, quantity_columns, issues)
    _check_shares(path.name, rows, issues)
    if issues:
        raise ScenarioError(issues)
    return AwardTable(rows=rows, quantities=quantities)


def _read_csv(path: Path) -> tuple[list[str], list[list[str]], list[int]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioError([Issue(path.name, None, None, "not_text", params={"detail": error})]) from None
    reader = csv.reader(text.splitlines(keepends=True))
    header = [name.strip() for name in next(reader, [])]
    records, lines, issues = [], [], []
    while True:
        line = reader.line_num + 1
        record = next(reader, None)
        if record is None:
            break
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            issues.append(
                Issue(path.name, line, None, "value_count", params={"values": len(record), "header": len(header)})
            )
            continue
        records.append(record)
        lines.append(line)
    if not records:
        issues.append(Issue(path.name, None, None, "no_award_rows"))
    if issues:
        raise ScenarioError(issues)
    return header, records, lines


def _institution_year(column: str) -> str:
    """IMSS BIENESTAR_25 -> IMSS-BIENESTAR_2025."""
    found = QUANTITY_COLUMN.match(column)
    assert found is not None
    return f"{re.sub(r'[^0-9A-Za-z]+', '-', found['institution'].strip()).upper()}_20{found['year']}"


def _numbers(file: str, column: str, cells: pd.Series, lines: list[int], issues: list[Issue]) -> pd.Series:
    """Numbers ≥ 0; a blank cell is NaN, left for the caller to report or fill."""
    values = pd.to_numeric(cells.where(cells != "", None), errors="coerce").astype(float)
    for k in np.flatnonzero((cells != "") & ~(np.isfinite(values) & (values >= 0))):
        issues.append(Issue(file, lines[k], column, "not_a_quantity", params={"value": cells.iloc[k]}))
    return values


def _rows(file: str, raw: pd.DataFrame, lines: list[int], issues: list[Issue]) -> pd.DataFrame:
    rows = raw[list(COLUMNS)].rename(columns=COLUMNS)
    for name, column in COLUMNS.items():
        for k in np.flatnonzero(rows[column] == ""):
            issues.append(Issue(file, lines[k], name, "empty"))
    rows["unit_price"] = _numbers(file, "PRECIO UNITARIO", raw["PRECIO UNITARIO"], lines, issues)
    rows["share"] = _numbers(file, "ABASTO", raw["ABASTO"], lines, issues)
    for k in np.flatnonzero(rows["share"].notna() & ~rows["share"].between(0, 1, inclusive="right")):
        issues.append(Issue(file, lines[k], "ABASTO", "not_a_share", params={"value": raw["ABASTO"].iloc[k]}))
    known = rows["type"].str.upper().isin(CATEGORY) | (rows["type"] == "")
    for k in np.flatnonzero(~known):
        issues.append(
            Issue(
                file,
                lines[k],
                "TIPO",
                "not_one_of",
                params={"value": rows["type"].iloc[k], "choices": ", ".join(CATEGORY)},
            )
        )
    repeated = rows.duplicated(["clave", "supplier"])
    for k in np.flatnonzero(repeated):
        issues.append(Issue(file, lines[k], "PROVEEDOR", "supplier_repeated"))
    return rows.assign(category=rows["type"].str.upper().map(CATEGORY), line=lines).drop(columns="type")


def _quantities(
    file: str, raw: pd.DataFrame, lines: list[int], columns: dict[str, str], issues: list[Issue]
) -> pd.DataFrame:
    """Blank quantity cells are 0, as the source spreadsheet leaves them."""
    values = {
        institution: _numbers(file, column, raw[column].replace("", "0"), lines, issues).fillna(0.0)
        for column, institution in columns.items()
    }
    return pd.DataFrame(values, index=raw.index)


def _check_shares(file: str, rows: pd.DataFrame, issues: list[Issue]) -> None:
    """The ABASTO shares of one clave add up to 1 (0.6 + 0.4, or 1 for a sole supplier)."""
    total = rows.groupby("clave")["share"].sum()
    for clave in total.index[(total - 1).abs() > SHARE_TOLERANCE]:
        line = int(rows.loc[rows["clave"] == clave, "line"].iloc[-1])
        issues.append(
            Issue(file, line, "ABASTO", "clave_shares_not_whole", params={"clave": clave, "total": f"{total[clave]:g}"})
        )
