"""Re-solving with one thing changed: copies of blocks of a purchase, each with its own change, solved together.

A *change* copies one block of the purchase (the markets a rule ties together; usually one clave) and changes
one thing in it: one offer priced anew at a single price for every quantity, and kept from winning anything or
made to win at least one unit; an institution's budget or an offer's capacity raised. An offer kept from
winning still bids, so whatever bids set (the shortfall penalty, the split award's shares, tie-break ranks)
stays as a run with that bid would have it. Every copy gets its own product and institution ids, so copies
never share a budget; all copies become one batch purchase that is built and solved like any other (blocks
apart, in worker processes). Each copy's cost is the objective the solver sees (the tie-break allowance
included), so a price found where two costs meet decides ties the way the award does.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from procurement.arrays import Floats, Ints, expand, group_any, group_sum, positions
from procurement.awards import SolvedAward, read_award
from procurement.backends import WHOLE
from procurement.decompose import Partition, group_blocks, market_blocks
from procurement.index import AwardIndex, build_index
from procurement.model import AwardModel, build_award_model
from procurement.presolve import presolve
from procurement.rules.periods import find_pairs
from procurement.rules.price_reasonableness import VERDICT, with_verdicts
from procurement.scenario import Scenario
from procurement.solve import PACKED_COLUMNS, Bounds, Solution, SolveOptions, SolveStatus, solve_partitions

BOUND_ROOM = 1e-9  # relative room above a cutoff, so rounding never cuts off an award that meets it exactly
# copies are solved in worker processes when they have yes/no choices and more columns than one worker's piece
# (procurement.solve.PACKED_COLUMNS: fewer would all go to one worker, after forking them), or this many columns
PARALLEL_COLUMNS = 100_000
CHANGE_COLUMNS = [
    "block",
    "product",
    "supplier",
    "offer_period",
    "price",
    "exclude",
    "force",
    "institution",
    "period",
    "budget",
    "period_budget",
    "capacity",
]


@dataclass
class Blocks:
    """The blocks of a solved purchase: which products each holds, and each one's cost in the award."""

    block_of_product: Ints  # -1: not demanded
    products: list[Ints]  # product positions of each block
    cost: Floats  # the objective of each block in the award, as the solver sees it
    product_unmet: Floats  # units of each product some offer could supply that the award leaves short


@dataclass
class ChangeResults:
    solved: np.ndarray  # the copy has a solution (and, when forced, the offer could be made to win)
    cost: Floats
    quantity: Floats  # units the studied offer wins
    short: Floats  # units the studied institution still lacks of the studied product
    unmet: Floats  # units the copy leaves short of the studied product
    decided: np.ndarray  # the solver finished the copy (not stopped by the explanation's time limit)
    award: SolvedAward | None = None  # the batch's award, when asked for
    batch: _Batch | None = None

    def rows(self, chosen: slice) -> ChangeResults:
        """The results of some of the changes (without the batch's award)."""
        return ChangeResults(
            self.solved[chosen],
            self.cost[chosen],
            self.quantity[chosen],
            self.short[chosen],
            self.unmet[chosen],
            self.decided[chosen],
        )


def changes(**columns: object) -> pd.DataFrame:
    """A table of changes, one per copy; columns left out take their neutral value (no offer, no change)."""
    neutral: dict[str, object] = {
        "product": -1,
        "supplier": -1,
        "offer_period": "",  # the studied offer's period, for a clave priced per period (period_prices)
        "price": np.nan,
        "exclude": False,
        "force": False,
        "institution": -1,
        "period": "",
        "budget": np.nan,
        "period_budget": False,  # the budget raised is the institution's for `period` (budgets.csv)
        "capacity": np.nan,
    }
    size = len(np.atleast_1d(np.asarray(columns["block"])))
    table = {
        name: np.broadcast_to(np.asarray(columns.get(name, neutral.get(name))), (size,)).copy()
        for name in CHANGE_COLUMNS
    }
    return pd.DataFrame(table, columns=CHANGE_COLUMNS)


def solve_changes(
    scenario: Scenario,
    blocks: Blocks,
    table: pd.DataFrame,
    options: SolveOptions,
    cutoff: Floats | None = None,
    keep_award: bool = False,
) -> ChangeResults:
    """Solve every change of `table` (see `changes`) as one batch purchase; each copy sets its own shortfall
    penalties, as a run of the purchase with that change would. A change's `cutoff` (NaN: none)
    is a cost its award may not exceed: a copy with a yes/no choice is then solved with that bound, which lets
    the solver discard most of its search at once, and a copy with no award within it is reported unsolved."""
    count = len(table)
    if not count or options.expired():  # past the deadline nothing is solved: every copy is left undecided
        nothing, none = np.full(count, np.nan), np.zeros(count, dtype=bool)
        return ChangeResults(none, nothing, nothing, nothing, nothing, none)
    batch, model, forced = _built(scenario, blocks, table)
    arrays = model.arrays()
    reduced = presolve(model, arrays)
    index = model.index
    copy_of_market = batch.product_copy[index.market_product]
    block_of_market = market_blocks(index)
    grouping = group_blocks(reduced.arrays, block_of_market, alone=True)
    partition = Partition(reduced.arrays, grouping)
    copy_of_block = np.zeros(grouping.blocks, dtype=np.int64)
    copy_of_block[block_of_market] = copy_of_market
    unsupplied = _unsupplied(model, batch, count)
    bounds = _bounds(grouping.groups, copy_of_block, cutoff, unsupplied)
    columns = len(reduced.arrays.cost)
    parallel = (bool(reduced.arrays.integer.any()) and columns > PACKED_COLUMNS) or columns >= PARALLEL_COLUMNS
    parts = solve_partitions([partition], options, parallel=parallel, bounds=[bounds])
    solved = np.zeros(len(reduced.arrays.cost))
    found = np.ones(count, dtype=bool)
    decided = np.ones(count, dtype=bool)
    for g, members in enumerate(grouping.groups):
        result = parts[(0, g)][0]
        solved[partition.part_cols(g)] = result.values
        if not result.status.has_solution:
            found[copy_of_block[members]] = False
        if result.stopped:
            decided[copy_of_block[members]] = False
    values = reduced.values(solved)
    values = np.where(np.abs(values - np.rint(values)) <= WHOLE, np.rint(values), values)
    results = _read(batch, model, forced, values, found, decided, unsupplied)
    if keep_award:
        solution = Solution(SolveStatus.OPTIMAL, None, None, options.solver, False, values=values)
        results.award, results.batch = read_award(model, solution), batch
    return results


def alone_awards(scenario: Scenario, blocks: Blocks, table: pd.DataFrame) -> ChangeResults:
    """For changes that make their offer win (`force`), the award of each copy in which that offer alone supplies
    every pair it reaches, in full (pairs it does not reach go short), worked out without a solver: `solved` where
    that award meets every row and bound of the copy. Not the best award, but an award: its cost bounds the best
    one's from above, at a few microseconds a copy rather than a MILP's millisecond."""
    count = len(table)
    if not count:
        nothing, none = np.zeros(0), np.zeros(0, dtype=bool)
        return ChangeResults(none, nothing, nothing, nothing, nothing, none)
    batch, model, forced = _built(scenario, blocks, table)
    arrays = model.arrays()
    index = model.index
    copy_of_col = batch.product_copy[index.market_product][arrays.col_market]
    studied = batch.studied_offer(index)
    is_studied = np.zeros(len(index.offer_market), dtype=bool)
    is_studied[studied[studied >= 0]] = True
    values = np.zeros(len(arrays.cost))
    flows = np.flatnonzero(is_studied[index.arc_offer[model.flow_arc]])
    pair = index.arc_pair[model.flow_arc[flows]]
    values[model.flow[flows]] = index.pair_quantity[pair]
    chosen = model.choice[model.flow_tier[flows]]
    values[chosen[chosen >= 0]] = 1.0
    reached = np.zeros(len(index.pair_market), dtype=bool)
    reached[pair] = True
    shortage = model.parts["shortage"]
    copy_of_pair = batch.product_copy[index.market_product[index.pair_market]]
    short = np.flatnonzero(~reached & (shortage >= 0) & (studied[copy_of_pair] >= 0))
    values[shortage[short]] = index.pair_quantity[short]
    room = 1e-9 * np.maximum(1.0, np.abs(values))
    wrong_col = (values < arrays.lower - room) | (values > arrays.upper + room)
    activity = np.bincount(arrays.entry_row, arrays.entry_value * values[arrays.entry_col], len(arrays.row_lower))
    slack = 1e-9 * np.maximum(1.0, np.abs(activity))
    wrong_row = (activity < arrays.row_lower - slack) | (activity > arrays.row_upper + slack)
    wrong = group_any(copy_of_col, wrong_col, count)
    wrong |= group_any(copy_of_col[arrays.entry_col], wrong_row[arrays.entry_row], count)
    found = (studied >= 0) & ~wrong & table["force"].to_numpy(dtype=bool)
    return _read(batch, model, forced, values, found, np.ones(count, dtype=bool), _unsupplied(model, batch, count))


def _built(scenario: Scenario, blocks: Blocks, table: pd.DataFrame) -> tuple[_Batch, AwardModel, Ints]:
    """The copies as one batch purchase, its award model with the changes' rows, and the forced changes."""
    batch = _Batch(scenario, blocks, table)
    model = build_award_model(build_index(batch.scenario))
    forced = _restrict(model, batch, table)
    return batch, model, forced


def _unsupplied(model: AwardModel, batch: _Batch, count: int) -> Floats:
    """Per copy, the penalty of the demand no offer of it reaches: a constant the solver does not see."""
    index = model.index
    copy_of_market = batch.product_copy[index.market_product]
    offered = np.bincount(index.arc_pair, minlength=len(index.pair_market)) > 0
    return group_sum(
        copy_of_market[index.pair_market[~offered]], (index.pair_quantity * index.pair_penalty)[~offered], count
    )


def _read(
    batch: _Batch,
    model: AwardModel,
    forced: Ints,
    values: Floats,
    found: np.ndarray,
    decided: np.ndarray,
    unsupplied: Floats,
) -> ChangeResults:
    """What each copy's award (`values`, one per column of the batch's model) costs and gives; `unsupplied`: each
    copy's penalty for demand no offer reaches (`_unsupplied`)."""
    index = model.index
    arrays = model.arrays()
    count = len(found)
    copy_of_market = batch.product_copy[index.market_product]
    offered = np.bincount(index.arc_pair, minlength=len(index.pair_market)) > 0
    cost = group_sum(copy_of_market[arrays.col_market], arrays.cost * values, count) + unsupplied
    flow = group_sum(model.flow_arc, values[model.flow], len(index.arc_offer))
    offer_units = np.bincount(index.arc_offer, weights=flow, minlength=len(index.offer_market))
    studied = batch.studied_offer(index)
    quantity = np.zeros(count)
    quantity[studied >= 0] = offer_units[studied[studied >= 0]]
    if len(forced):
        found[forced] &= (values[model.parts["explain_slack"]] < 0.5) & (studied[forced] >= 0)
    lacking = index.pair_quantity - np.bincount(index.arc_pair, weights=flow, minlength=len(index.pair_market))
    studied_product = batch.batch_product(batch.table["product"].to_numpy())
    unmet = np.zeros(count)
    lacking_product = group_sum(index.pair_product, np.where(offered, lacking, 0.0), len(batch.scenario.products))
    unmet[studied_product >= 0] = lacking_product[studied_product[studied_product >= 0]]
    return ChangeResults(found, cost, quantity, batch.shortage(index, values, model, count), unmet, decided)


def _copied(
    source: pd.DataFrame, column: str, owners: pd.DataFrame, origin: Ints, copy: Ints, suffix: np.ndarray
) -> tuple[pd.DataFrame, Ints]:
    """The rows of `source` for each copied owner (a product or an institution: its original position in `origin`,
    its copy in `copy`), the owner's id in `column` renamed with the copy's suffix; and each row's copied owner."""
    at = positions(source[column], owners[column])
    order = np.argsort(at, kind="stable")
    start = np.searchsorted(at[order], np.arange(len(owners)))
    count = np.searchsorted(at[order], np.arange(len(owners)), side="right") - start
    owner, row = expand(start[origin], count[origin])
    rows = source.iloc[order[row]].reset_index(drop=True)
    rows[column] = rows[column].to_numpy(dtype=object) + suffix[copy[owner]]
    return rows, owner


def _bounds(groups: list[Ints], copy_of_block: Ints, cutoff: Floats | None, unsupplied: Floats) -> Bounds | None:
    """Each group's bound: its copy's cutoff, less the penalty of demand no offer of the copy can supply (a
    constant the solver does not see), with room for rounding; None for groups of several blocks."""
    if cutoff is None:
        return None
    bounds: Bounds = []
    for members in groups:
        copy = copy_of_block[members[0]]
        limit = cutoff[copy] - unsupplied[copy]
        single = len(members) == 1 and not np.isnan(limit)
        bounds.append(float(limit + BOUND_ROOM * max(1.0, abs(limit))) if single else None)
    return bounds


def _restrict(model: AwardModel, batch: _Batch, table: pd.DataFrame) -> Ints:
    """For changes that exclude their offer, a row keeping it from winning anything (it still bids, so every
    figure a bid sets stays as it is); for changes that force it, a row making it win at least one unit, with a
    slack column dearer than any award of the copy, so a copy where that is impossible still solves (and says
    so). The forced changes."""
    index = model.index
    excluded = np.flatnonzero(table["exclude"].to_numpy(dtype=bool))
    out = batch.studied_offer(index)[excluded]
    out = out[out >= 0]
    none = model.add_rows("explain_exclude", len(out), upper=0.0)
    row_of_offer = np.full(len(index.offer_market), -1)
    row_of_offer[out] = none
    flows = np.flatnonzero(row_of_offer[index.arc_offer[model.flow_arc]] >= 0)
    model.add_entries(row_of_offer[index.arc_offer[model.flow_arc[flows]]], model.flow[flows], 1.0)
    forced = np.flatnonzero(table["force"].to_numpy(dtype=bool))
    studied = batch.studied_offer(index)[forced]
    copy_of_market = batch.product_copy[index.market_product]
    market_of_copy = np.zeros(len(table), dtype=np.int64)
    market_of_copy[copy_of_market] = np.arange(len(copy_of_market))
    worst = group_sum(copy_of_market[index.pair_market], index.pair_quantity * index.pair_penalty, len(table))
    worst += group_sum(copy_of_market[index.offer_market], index.offer_fixed, len(table))
    slack = model.add_columns("explain_slack", market_of_copy[forced], 1.0)
    model.add_cost("shortage_penalty", slack, worst[forced] + 1.0)
    rows = model.add_rows("explain_force", len(forced), lower=1.0)
    model.add_entries(rows, slack, 1.0)
    row_of_offer[:] = -1
    row_of_offer[studied[studied >= 0]] = rows[studied >= 0]
    flows = np.flatnonzero(row_of_offer[index.arc_offer[model.flow_arc]] >= 0)
    model.add_entries(row_of_offer[index.arc_offer[model.flow_arc[flows]]], model.flow[flows], 1.0)
    model.parts["explain_slack"] = slack
    return forced


class _Batch:
    """The copies as one purchase: products and institutions renamed `<id>#<copy>`."""

    def __init__(self, scenario: Scenario, blocks: Blocks, table: pd.DataFrame) -> None:
        scenario = with_verdicts(scenario)
        self.table = table
        sizes = np.array([len(products) for products in blocks.products])
        block = table["block"].to_numpy(dtype=np.int64)
        starts = np.concatenate([[0], np.cumsum(sizes)])[:-1]
        flat = np.concatenate(blocks.products) if blocks.products else np.zeros(0, dtype=np.int64)
        self.product_copy, item = expand(starts[block], sizes[block])
        self.product_origin = flat[item]
        self.products = len(scenario.products)
        self.institutions = len(scenario.institutions)
        self.institution_ids = scenario.institutions["institution_id"].to_numpy(dtype=object)
        self.suffix = np.array([f"#{k}" for k in range(len(table))], dtype=object)
        products = scenario.products.iloc[self.product_origin].reset_index(drop=True)
        products["product_id"] = products["product_id"].to_numpy(dtype=object) + self.suffix[self.product_copy]
        demand, copy, _ = self._by_product(scenario.demand, scenario)
        institution = positions(demand["institution_id"], scenario.institutions["institution_id"])
        demand["institution_id"] = demand["institution_id"].to_numpy(dtype=object) + self.suffix[copy]
        self.members = np.unique(copy * self.institutions + institution)  # (copy, institution) keys, sorted
        self.institution_copy = self.members // self.institutions
        self.institution_origin = self.members % self.institutions
        institutions = scenario.institutions.iloc[self.institution_origin].reset_index(drop=True)
        institutions["institution_id"] = (
            institutions["institution_id"].to_numpy(dtype=object) + self.suffix[self.institution_copy]
        )
        self._change_budgets(institutions)
        budgets = self._change_period_budgets(self._institution_rows(scenario.rule_tables["budgets.csv"], scenario))
        self.scenario = replace(
            scenario,
            name=f"{scenario.name} (copies)",
            institutions=institutions,
            products=products,
            demand=demand,
            bids=self._change_offer(scenario),
            baseline=scenario.baseline.iloc[0:0],
            rule_tables={
                **scenario.rule_tables,
                **self._pair_tables(scenario),
                "budgets.csv": budgets,
                "delivery.csv": self._delivery(scenario),
            },
        )

    def _by_product(self, source: pd.DataFrame, scenario: Scenario) -> tuple[pd.DataFrame, Ints, Ints]:
        """The rows of `source` for each copy's products (product ids renamed), with each row's copy and original
        product position."""
        rows, owner = _copied(
            source, "product_id", scenario.products, self.product_origin, self.product_copy, self.suffix
        )
        return rows, self.product_copy[owner], self.product_origin[owner]

    def _change_budgets(self, institutions: pd.DataFrame) -> None:
        budget = self.table["budget"].to_numpy(dtype=float)
        changed = np.flatnonzero(~np.isnan(budget) & ~self.table["period_budget"].to_numpy(dtype=bool))
        if not len(changed):
            return
        at = positions(changed * self.institutions + self.table["institution"].to_numpy()[changed], self.members)
        given = institutions["budget"].to_numpy(dtype=float).copy()
        given[at[at >= 0]] = budget[changed][at >= 0]
        institutions["budget"] = given

    def _change_period_budgets(self, budgets: pd.DataFrame) -> pd.DataFrame:
        """The copies' budgets.csv rows, each change's own (institution, period) budget raised where it asks."""
        table = self.table
        changed = np.flatnonzero(table["period_budget"].to_numpy(dtype=bool))
        if not len(changed):
            return budgets
        names = self.institution_ids[table["institution"].to_numpy()[changed]] + self.suffix[changed]
        wanted = pd.MultiIndex.from_arrays([names, table["period"].to_numpy(dtype=object)[changed]])
        at = pd.MultiIndex.from_arrays([budgets["institution_id"], budgets["period"]]).get_indexer(wanted)
        amount = budgets["budget"].to_numpy(dtype=float).copy()
        amount[at[at >= 0]] = table["budget"].to_numpy(dtype=float)[changed][at >= 0]
        return budgets.assign(budget=amount)

    def _change_offer(self, scenario: Scenario) -> pd.DataFrame:
        """Each copy's bids, its studied offer priced at one price for every quantity (its first row kept, at
        that price, which the price check admits: trial prices stay within its limit) or given another capacity."""
        table = self.table
        bids, copy, product = self._by_product(scenario.bids, scenario)
        supplier = positions(bids["supplier_id"], scenario.suppliers["supplier_id"])
        self.bidders = np.unique(copy * len(scenario.suppliers) + supplier)  # (copy, supplier) keys
        studied = (supplier == table["supplier"].to_numpy()[copy]) & (product == table["product"].to_numpy()[copy])
        studied &= bids["period"].to_numpy(dtype=object) == table["offer_period"].to_numpy(dtype=object)[copy]
        price = table["price"].to_numpy(dtype=float)[copy]
        follows = np.append(False, studied[1:] & studied[:-1] & (copy[1:] == copy[:-1]))
        repriced = studied & ~np.isnan(price)
        keep = ~(repriced & follows)
        bids["unit_price"] = np.where(repriced, price, bids["unit_price"].to_numpy(dtype=float))
        if VERDICT in bids.columns:
            bids[VERDICT] = repriced | bids[VERDICT].to_numpy(dtype=bool)
        capacity = table["capacity"].to_numpy(dtype=float)[copy]
        raised = studied & ~np.isnan(capacity)
        bids["capacity"] = np.where(raised, capacity, bids["capacity"].to_numpy(dtype=float))
        return bids[keep].reset_index(drop=True)

    def _pair_rows(self, table: pd.DataFrame, scenario: Scenario) -> pd.DataFrame:
        """Each copy's rows of a table that names an institution and a product, both renamed with the copy."""
        rows, copy, _ = self._by_product(table, scenario)
        institution = positions(rows["institution_id"], scenario.institutions["institution_id"])
        rows["institution_id"] = rows["institution_id"].to_numpy(dtype=object) + self.suffix[copy]
        kept: pd.DataFrame = rows[positions(copy * self.institutions + institution, self.members) >= 0]
        return kept

    def _pair_tables(self, scenario: Scenario) -> dict[str, pd.DataFrame]:
        """The rule tables other than delivery.csv whose rows name an institution and a product (incumbents.csv),
        for each copy."""
        return {
            file: self._pair_rows(table, scenario)
            for file, table in scenario.rule_tables.items()
            if file != "delivery.csv" and {"institution_id", "product_id"} <= set(table.columns)
        }

    def _institution_rows(self, table: pd.DataFrame, scenario: Scenario) -> pd.DataFrame:
        """Each copy's rows of a table keyed by institution (budgets.csv), the institution renamed with the copy."""
        ids = scenario.institutions
        return _copied(table, "institution_id", ids, self.institution_origin, self.institution_copy, self.suffix)[0]

    def _delivery(self, scenario: Scenario) -> pd.DataFrame:
        """Delivery rows of each copy: a product's own rows renamed with it; rows for every product once for each
        copy of the institution they reach."""
        table = scenario.delivery
        if table.empty:
            return table
        parts = []
        own = table[table["product_id"] != ""]
        if len(own):
            parts.append(self._pair_rows(own, scenario))
        general = table[table["product_id"] == ""]
        if len(general):
            suppliers = len(scenario.suppliers)
            keys = positions(general["institution_id"], scenario.institutions["institution_id"]) * suppliers
            keys += positions(general["supplier_id"], scenario.suppliers["supplier_id"])
            members = pd.DataFrame({"copy": self.institution_copy, "institution": self.institution_origin})
            bidders = pd.DataFrame({"copy": self.bidders // suppliers, "supplier": self.bidders % suppliers})
            wanted = members.merge(bidders, on="copy")  # only suppliers that bid in the copy deliver in it
            row = positions(wanted["institution"].to_numpy() * suppliers + wanted["supplier"].to_numpy(), keys)
            rows = general.iloc[row[row >= 0]].reset_index(drop=True)
            copy = wanted["copy"].to_numpy()[row >= 0]
            rows["institution_id"] = rows["institution_id"].to_numpy(dtype=object) + self.suffix[copy]
            parts.append(rows)
        return pd.concat(parts, ignore_index=True)

    def batch_product(self, product: Ints) -> Ints:
        """The batch position of each change's copy of `product` (-1 for none)."""
        keys = self.product_copy * self.products + self.product_origin
        return np.where(product >= 0, positions(np.arange(len(product)) * self.products + product, keys), -1)

    def pairs(self, index: AwardIndex, change: Ints, product: Ints, institution: Ints, period: np.ndarray) -> Ints:
        """The batch pair of each (change, original product, original institution, period) (-1: none)."""
        batch_product = positions(
            change * self.products + product, self.product_copy * self.products + self.product_origin
        )
        batch_institution = positions(change * self.institutions + institution, self.members)
        found = find_pairs(index, batch_product, batch_institution, period)
        return np.where((batch_product >= 0) & (batch_institution >= 0), found, -1)

    def studied_offer(self, index: AwardIndex) -> Ints:
        """Each variant's offer in the batch index (-1: none, or it cannot supply in the copy)."""
        product = self.batch_product(self.table["product"].to_numpy())
        known = pd.MultiIndex.from_arrays([index.offer_product, index.offer_period, index.offer_supplier])
        table = self.table
        found = known.get_indexer(pd.MultiIndex.from_arrays([product, table["offer_period"], table["supplier"]]))
        return np.where(product >= 0, found, -1)

    def shortage(self, index: AwardIndex, values: Floats, model: AwardModel, count: int) -> Floats:
        """Units each variant's studied institution still lacks of its studied product (in its studied period)."""
        flow = group_sum(model.flow_arc, values[model.flow], len(index.arc_offer))
        lacking = index.pair_quantity - np.bincount(index.arc_pair, weights=flow, minlength=len(index.pair_market))
        table = self.table
        pair = self.pairs(
            index,
            np.arange(count),
            table["product"].to_numpy(),
            table["institution"].to_numpy(),
            table["period"].to_numpy(dtype=object),
        )
        short: Floats = np.where(pair >= 0, lacking[np.maximum(pair, 0)], 0.0)
        return short
