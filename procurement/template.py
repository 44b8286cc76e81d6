"""Build the scenario workbook template: headers, column notes and units, drop-downs, limits and an example row.

With a package, the same workbook is filled with that package's rows instead of the example, so a CSV package
can be turned into the workbook officers edit.
"""

from __future__ import annotations

import io
from typing import Any

from procurement.files import RawPackage
from procurement.scenario import CATEGORIES, Column, Kind, TableSpec
from procurement.sheets import SETTINGS_HEADER, get_column_letter
from procurement.tables import SETTINGS as POLICY_SETTINGS
from procurement.tables import TABLES
from procurement.workbook import NOTES_SHEET, SETTINGS_SHEET

LAST_ROW = 20_000  # data validation reaches this far down each sheet
OWNER = {"institution_id": "institutions", "product_id": "products", "supplier_id": "suppliers"}
SOLVER_SETTINGS: list[tuple[str, Any, str]] = [
    ("solver.name", "highs", "highs or cbc"),
    ("solver.time_limit_s", 600, "wall-time limit of each solve, in seconds"),
    ("solver.mip_gap", 0, "relative gap at which to stop; 0 proves optimality"),
    ("solver.threads", None, "threads per solver instance (blank: solver default)"),
]
SETTINGS: list[tuple[str, Any, str]] = [
    ("name", "Compra consolidada de ejemplo", "name of the purchase"),
    ("currency", "MXN", "currency of every amount"),
    *((f"policy.{s.name}", s.example, s.note) for s in POLICY_SETTINGS),
    *SOLVER_SETTINGS,
]
NUMBERS = (Kind.AMOUNT, Kind.POSITIVE, Kind.COUNT, Kind.WHOLE, Kind.FRACTION)


def build_template(package: RawPackage | None = None) -> bytes:
    """The scenario workbook as .xlsx bytes: the example rows, or the rows and settings of `package`."""
    from openpyxl import Workbook

    workbook = Workbook()
    _add_instructions(workbook.active)
    _add_settings(workbook.create_sheet(SETTINGS_SHEET), package)
    for spec in TABLES:
        rows = _package_rows(spec, package) if package else [[column.example for column in spec.columns]]
        _add_table(workbook.create_sheet(spec.name), spec, rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _add_instructions(sheet: Any) -> None:
    from openpyxl.styles import Font

    sheet.title = NOTES_SHEET
    sheet.append(["Scenario workbook: one sheet per table, one row per record; this sheet is ignored on import."])
    sheet.append(["Fill the sheets, then: procurement validate FILE.xlsx, procurement solve FILE.xlsx --out DIR."])
    sheet.append(["Replace the example rows. Row 1 of each sheet is the header: keep the column names as they are."])
    sheet.append([])
    sheet.append(["sheet", "column", "required", "meaning", "unit / type"])
    for cell in sheet[5]:
        cell.font = Font(bold=True)
    for spec in TABLES:
        for column in spec.columns:
            required = "yes" if column.required and spec.required_file else "optional"
            sheet.append([spec.name, column.name, required, column.note, column.unit])
    for letter, width in zip("ABCDE", (14, 18, 10, 80, 40), strict=True):
        sheet.column_dimensions[letter].width = width


def _add_settings(sheet: Any, package: RawPackage | None) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet.append([*SETTINGS_HEADER, "note"])
    given = _flat(package.settings) if package else {}
    for key, example, note in SETTINGS:
        sheet.append([key, given.get(key) if package else example, note])
    _style_header(sheet, 3, (28, 36, 70))
    keys = DataValidation(type="list", formula1='"' + ",".join(key for key, _, _ in SETTINGS) + '"')
    keys.add(f"A2:A{len(SETTINGS) + 20}")
    sheet.add_data_validation(keys)


def _flat(settings: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in settings.items():
        flat |= _flat(value, f"{prefix}{key}.") if isinstance(value, dict) else {prefix + key: value}
    return flat


def _add_table(sheet: Any, spec: TableSpec, rows: list[list[Any]]) -> None:
    from openpyxl.comments import Comment

    sheet.append([column.name for column in spec.columns])
    for row in rows:
        sheet.append(row)
    _style_header(sheet, len(spec.columns), [max(14, len(column.name) + 4) for column in spec.columns])
    for position, column in enumerate(spec.columns, start=1):
        required = "required" if column.required else "optional"
        text = f"{column.note}.\nUnit: {column.unit}. {required.capitalize()}."
        note = Comment(text, "procurement", width=260, height=110)
        sheet.cell(row=1, column=position).comment = note
        letter = get_column_letter(position)
        if column.kind in (Kind.ID, Kind.TEXT, Kind.SHARES):
            for cell in sheet[letter][1:]:
                cell.number_format = "@"
        _add_validation(sheet, spec, column, f"{letter}2:{letter}{LAST_ROW}")


def _add_validation(sheet: Any, spec: TableSpec, column: Column, cells: str) -> None:
    """A drop-down for categories, flags and ids defined in another sheet; a lower bound for numbers."""
    from openpyxl.worksheet.datavalidation import DataValidation

    owner = OWNER.get(column.name)
    rules: dict[Kind, dict[str, Any]] = {
        Kind.CATEGORY: {"type": "list", "formula1": '"' + ",".join(CATEGORIES) + '"'},
        Kind.FLAG: {"type": "list", "formula1": '"true,false"'},
        Kind.AMOUNT: {"type": "decimal", "operator": "greaterThanOrEqual", "formula1": "0"},
        Kind.POSITIVE: {"type": "decimal", "operator": "greaterThan", "formula1": "0"},
        Kind.COUNT: {"type": "whole", "operator": "greaterThanOrEqual", "formula1": "1"},
        Kind.WHOLE: {"type": "whole", "operator": "greaterThanOrEqual", "formula1": "0"},
    }
    if column.kind is Kind.ID and owner and owner != spec.name:
        rule: dict[str, Any] | None = {"type": "list", "formula1": f"{owner}!$A$2:$A${LAST_ROW}"}
    else:
        rule = rules.get(column.kind)
    if rule is None:
        return
    validation = DataValidation(**rule, allow_blank=True, showErrorMessage=True, error=f"Expected: {column.unit}")
    validation.errorTitle = f"{spec.name}.{column.name}"
    validation.add(cells)
    sheet.add_data_validation(validation)


def _style_header(sheet: Any, count: int, widths: Any) -> None:
    from openpyxl.styles import Font, PatternFill

    for position, width in zip(range(1, count + 1), widths, strict=True):
        cell = sheet.cell(row=1, column=position)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
        sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.freeze_panes = "A2"


def _package_rows(spec: TableSpec, package: RawPackage) -> list[list[Any]]:
    """A package's CSV cells typed for Excel: numbers as numbers, so formulas and sums work on them."""
    table = package.tables.get(spec.file)
    if table is None:
        return []
    records = table.to_dict("records")
    return [[_cell(record.get(column.name, ""), column.kind) for column in spec.columns] for record in records]


def _cell(text: str, kind: Kind) -> Any:
    if text == "":
        return None
    if kind in NUMBERS:
        try:
            number = float(text)
        except ValueError:
            return text
        return int(number) if number.is_integer() else number
    return text
