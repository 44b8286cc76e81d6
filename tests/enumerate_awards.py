"""Every whole-unit award of a tiny scenario package, enumerated by brute force from docs/scenario-format.md alone.

Nothing here comes from the award engine: the package is read back from its own files (csv and tomllib), the rules
are the sentences of the specification ("Award rules" and the sections under it), and the least-cost award is found
by trying them all. It is meant for packages of a handful of units: 1-2 products, 2 institutions, 2-3 suppliers.

Readings chosen where the specification leaves room (each is marked READING below):
- the units U of a share in "how many ranks" are split with the shares as given (before renormalising), since the
  number of ranks they decide is what renormalising needs;
- "the shares that get at least one unit" counts the shares whose U (over all institutions, at full demand) is >= 1;
- an offer "that can be awarded" (default shortfall penalty, tie-break ranks) is an offer with an admissible row
  and some total T, 1 <= T <= the product's whole demand, that keeps its tiers, capacity and minimum ("the
  supplier is awarded the product when T > 0"); its unit cost is the highest price it can be paid at such a T, plus
  delivery to the institution;
- "the highest such unit cost of the whole purchase" is the highest of those unit costs over every product, so a
  product's highest bid price or reference price (the fallbacks before it) is not one.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from pathlib import Path

GAP_TOLERANCE = 1e-9  # "compared to a relative 10⁻⁹, so 11 is within 10 % of 10"
TIE_UNIT = 1e-6  # "counts k millionths of a currency unit more when choosing"
MONEY_TOLERANCE = 1e-6  # budgets and price orders are compared to this, for the engine's floating-point award
TRUE_WORDS = {"true", "yes", "sí", "si", "1"}
FALSE_WORDS = {"false", "no", "0"}

Key = tuple[str, str, str]  # (institution_id, product_id, supplier_id)
Award = dict[Key, int]  # whole units; keys with 0 units may be left out


# --- the package, read from its files ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Offer:
    """The bid rows of one supplier for one product, as one offer."""

    supplier: str
    product: str
    national: bool
    starts: tuple[int, ...]  # from_quantity of the admissible rows, ascending
    prices: tuple[float, ...]  # their unit prices
    capacity: int | None
    min_quantity: int
    fixed_cost: float

    @property
    def admissible(self) -> bool:
        return bool(self.starts)

    def price(self, total: int) -> float | None:
        """The unit price paid for every unit when the offer's total is `total`; None when that total is not offered.

        "the unit_price of its admissible row with the largest from_quantity at or below T".
        """
        paid = None
        for start, price in zip(self.starts, self.prices, strict=True):
            if start <= total:
                paid = price
        return paid

    def allows(self, total: int) -> bool:
        """Whether the offer may have this total: 0 (not awarded), or within its tiers, capacity and minimum."""
        if total == 0:
            return True
        if self.price(total) is None:
            return False
        if self.capacity is not None and total > self.capacity:
            return False
        return total >= self.min_quantity


@dataclass(frozen=True)
class Product:
    product_id: str
    reference_price: float | None
    max_suppliers: int | None
    max_price_gap: float | None
    shares: tuple[Fraction, ...]  # sorted from the largest; () when the product is not split
    single_source: bool
    min_suppliers: int | None = None


@dataclass
class Package:
    institutions: tuple[str, ...]
    budgets: dict[str, float]  # only institutions with a budget
    products: dict[str, Product]
    demand: dict[tuple[str, str], int]  # (institution_id, product_id) -> units
    offers: dict[tuple[str, str], Offer]  # (supplier_id, product_id) -> offer (admissible or not)
    bid_prices: dict[str, list[float]]  # product_id -> every bid row's price, admissible or not
    delivery_rows: dict[tuple[str, str, str], float]  # (supplier, institution, product or "") -> cost per unit
    national_preference: float
    split_fallback: str
    shortfall_penalty: float | None  # [policy] shortfall_penalty, None when not set
    min_supplier_share: float | None = None  # [policy] min_supplier_share, None when not set
    incumbents: dict[tuple[str, str], tuple[str, float]] = field(default_factory=dict)  # pair -> (supplier, switch)
    minimum: dict[tuple[str, str], int] = field(default_factory=dict)  # open contracts: pair -> its minimum
    budget_counts_minimum: bool = False  # [policy] open_contract_budget = "minimum"
    _penalties: dict[str, float] = field(default_factory=dict)

    # -- plain look-ups --

    def demanders(self, product: str) -> list[str]:
        return [i for i in self.institutions if (i, product) in self.demand]

    def bidders(self, product: str) -> list[str]:
        """Suppliers whose offer for the product has an admissible row, in supplier_id order."""
        return sorted(s for (s, p), offer in self.offers.items() if p == product and offer.admissible)

    def delivery(self, supplier: str, institution: str, product: str) -> float:
        """A row with the product overrides the blank-product row; pairs without a row cost nothing."""
        own = self.delivery_rows.get((supplier, institution, product))
        if own is not None:
            return own
        return self.delivery_rows.get((supplier, institution, ""), 0.0)

    def total_demand(self, product: str) -> int:
        return sum(q for (_, p), q in self.demand.items() if p == product)

    # -- shortfall penalty --

    def penalty(self, product: str) -> float:
        if self.shortfall_penalty is not None:
            return self.shortfall_penalty
        if not self._penalties:
            self._penalties = self._default_penalties()
        return self._penalties[product]

    def awardable_totals(self, supplier: str, product: str) -> list[int]:
        """The totals T >= 1, up to the product's whole demand, the offer may be awarded (tiers, capacity, minimum):
        an offer "that can be awarded" has at least one."""
        offer = self.offers.get((supplier, product))
        if offer is None or not offer.admissible:
            return []
        return [t for t in range(1, self.total_demand(product) + 1) if offer.allows(t)]

    def highest_unit_cost(self, product: str) -> float | None:
        """The product's highest unit cost (price + delivery) among the offers that can be awarded, over every
        institution that buys it; None when no offer can be awarded (READING in the module docstring)."""
        costs = []
        for supplier, p in self.offers:
            feasible = self.awardable_totals(supplier, p) if p == product else []
            if not feasible:
                continue
            price = max(self.offers[(supplier, p)].price(t) or 0.0 for t in feasible)
            costs += [price + self.delivery(supplier, i, product) for i in self.demanders(product)]
        return max(costs) if costs else None

    def tie_ranks(self, product: str) -> dict[str, int]:
        """k of each of the product's bidders for the tie-break: "suppliers with an admissible offer it can be
        awarded, in supplier_id order"."""
        awardable = sorted(s for s, p in self.offers if p == product and self.awardable_totals(s, p))
        return {s: k for k, s in enumerate(awardable)}

    def _default_penalties(self) -> dict[str, float]:
        """10 x the product's highest unit cost; else 10 x its highest bid price, else 10 x its reference price,
        else 10 x the highest such unit cost of the whole purchase, else 1."""
        highest = {p: self.highest_unit_cost(p) for p in self.products}
        purchase = [cost for cost in highest.values() if cost is not None]
        penalties = {}
        for p, product in self.products.items():
            own = highest[p]
            if own is not None:
                penalties[p] = 10 * own
            elif self.bid_prices.get(p):
                penalties[p] = 10 * max(self.bid_prices[p])
            elif product.reference_price is not None:
                penalties[p] = 10 * product.reference_price
            elif purchase:
                penalties[p] = 10 * max(purchase)
            else:
                penalties[p] = 1.0
        return penalties

    # -- supply continuity and open contracts --

    def least_suppliers(self, product: str) -> int:
        """m of "Minimum suppliers": the product's min_suppliers, or the number of offers that can be awarded if
        fewer (0 when not set)."""
        wanted = self.products[product].min_suppliers or 0
        offers = sum(1 for s, p in self.offers if p == product and self.awardable_totals(s, p))
        return min(wanted, offers)

    def least_share(self, product: str) -> float:
        """s of "Minimum suppliers": min_supplier_share, else 0.2, or 1/m if smaller."""
        if self.min_supplier_share is not None:
            return self.min_supplier_share
        return min(0.2, 1 / max(self.least_suppliers(product), 1))

    def budgeted_units(self, institution: str, product: str, units: int) -> int:
        """What a budget counts of `units` awarded: all, or for an open contract whose budget counts minimums, the
        same share of them as the minimum is of the maximum, rounded up."""
        minimum = self.minimum.get((institution, product))
        if not self.budget_counts_minimum or minimum is None:
            return units
        return math.ceil(Fraction(minimum, self.demand[(institution, product)]) * units)

    # -- split awards --

    def rank_count(self, product: str) -> int:
        """k of "How many ranks": every share when strict; else the smallest of the number of shares, of the
        suppliers that can take a share and of the shares that get a unit, and at least 1."""
        shares = self.products[product].shares
        if self.split_fallback == "strict":
            return len(shares)
        units = share_units(shares, self.demanders_quantities(product))  # READING: the shares as given
        takers = self.share_takers(product, units)
        with_a_unit = sum(1 for u in units if u >= 1)
        return max(1, min(len(shares), len(takers), with_a_unit))

    def demanders_quantities(self, product: str) -> list[int]:
        return [self.demand[(i, product)] for i in self.demanders(product)]

    def share_takers(self, product: str, units: Sequence[int]) -> set[str]:
        """Suppliers that can take a share: U within an admissible tier, min_quantity (at least 1) and capacity,
        and with a price gap, their price for U within (1 + gap) x the lowest price of any such supplier and share."""
        candidates: list[tuple[str, float]] = []
        for supplier in self.bidders(product):
            offer = self.offers[(supplier, product)]
            for u in units:
                price = offer.price(u)
                if price is None or u < max(offer.min_quantity, 1):
                    continue
                if offer.capacity is not None and u > offer.capacity:
                    continue
                candidates.append((supplier, price))
        gap = self.products[product].max_price_gap
        if gap is not None and candidates:
            lowest = min(price for _, price in candidates)
            candidates = [(s, price) for s, price in candidates if within_gap(price, lowest, gap)]
        return {s for s, _ in candidates}

    def rank_shares(self, product: str) -> tuple[Fraction, ...]:
        """σ₀ … σₖ₋₁ renormalised to add up to 1."""
        used = self.products[product].shares[: self.rank_count(product)]
        whole = sum(used, Fraction(0))
        return tuple(share / whole for share in used)


def within_gap(price: float, lowest: float, gap: float) -> bool:
    return price <= (1 + gap) * lowest * (1 + GAP_TOLERANCE)


def share_units(shares: Sequence[Fraction], quantities: Sequence[int]) -> list[int]:
    """Units of each share summed over institutions, each institution's quantity split by largest remainder."""
    totals = [0] * len(shares)
    for quantity in quantities:
        for r, units in enumerate(largest_remainder(shares, quantity)):
            totals[r] += units
    return totals


def largest_remainder(shares: Sequence[Fraction], received: int) -> tuple[int, ...]:
    """The floor of share x R to each rank; the units left over go one each to the largest remainders, ties to the
    earlier rank."""
    exact = [share * received for share in shares]
    units = [math.floor(value) for value in exact]
    left = received - sum(units)
    order = sorted(range(len(shares)), key=lambda r: (-(exact[r] - units[r]), r))
    for r in order[:left]:
        units[r] += 1
    return tuple(units)


def _csv(text: str) -> list[dict[str, str]]:
    text = text.lstrip("\ufeff")
    rows = csv.DictReader(io.StringIO(text))
    return [
        {k.strip(): (v or "").strip() for k, v in row.items()}
        for row in rows
        if any((v or "").strip() for v in row.values())
    ]


def _number(cell: str | None) -> float | None:
    return None if cell is None or cell == "" else float(cell)


def _flag(cell: str | None) -> bool | None:
    if cell is None or cell == "":
        return None
    word = cell.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"not a yes/no value: {cell!r}")


def _shares(cell: object) -> tuple[Fraction, ...]:
    """'0.6;0.4' read as exact decimals, sorted from the largest."""
    if cell is None or cell == "":
        return ()
    return tuple(sorted((Fraction(part.strip()) for part in str(cell).split(";")), reverse=True))


def read_package(folder: Path) -> Package:
    """The package in `folder`, read with csv and tomllib only."""
    settings = tomllib.loads((folder / "scenario.toml").read_text(encoding="utf-8"))
    policy: Mapping[str, object] = settings.get("policy", {})

    def table(name: str) -> list[dict[str, str]]:
        path = folder / name
        return _csv(path.read_text(encoding="utf-8")) if path.exists() else []

    institutions = table("institutions.csv")
    budgets = {row["institution_id"]: float(row["budget"]) for row in institutions if row.get("budget")}
    products = {}
    for row in table("products.csv"):
        products[row["product_id"]] = _product(row, policy)
    national = {row["supplier_id"]: bool(_flag(row.get("national"))) for row in table("suppliers.csv")}
    demand = {(row["institution_id"], row["product_id"]): int(float(row["quantity"])) for row in table("demand.csv")}
    minimum = {
        (row["institution_id"], row["product_id"]): int(float(row["minimum"]))
        for row in table("demand.csv")
        if row.get("minimum")
    }
    switch = policy.get("max_switch")
    incumbents = {
        (row["institution_id"], row["product_id"]): (row["supplier_id"], float(row.get("max_switch") or switch))  # type: ignore[arg-type]
        for row in table("incumbents.csv")
        if row.get("max_switch") or switch is not None
    }
    rows_by_offer: dict[tuple[str, str], list[dict[str, str]]] = {}
    for row in table("bids.csv"):
        rows_by_offer.setdefault((row["supplier_id"], row["product_id"]), []).append(row)
    offers = {key: _offer(key, rows, products[key[1]], national[key[0]]) for key, rows in rows_by_offer.items()}
    bid_prices: dict[str, list[float]] = {}
    for (_, p), rows in rows_by_offer.items():
        bid_prices.setdefault(p, []).extend(float(row["unit_price"]) for row in rows)
    delivery = {
        (row["supplier_id"], row["institution_id"], row.get("product_id", "")): float(row["cost_per_unit"])
        for row in table("delivery.csv")
    }
    penalty = policy.get("shortfall_penalty")
    share = policy.get("min_supplier_share")
    return Package(
        institutions=tuple(row["institution_id"] for row in institutions),
        budgets=budgets,
        products=products,
        demand=demand,
        offers=offers,
        bid_prices=bid_prices,
        delivery_rows=delivery,
        national_preference=float(policy.get("national_preference", 0.0)),  # type: ignore[arg-type]
        split_fallback=str(policy.get("split_fallback", "renormalise")),
        shortfall_penalty=None if penalty is None else float(penalty),  # type: ignore[arg-type]
        min_supplier_share=None if share is None else float(share),  # type: ignore[arg-type]
        incumbents=incumbents,
        minimum=minimum,
        budget_counts_minimum=policy.get("open_contract_budget") == "minimum",
    )


def _product(row: Mapping[str, str], policy: Mapping[str, object]) -> Product:
    """A product's own column, else the [policy] setting it overrides, else the setting's default."""

    def own_or_policy(column: str) -> object:
        cell = row.get(column, "")
        return cell if cell != "" else policy.get(column)

    max_suppliers = own_or_policy("max_suppliers")
    gap = own_or_policy("max_price_gap")
    single = own_or_policy("single_source")
    least = own_or_policy("min_suppliers")
    return Product(
        product_id=row["product_id"],
        reference_price=_number(row.get("reference_price")),
        max_suppliers=None if max_suppliers is None else int(float(max_suppliers)),  # type: ignore[arg-type]
        max_price_gap=None if gap is None else float(gap),  # type: ignore[arg-type]
        shares=_shares(own_or_policy("split_shares")),
        single_source=bool(single if isinstance(single, bool) else _flag(str(single)) if single is not None else False),
        min_suppliers=None if least is None else int(float(least)),  # type: ignore[arg-type]
    )


def _offer(key: tuple[str, str], rows: list[dict[str, str]], product: Product, national: bool) -> Offer:
    """Capacity, minimum and fixed cost belong to the offer whichever row carries them, admissible or not."""

    def condition(column: str) -> float | None:
        values = {float(row[column]) for row in rows if row.get(column)}
        assert len(values) <= 1, f"conflicting {column} on the offer {key}"
        return values.pop() if values else None

    tiers = sorted((int(float(row.get("from_quantity") or 0)), float(row["unit_price"])) for row in rows)
    reference = product.reference_price
    admissible = [(start, price) for start, price in tiers if reference is None or price <= reference]
    capacity = condition("capacity")
    return Offer(
        supplier=key[0],
        product=key[1],
        national=national,
        starts=tuple(start for start, _ in admissible),
        prices=tuple(price for _, price in admissible),
        capacity=None if capacity is None else int(capacity),
        min_quantity=int(condition("min_quantity") or 0),
        fixed_cost=condition("fixed_cost") or 0.0,
    )


# --- one product's award: the rules ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProductAward:
    """Units of one product: supplier -> units per institution, in the order of `institutions`."""

    product: str
    institutions: tuple[str, ...]
    rows: Mapping[str, tuple[int, ...]]

    def total(self, supplier: str) -> int:
        return sum(self.rows[supplier])

    @cached_property
    def awarded(self) -> list[str]:
        return sorted(s for s, units in self.rows.items() if sum(units) > 0)


def product_violation(package: Package, award: ProductAward) -> str | None:
    """The first rule of the specification that one product's award breaks (budgets aside), or None."""
    product = package.products[award.product]
    demand = [package.demand[(i, award.product)] for i in award.institutions]
    for supplier, units in award.rows.items():
        if any(u < 0 for u in units):
            return f"negative units from {supplier}"
        total = sum(units)
        if total == 0:
            continue
        offer = package.offers.get((supplier, award.product))
        if offer is None or not offer.admissible:
            return f"{supplier} has no admissible offer"
        if offer.price(total) is None:
            return f"{supplier}'s total {total} is below its first admissible from_quantity"
        if offer.capacity is not None and total > offer.capacity:
            return f"{supplier}'s total {total} is above its capacity {offer.capacity}"
        if total < offer.min_quantity:
            return f"{supplier}'s total {total} is below its min_quantity {offer.min_quantity}"
    for n, need in enumerate(demand):
        if sum(units[n] for units in award.rows.values()) > need:
            return f"{award.institutions[n]} receives more than its demand {need}"
    awarded = award.awarded
    if product.max_suppliers is not None and len(awarded) > product.max_suppliers:
        return f"{len(awarded)} suppliers awarded, above max_suppliers {product.max_suppliers}"
    if product.max_price_gap is not None and awarded:
        prices = [package.offers[(s, award.product)].price(award.total(s)) or 0.0 for s in awarded]
        if not all(within_gap(price, min(prices), product.max_price_gap) for price in prices):
            return f"awarded prices {prices} are more than {product.max_price_gap} apart"
    if product.single_source:
        for n, institution in enumerate(award.institutions):
            if sum(1 for s in awarded if award.rows[s][n] > 0) > 1:
                return f"{institution} receives the single-source product from several suppliers"
    if product.shares and not split_is_kept(package, award):
        return "the split award's ranks are not kept"
    bought = sum(award.total(s) for s in awarded)
    least, share = package.least_suppliers(award.product), package.least_share(award.product)
    if least >= 2 and bought > 0:
        counted = [s for s in awarded if award.total(s) >= share * bought - MONEY_TOLERANCE]
        if len(counted) < least:
            return f"{len(counted)} suppliers have {share} of the {bought} units bought, fewer than {least}"
    for n, institution in enumerate(award.institutions):
        incumbent = package.incumbents.get((institution, award.product))
        if incumbent is None or not package.awardable_totals(incumbent[0], award.product):
            continue
        supplier, switch = incumbent
        received = sum(units[n] for units in award.rows.values())
        kept = award.rows[supplier][n] if supplier in award.rows else 0
        if kept < (1 - switch) * received - MONEY_TOLERANCE:
            return (
                f"{institution} keeps {kept} of {received} with its current supplier {supplier}, above {switch} moved"
            )
    return None


def split_is_kept(package: Package, award: ProductAward) -> bool:
    """Points 1-4 of "Split awards": the awarded suppliers fill ranks 0..j-1 (j <= k), each delivering to every
    institution exactly its units of that rank for some R (the demand, or any whole R below it under a budget),
    in price order, every filled rank with at least one unit."""
    shares = package.rank_shares(award.product)
    k = len(shares)
    awarded = award.awarded
    if len(awarded) > k:
        return False
    receivable = []
    for institution in award.institutions:
        need = package.demand[(institution, award.product)]
        options = range(need + 1) if institution in package.budgets else range(need, need + 1)
        receivable.append([largest_remainder(shares, r) for r in options])
    for order in itertools.permutations(awarded):
        prices = [package.offers[(s, award.product)].price(award.total(s)) or 0.0 for s in order]
        if any(prices[r] > prices[r + 1] + MONEY_TOLERANCE for r in range(len(order) - 1)):
            continue
        if all(
            any(all(split[r] == award.rows[s][n] for r, s in enumerate(order)) for split in receivable[n])
            for n in range(len(award.institutions))
        ):
            return True
    return False


# --- a whole award: rules and cost ------------------------------------------------------------------------------


def product_awards(package: Package, award: Award) -> dict[str, ProductAward]:
    result = {}
    for product in package.products:
        institutions = tuple(package.demanders(product))
        if not institutions:
            continue
        suppliers = {s for (_, p, s), q in award.items() if p == product and q}
        rows = {s: tuple(award.get((i, product, s), 0) for i in institutions) for s in sorted(suppliers)}
        result[product] = ProductAward(product, institutions, rows)
    return result


def violations(package: Package, award: Mapping[Key, float]) -> list[str]:
    """Every rule of the specification the award breaks; [] for a valid award."""
    problems = []
    whole: Award = {}
    for key, quantity in award.items():
        if quantity != round(quantity):
            problems.append(f"{key}: {quantity} is not a whole number of units")
        if quantity and (key[0], key[1]) not in package.demand:
            problems.append(f"{key}: the institution does not demand the product")
        whole[key] = round(quantity)
    if problems:
        return problems
    for product_award in product_awards(package, whole).values():
        problem = product_violation(package, product_award)
        if problem:
            problems.append(f"{product_award.product}: {problem}")
    if problems:
        return problems
    for institution, budget in package.budgets.items():
        used = spend(package, whole, institution)
        if used > budget + MONEY_TOLERANCE:
            problems.append(f"{institution} spends {used}, above its budget {budget}")
    return problems


def unit_price(package: Package, award: Award, product: str, supplier: str) -> float:
    total = sum(q for (_, p, s), q in award.items() if p == product and s == supplier)
    price = package.offers[(supplier, product)].price(total)
    assert price is not None
    return price


def spend(package: Package, award: Award, institution: str) -> float:
    """Σ over an institution's awards of quantity x (unit price + delivery cost per unit); of an open contract's
    award whose budget counts minimums, its minimum ("Open contracts")."""
    return sum(
        package.budgeted_units(i, p, q) * (unit_price(package, award, p, s) + package.delivery(s, i, p))
        for (i, p, s), q in award.items()
        if i == institution and q
    )


def shortages(package: Package, award: Award) -> dict[tuple[str, str], int]:
    received: dict[tuple[str, str], int] = {}
    for (i, p, _), q in award.items():
        received[(i, p)] = received.get((i, p), 0) + q
    return {pair: need - received.get(pair, 0) for pair, need in package.demand.items()}


def cost_terms(package: Package, award: Award) -> dict[str, float]:
    """purchase, national preference credit, delivery, fixed costs and shortage penalty of a valid award."""
    totals: dict[tuple[str, str], int] = {}
    for (_, p, s), q in award.items():
        totals[(s, p)] = totals.get((s, p), 0) + q
    purchase = national = fixed = 0.0
    for (s, p), total in totals.items():
        if total == 0:
            continue
        offer = package.offers[(s, p)]
        paid = total * (offer.price(total) or 0.0)
        purchase += paid
        if offer.national:
            national -= package.national_preference * paid
        fixed += offer.fixed_cost
    delivery = sum(q * package.delivery(s, i, p) for (i, p, s), q in award.items())
    short = sum(units * package.penalty(p) for (_, p), units in shortages(package, award).items())
    return {
        "purchase": purchase,
        "national_preference": national,
        "delivery": delivery,
        "fixed": fixed,
        "shortage": short,
    }


def objective(package: Package, award: Award) -> float:
    return sum(cost_terms(package, award).values())


# --- enumeration --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Optimum:
    objective: float
    award: Award  # one award of least cost (with the tie-break allowance, when asked for)
    awards: int  # how many valid awards were enumerated (products combined only where budgets tie them)
    allowance: float  # the award's tie-break allowance


def tie_allowance(package: Package, award: Award) -> float:
    """Each unit from the k-th bidder of its product counts k millionths more when choosing."""
    ranks = {p: package.tie_ranks(p) for p in package.products}
    return sum(TIE_UNIT * ranks[p].get(s, 0) * q for (_, p, s), q in award.items())


def _vectors(bounds: Sequence[int]) -> Iterator[tuple[int, ...]]:
    return itertools.product(*(range(b + 1) for b in bounds))


def product_options(
    package: Package, product: str, tie_break: bool = False
) -> list[tuple[ProductAward, float, tuple[float, ...]]]:
    """Every valid award of one product (budgets aside): (award, cost, spend of each budgeted demander); the cost
    includes the tie-break allowance when `tie_break`."""
    institutions = tuple(package.demanders(product))
    demand = [package.demand[(i, product)] for i in institutions]
    suppliers = package.bidders(product)
    # each supplier's possible units per institution, its total allowed by its offer (a necessary condition)
    per_supplier = [[v for v in _vectors(demand) if package.offers[(s, product)].allows(sum(v))] for s in suppliers]
    budgeted = [n for n, i in enumerate(institutions) if i in package.budgets]
    penalty = package.penalty(product)
    ranks = package.tie_ranks(product) if tie_break else {}
    options = []

    def extend(n: int, chosen: list[tuple[int, ...]], left: list[int]) -> None:
        if n == len(suppliers):
            award = ProductAward(product, institutions, dict(zip(suppliers, chosen, strict=True)))
            if product_violation(package, award) is None:
                cost, spends = _product_cost(package, award, penalty, left, budgeted)
                cost += sum(TIE_UNIT * ranks.get(s, 0) * award.total(s) for s in award.awarded)
                options.append((award, cost, spends))
            return
        for vector in per_supplier[n]:
            if all(v <= room for v, room in zip(vector, left, strict=True)):
                extend(n + 1, [*chosen, vector], [room - v for v, room in zip(vector, left, strict=True)])

    extend(0, [], demand)
    return options


def _product_cost(
    package: Package, award: ProductAward, penalty: float, short: list[int], budgeted: list[int]
) -> tuple[float, tuple[float, ...]]:
    cost = penalty * sum(short)
    spends = [0.0] * len(budgeted)
    for supplier, units in award.rows.items():
        total = sum(units)
        if total == 0:
            continue
        offer = package.offers[(supplier, award.product)]
        price = offer.price(total) or 0.0
        cost += total * price * (1 - package.national_preference if offer.national else 1) + offer.fixed_cost
        for institution, u in zip(award.institutions, units, strict=True):
            cost += u * package.delivery(supplier, institution, award.product)
        for b, n in enumerate(budgeted):
            institution = award.institutions[n]
            counted = package.budgeted_units(institution, award.product, units[n])
            spends[b] += counted * (price + package.delivery(supplier, institution, award.product))
    return cost, tuple(spends)


def enumerate_awards(package: Package, tie_break: bool = False) -> Optimum:
    """The least objective over every valid whole-unit award, and one award that reaches it: with `tie_break`,
    the award of least objective + tie-break allowance (as "Ties" says the optimizer chooses)."""
    products = [p for p in package.products if package.demanders(p)]
    count = 1
    fronts = []
    for product in products:
        options = product_options(package, product, tie_break)
        count *= len(options)
        fronts.append((product, _pareto(options)))
    best: tuple[float, list[ProductAward]] = (math.inf, [])
    budgets = package.budgets

    def combine(n: int, cost: float, used: dict[str, float], chosen: list[ProductAward]) -> None:
        nonlocal best
        if cost >= best[0] + 1e-9:
            return
        if n == len(fronts):
            best = (cost, list(chosen))
            return
        product, front = fronts[n]
        names = [i for i in package.demanders(product) if i in budgets]
        for award, option_cost, spends in front:
            after = dict(used)
            for i, s in zip(names, spends, strict=True):
                after[i] = after.get(i, 0.0) + s
            if all(after[i] <= budgets[i] + 1e-9 for i in names):
                combine(n + 1, cost + option_cost, after, [*chosen, award])

    combine(0, 0.0, {}, [])
    award: Award = {}
    for product_award in best[1]:
        for supplier, units in product_award.rows.items():
            for institution, u in zip(product_award.institutions, units, strict=True):
                if u:
                    award[(institution, product_award.product, supplier)] = u
    assert not violations(package, award), violations(package, award)
    allowance = tie_allowance(package, award) if tie_break else 0.0
    assert abs(objective(package, award) + allowance - best[0]) < 1e-6
    return Optimum(best[0] - allowance, award, count, tie_allowance(package, award))


def _pareto(
    options: list[tuple[ProductAward, float, tuple[float, ...]]],
) -> list[tuple[ProductAward, float, tuple[float, ...]]]:
    """The options no other option beats on cost and on every budgeted spend, cheapest first."""
    ordered = sorted(options, key=lambda o: (o[1], o[2]))
    front: list[tuple[ProductAward, float, tuple[float, ...]]] = []
    for option in ordered:
        if not any(all(a <= b + 1e-9 for a, b in zip(kept[2], option[2], strict=True)) for kept in front):
            front.append(option)
    return front
