"""What-if variants side by side: cost, like-for-like savings and unmet demand, in total and per institution, and
the suppliers awarded, so an officer sees what each rule costs and which variant buys less."""

from __future__ import annotations

import io
from collections.abc import Callable

import pandas as pd

from procurement.exact import money_text, number_text
from procurement.messages import Message
from procurement.pipeline import Outcome, options_for, run_scenario
from procurement.scenario import Scenario
from procurement.sharing import Piece, current_board, share
from procurement.variants import Variant
from reports.labels import excel_money_format, labels, status_label
from reports.tables import escape_text, write_sheet

Progress = Callable[[int, int, Message], None]  # (variants done, variants in all, what is happening)


def solve_variants(variants: list[Variant], progress: Progress, **overrides: object) -> list[Outcome]:
    """Solve every variant (its own solver settings, unless `overrides` give one), here one after another and by
    the helpers of the current board at the same time (procurement.sharing)."""
    total, done = len(variants), 0
    progress(0, total, Message("progress.solving", {"count": total}))

    def solved(piece: int) -> None:
        nonlocal done
        done += 1
        progress(done, total, Message("progress.variant_solved", {"label": variants[piece].label}))

    pieces: list[Piece] = [(solve_variant, (variant.scenario, overrides)) for variant in variants]
    shared = share(pieces, current_board(), on_done=solved)
    return [shared.results[piece] for piece in range(total)]


def solve_variant(scenario: Scenario, overrides: dict[str, object]) -> Outcome:
    """One variant's outcome, without the solved model behind it (a comparison reads only its tables, and the
    outcome may travel back from a helper's process)."""
    outcome = run_scenario(scenario, options_for(scenario, **overrides))
    outcome.award = None
    return outcome


def comparison_table(variants: list[Variant], outcomes: list[Outcome], lang: str = "es") -> pd.DataFrame:
    """One column per variant, one row per figure; money in currency units."""
    t = labels(lang)
    columns = {variant.label: _figures(outcome, lang) for variant, outcome in zip(variants, outcomes, strict=True)}
    table = pd.DataFrame(columns)
    table.index.name = t["variant"]
    return table.reset_index()


def comparison_csv(table: pd.DataFrame, lang: str) -> bytes:
    """comparison.csv: money and percentages with exactly two decimals, counts without decimals."""
    exact = table.astype(object).map(escape_text)
    for row, kind in enumerate(row_kinds(table, lang)):
        text = money_text if kind else number_text
        for column in table.columns[1:]:
            value = table.at[row, column]
            if isinstance(value, int | float) and not isinstance(value, bool):
                exact.at[row, column] = text(value)
    csv_text: str = exact.to_csv(index=False, lineterminator="\n")
    return csv_text.encode("utf-8-sig")


def comparison_xlsx(table: pd.DataFrame, currency: str, lang: str) -> bytes:
    """comparison.xlsx: figures as numbers, money rows in the currency's format and percentages with two decimals."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "comparison"
    write_sheet(sheet, table, None)
    formats = {"money": excel_money_format(currency), "percent": "0.00"}
    for row, kind in enumerate(row_kinds(table, lang), start=2):
        if kind:
            for cell in sheet[row][1:]:
                cell.number_format = formats[kind]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row_kinds(table: pd.DataFrame, lang: str) -> list[str | None]:
    """Each figure's kind by its label: money, percent or (None) a count or a word."""
    t = labels(lang)
    money = {t[key] for key in ("consolidated_cost", "baseline_cost", "savings", "unmet_value")}
    kinds: list[str | None] = []
    for label in table.iloc[:, 0]:
        if label == t["savings_pct"]:  # before the per-institution savings: in Spanish it reads "Ahorro %"
            kinds.append("percent")
        else:
            kinds.append("money" if label in money or str(label).startswith(f"{t['savings']} ") else None)
    return kinds


def _figures(outcome: Outcome, lang: str) -> dict[str, float | int | str | None]:
    t = labels(lang)
    figures: dict[str, float | int | str | None] = {t["status"]: status_label(lang, str(outcome.status))}
    if not outcome.status.has_solution:
        return figures
    totals = outcome.savings_totals
    figures |= {
        t["consolidated_cost"]: totals["consolidated_cost"],
        t["baseline_cost"]: totals["baseline_cost"],
        t["savings"]: totals["savings"],
        t["savings_pct"]: totals["savings_pct"],
        t["awarded_quantity"]: totals["awarded_quantity"],
        t["unmet_quantity"]: totals["unmet_quantity"],
        t["unmet_value"]: totals["unmet_value"],
        t["shortages_count"]: len(outcome.shortages),
    }
    for row in outcome.savings_by_institution.itertuples():
        figures[f"{t['savings']} {row.institution_id}"] = row.savings
        figures[f"{t['unmet_quantity']} {row.institution_id}"] = row.unmet_quantity
    figures[t["suppliers_count"]] = int(outcome.awards["supplier_id"].nunique())
    return figures
