"""The child process of one run (validate and solve a package) or one what-if comparison, sending back progress
and the result.

It runs in its own process group so that the worker can kill it, and any solver processes it started, at once
on cancel or when the hard wall-time limit is reached; it kills itself if the worker dies first.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from api.packages import describe_issues
from api.progress import stored_notice
from api.results import outcome_rows, plain
from api.sharing import QueueBoard
from procurement.errors import Issue, ProcurementError, ScenarioError
from procurement.files import RawPackage
from procurement.messages import Message
from procurement.pipeline import EXPLAINING, explain_outcome, options_for, run_scenario
from procurement.report import summary
from procurement.sharing import shared_through
from procurement.validate import validate_package
from procurement.variants import build_variants, parse_variation
from reports.compare import comparison_table, solve_variants
from reports.labels import LANGUAGES


def solve_in_child(
    package: RawPackage,
    overrides: dict[str, Any],
    explain_until: float,
    board: QueueBoard | None,
    parent_pid: int,
    channel: Connection,
) -> None:
    """The child process of one run; its explanation stops at `explain_until` (a time.time()), before the run's
    hard wall-time limit would kill it, so an award is never lost to its explanation. Its large solves are shared
    through `board` (procurement.sharing), when there is one."""
    _work_in_child(lambda: _solve(package, overrides, explain_until, channel), board, parent_pid, channel)


def explanation_margin(wall_limit: float) -> float:
    """Seconds kept free at the end of a run's wall-time limit for what follows its explanation: the result
    tables made and sent back."""
    return min(max(10.0, 0.1 * wall_limit), 0.5 * wall_limit)


def compare_in_child(
    package: RawPackage,
    vary: list[str],
    overrides: dict[str, Any],
    board: QueueBoard | None,
    parent_pid: int,
    channel: Connection,
) -> None:
    """The child process of a what-if comparison: every variant of the package built, solved (shared through
    `board`, when there is one) and tabulated."""
    _work_in_child(lambda: _compare(package, vary, overrides, channel), board, parent_pid, channel)


def start_child(parent_pid: int) -> None:
    """Make this process the head of a process group of its own, which dies when `parent_pid` is no longer its
    parent (a worker killed outright takes its solves with it)."""
    os.setpgrp()
    threading.Thread(target=_die_with_parent, args=(parent_pid,), daemon=True).start()


def _work_in_child(
    work: Callable[[], dict[str, Any]], board: QueueBoard | None, parent_pid: int, channel: Connection
) -> None:
    start_child(parent_pid)
    try:
        with shared_through(board):
            result = work()
        if board is not None and board.done_by:
            result["pieces_done_by"] = board.done_by
        channel.send(("result", result))
    except ProcurementError as error:
        channel.send(("error", Message("job.failed", {"detail": str(error)})))
    except Exception as error:  # anything else still ends the run with its reason, never silently
        channel.send(("error", Message("job.crashed", {"detail": f"{type(error).__name__}: {error}"})))
    finally:
        channel.close()


def _solve(package: RawPackage, overrides: dict[str, Any], explain_until: float, channel: Connection) -> dict[str, Any]:
    purchase, warnings = validate_package(package)
    settings = dict(overrides)
    explained = bool(settings.pop("explain", True))
    options = options_for(purchase, **settings)

    def progress(message: Message) -> None:
        channel.send(("progress", stored_notice(message)))

    outcome = run_scenario(purchase, options, progress)
    if explained and outcome.status.has_solution:
        progress(EXPLAINING)
        explain_outcome(outcome, options, max(explain_until - time.time(), 0.0))
    outcome.warnings = warnings
    solution = outcome.solution
    return {
        "solver_status": str(solution.status),
        "has_solution": solution.status.has_solution,
        "objective": solution.objective,
        "summary": plain(summary(outcome, options)),
        "tables": outcome_rows(outcome) if solution.status.has_solution else {},
        "explained": outcome.explanation is not None,
    }


def _compare(package: RawPackage, vary: list[str], overrides: dict[str, Any], channel: Connection) -> dict[str, Any]:
    """Variants, their status and the side-by-side table in each report language; or the invalid variants' issues."""
    try:
        variants = build_variants(package, [parse_variation(text) for text in vary])
    except ScenarioError as error:
        return {"issues": issues_in_every_language(error.issues)}

    def progress(done: int, total: int, message: Message) -> None:
        counts = {"done": done, "total": total}
        if 0 < done < total:
            notice = Message("progress.variants_solving", counts | {"label": message.params["label"]})
        else:
            notice = Message("progress.variants", counts)
        channel.send(("progress", stored_notice(notice)))

    outcomes = solve_variants(variants, progress, **overrides)
    tables = {lang: comparison_table(variants, outcomes, lang) for lang in LANGUAGES}
    return {
        "variants": [
            {"label": variant.label, "changes": variant.changes, "status": str(outcome.status)}
            for variant, outcome in zip(variants, outcomes, strict=True)
        ],
        "currency": variants[0].scenario.currency if variants else None,
        "tables": {lang: {"columns": list(t.columns), "rows": plain(t.values.tolist())} for lang, t in tables.items()},
    }


def issues_in_every_language(issues: list[Issue]) -> list[dict[str, Any]]:
    """Issues as the API lists them, with `messages` in every language, so a reader gets its own (api.comparisons)."""
    worded = {lang: describe_issues(issues, "file", lang) for lang in LANGUAGES}
    return [
        issue | {"messages": {lang: worded[lang][k]["message"] for lang in LANGUAGES}}
        for k, issue in enumerate(worded[LANGUAGES[0]])
    ]


def _die_with_parent(parent_pid: int) -> None:
    """A solve orphaned by a killed worker stops too (with its own solver processes)."""
    while os.getppid() == parent_pid:
        time.sleep(1)
    os.killpg(0, signal.SIGKILL)
