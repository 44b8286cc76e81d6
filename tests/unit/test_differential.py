"""The award engine against brute force: on many tiny random packages, the engine's objective is the least cost of
every whole-unit award that keeps the rules of docs/scenario-format.md, and the engine's own award keeps them.

The enumerator (tests/enumerate_awards.py) is written from the specification alone and shares no code with the
model builder. Packages are random but seeded: each case is one theme (a rule every package of it uses) and a number.
Beyond the objective, the engine's award must keep every rule, report the unit price of its offer's total and the
shortages left, and among the awards of least cost carry the least tie-break allowance ("Ties").

MINIMAL below keeps the smallest packages on which the two once disagreed, all on the default shortfall penalty
("Shortfall penalty": 10 x the product's highest unit cost among the offers that can be awarded): the engine then
counted a total of 0 units as an award (an offer of capacity 0, a tier only a total of 0 reaches) and let its
whole-purchase fallback take other products' bid or reference prices. Both were fixed in the engine.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import pytest

from procurement.pipeline import Outcome
from tests.builders import solve_files, write_package
from tests.enumerate_awards import (
    Award,
    Package,
    cost_terms,
    enumerate_awards,
    largest_remainder,
    objective,
    read_package,
    shortages,
    tie_allowance,
    unit_price,
    violations,
)

P = "010.000.0104.00"
Q = "010.000.0105.00"
INSTITUTIONS = ("IMSS", "ISSSTE", "PEMEX")
SUPPLIERS = ("A", "B", "C")
SHARES = ("0.6;0.4", "0.5;0.5", "0.7;0.3", "0.5;0.3;0.2", "0.4;0.3;0.3", "0.34;0.33;0.33")
RULE_COLUMNS = ("reference_price", "max_suppliers", "max_price_gap", "split_shares", "single_source", "min_suppliers")
BID_COLUMNS = "supplier_id,product_id,unit_price,from_quantity,capacity,min_quantity,fixed_cost"
THEMES = (
    "price_breaks",
    "capacity",
    "min_quantity",
    "fixed_cost",
    "reference_price",
    "max_suppliers",
    "max_price_gap",
    "split_renormalise",
    "split_strict",
    "single_source",
    "national_preference",
    "budgets",
    "delivery",
    "default_penalty",
    "explicit_penalty",
    "policy_rules",
    "three_institutions",
    "min_suppliers",
    "switching",
    "open_contracts",
)
PACKAGES_PER_THEME = 20
BASE_CHANCE = {
    "price_breaks": 0.25,
    "capacity": 0.25,
    "min_quantity": 0.2,
    "fixed_cost": 0.2,
    "reference_price": 0.15,
    "max_suppliers": 0.12,
    "max_price_gap": 0.15,
    "split_renormalise": 0.08,
    "split_strict": 0.05,
    "single_source": 0.1,
    "national_preference": 0.2,
    "budgets": 0.15,
    "delivery": 0.25,
    "default_penalty": 0.5,
    "explicit_penalty": 0.5,
    "policy_rules": 0.08,
    "three_institutions": 0.0,
    "min_suppliers": 0.08,
    "switching": 0.08,
    "open_contracts": 0.1,
}
OBJECTIVE_TOLERANCE = 1e-3  # the engine's tie-break allowance is at most 1e-6 x units x rank


# --- random packages ----------------------------------------------------------------------------------------------


@dataclass
class Generated:
    files: dict[str, str]
    features: set[str] = field(default_factory=set)


def cell(value: object) -> str:
    return "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def random_package(rng: random.Random, theme: str) -> Generated:
    """A valid package of 1-2 products, 2 institutions (3 for the theme three_institutions, demands of 1-3 units)
    and 3 suppliers with demands of 1-5 units; `theme` is a rule it always uses, the others appear at random."""

    def chance(feature: str) -> bool:
        return feature == theme or rng.random() < BASE_CHANCE[feature]

    features: set[str] = {"three_institutions"} if theme == "three_institutions" else set()
    institutions = INSTITUTIONS if theme == "three_institutions" else INSTITUTIONS[:2]
    most = 3 if theme == "three_institutions" else 5
    two_products = rng.random() < (0.6 if theme in ("budgets", "policy_rules", "default_penalty") else 0.3)
    products = [P, Q] if two_products else [P]
    demand = {(i, p): rng.randint(1, most) for p in products for i in institutions if rng.random() < 0.8}
    for p in products:
        if not any(key[1] == p for key in demand):
            demand[(rng.choice(institutions), p)] = rng.randint(1, most)

    # [policy] and each product's own rule values (None: blank)
    policy: dict[str, object] = {}
    own: dict[str, dict[str, object]] = {p: dict.fromkeys(RULE_COLUMNS) for p in products}
    for p in products:
        split = chance("split_renormalise") or chance("split_strict")
        if split:
            own[p]["split_shares"] = rng.choice(SHARES)
        elif chance("single_source"):
            own[p]["single_source"] = "true"
        if chance("max_suppliers"):
            own[p]["max_suppliers"] = rng.randint(1, 3)
        if chance("max_price_gap"):
            own[p]["max_price_gap"] = rng.choice([0.0, 0.05, 0.1, 0.2, 0.5])
    if chance("policy_rules"):
        features.add("policy_rules")
        setting = rng.choice(["max_suppliers", "max_price_gap", "split_shares", "single_source"])
        if setting == "max_suppliers":
            policy[setting] = rng.randint(1, 3)
        elif setting == "max_price_gap":
            policy[setting] = rng.choice([0.0, 0.1, 0.25])
        elif setting == "split_shares":
            policy[setting] = rng.choice(SHARES)
        else:
            policy[setting] = True
        for p in products:
            if rng.random() < 0.6:
                own[p][setting] = None  # the product follows the policy
    for p in products:  # keep the package valid: no split on a single-source product, no more shares than suppliers
        shares = own[p]["split_shares"] or policy.get("split_shares")
        single = own[p]["single_source"] or policy.get("single_source")
        if shares and single in ("true", True):
            own[p]["single_source"] = "false"
        limit = own[p]["max_suppliers"] or policy.get("max_suppliers")
        if shares and limit is not None and int(str(limit)) < len(str(shares).split(";")):
            own[p]["max_suppliers"] = len(str(shares).split(";"))

    for p in products:  # a minimum of suppliers the other rules allow: within max_suppliers and the split's shares
        if chance("min_suppliers"):
            own[p]["min_suppliers"] = rng.choice([2, 2, 3])
            shares = own[p]["split_shares"] or policy.get("split_shares")
            limits = [
                own[p]["max_suppliers"] or policy.get("max_suppliers"),
                len(str(shares).split(";")) if shares else None,
            ]
            for limit in limits:
                if limit is not None and int(str(limit)) < int(str(own[p]["min_suppliers"])):
                    own[p]["min_suppliers"] = None if int(str(limit)) < 2 else int(str(limit))
    if any(own[p]["min_suppliers"] for p in products) and rng.random() < 0.5:
        policy["min_supplier_share"] = rng.choice([0.1, 0.25, 0.3])
    if theme == "split_strict" or (theme != "split_renormalise" and rng.random() < 0.3):
        policy["split_fallback"] = "strict"
    elif rng.random() < 0.5:
        policy["split_fallback"] = "renormalise"
    if chance("national_preference"):
        policy["national_preference"] = rng.choice([0.05, 0.1, 0.2, 0.3])
    if theme == "explicit_penalty" or (theme != "default_penalty" and rng.random() < BASE_CHANCE["explicit_penalty"]):
        policy["shortfall_penalty"] = rng.choice([0, 2, 5, 10, 20, 40, 100])

    # bids
    bid_rows: list[str] = []
    prices: dict[str, list[float]] = {p: [] for p in products}
    for p in products:
        bidders = [s for s in SUPPLIERS if rng.random() < 0.75]
        if not bidders and rng.random() < 0.9:
            bidders = [rng.choice(SUPPLIERS)]
        if theme == "default_penalty" and rng.random() < 0.3:
            bidders = []
        if not bidders:
            features.add("no_bids")
        for s in bidders:
            rows = offer_rows(rng, chance, features)
            prices[p] += [price for _, price in rows]
            conditions = offer_conditions(rng, chance, features)
            carriers = range(len(rows)) if rng.random() < 0.4 else [rng.randrange(len(rows))]
            for n, (start, price) in enumerate(rows):
                terms = conditions if n in carriers else ("", "", "")
                bid_rows.append(f"{s},{p},{cell(price)},{cell(start)},{','.join(terms)}")
        if chance("reference_price") and prices[p]:
            features.add("reference_price")
            own[p]["reference_price"] = max(0.5, rng.choice(prices[p]) + rng.choice([-0.5, 0.0, 0.0, 0.5]))

    budgeted = theme == "open_contracts" or chance("budgets")  # what an open contract's budget counts matters
    budgets = {i: rng.randint(0, 60) if budgeted else None for i in institutions}
    delivery: list[str] = []
    if chance("delivery"):
        for s in SUPPLIERS:
            for i in institutions:
                if rng.random() < 0.5:
                    delivery.append(f"{s},{i},,{cell(rng.choice([0.0, 0.5, 1.0, 2.0, 4.0]))}")
                for p in products:
                    if rng.random() < 0.3:
                        delivery.append(f"{s},{i},{p},{cell(rng.choice([0.0, 0.5, 1.0, 3.0]))}")
    national = {s: rng.random() < 0.5 for s in SUPPLIERS}
    incumbents: list[str] = []
    if chance("switching"):
        policy["max_switch"] = rng.choice([0.0, 0.3, 0.5])
        for i, p in demand:
            if rng.random() < 0.6:
                row_switch = rng.choice(["", "", "0.2", "0.6"])
                dearest = max(bid_rows, key=lambda row: float(row.split(",")[2]) if row.split(",")[1] == p else 0)
                current = dearest.split(",")[0] if rng.random() < 0.7 else rng.choice(SUPPLIERS)  # it binds most
                incumbents.append(f"{i},{p},{current},{row_switch}")
    minimum: dict[tuple[str, str], int] = {}
    if chance("open_contracts"):
        for pair, quantity in demand.items():
            if rng.random() < 0.7:
                minimum[pair] = rng.randint(-(-2 * quantity // 5), quantity)  # at least 40 % of the maximum
        policy["open_contract_budget"] = rng.choice(["minimum", "minimum", "maximum"])

    features |= {column for p in products for column in RULE_COLUMNS if own[p][column] not in (None, "false")}
    features |= {name for name in ("split_shares", "max_suppliers", "max_price_gap") if name in policy}
    if policy.get("single_source"):
        features.add("single_source")
    if any(own[p]["split_shares"] for p in products) or "split_shares" in policy:
        features.add("split_strict" if policy.get("split_fallback") == "strict" else "split_renormalise")
    if policy.get("national_preference") and any(national.values()):
        features.add("national_preference")
    if any(b is not None for b in budgets.values()):
        features.add("budgets")
    if delivery:
        features.add("delivery")
        if any(",," not in row for row in delivery):
            features.add("delivery_by_product")
    features.add("explicit_penalty" if "shortfall_penalty" in policy else "default_penalty")
    features.discard("split_shares")
    if incumbents:
        features.add("switching")
    if minimum:
        features.add("open_contracts")

    toml = 'name = "differential"\n[policy]\n' + "".join(
        f"{key} = {toml_value(value)}\n" for key, value in policy.items()
    )
    files = {
        "scenario_toml": toml,
        "institutions": "institution_id,name,budget\n" + "".join(f"{i},{i},{cell(b)}\n" for i, b in budgets.items()),
        "products": f"product_id,description,category,unit,{','.join(RULE_COLUMNS)}\n"
        + "".join(f"{p},x,medicine,caja,{','.join(cell(own[p][c]) for c in RULE_COLUMNS)}\n" for p in products),
        "demand": "institution_id,product_id,quantity,minimum\n"
        + "".join(f"{i},{p},{q},{cell(minimum.get((i, p)))}\n" for (i, p), q in demand.items()),
        "suppliers": "supplier_id,name,national\n"
        + "".join(f"{s},Lab {s},{str(n).lower()}\n" for s, n in national.items()),
        "bids": BID_COLUMNS + "\n" + "".join(f"{row}\n" for row in bid_rows),
        "delivery": "supplier_id,institution_id,product_id,cost_per_unit\n" + "".join(f"{row}\n" for row in delivery),
        "incumbents": "institution_id,product_id,supplier_id,max_switch\n" + "".join(f"{row}\n" for row in incumbents),
    }
    return Generated(files, features)


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return f'"{value}"'
    return cell(value)


def offer_rows(rng: random.Random, chance: Callable[[str], bool], features: set[str]) -> list[tuple[int | str, float]]:
    """(from_quantity, unit_price) rows of one offer: prices never rise with the quantity."""
    price = rng.randint(6, 24) / 2
    starts: list[int | str] = ["", 0]  # a blank from_quantity is 0
    first = rng.choice(starts)
    if not chance("price_breaks"):
        return [(first, price)]
    features.add("price_breaks")
    if rng.random() < 0.3:
        first = rng.randint(1, 3)
    rows: list[tuple[int | str, float]] = [(first, price)]
    start = int(first or 0)
    for _ in range(rng.randint(1, 2)):
        start += rng.randint(1, 3)
        price = max(0.5, price - rng.choice([0.0, 0.5, 1.0, 2.0]))
        rows.append((start, price))
    return rows


def offer_conditions(rng: random.Random, chance: Callable[[str], bool], features: set[str]) -> tuple[str, str, str]:
    """capacity, min_quantity and fixed_cost of one offer (blank when not set); the minimum never above capacity."""
    capacity = rng.randint(0, 6) if chance("capacity") else None
    minimum = rng.randint(0, 4) if chance("min_quantity") else None
    if capacity is not None and minimum is not None:
        minimum = min(minimum, capacity)
    fixed = rng.choice([0.5, 1.0, 2.0, 3.0, 5.0, 8.0, 12.0]) if chance("fixed_cost") else None
    features |= {
        name
        for name, value in (("capacity", capacity), ("min_quantity", minimum), ("fixed_cost", fixed))
        if value is not None
    }
    return cell(capacity), cell(minimum), cell(fixed)


CASES = [(theme, n) for theme in THEMES for n in range(PACKAGES_PER_THEME)]


def generated(theme: str, n: int) -> Generated:
    return random_package(random.Random(f"differential-{theme}-{n}"), theme)


# --- the engine's award, read back ---------------------------------------------------------------------------------


def engine_award(outcome: Outcome) -> dict[tuple[str, str, str], float]:
    award: dict[tuple[str, str, str], float] = {}
    for row in outcome.awards.itertuples():
        key = (str(row.institution_id), str(row.product_id), str(row.supplier_id))
        award[key] = award.get(key, 0.0) + float(row.quantity)
    return award


def engine_problems(package: Package, outcome: Outcome) -> list[str]:
    """What is wrong with the engine's award under the specification: broken rules, unit prices that are not the
    price of the offer's total, shortages that are not the demand left unmet."""
    reported = engine_award(outcome)
    problems = violations(package, reported)
    if problems:
        return problems
    award: Award = {key: round(q) for key, q in reported.items() if round(q)}
    for row in outcome.awards.itertuples():
        price = unit_price(package, award, str(row.product_id), str(row.supplier_id))
        if abs(float(row.unit_price) - price) > 1e-9:
            problems.append(f"{row.supplier_id} is reported at {row.unit_price} for {row.product_id}, not {price}")
    short = {pair: q for pair, q in shortages(package, award).items() if q}
    reported_short: dict[tuple[str, str], float] = {}
    for row in outcome.shortages.itertuples():
        pair = (str(row.institution_id), str(row.product_id))
        reported_short[pair] = reported_short.get(pair, 0.0) + float(row.quantity)
    if {pair: q for pair, q in reported_short.items() if q} != short:
        problems.append(f"shortages reported {reported_short}, but the demand left unmet is {short}")
    return problems


def explain(files: dict[str, str], package: Package, outcome: Outcome, best: float, best_award: Award) -> str:
    award = {key: round(q) for key, q in engine_award(outcome).items()}
    short = outcome.shortages[["institution_id", "product_id", "quantity", "reason"]].to_numpy().tolist()
    lines = [f"--- {name} ---\n{text}" for name, text in files.items()]
    lines += [
        f"engine: objective {outcome.solution.objective}, terms {outcome.solution.cost_terms}, award {award}",
        f"        shortages {short}",
        f"enumerator: optimum {best}, terms {cost_terms(package, best_award)}, award {best_award}",
        f"penalties: { {p: package.penalty(p) for p in package.products} }",
    ]
    return "\n".join(lines)


# --- the differential test -----------------------------------------------------------------------------------------


def disagreements(folder: Path, files: dict[str, str]) -> list[str]:
    """Solve the package with the engine and enumerate it; every way the two disagree, with both awards."""
    outcome = solve_files(folder, **files)
    package = read_package(folder)
    optimum = enumerate_awards(package, tie_break=True)
    found = outcome.solution.objective
    if not outcome.solution.status.has_solution or found is None:
        return [f"the engine found no award ({outcome.solution.status}); the empty award is always valid"]
    failures = []
    if abs(found - optimum.objective) > max(OBJECTIVE_TOLERANCE, 1e-6 * abs(optimum.objective)):
        failures.append(f"engine objective {found} != enumerated optimum {optimum.objective}")
    problems = engine_problems(package, outcome)
    failures += [f"engine award: {problem}" for problem in problems]
    if not problems:
        award = {key: round(q) for key, q in engine_award(outcome).items() if round(q)}
        own = objective(package, award)
        if abs(own - optimum.objective) > OBJECTIVE_TOLERANCE:
            failures.append(f"engine award costs {own} by the specification, the optimum is {optimum.objective}")
        elif own + tie_allowance(package, award) > optimum.objective + optimum.allowance + 1e-9:
            failures.append(
                f"engine award's tie-break allowance {tie_allowance(package, award)} is not the least among the "
                f"awards of least cost ({optimum.allowance})"
            )
    if failures:
        failures.append(explain(files, package, outcome, optimum.objective, optimum.award))
    return failures


@pytest.mark.parametrize(("theme", "n"), CASES, ids=[f"{theme}-{n}" for theme, n in CASES])
def test_engine_award_is_valid_and_as_cheap_as_the_best_enumerated_award(tmp_path: Path, theme: str, n: int) -> None:
    failures = disagreements(tmp_path, generated(theme, n).files)
    assert not failures, "\n".join(failures)


# Smallest packages on which the engine and the enumerator were found to disagree (see the module docstring).
TWO_PRODUCTS = f"product_id,description,category,unit\n{P},Paracetamol,medicine,caja\n{Q},Metamizol,medicine,caja\n"
MINIMAL = {
    # B's capacity 0 means it can never be awarded, so the penalty is 10 x A's 10, not 10 x B's 12: 10 + 100.
    "capacity_zero_offer_is_not_an_offer_that_can_be_awarded": {
        "demand": f"institution_id,product_id,quantity\nIMSS,{P},2\n",
        "bids": f"supplier_id,product_id,unit_price,capacity\nA,{P},10,1\nB,{P},12,0\n",
    },
    # A's price 12 applies only to a total of 0, which is no award: A's highest unit cost is 10, 10 + 100.
    "price_of_a_tier_reached_only_at_zero_units_is_never_paid": {
        "demand": f"institution_id,product_id,quantity\nIMSS,{P},2\n",
        "bids": f"supplier_id,product_id,unit_price,from_quantity,capacity\nA,{P},12,0,1\nA,{P},10,1,\n",
    },
    # No offer of the purchase can be awarded (A's minimum 2 is above the demand of 1): P is short at 10 x its
    # highest bid price (120), Q (no bid, no reference price) at 1, as no unit cost of the purchase exists: 121.
    "whole_purchase_fallback_counts_only_offers_that_can_be_awarded": {
        "products": TWO_PRODUCTS,
        "demand": f"institution_id,product_id,quantity\nIMSS,{P},1\nIMSS,{Q},1\n",
        "bids": f"supplier_id,product_id,unit_price,min_quantity\nA,{P},12,2\n",
    },
}


@pytest.mark.parametrize("name", MINIMAL)
def test_engine_agrees_with_the_enumerator_on_the_smallest_packages_they_disagreed_on(
    tmp_path: Path, name: str
) -> None:
    failures = disagreements(tmp_path, MINIMAL[name])
    assert not failures, "\n".join(failures)


def test_random_packages_exercise_every_rule() -> None:
    counts: dict[str, int] = {}
    for theme, n in CASES:
        for feature in generated(theme, n).features:
            counts[feature] = counts.get(feature, 0) + 1
    expected = set(THEMES) | {"delivery_by_product"}
    assert {feature for feature, count in counts.items() if count >= PACKAGES_PER_THEME} >= expected, counts


# --- the enumerator on cases worked by hand ----------------------------------------------------------------------


def test_largest_remainder_gives_the_unit_left_to_the_larger_remainder_and_ties_to_the_earlier_rank() -> None:
    assert largest_remainder((Fraction(3, 5), Fraction(2, 5)), 1001) == (601, 400)
    assert largest_remainder((Fraction(1, 2), Fraction(1, 2)), 3) == (2, 1)
    assert largest_remainder((Fraction(2, 5), Fraction(3, 10), Fraction(3, 10)), 5) == (2, 2, 1)


def test_enumerator_splits_three_shares_between_two_suppliers_renormalised(tmp_path: Path) -> None:
    # 0.5;0.3;0.2 with only A and B: 62.5 % and 37.5 % of 8 = 5 and 3: A 5 at 10 + B 3 at 12 = 86.
    files = {
        "products": f"product_id,description,category,unit,split_shares\n{P},x,medicine,caja,0.5;0.3;0.2\n",
        "demand": f"institution_id,product_id,quantity\nIMSS,{P},8\n",
        "bids": f"supplier_id,product_id,unit_price\nA,{P},10\nB,{P},12\n",
    }
    optimum = enumerate_awards(read_package(_written(tmp_path, files)))
    assert optimum.award == {("IMSS", P, "A"): 5, ("IMSS", P, "B"): 3}
    assert optimum.objective == pytest.approx(86)


def test_enumerator_prices_every_unit_at_the_break_the_total_reaches(tmp_path: Path) -> None:
    # A: 10 from 0, 8 from 4; demand 3 with a penalty of 100: buying 4 is not allowed (demand 3), so 3 x 10 = 30;
    # with demand 4, 4 x 8 = 32.
    bids = f"supplier_id,product_id,unit_price,from_quantity\nA,{P},10,0\nA,{P},8,4\n"
    toml = 'name = "t"\n[policy]\nshortfall_penalty = 100\n'
    three = read_package(_written(tmp_path / "3", {"bids": bids, "scenario_toml": toml, "demand": _demand(3)}))
    four = read_package(_written(tmp_path / "4", {"bids": bids, "scenario_toml": toml, "demand": _demand(4)}))
    assert enumerate_awards(three).objective == pytest.approx(30)
    assert enumerate_awards(four).objective == pytest.approx(32)


def test_enumerator_default_penalty_is_ten_times_the_highest_unit_cost(tmp_path: Path) -> None:
    # A 5 at 10 (capacity 5), B at 12 + 1 delivery (capacity 3): 10 units, 2 short at 10 x 13 each:
    # 50 + 36 + 3 + 260 = 349.
    files = {
        "demand": _demand(10),
        "bids": f"supplier_id,product_id,unit_price,capacity\nA,{P},10,5\nB,{P},12,3\n",
        "delivery": "supplier_id,institution_id,product_id,cost_per_unit\nB,IMSS,,1\n",
    }
    package = read_package(_written(tmp_path, files))
    assert package.penalty(P) == pytest.approx(130)
    assert enumerate_awards(package).objective == pytest.approx(349)


def _demand(quantity: int) -> str:
    return f"institution_id,product_id,quantity\nIMSS,{P},{quantity}\n"


def _written(folder: Path, files: dict[str, str]) -> Path:
    return write_package(folder, **files)


def test_enumerator_lets_a_budget_reduce_only_its_own_institutions_split(tmp_path: Path) -> None:
    # 60/40, A at 10, B at 12. ISSSTE (no budget) receives its 5 as 3 + 2 (54). IMSS's 70 cannot pay its 10 (108)
    # nor 7 (4 + 3, 76): it receives 6 = 4 + 2 (64), 4 short at 10 x 12 each: 64 + 54 + 480 = 598.
    files = {
        "institutions": "institution_id,name,budget\nIMSS,IMSS,70\nISSSTE,ISSSTE,\n",
        "products": f"product_id,description,category,unit,split_shares\n{P},x,medicine,caja,0.6;0.4\n",
        "demand": f"institution_id,product_id,quantity\nIMSS,{P},10\nISSSTE,{P},5\n",
        "bids": f"supplier_id,product_id,unit_price\nA,{P},10\nB,{P},12\n",
    }
    optimum = enumerate_awards(read_package(_written(tmp_path, files)))
    assert optimum.award == {
        ("IMSS", P, "A"): 4,
        ("IMSS", P, "B"): 2,
        ("ISSSTE", P, "A"): 3,
        ("ISSSTE", P, "B"): 2,
    }
    assert optimum.objective == pytest.approx(598)
