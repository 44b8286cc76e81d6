"""Generate realistic synthetic scenario packages of any size, for benchmarks, demonstrations and load tests.

What makes them realistic: demand is skewed (a few institutions buy most of everything, as IMSS does, and the
small ones demand fewer products); each product gets several bids whose prices spread as real multi-vendor
prices do (procurement.dispersion); some bids exceed the reference price, some capacities bind, some products
get no bid at all. Everything is drawn from one seeded generator, so the same spec gives the same bytes.
Every id and name says it is synthetic: these packages are never real purchases.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from procurement.dispersion import SCMS_DISPERSION
from procurement.files import write_package

MEAN_BIDDERS = 10.2  # bids per product that has any (on average)
NO_BID_SHARE = 0.02  # products nobody bids for (desiertas)
REFERENCE_SHARE = 0.7  # products with a maximum reference price
CAPACITY_SHARE = 0.25  # offers with a capacity, between 20 % and 90 % of the product's total demand
BREAK_STARTS = (0.25, 0.6)  # price breaks start at these shares of the product's total demand
BUDGET_FACTOR = 1.05  # institution budget over its demand at the products' median bid price
DELIVERY_SHARE = 0.05  # delivery per unit costs up to this share of the median bid price
OPEN_SHARE = 0.5  # demand rows that are open contracts, each with a minimum of 40 % to 80 % of its maximum
FIRST_YEAR = 2026  # periods are years from this one


@dataclass(frozen=True)
class GeneratorSpec:
    products: int
    institutions: int
    suppliers: int
    seed: int = 0
    price_breaks: bool = False
    fixed_costs: bool = False
    budgets: bool = False
    delivery: bool = False  # a delivery cost per unit for every supplier and institution
    capacity_share: float = CAPACITY_SHARE  # share of offers with a capacity
    periods: int = 1  # more: each demand row is split over years; budgets (if any) are set per year
    open_contracts: bool = False  # OPEN_SHARE of demand rows have a minimum


PRESETS = {
    "small": GeneratorSpec(products=60, institutions=6, suppliers=25),
    "medium": GeneratorSpec(products=400, institutions=15, suppliers=100),
    "national": GeneratorSpec(products=2000, institutions=40, suppliers=300),
}


def generate_package(folder: str | Path, spec: GeneratorSpec) -> Path:
    """Write the synthetic package of `spec` into `folder`."""
    settings, tables = generate_tables(spec)
    return write_package(folder, settings, tables)


def generate_tables(spec: GeneratorSpec) -> tuple[dict[str, Any], dict[str, pd.DataFrame]]:
    """scenario.toml settings and the tables (keyed by file name) of one synthetic purchase."""
    rng = np.random.default_rng(spec.seed)
    weight = _institution_weights(spec.institutions)
    products = _products(rng, spec.products)
    demand = _demand(rng, products, weight)
    bids = _bids(rng, products, demand, spec)
    institutions = _institutions(weight, demand, bids, spec.budgets)
    size = f"{spec.products} products x {spec.institutions} institutions x {spec.suppliers} suppliers"
    settings = {"name": f"Synthetic purchase, seed {spec.seed}, {size}", "currency": "MXN"}
    tables = {
        "institutions.csv": institutions,
        "products.csv": products.drop(columns=["base_price"]),
        "demand.csv": demand,
        "suppliers.csv": _suppliers(rng, spec.suppliers),
        "bids.csv": bids,
    }
    if spec.delivery:  # drawn last, so the other tables are the same with or without it
        tables["delivery.csv"] = _delivery(rng, bids, institutions["institution_id"])
    if spec.periods > 1:
        tables["demand.csv"] = _over_periods(rng, demand, spec.periods)
        if spec.budgets:  # a budget per year, in proportion to the year's demand, in place of the whole-award one
            yearly = tables["demand.csv"].groupby(["institution_id", "period"])["quantity"].sum()
            whole = tables["demand.csv"].groupby("institution_id")["quantity"].sum()
            budget = institutions.set_index("institution_id")["budget"]
            share = yearly / whole.reindex(yearly.index.get_level_values(0)).to_numpy()
            amount = np.round(budget.reindex(yearly.index.get_level_values(0)).to_numpy() * share.to_numpy(), 2)
            tables["budgets.csv"] = yearly.reset_index()[["institution_id", "period"]].assign(budget=amount)
            tables["institutions.csv"] = institutions.drop(columns="budget")
    if spec.open_contracts:
        tables["demand.csv"] = _open_contracts(rng, tables["demand.csv"])
    return settings, tables


def _over_periods(rng: np.random.Generator, demand: pd.DataFrame, periods: int) -> pd.DataFrame:
    """Each demand row split over `periods` years, each year's share drawn around an even split."""
    shares = rng.dirichlet(np.full(periods, 8.0), len(demand))
    quantity = np.floor(demand["quantity"].to_numpy()[:, None] * shares).astype(np.int64)
    quantity[:, -1] += demand["quantity"].to_numpy() - quantity.sum(axis=1)
    rows = np.repeat(np.arange(len(demand)), periods)
    split = demand.iloc[rows].reset_index(drop=True)
    split["period"] = np.tile([str(FIRST_YEAR + k) for k in range(periods)], len(demand))
    split["quantity"] = quantity.ravel()
    return split[split["quantity"] >= 1].reset_index(drop=True)


def _open_contracts(rng: np.random.Generator, demand: pd.DataFrame) -> pd.DataFrame:
    """OPEN_SHARE of the rows get a minimum of 40 % to 80 % of their quantity (rounded up, so never below 40 %)."""
    share = rng.uniform(0.4, 0.8, len(demand))
    minimum = np.ceil(demand["quantity"].to_numpy() * share)
    chosen = rng.random(len(demand)) < OPEN_SHARE
    return demand.assign(minimum=pd.array(np.where(chosen, minimum, np.nan), dtype="Int64"))


def _ids(prefix: str, count: int) -> list[str]:
    width = max(2, len(str(count)))
    return [f"{prefix}{k:0{width}d}" for k in range(1, count + 1)]


def _institution_weights(count: int) -> np.ndarray:
    """Zipf shares of national demand: the first institution buys the most."""
    weight = 1.0 / np.arange(1, count + 1) ** 1.1
    shares: np.ndarray = weight / weight.sum()
    return shares


def _products(rng: np.random.Generator, count: int) -> pd.DataFrame:
    base = np.round(np.maximum(np.exp(rng.normal(np.log(80), 1.3, count)), 0.5), 2)
    limit = np.exp(2 * SCMS_DISPERSION.log_ratio_mean)  # about 1 bid in 7 lands above it
    reference = np.where(rng.random(count) < REFERENCE_SHARE, np.round(base * limit, 2), np.nan)
    ids = _ids("SYN-P", count)
    return pd.DataFrame(
        {
            "product_id": ids,
            "description": [f"Synthetic product {i}" for i in ids],
            "category": rng.choice(["medicine", "supply"], size=count, p=[0.6, 0.4]),
            "unit": "pieza",
            "reference_price": reference,
            "base_price": base,
        }
    )


def _demand(rng: np.random.Generator, products: pd.DataFrame, weight: np.ndarray) -> pd.DataFrame:
    """Each institution demands a product with a chance falling from 0.99 (largest) to 0.72 (smallest)."""
    count, institutions = len(products), len(weight)
    chance = np.linspace(0.99, 0.72, institutions)
    wanted = rng.random((count, institutions)) < chance
    volume = np.exp(rng.normal(np.log(20_000), 1.2, count))
    quantity = np.maximum(np.round(np.outer(volume, weight) * np.exp(rng.normal(0, 0.3, wanted.shape))), 1)
    product, institution = np.nonzero(wanted)
    return pd.DataFrame(
        {
            "institution_id": np.array(_ids("SYN-I", institutions))[institution],
            "product_id": products["product_id"].to_numpy()[product],
            "quantity": quantity[product, institution].astype(np.int64),
        }
    )


def _bidders(rng: np.random.Generator, products: int, suppliers: int) -> list[np.ndarray]:
    """Who bids for each product: popular suppliers bid more often; a few products get no bid."""
    popularity = np.exp(rng.normal(0, 1, suppliers))
    popularity /= popularity.sum()
    counts = np.minimum(1 + rng.poisson(MEAN_BIDDERS - 1, products), suppliers)
    counts[rng.random(products) < NO_BID_SHARE] = 0
    return [np.sort(rng.choice(suppliers, size=n, replace=False, p=popularity)) for n in counts]


def _bids(rng: np.random.Generator, products: pd.DataFrame, demand: pd.DataFrame, spec: GeneratorSpec) -> pd.DataFrame:
    total = demand.groupby("product_id")["quantity"].sum().reindex(products["product_id"], fill_value=0).to_numpy()
    bidders = _bidders(rng, len(products), spec.suppliers)
    product = np.repeat(np.arange(len(products)), [len(b) for b in bidders])
    supplier = np.concatenate(bidders) if bidders else np.zeros(0, dtype=int)
    price = products["base_price"].to_numpy()[product] * SCMS_DISPERSION.ratios(rng, len(product))
    capped = rng.random(len(product)) < spec.capacity_share
    capacity = np.where(capped, np.round(total[product] * rng.uniform(0.2, 0.9, len(product))), np.nan)
    offers = pd.DataFrame(
        {
            "supplier_id": np.array(_ids("SYN-S", spec.suppliers))[supplier],
            "product_id": products["product_id"].to_numpy()[product],
            "unit_price": np.round(price, 2),
            "from_quantity": 0.0,
            "capacity": capacity,
            "fixed_cost": _fixed_costs(rng, price * total[product]) if spec.fixed_costs else np.nan,
        }
    )
    return _price_breaks(rng, offers, total[product]) if spec.price_breaks else offers


def _fixed_costs(rng: np.random.Generator, value: np.ndarray) -> np.ndarray:
    """Contract administration and registration: 0.5 % to 3 % of the offer's value at the whole demand."""
    cost: np.ndarray = np.round(value * rng.uniform(0.005, 0.03, len(value)), 2)
    return cost


def _price_breaks(rng: np.random.Generator, offers: pd.DataFrame, total: np.ndarray) -> pd.DataFrame:
    """Two more all-units tiers per offer, each 2 % to 8 % cheaper, from 25 % and 60 % of the total demand."""
    tiers, price, previous = [offers], offers["unit_price"].to_numpy(), np.zeros(len(offers))
    for start in BREAK_STARTS:
        price = np.round(price * (1 - rng.uniform(0.02, 0.08, len(price))), 2)
        previous = np.maximum(np.round(total * start), previous + 1)
        tiers.append(offers.assign(unit_price=price, from_quantity=previous))
    return pd.concat(tiers).sort_values(["product_id", "supplier_id", "from_quantity"], kind="stable")


def _institutions(weight: np.ndarray, demand: pd.DataFrame, bids: pd.DataFrame, budgets: bool) -> pd.DataFrame:
    ids = _ids("SYN-I", len(weight))
    table = pd.DataFrame({"institution_id": ids, "name": [f"Synthetic institution {i}" for i in ids]})
    if not budgets:
        return table
    median = bids[bids["from_quantity"] == 0].groupby("product_id")["unit_price"].median()
    spend = (demand["quantity"] * demand["product_id"].map(median).fillna(0.0)).groupby(demand["institution_id"]).sum()
    return table.assign(budget=np.round(spend.reindex(ids, fill_value=0.0).to_numpy() * BUDGET_FACTOR, 2))


def _delivery(rng: np.random.Generator, bids: pd.DataFrame, institutions: pd.Series) -> pd.DataFrame:
    """A cost per unit for each bidding supplier and institution, up to DELIVERY_SHARE of the median bid price:
    each pair its own, so the cheapest delivered offer differs by institution."""
    suppliers = np.sort(bids["supplier_id"].unique())
    supplier, institution = np.meshgrid(suppliers, institutions.to_numpy(), indexing="ij")
    ceiling = DELIVERY_SHARE * float(bids["unit_price"].median())
    return pd.DataFrame(
        {
            "supplier_id": supplier.ravel(),
            "institution_id": institution.ravel(),
            "product_id": "",
            "cost_per_unit": np.round(rng.uniform(0, ceiling, supplier.size), 2),
        }
    )


def _suppliers(rng: np.random.Generator, count: int) -> pd.DataFrame:
    ids = _ids("SYN-S", count)
    national = np.where(rng.random(count) < 0.6, "yes", "no")
    return pd.DataFrame({"supplier_id": ids, "name": [f"Synthetic supplier {i}" for i in ids], "national": national})
