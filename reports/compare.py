"""What-if variants side by side: cost, like-for-like savings and unmet demand, in total and per institution, and
the suppliers awarded, so an officer sees what each rule costs and which variant buys less."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from procurement.pipeline import Outcome, options_for, run_scenario
from procurement.variants import Variant
from reports.labels import excel_money_format, labels, status_label
from reports.tables import tables_xlsx

Progress = Callable[[int, int, str], None]


def solve_variants(variants: list[Variant], progress: Progress, **overrides: object) -> list[Outcome]:
    """Solve each variant in turn (its own solver settings, unless `overrides` give one)."""
    outcomes = []
    for done, variant in enumerate(variants):
        progress(done, len(variants), variant.label)
        outcomes.append(run_scenario(variant.scenario, options_for(variant.scenario, **overrides)))
    progress(len(variants), len(variants), "done")
    return outcomes


def comparison_table(variants: list[Variant], outcomes: list[Outcome], lang: str = "es") -> pd.DataFrame:
    """One column per variant, one row per figure; money in currency units."""
    t = labels(lang)
    columns = {variant.label: _figures(outcome, lang) for variant, outcome in zip(variants, outcomes, strict=True)}
    table = pd.DataFrame(columns)
    table.index.name = t["variant"]
    return table.reset_index()


def comparison_xlsx(table: pd.DataFrame, currency: str) -> bytes:
    return tables_xlsx({"comparison": table}, excel_money_format(currency))


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
