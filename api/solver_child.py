"""The child process of one run: validate and solve a package, send progress and the result tables back.

It runs in its own process group so that the worker can kill it, and any solver processes it started, at once
on cancel or when the hard wall-time limit is reached; it kills itself if the worker dies first.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from multiprocessing.connection import Connection
from typing import Any

from api.results import outcome_rows, plain
from procurement.errors import ProcurementError
from procurement.files import RawPackage
from procurement.pipeline import options_for, run_scenario
from procurement.report import summary
from procurement.validate import validate_package


def solve_in_child(package: RawPackage, overrides: dict[str, Any], parent_pid: int, channel: Connection) -> None:
    os.setpgrp()
    threading.Thread(target=_die_with_parent, args=(parent_pid,), daemon=True).start()
    try:
        channel.send(("result", _solve(package, overrides, channel)))
    except ProcurementError as error:
        channel.send(("error", str(error)))
    except Exception as error:  # anything else still ends the run with its reason, never silently
        channel.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        channel.close()


def _solve(package: RawPackage, overrides: dict[str, Any], channel: Connection) -> dict[str, Any]:
    purchase, warnings = validate_package(package)
    options = options_for(purchase, **overrides)
    outcome = run_scenario(purchase, options, lambda message: channel.send(("progress", message)))
    outcome.warnings = warnings
    solution = outcome.solution
    return {
        "solver_status": str(solution.status),
        "has_solution": solution.status.has_solution,
        "objective": solution.objective,
        "summary": plain(summary(outcome, options)),
        "tables": outcome_rows(outcome) if solution.status.has_solution else {},
    }


def _die_with_parent(parent_pid: int) -> None:
    """A solve orphaned by a killed worker stops too (with its own solver processes)."""
    while os.getppid() == parent_pid:
        time.sleep(1)
    os.killpg(0, signal.SIGKILL)
