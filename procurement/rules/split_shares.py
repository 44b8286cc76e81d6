"""Split award (abastecimiento simultáneo): preset shares, the larger share to the lower price."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from procurement.arrays import Ints, expand_counts, group_max
from procurement.errors import Issue
from procurement.rules.base import Rule, Tables, fmt
from procurement.rules.shares import RENORMALISE, STRICT, SplitPlan, split_plan
from procurement.scenario import Column, Kind, Setting

if TYPE_CHECKING:
    from procurement.awards import SolvedAward
    from procurement.index import AwardIndex
    from procurement.model import AwardModel


class SplitShares(Rule):
    name = "split_shares"
    title = "split award"
    label = ("Abastecimiento simultáneo", "Split award")
    reason_labels = {"split_shares": ("no hay proveedor para una de las partes", "no supplier for one of the shares")}
    summary = (
        "`split_shares` (e.g. `0.6;0.4`) are the shares of the suppliers awarded, in rank order: each "
        "institution's quantity is split by the shares in whole units (largest remainder), the suppliers ranked "
        "so that a larger or equal earlier share never has a higher unit price than a later one; see "
        '"Split awards" below'
    )
    columns = {
        "products.csv": (
            Column(
                "split_shares",
                Kind.SHARES,
                required=False,
                note="Abastecimiento simultáneo: preset shares, e.g. 0.6;0.4 (overrides the policy)",
                unit="shares adding to 1",
            ),
        )
    }
    settings = (
        Setting("split_shares", Kind.SHARES, "preset shares of a split award, e.g. 0.6;0.4"),
        Setting(
            "split_fallback",
            Kind.CHOICE,
            "fewer suppliers than shares: renormalise the shares filled, or keep the rest short (strict)",
            default=RENORMALISE,
            choices=(RENORMALISE, STRICT),
        ),
    )
    overrides = {"split_shares": "split_shares"}
    reason = "split_shares"
    costed = True

    def active_markets(self, index: AwardIndex) -> np.ndarray:
        active: np.ndarray = split_plan(index).market_slot >= 0
        return active

    def check(self, tables: Tables, policy: Mapping[str, Any], issues: list[Issue]) -> None:
        """More shares than suppliers allowed, or a split on a single-source product, is an error; a conflict
        wholly inherited from the policy is reported once, on the setting."""
        products = tables["products.csv"]
        own = products["split_shares"].map(bool)
        shares = products["split_shares"].map(lambda s: s or policy.get("split_shares") or ())
        count = shares.map(len)
        limit = products["max_suppliers"].fillna(
            np.nan if policy.get("max_suppliers") is None else policy["max_suppliers"]
        )
        single = products["single_source"].fillna(bool(policy.get("single_source"))).astype(bool)
        too_many = (count > limit) & (own | products["max_suppliers"].notna())
        both = (count > 0) & single & (own | products["single_source"].notna())
        at = products["_row"].astype(int)
        for index in products.index[too_many]:
            params = {"shares": count[index], "limit": fmt(limit[index])}
            issues.append(
                Issue("products.csv", int(at[index]), "split_shares", "more_shares_than_suppliers", params=params)
            )
        for index in products.index[both]:
            params = {"product": products.at[index, "product_id"], "split": ";".join(map(fmt, shares[index]))}
            issues.append(
                Issue("products.csv", int(at[index]), "split_shares", "split_and_single_source", params=params)
            )
        preset = policy.get("split_shares") or ()
        where = ("scenario.toml", None, "policy.split_shares")
        if preset and policy.get("max_suppliers") is not None and len(preset) > policy["max_suppliers"]:
            params = {"shares": len(preset), "limit": policy["max_suppliers"]}
            issues.append(Issue(*where, "policy_more_shares_than_suppliers", params=params))
        if preset and policy.get("single_source"):
            issues.append(Issue(*where, "policy_split_and_single_source", params={"split": ";".join(map(fmt, preset))}))

    def needs_choices(self, index: AwardIndex) -> np.ndarray:
        needs: np.ndarray = split_plan(index).slot(index.offer_market) >= 0
        return needs

    def add(self, model: AwardModel) -> None:
        plan = split_plan(model.index)
        if not len(plan.markets):
            return
        ranked = _add_ranks(model, plan)
        variable = _variable_pairs(model.index, plan)
        _add_fixed_flows(model, plan, ranked, variable)
        _add_variable_flows(model, plan, ranked, variable)
        model.parts["split_rank"] = ranked.cols
        model.parts["split_rank_slot"] = ranked.slot

    def blocked_pairs(self, award: SolvedAward) -> np.ndarray:
        """Pairs of split products owed units by a rank no supplier fills."""
        index = award.index
        plan = split_plan(index)
        blocked = np.zeros(len(index.pair_market), dtype=bool)
        if not len(plan.markets):
            return blocked
        filled = award.split_filled
        slot = plan.slot(index.pair_market)
        inside = np.flatnonzero(slot >= 0)
        owed = plan.pair_units[inside] > 0
        blocked[inside] = (owed & ~filled[slot[inside]]).any(axis=1)
        return blocked


@dataclass
class _Ranked:
    """The rank binaries: c[o, r, t] = 1 when offer o fills rank r and is paid its tier t."""

    offer: Ints
    rank: Ints
    tier: Ints
    cols: Ints
    slot: Ints  # (split market position) x width + rank


def _add_ranks(model: AwardModel, plan: SplitPlan) -> _Ranked:
    """Rank binaries and the rows every split award keeps: one supplier per rank, ranks filled in order, each
    offer at most one rank (its tier binary is the sum of its rank binaries), and no later rank paid less."""
    index = model.index
    offer, rank, tier = _candidates(index, plan)
    cols = model.add_columns("split_rank", index.offer_market[offer], 1.0, integer=True)
    width = plan.weights.shape[1]
    market_slot = plan.slot(index.offer_market[offer])
    slot = market_slot * width + rank
    _link_tiers(model, plan, tier, cols)
    owner, position = expand_counts(plan.ranks)
    one = np.full(len(plan.markets) * width, -1)
    one[owner * width + position] = model.add_rows("split_rank", len(owner), upper=1.0)
    model.add_entries(one[slot], cols, 1.0)
    price = index.tier_price[tier]
    big = group_max(market_slot, price, len(plan.markets), empty=0.0)
    later = np.flatnonzero(position > 0)
    order = np.full(len(plan.markets) * width, -1)
    order[owner[later] * width + position[later]] = model.add_rows("split_order", len(later), upper=0.0)
    cheaper = np.full(len(plan.markets) * width, -1)
    cheaper[owner[later] * width + position[later]] = model.add_rows("split_price", len(later), upper=big[owner[later]])
    here = np.flatnonzero(rank > 0)
    model.add_entries(order[slot[here]], cols[here], 1.0)
    model.add_entries(cheaper[slot[here]], cols[here], big[market_slot[here]] - price[here])
    before = np.flatnonzero(rank + 1 < plan.ranks[market_slot])
    model.add_entries(order[slot[before] + 1], cols[before], -1.0)
    model.add_entries(cheaper[slot[before] + 1], cols[before], price[before])
    return _Ranked(offer, rank, tier, cols, slot)


def _link_tiers(model: AwardModel, plan: SplitPlan, tier: Ints, cols: Ints) -> None:
    """An offer's tier binary equals the sum of its rank binaries at that tier."""
    index = model.index
    chosen = np.flatnonzero(model.choice >= 0)
    chosen = chosen[plan.slot(index.offer_market[index.tier_offer[chosen]]) >= 0]
    rows = model.add_rows("split_award", len(chosen), 0.0, 0.0)
    model.add_entries(rows, model.choice[chosen], 1.0)
    model.add_entries(rows[np.searchsorted(chosen, tier)], cols, -1.0)


def _candidates(index: AwardIndex, plan: SplitPlan) -> tuple[Ints, Ints, Ints]:
    """(offer, rank, tier) that could be awarded: the tier reaches the rank's units at full demand, and (when
    every institution of the market receives its full demand) the units fall within the tier's range."""
    offers = np.flatnonzero(plan.slot(index.offer_market) >= 0)
    market_slot = plan.slot(index.offer_market[offers])
    owner, rank = expand_counts(plan.ranks[market_slot])
    offer = offers[owner]
    counts = np.bincount(index.tier_offer, minlength=len(index.offer_market))[offer]
    which, part = expand_counts(counts)
    tier = index.tier_first()[offer[which]] + part
    offer, rank = offer[which], rank[which]
    units = plan.rank_units[plan.slot(index.offer_market[offer]), rank]
    reaches = units >= np.maximum(index.tier_low[tier], 1)
    fixed = ~_variable_markets(index, plan)[plan.slot(index.offer_market[offer])]
    fits = reaches & (~fixed | (units <= index.tier_high[tier]))
    return offer[fits], rank[fits], tier[fits]


def _variable_markets(index: AwardIndex, plan: SplitPlan) -> np.ndarray:
    """Split markets where an institution with a budget buys: its quantity may end up below its demand."""
    variable = np.zeros(len(plan.markets), dtype=bool)
    pairs = _variable_pairs(index, plan)
    variable[plan.slot(index.pair_market[pairs])] = True
    return variable


def _variable_pairs(index: AwardIndex, plan: SplitPlan) -> Ints:
    """Pairs of split markets whose institution has a budget."""
    budget = index.scenario.institutions["budget"].to_numpy(dtype=float)
    pairs: Ints = np.flatnonzero((plan.slot(index.pair_market) >= 0) & ~np.isnan(budget[index.pair_institution]))
    return pairs


def _add_fixed_flows(model: AwardModel, plan: SplitPlan, ranked: _Ranked, variable: Ints) -> None:
    """An institution without a budget receives from the supplier of each rank exactly its units of that rank."""
    index = model.index
    fixed = np.ones(len(index.pair_market), dtype=bool)
    fixed[variable] = False
    arcs = np.flatnonzero((plan.slot(index.arc_market) >= 0) & fixed[index.arc_pair])
    rows = _arc_rows(model, arcs)
    per_offer = np.bincount(ranked.offer, minlength=len(index.offer_market))
    order = np.argsort(ranked.offer, kind="stable")
    first = np.searchsorted(ranked.offer[order], index.arc_offer[arcs])
    owner, part = expand_counts(per_offer[index.arc_offer[arcs]])
    column = order[first[owner] + part]
    units = plan.pair_units[index.arc_pair[arcs[owner]], ranked.rank[column]]
    model.add_entries(rows[owner], ranked.cols[column], -units.astype(float))


def _arc_rows(model: AwardModel, arcs: Ints) -> Ints:
    """A row per arc holding the sum of its flow columns (equal to what the ranks give it)."""
    rows = model.add_rows("split_flow", len(arcs), 0.0, 0.0)
    row_of = np.full(len(model.index.arc_offer), -1)
    row_of[arcs] = rows
    flows = np.flatnonzero(row_of[model.flow_arc] >= 0)
    model.add_entries(row_of[model.flow_arc[flows]], model.flow[flows], 1.0)
    return rows


def _add_variable_flows(model: AwardModel, plan: SplitPlan, ranked: _Ranked, variable: Ints) -> None:
    """An institution with a budget receives R <= demand units, split by the shares by largest remainder (exact,
    in whole numbers: N f + m = n R, u = f + e, e on the largest remainders m), from the supplier of each rank."""
    if not len(variable):
        return
    units = _largest_remainder_columns(model, plan, variable)
    index = model.index
    arcs = np.flatnonzero(np.isin(index.arc_pair, variable))
    rows = _arc_rows(model, arcs)
    order = np.argsort(ranked.offer, kind="stable")
    per_offer = np.bincount(ranked.offer, minlength=len(index.offer_market))
    first = np.searchsorted(ranked.offer[order], index.arc_offer[arcs])
    owner, part = expand_counts(per_offer[index.arc_offer[arcs]])
    column = order[first[owner] + part]
    arc = arcs[owner]
    pair_at = np.searchsorted(variable, index.arc_pair[arc])
    demand = index.pair_quantity[index.arc_pair[arc]].astype(float)
    unit_col = units[pair_at, ranked.rank[column]]
    given = model.add_columns("split_units_given", index.arc_market[arc], demand)
    model.add_entries(rows[owner], given, -1.0)
    upper = model.add_rows("split_given_chosen", len(given), upper=0.0)
    model.add_entries(upper, given, 1.0)
    model.add_entries(upper, ranked.cols[column], -demand)
    below = model.add_rows("split_given_units", len(given), upper=0.0)
    model.add_entries(below, given, 1.0)
    model.add_entries(below, unit_col, -1.0)
    above = model.add_rows("split_given_all", len(given), lower=-demand)
    model.add_entries(above, given, 1.0)
    model.add_entries(above, unit_col, -1.0)
    model.add_entries(above, ranked.cols[column], -demand)


def _largest_remainder_columns(model: AwardModel, plan: SplitPlan, pairs: Ints) -> np.ndarray:
    """Integer columns u (units per rank) of each pair, held to the largest-remainder split of their sum."""
    index = model.index
    slot = plan.slot(index.pair_market[pairs])
    weights = plan.weights[slot]
    total = weights.sum(axis=1).astype(float)
    width = weights.shape[1]
    units = np.full((len(pairs), width), -1)
    owner, rank = np.nonzero(weights > 0)
    market = index.pair_market[pairs[owner]]
    demand = index.pair_quantity[pairs[owner]].astype(float)
    u = model.add_columns("split_units", market, demand, integer=True)
    f = model.add_columns("split_floor", market, demand, integer=True)
    m = model.add_columns("split_remainder", market, total[owner] - 1, integer=True)
    e = model.add_columns("split_extra", market, 1.0, integer=True)
    units[owner, rank] = u
    cap = model.add_rows("split_receives", len(pairs), upper=index.pair_quantity[pairs].astype(float))
    model.add_entries(cap[owner], u, 1.0)
    exact = model.add_rows("split_exact", len(u), 0.0, 0.0)  # N f + m - n (sum of u) = 0
    model.add_entries(exact, f, total[owner])
    model.add_entries(exact, m, 1.0)
    mates, position = expand_counts(np.bincount(owner, minlength=len(pairs))[owner])
    partner = np.searchsorted(owner, owner[mates]) + position
    model.add_entries(exact[mates], u[partner], -weights[owner[mates], rank[mates]].astype(float))
    split = model.add_rows("split_round", len(u), 0.0, 0.0)  # u = f + e
    model.add_entries(split, u, 1.0)
    model.add_entries(split, f, -1.0)
    model.add_entries(split, e, -1.0)
    _order_remainders(model, owner, rank, m, e, total[owner])
    return units


def _order_remainders(model: AwardModel, owner: Ints, rank: Ints, m: Ints, e: Ints, total: np.ndarray) -> None:
    """The extra units go to the largest remainders, a tie to the earlier rank: for ranks a < b of one pair,
    e_b = 1, e_a = 0 only if m_b > m_a, and e_a = 1, e_b = 0 only if m_a >= m_b."""
    mates, position = expand_counts(np.bincount(owner)[owner])
    partner = np.searchsorted(owner, owner[mates]) + position
    a, b = mates[rank[mates] < rank[partner]], partner[rank[mates] < rank[partner]]
    big = total[a]
    later = model.add_rows("split_later_extra", len(a), lower=1 - big)  # m_b - m_a - N e_b + N e_a >= 1 - N
    model.add_entries(later, m[b], 1.0)
    model.add_entries(later, m[a], -1.0)
    model.add_entries(later, e[b], -big)
    model.add_entries(later, e[a], big)
    earlier = model.add_rows("split_earlier_extra", len(a), lower=-big)  # m_a - m_b - N e_a + N e_b >= -N
    model.add_entries(earlier, m[a], 1.0)
    model.add_entries(earlier, m[b], -1.0)
    model.add_entries(earlier, e[a], -big)
    model.add_entries(earlier, e[b], big)
