"""The price at which an offer's fate turns: for a losing offer, the highest unit price (offered for every
quantity) at which it would win some quantity; for a winning one, the price above which it would win nothing.
All else stays as bid.

Lowering an offer's price only makes it more attractive, so each offer has one such price p*, where the best
award that gives it a unit costs the same as the best award without it. Where p* can be read off the solved
award exactly it is (*network* markets: rows of demand and capacity only, no yes/no choice, so the award is a
minimum-cost flow and a unit's marginal value at each institution is a longest path back to a supplier);
elsewhere it is found by re-solving copies of the offer's block (procurement.explain.resolve): the best award
that must give the offer a unit is solved at a trial price, and the trial price moves to where that award costs
what the award without the offer costs (Newton's method on a concave, piecewise-linear function: a few
re-solves). The costs compared are the solver's, tie-break allowance included, so p* decides ties as the award
does; prices are then rounded to the whole cent on the side that keeps the statement true.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from procurement.arrays import Floats, Ints, group_any, group_max, group_min, group_sum, positions
from procurement.awards import SolvedAward
from procurement.explain.alike import pooled_scenario
from procurement.explain.columns import TIME_LIMIT
from procurement.explain.resolve import Blocks, ChangeResults, alone_awards, changes, solve_changes
from procurement.index import PENALTY_FACTOR
from procurement.model import ModelArrays
from procurement.rules import rule
from procurement.rules.national_preference import price_scale
from procurement.rules.periods import pair_period_ids
from procurement.rules.price_reasonableness import price_ceiling
from procurement.scenario import Scenario
from procurement.solve import SolveOptions

NETWORK_ROWS = ("demand", "capacity", "explain_exclude")  # an offer kept out of a copy: a capacity of 0
MAX_STEPS = 24  # re-solves per offer at most: Newton's steps, then halving a bracket of whole cents
# offers whose prices are searched together, in chunks: the copies of one step stay few enough to hold in memory
# (the 20,000 of the national MILP took 5 GiB before alike institutions were merged, 1,100 columns each) and a time
# limit leaves whole chunks found rather than every offer half-way; a step of a chunk is one batch purchase built in
# this process while the workers wait, so chunks as large as memory allows (the national MILP's explanation took
# 47 s in chunks of 4,000 offers, 41 s in one)
CHUNK_ARCS = 1_000_000  # a chunk's copies hold about this many supplier-institution arcs together
CENT = 0.01
PRICE_TOLERANCE = 1e-9  # relative: a trial price that moves less than this has converged
COST_TOLERANCE = 2e-7  # in currency: two awards' costs closer than this are equal (far below the tie-break)
ROUNDING = 3e-7  # in currency: below the tie-break allowance between two suppliers (procurement.model.TIE_UNIT)


@dataclass
class TurningPrices:
    price: Floats  # per offer of the index: p* (NaN: none, e.g. it cannot win at any positive price)
    found_by: np.ndarray  # "network" or "re-solve" ("" where no price; "time_limit" where time ran out first)


def turning_prices(award: SolvedAward, blocks: Blocks, penalty: Floats, options: SolveOptions) -> TurningPrices:
    index = award.index
    arrays = award.model.arrays()
    offers = len(index.offer_market)
    price = np.full(offers, np.nan)
    found_by = np.full(offers, "", dtype=object)
    network = network_markets(award, arrays)
    flow = _flows(award, arrays, network)
    capacity_rows = _markets_with_rows(award, arrays, ("capacity",)) | _markets_with_limited_arcs(award, arrays)
    won = award.offer_total > 0
    in_network = network[index.offer_market]
    losing = in_network & ~won
    price[losing] = _network_price_to_win(award, arrays, flow)[losing]
    simple = in_network & won & ~capacity_rows[index.offer_market]
    price[simple] = _uncapacitated_price_to_lose(award, arrays, flow)[simple]
    limited = np.flatnonzero(in_network & won & capacity_rows[index.offer_market])
    unknown = np.zeros(offers, dtype=bool)  # the explanation's time ran out before these were found
    price[limited], unknown[limited] = _capacitated_price_to_lose(award, flow, blocks, options, limited)
    found_by[in_network] = "network"
    rest = np.flatnonzero(~in_network)
    for chunk in _chunks(award, blocks, rest):  # a chunk's offers are finished together
        price[chunk], unknown[chunk] = _resolved_prices(award, blocks, penalty, options, chunk)
    found_by[rest] = "re-solve"
    price = _capped(price, ceilings(index.scenario)[index.offer_product])  # above it a bid is inadmissible
    price[np.isinf(price) | unknown] = np.nan  # inf: no price at which it would lose
    found_by[np.isnan(price)] = ""
    found_by[unknown] = TIME_LIMIT
    return TurningPrices(price, found_by)


def _chunks(award: SolvedAward, blocks: Blocks, offers: Ints) -> list[Ints]:
    """`offers` in chunks whose copies hold about CHUNK_ARCS arcs in all: a copy of an offer's block has an arc per
    offer and demand row of each of its claves, once alike institutions are merged."""
    index = award.index
    products = len(index.scenario.products)
    pooled = pooled_scenario(award).demand["product_id"]
    rows = np.bincount(positions(pooled, index.scenario.products["product_id"]), minlength=products)
    block = blocks.block_of_product
    demanded = block >= 0
    arcs = group_sum(
        block[demanded], (np.bincount(index.offer_product, minlength=products) * rows)[demanded], len(blocks.products)
    )
    size = np.maximum(arcs[block[index.offer_product[offers]]], 1)
    cut = np.flatnonzero(np.diff(np.cumsum(size) // CHUNK_ARCS)) + 1
    return [chunk for chunk in np.split(offers, cut) if len(chunk)]


def ceilings(scenario: Scenario) -> Floats:
    """Per product, the highest price at which a bid stays admissible: its reference price, or lower where the
    price check rejects prices that are not acceptable (NaN: no limit)."""
    reference = scenario.products["reference_price"].to_numpy(dtype=float)
    result: Floats = np.fmin(reference, price_ceiling(scenario))
    return result


def _capped(price: Floats, reference: Floats) -> Floats:
    """Prices no higher than the ceiling (none where not given); NaN stays NaN."""
    result: Floats = np.where(np.isnan(reference), price, np.minimum(price, reference))
    return result


def highest_cent_below(price: Floats) -> Floats:
    """The highest whole-cent price strictly below each p* (a price that wins); NaN where not positive."""
    cents = np.ceil(price * 100 - ROUNDING * 100) - 1
    result: Floats = np.where(cents >= 1, cents / 100, np.nan)
    return result


def lowest_cent_above(price: Floats) -> Floats:
    """The lowest whole-cent price strictly above each p* (a price that loses)."""
    cents = np.floor(price * 100 + ROUNDING * 100) + 1
    result: Floats = cents / 100
    return result


# --- network markets: read off the solved flow ---------------------------------------------------------------


def network_markets(award: SolvedAward, arrays: ModelArrays) -> np.ndarray:
    """Markets whose model is a flow: no yes/no or whole-number column, rows of demand and capacity only."""
    index = award.index
    markets = len(index.market_product)
    other_rows = _markets_with_rows(award, arrays, None)
    whole = group_any(arrays.col_market, arrays.integer, markets)
    result: np.ndarray = ~other_rows & ~whole
    return result


def _markets_with_rows(award: SolvedAward, arrays: ModelArrays, kinds: tuple[str, ...] | None) -> np.ndarray:
    """Markets with an entry in a row of one of `kinds` (None: of a kind other than NETWORK_ROWS)."""
    kind = award.model.row_kinds()
    chosen = np.isin(kind, kinds) if kinds is not None else ~np.isin(kind, NETWORK_ROWS)
    entries = chosen[arrays.entry_row]
    result: np.ndarray = group_any(arrays.col_market[arrays.entry_col], entries, len(award.index.market_product))
    return result


def _markets_with_limited_arcs(award: SolvedAward, arrays: ModelArrays) -> np.ndarray:
    """Markets where an arc carries less than its pair's demand at most (an offer's capacity held in the bound
    of its only arc)."""
    index, model = award.index, award.model
    limited = arrays.upper[model.flow] < index.pair_quantity[index.arc_pair[model.flow_arc]]
    result: np.ndarray = group_any(index.arc_market[model.flow_arc], limited, len(index.market_product))
    return result


@dataclass
class _Flow:
    """The flow columns of network markets: offer, pair, cost, value, upper bound, and the part of the cost
    that is the offer's price."""

    cols: Ints
    offer: Ints
    pair: Ints
    cost: Floats
    value: Floats
    upper: Floats
    fixed_part: Floats  # cost - price x (1 - preference): delivery and the tie-break allowance
    scale: Floats  # 1 - preference of the offer


def _flows(award: SolvedAward, arrays: ModelArrays, network: np.ndarray) -> _Flow:
    index, model = award.index, award.model
    keep = np.flatnonzero(network[index.arc_market[model.flow_arc]])
    cols, arc = model.flow[keep], model.flow_arc[keep]
    offer = index.arc_offer[arc]
    scale = price_scale(index.scenario, index.offer_supplier[offer])
    price = index.tier_price[model.flow_tier[keep]]
    return _Flow(
        cols=cols,
        offer=offer,
        pair=index.arc_pair[arc],
        cost=arrays.cost[cols],
        value=award.values[cols],
        upper=arrays.upper[cols],
        fixed_part=arrays.cost[cols] - price * scale,
        scale=scale,
    )


def _penalty_scales(scenario: Scenario) -> bool:
    """Whether the shortfall penalty follows the prices bid (10 x the highest): a winner whose units would go
    short without it then keeps them at any price, for the penalty rises ten times as fast."""
    return scenario.policy.get("shortfall_penalty") is None


def _shortage_values(award: SolvedAward, arrays: ModelArrays, rising: bool = False) -> tuple[Floats, Floats]:
    """Per pair: units short in the award and the cost of a unit short (inf where the pair has no column, or
    everywhere when `rising`: the studied offer's price sets the penalty, which then always exceeds it)."""
    shortage = award.model.parts["shortage"]
    has = shortage >= 0
    short = np.zeros(len(shortage))
    short[has] = award.values[shortage[has]]
    cost = np.full(len(shortage), np.inf)
    cost[has] = np.inf if rising else arrays.cost[shortage[has]]
    return short, cost


def _marginal_values(award: SolvedAward, arrays: ModelArrays, flow: _Flow, rising: bool = False) -> Floats:
    """Per pair of a network market (`flow`: its flow columns): what one unit less of its demand would save in the
    award (a longest path in the flow's residual graph: give back a unit it receives, let that supplier's freed
    capacity replace a dearer unit elsewhere, and so on). An offer wins a unit at a pair exactly when its cost
    there is below it. A path visits each pair and offer once at most, so that many rounds settle every value."""
    index = award.index
    pairs, offers = len(index.pair_market), len(index.offer_market)
    short, short_cost = _shortage_values(award, arrays, rising)
    base = np.where(short > 0.5, short_cost, -np.inf)
    full = award.offer_total >= index.offer_capacity - 0.5
    carries = flow.value > 0.5
    room = flow.value < flow.upper - 0.5
    freed = np.zeros(offers)  # what one unit of an offer's capacity, freed, saves
    value = base
    for _ in range(pairs + offers + 1):
        value = np.maximum(base, group_max(flow.pair[carries], flow.cost[carries] + freed[flow.offer[carries]], pairs))
        gain = group_max(flow.offer[room], value[flow.pair[room]] - flow.cost[room], offers)
        updated = np.where(full, np.maximum(gain, 0.0), 0.0)
        if np.allclose(updated, freed, rtol=0, atol=1e-12):
            break
        freed = updated
    return value


def _network_price_to_win(award: SolvedAward, arrays: ModelArrays, flow: _Flow) -> Floats:
    value = _marginal_values(award, arrays, flow)
    threshold = (value[flow.pair] - flow.fixed_part) / flow.scale
    return _highest(flow.offer, threshold, len(award.index.offer_market))


def _uncapacitated_price_to_lose(award: SolvedAward, arrays: ModelArrays, flow: _Flow) -> Floats:
    """Without capacities each institution takes its cheapest option: an offer keeps a unit at a pair while it
    is cheaper than the pair's best other option (another offer, or the shortage)."""
    pairs = len(award.index.pair_market)
    _, short_cost = _shortage_values(award, arrays, _penalty_scales(award.index.scenario))
    best = np.minimum(group_min(flow.pair, flow.cost, pairs), short_cost)
    order = np.lexsort((flow.cost, flow.pair))
    first = np.ones(len(order), dtype=bool)
    first[1:] = flow.pair[order][1:] != flow.pair[order][:-1]
    is_best = np.zeros(len(order), dtype=bool)
    is_best[order[first]] = flow.cost[order[first]] <= short_cost[flow.pair[order[first]]]
    second = group_min(flow.pair[~is_best], flow.cost[~is_best], pairs)
    other = np.where(is_best, np.minimum(second[flow.pair], short_cost[flow.pair]), best[flow.pair])
    threshold = (other - flow.fixed_part) / flow.scale
    return _highest(flow.offer, threshold, len(award.index.offer_market))


def _highest(offer: Ints, threshold: Floats, offers: int) -> Floats:
    """Per offer, its highest threshold over its arcs (NaN: no arc, or none known; inf: it never loses)."""
    highest = group_max(offer, np.where(np.isnan(threshold), -np.inf, threshold), offers)
    result: Floats = np.where(np.isneginf(highest), np.nan, highest)
    return result


def _capacitated_price_to_lose(
    award: SolvedAward,
    flow: _Flow,
    blocks: Blocks,
    options: SolveOptions,
    offers: Ints,
) -> tuple[Floats, np.ndarray]:
    """With capacities, a winner keeps a unit while its cost at some pair is below the pair's marginal value in
    the best award without it: that award is solved (one copy per offer, all together, mostly settled without a
    solver), and its marginal values read off as in the award itself. Also: the offers whose copy the solver
    did not finish in time."""
    if not len(offers):
        return np.zeros(0), np.zeros(0, dtype=bool)
    index = award.index
    table = changes(
        block=blocks.block_of_product[index.offer_product[offers]],
        product=index.offer_product[offers],
        supplier=index.offer_supplier[offers],
        offer_period=index.offer_period[offers],
        capacity=0.0,  # out of the copy, where presolve settles most of it; its tie-break rank stays
    )
    removed = solve_changes(index.scenario, blocks, table, options, keep_award=True)
    copy, batch = removed.award, removed.batch
    if copy is None or batch is None:  # the explanation's time ran out before it
        return np.full(len(offers), np.nan), np.ones(len(offers), dtype=bool)
    copy_arrays = copy.model.arrays()
    copy_flow = _flows(copy, copy_arrays, network_markets(copy, copy_arrays))
    value = _marginal_values(copy, copy_arrays, copy_flow, _penalty_scales(index.scenario))
    change = positions(flow.offer, offers)
    mine = change >= 0
    pairs = flow.pair[mine]
    period = pair_period_ids(index)[pairs]
    pair = batch.pairs(copy.index, change[mine], index.pair_product[pairs], index.pair_institution[pairs], period)
    threshold = np.where(pair >= 0, value[np.maximum(pair, 0)] - flow.fixed_part[mine], np.nan) / flow.scale[mine]
    return _highest(change[mine], threshold, len(offers)), ~removed.decided


# --- elsewhere: re-solve ----------------------------------------------------------------------------------------


def _resolved_prices(
    award: SolvedAward, blocks: Blocks, penalty: Floats, options: SolveOptions, offers: Ints
) -> tuple[Floats, np.ndarray]:
    """Each offer's p* by re-solving copies of its block, every offer's trial solved together at each step; and
    the offers whose search the explanation's time limit cut short (their p* is left unknown).

    A winner's award at its own price is known; a loser's first award that gives it a unit is at a cent (where
    the cost is concave, see `_Trials.opening`: the award where it alone supplies all it reaches, where that is
    possible, else the best one, solved) or the best one at its lowest price. From there each step is Newton's:
    the trial moves to where the last award that gave the offer a unit would cost as much as the best award
    without it. Where that cost is concave in the price (no budget
    or price gap in the block) every trial after the first lies at or below p* and the steps end on it; each
    trial copy is solved with that cost as a bound, so a trial that does not win is known at once. Where a
    trial overshoots, the search goes on by halving the bracket of whole-cent prices known to win and to lose,
    until they are one cent apart: then both are checked by a re-solve rather than computed."""
    trials = _Trials(award, blocks, penalty, options, offers)
    won = award.offer_total[offers] > 0
    reference = trials.reference
    base = trials.blocks.cost[trials.block].copy()  # the best award without the offer: a loser's is the award
    winners, losing = np.flatnonzero(won), np.flatnonzero(~won)
    opening = trials.opening
    base[losing], _ = trials.without(losing, opening[losing], base[losing], trials.shaped[losing])
    removed, first = trials.opening_round(winners, losing, base[losing])
    base[won] = np.where(removed.solved, removed.cost, np.inf)
    unmet = removed.unmet
    trials.known(winners, trials.paid[won], unmet)
    kept = np.zeros(len(offers), dtype=bool)  # winners some of whose units would go short without them
    kept[won] = _penalty_scales(award.index.scenario) & (unmet > trials.unmet[won]) & ~trials.shaped[won]
    start = np.where(won, trials.paid, opening)
    cost = blocks.cost[trials.block].copy()  # a winner's award at its own price
    units = award.offer_total[offers].astype(float)
    low = np.where(won, start, np.nan)  # highest price known to win
    high = np.full(len(offers), np.inf)  # lowest price known to lose
    if len(losing):
        cost[losing] = np.where(first.solved, first.cost, np.nan)
        units[losing] = first.quantity
        beats = first.solved & (first.cost <= base[losing] + COST_TOLERANCE)
        low[losing[beats]] = opening[losing[beats]]
        high[losing[first.solved & ~beats]] = opening[losing[first.solved & ~beats]]
    trial = _capped(start + (base - cost) / np.where(units > 0, units * trials.scale, np.nan), reference)
    trial = np.where(trial <= 0, CENT, trial)  # a step from above lands at or below p*, however far: go on from there
    trial = np.where(high <= CENT, np.nan, trial)  # losing even at a cent: no price wins
    exact = np.full(len(offers), np.nan)
    halving = np.zeros(len(offers), dtype=bool)  # Newton's steps no longer trusted: a trial of theirs lost
    exact[kept] = reference[kept]
    active = np.isfinite(trial) & (trial > 0) & ~kept & ~trials.unknown
    for _ in range(MAX_STEPS):
        if options.expired():
            trials.unknown |= active
        now = np.flatnonzero(active & ~trials.unknown)
        if not len(now):
            break
        bound, _ = trials.without(now, trial[now], base[now], trials.shaped[now])
        solved = trials.forced(now, trial[now], bound)
        wins = solved.solved & (solved.cost <= bound + COST_TOLERANCE)
        low[now[wins]] = np.fmax(low[now[wins]], trial[now[wins]])
        high[now[~wins]] = np.fmin(high[now[~wins]], trial[now[~wins]])
        halving[now[~wins]] = True
        step = (bound - solved.cost) / np.where(solved.quantity > 0, solved.quantity * trials.scale[now], np.nan)
        settled = wins & ~halving[now] & (step <= PRICE_TOLERANCE * np.maximum(1.0, trial[now]))
        capped = wins & (trial[now] >= reference[now])
        exact[now[settled | capped]] = trial[now[settled | capped]]
        cent_low, cent_high = np.floor(low[now] * 100 + 1e-6), np.ceil(high[now] * 100 - 1e-6)
        bracketed = ~(settled | capped) & (cent_high - cent_low <= 1)
        exact[now[bracketed]] = (cent_low[bracketed] + 0.5) / 100
        active[now[settled | capped | bracketed | (~wins & np.isnan(low[now]) & (trial[now] <= CENT))]] = False
        middle = np.where(np.isnan(cent_low), np.floor(trial[now] * 50), np.floor((cent_low + cent_high) / 2)) / 100
        trial[now] = np.where(halving[now], middle, _capped(trial[now] + step, reference[now]))
    return np.where(trials.unknown, np.nan, exact), trials.unknown


class _Trials:
    """The re-solves of the search for p*: an offer's block with the offer at a trial price (made to win a unit),
    and the best award of the block without the offer. Both use the shortfall penalty a run with the offer at
    that price would set (it follows the highest bid when [policy] sets none)."""

    def __init__(self, award: SolvedAward, blocks: Blocks, penalty: Floats, options: SolveOptions, offers: Ints):
        index = award.index
        self.blocks, self.penalty, self.options = blocks, penalty, options
        self.scenario = pooled_scenario(award)  # what the copies are made of: alike institutions one buyer
        self.block = blocks.block_of_product[index.offer_product[offers]]
        self.product, self.supplier = index.offer_product[offers], index.offer_supplier[offers]
        self.period = index.offer_period[offers]  # a clave priced per period has an offer per period
        self.scale = price_scale(index.scenario, index.offer_supplier[offers])
        self.reference = ceilings(self.scenario)[self.product]
        self.paid = index.tier_price[np.maximum(award.offer_tier[offers], 0)]
        self.unmet = blocks.product_unmet[self.product]
        # a penalty that follows the offer's price stays above every other unit cost of its clave, so it changes
        # the award without the offer only where that award leaves demand of its block short (a budget then
        # weighs one clave's shortage against another's); winners' awards without them are not known: always
        block_unmet = group_sum(
            blocks.block_of_product[blocks.block_of_product >= 0],
            blocks.product_unmet[blocks.block_of_product >= 0],
            len(blocks.products),
        )
        self.penalty_matters = (award.offer_total[offers] > 0) | (block_unmet[self.block] > 0)
        self.unknown = np.zeros(len(offers), dtype=bool)  # a copy of theirs was stopped by the time limit
        self.known_penalty = self.penalty[self.product].copy()  # the award without the offer: its penalty
        self.known_unmet = self.unmet.copy()  # and the units of the clave it leaves short

        self.derived = _penalty_scales(self.scenario)
        arc_cost = index.offer_top_price()[index.arc_offer] + index.arc_delivery
        own = group_max(index.arc_offer, arc_cost, len(index.offer_market))
        first, second = _top_two(index.offer_market, own, len(index.market_product))
        market = index.offer_market[offers]
        self.others = np.where(own[offers] >= first[market], second[market], first[market])
        self.delivery = group_max(index.arc_offer, index.arc_delivery, len(index.offer_market))[offers]
        # a split award under a price gap counts the suppliers whose price the gap allows: there the best award
        # without an offer moves with the price it bids
        shaped = rule("split_shares").active_markets(index) & rule("price_gap").active_markets(index)
        self.shaped = shaped[index.offer_market[offers]]
        # where a loser's search starts: where the cost of its best award is concave in its price (no budget or
        # price gap in the block, no demand short, so no penalty that moves with the price), at a cent, where it
        # wins all it can: one step from there mostly lands on p*; elsewhere at its lowest price, so that the
        # search ends on the turning point nearest its bid
        uneven = _markets_with_rows(award, award.model.arrays(), ("budget", "period_budget"))
        uneven |= rule("price_gap").active_markets(index)
        uneven_block = group_any(blocks.block_of_product[index.market_product], uneven, len(blocks.products))
        concave = ~uneven_block[self.block] & (block_unmet[self.block] == 0)
        lowest = group_min(index.tier_offer, index.tier_price, len(index.offer_market))[offers]
        self.opening = np.where(concave, CENT, lowest)

    def known(self, at: Ints, price: Floats, unmet: Floats) -> None:
        """The awards without these offers were solved with the offers bidding `price`, leaving `unmet` short."""
        self.known_penalty[at] = self.penalty_at(at, price)
        self.known_unmet[at] = unmet

    def penalty_at(self, at: Ints, price: Floats) -> Floats:
        """The penalty of each offer's product with the offer at `price` for every quantity."""
        if not self.derived:
            given: Floats = self.penalty[self.product[at]]
            return given
        result: Floats = PENALTY_FACTOR * np.maximum(self.others[at], price + self.delivery[at])
        return result

    def without(
        self, at: Ints, price: Floats, known: Floats, again: np.ndarray, bounded: bool = True
    ) -> tuple[Floats, Floats]:
        """The cost of the best award of each offer's block in which it wins nothing, with the offer bidding
        `price`, and the units of its clave that award leaves short: `known` (and NaN) unless `again` or the price
        changes the shortfall penalty, else re-solved (`bounded`: `known` is such an award, whose cost under the
        new penalty bounds the re-solve)."""
        cost, unmet = known.copy(), np.full(len(at), np.nan)
        penalty = self.penalty_at(at, price)
        moved = ~np.isclose(penalty, self.known_penalty[at], rtol=1e-12, atol=0)
        again = again | (moved & self.penalty_matters[at])
        # the known award stays possible: what it costs under the new penalty bounds the best one
        bound = known + (penalty - self.known_penalty[at]) * self.known_unmet[at]
        if again.any():
            table = self._changes(at[again], price[again], exclude=True)
            limit = np.where(self.shaped[at] | (not bounded), np.nan, bound)[again]  # a split under a gap: no bound
            excluded = solve_changes(self.scenario, self.blocks, table, self.options, cutoff=limit)
            self.unknown[at[again][~excluded.decided]] = True
            cost[again] = np.where(excluded.solved, excluded.cost, np.where(np.isnan(limit), np.inf, bound[again]))
            unmet[again] = excluded.unmet
        return cost, unmet

    def forced(self, at: Ints, price: Floats, bound: Floats | None) -> ChangeResults:
        solved = solve_changes(self.scenario, self.blocks, self._changes(at, price, force=True), self.options, bound)
        self.unknown[at[~solved.decided]] = True
        return solved

    def opening_round(self, winners: Ints, losers: Ints, base: Floats) -> tuple[ChangeResults, ChangeResults]:
        """The first step: each winner's block without it, at the price it bid (no bound: nothing is known of that
        award), and each loser's block made to give it a unit at its opening price. Where a loser's search opens at
        a cent (its cost concave in its price), its first award is the one where it alone supplies all it reaches,
        where that award is possible and costs no more than the award without it (`base`): any award that gives
        it units leads Newton's step to at most p*, and mostly this is the one that is best at a cent (the search's
        next solve checks it); only the others are solved, in one batch with the winners'."""
        at_cent = np.flatnonzero(self.opening[losers] == CENT)
        cent = losers[at_cent]
        alone = alone_awards(self.scenario, self.blocks, self._changes(cent, self.opening[cent], force=True))
        taken = np.zeros(len(losers), dtype=bool)
        taken[at_cent] = alone.solved & (alone.cost <= base[at_cent] + COST_TOLERANCE)
        rest = losers[~taken]
        table = pd.concat(
            [
                self._changes(winners, self.paid[winners], exclude=True),
                self._changes(rest, self.opening[rest], force=True),
            ],
            ignore_index=True,
        )
        solved = solve_changes(self.scenario, self.blocks, table, self.options)
        self.unknown[np.concatenate([winners, rest])[~solved.decided]] = True

        def merged(name: str) -> np.ndarray:
            column = np.empty(len(losers), dtype=getattr(solved, name).dtype)
            column[~taken] = getattr(solved, name)[len(winners) :]
            column[taken] = getattr(alone, name)[taken[at_cent]]
            return column

        first = ChangeResults(
            merged("solved"), merged("cost"), merged("quantity"), merged("short"), merged("unmet"), merged("decided")
        )
        return solved.rows(slice(0, len(winners))), first

    def _changes(self, at: Ints, price: Floats, **change: bool) -> pd.DataFrame:
        """A change per offer of `at`, priced `price`: kept from winning (exclude) or made to win (force)."""
        return changes(
            block=self.block[at],
            product=self.product[at],
            supplier=self.supplier[at],
            offer_period=self.period[at],
            price=price,
            **change,
        )


def _top_two(group: Ints, value: Floats, size: int) -> tuple[Floats, Floats]:
    """Per group, the highest value and the highest of the rest (-inf where none)."""
    first = group_max(group, value, size)
    top = np.flatnonzero(value >= first[group])
    not_first = np.ones(len(value), dtype=bool)
    not_first[top[np.unique(group[top], return_index=True)[1]]] = False
    second = group_max(group[not_first], value[not_first], size)
    return first, second
