"""One measured run in a fresh process, so that its peak memory is its own; prints one JSON object.

    python -m benchmarks.measure {whole,explained,solve,direct,cbc} PKG OUT [--time-limit S]

whole: the `procurement solve --no-explain` path (read, validate, build the consolidated and buying-alone models,
solve both in one pass, awards and savings, write); explained: the same with the explanation (`procurement
solve`: explanation.csv and rule_costs.csv too); solve: read, validate and the consolidated solve only; direct: the
lower bound (benchmarks.highs_direct: HiGHS alone on the whole purchase as one matrix); cbc: the whole model as
one PuLP model solved by CBC.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.highs_direct import solve_direct
from procurement.explain import Explanation
from procurement.files import read_package
from procurement.pipeline import options_for, run_scenario
from procurement.report import write_outcome
from procurement.solve import SolveOptions, solve_scenario
from procurement.validate import load_scenario, validate_package


def measure_ours(
    package: Path,
    out: Path,
    limit: float | None,
    whole: bool,
    explained: bool = False,
    explain_limit: float | None = None,
) -> dict[str, Any]:
    started = time.perf_counter()
    raw = read_package(package)
    read = time.perf_counter()
    scenario, _ = validate_package(raw)
    validated = time.perf_counter()
    options = options_for(scenario, time_limit_s=limit)
    figures: dict[str, Any] = {"read_s": read - started, "validate_s": validated - read}
    if whole:
        outcome = run_scenario(scenario, options, explained=explained, explain_time_limit_s=explain_limit)
        solved = time.perf_counter()
        write_outcome(outcome, options, out)
        solution = outcome.solution
        figures |= {"model_s": outcome.timings["build_s"], "solve_both_s": outcome.timings["solve_s"]}
        figures |= {"results_s": outcome.timings.get("results_s"), "write_s": time.perf_counter() - solved}
        figures |= {"explain_s": outcome.timings.get("explain_s")} | _explained(outcome.explanation)
    else:
        solution = solve_scenario(scenario, options)
        figures |= {"model_s": solution.build_s, "solve_both_s": solution.wall_time_s}
    figures |= {"solver_s": solution.solve_s, "blocks": solution.blocks}
    return figures | _result(str(solution.status), solution.objective, time.perf_counter() - started)


def measure_direct(package: Path, limit: float | None) -> dict[str, Any]:
    scenario, _ = load_scenario(package)
    result = solve_direct(scenario, time_limit_s=limit)
    figures = {"model_s": result.build_s, "solver_s": result.solve_s, "columns": result.columns, "rows": result.rows}
    status = "optimal" if result.status == "Optimal" else result.status
    return figures | _result(status, result.objective, result.build_s + result.solve_s)


def measure_cbc(package: Path, limit: float | None) -> dict[str, Any]:
    """The whole model as one PuLP model solved by CBC: no blocks, nothing settled beforehand."""
    scenario, _ = load_scenario(package)
    started = time.perf_counter()
    solution = solve_scenario(scenario, SolveOptions(solver="cbc", time_limit_s=limit), decompose=False, settle=False)
    solved = time.perf_counter()
    return {"solver_s": solution.solve_s} | _result(str(solution.status), solution.objective, solved - started)


def _result(status: str, objective: float | None, total: float) -> dict[str, Any]:
    return {"status": status, "objective": objective, "total_s": total}


def _explained(explanation: Explanation | None) -> dict[str, Any]:
    """How much of the award the explanation priced: offers with a turning price found, and those its time limit
    left blank."""
    if explanation is None:
        return {}
    found_by = explanation.offers["found_by"]
    return {
        "explain_complete": explanation.complete,
        "offers_priced": int(found_by.isin(["network", "re-solve"]).sum()),
        "offers_unpriced": explanation.offers_without_price,
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.measure")
    parser.add_argument("approach", choices=["whole", "explained", "solve", "direct", "cbc"])
    parser.add_argument("package", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--time-limit", type=float)
    parser.add_argument("--explain-time-limit", type=float)
    args = parser.parse_args()
    result = os.dup(1)
    os.dup2(2, 1)  # anything a solver prints goes to stderr; stdout carries the figures only
    if args.approach in ("whole", "explained", "solve"):
        whole = args.approach != "solve"
        explained = args.approach == "explained"
        figures = measure_ours(args.package, args.out, args.time_limit, whole, explained, args.explain_time_limit)
    elif args.approach == "direct":
        figures = measure_direct(args.package, args.time_limit)
    else:
        figures = measure_cbc(args.package, args.time_limit)
    sys.stdout.flush()
    os.write(result, (json.dumps(figures) + "\n").encode())


if __name__ == "__main__":
    main()
