"""Cells of a workbook's sheets as the text a CSV would hold, each problem located by sheet and cell."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from procurement.errors import Issue

SETTINGS_HEADERS = (("setting", "value"), ("ajuste", "valor"))  # English, or as the Spanish template has it
MAX_ROWS = 500_000  # rows holding anything, per sheet
MAX_COLUMNS = 64  # columns read per row; a scenario table has at most 9


@dataclass
class Layout:
    """Where each column and setting sits in the workbook, to name problems as Excel shows them."""

    columns: dict[str, dict[str, str]] = field(default_factory=dict)  # sheet → column name → letter
    spelled: dict[str, dict[str, str]] = field(default_factory=dict)  # sheet → column name → header as the file has it
    settings: dict[str, str] = field(default_factory=dict)  # setting → cell of its value
    titles: dict[str, str] = field(default_factory=dict)  # sheet (its id: bids) → its title in the file (propuestas)
    lang: str = "en"  # the language of the sheets' titles: Spanish when any title is Spanish


class SheetReader:
    """Cells of one sheet as CSV-like text; problems go to `issues` located by sheet and cell."""

    def __init__(self, issues: list[Issue], saved_values: Any) -> None:
        self.issues = issues
        self._saved_values = saved_values  # opens the workbook's saved values, only if a formula is met
        self._saved: Any = None

    def table(
        self, sheet: Any, title: str, layout: Layout, names: Mapping[str, str] | None = None
    ) -> pd.DataFrame | None:
        """The sheet's rows under its header; `names` maps a header (lower case, e.g. "precio unitario") to its
        column (unit_price), so a workbook may use the template's headers in either language."""
        rows = self._rows(sheet, title)
        first, header_cells = next(rows, (1, []))
        header = self._texts(title, first, header_cells, [])
        while header and not header[-1]:
            header.pop()
        if not header:
            self.issues.append(Issue(title, None, None, "sheet_empty"))
            return None
        spelled, header = header, [(names or {}).get(name.lower(), name) for name in header]
        self._check_header(title, first, header)
        layout.columns[title.strip().lower()] = {n: get_column_letter(k) for k, n in enumerate(header, 1) if n}
        layout.spelled[title.strip().lower()] = {n: s for n, s in zip(header, spelled, strict=True) if n != s}
        records, lines = [], []
        for row, cells in rows:
            values = self._texts(title, row, cells, header)
            self._check_outside(title, row, values, len(header))
            records.append((values + [""] * len(header))[: len(header)])
            lines.append(row)
        table = pd.DataFrame(records, columns=pd.Index(header), dtype=object)
        table = table.loc[:, ~table.columns.duplicated() & (table.columns != "")]
        table["_row"] = lines
        return table

    def settings(self, sheet: Any, title: str, layout: Layout) -> dict[str, Any]:
        """`setting | value` rows such as `policy.max_price_gap | 0.1`, nested as scenario.toml would be."""
        settings: dict[str, Any] = {}
        rows = self._rows(sheet, title)
        first, header_cells = next(rows, (1, []))
        if tuple(text.lower() for text in self._texts(title, first, header_cells, [])[:2]) not in SETTINGS_HEADERS:
            header = ", ".join(SETTINGS_HEADERS[0])
            self.issues.append(Issue(f"{title}!A{first}", None, None, "settings_header", params={"header": header}))
            return settings
        for row, cells in rows:
            key = _text(self.value(f"{title}!A{row}", cells[0], "setting"))
            if not key:
                continue
            if key in layout.settings:
                self.issues.append(Issue(f"{title}!A{row}", None, None, "setting_twice", params={"setting": key}))
            layout.settings[key] = f"{title}!B{row}"
            value = self.value(f"{title}!B{row}", cells[1], key) if len(cells) > 1 else None
            if value is not None:
                _nest(settings, key, value)
        return settings

    def _texts(self, title: str, row: int, cells: list[Any], header: list[str]) -> list[str]:
        names = [*header, *[""] * len(cells)]
        return [_text(self.value(f"{title}!{LETTERS[k]}{row}", cell, names[k])) for k, cell in enumerate(cells)]

    def _rows(self, sheet: Any, title: str) -> Iterator[tuple[int, list[Any]]]:
        """(Excel row, cells) of the rows holding anything; the sheet's stated dimension is not trusted."""
        sheet.reset_dimensions()
        count = 0
        for row, cells in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS), start=1):
            width = next((k for k in range(len(cells), 0, -1) if cells[k - 1].value is not None), 0)
            if width:
                count += 1
                if count > MAX_ROWS:
                    self.issues.append(Issue(title, None, None, "sheet_too_long", params={"limit": f"{MAX_ROWS:,}"}))
                    return
                yield row, list(cells[:width])

    def value(self, where: str, cell: Any, column: str) -> Any:
        """A cell's value; for a formula the value Excel saved; a date or an error value is an issue."""
        value = cell.value
        if cell.data_type == "f":
            value = self._saved_value(where)
            if value is None:
                self.issues.append(
                    Issue(where, None, column or None, "formula_unsaved", params={"formula": cell.value})
                )
                return None
        if isinstance(value, str) and value in ERROR_VALUES:
            self.issues.append(Issue(where, None, column or None, "error_value", params={"value": value}))
            return None
        if isinstance(value, dt.datetime | dt.date | dt.time | dt.timedelta):
            self.issues.append(Issue(where, None, column or None, "date_value", params={"value": value}))
            return None
        return value.strip() if isinstance(value, str) else value

    def _saved_value(self, where: str) -> Any:
        if self._saved is None:
            self._saved = _SavedValues(self._saved_values())
        title, coordinate = where.rsplit("!", 1)
        return self._saved.get(title, coordinate)

    def _check_header(self, title: str, row: int, header: list[str]) -> None:
        for position, name in enumerate(header, start=1):
            where = f"{title}!{get_column_letter(position)}{row}"
            if not name:
                self.issues.append(Issue(where, None, None, "header_cell_empty"))
            elif header.index(name) < position - 1:
                self.issues.append(Issue(where, None, name, "column_repeated"))

    def _check_outside(self, title: str, row: int, values: list[str], width: int) -> None:
        for position, value in enumerate(values[width:], start=width + 1):
            if value:
                where = f"{title}!{get_column_letter(position)}{row}"
                self.issues.append(Issue(where, None, None, "outside_header", params={"value": value}))


ERROR_VALUES = {
    "#DIV/0!",
    "#N/A",
    "#NAME?",
    "#NULL!",
    "#NUM!",
    "#REF!",
    "#VALUE!",
    "#GETTING_DATA",
    "#SPILL!",
    "#CALC!",
}


class _SavedValues:
    """The values Excel saved for formulas, read sheet by sheet on first use."""

    def __init__(self, workbook: Any) -> None:
        self._workbook = workbook
        self._sheets: dict[str, dict[str, Any]] = {}

    def get(self, title: str, coordinate: str) -> Any:
        if title not in self._sheets:
            sheet = self._workbook[title]
            cells = (cell for row in sheet.iter_rows(max_col=MAX_COLUMNS, max_row=MAX_ROWS) for cell in row)
            self._sheets[title] = {cell.coordinate: cell.value for cell in cells if cell.value is not None}
        return self._sheets[title].get(coordinate)


def _text(value: Any) -> str:
    """A cell as the text a CSV would hold: 60000.0 → "60000", TRUE → "true"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


def _nest(settings: dict[str, Any], key: str, value: Any) -> None:
    """`policy.max_suppliers` = 5 → settings["policy"]["max_suppliers"] = 5, typed as scenario.toml would type it."""
    *tables, leaf = key.split(".")
    target = settings
    for table in tables:
        target = target.setdefault(table, {})
        if not isinstance(target, dict):
            return
    target[leaf] = _typed(value)


def _typed(value: Any) -> Any:
    """Excel keeps whole numbers as floats and may keep numbers or yes/no as text: read them as TOML would."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if not isinstance(value, str):
        return value
    lowered = value.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    try:
        number = float(value)
    except ValueError:
        return value
    return int(number) if number.is_integer() and "." not in value else number


def get_column_letter(position: int) -> str:
    """Excel's name of the 1-based column `position`: 1 → A, 27 → AA."""
    letters = ""
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


LETTERS = [get_column_letter(position) for position in range(1, MAX_COLUMNS + 1)]
