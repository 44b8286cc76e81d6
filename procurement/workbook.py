"""Read a scenario package from one .xlsx workbook: a sheet per table plus a `scenario` sheet of settings.

The workbook is untrusted input: it is checked as a zip before openpyxl parses it (no macros, no links to other
workbooks, bounded size), openpyxl parses its XML through defusedxml, and formulas count only by the value Excel
saved for them. Every problem is located as Excel shows it, e.g. `bids!D17`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from procurement.errors import Issue, ScenarioError
from procurement.files import WORKBOOK_SUFFIXES, RawPackage
from procurement.scenario import TABLE_BY_FILE, TABLES, Scenario
from procurement.validate import load_scenario, validate_package

SETTINGS_SHEET = "scenario"
NOTES_SHEET = "instructions"  # the template's guide, ignored on import
SETTINGS_HEADER = ("setting", "value")
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
MAX_ROWS = 500_000
MAX_COLUMNS = 64
SHEETS = {spec.name: spec for spec in TABLES}
NOT_XLSX = "is not an .xlsx workbook (an old .xls, a binary .xlsb, a password-protected or a damaged file?)"


@dataclass
class Layout:
    """Where each column and setting sits in the workbook, to name problems as Excel shows them."""

    columns: dict[str, dict[str, str]] = field(default_factory=dict)  # sheet → column name → letter
    settings: dict[str, str] = field(default_factory=dict)  # setting → cell of its value


def is_workbook(path: str | Path) -> bool:
    return Path(path).suffix.lower() in WORKBOOK_SUFFIXES


def load_package(path: str | Path) -> tuple[Scenario, list[Issue]]:
    """Read and validate a package of any kind (folder, .zip or workbook); workbook issues name sheet and cell."""
    if not is_workbook(path):
        return load_scenario(path)
    return load_workbook_scenario(Path(path).read_bytes() if Path(path).is_file() else path, Path(path).name)


def load_workbook_scenario(source: bytes | str | Path, name: str) -> tuple[Scenario, list[Issue]]:
    """Validate a workbook (bytes, e.g. an upload, or a path) into a Scenario; raise ScenarioError with every issue."""
    raw, layout = read_workbook(source, name)
    try:
        scenario, warnings = validate_package(raw)
    except ScenarioError as error:
        raise ScenarioError(_located(error.issues, raw, layout)) from None
    return scenario, locate(warnings, layout)


def _located(issues: list[Issue], raw: RawPackage, layout: Layout) -> list[Issue]:
    """Issues by sheet and cell; a cell the reader could not read (a formula, a date) is reported once, by it."""
    flagged = {issue.file for issue in raw.issues}
    return [issue for issue in locate(issues, layout) if issue in raw.issues or issue.file not in flagged]


def read_workbook(source: bytes | str | Path, name: str | None = None) -> tuple[RawPackage, Layout]:
    """The workbook's tables as strings (like CSV cells) and its settings; `_row` is the Excel row number."""
    name = name or Path(str(source)).name
    data = _read_bytes(source, name)
    _check_container(name, data)
    values = _open(name, data, formulas=True)
    raw, layout = RawPackage(source=name, sha256=hashlib.sha256(data).hexdigest()), Layout()
    reader = _SheetReader(raw.issues, lambda: _open(name, data, formulas=False))
    for title in values.sheetnames:
        _read_sheet(reader, values[title], title, raw, layout)
    _report_missing_sheets(values.sheetnames, raw)
    return raw, layout


def locate(issues: list[Issue], layout: Layout) -> list[Issue]:
    """Validation issues (found in `bids.csv` row 17, column unit_price) named as the workbook shows them."""
    return [_locate(issue, layout) for issue in issues]


def _locate(issue: Issue, layout: Layout) -> Issue:
    message = _sheet_names(issue.message)
    if issue.file == "scenario.toml":
        where = layout.settings.get(issue.column or "", SETTINGS_SHEET)
        return Issue(
            where, None, None, f"setting {issue.column}: {message}" if issue.column else message, issue.severity
        )
    if issue.file not in TABLE_BY_FILE:
        return Issue(issue.file, issue.row, issue.column, message, issue.severity)
    sheet = TABLE_BY_FILE[issue.file].name
    letter = layout.columns.get(sheet, {}).get(issue.column or "")
    if issue.row is not None and letter:
        return Issue(f"{sheet}!{letter}{issue.row}", None, issue.column, message, issue.severity)
    return Issue(sheet, issue.row, issue.column, message, issue.severity)


def _sheet_names(message: str) -> str:
    for spec in TABLES:
        message = message.replace(spec.file, f"sheet {spec.name}")
    return message


def _read_bytes(source: bytes | str | Path, name: str) -> bytes:
    if isinstance(source, bytes):
        data = source
    else:
        path = Path(source)
        if not path.is_file():
            raise _fatal(name, "the workbook does not exist")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise _fatal(name, f"the workbook is larger than {MAX_FILE_BYTES // 2**20} MB")
        data = path.read_bytes()
    if len(data) > MAX_FILE_BYTES:
        raise _fatal(name, f"the workbook is larger than {MAX_FILE_BYTES // 2**20} MB")
    return data


def _check_container(name: str, data: bytes) -> None:
    """Refuse macros, links to other workbooks and zip bombs before any XML is parsed."""
    if Path(name).suffix.lower() in (".xlsm", ".xltm"):
        raise _fatal(name, "is a macro-enabled workbook; save it as Excel Workbook (.xlsx) without macros")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        raise _fatal(name, f"{NOT_XLSX}; save it as Excel Workbook (.xlsx)") from None
    names = [member.filename.lower() for member in members]
    if any("vbaproject" in member for member in names):
        raise _fatal(name, "contains macros (VBA); save it as Excel Workbook (.xlsx) without macros")
    if any(member.startswith("xl/externallinks/") for member in names):
        raise _fatal(name, "links to other workbooks; break the links (Data > Edit Links > Break Link) and save again")
    if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise _fatal(name, f"unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MB")


def _open(name: str, data: bytes, formulas: bool) -> Any:
    """openpyxl's read-only view: formulas as text, or (formulas=False) the values Excel saved for them."""
    import openpyxl  # loaded only when a workbook is read, so the command starts fast

    if not openpyxl.DEFUSEDXML:
        raise _fatal(name, "cannot be read safely: defusedxml is not in use (is OPENPYXL_DEFUSEDXML set to False?)")
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=not formulas, keep_links=False)
    except Exception as error:  # openpyxl signals a malformed or hostile file with many exception types
        raise _fatal(name, _unreadable(error)) from None


def _unreadable(error: BaseException) -> str:
    """Why openpyxl could not read the file: the innermost cause, named plainly when defusedxml refused it."""
    from defusedxml import DefusedXmlException

    while error.__cause__ or error.__context__:
        if isinstance(error, DefusedXmlException):
            break
        error = error.__cause__ or error.__context__  # type: ignore[assignment]
    if isinstance(error, DefusedXmlException):
        return f"{NOT_XLSX}: its XML declares entities or a DTD, which are refused as unsafe ({error})"
    return f"{NOT_XLSX}: {error}"


def _fatal(name: str, message: str) -> ScenarioError:
    return ScenarioError([Issue(name, None, None, message)])


def _read_sheet(reader: _SheetReader, sheet: Any, title: str, raw: RawPackage, layout: Layout) -> None:
    key = title.strip().lower()
    if key == NOTES_SHEET:
        return
    if key == SETTINGS_SHEET:
        raw.settings = reader.settings(sheet, title, layout)
    elif key in SHEETS:
        table = reader.table(sheet, title, layout)
        if table is not None:
            raw.tables[SHEETS[key].file] = table
    else:
        known = ", ".join([SETTINGS_SHEET, *SHEETS])
        raw.issues.append(Issue(title, None, None, f"unknown sheet (the sheets of a scenario workbook are: {known})"))


def _report_missing_sheets(titles: list[str], raw: RawPackage) -> None:
    present = {title.strip().lower() for title in titles}
    for sheet in [SETTINGS_SHEET, *(spec.name for spec in TABLES if spec.required_file)]:
        if sheet not in present:
            raw.issues.append(Issue(sheet, None, None, "sheet is missing"))


class _SheetReader:
    """Cells of one sheet as CSV-like text; problems go to `issues` located by sheet and cell."""

    def __init__(self, issues: list[Issue], saved_values: Any) -> None:
        self.issues = issues
        self._saved_values = saved_values  # opens the workbook's saved values, only if a formula is met
        self._saved: Any = None

    def table(self, sheet: Any, title: str, layout: Layout) -> pd.DataFrame | None:
        rows = self._rows(sheet, title)
        first, header_cells = next(rows, (1, []))
        header = self._texts(title, first, header_cells, [])
        while header and not header[-1]:
            header.pop()
        if not header:
            self.issues.append(Issue(title, None, None, "sheet is empty: it needs a header row"))
            return None
        self._check_header(title, first, header)
        layout.columns[title.strip().lower()] = {n: get_column_letter(k) for k, n in enumerate(header, 1) if n}
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
        if [text.lower() for text in self._texts(title, first, header_cells, [])[:2]] != list(SETTINGS_HEADER):
            self.issues.append(Issue(f"{title}!A{first}", None, None, "the header must be: setting, value"))
            return settings
        for row, cells in rows:
            key = _text(self.value(f"{title}!A{row}", cells[0], "setting"))
            if not key:
                continue
            if key in layout.settings:
                self.issues.append(Issue(f"{title}!A{row}", None, None, f"setting {key} is given twice"))
            layout.settings[key] = f"{title}!B{row}"
            value = self.value(f"{title}!B{row}", cells[1], key) if len(cells) > 1 else None
            if value is not None:
                _nest(settings, key, value)
        return settings

    def _texts(self, title: str, row: int, cells: list[Any], header: list[str]) -> list[str]:
        names = [*header, *[""] * len(cells)]
        return [
            _text(self.value(f"{title}!{get_column_letter(k)}{row}", cell, names[k - 1]))
            for k, cell in enumerate(cells, start=1)
        ]

    def _rows(self, sheet: Any, title: str) -> Iterator[tuple[int, list[Any]]]:
        """(Excel row, cells) of the rows holding anything; the sheet's stated dimension is not trusted."""
        sheet.reset_dimensions()
        count = 0
        for row, cells in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS), start=1):
            if any(cell.value is not None for cell in cells):
                count += 1
                if count > MAX_ROWS:
                    self.issues.append(Issue(title, None, None, f"has more than {MAX_ROWS:,} rows"))
                    return
                yield row, list(cells)

    def value(self, where: str, cell: Any, column: str) -> Any:
        """A cell's value; for a formula the value Excel saved; a date or an error value is an issue."""
        value = cell.value
        if cell.data_type == "f":
            value = self._saved_value(where)
            if value is None:
                message = f"the formula {cell.value} has no saved value; open and save it in Excel, or type the value"
                self.issues.append(Issue(where, None, column or None, message))
                return None
        if isinstance(value, str) and value in ERROR_VALUES:
            self.issues.append(Issue(where, None, column or None, f"holds the error {value}"))
            return None
        if isinstance(value, dt.datetime | dt.date | dt.time | dt.timedelta):
            message = f"holds a date or time ({value}); a number or text is expected"
            self.issues.append(Issue(where, None, column or None, message))
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
                self.issues.append(Issue(where, None, None, "header cell is empty: every column needs a name"))
            elif header.index(name) < position - 1:
                self.issues.append(Issue(where, None, name, "column appears more than once in the header"))

    def _check_outside(self, title: str, row: int, values: list[str], width: int) -> None:
        for position, value in enumerate(values[width:], start=width + 1):
            if value:
                where = f"{title}!{get_column_letter(position)}{row}"
                self.issues.append(Issue(where, None, None, f'"{value}" is in a column with no header'))


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
