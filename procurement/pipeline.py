"""run_scenario: validate → build → solve → (only if a solution exists) awards and savings → Outcome."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from procurement.awards import (
    AWARD_COLUMNS,
    SHORTAGE_COLUMNS,
    binding_rules,
    extract_awards,
    extract_shortages,
)
from procurement.decompose import find_blocks, solve_scenario
from procurement.errors import Issue
from procurement.savings import (
    PAIR,
    award_baseline,
    price_baseline,
    savings_by_pair,
    savings_totals,
    summarize_savings,
)
from procurement.scenario import Scenario
from procurement.solve import Solution, SolveOptions, SolveStatus
from procurement.validate import load_scenario

Progress = Callable[[str], None]


@dataclass
class Outcome:
    """Everything one run produced; awards and savings are empty when no solution was found."""

    scenario: Scenario
    solution: Solution
    awards: pd.DataFrame
    shortages: pd.DataFrame
    binding: pd.DataFrame
    savings_pairs: pd.DataFrame
    warnings: list[Issue] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def status(self) -> SolveStatus:
        return self.solution.status

    @property
    def savings_by_institution(self) -> pd.DataFrame:
        return summarize_savings(self.savings_pairs, "institution_id")

    @property
    def savings_by_product(self) -> pd.DataFrame:
        return summarize_savings(self.savings_pairs, "product_id")

    @property
    def savings_totals(self) -> dict[str, float | None]:
        return savings_totals(self.savings_pairs)


def options_for(scenario: Scenario, **overrides: object) -> SolveOptions:
    """The scenario's [solver] settings, with any value given in `overrides` (None = keep) taking over."""
    settings = scenario.solver
    chosen: dict[str, object] = {
        "solver": settings.name,
        "time_limit_s": settings.time_limit_s,
        "mip_gap": settings.mip_gap,
        "threads": settings.threads,
    }
    chosen |= {key: value for key, value in overrides.items() if value is not None}
    return SolveOptions(**chosen)  # type: ignore[arg-type]


def run_package(path: str | Path, progress: Progress | None = None, **overrides: object) -> Outcome:
    started = time.perf_counter()
    scenario, warnings = load_scenario(path)
    loaded = time.perf_counter() - started
    outcome = run_scenario(scenario, options_for(scenario, **overrides), progress)
    outcome.warnings = warnings
    outcome.timings = {"read_and_validate_s": loaded, **outcome.timings}
    return outcome


def run_scenario(scenario: Scenario, options: SolveOptions, progress: Progress | None = None) -> Outcome:
    notify = progress or (lambda _: None)
    started = time.perf_counter()
    notify(f"consolidated award: {len(find_blocks(scenario))} independent block(s)")
    solution = solve_scenario(scenario, options, progress)
    timings = {"solve_s": time.perf_counter() - started}
    if not solution.status.has_solution:
        empty = pd.DataFrame(columns=AWARD_COLUMNS)
        return Outcome(
            scenario,
            solution,
            empty,
            pd.DataFrame(columns=SHORTAGE_COLUMNS),
            binding_rules(solution),
            savings_by_pair(scenario, empty, pd.DataFrame(columns=SHORTAGE_COLUMNS), _no_baseline()),
            timings=timings,
        )
    awards, shortages = extract_awards(solution), extract_shortages(solution, scenario)
    started = time.perf_counter()
    baseline = _baseline(scenario, options, notify)
    timings["baseline_s"] = time.perf_counter() - started
    pairs = savings_by_pair(scenario, awards, shortages, baseline)
    return Outcome(scenario, solution, awards, shortages, binding_rules(solution), pairs, timings=timings)


def _baseline(scenario: Scenario, options: SolveOptions, notify: Progress) -> pd.DataFrame:
    """baseline.csv prices where given; for every other pair, the cost of each institution buying alone."""
    priced = price_baseline(scenario)
    rest = scenario.demand.merge(priced[PAIR], on=PAIR, how="left", indicator=True)
    rest = rest[rest["_merge"] == "left_only"]
    parts = [priced]
    institutions = sorted(rest["institution_id"].unique())
    for k, institution in enumerate(institutions, start=1):
        notify(f"buying alone: {institution} ({k} of {len(institutions)})")
        products = set(rest.loc[rest["institution_id"] == institution, "product_id"])
        alone = scenario.restricted_to(product_ids=products, institution_ids={institution})
        solution = solve_scenario(alone, options)
        if solution.status.has_solution:
            parts.append(award_baseline(extract_awards(solution), alone.demand))
    return pd.concat([p for p in parts if not p.empty], ignore_index=True) if len(parts) > 1 else priced


def _no_baseline() -> pd.DataFrame:
    return pd.DataFrame(columns=[*PAIR, "baseline_cents", "baseline_quantity", "baseline_source"])
