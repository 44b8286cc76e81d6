"""Scenario inputs between their shapes: JSON tables, a package (.zip of CSV or .xlsx) and typed database rows.

Everything goes through procurement's own reader and validator, so the service reports the same problems
with the same messages as `procurement validate`, located by JSON path for JSON input.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pandas as pd

from api.archives import NOT_A_ZIP, unsafe_archive
from api.errors import InvalidError, api_issue
from api.language import request_language
from api.settings import Settings
from procurement.errors import Issue, ScenarioError
from procurement.files import PACKAGE_FILES, RawPackage, read_package, write_package
from procurement.scenario import CORE_TABLES, Kind, TableSpec
from procurement.tables import TABLES
from procurement.validate import TRUE_WORDS, validate_package
from procurement.workbook import MAX_UNPACKED_BYTES, is_workbook, locate, located_errors, read_workbook

NUMBERS = (Kind.AMOUNT, Kind.POSITIVE, Kind.FRACTION, Kind.WHOLE)
SETTINGS_KEYS = ("name", "currency", "policy", "solver")
TABLE_NAME = {spec.file: spec.name for spec in TABLES}
CORE_COLUMNS = {spec.name: {column.name for column in spec.columns} for spec in CORE_TABLES}
CSV_NAME = re.compile(r"\b(" + "|".join(re.escape(spec.name) for spec in TABLES) + r")\.csv\b")


def json_package(name: str, document: Mapping[str, Any]) -> RawPackage:
    """A raw package from a JSON scenario: settings at the top level, each table an array of objects."""
    package = RawPackage(source=name, settings={k: document[k] for k in SETTINGS_KEYS if document.get(k) is not None})
    for spec in TABLES:
        rows = document.get(spec.name)
        if rows is None:
            if spec.required_file:
                package.issues.append(Issue(spec.file, None, None, "table_missing"))
            continue
        package.tables[spec.file] = json_table(spec, rows, package.issues)
    return package


def json_table(
    spec: TableSpec, rows: Sequence[Mapping[str, Any]], issues: list[Issue], positions: Sequence[int] | None = None
) -> pd.DataFrame:
    """Cells as the text a CSV file would hold; `_row` is the array index + 2 (as if under a header) or `positions`."""
    at = list(positions) if positions is not None else list(range(2, 2 + len(rows)))
    names = list(dict.fromkeys(key for row in rows for key in row)) or [column.name for column in spec.columns]
    records = [
        [_cell(spec.file, n, key, row.get(key), issues) for key in names] for n, row in zip(at, rows, strict=True)
    ]
    table = pd.DataFrame(records, columns=pd.Index(names), dtype=object)
    table["_row"] = at
    return table


def _cell(file: str, row: int, column: str, value: Any, issues: list[Issue]) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return str(value).strip()
    issues.append(Issue(file, row, column, "not_a_json_value"))
    return ""


def json_location(issue: Issue) -> str:
    """`bids[16].unit_price` for a cell, `bids[*].unit_prce` for a column, `policy.max_suppliers` for a setting."""
    if issue.file.endswith(".toml"):
        return issue.column or "body"
    table = TABLE_NAME.get(issue.file, issue.file)
    if issue.row is None:
        return table
    index = "*" if issue.row < 2 else str(issue.row - 2)
    return f"{table}[{index}]" + (f".{issue.column}" if issue.column else "")


def file_location(issue: Issue) -> str:
    """`bids.csv row 17 column unit_price`, as `procurement validate --lang en` locates it (locations, like codes,
    read the same in every language)."""
    return issue.location("en")


def lines_location(issue: Issue) -> str:
    """`line 4 field quantity` for a JSON-lines body (one demand object per line)."""
    if issue.file != "demand.csv" or issue.row is None:
        return file_location(issue)
    return f"line {issue.row}" + (f" field {issue.column}" if issue.column else "")


LOCATIONS = {"json": json_location, "file": file_location, "lines": lines_location}


def describe_issues(issues: Sequence[Issue], style: str, lang: str | None = None) -> list[dict[str, Any]]:
    """Issues as the API lists them: location (`style` json, file or lines), stable code, message in `lang` (the
    request's language by default) and severity."""
    lang = lang or request_language()
    return [
        {
            "location": LOCATIONS[style](issue),
            "code": issue.code,
            "message": _message(issue, style, lang),
            "severity": str(issue.severity),
        }
        for issue in issues
    ]


def _message(issue: Issue, style: str, lang: str) -> str:
    message = issue.message(lang)
    return message if style == "file" else CSV_NAME.sub(r"\1", message)


# --- uploaded archives ------------------------------------------------------------------------------------


def upload_name(filename: str | None, default: str) -> str:
    """An uploaded file's own name, without any folder the browser sent with it."""
    return (filename or default).replace("\\", "/").rsplit("/", 1)[-1] or default


def check_upload(settings: Settings, name: str, data: bytes) -> None:
    """Refuse an uploaded .zip or .xlsx that must not be opened (unsafe_archive) before anything reads it."""
    workbook = is_workbook(name)
    unpacked = MAX_UNPACKED_BYTES if workbook else settings.max_upload_bytes
    refused = unsafe_archive(data, settings.max_zip_members, unpacked, settings.max_zip_ratio, workbook)
    if refused and not (workbook and refused == NOT_A_ZIP):  # the workbook reader names an .xls or a damaged file
        issue = api_issue(name, refused.key, **refused.params)
        raise InvalidError("api.upload_refused", [issue], name=name, reason=issue["message"])


def uploaded_package(name: str, data: bytes) -> tuple[RawPackage, list[dict[str, Any]] | None]:
    """An upload (already checked) read as a package: a workbook validated with its issues located by sheet and
    cell, and its warnings; a .zip as it is (the service validates it)."""
    return workbook_package(name, data) if is_workbook(name) else (zip_package(name, data), None)


def zip_package(name: str, data: bytes) -> RawPackage:
    """Read an uploaded (already checked) archive with procurement's reader; `source` keeps the upload's name."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "package.zip"
        path.write_bytes(data)
        try:
            package = read_package(path)
        except ScenarioError as error:  # two packages in one archive, a damaged member
            raise invalid(
                [replace(issue, file=issue.file.replace(path.name, name, 1)) for issue in error.issues], "file"
            ) from None
    return replace(package, source=name)


def workbook_package(name: str, data: bytes) -> tuple[RawPackage, list[dict[str, Any]]]:
    """An uploaded (already checked) .xlsx read and validated as `procurement validate` does it, and its warnings.

    Problems are a 422 located as Excel shows them (`bids!D17 column unit_price`), with the CLI's messages.
    """
    try:
        package, layout = read_workbook(data, name)
    except ScenarioError as error:  # not an .xlsx, macros, links to other workbooks, too large
        raise invalid(error.issues, "file") from None
    try:
        _, warnings = validate_package(package)
    except ScenarioError as error:
        raise invalid(located_errors(error.issues, package, layout), "file") from None
    return package, describe_issues(locate(warnings, layout), "file")


def invalid(issues: Sequence[Issue], style: str, detail: str | None = None) -> InvalidError:
    """A 422 listing every issue as the API describes them (`style`), and keeping them for the pages."""
    described = describe_issues(issues, style)
    errors = sum(issue["severity"] == "error" for issue in described)
    error = InvalidError(detail or "api.problems_scenario", described, count=errors)
    error.found = list(issues)
    return error


# --- database rows ----------------------------------------------------------------------------------------


def typed_rows(package: RawPackage) -> dict[str, list[dict[str, Any]]]:
    """The validated text of each table as database rows: the core columns as Decimal numbers, whole counts,
    booleans or None; the columns award rules add (and whole tables they own) as their canonical text in
    `rule_cells`, with `institution_id` kept aside so an institution's rows can be found."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for spec in TABLES:
        table = package.tables.get(spec.file)
        records = [] if table is None else table.to_dict("records")
        core = CORE_COLUMNS.get(spec.name, set())
        rows[spec.name] = [_row(spec, core, {c.name: str(r.get(c.name, "")) for c in spec.columns}) for r in records]
    return rows


def _row(spec: TableSpec, core: set[str], cells: dict[str, str]) -> dict[str, Any]:
    typed = {c.name: _typed(c.kind, cells[c.name]) for c in spec.columns}
    row = {name: value for name, value in typed.items() if name in core}
    row["rule_cells"] = {name: _text(value) for name, value in typed.items() if name not in core and value is not None}
    if not core and "institution_id" in cells:
        row["institution_id"] = cells["institution_id"] or None
    return row


def cell_text(spec: TableSpec, row: Any, column: str) -> str:
    """A stored (or insert-ready) row's cell as package text."""
    if column in CORE_COLUMNS.get(spec.name, ()):
        return _text(_get(row, column))
    cells: Mapping[str, str] = _get(row, "rule_cells") or {}
    return cells.get(column, "")


def cell_value(spec: TableSpec, row: Any, column: str) -> Any:
    """A stored row's cell as the API shows it: a number, a flag, a text or None."""
    if column in CORE_COLUMNS.get(spec.name, ()):
        return _get(row, column)
    return _typed(spec.column(column).kind, cell_text(spec, row, column))


def _typed(kind: Kind, text: str) -> Any:
    if text == "":
        return None
    if kind in NUMBERS:
        return _decimal(text)
    if kind is Kind.COUNT:
        return int(_decimal(text))
    if kind is Kind.FLAG:
        return text.lower() in TRUE_WORDS
    return text


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        return Decimal(repr(float(text)))


def export_package(folder: Path, settings: Mapping[str, Any], rows: Mapping[str, Sequence[Any]]) -> RawPackage:
    """Write stored rows as a package folder and read it back: the exact input, and its sha256, of a version."""
    tables = {spec.file: _text_table(spec, rows.get(spec.name, ())) for spec in TABLES}
    kept = {file: table for file, table in tables.items() if len(table) or _required(file)}
    write_package(folder, settings, kept)
    return read_package(folder)


def _required(file: str) -> bool:
    return next(spec.required_file for spec in TABLES if spec.file == file)


def _text_table(spec: TableSpec, rows: Sequence[Any]) -> pd.DataFrame:
    names = [column.name for column in spec.columns]
    values = [[cell_text(spec, row, name) for name in names] for row in rows]
    return pd.DataFrame(values, columns=pd.Index(names), dtype=object)


def _get(row: Any, name: str) -> Any:
    return row.get(name) if isinstance(row, Mapping) else getattr(row, name)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def zip_folder(folder: Path) -> bytes:
    """The package files of a folder as a .zip, for download."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in PACKAGE_FILES:
            if (folder / name).is_file():
                archive.write(folder / name, name)
    return buffer.getvalue()


# --- one institution's demand -----------------------------------------------------------------------------

DEMAND = next(spec for spec in TABLES if spec.file == "demand.csv")


def demand_table(data: bytes, content_type: str) -> tuple[pd.DataFrame, str, list[Issue]]:
    """Submitted demand rows as text cells, the location style of their issues, and reading problems.

    Accepted: a JSON array of objects, JSON lines (application/x-ndjson, one object per line), or CSV (text/csv).
    """
    issues: list[Issue] = []
    if "csv" in content_type:
        return _demand_csv(data, issues), "file", issues
    if "ndjson" in content_type or "jsonl" in content_type:
        return _demand_lines(data, issues), "lines", issues
    try:
        rows = json.loads(data or b"null")
    except (ValueError, UnicodeDecodeError) as error:
        return _empty_demand(), "json", [Issue("demand.csv", None, None, "json_invalid", params={"detail": error})]
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        return _empty_demand(), "json", [Issue("demand.csv", None, None, "json_not_array")]
    return json_table(DEMAND, rows, issues), "json", issues


def _demand_csv(data: bytes, issues: list[Issue]) -> pd.DataFrame:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / DEMAND.file).write_bytes(data)
        package = read_package(folder)
    issues.extend(issue for issue in package.issues if issue.file == DEMAND.file)
    return package.tables.get(DEMAND.file, _empty_demand())


def _demand_lines(data: bytes, issues: list[Issue]) -> pd.DataFrame:
    rows, lines = [], []
    for number, line in enumerate(data.decode("utf-8", errors="replace").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as error:
            issues.append(Issue(DEMAND.file, number, None, "json_invalid", params={"detail": error}))
            continue
        if not isinstance(row, dict):
            issues.append(Issue(DEMAND.file, number, None, "json_not_object"))
            continue
        rows.append(row)
        lines.append(number)
    return json_table(DEMAND, rows, issues, lines)


def _empty_demand() -> pd.DataFrame:
    return pd.DataFrame({**{column.name: pd.Series(dtype=object) for column in DEMAND.columns}, "_row": []})
