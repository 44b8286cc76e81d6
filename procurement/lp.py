"""Build the award model: who supplies how much of each product to each institution, at least cost.

The only module that creates PuLP objects. Variables exist only on the sparse offer x demand index;
each procurement rule is added by its own `_add_<rule>` function.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pulp

from procurement.offers import AwardData, prepare_award_data
from procurement.scenario import Scenario

EPS = 1e-9
COST_TERMS = ("purchase", "national_preference", "delivery", "fixed", "shortage_penalty")


def linear(terms: Iterable[tuple[pulp.LpVariable, float]], constant: float = 0.0) -> pulp.LpAffineExpression:
    """An expression from (variable, coefficient) pairs in one pass, adding repeated variables."""
    coefficients: dict[pulp.LpVariable, float] = defaultdict(float)
    for variable, coefficient in terms:
        coefficients[variable] += coefficient
    return pulp.LpAffineExpression(coefficients, constant=constant)


@dataclass
class OfferVars:
    """The decision variables of one offer (supplier x product)."""

    flows: list[int]  # arc indices
    tiers: list[int] = field(default_factory=list)  # tier positions that can be chosen
    choose: list[pulp.LpVariable] = field(default_factory=list)  # binary per usable tier
    volume: list[pulp.LpVariable] = field(default_factory=list)  # quantity per tier (price breaks only)

    @property
    def awarded(self) -> pulp.LpAffineExpression:
        return linear((z, 1.0) for z in self.choose)


@dataclass
class AwardModel:
    problem: pulp.LpProblem
    data: AwardData
    flow: list[pulp.LpVariable]
    shortage: dict[int, pulp.LpVariable]
    offer_vars: dict[int, OfferVars]
    terms: dict[str, pulp.LpAffineExpression]
    spend: dict[str, pulp.LpAffineExpression]
    budgets: dict[str, float]
    is_mip: bool


def build_award_model(scenario: Scenario) -> AwardModel:
    data = prepare_award_data(scenario)
    model = AwardModel(pulp.LpProblem("award", pulp.LpMinimize), data, [], {}, {}, {}, {}, {}, False)
    _add_flows(model)
    rules = scenario.products.set_index("product_id")
    integer_products = _products_needing_choices(data, rules)
    _add_offer_volumes(model, integer_products)
    _add_demand_cover(model)
    _add_max_suppliers(model, rules)
    _add_max_price_gap(model, rules)
    _add_split_shares(model, rules)
    _add_single_source(model, rules)
    _add_budgets(model, scenario.institutions)
    _add_objective(model, scenario.policy.national_preference)
    model.is_mip = any(v.isInteger() for v in model.problem.variables())
    return model


def _products_needing_choices(data: AwardData, rules: pd.DataFrame) -> set[str]:
    """Products whose rules need to know which suppliers win (binary choices on every offer)."""
    count = data.offers.groupby("product_id").size()
    needing = set()
    for product_id, offers in count.items():
        rule = rules.loc[product_id]
        if (
            rule["split_shares"]
            or rule["max_suppliers"] < offers
            or (offers > 1 and not np.isnan(rule["max_price_gap"]))
        ):
            needing.add(str(product_id))
    return needing


def _add_flows(model: AwardModel) -> None:
    arcs, offers = model.data.arcs, model.data.offers
    upper = np.minimum(arcs["quantity"].to_numpy(), arcs["offer"].map(offers["capacity"]).to_numpy())
    model.flow = [model.problem.add_variable(f"x_{k}", 0, float(u)) for k, u in enumerate(upper)]
    for offer, flows in arcs.groupby("offer").groups.items():
        model.offer_vars[int(offer)] = OfferVars(flows=list(flows))


def _add_offer_volumes(model: AwardModel, integer_products: set[str]) -> None:
    """Capacity, min_quantity, fixed_cost and all-units price breaks of each offer."""
    for offer, row in model.data.offers.iterrows():
        v = model.offer_vars[int(offer)]
        tiers = row["tiers"]
        limit = min(row["capacity"], row["product_quantity"])
        total = linear((model.flow[k], 1.0) for k in v.flows)
        binary = len(tiers) > 1 or tiers[0][0] > 0 or row["min_quantity"] > 0 or row["fixed_cost"] > 0
        if not binary and row["product_id"] not in integer_products:
            if limit < row["product_quantity"] and len(v.flows) > 1:
                model.problem += (total <= limit, f"capacity[{row['supplier_id']},{row['product_id']}]")
            continue
        _add_tiers(model, int(offer), v, tiers, row["min_quantity"], limit, total)


def _add_tiers(
    model: AwardModel,
    offer: int,
    v: OfferVars,
    tiers: tuple[tuple[float, float], ...],
    min_quantity: float,
    limit: float,
    total: pulp.LpAffineExpression,
) -> None:
    """One binary per reachable price tier; the chosen tier's range holds the offer's whole quantity."""
    problem = model.problem
    for t, (start, _) in enumerate(tiers):
        low = max(start, min_quantity)
        high = min(tiers[t + 1][0] if t + 1 < len(tiers) else np.inf, limit)
        if low <= high + EPS:
            v.tiers.append(t)
            v.choose.append(problem.add_variable(f"z_{offer}_{t}", cat=pulp.LpBinary))
    if len(v.tiers) == 1:
        (z,), t = v.choose, v.tiers[0]
        problem += (total <= _tier_high(tiers, t, limit) * z, f"offer_max[{offer}]")
        problem += (total >= max(tiers[t][0], min_quantity) * z, f"offer_min[{offer}]")
        return
    for t, z in zip(v.tiers, v.choose, strict=True):
        q = problem.add_variable(f"q_{offer}_{t}", 0)
        v.volume.append(q)
        problem += (q <= _tier_high(tiers, t, limit) * z, f"tier_max[{offer},{t}]")
        problem += (q >= max(tiers[t][0], min_quantity) * z, f"tier_min[{offer},{t}]")
    problem += (linear((q, 1.0) for q in v.volume) == total, f"tier_volume[{offer}]")
    problem += (v.awarded <= 1, f"one_tier[{offer}]")


def _tier_high(tiers: tuple[tuple[float, float], ...], t: int, limit: float) -> float:
    return float(min(tiers[t + 1][0] if t + 1 < len(tiers) else np.inf, limit))


def _add_demand_cover(model: AwardModel) -> None:
    """Each institution's demand is met by awards plus a penalised shortage; never dropped."""
    arcs = model.data.arcs
    by_pair = arcs.groupby(["institution_id", "product_id"]).groups
    for index, pair in model.data.pairs.iterrows():
        if not pair["has_offer"]:
            continue
        key = (pair["institution_id"], pair["product_id"])
        short = model.problem.add_variable(f"s_{index}", 0, float(pair["quantity"]))
        model.shortage[int(index)] = short
        cover = linear([(model.flow[k], 1.0) for k in by_pair[key]] + [(short, 1.0)])
        model.problem += (cover == float(pair["quantity"]), f"demand_cover[{key[0]},{key[1]}]")


def _offers_by_product(model: AwardModel, products: Iterable[str]) -> dict[str, list[int]]:
    offers = model.data.offers
    wanted = offers[offers["product_id"].isin(set(products))]
    return {str(p): [int(o) for o in group] for p, group in wanted.groupby("product_id").groups.items()}


def _add_max_suppliers(model: AwardModel, rules: pd.DataFrame) -> None:
    limited = rules.index[rules["max_suppliers"].notna()]
    for product, offers in _offers_by_product(model, limited).items():
        limit = float(rules.at[product, "max_suppliers"])
        if len(offers) > limit:
            awarded = linear((z, 1.0) for o in offers for z in model.offer_vars[o].choose)
            model.problem += (awarded <= limit, f"max_suppliers[{product}]")


def _add_max_price_gap(model: AwardModel, rules: pd.DataFrame) -> None:
    """No two suppliers of a product whose prices differ by more than the gap may both win it."""
    gapped = rules.index[rules["max_price_gap"].notna()]
    tiers = model.data.offers["tiers"]
    for product, offers in _offers_by_product(model, gapped).items():
        gap = float(rules.at[product, "max_price_gap"])
        choices = [(f"{o}.{t}", o, z, tiers[o][t][1]) for o in offers for t, z in _tier_choices(model.offer_vars[o])]
        for k, (name_a, o_a, z_a, price_a) in enumerate(choices):
            for name_b, o_b, z_b, price_b in choices[k + 1 :]:
                if o_a != o_b and max(price_a, price_b) > (1 + gap) * min(price_a, price_b) + EPS:
                    model.problem += (z_a + z_b <= 1, f"price_gap[{product},{name_a},{name_b}]")


def _tier_choices(v: OfferVars) -> list[tuple[int, pulp.LpVariable]]:
    return list(zip(v.tiers, v.choose, strict=True))


def _add_split_shares(model: AwardModel, rules: pd.DataFrame) -> None:
    """Abastecimiento simultáneo: ranked shares, larger share to the lower price, same split everywhere."""
    split = rules.index[rules["split_shares"].map(bool)]
    offers, arcs = model.data.offers, model.data.arcs
    for product, product_offers in _offers_by_product(model, split).items():
        shares = rules.at[product, "split_shares"]
        total = float(offers.at[product_offers[0], "product_quantity"])
        rank = {o: _rank_vars(model, o, offers.loc[o], shares, total) for o in product_offers}
        for o, ranked in rank.items():
            v = model.offer_vars[o]
            model.problem += (linear((w, 1.0) for w, _ in ranked.values()) == v.awarded, f"split_award[{o}]")
            for k in v.flows:
                share = linear((w, arcs.at[k, "quantity"] * shares[r]) for r, (w, _) in ranked.items())
                model.problem += (model.flow[k] == share, f"split_flow[{k}]")
        _add_split_ranks(model, product, shares, rank)


def _rank_vars(
    model: AwardModel, offer: int, row: pd.Series, shares: tuple[float, ...], total: float
) -> dict[int, tuple[pulp.LpVariable, float]]:
    """For each share this offer could fill: a binary and the unit price it would be paid there."""
    ranked = {}
    for r, share in enumerate(shares):
        quantity = share * total
        prices = [price for start, price in row["tiers"] if start <= quantity + EPS]
        if prices and row["min_quantity"] <= quantity + EPS and quantity <= row["capacity"] + EPS:
            ranked[r] = (model.problem.add_variable(f"w_{offer}_{r}", cat=pulp.LpBinary), prices[-1])
    return ranked


def _add_split_ranks(
    model: AwardModel,
    product: str,
    shares: tuple[float, ...],
    rank: dict[int, dict[int, tuple[pulp.LpVariable, float]]],
) -> None:
    filled = [linear((ranked[r][0], 1.0) for ranked in rank.values() if r in ranked) for r in range(len(shares))]
    price = [
        linear((ranked[r][0], ranked[r][1]) for ranked in rank.values() if r in ranked) for r in range(len(shares))
    ]
    top = max((p for ranked in rank.values() for _, p in ranked.values()), default=0.0)
    for r in range(len(shares)):
        model.problem += (filled[r] <= 1, f"split_rank[{product},{r}]")
        if r == 0:
            continue
        model.problem += (filled[r] <= filled[r - 1], f"split_order[{product},{r}]")
        if shares[r - 1] > shares[r] + EPS:
            model.problem += (price[r - 1] <= price[r] + top * (1 - filled[r]), f"split_price[{product},{r}]")


def _add_single_source(model: AwardModel, rules: pd.DataFrame) -> None:
    """Each institution receives a single-source product from one supplier only, all of it."""
    single = set(rules.index[rules["single_source"]])
    arcs = model.data.arcs
    chosen = arcs[arcs["product_id"].isin(single)]
    for (institution, product), flows in chosen.groupby(["institution_id", "product_id"]).groups.items():
        picks = []
        for k in flows:
            a = model.problem.add_variable(f"a_{k}", cat=pulp.LpBinary)
            model.problem += (model.flow[k] == float(arcs.at[k, "quantity"]) * a, f"single_source_flow[{k}]")
            picks.append((a, 1.0))
        model.problem += (linear(picks) <= 1, f"single_source[{institution},{product}]")


def _add_budgets(model: AwardModel, institutions: pd.DataFrame) -> None:
    """An institution's purchase plus delivery spend stays within its budget.

    Only institutions that demand something here, so that a budget appears in exactly one block.
    """
    buying = institutions[institutions["institution_id"].isin(set(model.data.pairs["institution_id"]))]
    budgets = buying.dropna(subset=["budget"]).set_index("institution_id")["budget"]
    arcs = model.data.arcs
    for institution, budget in budgets.items():
        flows = arcs.index[arcs["institution_id"] == institution]
        spend = linear(term for k in flows for term in _spend_terms(model, int(k)))
        model.spend[str(institution)] = spend
        model.budgets[str(institution)] = float(budget)
        model.problem += (spend <= float(budget), f"budget[{institution}]")


def _spend_terms(model: AwardModel, k: int) -> list[tuple[pulp.LpVariable, float]]:
    """An institution's cost of one arc; with price breaks its flow is split by tier to stay linear."""
    arc = model.data.arcs.loc[k]
    tiers = model.data.offers.at[arc["offer"], "tiers"]
    v = model.offer_vars[int(arc["offer"])]
    flow = model.flow[k]
    if not v.volume:
        return [(flow, _single_price(v, tiers) + arc["delivery_cost"])]
    parts = []
    for t, z in _tier_choices(v):
        part = model.problem.add_variable(f"xt_{k}_{t}", 0)
        model.problem += (part <= float(arc["quantity"]) * z, f"tier_flow[{k},{t}]")
        parts.append((part, tiers[t][1]))
    model.problem += (linear([(p, 1.0) for p, _ in parts]) == flow, f"tier_split[{k}]")
    return [*parts, (flow, arc["delivery_cost"])]


def _single_price(v: OfferVars, tiers: tuple[tuple[float, float], ...]) -> float:
    """The price of an offer that has one usable tier."""
    return tiers[v.tiers[0] if v.tiers else 0][1]


def _add_objective(model: AwardModel, preference: float) -> None:
    """Total cost from named terms; a national supplier's price counts `preference` lower when choosing."""
    data, flow = model.data, model.flow
    purchase, national = [], []
    for offer, row in data.offers.iterrows():
        v = model.offer_vars[int(offer)]
        if v.volume:
            terms = [(q, row["tiers"][t][1]) for t, q in zip(v.tiers, v.volume, strict=True)]
        else:
            terms = [(flow[k], _single_price(v, row["tiers"])) for k in v.flows]
        purchase += terms
        if row["national"] and preference > 0:
            national += [(var, -preference * price) for var, price in terms]
    fixed = [(z, row["fixed_cost"]) for o, row in data.offers.iterrows() for z in model.offer_vars[int(o)].choose]
    pairs = data.pairs
    forced = pairs[~pairs["has_offer"]]
    model.terms = {
        "purchase": linear(purchase),
        "national_preference": linear(national),
        "delivery": linear(zip(flow, data.arcs["delivery_cost"], strict=True)),
        "fixed": linear(fixed),
        "shortage_penalty": linear(
            ((s, pairs.at[i, "shortfall_penalty"]) for i, s in model.shortage.items()),
            float((forced["quantity"] * forced["shortfall_penalty"]).sum()),
        ),
    }
    model.problem += linear(term for name in COST_TERMS for term in model.terms[name].items())
    model.problem.objective.constant = model.terms["shortage_penalty"].constant
