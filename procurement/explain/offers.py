"""explanation.csv: every offer for a demanded clave, ranked, with what it won and the rule or limit that decided.

An offer is one supplier's bid for one clave (its price-break rows together), or for one clave and period where
the clave is priced per period (procurement.rules.period_prices). Reasons are read from the solved
award, most specific first: a rule whose limit kept the offer out (its blocked arcs), the budget of every
institution it could supply, the shortfall penalty being below its cost, a cheaper offer that was not chosen
(the award's other costs: price breaks, fixed costs), else plain price.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from procurement.arrays import Floats, Ints, group_any, group_min, group_sum, positions
from procurement.awards import SolvedAward, best_unit_cost, to_cents
from procurement.explain.columns import EXPLANATION_COLUMNS, LOSING_RULES
from procurement.explain.prices import TurningPrices, highest_cent_below, lowest_cent_above
from procurement.rules import RULES, rule
from procurement.rules.min_suppliers import minimum
from procurement.rules.national_preference import price_scale
from procurement.rules.period_prices import bid_periods
from procurement.rules.price_reasonableness import scenario_flags
from procurement.rules.shares import split_plan
from procurement.rules.switching import incumbents
from procurement.scenario import Scenario

MARKET_OFFER = ["product_id", "period", "supplier_id"]  # one offer of a market (period: blank for every period)


def offers_table(award: SolvedAward, awards: pd.DataFrame, prices: TurningPrices) -> pd.DataFrame:
    index = award.index
    scenario = index.scenario
    table = _all_offers(scenario)
    known = pd.MultiIndex.from_arrays([index.offer_product, index.offer_period, index.offer_supplier])
    at = known.get_indexer(pd.MultiIndex.from_arrays([table["_product"], table["period"], table["_supplier"]]))
    found = at >= 0

    def per_offer(values: np.ndarray, fill: object) -> np.ndarray:
        """A per-offer array of the index, read for each row of the table (`fill` where not in the index)."""
        padded = np.append(values, np.asarray([fill], dtype=values.dtype if values.dtype != bool else object))
        picked: np.ndarray = padded[np.where(found, at, len(values))]
        return picked

    total = per_offer(award.offer_total, 0)
    won = found & (total > 0)
    lowest = group_min(index.tier_offer, index.tier_price, len(index.offer_market))
    paid = np.where(award.offer_tier >= 0, index.tier_price[np.maximum(award.offer_tier, 0)], np.nan)
    unit_price = np.where(
        won, per_offer(paid, np.nan), np.where(found, per_offer(lowest, np.nan), table["_lowest_admissible"])
    )
    unit_price = np.where(np.isnan(unit_price.astype(float)), table["_lowest"], unit_price).astype(float)
    national = table["national"].to_numpy(dtype=bool)
    evaluated = unit_price * price_scale(scenario, table["_supplier"].to_numpy())
    delivery = per_offer(_mean_delivery(award), np.nan).astype(float)
    rank = _ranks(table, found, evaluated + np.nan_to_num(delivery))
    awards = awards.assign(period=bid_periods(scenario, awards["product_id"], awards["period"]))  # offers' periods

    cost = _awarded_cost(awards, table)
    outcome = np.where(won, "won", np.where(found, "lost", "inadmissible"))
    reason = np.where(
        won,
        per_offer(_winning_reasons(award), ""),
        np.where(found, per_offer(_losing_reasons(award), ""), table["_inadmissible_reason"]),
    )
    turning = per_offer(prices.price, np.nan).astype(float)
    return pd.DataFrame(
        {
            "product_id": table["product_id"],
            "period": table["period"],
            "supplier_id": table["supplier_id"],
            "national": national,
            "unit_price": unit_price,
            "evaluated_price": np.round(evaluated, 6),
            "delivery_cost": np.round(delivery, 6),
            "rank": pd.array(np.where(found, rank, -1), dtype="Int64").astype("Int64"),
            "capacity": np.where(found, per_offer(index.offer_capacity, np.nan), table["capacity"]).astype(float),
            "awarded_quantity": np.where(won, total, 0).astype(np.int64),
            "awarded_cost": cost,
            "outcome": outcome,
            "reason": reason,
            "beaten_by": np.where(outcome == "lost", _winners(awards, table), ""),
            "price_to_win": np.where(outcome == "lost", highest_cent_below(turning), np.nan),
            "price_to_lose": np.where(won, lowest_cent_above(turning), np.nan),
            "found_by": np.where(found, per_offer(prices.found_by, ""), ""),
        },
        columns=EXPLANATION_COLUMNS,
    ).pipe(_blank_ranks)


def _blank_ranks(table: pd.DataFrame) -> pd.DataFrame:
    table["rank"] = table["rank"].mask(table["rank"] < 1)
    table["capacity"] = table["capacity"].where(np.isfinite(table["capacity"].to_numpy(dtype=float)))
    return table


def _all_offers(scenario: Scenario) -> pd.DataFrame:
    """One row per supplier and demanded clave (and period its bid names) with a bid, in clave, period and supplier
    order."""
    bids = scenario.bids[scenario.bids["product_id"].isin(set(scenario.demand["product_id"]))]
    admissible = np.logical_and.reduce([rule.admissible(scenario) for rule in RULES])
    admissible = admissible[scenario.bids["product_id"].isin(set(scenario.demand["product_id"])).to_numpy()]
    rows = bids.assign(
        _admissible_price=np.where(admissible, bids["unit_price"], np.nan),
        _refused_by=_refusals(scenario)[
            scenario.bids["product_id"].isin(set(scenario.demand["product_id"])).to_numpy()
        ],
    )
    offers = rows.groupby(MARKET_OFFER, sort=True).agg(
        _lowest=("unit_price", "min"),
        _lowest_admissible=("_admissible_price", "min"),
        capacity=("capacity", "max"),
    )
    cheapest = rows.sort_values("unit_price", kind="stable").drop_duplicates(MARKET_OFFER)
    offers = offers.join(cheapest.set_index(MARKET_OFFER)["_refused_by"]).reset_index()
    offers["_product"] = positions(offers["product_id"], scenario.products["product_id"])
    offers["_supplier"] = positions(offers["supplier_id"], scenario.suppliers["supplier_id"])
    offers["national"] = scenario.suppliers["national"].to_numpy(dtype=bool)[offers["_supplier"]]
    offers["_inadmissible_reason"] = np.where(
        offers["_lowest_admissible"].isna(), offers["_refused_by"], "beyond_reach"
    )
    return offers


def _refusals(scenario: Scenario) -> np.ndarray:
    """Per bid row, why it may not be awarded ("" if it may): above the reference price, else a price not
    acceptable or not convenient that the policy excludes."""
    above = ~rule("reference_price").admissible(scenario)
    excluded = ~rule("price_reasonableness").admissible(scenario)
    flag = scenario_flags(scenario)["flag"].to_numpy() if excluded.any() else np.full(len(above), "")
    reason: np.ndarray = np.where(
        above, "above_reference_price", np.where(excluded, np.char.add("price_", flag.astype(str)), "")
    )
    return reason


def _mean_delivery(award: SolvedAward) -> Floats:
    """Per offer: delivery cost per unit, averaged over the institutions it can supply, weighted by demand."""
    index = award.index
    weight = index.pair_quantity[index.arc_pair].astype(float)
    total = group_sum(index.arc_offer, weight, len(index.offer_market))
    spent = group_sum(index.arc_offer, weight * index.arc_delivery, len(index.offer_market))
    mean: Floats = spent / np.where(total > 0, total, 1.0)
    return mean


def _ranks(table: pd.DataFrame, ranked: np.ndarray, cost: Floats) -> Ints:
    """1 = lowest evaluated cost of the clave (in the period, where it is priced per period) among offers that can be
    awarded; ties by supplier id."""
    frame = pd.DataFrame({"product": table["product_id"], "cost": np.where(ranked, cost, np.inf)})
    frame["period"], frame["supplier"] = table["period"], table["supplier_id"]
    order = frame.sort_values(["product", "period", "cost", "supplier"]).index.to_numpy()
    rank = np.empty(len(frame), dtype=np.int64)
    rank[order] = frame.loc[order].groupby(["product", "period"], sort=False).cumcount().to_numpy() + 1
    return rank


def _awarded_cost(awards: pd.DataFrame, table: pd.DataFrame) -> Floats:
    cents = pd.Series(to_cents(awards["total_cost"]), index=awards.index)
    paid = cents.groupby([awards[column] for column in MARKET_OFFER]).sum()
    keys = pd.MultiIndex.from_frame(table[MARKET_OFFER])
    result: Floats = paid.reindex(keys).fillna(0).to_numpy(dtype=np.int64) / 100
    return result


def _winners(awards: pd.DataFrame, table: pd.DataFrame) -> np.ndarray:
    """Per offer's clave (and period, where it is priced per period): its winning suppliers, most units first."""
    units = awards.groupby(MARKET_OFFER, sort=False)["quantity"].sum().reset_index()
    units = units.sort_values(["product_id", "period", "quantity", "supplier_id"], ascending=[True, True, False, True])
    joined = units.groupby(["product_id", "period"], sort=False)["supplier_id"].agg(";".join)
    keys = pd.MultiIndex.from_frame(table[["product_id", "period"]])
    result: np.ndarray = joined.reindex(keys).astype(object).fillna("").to_numpy()  # no award: NaN
    return result


def _losing_reasons(award: SolvedAward) -> np.ndarray:
    """Per offer of the index that won nothing: the rule or limit that kept it out."""
    index = award.index
    offers = len(index.offer_market)
    reasons = np.full(offers, "", dtype=object)
    by_rule = {rule.name: rule for rule in RULES}
    for name in LOSING_RULES:
        blocked = group_any(index.arc_offer, by_rule[name].blocked_arcs(award), offers)
        blocked |= _pairs_blocked(award, by_rule[name].blocked_pairs(award))
        reasons[blocked & (reasons == "")] = name
    budgets = by_rule["budget"].blocked_pairs(award) | by_rule["periods"].blocked_pairs(award)
    budget = _pairs_blocked(award, budgets, every=True)
    reasons[budget & (reasons == "")] = "budget"
    cost = best_unit_cost(award.index)
    worth = group_any(index.arc_offer, cost < index.pair_penalty[index.arc_pair], offers)
    reasons[~worth & (reasons == "")] = "penalty_below_cost"
    cheapest_winner = group_min(
        index.offer_market[award.offer_total > 0],
        group_min(index.arc_offer, cost, offers)[award.offer_total > 0],
        len(index.market_product),
    )
    cheaper = group_min(index.arc_offer, cost, offers) < cheapest_winner[index.offer_market]
    reasons[cheaper & (reasons == "")] = "higher_total"
    reasons[reasons == ""] = "beaten_on_price"
    return reasons


def _winning_reasons(award: SolvedAward) -> np.ndarray:
    """Per offer of the index that won: why, in the plainest true words."""
    index = award.index
    offers, markets = len(index.offer_market), len(index.market_product)
    cost = best_unit_cost(award.index)
    offer_cost = group_min(index.arc_offer, cost, offers)
    cheapest = group_min(index.offer_market, offer_cost, markets)
    pair_best = group_min(index.arc_pair, cost, len(index.pair_market))
    best_somewhere = group_any(index.arc_offer, cost <= pair_best[index.arc_pair] + 1e-9, offers)
    full = award.offer_total >= index.offer_capacity - 0.5
    full |= group_any(index.arc_offer, rule("period_capacity").blocked_arcs(award), offers)  # full in a period
    cheaper_full = group_any(index.offer_market, full, markets)[index.offer_market]
    winners = np.bincount(index.offer_market[award.offer_total > 0], minlength=markets)
    shared = (split_plan(index).market_slot >= 0) & (winners > 1)
    reasons = np.where(offer_cost <= cheapest[index.offer_market] + 1e-9, "lowest_cost", "")
    reasons = np.where((reasons == "") & shared[index.offer_market], "split_share", reasons)
    continuity = (minimum(index) >= 2) & (winners > 1)
    reasons = np.where((reasons == "") & continuity[index.offer_market], "min_suppliers", reasons)
    kept = np.isin(np.arange(offers), index.arc_offer[incumbents(index).arc])
    reasons = np.where((reasons == "") & kept, "incumbent", reasons)
    reasons = np.where((reasons == "") & cheaper_full, "cheaper_full", reasons)
    reasons = np.where((reasons == "") & best_somewhere, "lowest_delivered", reasons)
    result: np.ndarray = np.where(reasons == "", "lowest_total", reasons).astype(object)
    return result


def _pairs_blocked(award: SolvedAward, pairs: np.ndarray, every: bool = False) -> np.ndarray:
    """Per offer: whether any (or every) pair it could supply is blocked."""
    index = award.index
    offers = len(index.offer_market)
    hit = pairs[index.arc_pair]
    if every:
        result: np.ndarray = ~group_any(index.arc_offer, ~hit, offers) & (
            np.bincount(index.arc_offer, minlength=offers) > 0
        )
        return result
    return group_any(index.arc_offer, hit, offers)
