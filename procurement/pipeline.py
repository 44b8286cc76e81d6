"""run_scenario: validate → build → solve → (only if a solution exists) awards and savings → Outcome."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from procurement.awards import (
    AWARD_COLUMNS,
    SHORTAGE_COLUMNS,
    SolvedAward,
    binding_rules,
    extract_awards,
    extract_shortages,
    read_award,
)
from procurement.backends import write_model
from procurement.decompose import Partition, group_blocks
from procurement.errors import Issue
from procurement.explain import Explanation, explain
from procurement.index import build_index, shortfall_penalties
from procurement.messages import Message
from procurement.model import build_award_model, model_names
from procurement.rules import RULES
from procurement.rules.base import BINDING_COLUMNS
from procurement.rules.open_contracts import CONTRACT_COLUMNS, contracts
from procurement.rules.price_reasonableness import flagged_bids
from procurement.rules.reference_price import inadmissible_bids
from procurement.savings import (
    PAIR,
    PRICED,
    award_baseline,
    dearer_reasons,
    pair_savings,
    price_baseline,
    savings_by_pair,
    savings_totals,
    summarize_savings,
    supplier_savings,
)
from procurement.scenario import Scenario
from procurement.solve import Progress, Solution, SolveOptions, SolveStatus, solve_models
from procurement.validate import load_scenario

EXPLAINING = Message("progress.explaining")


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
    award: SolvedAward | None = None  # the solved model behind the tables (None for a stored run)
    explanation: Explanation | None = None  # why each offer won or lost, what rules and limits cost

    @property
    def status(self) -> SolveStatus:
        return self.solution.status

    @cached_property
    def price_flags(self) -> pd.DataFrame:
        """Bid rows whose price is not acceptable or not convenient (price_flags.csv)."""
        return flagged_bids(self.scenario)

    @cached_property
    def open_contracts(self) -> pd.DataFrame:
        """Each award of an open contract with its maximum and minimum (open_contracts.csv)."""
        if self.award is None:
            return pd.DataFrame(columns=CONTRACT_COLUMNS)
        return contracts(self.award)

    @property
    def savings_by_institution(self) -> pd.DataFrame:
        return summarize_savings(self.savings_pairs, "institution_id")

    @property
    def savings_by_product(self) -> pd.DataFrame:
        return summarize_savings(self.savings_pairs, "product_id")

    @property
    def savings_by_period(self) -> pd.DataFrame:
        return summarize_savings(self.savings_pairs, "period")

    @property
    def savings_by_supplier(self) -> pd.DataFrame:
        return supplier_savings(self.savings_pairs, self.awards)

    @property
    def savings_by_pair(self) -> pd.DataFrame:
        return pair_savings(self.savings_pairs)

    @property
    def savings_totals(self) -> dict[str, float | int | None]:
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


def run_package(
    path: str | Path,
    progress: Progress | None = None,
    explained: bool = False,
    explain_time_limit_s: float | None = None,
    **overrides: object,
) -> Outcome:
    started = time.perf_counter()
    scenario, warnings = load_scenario(path)
    loaded = time.perf_counter() - started
    options = options_for(scenario, **overrides)
    outcome = run_scenario(scenario, options, progress, explained=explained, explain_time_limit_s=explain_time_limit_s)
    outcome.warnings = warnings
    outcome.timings = {"read_and_validate_s": loaded, **outcome.timings}
    return outcome


def run_scenario(
    scenario: Scenario,
    options: SolveOptions,
    progress: Progress | None = None,
    baseline: bool = True,
    explained: bool = False,
    explain_time_limit_s: float | None = None,
) -> Outcome:
    """The consolidated award and, for pairs without a baseline.csv price, each institution buying alone: both
    built as arrays and solved in one pass; then (`explained`) why each offer won or lost, which re-solves
    copies of the purchase's blocks (procurement.explain) and can take longer than the run itself."""
    notify = progress or (lambda _: None)
    started = time.perf_counter()
    index = build_index(scenario)
    alone = _pairs_buying_alone(scenario) if baseline else np.zeros(0, dtype=np.int64)
    indexes = [index] + ([build_index(scenario, alone, shortfall_penalties(index))] if len(alone) else [])
    models = [build_award_model(i) for i in indexes]
    built = time.perf_counter()
    notify(Message("progress.model_built", {"pairs": len(index.arc_offer), "alone": len(alone)}))
    solutions = solve_models(models, options, progress)
    solution = solutions[0]
    solution.build_s = built - started
    solution.inadmissible = inadmissible_of(scenario)
    timings = {"build_s": built - started, "solve_s": time.perf_counter() - built}
    if not solution.status.has_solution:
        return _no_award(scenario, solution, timings)
    award = read_award(models[0], solution)
    awards, shortages = extract_awards(award), extract_shortages(award)
    prices = price_baseline(scenario)
    parts, alone_awards = [prices], pd.DataFrame(columns=AWARD_COLUMNS)
    if len(solutions) > 1 and solutions[1].status.has_solution:
        alone_awards = extract_awards(read_award(models[1], solutions[1]))
        parts.append(award_baseline(alone_awards, scenario.demand.iloc[alone]))
    binding = binding_rules(award)
    pairs = savings_by_pair(scenario, awards, shortages, pd.concat([p for p in parts if len(p)] or [prices]))
    pairs["dearer_reason"] = dearer_reasons(pairs, scenario, alone_awards, binding)
    timings["results_s"] = time.perf_counter() - built - timings["solve_s"]
    outcome = Outcome(scenario, solution, awards, shortages, binding, pairs, timings=timings, award=award)
    if explained:
        notify(EXPLAINING)
        explain_outcome(outcome, options, explain_time_limit_s)
    return outcome


def explain_outcome(outcome: Outcome, options: SolveOptions, time_limit_s: float | None = None) -> None:
    """Add to a solved outcome why each offer won or lost and what its rules and limits cost (procurement.explain),
    within `time_limit_s` if given."""
    if outcome.award is None:
        raise ValueError("only an outcome solved in this process can be explained")
    explanation = explain(outcome.award, outcome.status, outcome.awards, outcome.shortages, options, time_limit_s)
    outcome.explanation = explanation
    outcome.timings["explain_s"] = explanation.seconds


def write_award_model(scenario: Scenario, path: Path) -> Path:
    """The consolidated award model, whole and as the solver sees it (tie-break allowance included, nothing
    settled beforehand), written as MPS (.mps) or LP (.lp) for audit or for another solver."""
    model = build_award_model(build_index(scenario))
    arrays = model.arrays()
    part = Partition(arrays, group_blocks(arrays, np.zeros(len(model.index.market_product), np.int64))).part(0)
    part.names = model_names(model)
    return write_model(part, path)


def _pairs_buying_alone(scenario: Scenario) -> np.ndarray:
    """Demand rows without a baseline.csv price: their baseline is the institution buying alone."""
    priced = scenario.demand.merge(scenario.baseline[PRICED], on=PRICED, how="left", indicator=True)
    return np.flatnonzero((priced["_merge"] == "left_only").to_numpy())


def inadmissible_of(scenario: Scenario) -> pd.DataFrame:
    """The bids of demanded products that no rule admits, with the reference price they exceed."""
    admissible = np.logical_and.reduce([rule.admissible(scenario) for rule in RULES])
    demanded = scenario.bids["product_id"].isin(set(scenario.demand["product_id"])).to_numpy()
    return inadmissible_bids(scenario, admissible | ~demanded)


def _no_award(scenario: Scenario, solution: Solution, timings: dict[str, float]) -> Outcome:
    empty = pd.DataFrame(columns=SHORTAGE_COLUMNS)
    return Outcome(
        scenario,
        solution,
        pd.DataFrame(columns=AWARD_COLUMNS),
        empty,
        pd.DataFrame(columns=BINDING_COLUMNS),
        savings_by_pair(scenario, pd.DataFrame(columns=[*PAIR, "quantity", "total_cost"]), empty, _no_baseline()),
        timings=timings,
    )


def _no_baseline() -> pd.DataFrame:
    return pd.DataFrame(columns=[*PAIR, "baseline_cents", "baseline_quantity", "baseline_source"])
