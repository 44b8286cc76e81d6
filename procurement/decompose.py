"""Split a purchase into independent blocks of products and solve them, in parallel where it pays.

Products are linked only through institution budgets; every other rule stays within one product.
Blocks are solved separately with the same optimum as one model, and their solutions merged.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import replace

import pandas as pd

from procurement.lp import COST_TERMS, build_award_model
from procurement.scenario import Scenario
from procurement.solve import Solution, SolveOptions, SolveStatus, solve

Progress = Callable[[str], None]
PARALLEL_MIN_DEMAND_ROWS = 5_000
STATUS_ORDER = (
    SolveStatus.OPTIMAL,
    SolveStatus.FEASIBLE,
    SolveStatus.NO_SOLUTION,
    SolveStatus.UNBOUNDED,
    SolveStatus.INFEASIBLE,
    SolveStatus.ERROR,
)


def find_blocks(scenario: Scenario) -> list[list[str]]:
    """Groups of products no rule links: a budgeted institution links every product it demands."""
    parent: dict[str, str] = {p: p for p in scenario.demand["product_id"].unique()}

    def root(p: str) -> str:
        while parent[p] != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p

    budgeted = set(scenario.institutions.dropna(subset=["budget"])["institution_id"])
    linked = scenario.demand[scenario.demand["institution_id"].isin(budgeted)]
    for _, products in linked.groupby("institution_id")["product_id"]:
        first = root(products.iloc[0])
        for product in products.iloc[1:]:
            parent[root(product)] = first
    groups: dict[str, list[str]] = {}
    for product in sorted(parent):
        groups.setdefault(root(product), []).append(product)
    return sorted(groups.values(), key=lambda block: block[0])


def split_scenario(scenario: Scenario, blocks: list[list[str]]) -> list[Scenario]:
    """One scenario per block, built with one pass over each table."""
    block_of = {product: b for b, block in enumerate(blocks) for product in block}
    parts: dict[str, list[pd.DataFrame]] = {}
    for name in ("products", "demand", "bids", "baseline"):
        table: pd.DataFrame = getattr(scenario, name)
        groups = dict(list(table.groupby(table["product_id"].map(block_of).fillna(-1).astype(int))))
        parts[name] = [groups.get(b, table.iloc[:0]) for b in range(len(blocks))]
    delivery = scenario.delivery
    return [
        scenario.with_tables(
            products=parts["products"][b],
            demand=parts["demand"][b],
            bids=parts["bids"][b],
            baseline=parts["baseline"][b],
            delivery=delivery[(delivery["product_id"] == "") | delivery["product_id"].isin(set(blocks[b]))],
        )
        for b in range(len(blocks))
    ]


def solve_scenario(scenario: Scenario, options: SolveOptions, progress: Progress | None = None) -> Solution:
    """Solve every block (in worker processes for large purchases) and merge the results."""
    started = time.perf_counter()
    blocks = find_blocks(scenario)
    deadline = None if options.time_limit_s is None else time.time() + options.time_limit_s
    workers = min(os.cpu_count() or 1, len(blocks))
    if workers > 1 and len(scenario.demand) >= PARALLEL_MIN_DEMAND_ROWS:
        solutions = _solve_in_workers(scenario, blocks, options, deadline, workers, progress)
    else:
        solutions = _solve_blocks(split_scenario(scenario, blocks), options, deadline, progress, len(blocks))
    merged = merge_solutions(solutions)
    merged.wall_time_s = time.perf_counter() - started
    return merged


def _solve_blocks(
    parts: list[Scenario],
    options: SolveOptions,
    deadline: float | None,
    progress: Progress | None,
    total: int,
) -> list[Solution]:
    solutions = []
    for k, part in enumerate(parts, start=1):
        limit = None if deadline is None else max(deadline - time.time(), 0.001)
        solutions.append(solve(build_award_model(part), replace(options, time_limit_s=limit)))
        if progress and (k == total or k % max(1, total // 20) == 0):
            progress(f"solved block {k} of {total}")
    return solutions


def _solve_chunk(part: Scenario, blocks: list[list[str]], options: SolveOptions, deadline: float | None) -> Solution:
    return merge_solutions(_solve_blocks(split_scenario(part, blocks), options, deadline, None, len(blocks)))


def _solve_in_workers(
    scenario: Scenario,
    blocks: list[list[str]],
    options: SolveOptions,
    deadline: float | None,
    workers: int,
    progress: Progress | None,
) -> list[Solution]:
    chunks = _balance(blocks, scenario, workers * 4)
    parts = split_scenario(scenario, [[p for block in chunk for p in block] for chunk in chunks])
    solutions, done = [], 0
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {
            pool.submit(_solve_chunk, part, chunk, options, deadline): len(chunk)
            for part, chunk in zip(parts, chunks, strict=True)
        }
        for future in as_completed(futures):
            solutions.append(future.result())
            done += futures[future]
            if progress:
                progress(f"solved block {done} of {len(blocks)}")
    return solutions


def _balance(blocks: list[list[str]], scenario: Scenario, count: int) -> list[list[list[str]]]:
    """Spread blocks over `count` chunks of similar size (largest first, each to the lightest chunk)."""
    size = scenario.bids.groupby("product_id").size() * scenario.demand.groupby("product_id").size()
    weight = size.reindex(scenario.demand["product_id"].unique(), fill_value=1).to_dict()
    chunks: list[list[list[str]]] = [[] for _ in range(min(count, len(blocks)))]
    load = [0.0] * len(chunks)
    for block in sorted(blocks, key=lambda b: -sum(weight.get(p, 1) for p in b)):
        lightest = load.index(min(load))
        chunks[lightest].append(block)
        load[lightest] += sum(weight.get(p, 1) for p in block)
    return [chunk for chunk in chunks if chunk]


def merge_solutions(solutions: list[Solution]) -> Solution:
    """One solution from the solutions of independent blocks; statuses combine to the worst."""
    if len(solutions) == 1:
        return solutions[0]
    status = max((s.status for s in solutions), key=STATUS_ORDER.index)
    offset, offers, flows = 0, [], []
    for s in solutions:
        offers.append(s.offers.set_axis(s.offers.index + offset))
        flows.append(s.flows.assign(offer=s.flows["offer"] + offset))
        offset += len(s.offers)
    return Solution(
        status=status,
        objective=_total([s.objective for s in solutions]),
        bound=_total([s.bound for s in solutions]),
        solver=solutions[0].solver,
        is_mip=any(s.is_mip for s in solutions),
        flows=pd.concat(flows, ignore_index=True),
        shortages=pd.concat([s.shortages for s in solutions], ignore_index=True),
        offers=pd.concat(offers).rename_axis("offer"),
        budgets=pd.concat([s.budgets for s in solutions], ignore_index=True),
        inadmissible=pd.concat([s.inadmissible for s in solutions], ignore_index=True),
        cost_terms={name: sum(s.cost_terms.get(name, 0.0) for s in solutions) for name in COST_TERMS},
        blocks=sum(s.blocks for s in solutions),
    )


def _total(values: list[float | None]) -> float | None:
    return None if any(v is None for v in values) else float(sum(v for v in values if v is not None))
