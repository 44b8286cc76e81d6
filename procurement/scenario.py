"""The validated, immutable input of one consolidated purchase, and the tables it is made of."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

import pandas as pd


class Kind(StrEnum):
    """How a cell of a scenario table is read."""

    ID = "id"
    TEXT = "text"
    AMOUNT = "amount"  # a number >= 0
    POSITIVE = "positive"  # a number > 0
    COUNT = "count"  # a whole number >= 1
    FRACTION = "fraction"  # a number in [0, 1)
    SHARES = "shares"  # "0.6;0.4"
    FLAG = "flag"  # true/false
    CATEGORY = "category"


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    required: bool = True


@dataclass(frozen=True)
class TableSpec:
    file: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    required_file: bool = True

    @property
    def name(self) -> str:
        return self.file.removesuffix(".csv")

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)


CATEGORIES = ("medicine", "supply", "equipment")

TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "institutions.csv",
        (Column("institution_id", Kind.ID), Column("name", Kind.TEXT), Column("budget", Kind.AMOUNT, False)),
        key=("institution_id",),
    ),
    TableSpec(
        "products.csv",
        (
            Column("product_id", Kind.ID),
            Column("description", Kind.TEXT),
            Column("category", Kind.CATEGORY),
            Column("unit", Kind.TEXT),
            Column("reference_price", Kind.POSITIVE, False),
            Column("max_suppliers", Kind.COUNT, False),
            Column("max_price_gap", Kind.AMOUNT, False),
            Column("split_shares", Kind.SHARES, False),
            Column("single_source", Kind.FLAG, False),
        ),
        key=("product_id",),
    ),
    TableSpec(
        "demand.csv",
        (Column("institution_id", Kind.ID), Column("product_id", Kind.ID), Column("quantity", Kind.POSITIVE)),
        key=("institution_id", "product_id"),
    ),
    TableSpec(
        "suppliers.csv",
        (Column("supplier_id", Kind.ID), Column("name", Kind.TEXT), Column("national", Kind.FLAG, False)),
        key=("supplier_id",),
    ),
    TableSpec(
        "bids.csv",
        (
            Column("supplier_id", Kind.ID),
            Column("product_id", Kind.ID),
            Column("unit_price", Kind.AMOUNT),
            Column("from_quantity", Kind.AMOUNT, False),
            Column("capacity", Kind.AMOUNT, False),
            Column("min_quantity", Kind.AMOUNT, False),
            Column("fixed_cost", Kind.AMOUNT, False),
        ),
        key=("supplier_id", "product_id", "from_quantity"),
    ),
    TableSpec(
        "delivery.csv",
        (
            Column("supplier_id", Kind.ID),
            Column("institution_id", Kind.ID),
            Column("product_id", Kind.ID, False),
            Column("cost_per_unit", Kind.AMOUNT),
        ),
        key=("supplier_id", "institution_id", "product_id"),
        required_file=False,
    ),
    TableSpec(
        "baseline.csv",
        (Column("institution_id", Kind.ID), Column("product_id", Kind.ID), Column("unit_price", Kind.AMOUNT)),
        key=("institution_id", "product_id"),
        required_file=False,
    ),
)

TABLE_BY_FILE = {spec.file: spec for spec in TABLES}


@dataclass(frozen=True)
class Policy:
    """Award rules that apply to every product unless the product's own row says otherwise."""

    shortfall_penalty: float | None = None
    max_suppliers: int | None = None
    max_price_gap: float | None = None
    split_shares: tuple[float, ...] = ()
    single_source: bool = False
    national_preference: float = 0.0


@dataclass(frozen=True)
class SolverSettings:
    name: str = "highs"
    time_limit_s: float | None = None
    mip_gap: float = 0.0
    threads: int | None = None


@dataclass(frozen=True)
class Scenario:
    """Typed tables of one consolidated purchase; product rules already resolved against the policy.

    products: product_id, description, category, unit, reference_price, max_suppliers, max_price_gap,
    split_shares (tuple), single_source, shortfall_penalty (NaN = default).
    bids: supplier_id, product_id, unit_price, from_quantity, capacity, min_quantity, fixed_cost, row.
    delivery: supplier_id, institution_id, product_id ("" = every product), cost_per_unit.
    Missing optional numbers are NaN.
    """

    name: str
    currency: str
    policy: Policy
    solver: SolverSettings
    institutions: pd.DataFrame
    products: pd.DataFrame
    demand: pd.DataFrame
    suppliers: pd.DataFrame
    bids: pd.DataFrame
    delivery: pd.DataFrame
    baseline: pd.DataFrame
    source_sha256: str = ""
    notes: tuple[str, ...] = field(default=())

    def with_tables(self, **tables: pd.DataFrame) -> Scenario:
        return replace(self, **tables)

    def restricted_to(self, product_ids: set[str] | None = None, institution_ids: set[str] | None = None) -> Scenario:
        """The same purchase limited to some products and/or institutions (for blocks and buying alone)."""
        tables: dict[str, pd.DataFrame] = {}
        for name in ("products", "demand", "bids", "delivery", "baseline"):
            table: pd.DataFrame = getattr(self, name)
            mask = pd.Series(True, index=table.index)
            if product_ids is not None and "product_id" in table:
                generic = (table["product_id"] == "") if name == "delivery" else False
                mask &= table["product_id"].isin(product_ids) | generic
            if institution_ids is not None and "institution_id" in table:
                mask &= table["institution_id"].isin(institution_ids)
            tables[name] = table[mask]
        if institution_ids is not None:
            tables["institutions"] = self.institutions[self.institutions["institution_id"].isin(institution_ids)]
        return self.with_tables(**tables)
