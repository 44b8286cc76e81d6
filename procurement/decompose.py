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
from procurement.solve import Solution, SolveOptions, SolveStatus, solve, solver_version

Progress = Callable[[str], None]
Group = list[list[str]]  # blocks solved in one model
PARALLEL_MIN_DEMAND_ROWS = 5_000
LINEAR_GROUP_PRODUCTS = 250
SMALL_GROUP_PRODUCTS = 50
SMALL_BLOCK_ARCS = 40
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


def linear_products(scenario: Scenario) -> set[str]:
    """Products whose award needs no yes/no decision: single-price offers from 0, no minimum, no fixed cost, no
    rule on who wins (conservative: a rule that would not bind still counts)."""
    bids, products = scenario.bids, scenario.products
    conditioned = bids[(bids["from_quantity"] > 0) | (bids["min_quantity"] > 0) | (bids["fixed_cost"] > 0)]
    tiers = bids.groupby(["supplier_id", "product_id"]).size()
    ruled = (
        products["split_shares"].map(bool)
        | products["single_source"]
        | products["max_suppliers"].notna()
        | products["max_price_gap"].notna()
    )
    excluded = set(conditioned["product_id"]) | set(tiers[tiers > 1].index.get_level_values("product_id"))
    return set(products["product_id"]) - excluded - set(products.loc[ruled, "product_id"])


def group_blocks(scenario: Scenario, blocks: list[list[str]]) -> list[Group]:
    """Blocks to solve together in one model, which has the same optimum as solving them apart.

    Linear blocks share models of up to LINEAR_GROUP_PRODUCTS products, and small blocks with yes/no decisions
    (at most SMALL_BLOCK_ARCS offer-institution arcs, as when one institution buys alone) models of up to
    SMALL_GROUP_PRODUCTS: building many tiny models costs more than solving them. Larger MILP blocks are solved
    alone, since HiGHS proves them optimal much faster one at a time than pooled.
    """
    linear = linear_products(scenario)
    offers = scenario.bids.drop_duplicates(["supplier_id", "product_id"]).groupby("product_id").size()
    arcs = (offers * scenario.demand.groupby("product_id").size()).fillna(0).to_dict()
    groups: list[Group] = []
    pools: dict[str, Group] = {"linear": [], "small": []}
    limits = {"linear": LINEAR_GROUP_PRODUCTS, "small": SMALL_GROUP_PRODUCTS}
    for block in blocks:
        if set(block) <= linear:
            kind = "linear"
        elif sum(arcs.get(p, 0) for p in block) <= SMALL_BLOCK_ARCS:
            kind = "small"
        else:
            groups.append([block])
            continue
        if pools[kind] and sum(map(len, pools[kind])) + len(block) > limits[kind]:
            groups.append(pools[kind])
            pools[kind] = []
        pools[kind].append(block)
    return groups + [pool for pool in pools.values() if pool]


def solve_scenario(scenario: Scenario, options: SolveOptions, progress: Progress | None = None) -> Solution:
    """Solve every block (in worker processes for large purchases) and merge the results."""
    started = time.perf_counter()
    blocks = find_blocks(scenario)
    groups = group_blocks(scenario, blocks)
    deadline = None if options.time_limit_s is None else time.time() + options.time_limit_s
    workers = min(os.cpu_count() or 1, len(groups))
    if workers > 1 and len(scenario.demand) >= PARALLEL_MIN_DEMAND_ROWS:
        solutions = _solve_in_workers(scenario, groups, options, deadline, workers, progress)
    else:
        solutions = _solve_groups(scenario, groups, options, deadline, progress)
    merged = merge_solutions(solutions)
    merged.wall_time_s = time.perf_counter() - started
    merged.solver_version = solver_version(options.solver)
    return merged


def _products(group: Group) -> list[str]:
    return [product for block in group for product in block]


def _solve_groups(
    scenario: Scenario,
    groups: list[Group],
    options: SolveOptions,
    deadline: float | None,
    progress: Progress | None,
) -> list[Solution]:
    solutions, done, total = [], 0, sum(map(len, groups))
    for part, group in zip(split_scenario(scenario, [_products(g) for g in groups]), groups, strict=True):
        limit = None if deadline is None else max(deadline - time.time(), 0.001)
        started = time.perf_counter()
        model = build_award_model(part)
        built = time.perf_counter()
        solution = solve(model, replace(options, time_limit_s=limit))
        solution.blocks, solution.build_s, solution.solve_s = len(group), built - started, solution.wall_time_s
        solutions.append(solution)
        done += len(group)
        if progress and (done == total or len(solutions) % max(1, len(groups) // 20) == 0):
            progress(f"solved block {done} of {total}")
    return solutions


def _solve_chunk(part: Scenario, groups: list[Group], options: SolveOptions, deadline: float | None) -> Solution:
    return merge_solutions(_solve_groups(part, groups, options, deadline, None))


def _solve_in_workers(
    scenario: Scenario,
    groups: list[Group],
    options: SolveOptions,
    deadline: float | None,
    workers: int,
    progress: Progress | None,
) -> list[Solution]:
    chunks = _balance(groups, scenario, workers * 4)
    parts = split_scenario(scenario, [[p for group in chunk for p in _products(group)] for chunk in chunks])
    solutions, done, total = [], 0, sum(map(len, groups))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {
            pool.submit(_solve_chunk, part, chunk, options, deadline): sum(map(len, chunk))
            for part, chunk in zip(parts, chunks, strict=True)
        }
        for future in as_completed(futures):
            solutions.append(future.result())
            done += futures[future]
            if progress:
                progress(f"solved block {done} of {total}")
    return solutions


def _balance(groups: list[Group], scenario: Scenario, count: int) -> list[list[Group]]:
    """Spread groups over `count` chunks of similar size (largest first, each to the lightest chunk)."""
    size = scenario.bids.groupby("product_id").size() * scenario.demand.groupby("product_id").size()
    weight = size.reindex(scenario.demand["product_id"].unique(), fill_value=1).to_dict()
    chunks: list[list[Group]] = [[] for _ in range(min(count, len(groups)))]
    load = [0.0] * len(chunks)
    for group in sorted(groups, key=lambda g: -sum(weight.get(p, 1) for p in _products(g))):
        lightest = load.index(min(load))
        chunks[lightest].append(group)
        load[lightest] += sum(weight.get(p, 1) for p in _products(group))
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
        build_s=sum(s.build_s for s in solutions),
        solve_s=sum(s.solve_s for s in solutions),
    )


def _total(values: list[float | None]) -> float | None:
    return None if any(v is None for v in values) else float(sum(v for v in values if v is not None))
