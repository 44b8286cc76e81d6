"""Run a solver on an award model and read back an honest status and the values of every decision."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import pandas as pd
import pulp

from procurement.errors import SolverError
from procurement.lp import COST_TERMS, AwardModel, OfferVars

VALUE_DECIMALS = 6


class SolveStatus(StrEnum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"  # a solution, optimality not proven within the limits; see the gap
    INFEASIBLE = "infeasible"
    UNBOUNDED = "unbounded"
    NO_SOLUTION = "no_solution"  # the limit came before any feasible solution
    ERROR = "error"

    @property
    def has_solution(self) -> bool:
        return self in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)


@dataclass(frozen=True)
class SolveOptions:
    solver: str = "highs"
    time_limit_s: float | None = None
    mip_gap: float = 0.0
    threads: int | None = None


@dataclass
class Solution:
    """Status and values of one solve, as plain tables (no solver objects), so blocks can be merged."""

    status: SolveStatus
    objective: float | None
    bound: float | None
    solver: str
    is_mip: bool
    flows: pd.DataFrame  # arcs + quantity, unit_price
    shortages: pd.DataFrame  # pairs + shortage
    offers: pd.DataFrame  # offers + awarded_quantity, unit_price
    budgets: pd.DataFrame  # institution_id, budget, spend
    inadmissible: pd.DataFrame
    cost_terms: dict[str, float] = field(default_factory=dict)
    wall_time_s: float = 0.0
    blocks: int = 1
    solver_version: str = ""  # e.g. "HiGHS 1.15.1", for the audit trail
    build_s: float = 0.0  # building the models, summed over blocks (and worker processes)
    solve_s: float = 0.0  # solving them and reading the values, summed likewise

    @property
    def gap(self) -> float | None:
        """Proven relative gap between the solution and the best bound (0 when optimal)."""
        if self.objective is None or self.bound is None:
            return None
        return max(0.0, self.objective - self.bound) / max(abs(self.objective), 1e-9)


def solver_version(name: str) -> str:
    if name == "highs":
        import highspy

        return f"HiGHS {highspy.Highs().version()}"  # type: ignore[no-untyped-call]
    return f"CBC (PuLP {pulp.__version__})"


def solve(model: AwardModel, options: SolveOptions) -> Solution:
    started = time.perf_counter()
    if not model.problem.variables():
        status, objective, bound = SolveStatus.OPTIMAL, model.problem.objective.constant, None
    elif options.solver == "highs":
        status, objective, bound = _run_highs(model, options)
    elif options.solver == "cbc":
        status, objective, bound = _run_cbc(model, options)
    else:
        raise SolverError(f'unknown solver "{options.solver}" (choose highs or cbc)')
    if status is SolveStatus.OPTIMAL and bound is None:
        bound = objective
    solution = _read_values(model, status, objective, bound, options.solver)
    solution.wall_time_s = time.perf_counter() - started
    return solution


def _run_highs(model: AwardModel, options: SolveOptions) -> tuple[SolveStatus, float | None, float | None]:
    import highspy

    solver = pulp.HiGHS(
        msg=False,
        gapRel=options.mip_gap,
        gapAbs=0.0 if options.mip_gap == 0 else None,
        timeLimit=options.time_limit_s,
        threads=options.threads,
    )
    model.problem.solve(solver)
    highs = model.problem.solverModel
    info = highs.getInfo()
    has_point = info.primal_solution_status == highspy.SolutionStatus.kSolutionStatusFeasible
    model_status = highs.getModelStatus()
    statuses = highspy.HighsModelStatus
    if model_status == statuses.kOptimal and has_point:
        status = SolveStatus.OPTIMAL
    elif model_status == statuses.kInfeasible:
        status = SolveStatus.INFEASIBLE
    elif model_status in (statuses.kUnbounded, statuses.kUnboundedOrInfeasible):
        status = SolveStatus.UNBOUNDED
    elif model_status in _LIMIT_STATUSES(statuses):
        status = SolveStatus.FEASIBLE if has_point else SolveStatus.NO_SOLUTION
    else:
        status = SolveStatus.ERROR
    offset = model.problem.objective.constant  # PuLP does not pass the objective's constant to HiGHS
    objective = info.objective_function_value + offset if has_point else None
    bound = info.mip_dual_bound + offset if model.is_mip and math.isfinite(info.mip_dual_bound) else None
    return status, objective, bound


def _LIMIT_STATUSES(statuses: object) -> tuple[object, ...]:  # noqa: N802
    names = (
        "kTimeLimit",
        "kIterationLimit",
        "kInterrupt",
        "kSolutionLimit",
        "kObjectiveBound",
        "kObjectiveTarget",
    )
    return tuple(getattr(statuses, name) for name in names if hasattr(statuses, name))


def _run_cbc(model: AwardModel, options: SolveOptions) -> tuple[SolveStatus, float | None, float | None]:
    solver = pulp.PULP_CBC_CMD(
        msg=False, gapRel=options.mip_gap, timeLimit=options.time_limit_s, threads=options.threads
    )
    model.problem.solve(solver)
    solved = {
        pulp.LpSolutionOptimal: SolveStatus.OPTIMAL,
        pulp.LpSolutionIntegerFeasible: SolveStatus.FEASIBLE,
        pulp.LpSolutionInfeasible: SolveStatus.INFEASIBLE,
        pulp.LpSolutionUnbounded: SolveStatus.UNBOUNDED,
        pulp.LpSolutionNoSolutionFound: SolveStatus.NO_SOLUTION,
    }
    status = solved.get(model.problem.sol_status, SolveStatus.ERROR)
    objective = pulp.value(model.problem.objective) if status.has_solution else None
    return status, objective, None


def _value(variable: pulp.LpVariable) -> float:
    return float(variable.varValue or 0.0)


def _read_values(
    model: AwardModel, status: SolveStatus, objective: float | None, bound: float | None, solver: str
) -> Solution:
    data = model.data
    found = status.has_solution
    quantity = np.round([_value(x) if found else 0.0 for x in model.flow], VALUE_DECIMALS) + 0.0
    flows = data.arcs.assign(quantity=quantity if len(quantity) else np.zeros(0))
    offers = data.offers.assign(
        awarded_quantity=flows.groupby("offer")["quantity"].sum().reindex(data.offers.index, fill_value=0.0),
        unit_price=[_chosen_price(model.offer_vars[int(o)], row["tiers"]) for o, row in data.offers.iterrows()],
    )
    offers.loc[offers["awarded_quantity"] <= 0, "unit_price"] = np.nan
    flows["unit_price"] = flows["offer"].map(offers["unit_price"])
    short = pd.Series({i: _value(s) for i, s in model.shortage.items()}, dtype=float)
    forced = data.pairs["quantity"].where(~data.pairs["has_offer"], 0.0)
    shortages = data.pairs.assign(shortage=np.round(short.reindex(data.pairs.index).fillna(forced), VALUE_DECIMALS))
    budgets = pd.DataFrame(
        {
            "institution_id": list(model.budgets),
            "budget": list(model.budgets.values()),
            "spend": [_expression_value(model.spend[i]) if found else 0.0 for i in model.budgets],
        }
    )
    terms = {name: _expression_value(model.terms[name]) if found else 0.0 for name in COST_TERMS}
    return Solution(
        status,
        objective,
        bound,
        solver,
        model.is_mip,
        flows,
        shortages,
        offers,
        budgets,
        data.inadmissible,
        terms,
    )


def _chosen_price(v: OfferVars, tiers: tuple[tuple[float, float], ...]) -> float:
    """The all-units price the offer is paid: the chosen tier's, or its only price."""
    for t, z in zip(v.tiers, v.choose, strict=True):
        if _value(z) > 0.5:
            return float(tiers[t][1])
    return float(tiers[0][1]) if not v.choose else math.nan


def _expression_value(expression: pulp.LpAffineExpression) -> float:
    return float(sum(coefficient * _value(var) for var, coefficient in expression.items()) + expression.constant)
