"""Build the scenario workbook template: headers, column notes and units, drop-downs, limits and an example row.

With a package, the same workbook is filled with that package's rows instead of the example, so a CSV package
can be turned into the workbook officers edit.
"""

from __future__ import annotations

import io
from typing import Any

from procurement.files import RawPackage
from procurement.messages import DEFAULT_LANGUAGE, LANGUAGES, catalogue, known, template, text, texts
from procurement.scenario import CATEGORIES, Column, Kind, TableSpec
from procurement.sheets import get_column_letter
from procurement.tables import SETTINGS as POLICY_SETTINGS
from procurement.tables import TABLES
from procurement.workbook import SETTINGS_SHEET, header, sheet_title

LAST_ROW = 20_000  # data validation reaches this far down each sheet
OWNER = {"institution_id": "institutions", "product_id": "products", "supplier_id": "suppliers"}
SOLVER_SETTINGS: list[tuple[str, Any, str]] = [
    ("solver.name", "highs", "solver.name"),
    ("solver.time_limit_s", 600, "solver.time_limit_s"),
    ("solver.mip_gap", 0, "solver.mip_gap"),
    ("solver.threads", None, "solver.threads"),
]
SETTINGS: list[tuple[str, Any, str]] = [  # (setting, example, its note in the catalogue's area setting_note)
    ("name", "Compra consolidada de ejemplo", "name"),
    ("currency", "MXN", "currency"),
    *((f"policy.{s.name}", s.example, s.name) for s in POLICY_SETTINGS),
    *SOLVER_SETTINGS,
]
NUMBERS = (Kind.AMOUNT, Kind.POSITIVE, Kind.COUNT, Kind.WHOLE, Kind.FRACTION)


def build_template(package: RawPackage | None = None, lang: str = DEFAULT_LANGUAGE) -> bytes:
    """The scenario workbook as .xlsx bytes, its words in `lang`: the example rows, or the rows and settings of
    `package`."""
    from openpyxl import Workbook

    workbook = Workbook()
    _add_instructions(workbook.active, lang)
    _add_settings(workbook.create_sheet(sheet_title(SETTINGS_SHEET, lang)), package, lang)
    for spec in TABLES:
        rows = _package_rows(spec, package) if package else [[column.example for column in spec.columns]]
        _add_table(workbook.create_sheet(sheet_title(spec.name, lang)), spec, rows, lang)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _add_instructions(sheet: Any, lang: str) -> None:
    from openpyxl.styles import Font

    t = texts("template", lang)
    sheet.title = t["instructions"]
    for line in (t["title"], t["how"], t["header"]):
        sheet.append([line])
    sheet.append([])
    sheet.append([t["sheet"], t["column"], t["required"], t["meaning"], t["unit"]])
    for cell in sheet[5]:
        cell.font = Font(bold=True)
    for spec in TABLES:
        for column in spec.columns:
            required = t["yes"] if column.required and spec.required_file else t["optional"]
            title = sheet_title(spec.name, lang)
            sheet.append([title, header(column.name, lang), required, note(spec, column, lang), unit(column, lang)])
    for letter, width in zip("ABCDE", (14, 18, 10, 80, 40), strict=True):
        sheet.column_dimensions[letter].width = width


def _add_settings(sheet: Any, package: RawPackage | None, lang: str) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    t = texts("template", lang)
    sheet.append([t["setting"], t["value"], t["note"]])
    given = _flat(package.settings) if package else {}
    for key, example, about in SETTINGS:
        sheet.append([key, given.get(key) if package else example, text(f"setting_note.{about}", lang)])
    _style_header(sheet, 3, (28, 36, 70))
    keys = DataValidation(type="list", formula1='"' + ",".join(key for key, _, _ in SETTINGS) + '"')
    keys.add(f"A2:A{len(SETTINGS) + 20}")
    sheet.add_data_validation(keys)


def _flat(settings: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in settings.items():
        flat |= _flat(value, f"{prefix}{key}.") if isinstance(value, dict) else {prefix + key: value}
    return flat


def _add_table(sheet: Any, spec: TableSpec, rows: list[list[Any]], lang: str) -> None:
    from openpyxl.comments import Comment

    headers = [header(column.name, lang) for column in spec.columns]
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    _style_header(sheet, len(spec.columns), [max(14, len(name) + 4) for name in headers])
    for position, column in enumerate(spec.columns, start=1):
        required = template(f"template.{'required' if column.required else 'optional'}", lang).capitalize()
        words = text(
            "template.cell_note", lang, note=note(spec, column, lang), unit=unit(column, lang), required=required
        )
        sheet.cell(row=1, column=position).comment = Comment(words, "procurement", width=260, height=110)
        letter = get_column_letter(position)
        if column.kind in (Kind.ID, Kind.TEXT, Kind.SHARES):
            for cell in sheet[letter][1:]:
                cell.number_format = "@"
        _add_validation(sheet, spec, column, f"{letter}2:{letter}{LAST_ROW}", lang)


def _add_validation(sheet: Any, spec: TableSpec, column: Column, cells: str, lang: str) -> None:
    """A drop-down for categories, flags and ids defined in another sheet; a lower bound for numbers."""
    from openpyxl.worksheet.datavalidation import DataValidation

    owner = OWNER.get(column.name)
    rules: dict[Kind, dict[str, Any]] = {
        Kind.CATEGORY: {"type": "list", "formula1": '"' + ",".join(CATEGORIES) + '"'},
        Kind.FLAG: {"type": "list", "formula1": '"true,false"' if lang == "en" else '"sí,no"'},
        Kind.AMOUNT: {"type": "decimal", "operator": "greaterThanOrEqual", "formula1": "0"},
        Kind.POSITIVE: {"type": "decimal", "operator": "greaterThan", "formula1": "0"},
        Kind.COUNT: {"type": "whole", "operator": "greaterThanOrEqual", "formula1": "1"},
        Kind.WHOLE: {"type": "whole", "operator": "greaterThanOrEqual", "formula1": "0"},
    }
    if column.kind is Kind.ID and owner and owner != spec.name:
        owner_sheet = sheet_title(owner, lang)
        rule: dict[str, Any] | None = {"type": "list", "formula1": f"'{owner_sheet}'!$A$2:$A${LAST_ROW}"}
    else:
        rule = rules.get(column.kind)
    if rule is None:
        return
    expected = text("template.expected", lang, unit=unit(column, lang))
    validation = DataValidation(**rule, allow_blank=True, showErrorMessage=True, error=expected)
    validation.errorTitle = f"{sheet_title(spec.name, lang)}.{header(column.name, lang)}"
    validation.add(cells)
    sheet.add_data_validation(validation)


def note(spec: TableSpec, column: Column, lang: str) -> str:
    key = f"column_note.{spec.name}.{column.name}"
    return template(key, lang) if known(key) else column.note


def unit(column: Column, lang: str) -> str:
    """The column's unit in `lang`, found by its English words (units are shared by many columns)."""
    english = {pair[1]: pair for key, pair in catalogue().items() if key.startswith("unit.")}
    return english[column.unit][LANGUAGES.index(lang)] if column.unit in english else column.unit


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
