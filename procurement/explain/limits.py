"""rule_costs.csv: what each active rule costs, what one more unit of each binding limit is worth, and what
would cover each shortage.

- A rule's cost: the blocks where it is active are solved again without it (its settings and products.csv
  values left blank); the cost paid with it less the cost paid without it, per clave that changes and in total.
- A limit's value: the dual value of each binding budget and capacity row in the linear model left when every
  yes/no choice is fixed at the award's (HiGHS): the evaluated cost one more unit of the limit saves. The
  evaluated cost counts unmet demand at the shortfall penalty, so a limit that leaves demand unmet is worth
  about that penalty per unit it would cover.
- A shortage's fix: for a shortage the budget causes, the budget increase at which the institution's block,
  re-solved, covers the clave: first the missing units at the cheapest cost it can buy them, less what is left
  of the budget (no smaller increase can pay for them), raised by what is still missing until it is covered;
  for a shortage capacity causes, the missing units as more capacity on the cheapest offer that is full,
  checked the same way.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from procurement.arrays import Floats, Ints, group_min, group_sum, positions
from procurement.awards import SolvedAward, best_unit_cost, extract_awards, extract_shortages, read_award, to_cents
from procurement.backends import SolveOptions
from procurement.decompose import Partition, group_blocks, market_blocks
from procurement.explain.columns import RULE_COST_COLUMNS
from procurement.explain.resolve import Blocks, changes, solve_changes
from procurement.index import build_index
from procurement.model import ModelArrays, build_award_model
from procurement.rules import RULES
from procurement.rules.budgets import budget_spend
from procurement.rules.periods import budget_groups, find_pairs
from procurement.solve import SolveStatus, solve_models, solve_partitions

FIX_STEPS = 6


def rule_costs(
    award: SolvedAward,
    awards: pd.DataFrame,
    shortages: pd.DataFrame,
    blocks: Blocks,
    options: SolveOptions,
) -> tuple[pd.DataFrame, bool]:
    """The table, and whether it is whole: a row the explanation's time limit kept from being found is left out
    (a rule's or a limit's) or left without its figure (a shortage's fix)."""
    none = pd.DataFrame(columns=RULE_COST_COLUMNS)
    parts = [
        _costs_of_rules(award, awards, shortages, blocks, options) if not options.expired() else (none, False),
        _limit_values(award, options) if not options.expired() else (none, False),
        _shortage_fixes(award, shortages, blocks, options),
    ]
    kept = [frame for frame, _ in parts if len(frame)]
    table = pd.concat(kept, ignore_index=True)[RULE_COST_COLUMNS] if kept else pd.DataFrame(columns=RULE_COST_COLUMNS)
    return table, all(whole for _, whole in parts)


def _rows(**columns: object) -> pd.DataFrame:
    size = max(len(np.atleast_1d(np.asarray(v, dtype=object))) for v in columns.values())
    table = {
        name: columns.get(name, [""] * size if name.endswith("_id") or name == "period" else [np.nan] * size)
        for name in RULE_COST_COLUMNS
    }
    return pd.DataFrame({name: np.broadcast_to(np.asarray(v, dtype=object), (size,)) for name, v in table.items()})


# --- rules ------------------------------------------------------------------------------------------------------


def _costs_of_rules(
    award: SolvedAward,
    awards: pd.DataFrame,
    shortages: pd.DataFrame,
    blocks: Blocks,
    options: SolveOptions,
) -> pd.DataFrame:
    """Each costed rule that is active somewhere, re-solved without it on the blocks where it is."""
    none = pd.DataFrame(columns=RULE_COST_COLUMNS)
    index = award.index
    scenario = index.scenario
    costed, models = [], []
    for rule in RULES:
        if not rule.costed:
            continue
        markets = np.flatnonzero(rule.active_markets(index))
        if not len(markets):
            continue
        touched = np.unique(blocks.block_of_product[index.market_product[markets]])
        products = np.concatenate([blocks.products[b] for b in touched])
        lifted = rule.lifted(scenario)
        ids = set(scenario.products["product_id"].to_numpy()[products])
        part = lifted.with_tables(demand=lifted.demand[lifted.demand["product_id"].isin(ids)].reset_index(drop=True))
        costed.append((rule.name, products))
        models.append(build_award_model(build_index(part)))
    if not models:
        return none, True
    solutions = solve_models(models, options)
    frames = []
    for (name, products), model, solution in zip(costed, models, solutions, strict=True):
        if solution.status is not SolveStatus.OPTIMAL:
            continue
        again = read_award(model, solution)
        ids = scenario.products["product_id"].to_numpy()[products]
        frames.append(_rule_rows(name, ids, awards, shortages, extract_awards(again), extract_shortages(again)))
    whole = all(solution.status is SolveStatus.OPTIMAL for solution in solutions)
    return (pd.concat(frames, ignore_index=True) if frames else none), whole


def _rule_rows(
    name: str,
    ids: np.ndarray,
    awards: pd.DataFrame,
    shortages: pd.DataFrame,
    awards_without: pd.DataFrame,
    short_without: pd.DataFrame,
) -> pd.DataFrame:
    """Per clave whose cost or unmet units change, and in total: cost paid and units unmet, with and without."""

    def per_product(table: pd.DataFrame, column: str, money: bool) -> pd.Series:
        mine = table[table["product_id"].isin(set(ids))]
        values = pd.Series(to_cents(mine[column]) if money else mine[column].to_numpy(dtype=np.int64), index=mine.index)
        return values.groupby(mine["product_id"]).sum().reindex(ids, fill_value=0)

    paid, paid_without = per_product(awards, "total_cost", True), per_product(awards_without, "total_cost", True)
    unmet, unmet_without = per_product(shortages, "quantity", False), per_product(short_without, "quantity", False)
    changed = (paid != paid_without) | (unmet != unmet_without)
    products = np.sort(ids[changed.to_numpy()])
    with_cents = np.append(paid[products].to_numpy(), paid.sum())
    without_cents = np.append(paid_without[products].to_numpy(), paid_without.sum())
    units = np.append((unmet - unmet_without)[products].to_numpy(), (unmet - unmet_without).sum())
    return _rows(
        kind="rule",
        rule=name,
        product_id=np.append(products, ""),
        value=(with_cents - without_cents) / 100,
        unit="money",
        quantity=units,
        cost_with=with_cents / 100,
        cost_without=without_cents / 100,
    )


# --- limits -----------------------------------------------------------------------------------------------------


def _limit_values(award: SolvedAward, options: SolveOptions) -> tuple[pd.DataFrame, bool]:
    """Minus the dual value of each binding budget and capacity row, yes/no choices fixed at the award's."""
    index, model = award.index, award.model
    binding = _Binding(award)
    none = pd.DataFrame(columns=RULE_COST_COLUMNS)
    if not len(binding.rows):
        return none, True
    arrays = model.arrays()
    block_of_market = market_blocks(index)
    block = block_of_market[arrays.col_market]
    row_block = np.zeros(len(arrays.row_lower), dtype=np.int64)
    row_block[arrays.entry_row] = block[arrays.entry_col]
    blocks = np.where(binding.rows >= 0, row_block[np.maximum(binding.rows, 0)], block[np.maximum(binding.column, 0)])
    kept = np.zeros(int(block_of_market.max(initial=-1)) + 1, dtype=bool)
    kept[blocks] = True
    fixed = _choices_fixed(arrays, award.values)
    partition = Partition(fixed, group_blocks(fixed, block_of_market, kept=kept))
    linear = SolveOptions(solver="highs", deadline=options.deadline)
    parts = solve_partitions([partition], linear, parallel=len(partition) > 1)
    dual = np.zeros(len(arrays.row_lower))
    reduced = np.zeros(len(arrays.cost))
    for g in range(len(partition)):
        result = parts[(0, g)][0]
        if result.row_dual is None or result.col_dual is None or result.status is not SolveStatus.OPTIMAL:
            return none, not result.stopped
        dual[partition.row_order[partition.row_cut[g] : partition.row_cut[g + 1]]] = result.row_dual
        reduced[partition.part_cols(g)] = result.col_dual
    value = np.where(binding.rows >= 0, -dual[np.maximum(binding.rows, 0)], -reduced[np.maximum(binding.column, 0)])
    scenario = index.scenario
    table = _rows(
        kind="limit",
        rule=binding.rule,
        institution_id=np.where(
            binding.institution >= 0, scenario.institutions["institution_id"].to_numpy()[binding.institution], ""
        ),
        product_id=np.where(binding.product >= 0, scenario.products["product_id"].to_numpy()[binding.product], ""),
        supplier_id=np.where(binding.supplier >= 0, scenario.suppliers["supplier_id"].to_numpy()[binding.supplier], ""),
        period=binding.period,
        limit=binding.limit,
        used=binding.used,
        value=np.round(value, 6) + 0.0,
        unit=np.where(binding.rule == "budget", "money_per_money", "money_per_unit"),
    )
    return table, True


class _Binding:
    def __init__(self, award: SolvedAward) -> None:
        index, parts = award.index, award.model.parts
        rows: list[Ints] = []  # the row that holds the limit, or -1: the bound of `columns`
        columns: list[Ints] = []
        rule: list[np.ndarray] = []
        institution: list[Ints] = []
        product: list[Ints] = []
        supplier: list[Ints] = []
        period: list[np.ndarray] = []  # a capacity's period, where its clave is priced per period
        limit: list[Floats] = []
        used: list[Floats] = []
        budget = index.scenario.institutions["budget"].to_numpy(dtype=float)
        spend = group_sum(index.pair_institution[index.arc_pair], award.arc_spend, len(budget))
        if "budget_row" in parts:
            who = parts["budget_institution"]
            full = spend[who] >= budget[who] - np.maximum(1e-6, 1e-9 * np.abs(budget[who]))
            rows.append(parts["budget_row"][full])
            columns.append(np.full(int(full.sum()), -1, dtype=np.int64))
            institution.append(who[full])
            rule.append(np.full(int(full.sum()), "budget", dtype=object))
            product.append(np.full(int(full.sum()), -1, dtype=np.int64))
            supplier.append(np.full(int(full.sum()), -1, dtype=np.int64))
            period.append(np.full(int(full.sum()), "", dtype=object))
            limit.append(budget[who[full]])
            used.append(spend[who[full]])
        offers, offer_rows, offer_columns = self._capacity_rows(award)
        full = award.offer_total[offers] >= index.offer_capacity[offers] - 0.5
        rows.append(offer_rows[full])
        columns.append(offer_columns[full])
        rule.append(np.full(int(full.sum()), "capacity", dtype=object))
        institution.append(np.full(int(full.sum()), -1, dtype=np.int64))
        product.append(index.offer_product[offers[full]])
        supplier.append(index.offer_supplier[offers[full]])
        period.append(index.offer_period[offers[full]])
        limit.append(index.offer_capacity[offers[full]])
        used.append(award.offer_total[offers[full]].astype(float))
        self.rows = np.concatenate(rows).astype(np.int64)
        self.column = np.concatenate(columns).astype(np.int64)
        self.rule = np.concatenate(rule)
        self.institution = np.concatenate(institution)
        self.product = np.concatenate(product)
        self.supplier = np.concatenate(supplier)
        self.period = np.concatenate(period).astype(object)
        self.limit = np.concatenate(limit)
        self.used = np.concatenate(used)

    @staticmethod
    def _capacity_rows(award: SolvedAward) -> tuple[Ints, Ints, Ints]:
        """Offers with a finite capacity and the row that holds it: their capacity row, or (offers with a yes/no
        award) the upper row of the tier they are paid, when that tier ends at the capacity; or, for an offer
        with one arc and no such row, the upper bound of that arc's flow column (row -1, and that column)."""
        index, parts, model = award.index, award.model.parts, award.model
        offers = [parts.get("capacity_offer", np.zeros(0, dtype=np.int64))]
        rows = [parts.get("capacity_row", np.zeros(0, dtype=np.int64))]
        columns = [np.full(len(rows[0]), -1, dtype=np.int64)]
        held = np.zeros(len(index.offer_market), dtype=bool)
        held[offers[0]] = True
        single = np.bincount(index.arc_offer, minlength=len(index.offer_market)) == 1
        alone = np.flatnonzero(single & ~held & ~index.offer_choice & np.isfinite(index.offer_capacity))
        flow_of_offer = np.full(len(index.offer_market), -1)
        flow_of_offer[index.arc_offer[model.flow_arc]] = model.flow
        offers.append(alone)
        rows.append(np.full(len(alone), -1, dtype=np.int64))
        columns.append(flow_of_offer[alone])
        tier = award.offer_tier
        chosen = np.flatnonzero((tier >= 0) & index.offer_choice & np.isfinite(index.offer_capacity))
        chosen = chosen[index.tier_high[tier[chosen]] >= index.offer_capacity[chosen] - 0.5]
        at = positions(tier[chosen], parts.get("tier_high_tier", np.zeros(0, dtype=np.int64)))
        offers.append(chosen[at >= 0])
        rows.append(parts["tier_high_row"][at[at >= 0]] if (at >= 0).any() else np.zeros(0, dtype=np.int64))
        columns.append(np.full(int((at >= 0).sum()), -1, dtype=np.int64))
        return (
            np.concatenate(offers).astype(np.int64),
            np.concatenate(rows).astype(np.int64),
            np.concatenate(columns).astype(np.int64),
        )


def _choices_fixed(arrays: ModelArrays, values: Floats) -> ModelArrays:
    """The model with every yes/no column fixed at its value and no other column required whole."""
    binary = arrays.integer & (arrays.upper <= 1)
    decided = np.rint(values)
    return ModelArrays(
        cost=arrays.cost,
        lower=np.where(binary, decided, arrays.lower),
        upper=np.where(binary, decided, arrays.upper),
        integer=np.zeros(len(arrays.cost), dtype=bool),
        col_market=arrays.col_market,
        row_lower=arrays.row_lower,
        row_upper=arrays.row_upper,
        entry_row=arrays.entry_row,
        entry_col=arrays.entry_col,
        entry_value=arrays.entry_value,
        terms=arrays.terms,
    )


# --- shortages --------------------------------------------------------------------------------------------------


BUDGETS = ("budget", "period_budget")  # shortage reasons a budget increase may fix


def _shortage_fixes(
    award: SolvedAward, shortages: pd.DataFrame, blocks: Blocks, options: SolveOptions
) -> tuple[pd.DataFrame, bool]:
    """Per shortage: what would cover it. Budget and capacity get an amount checked by re-solving; other reasons
    a row without one (the reason says what stops supply)."""
    if not len(shortages):
        return pd.DataFrame(columns=RULE_COST_COLUMNS), True
    index = award.index
    scenario = index.scenario
    institution = positions(shortages["institution_id"], scenario.institutions["institution_id"])
    product = positions(shortages["product_id"], scenario.products["product_id"])
    reason = shortages["reason"].to_numpy(dtype=object)
    units = shortages["quantity"].to_numpy(dtype=np.int64)
    value = np.full(len(shortages), np.nan)
    limit = np.full(len(shortages), np.nan)
    supplier = np.full(len(shortages), -1)
    unknown = np.zeros(len(shortages), dtype=bool)
    period = shortages["period"].to_numpy(dtype=object)
    for name in BUDGETS:
        budget = np.flatnonzero(reason == name)
        if len(budget):
            value[budget], limit[budget], unknown[budget] = _budget_fixes(
                award, blocks, options, institution[budget], product[budget], period[budget], units[budget], name
            )
    capacity = np.flatnonzero(reason == "capacity")
    if len(capacity):
        value[capacity], limit[capacity], supplier[capacity], unknown[capacity] = _capacity_fixes(
            award, blocks, options, institution[capacity], product[capacity], period[capacity], units[capacity]
        )
    table = _rows(
        kind="shortage",
        rule=reason,
        institution_id=shortages["institution_id"].to_numpy(dtype=object),
        product_id=shortages["product_id"].to_numpy(dtype=object),
        supplier_id=np.where(supplier >= 0, scenario.suppliers["supplier_id"].to_numpy()[np.maximum(supplier, 0)], ""),
        period=period,
        limit=limit,
        value=value,
        unit=np.where(np.isin(reason, BUDGETS), "money", np.where(reason == "capacity", "units", "")),
        quantity=units,
    )
    return table, not unknown.any()


def _budget_fixes(
    award: SolvedAward,
    blocks: Blocks,
    options: SolveOptions,
    institution: Ints,
    product: Ints,
    period: np.ndarray,
    units: Ints,
    reason: str,
) -> tuple[Floats, Floats, np.ndarray]:
    """The least increase of the budget that `reason` names (the institution's, or its budget for the shortage's
    period) that covers each shortage (NaN: none within FIX_STEPS), that budget, and whether the time limit
    stopped its search."""
    index = award.index
    scenario = index.scenario
    pair = find_pairs(index, product, institution, period)
    if reason == "period_budget":
        group, amount = budget_groups(index)
        owner = group[pair]
    else:
        group, amount = index.pair_institution, scenario.institutions["budget"].to_numpy(dtype=float)
        owner = institution
    budget = amount[owner]
    left = budget - budget_spend(award, group, len(amount))[owner]
    cheapest = group_min(index.arc_pair, best_unit_cost(index), len(index.pair_market))[pair]
    extra = _cents_up(np.maximum(units * cheapest - left, 0.01))
    found = np.full(len(institution), np.nan)
    active = np.isfinite(extra)
    unknown = np.zeros(len(institution), dtype=bool)
    block = blocks.block_of_product[product]
    for _ in range(FIX_STEPS):
        now = np.flatnonzero(active & ~unknown)
        if not len(now):
            break
        table = changes(
            block=block[now],
            product=product[now],
            institution=institution[now],
            period=period[now],
            budget=budget[now] + extra[now],
            period_budget=reason == "period_budget",
        )
        solved = solve_changes(scenario, blocks, table, options)
        unknown[now[~solved.decided]] = True
        covered = (solved.short < 0.5) & solved.decided
        found[now[covered]] = extra[now[covered]]
        active[now[covered]] = False
        short = solved.short[~covered]
        extra[now[~covered]] = _cents_up(extra[now[~covered]] + short * cheapest[now[~covered]])
    return found, budget, unknown


def _capacity_fixes(
    award: SolvedAward,
    blocks: Blocks,
    options: SolveOptions,
    institution: Ints,
    product: Ints,
    period: np.ndarray,
    units: Ints,
) -> tuple[Floats, Floats, Ints, np.ndarray]:
    """More capacity, by the units missing, on the cheapest full offer that can supply the pair; and whether the
    time limit stopped its check."""
    index = award.index
    pair = find_pairs(index, product, institution, period)
    cost = best_unit_cost(index)
    full = (award.offer_total >= index.offer_capacity - 0.5)[index.arc_offer]
    candidate = np.where(full, cost, np.inf)
    best = group_min(index.arc_pair, candidate, len(index.pair_market))
    arcs = np.flatnonzero(full & (candidate <= best[index.arc_pair]))
    offer_of_pair = np.full(len(index.pair_market), -1)
    offer_of_pair[index.arc_pair[arcs[::-1]]] = index.arc_offer[arcs[::-1]]
    offer = np.where(pair >= 0, offer_of_pair[np.maximum(pair, 0)], -1)
    value = np.full(len(pair), np.nan)
    limit = np.full(len(pair), np.nan)
    supplier = np.full(len(pair), -1)
    unknown = np.zeros(len(pair), dtype=bool)
    some = np.flatnonzero(offer >= 0)
    if not len(some):
        return value, limit, supplier, unknown
    raised = index.offer_capacity[offer[some]] + units[some]
    table = changes(
        block=blocks.block_of_product[product[some]],
        product=product[some],
        supplier=index.offer_supplier[offer[some]],
        offer_period=index.offer_period[offer[some]],
        institution=institution[some],
        period=period[some],
        capacity=raised,
    )
    solved = solve_changes(index.scenario, blocks, table, options)
    covered = (solved.short < 0.5) & solved.decided
    unknown[some[~solved.decided]] = True
    value[some[covered]] = units[some[covered]]
    limit[some] = index.offer_capacity[offer[some]]
    supplier[some[covered]] = index.offer_supplier[offer[some[covered]]]
    return value, limit, supplier, unknown


def _cents_up(amount: Floats) -> Floats:
    result: Floats = np.ceil(np.round(np.asarray(amount, dtype=float) * 100, 6)) / 100
    return result
