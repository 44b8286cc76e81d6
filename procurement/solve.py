"""Solve award models: every group of blocks handed to the solver in one piece, in worker processes for large
purchases, and the values read back with an honest status."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from procurement.arrays import group_max
from procurement.backends import Part, PartResult, SolveOptions, SolveStatus, check_solver, solve_part, solver_version
from procurement.decompose import Partition, group_blocks, market_blocks
from procurement.index import build_index
from procurement.messages import Message
from procurement.model import COST_TERMS, TIE_UNIT, AwardModel, bidder_ranks, build_award_model
from procurement.presolve import Reduced, presolve, unreduced
from procurement.scenario import Scenario
from procurement.sharing import Board, Piece, current_board, share

Progress = Callable[[Message], None]  # worded by whoever shows it, in its language
PARALLEL_MIN_DEMAND_ROWS = 5_000  # purchases with fewer demand rows are solved in this process
PACKED_COLUMNS = 2_000  # groups smaller than this go to a worker process together, this many columns at most
STATUS_ORDER = (
    SolveStatus.OPTIMAL,
    SolveStatus.FEASIBLE,
    SolveStatus.NO_SOLUTION,
    SolveStatus.UNBOUNDED,
    SolveStatus.INFEASIBLE,
    SolveStatus.ERROR,
)

__all__ = ["Solution", "SolveOptions", "SolveStatus", "solve_models", "solve_scenario", "solver_version"]


@dataclass
class Solution:
    """Status and value of every column of one award model; costs are real (no tie-break allowance)."""

    status: SolveStatus
    objective: float | None
    bound: float | None
    solver: str
    is_mip: bool
    values: np.ndarray = field(default_factory=lambda: np.zeros(0))
    cost_terms: dict[str, float] = field(default_factory=dict)
    inadmissible: pd.DataFrame = field(default_factory=pd.DataFrame)
    wall_time_s: float = 0.0
    blocks: int = 1
    solver_version: str = ""  # e.g. "HiGHS 1.16.0", for the audit trail
    build_s: float = 0.0  # building the index and the model
    solve_s: float = 0.0  # the solver's own time, summed over groups (and worker processes)

    @property
    def gap(self) -> float | None:
        """Proven relative gap between the solution and the best bound (0 when optimal)."""
        if self.objective is None or self.bound is None:
            return None
        return max(0.0, self.objective - self.bound) / max(abs(self.objective), 1e-9)


Task = tuple[int, int]  # a partition and one of its groups
Bounds = list[float | None]  # per group of a partition: a cost no solution of it may exceed (None: no bound)
_TASKS: list[tuple[Partition, SolveOptions, Bounds | None]] = []  # what workers solve, inherited when they fork


def solve_scenario(scenario: Scenario, options: SolveOptions, decompose: bool = True, settle: bool = True) -> Solution:
    """The consolidated award of a scenario alone (no baseline): for checks and benchmarks."""
    return solve_models([build_award_model(build_index(scenario))], options, decompose=decompose, settle=settle)[0]


def solve_models(
    models: list[AwardModel],
    options: SolveOptions,
    progress: Progress | None = None,
    decompose: bool = True,
    settle: bool = True,
) -> list[Solution]:
    """Solve several models (the consolidated purchase and the institutions buying alone) in one pass. Each is
    cut into independent blocks and has what needs no solver settled first (procurement.presolve); checks can
    turn either off to compare with one whole model."""
    check_solver(options.solver)
    started = time.perf_counter()
    partitions, reductions = [], []
    for model in models:
        reduced = presolve(model, model.arrays()) if settle else unreduced(model.arrays())
        arrays = reduced.arrays
        blocks = market_blocks(model.index) if decompose else np.zeros(len(model.index.market_product), np.int64)
        partitions.append(Partition(arrays, group_blocks(arrays, blocks)))
        reductions.append(reduced)
    demand_rows = sum(len(model.index.pair_market) for model in models)
    results = solve_partitions(partitions, options, progress, parallel=demand_rows >= PARALLEL_MIN_DEMAND_ROWS)
    wall = time.perf_counter() - started
    return [
        _solution(model, reduced, partition, [results[(m, g)] for g in range(len(partition))], options, wall)
        for m, (model, reduced, partition) in enumerate(zip(models, reductions, partitions, strict=True))
    ]


def solve_partitions(
    partitions: list[Partition],
    options: SolveOptions,
    progress: Progress | None = None,
    parallel: bool = False,
    bounds: list[Bounds | None] | None = None,
) -> dict[Task, tuple[PartResult, float]]:
    """Every group of every partition, in worker processes when `parallel` (and there are cores to share) and
    shared with the helpers of the current board (procurement.sharing); each group's result and the seconds its
    solve took."""
    limits = [options.deadline, None if options.time_limit_s is None else time.time() + options.time_limit_s]
    deadline = min((limit for limit in limits if limit is not None), default=None)
    tasks = [(m, g) for m, partition in enumerate(partitions) for g in range(len(partition))]
    workers = min(os.cpu_count() or 1, len(tasks))
    board = current_board() if parallel else None
    _TASKS[:] = [(partition, options, None if bounds is None else bounds[m]) for m, partition in enumerate(partitions)]
    try:
        if parallel and (workers > 1 or board is not None):
            return _solve_shared(tasks, deadline, workers, progress, board)
        return {task: _solve_task(*task, deadline) for task in _report(tasks, progress)}
    finally:
        _TASKS.clear()


def _report(tasks: list[tuple[int, int]], progress: Progress | None) -> list[tuple[int, int]]:
    if progress and tasks:
        progress(Message("progress.solving", {"count": len(tasks)}))
    return tasks


def _solve_task(model: int, group: int, deadline: float | None) -> tuple[PartResult, float]:
    return _solve_group(*_group_arguments(model, group, deadline))


def _solve_group(
    part: Part, options: SolveOptions, bound: float | None, deadline: float | None
) -> tuple[PartResult, float]:
    if options.expired():  # an explanation past its time limit: the copies not begun are left undecided at once
        nothing = np.zeros(len(part.cols))
        return PartResult(SolveStatus.NO_SOLUTION, None, None, nothing, stopped=True), 0.0
    if bound is not None:
        options = replace(options, objective_bound=bound)
    if deadline is not None:
        options = replace(options, time_limit_s=max(deadline - time.time(), 0.001))
    started = time.perf_counter()
    result = solve_part(part, options)
    return result, time.perf_counter() - started


def _start_worker() -> None:
    """A forked worker gets a fresh HiGHS thread scheduler (the parent's, if any, does not survive a fork)."""
    import highspy

    highspy.Highs.resetGlobalScheduler(True)


def _solve_shared(
    tasks: list[Task], deadline: float | None, workers: int, progress: Progress | None, board: Board | None
) -> dict[Task, tuple[PartResult, float]]:
    """Largest groups first, spread over worker processes that inherit the models by forking and over the board's
    helpers, who get each group's part on its own; small groups travel in packs (see `_packs`)."""
    size = {task: len(_TASKS[task[0]][0].grouping.groups[task[1]]) for task in tasks}
    weight = {task: _TASKS[task[0]][0].col_cut[task[1] + 1] - _TASKS[task[0]][0].col_cut[task[1]] for task in tasks}
    packs = _packs(sorted(tasks, key=lambda task: -weight[task]), weight)
    done, total = 0, sum(size.values())

    def solved(piece: int) -> None:
        nonlocal done
        done += sum(size[task] for task in packs[piece])
        if progress and (done == total or (piece + 1) % max(1, len(packs) // 20) == 0):
            progress(Message("progress.solved_block", {"done": done, "total": total}))

    def posted() -> list[Piece]:
        return [(_solve_groups, ([_group_arguments(*task, deadline) for task in pack],)) for pack in packs]

    pieces: list[Piece] = [(_solve_tasks, (pack, deadline)) for pack in packs]
    shared = share(pieces, board, workers, _start_worker, solved, posted)
    return {
        task: result
        for piece, pack in enumerate(packs)
        for task, result in zip(pack, shared.results[piece], strict=True)
    }


def _packs(ordered: list[Task], weight: dict[Task, int]) -> list[list[Task]]:
    """The tasks, in order, as pieces of up to PACKED_COLUMNS columns (a larger group alone): a copy the explanation
    re-solves is a few dozen columns, solved in a millisecond or two, less than sending it to a worker process and
    hearing back took when each went alone."""
    packs: list[list[Task]] = []
    filled = 0
    for task in ordered:
        if not packs or filled + weight[task] > PACKED_COLUMNS:
            packs.append([])
            filled = 0
        packs[-1].append(task)
        filled += weight[task]
    return packs


def _solve_tasks(tasks: list[Task], deadline: float | None) -> list[tuple[PartResult, float]]:
    return [_solve_task(*task, deadline) for task in tasks]


def _solve_groups(arguments: list[tuple[Any, ...]]) -> list[tuple[PartResult, float]]:
    """A pack of groups as a helper gets it: each group's part, options, bound and deadline."""
    return [_solve_group(*each) for each in arguments]


def _group_arguments(model: int, group: int, deadline: float | None) -> tuple[Any, ...]:
    partition, options, bounds = _TASKS[model]
    return partition.part(group), options, None if bounds is None else bounds[group], deadline


def _solution(
    model: AwardModel,
    reduced: Reduced,
    partition: Partition,
    results: list[tuple[PartResult, float]],
    options: SolveOptions,
    wall: float,
) -> Solution:
    solved = np.zeros(len(partition.arrays.cost))
    for g, (result, _) in enumerate(results):
        solved[partition.part_cols(g)] = result.values
    values = reduced.values(solved)
    arrays = reduced.full
    status = max((result.status for result, _ in results), key=STATUS_ORDER.index, default=SolveStatus.OPTIMAL)
    found = status.has_solution
    forced = _forced_penalty(model)
    terms = arrays.term_values(values) if found else dict.fromkeys(COST_TERMS, 0.0)
    terms["shortage_penalty"] += forced if found else 0.0
    objective = sum(terms.values()) if found else None
    return Solution(
        status=status,
        objective=objective,
        bound=_bound(results, objective, forced + reduced.fixed_cost, model, status),
        solver=options.solver,
        is_mip=bool(partition.arrays.integer.any()),
        values=values,
        cost_terms=terms,
        wall_time_s=wall,
        blocks=partition.grouping.blocks,
        solver_version=solver_version(options.solver),
        solve_s=sum(seconds for _, seconds in results),
    )


def _forced_penalty(model: AwardModel) -> float:
    """The penalty of demand no offer can supply: a constant of every award."""
    index = model.index
    offered = np.bincount(index.arc_pair, minlength=len(index.pair_market)) > 0
    return float((index.pair_quantity * index.pair_penalty)[~offered].sum())


def _bound(
    results: list[tuple[PartResult, float]],
    objective: float | None,
    forced: float,
    model: AwardModel,
    status: SolveStatus,
) -> float | None:
    """The proven lower bound on the real cost: the solver's, less the most tie-break allowance it may hold."""
    if status is SolveStatus.OPTIMAL:
        return objective
    if any(result.bound is None for result, _ in results):
        return None
    index = model.index
    last = group_max(index.offer_market, bidder_ranks(index).astype(float), len(index.market_product), empty=0.0)
    allowance = TIE_UNIT * float((index.pair_quantity * last[index.pair_market]).sum())
    bound = sum(float(result.bound or 0.0) for result, _ in results) + forced - allowance
    return bound if objective is None else min(bound, objective)
