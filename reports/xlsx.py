"""The savings report as an Excel workbook: one sheet per section, in the report's order, with native charts.

Figures are stored as numbers with a currency format, so officers can sum and filter them; text is stored as
text (never as a formula).
"""

from __future__ import annotations

import io
from dataclasses import asdict
from typing import Any

import pandas as pd

from procurement.pipeline import Outcome
from procurement.solve import SolveOptions
from reports.content import CONTRACT_FIGURES, COST_ITEMS, ReportContent, ReportOptions, build_content
from reports.dictamen import Dictamen
from reports.labels import dearer_label, excel_money_format, labels, outcome_label, reason_label, status_label
from reports.tables import result_tables, tables_xlsx, text_cell, write_sheet

SHEETS = (
    "headline",
    "by_institution",
    "cost_split",
    "awards",
    "concentration",
    "shortages",
    "binding",
    "dearer",
    "audit",
)


def savings_report_xlsx(outcome: Outcome, solve_options: SolveOptions, options: ReportOptions) -> bytes:
    return render_xlsx(build_content(outcome, solve_options, options))


def results_xlsx(outcome: Outcome) -> bytes:
    """Awards, shortages and savings of a run as one workbook, a sheet per table, columns as in the CSV files."""
    return tables_xlsx(result_tables(outcome), excel_money_format(outcome.scenario.currency))


def render_xlsx(content: ReportContent) -> bytes:
    from openpyxl import Workbook

    t, money_format = labels(content.lang), excel_money_format(content.currency)
    workbook = Workbook()
    workbook.remove(workbook.active)
    sheets = {key: workbook.create_sheet(t[f"sheet_{key}"]) for key in SHEETS}
    _pairs(sheets["headline"], _headline(content, t), money_format)
    write_sheet(sheets["by_institution"], content.institutions, money_format, _heads(t, INSTITUTION_HEADS))
    _bar_chart(sheets["by_institution"], t["savings"], label_column=1, value_column=5, rows=len(content.institutions))
    if len(content.periods):  # a purchase over several periods: its savings per period, after the institutions'
        periods = workbook.create_sheet(
            t["sheet_by_period"], index=workbook.sheetnames.index(t["sheet_by_institution"]) + 1
        )
        write_sheet(periods, content.periods, money_format, _heads(t, PERIOD_HEADS))
    cost_rows = [(t[item], content.cost_split[item], MONEY) for item in COST_ITEMS]
    _pairs(sheets["cost_split"], [(t["cost_item"], t["amount"], None), *cost_rows], money_format)
    write_sheet(sheets["awards"], content.awards, money_format, _heads(t, AWARD_HEADS))
    if len(content.open_contracts):  # a purchase with open contracts: each one's minimum and maximum, after the awards
        at = workbook.sheetnames.index(t["sheet_awards"]) + 1
        _open_contracts(workbook.create_sheet(t["sheet_open_contracts"], index=at), content, t)
    write_sheet(sheets["concentration"], content.suppliers, money_format, _heads(t, SUPPLIER_HEADS))
    _bar_chart(sheets["concentration"], t["value_share"], label_column=1, value_column=4, rows=len(content.suppliers))
    shortages = content.shortages.assign(
        reason=content.shortages["reason"].map(lambda r: reason_label(content.lang, r))
    )
    write_sheet(sheets["shortages"], shortages, money_format, _heads(t, SHORTAGE_HEADS))
    binding = content.binding.assign(rule=content.binding["rule"].map(lambda rule: t.get(rule, rule)))
    write_sheet(sheets["binding"], binding, None, _heads(t, BINDING_HEADS))
    dearer = content.dearer.assign(reason=content.dearer["reason"].map(lambda r: dearer_label(content.lang, r)))
    write_sheet(sheets["dearer"], dearer, money_format, _heads(t, DEARER_HEADS))
    _pairs(sheets["audit"], [(t[key], value, None) for key, value in content.audit.items()], None)
    if content.dictamen is not None:
        sheet = workbook.create_sheet(t["sheet_dictamen"])
        write_sheet(sheet, _dictamen(content, content.dictamen, t), money_format, _heads(t, DICTAMEN_HEADS))
        for (cell,) in sheet.iter_rows(min_row=2, min_col=6, max_col=6):  # the evaluated price
            cell.number_format = money_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


INSTITUTION_HEADS = "institution_id name baseline_cost consolidated_cost savings savings_pct unmet_quantity unmet_value"
PERIOD_HEADS = "period baseline_cost consolidated_cost savings savings_pct unmet_quantity unmet_value"
AWARD_HEADS = "product description supplier_id supplier quantity unit_price total_cost share"
SUPPLIER_HEADS = "supplier_id supplier total_cost value_share"
SHORTAGE_HEADS = "institution product quantity reason penalty_cost"
BINDING_HEADS = "rule institution product supplier limit used"
DEARER_HEADS = "institution product description baseline_cost consolidated_cost savings reason"
DICTAMEN_HEADS = (
    "product description supplier_id supplier unit_price evaluated_price rank awarded_quantity outcome statement"
)
DICTAMEN_COLUMNS = [
    "product_id",
    "description",
    "supplier_id",
    "supplier",
    "unit_price",
    "evaluated_price",
    "rank",
    "awarded_quantity",
    "outcome",
    "sentence",
]


def _dictamen(content: ReportContent, dictamen: Dictamen, t: dict[str, str]) -> pd.DataFrame:
    """One row per bid with its statement, then one per statement of the clave; the overall ones first."""
    parts = [pd.DataFrame({"description": t["purchase_wide"], "sentence": dictamen.purchase})]
    for clave in dictamen.claves:
        bids = pd.DataFrame(
            [{**asdict(bid), "outcome": outcome_label(content.lang, bid.outcome)} for bid in clave.bids]
        )
        notes = pd.DataFrame({"sentence": clave.notes})
        described = f"{clave.description} ({clave.period})" if clave.period else clave.description  # its period's
        parts += [part.assign(product_id=clave.product_id, description=described) for part in (bids, notes)]
    table = pd.concat([part for part in parts if len(part)] or [pd.DataFrame()], ignore_index=True)
    return table.reindex(columns=DICTAMEN_COLUMNS)


def _open_contracts(sheet: Any, content: ReportContent, t: dict[str, str]) -> None:
    """Each awarded open contract with its guaranteed minimum and maximum, then what budgets counted of them."""
    table = content.open_contracts
    period = ["period"] if "period" in table.columns else []
    heads = ["product", "institution", *period, "supplier_id", "supplier", *CONTRACT_FIGURES]
    write_sheet(sheet, table, excel_money_format(content.currency), [t[head] for head in heads])
    sheet.append([])
    sheet.append([text_cell(t[f"open_budget_{content.open_budget}"])])


def _heads(t: dict[str, str], keys: str) -> list[str]:
    return [t[key] for key in keys.split()]


MONEY, PERCENT = "money", "percent"


def _headline(content: ReportContent, t: dict[str, str]) -> list[tuple[str, Any, str | None]]:
    head = content.headline
    version = f"{content.institution[0]} {content.institution[1]}" if content.institution else ""
    credit = [(t[item], head[item], MONEY) for item in ("evaluation_credit", "evaluation_surcharge") if head[item]]
    return [
        (t["title"], content.scenario, None),
        (t["institution_version"], version, None) if version else (t["generated"], content.generated_at, None),
        (t["cost_paid"], head["cost_paid"], MONEY),
        (t["baseline_cost"], head["baseline_cost"], MONEY),
        (t["savings"], head["savings"], MONEY),
        (t["savings_pct"], head["savings_pct"], PERCENT),
        (t["awarded_quantity"], head["awarded_quantity"], None),
        (t["unmet_quantity"], head["unmet_quantity"], None),
        (t["unmet_value"], head["unmet_value"], MONEY),
        *credit,
        (t["status"], status_label(content.lang, head["status"]), None),
        (t["gap"], None if head["gap"] is None else 100 * head["gap"], PERCENT),
    ]


def _pairs(sheet: Any, rows: list[tuple[str, Any, str | None]], money_format: str | None) -> None:
    """Two columns, label and value; money and percent values get their number format."""
    from openpyxl.styles import Font

    formats = {MONEY: money_format, PERCENT: '0.00" %"'}
    for label, value, kind in rows:
        sheet.append([text_cell(label), text_cell(value)])
        if kind and formats[kind]:
            sheet.cell(row=sheet.max_row, column=2).number_format = formats[kind]
    sheet.cell(row=1, column=1).font = Font(bold=True)
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 70


def _bar_chart(sheet: Any, title: str, label_column: int, value_column: int, rows: int) -> None:
    """A native Excel bar chart of one column of the sheet's table, beside the table."""
    from openpyxl.chart import BarChart, Reference

    if rows == 0:
        return
    chart = BarChart()
    chart.type = "bar"
    chart.title = title
    chart.legend = None
    chart.height, chart.width = max(6.0, 0.8 * rows + 2), 16.0
    chart.add_data(Reference(sheet, min_col=value_column, min_row=1, max_row=rows + 1), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=label_column, min_row=2, max_row=rows + 1))
    chart.y_axis.majorGridlines = None
    chart.x_axis.scaling.orientation = "maxMin"  # first row at the top, as in the table
    sheet.add_chart(chart, f"{_column_after(sheet)}2")


def _column_after(sheet: Any) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(sheet.max_column + 2))
