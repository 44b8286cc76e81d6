"""Awards, shortages and savings of one run as CSV or XLSX bytes, with no text able to run as a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
from pandas.api.types import is_numeric_dtype

from procurement.exact import exact_table, is_money, is_percent
from procurement.pipeline import Outcome
from procurement.rules.periods import has_periods, period_shown
from reports.cells import shorten

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_CELL_CHARS = 32_767
TABLES = (
    "awards",
    "shortages",
    "savings_by_institution",
    "savings_by_product",
    "savings_by_supplier",
    "savings_by_pair",
)


def escape_text(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; numbers are left alone."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def rows_csv(items: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """Rows (JSON-ready dicts) as CSV, every text cell and header escaped (escape_text); null is blank, true/false
    as the result files write them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([escape_text(column) for column in columns])
    writer.writerows([_csv_cell(item.get(column)) for column in columns] for item in items)
    return buffer.getvalue()


def _csv_cell(value: Any) -> Any:
    return ("true" if value else "false") if isinstance(value, bool) else escape_text(value)


def result_tables(outcome: Outcome) -> dict[str, pd.DataFrame]:
    """The run's result tables by name, as `procurement solve` writes them: with savings per period where the
    purchase has several, without a period column where it has one."""
    tables = {
        "awards": outcome.awards,
        "shortages": outcome.shortages,
        "savings_by_institution": outcome.savings_by_institution,
        "savings_by_product": outcome.savings_by_product,
        "savings_by_supplier": outcome.savings_by_supplier,
        "savings_by_pair": outcome.savings_by_pair,
    }
    if has_periods(outcome.scenario):
        tables["savings_by_period"] = outcome.savings_by_period
    return {name: period_shown(outcome.scenario, table) for name, table in tables.items()}


def table_csv(table: pd.DataFrame) -> bytes:
    """UTF-8 CSV (with a byte-order mark, so Excel reads accents) of a result table, text cells escaped, numbers
    exact (procurement.exact)."""
    escaped = table.apply(lambda column: column.map(escape_text) if not is_numeric_dtype(column) else column)
    text: str = exact_table(escaped).to_csv(index=False, lineterminator="\n")
    return text.encode("utf-8-sig")


def tables_xlsx(tables: Mapping[str, pd.DataFrame], money_format: str | None = None) -> bytes:
    """One sheet per table, headers bold, money columns formatted; text is stored as text, never as a formula."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, table in tables.items():
        write_sheet(workbook.create_sheet(name[:31]), table, money_format)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_sheet(sheet: Any, table: pd.DataFrame, money_format: str | None, header: list[str] | None = None) -> None:
    from openpyxl.styles import Font

    sheet.append(header or [str(column) for column in table.columns])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    first = sheet.max_row + 1
    for record in table.itertuples(index=False, name=None):
        sheet.append([text_cell(value) for value in record])
    for position, column in enumerate(table.columns, start=1):
        width = max([len(str(column)), *(len(str(value)) for value in table[column].head(200))]) + 2
        sheet.column_dimensions[sheet.cell(row=1, column=position).column_letter].width = min(width, 60)
        number_format = _number_format(str(column), money_format)
        if number_format:
            for (cell,) in sheet.iter_rows(min_row=first, min_col=position, max_col=position):
                cell.number_format = number_format
    sheet.freeze_panes = sheet.cell(row=first, column=1)


def text_cell(value: Any) -> Any:
    """A value for openpyxl: NaN and NA as empty; text starting like a formula kept as text (openpyxl would run it)."""
    if value is None or (not isinstance(value, str | bytes) and bool(pd.isna(value))):
        return None
    if hasattr(value, "item"):
        value = value.item()
    return worksheet_text(value) if isinstance(value, str) else value


def worksheet_text(text: str) -> str:
    """Text as a worksheet can hold it, never as a formula: control characters (which openpyxl refuses, and a
    description pasted from Word can hold) become spaces; past Excel's 32,767 characters a cell is shortened."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return shorten(escape_text(ILLEGAL_CHARACTERS_RE.sub(" ", text)), EXCEL_CELL_CHARS)


def _number_format(column: str, money_format: str | None) -> str | None:
    if is_percent(column):
        return "0.00"
    if is_money(column) or column == "unit_price":
        return money_format
    return None
