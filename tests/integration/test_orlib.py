"""The award model reaches the published optimum of every OR-Library capacitated warehouse location instance.

Instances cap41…cap134 (read from ../shared/reference at run time, never copied here) are converted into
scenario packages and solved with HiGHS at a zero gap. The large capa/capb/capc belong to the benchmarks.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from procurement.orlib import Instance, read_instance, write_instance_package
from procurement.pipeline import Outcome, options_for, run_scenario
from procurement.solve import SolveStatus
from procurement.validate import load_scenario

MULTI_SOURCE = "CFLP multi-source (splittable)"
SINGLE_SOURCE = "CFLP single-source"
CAP_GROUPS = (6, 7, 8, 9, 10, 11, 12, 13)
CAPACITATED = ("cap41", "cap42", "cap43", "cap44", "cap51", *(f"cap{g}{k}" for g in CAP_GROUPS for k in range(1, 5)))
# Every single-source optimum published for these files (Guastaroba & Speranza); each solves in about a second.
SINGLE_SOURCED = tuple(f"cap{g}{k}" for g in (6, 7, 9, 10, 12, 13) for k in range(1, 5))
TOLERANCE = 1e-6


def published_optima(reference_dir: Path, problem: str) -> dict[str, float]:
    """{file stem: optimum} of the optima.csv rows for `problem` on the capNN files."""
    with (reference_dir / "orlib" / "optima.csv").open(newline="", encoding="utf-8") as table:
        rows = list(csv.DictReader(table))
    return {
        row["file"].removesuffix(".txt"): float(row["optimal_value"])
        for row in rows
        if row["problem"].startswith(problem) and row["file"].startswith("cap") and not row["capacity_override"]
    }


def solve_instance(reference_dir: Path, folder: Path, name: str, single_source: bool) -> tuple[Instance, Outcome]:
    source = reference_dir / "orlib" / f"{name}.txt"
    scenario, _ = load_scenario(write_instance_package(folder, source, single_source=single_source))
    options = options_for(scenario, solver="highs", mip_gap=0.0)
    return read_instance(source), run_scenario(scenario, options, baseline=False)


def cost_of_awards(instance: Instance, outcome: Outcome) -> float:
    """Fixed costs of the warehouses that supply anything plus c_ij times the share of j's demand i serves."""
    flows = outcome.awards
    warehouse = flows["supplier_id"].str[1:].astype(int) - 1
    customer = flows["institution_id"].str[1:].astype(int) - 1
    share = flows["quantity"].to_numpy() / instance.demand[customer]
    serving = pd.unique(warehouse)
    return float(instance.fixed_cost[serving].sum() + (instance.cost[warehouse, customer] * share).sum())


def assert_published_optimum(instance: Instance, outcome: Outcome, optimum: float) -> None:
    assert outcome.status is SolveStatus.OPTIMAL
    assert outcome.solution.objective == pytest.approx(optimum, rel=TOLERANCE)
    assert cost_of_awards(instance, outcome) == pytest.approx(optimum, rel=TOLERANCE)
    assert outcome.shortages.empty


def test_every_capacitated_optimum_is_tested(reference_dir: Path) -> None:
    assert set(published_optima(reference_dir, MULTI_SOURCE)) == set(CAPACITATED)
    assert set(published_optima(reference_dir, SINGLE_SOURCE)) == set(SINGLE_SOURCED)


@pytest.mark.parametrize("name", CAPACITATED)
def test_award_reaches_the_published_multi_source_optimum(reference_dir: Path, tmp_path: Path, name: str) -> None:
    instance, outcome = solve_instance(reference_dir, tmp_path, name, single_source=False)
    assert_published_optimum(instance, outcome, published_optima(reference_dir, MULTI_SOURCE)[name])


@pytest.mark.parametrize("name", SINGLE_SOURCED)
def test_single_source_award_reaches_the_published_optimum(reference_dir: Path, tmp_path: Path, name: str) -> None:
    instance, outcome = solve_instance(reference_dir, tmp_path, name, single_source=True)
    assert_published_optimum(instance, outcome, published_optima(reference_dir, SINGLE_SOURCE)[name])
    served_by = outcome.awards.groupby("institution_id")["supplier_id"].nunique()
    assert (served_by == 1).all()
