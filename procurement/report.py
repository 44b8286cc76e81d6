"""Write an outcome to files (CSV tables and summary.json) and format its savings table for a terminal."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from procurement import __version__
from procurement.awards import to_cents
from procurement.exact import exact_table
from procurement.explain import Explanation
from procurement.messages import DEFAULT_LANGUAGE, text
from procurement.pipeline import Outcome
from procurement.rules.open_contracts import MAXIMUM, minimum_share
from procurement.rules.periods import has_periods, period_shown
from procurement.rules.price_reasonableness import FLAG, NOT_ACCEPTABLE, NOT_CONVENIENT, research_basis
from procurement.rules.supplier_record import record_surcharges
from procurement.scenario import Scenario
from procurement.solve import SolveOptions, SolveStatus, solver_version

TABLE_COLUMNS = ("institution", "baseline", "consolidated", "savings_column", "pct", "unmet_units", "unmet_value")


def summary(outcome: Outcome, options: SolveOptions) -> dict[str, Any]:
    solution, scenario = outcome.solution, outcome.scenario
    return {
        "scenario": scenario.name,
        "currency": scenario.currency,
        "status": str(solution.status),
        "objective": solution.objective,
        "cost_terms": solution.cost_terms if solution.status.has_solution else None,
        "bound": solution.bound,
        "gap": solution.gap,
        "solver": {
            "name": options.solver,
            "version": solution.solver_version or solver_version(options.solver),
            "time_limit_s": options.time_limit_s,
            "mip_gap": options.mip_gap,
            "threads": options.threads,
            "model": "MILP" if solution.is_mip else "LP",
            "blocks": solution.blocks,
        },
        "wall_time_s": round(sum(outcome.timings.values()), 3),
        "timings_s": {name: round(value, 3) for name, value in outcome.timings.items()},
        "input_sha256": scenario.source_sha256,
        "scenario_fingerprint": scenario.fingerprint,
        "counts": {
            "institutions": len(scenario.institutions),
            "products": len(scenario.products),
            "suppliers": len(scenario.suppliers),
            "bids": len(scenario.bids),
            "demand_rows": len(scenario.demand),
            "inadmissible_bids": len(solution.inadmissible),
            "awards": len(outcome.awards),
            "shortages": len(outcome.shortages),
            "binding_rules": len(outcome.binding),
        },
        "costs": (
            costs(outcome.awards, outcome.shortages, solution.cost_terms) if solution.status.has_solution else None
        ),
        "savings": outcome.savings_totals if solution.status.has_solution else None,
        "periods": _periods_summary(outcome) if solution.status.has_solution else None,
        "explanation": None if outcome.explanation is None else _explanation_summary(outcome.explanation),
        "price_check": _price_check_summary(scenario, outcome.price_flags),
        "supplier_record": record_surcharges(scenario),
        "open_contracts": _open_contracts_summary(scenario, outcome.open_contracts),
        "warnings": [str(issue) for issue in outcome.warnings],
        "procurement_version": __version__,
    }


def _periods_summary(outcome: Outcome) -> list[dict[str, Any]] | None:
    """Savings per period (procurement.rules.periods); None where the purchase has one period."""
    if not has_periods(outcome.scenario):
        return None
    table = outcome.savings_by_period
    return [
        {"period": row["period"], **{name: None if pd.isna(value) else value for name, value in row.items()}}
        for row in table.to_dict("records")
    ]


def _explanation_summary(explanation: Explanation) -> dict[str, Any]:
    """How the explanation was found; `complete` is false where its time limit left figures blank."""
    return {
        "solver": explanation.solver,
        "complete": explanation.complete,
        "offers_without_price": explanation.offers_without_price,
    }


def _price_check_summary(scenario: Scenario, flags: pd.DataFrame) -> dict[str, Any]:
    """How bid prices were checked (procurement.rules.price_reasonableness): flagged or excluded, against what,
    and how many bid rows each flag caught."""
    counts = flags["flag"].value_counts()
    return {
        "mode": scenario.policy.get("price_check", FLAG),
        "research": research_basis(scenario) or None,
        **{flag: int(counts.get(flag, 0)) for flag in (NOT_ACCEPTABLE, NOT_CONVENIENT)},
    }


def _open_contracts_summary(scenario: Scenario, table: pd.DataFrame) -> dict[str, Any] | None:
    """Open contracts (procurement.rules.open_contracts): what budgets counted, how many contracts, and what their
    maximums and minimums cost in all; None where the purchase has none."""
    if not (minimum_share(scenario) < 1).any():
        return None
    return {
        "budget_basis": scenario.policy.get("open_contract_budget", MAXIMUM),
        "contracts": len(table),
        "maximum_cost": int(to_cents(table["maximum_cost"]).sum()) / 100,
        "minimum_cost": int(to_cents(table["minimum_cost"]).sum()) / 100,
    }


def costs(awards: pd.DataFrame, shortages: pd.DataFrame, cost_terms: dict[str, float]) -> dict[str, float]:
    """What these awards cost, in exact cents: paid (purchase, delivery, fixed costs and their total, the sums of
    awards.csv), the evaluation credit national suppliers were compared with and the surcharge suppliers' records
    added (never paid; from the solver's `cost_terms`, so {} leaves them out) and the penalties of unmet demand
    (never paid either)."""
    paid = {item: int(to_cents(awards[f"{item}_cost"]).sum()) for item in ("purchase", "delivery", "fixed")}
    credit = -cost_terms.get("national_preference", 0.0)
    surcharge = cost_terms.get("supplier_record", 0.0)
    return {
        **{item: cents / 100 for item, cents in paid.items()},
        "paid": sum(paid.values()) / 100,
        "evaluation_credit": int(to_cents([credit])[0]) / 100,
        "evaluation_surcharge": int(to_cents([surcharge])[0]) / 100,
        "shortage_penalty": int(to_cents(shortages["penalty_cost"]).sum()) / 100,
    }


def write_outcome(outcome: Outcome, options: SolveOptions, out: Path) -> list[Path]:
    """Write every result file; each file appears whole or not at all."""
    inadmissible = outcome.solution.inadmissible
    files: dict[str, pd.DataFrame | dict[str, Any]] = {
        "awards.csv": outcome.awards,
        "shortages.csv": outcome.shortages,
        "savings_by_institution.csv": outcome.savings_by_institution,
        "savings_by_product.csv": outcome.savings_by_product,
        "savings_by_supplier.csv": outcome.savings_by_supplier,
        "savings_by_pair.csv": outcome.savings_by_pair,
        "binding_rules.csv": outcome.binding,
        "inadmissible_bids.csv": inadmissible[["supplier_id", "product_id", "unit_price", "reference_price"]]
        if len(inadmissible)
        else pd.DataFrame(columns=["supplier_id", "product_id", "unit_price", "reference_price"]),
        "price_flags.csv": outcome.price_flags,
        "open_contracts.csv": outcome.open_contracts,
        "summary.json": summary(outcome, options),
    }
    if has_periods(outcome.scenario):
        files["savings_by_period.csv"] = outcome.savings_by_period
    if outcome.explanation is not None:
        files["explanation.csv"] = outcome.explanation.offers
        files["rule_costs.csv"] = outcome.explanation.rule_costs
    files = {
        name: period_shown(outcome.scenario, content) if isinstance(content, pd.DataFrame) else content
        for name, content in files.items()
    }
    out.mkdir(parents=True, exist_ok=True)
    return [_write_atomically(out / name, content) for name, content in files.items()]


def _write_atomically(path: Path, content: pd.DataFrame | dict[str, Any]) -> Path:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
        if isinstance(content, pd.DataFrame):
            exact_table(content).to_csv(stream, index=False, lineterminator="\n")
        else:
            json.dump(content, stream, indent=2, ensure_ascii=False, allow_nan=False, default=str)
            stream.write("\n")
    os.replace(temporary, path)
    return path


def headline(outcome: Outcome, lang: str = DEFAULT_LANGUAGE) -> str:
    """The run in a few lines: cost paid, like-for-like savings, unmet demand, the evaluation credit and surcharge
    apart, and what open contracts commit."""
    paid = costs(outcome.awards, outcome.shortages, outcome.solution.cost_terms)
    totals, currency = outcome.savings_totals, outcome.scenario.currency
    lines = [
        text(
            "solve.paid",
            lang,
            paid=_money(paid["paid"]),
            units=_units(totals["awarded_quantity"]),
            awards=len(outcome.awards),
            currency=currency,
        ),
        text(
            "solve.savings",
            lang,
            savings=_money(totals["savings"]),
            pct=_pct(totals["savings_pct"]),
            baseline=_money(totals["baseline_cost"]),
            currency=currency,
        ),
        text(
            "solve.unmet",
            lang,
            units=_units(totals["unmet_quantity"]),
            shortages=len(outcome.shortages),
            value=_money(totals["unmet_value"]),
            currency=currency,
        ),
    ]
    if paid["evaluation_credit"]:
        lines.append(text("solve.credit", lang, credit=_money(paid["evaluation_credit"]), currency=currency))
    if paid["evaluation_surcharge"]:
        surcharge = _money(paid["evaluation_surcharge"])
        lines.append(text("solve.surcharge", lang, surcharge=surcharge, currency=currency))
    contracts = _open_contracts_summary(outcome.scenario, outcome.open_contracts)
    if contracts:
        basis = text(f"solve.open_contracts.{contracts['budget_basis']}", lang)
        figures = {"minimum": _money(contracts["minimum_cost"]), "maximum": _money(contracts["maximum_cost"])}
        count = f"{contracts['contracts']:,}"
        lines.append(text("solve.open_contracts", lang, contracts=count, basis=basis, currency=currency, **figures))
    if totals["dearer_pairs"]:
        lines.append(text("solve.dearer", lang, count=totals["dearer_pairs"]))
    return "\n".join(lines)


def no_award(status: SolveStatus, lang: str = DEFAULT_LANGUAGE) -> str:
    """Why a run has no award, in `lang`: the status it ended with, in words."""
    return text("solve.no_award", lang, status=text(f"status.{status}", lang))


def format_savings_table(outcome: Outcome, lang: str = DEFAULT_LANGUAGE) -> str:
    """Savings per institution with a total line, aligned for a terminal; then per period, where the purchase has
    several."""
    names = outcome.scenario.institutions.set_index("institution_id")["name"]
    labels = [f"{i} {names.get(i, '')}".strip()[:40] for i in outcome.savings_by_institution["institution_id"]]
    tables = [_savings_lines(outcome, "institution", outcome.savings_by_institution, labels, lang)]
    if has_periods(outcome.scenario):
        by_period = outcome.savings_by_period
        tables.append(_savings_lines(outcome, "period", by_period, list(by_period["period"]), lang))
    return "\n\n".join(tables)


def _savings_lines(outcome: Outcome, first: str, table: pd.DataFrame, labels: list[str], lang: str) -> str:
    columns = (first, *TABLE_COLUMNS[1:])
    header = [text(f"solve.{column}", lang, currency=outcome.scenario.currency) for column in columns]
    totals = outcome.savings_totals
    rows = [
        [
            label,
            _money(row.baseline_cost),
            _money(row.consolidated_cost),
            _money(row.savings),
            _pct(row.savings_pct),
            _units(row.unmet_quantity),
            _money(row.unmet_value),
        ]
        for label, row in zip(labels, table.itertuples(), strict=True)
    ]
    rows.append(
        [
            text("solve.total", lang),
            *(_money(totals[name]) for name in ("baseline_cost", "consolidated_cost", "savings")),
            _pct(totals["savings_pct"]),
            _units(totals["unmet_quantity"]),
            _money(totals["unmet_value"]),
        ]
    )
    widths = [max(len(str(line[c])) for line in [header, *rows]) for c in range(len(header))]
    lines = [_align(line, widths) for line in [header, *rows]]
    lines.insert(1, "-" * len(lines[0]))
    lines.insert(len(lines) - 1, "-" * len(lines[0]))
    return "\n".join(lines)


def _align(cells: list[str], widths: list[int]) -> str:
    return "  ".join(c.ljust(w) if k == 0 else c.rjust(w) for k, (c, w) in enumerate(zip(cells, widths, strict=True)))


def _money(value: float | None) -> str:
    return "—" if value is None or pd.isna(value) else f"{value:,.2f}"


def _units(value: float | None) -> str:
    return "—" if value is None or pd.isna(value) else f"{value:,.0f}"


def _pct(value: float | None) -> str:
    return "—" if value is None or pd.isna(value) else f"{value:.2f}"
