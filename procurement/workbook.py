"""Read a scenario package from one .xlsx workbook: a sheet per table plus a `scenario` sheet of settings.

The workbook is untrusted input: it is checked as a zip before openpyxl parses it (no macros, no links to other
workbooks, bounded size), openpyxl parses its XML through defusedxml, and formulas count only by the value Excel
saved for them. Every problem is located as Excel shows it, e.g. `bids!D17`.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from procurement.errors import Issue, ScenarioError, Severity
from procurement.files import WORKBOOK_SUFFIXES, RawPackage
from procurement.messages import LANGUAGES, known, template
from procurement.scenario import Scenario, TableSpec
from procurement.sheets import Layout, SheetReader
from procurement.tables import TABLE_BY_FILE, TABLES
from procurement.validate import load_scenario, validate_package

SETTINGS_SHEET = "scenario"
NOTES_SHEETS = ("instructions", "instrucciones")  # the template's guide (English, Spanish), ignored on import
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
SHEETS = {spec.name: spec for spec in TABLES}


def sheet_title(sheet: str, lang: str) -> str:
    """A sheet's title in `lang` (`bids` is «propuestas» in Spanish); a sheet without a catalogue entry keeps its id."""
    key = f"sheet_name.{sheet}"
    return template(key, lang) if known(key) else sheet


TITLES = {  # every title a sheet may have (its id, or its title in either language), lower case → (id, language)
    sheet_title(sheet, lang).lower(): (sheet, lang) for sheet in [SETTINGS_SHEET, *SHEETS] for lang in LANGUAGES
} | {sheet: (sheet, "en") for sheet in [SETTINGS_SHEET, *SHEETS]}


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
        raise ScenarioError(located_errors(error.issues, raw, layout)) from None
    return scenario, locate(warnings, layout)


def located_errors(issues: list[Issue], raw: RawPackage, layout: Layout) -> list[Issue]:
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
    reader = SheetReader(raw.issues, lambda: _open(name, data, formulas=False))
    found = {title: TITLES.get(title.strip().lower()) for title in values.sheetnames}
    layout.titles = {known[0]: title for title, known in found.items() if known}
    layout.lang = "es" if any(known and known[1] == "es" for known in found.values()) else "en"
    for title in values.sheetnames:
        _read_sheet(reader, values[title], title, raw, layout)
    _report_missing_sheets(raw, layout)
    return raw, layout


def locate(issues: list[Issue], layout: Layout) -> list[Issue]:
    """Validation issues (found in `bids.csv` row 17, column unit_price) named as the workbook shows them."""
    return [_locate(issue, layout) for issue in issues]


def _title(sheet: str, layout: Layout) -> str:
    """The sheet's title as the workbook has it, or in the workbook's language when it has none."""
    return layout.titles.get(sheet, sheet_title(sheet, layout.lang))


def _locate(issue: Issue, layout: Layout) -> Issue:
    issue = replace(issue, params={key: _sheet_name(value, layout) for key, value in issue.params.items()})
    if issue.file == "scenario.toml":
        where = layout.settings.get(issue.column or "", _title(SETTINGS_SHEET, layout))
        if not issue.column:
            return replace(issue, file=where)
        problem = replace(issue, file="", column=None, severity=Severity.ERROR)
        return Issue(where, None, None, "in_setting", issue.severity, {"setting": issue.column, "problem": problem})
    if issue.file not in TABLE_BY_FILE:
        return issue
    sheet = _title(TABLE_BY_FILE[issue.file].name, layout)
    letter = layout.columns.get(sheet.strip().lower(), {}).get(issue.column or "")
    column = _spelled(issue.column, layout.spelled.get(sheet.strip().lower(), {}))
    if issue.row is not None and letter:
        return replace(issue, file=f"{sheet}!{letter}{issue.row}", row=None, column=column)
    return replace(issue, file=sheet, column=column)


def _spelled(column: str | None, spelled: dict[str, str]) -> str | None:
    """A column as the user's sheet spells it; one it lacks, in Spanish when the sheet's headers are Spanish."""
    if column is None or column in spelled:
        return spelled.get(column or "", column)
    return header(column, LANGUAGES[0]) if spelled else column


def header(column: str, lang: str) -> str:
    """A column's header in `lang`: its Spanish name, or in English its own id (a column without a catalogue entry,
    e.g. a new rule's, keeps its id in both)."""
    key = f"column.{column}"
    return template(key, lang) if known(key) else column


def header_names(spec: TableSpec) -> dict[str, str]:
    """Every header a sheet may have for each of its columns (its id, or its name in any language), in lower case."""
    return {header(column.name, lang).lower(): column.name for column in spec.columns for lang in LANGUAGES}


def _sheet_name(value: object, layout: Layout) -> object:
    """A file named in a message (`"X" is not in products.csv`) as the workbook's sheet."""
    return _title(TABLE_BY_FILE[value].name, layout) if isinstance(value, str) and value in TABLE_BY_FILE else value


def _read_bytes(source: bytes | str | Path, name: str) -> bytes:
    if isinstance(source, bytes):
        data = source
    else:
        path = Path(source)
        if not path.is_file():
            raise _fatal(name, "workbook_missing")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise _fatal(name, "workbook_too_large", limit=MAX_FILE_BYTES // 2**20)
        data = path.read_bytes()
    if len(data) > MAX_FILE_BYTES:
        raise _fatal(name, "workbook_too_large", limit=MAX_FILE_BYTES // 2**20)
    return data


def _check_container(name: str, data: bytes) -> None:
    """Refuse macros, links to other workbooks and zip bombs before any XML is parsed."""
    if Path(name).suffix.lower() in (".xlsm", ".xltm"):
        raise _fatal(name, "workbook_macro_enabled")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        raise _fatal(name, "workbook_not_xlsx") from None
    names = [member.filename.lower() for member in members]
    if any("vbaproject" in member for member in names):
        raise _fatal(name, "workbook_macros")
    if any(member.startswith("xl/externallinks/") for member in names):
        raise _fatal(name, "workbook_links")
    if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise _fatal(name, "workbook_unpacks_large", limit=MAX_UNPACKED_BYTES // 2**20)


def _open(name: str, data: bytes, formulas: bool) -> Any:
    """openpyxl's read-only view: formulas as text, or (formulas=False) the values Excel saved for them."""
    import openpyxl  # loaded only when a workbook is read, so the command starts fast

    if not openpyxl.DEFUSEDXML:
        raise _fatal(name, "workbook_unsafe_reader")
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=not formulas, keep_links=False)
    except Exception as error:  # openpyxl signals a malformed or hostile file with many exception types
        raise _unreadable(name, error) from None


def _unreadable(name: str, error: BaseException) -> ScenarioError:
    """Why openpyxl could not read the file: the innermost cause, named plainly when defusedxml refused it."""
    from defusedxml import DefusedXmlException

    while error.__cause__ or error.__context__:
        if isinstance(error, DefusedXmlException):
            break
        error = error.__cause__ or error.__context__  # type: ignore[assignment]
    if isinstance(error, DefusedXmlException):
        return _fatal(name, "workbook_unsafe_xml", detail=error)
    return _fatal(name, "workbook_unreadable", detail=error)


def _fatal(name: str, code: str, **params: object) -> ScenarioError:
    return ScenarioError([Issue(name, None, None, code, params=params)])


def _read_sheet(reader: SheetReader, sheet: Any, title: str, raw: RawPackage, layout: Layout) -> None:
    key = title.strip().lower()
    if key in NOTES_SHEETS:
        return
    name = TITLES.get(key, ("", ""))[0]
    if name == SETTINGS_SHEET:
        raw.settings = reader.settings(sheet, title, layout)
    elif name in SHEETS:
        table = reader.table(sheet, title, layout, header_names(SHEETS[name]))
        if table is not None:
            raw.tables[SHEETS[name].file] = table
    else:
        known = ", ".join(sheet_title(sheet, layout.lang) for sheet in [SETTINGS_SHEET, *SHEETS])
        raw.issues.append(Issue(title, None, None, "unknown_sheet", params={"sheets": known}))


def _report_missing_sheets(raw: RawPackage, layout: Layout) -> None:
    for sheet in [SETTINGS_SHEET, *(spec.name for spec in TABLES if spec.required_file)]:
        if sheet not in layout.titles:
            raw.issues.append(Issue(sheet_title(sheet, layout.lang), None, None, "sheet_missing"))
