"""Solver backends for one part of the award model: HiGHS in-process (the model in one passModel call) and PuLP
(CBC, and writing the model out for audit). Both take the same arrays and give back the same statuses."""

from __future__ import annotations

import contextlib
import math
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

import numpy as np
import pulp

from procurement.arrays import Floats, Ints
from procurement.errors import SolverError

ROWWISE, MINIMIZE = 2, 1
SOLVERS = ("highs", "cbc")
WHOLE = 1e-6  # a quantity this close to a whole number is taken as whole
LARGE_MODEL_COLUMNS = 20_000


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
    objective_bound: float | None = None  # no solution may cost more (a MIP above it has none)
    deadline: float | None = None  # a time (time.time()) no solve may run past, whatever time_limit_s says
    whole_quantities_solver: str | None = None  # for parts with general integers, where not `solver` (None: it)

    def expired(self) -> bool:
        return self.deadline is not None and time.time() >= self.deadline


@dataclass
class Part:
    """One group of blocks as a solver takes it: columns, rows and the matrix row by row (CSR)."""

    cols: Ints  # the model's column of each local column
    cost: Floats
    lower: Floats
    upper: Floats
    integer: np.ndarray
    row_lower: Floats
    row_upper: Floats
    start: Ints
    index: Ints
    value: Floats
    names: tuple[list[str], list[str]] | None = None  # column and row names, for writing the model out

    @property
    def is_mip(self) -> bool:
        return bool(self.integer.any())


@dataclass
class PartResult:
    status: SolveStatus
    objective: float | None  # as the solver saw it (with the tie-break allowance)
    bound: float | None
    values: Floats  # one per local column; zeros without a solution
    row_dual: Floats | None = None  # one per local row, for a linear part solved by HiGHS
    col_dual: Floats | None = None  # one per local column (reduced costs), likewise
    stopped: bool = False  # the solver stopped at a time or iteration limit, before it had proven its answer


def solve_part(part: Part, options: SolveOptions) -> PartResult:
    if not len(part.cols):
        return PartResult(SolveStatus.OPTIMAL, 0.0, 0.0, np.zeros(0))
    check_solver(options.solver)
    result = _solve_with(part, options)
    return _whole_units(part, options, result) if part.is_mip and result.status.has_solution else result


def _whole_units(part: Part, options: SolveOptions, result: PartResult) -> PartResult:
    """A MIP solver may leave the continuous quantities of its answer between two whole numbers at no extra cost;
    with the yes/no decisions fixed, the linear model's vertex optimum is whole, so it is solved again as that."""
    continuous = result.values[~part.integer]
    if not len(continuous) or np.abs(continuous - np.rint(continuous)).max() <= WHOLE:
        return result
    decided = np.rint(result.values)
    fixed = replace(
        part,
        lower=np.where(part.integer, decided, part.lower),
        upper=np.where(part.integer, decided, part.upper),
        integer=np.zeros(len(part.cols), dtype=bool),
    )
    polished = _solve_with(fixed, options)
    if not polished.status.has_solution:
        return result
    return replace(result, values=polished.values)


def _solve_with(part: Part, options: SolveOptions) -> PartResult:
    """Solve the part with the chosen solver (`whole_quantities_solver` for one with general integers)."""
    return _solve_highs(part, options) if solver_of(part, options) == "highs" else _solve_cbc(part, options)


def solver_of(part: Part, options: SolveOptions) -> str:
    """The solver that takes the part: `options.whole_quantities_solver`, where set, for a part with general
    integer columns (whole quantities under a budget), else `options.solver`."""
    general = bool((part.integer & (part.upper > 1)).any())
    return options.whole_quantities_solver if general and options.whole_quantities_solver else options.solver


def check_solver(name: str) -> None:
    if name not in SOLVERS:
        raise SolverError(f'unknown solver "{name}" (choose {" or ".join(SOLVERS)})')


def solver_version(name: str) -> str:
    if name == "highs":
        return f"HiGHS {_new_highs().version()}"
    return f"CBC (PuLP {pulp.__version__})"


@contextlib.contextmanager
def _stdout_silenced() -> Iterator[None]:
    """HiGHS prints its banner on stdout when an instance is made, before any option can stop it."""
    saved = os.dup(1)
    with open(os.devnull, "w") as null:
        os.dup2(null.fileno(), 1)
        try:
            yield
        finally:
            os.dup2(saved, 1)
            os.close(saved)


def _new_highs() -> Any:
    import highspy

    with _stdout_silenced():
        highs = highspy.Highs()  # type: ignore[no-untyped-call]
    highs.setOptionValue("output_flag", False)
    return highs


_KEPT = threading.local()  # this thread's HiGHS instance for small parts, and the process it was made in


def _highs_for(part: Part, options: SolveOptions) -> Any:
    """A HiGHS instance for `part`: for a small one this thread's own, emptied (making an instance, with its options,
    timers and banner, took a tenth of a small copy's solve in the explanation); a large one gets a new instance, so
    that its model is freed with it rather than held until the next solve, and so does a solve with a time limit:
    HiGHS counts time from an instance's first run, across clears (a linear solve then stopped at once), while its
    MIP solver counts from its own start, so no single limit would be right for both on a kept instance."""
    if len(part.cols) >= LARGE_MODEL_COLUMNS or options.time_limit_s is not None:
        return _new_highs()
    if getattr(_KEPT, "pid", None) != os.getpid():  # none yet, or one inherited from the parent of a fork
        _KEPT.highs, _KEPT.pid = _new_highs(), os.getpid()
    else:
        _KEPT.highs.clear()  # model, solution and options back to HiGHS's defaults
        _KEPT.highs.setOptionValue("output_flag", False)
    return _KEPT.highs


def _solve_highs(part: Part, options: SolveOptions) -> PartResult:
    import highspy

    highs = _highs_for(part, options)
    _set_options(highs, options, part)
    highs.passModel(
        len(part.cols),
        len(part.row_lower),
        len(part.value),
        ROWWISE,
        MINIMIZE,
        0.0,
        part.cost,
        part.lower,
        part.upper,
        part.row_lower,
        part.row_upper,
        part.start.astype(np.int32),
        part.index.astype(np.int32),
        part.value,
        part.integer.astype(np.int32),
    )
    highs.run()
    info = highs.getInfo()
    has_point = info.primal_solution_status == highspy.SolutionStatus.kSolutionStatusFeasible
    status = _highs_status(highs.getModelStatus(), has_point)
    solution = highs.getSolution()
    values = np.asarray(solution.col_value) if has_point else np.zeros(len(part.cols))
    objective = float(info.objective_function_value) if has_point else None
    bound = float(info.mip_dual_bound) if part.is_mip and math.isfinite(info.mip_dual_bound) else objective
    linear = has_point and not part.is_mip
    row_dual = np.asarray(solution.row_dual) if linear else None
    col_dual = np.asarray(solution.col_dual) if linear else None
    stopped = highs.getModelStatus() in _stops(highspy.HighsModelStatus)
    bound = bound if status is not SolveStatus.OPTIMAL else objective
    return PartResult(status, objective, bound, values, row_dual, col_dual, stopped)


def _set_options(highs: Any, options: SolveOptions, part: Part) -> None:
    """HiGHS's presolve, its symmetry detection and its heuristics that search for a first award (feasibility
    jump, RINS, RENS, rounding from reduced costs) pay on large models only: on the many small blocks of a purchase
    (one product; one institution buying alone; a copy the explanation re-solves) they take longer than the
    solve itself, which mostly ends at the root (on the medium MILP's blocks of 200 to 20,000 columns they took
    40 % of the time). Presolve does pay on models with general integers (quantities under a budget), however
    small."""
    large = len(part.cols) >= LARGE_MODEL_COLUMNS
    general = bool((part.integer & (part.upper > 1)).any())
    chosen: dict[str, object] = {
        "mip_rel_gap": options.mip_gap,
        "presolve": "on" if large or general else "off",
        "mip_detect_symmetry": large,
    }
    for heuristic in ("feasibility_jump", "rins", "rens", "root_reduced_cost"):
        chosen[f"mip_heuristic_run_{heuristic}"] = large
    if options.mip_gap == 0:
        chosen["mip_abs_gap"] = 0.0
    if options.time_limit_s is not None:
        chosen["time_limit"] = max(float(options.time_limit_s), 0.001)
    if options.objective_bound is not None:
        chosen["objective_bound"] = float(options.objective_bound)
    threads = options.threads or 1  # blocks are solved in parallel processes: more threads would contend for cores
    _use_threads(threads)
    chosen["threads"] = threads
    for name, value in chosen.items():
        highs.setOptionValue(name, value)


_THREADS: list[int] = []  # the thread count HiGHS's scheduler in this process was last started with


def _use_threads(threads: int) -> None:
    """HiGHS keeps one thread scheduler per process and refuses to run with another thread count: start it anew
    when the count asked for changes."""
    import highspy

    if [threads] != _THREADS:
        highspy.Highs.resetGlobalScheduler(True)
        _THREADS[:] = [threads]


def _highs_status(model_status: object, has_point: bool) -> SolveStatus:
    import highspy

    statuses = highspy.HighsModelStatus
    if model_status == statuses.kOptimal and has_point:
        return SolveStatus.OPTIMAL
    if model_status == statuses.kInfeasible:
        return SolveStatus.INFEASIBLE
    if model_status in (statuses.kUnbounded, statuses.kUnboundedOrInfeasible):
        return SolveStatus.UNBOUNDED
    limits = ("kSolutionLimit", "kObjectiveBound", "kObjectiveTarget")
    if model_status in _stops(statuses) + tuple(getattr(statuses, name) for name in limits if hasattr(statuses, name)):
        return SolveStatus.FEASIBLE if has_point else SolveStatus.NO_SOLUTION
    return SolveStatus.ERROR


def _stops(statuses: Any) -> tuple[object, ...]:
    """HiGHS's statuses for a solve cut short by a limit of time or work (not by the objective bound it was given)."""
    names = ("kTimeLimit", "kIterationLimit", "kInterrupt")
    return tuple(getattr(statuses, name) for name in names if hasattr(statuses, name))


# --- PuLP: CBC and model export -----------------------------------------------------------------------------


def pulp_problem(part: Part) -> tuple[pulp.LpProblem, list[pulp.LpVariable]]:
    """The part as a PuLP problem, variable by variable (PuLP's own objects; slow on national models)."""
    col_names, row_names = part.names or (
        [f"c{k}" for k in range(len(part.cols))],
        [f"r{k}" for k in range(len(part.row_lower))],
    )
    problem = pulp.LpProblem("award", pulp.LpMinimize)
    variables = [
        problem.add_variable(name, _finite(low), _finite(high), cat=pulp.LpInteger if integer else pulp.LpContinuous)
        for name, low, high, integer in zip(col_names, part.lower, part.upper, part.integer, strict=True)
    ]
    problem += pulp.LpAffineExpression({variables[k]: float(part.cost[k]) for k in np.flatnonzero(part.cost)})
    for r, name in enumerate(row_names):
        lo, hi = part.start[r], part.start[r + 1]
        expression = pulp.LpAffineExpression(
            {variables[int(k)]: float(v) for k, v in zip(part.index[lo:hi], part.value[lo:hi], strict=True)}
        )
        low, high = _finite(part.row_lower[r]), _finite(part.row_upper[r])
        if low is not None and high is not None and low == high:
            problem += pulp.LpConstraint(expression, pulp.LpConstraintEQ, name, high)
            continue
        if high is not None:
            problem += pulp.LpConstraint(
                expression, pulp.LpConstraintLE, f"{name}_le" if low is not None else name, high
            )
        if low is not None:
            problem += pulp.LpConstraint(
                expression, pulp.LpConstraintGE, f"{name}_ge" if high is not None else name, low
            )
    return problem, variables


def _finite(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def _solve_cbc(part: Part, options: SolveOptions) -> PartResult:
    problem, variables = pulp_problem(part)
    cutoff = [] if options.objective_bound is None else [f"cutoff {options.objective_bound!r}"]
    solver = pulp.PULP_CBC_CMD(
        msg=False,
        gapRel=options.mip_gap,
        gapAbs=0.0 if options.mip_gap == 0 else None,
        timeLimit=options.time_limit_s,
        threads=options.threads,
        options=cutoff,
    )
    problem.solve(solver)
    solved = {
        pulp.LpSolutionOptimal: SolveStatus.OPTIMAL,
        pulp.LpSolutionIntegerFeasible: SolveStatus.FEASIBLE,
        pulp.LpSolutionInfeasible: SolveStatus.INFEASIBLE,
        pulp.LpSolutionUnbounded: SolveStatus.UNBOUNDED,
        pulp.LpSolutionNoSolutionFound: SolveStatus.NO_SOLUTION,
    }
    status = solved.get(problem.sol_status, SolveStatus.ERROR)
    values = (
        np.array([float(v.varValue or 0.0) for v in variables]) if status.has_solution else np.zeros(len(variables))
    )
    objective = float(part.cost @ values) if status.has_solution else None
    stopped = problem.status == pulp.LpStatusNotSolved  # CBC stopped at its time limit
    return PartResult(status, objective, objective if status is SolveStatus.OPTIMAL else None, values, stopped=stopped)


def write_model(part: Part, path: Path) -> Path:
    """Write the part for audit, as MPS (.mps) or CPLEX LP (.lp) by the file's suffix."""
    problem, _ = pulp_problem(part)
    if path.suffix.lower() == ".lp":
        problem.writeLP(str(path))
    else:
        problem.writeMPS(str(path))
    return path
