"""Write an outcome to files (CSV tables and summary.json) and format its savings table for a terminal."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from procurement import __version__
from procurement.pipeline import Outcome
from procurement.solve import SolveOptions, solver_version


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
        "savings": outcome.savings_totals if solution.status.has_solution else None,
        "warnings": [str(issue) for issue in outcome.warnings],
        "procurement_version": __version__,
    }


def write_outcome(outcome: Outcome, options: SolveOptions, out: Path) -> list[Path]:
    """Write every result file; each file appears whole or not at all."""
    inadmissible = outcome.solution.inadmissible
    files: dict[str, pd.DataFrame | dict[str, Any]] = {
        "awards.csv": outcome.awards,
        "shortages.csv": outcome.shortages,
        "savings_by_institution.csv": outcome.savings_by_institution,
        "savings_by_product.csv": outcome.savings_by_product,
        "binding_rules.csv": outcome.binding,
        "inadmissible_bids.csv": inadmissible[["supplier_id", "product_id", "unit_price", "reference_price"]]
        if len(inadmissible)
        else pd.DataFrame(columns=["supplier_id", "product_id", "unit_price", "reference_price"]),
        "summary.json": summary(outcome, options),
    }
    out.mkdir(parents=True, exist_ok=True)
    return [_write_atomically(out / name, content) for name, content in files.items()]


def _write_atomically(path: Path, content: pd.DataFrame | dict[str, Any]) -> Path:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
        if isinstance(content, pd.DataFrame):
            content.to_csv(stream, index=False, lineterminator="\n", float_format="%.10g")
        else:
            json.dump(content, stream, indent=2, ensure_ascii=False, allow_nan=False, default=str)
            stream.write("\n")
    os.replace(temporary, path)
    return path


def format_savings_table(outcome: Outcome) -> str:
    """Savings per institution with a total line, aligned for a terminal."""
    table = outcome.savings_by_institution
    names = outcome.scenario.institutions.set_index("institution_id")["name"]
    currency = outcome.scenario.currency
    header = [
        "institution",
        f"baseline ({currency})",
        f"consolidated ({currency})",
        f"savings ({currency})",
        "%",
    ]
    rows = [
        [
            f"{row.institution_id} {names.get(row.institution_id, '')}".strip()[:40],
            _money(row.baseline_cost),
            _money(row.consolidated_cost),
            _money(row.savings),
            _pct(row.savings_pct),
        ]
        for row in table.itertuples()
    ]
    totals = outcome.savings_totals
    rows.append(
        [
            "TOTAL",
            _money(totals["baseline_cost"]),
            _money(totals["consolidated_cost"]),
            _money(totals["savings"]),
            _pct(totals["savings_pct"]),
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


def _pct(value: float | None) -> str:
    return "—" if value is None or pd.isna(value) else f"{value:.2f}"
