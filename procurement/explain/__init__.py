"""Explain an award: every offer ranked with what decided it and the price at which its fate turns
(explanation.csv), and what each rule and limit costs and what would cover each shortage (rule_costs.csv).

Every figure that says what would happen otherwise is found by solving the purchase again with that one thing
changed, or read exactly off the solved model where it is a flow (procurement.explain.prices); see
docs/explanation.md.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from procurement.arrays import Floats, group_sum
from procurement.awards import SolvedAward
from procurement.decompose import market_blocks
from procurement.explain.columns import EXPLANATION_COLUMNS, RULE_COST_COLUMNS, TIME_LIMIT
from procurement.explain.limits import rule_costs
from procurement.explain.offers import offers_table
from procurement.explain.prices import TurningPrices, turning_prices
from procurement.explain.resolve import Blocks
from procurement.solve import SolveOptions, SolveStatus, solver_version

__all__ = ["EXPLANATION_COLUMNS", "RULE_COST_COLUMNS", "Explanation", "explain"]


SOLVER = "highs"  # re-solves run in-process whatever solved the award: a separate CBC process per copy would not pay
# but where copies have general integers (whole quantities under a budget): HiGHS's root reduced-cost fixing takes
# a second on such a copy of 126 columns (it walks each quantity's range, up to the demand), CBC a few milliseconds
WHOLE_QUANTITIES_SOLVER = "cbc"


@dataclass
class Explanation:
    offers: pd.DataFrame  # EXPLANATION_COLUMNS
    rule_costs: pd.DataFrame  # RULE_COST_COLUMNS
    seconds: float = 0.0
    solver: str = ""  # the solver of its re-solves, with its version
    complete: bool = True  # False: the time limit came first; what it kept from being found is blank or left out

    @property
    def offers_without_price(self) -> int:
        """Offers whose turning price the time limit left blank."""
        return int((self.offers["found_by"] == TIME_LIMIT).sum())


def explain(
    award: SolvedAward,
    status: SolveStatus,
    awards: pd.DataFrame,
    shortages: pd.DataFrame,
    options: SolveOptions,
    time_limit_s: float | None = None,
) -> Explanation:
    """The explanation of a solved award. Figures that compare with other awards need the award to be proven
    optimal; for an award stopped at a limit they are left blank (the ranking and reasons remain). Within
    `time_limit_s` (none: no limit) the re-solves stop where they are; what they had not found is left blank
    (an offer's price: found_by "time_limit") or out (a rule's or a limit's value), and the explanation says
    it is not complete."""
    started = time.perf_counter()
    deadline = None if time_limit_s is None else time.time() + time_limit_s
    options = replace(
        options, solver=SOLVER, whole_quantities_solver=WHOLE_QUANTITIES_SOLVER, time_limit_s=None, deadline=deadline
    )
    index = award.index
    blocks = award_blocks(award)
    penalty = np.zeros(len(index.scenario.products))
    penalty[index.pair_product] = index.pair_penalty
    optimal = status is SolveStatus.OPTIMAL
    if optimal:
        prices = turning_prices(award, blocks, penalty, options)
    else:
        offers = len(index.offer_market)
        prices = TurningPrices(np.full(offers, np.nan), np.full(offers, "", dtype=object))
    table = offers_table(award, awards, prices)
    costs, whole = (
        rule_costs(award, awards, shortages, blocks, options)
        if optimal
        else (pd.DataFrame(columns=RULE_COST_COLUMNS), True)
    )
    complete = whole and not (prices.found_by == TIME_LIMIT).any()
    return Explanation(table, costs, time.perf_counter() - started, _solvers(award), complete)


def _solvers(award: SolvedAward) -> str:
    """The solvers of the re-solves, each with its version: CBC also where copies have general integers."""
    arrays = award.model.arrays()
    general = bool((arrays.integer & (arrays.upper > 1)).any())
    solvers = [SOLVER, WHOLE_QUANTITIES_SOLVER] if general else [SOLVER]
    return ", ".join(solver_version(name) for name in solvers)


def award_blocks(award: SolvedAward) -> Blocks:
    """The blocks of the award's purchase, their products and their cost in the award as the solver sees it."""
    index = award.index
    arrays = award.model.arrays()
    block_of_market = market_blocks(index)
    count = int(block_of_market.max(initial=-1)) + 1
    cost: Floats = group_sum(block_of_market[arrays.col_market], arrays.cost * award.values, count)
    offered = np.bincount(index.arc_pair, minlength=len(index.pair_market)) > 0
    unsupplied = (index.pair_quantity * index.pair_penalty)[~offered]
    cost += group_sum(block_of_market[index.pair_market[~offered]], unsupplied, count)
    block_of_product = np.full(len(index.scenario.products), -1)
    block_of_product[index.market_product] = block_of_market
    order = np.argsort(block_of_market, kind="stable")
    cuts = np.searchsorted(block_of_market[order], np.arange(1, count))
    # a clave priced per period has a market per period, all in its block: the block holds the clave once
    products = [np.unique(index.market_product[part]) for part in np.split(order, cuts)] if count else []
    short = np.where(offered, award.pair_shortage, 0).astype(float)  # demand no offer reaches is a constant
    unmet = group_sum(index.pair_product, short, len(index.scenario.products))
    return Blocks(block_of_product, products, cost, unmet)
