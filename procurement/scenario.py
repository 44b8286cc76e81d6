"""The validated, immutable input of one consolidated purchase, and the declarations its tables are made of.

The core tables here hold what every purchase has (who buys what, who bids what price); each award rule in
procurement/rules/ declares the columns, tables and settings it adds, and procurement.tables puts them together.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cached_property
from types import MappingProxyType
from typing import Any

import pandas as pd


class Kind(StrEnum):
    """How a cell of a scenario table (or a setting) is read."""

    ID = "id"
    TEXT = "text"
    AMOUNT = "amount"  # a number >= 0
    POSITIVE = "positive"  # a number > 0
    COUNT = "count"  # a whole number >= 1
    WHOLE = "whole"  # a whole number >= 0
    FRACTION = "fraction"  # a number in [0, 1)
    SHARES = "shares"  # "0.6;0.4"
    FLAG = "flag"  # true/false
    CATEGORY = "category"
    CHOICE = "choice"  # one word of a list (settings only)


MONEY = "money, in the purchase's currency (MXN)"
UNITS = "whole units of the product's `unit`"


@dataclass(frozen=True)
class Column:
    """A column of a scenario table: how it is read, and what the template and the docs say of it."""

    name: str
    kind: Kind
    required: bool = True
    note: str = ""  # what it means, one line
    unit: str = ""  # its type or unit as a person reads it
    example: Any = None  # the template's example row
    key: bool = False  # part of the table's key (one row per key)


@dataclass(frozen=True)
class TableSpec:
    file: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    required_file: bool = True
    note: str = ""

    @property
    def name(self) -> str:
        return self.file.removesuffix(".csv")

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)

    def with_columns(self, columns: tuple[Column, ...]) -> TableSpec:
        """This table with more columns; those marked `key` extend its key."""
        keys = tuple(column.name for column in columns if column.key)
        return replace(self, columns=self.columns + columns, key=self.key + keys)


@dataclass(frozen=True)
class Setting:
    """A `[policy]` setting of scenario.toml (and the workbook's scenario sheet)."""

    name: str
    kind: Kind
    note: str
    default: Any = None  # None: not set
    choices: tuple[str, ...] = ()
    example: Any = None  # the template's example value


CATEGORIES = ("medicine", "supply", "equipment")
OWNERS = {
    "institution_id": "institutions.csv",
    "product_id": "products.csv",
    "supplier_id": "suppliers.csv",
}  # the table that defines each id


def _id(name: str, note: str, example: str) -> Column:
    return Column(name, Kind.ID, note=note, unit="id", example=example)


CORE_TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "institutions.csv",
        (
            Column(
                "institution_id", Kind.ID, note="Short id of the buyer, e.g. IMSS", unit="text, unique", example="IMSS"
            ),
            Column(
                "name",
                Kind.TEXT,
                note="Full name of the institution",
                unit="text",
                example="Instituto Mexicano del Seguro Social",
            ),
        ),
        key=("institution_id",),
        note="the buyers",
    ),
    TableSpec(
        "products.csv",
        (
            Column(
                "product_id",
                Kind.ID,
                note="CNIS clave, e.g. 010.000.0104.00",
                unit="text, unique",
                example="010.000.0104.00",
            ),
            Column(
                "description",
                Kind.TEXT,
                note="What the product is",
                unit="text",
                example="Paracetamol 500 mg, 10 tabletas",
            ),
            Column(
                "category",
                Kind.CATEGORY,
                note="medicine, supply or equipment",
                unit="one of the list",
                example="medicine",
            ),
            Column(
                "unit",
                Kind.TEXT,
                note="The unit quantities and prices refer to",
                unit="text",
                example="Caja con 10 tabletas",
            ),
        ),
        key=("product_id",),
        note="the claves bought",
    ),
    TableSpec(
        "demand.csv",
        (
            _id("institution_id", "Institution that needs the product (from institutions)", "IMSS"),
            _id("product_id", "Product needed (from products)", "010.000.0104.00"),
            Column(
                "quantity",
                Kind.COUNT,
                note="Units needed; one row per institution and product",
                unit=UNITS + ", ≥ 1",
                example=60_000,
            ),
        ),
        key=("institution_id", "product_id"),
        note="what each institution needs",
    ),
    TableSpec(
        "suppliers.csv",
        (
            Column("supplier_id", Kind.ID, note="Short id of the bidder", unit="text, unique", example="LAB1"),
            Column("name", Kind.TEXT, note="Company name", unit="text", example="Laboratorio de ejemplo, S.A. de C.V."),
        ),
        key=("supplier_id",),
        note="the bidders",
    ),
    TableSpec(
        "bids.csv",
        (
            _id("supplier_id", "Bidder (from suppliers)", "LAB1"),
            _id("product_id", "Product offered (from products)", "010.000.0104.00"),
            Column(
                "unit_price",
                Kind.AMOUNT,
                note="Price per unit, delivered (DDP) unless delivery adds a cost",
                unit=MONEY,
                example=9.5,
            ),
        ),
        key=("supplier_id", "product_id"),
        note="offers: unit prices and the conditions of each offer",
    ),
    TableSpec(
        "baseline.csv",
        (
            _id("institution_id", "Institution (from institutions)", "IMSS"),
            _id("product_id", "Product (from products)", "010.000.0104.00"),
            Column(
                "unit_price", Kind.AMOUNT, note="Unit price the institution paid last time", unit=MONEY, example=11.2
            ),
        ),
        key=("institution_id", "product_id"),
        required_file=False,
        note="last prices paid, for the savings baseline",
    ),
)


class Policy(Mapping[str, Any]):
    """The `[policy]` settings of a purchase, read-only; a setting left out reads as its declared default."""

    def __init__(self, values: Mapping[str, Any] | None = None) -> None:
        self._values = MappingProxyType(dict(values or {}))

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self) -> Any:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Policy({dict(self._values)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Policy) and dict(self._values) == dict(other._values)

    def __hash__(self) -> int:
        return hash(tuple(sorted((k, repr(v)) for k, v in self._values.items())))

    def __reduce__(self) -> tuple[type[Policy], tuple[dict[str, Any]]]:
        """Pickled as its values (a variant solved in another process travels so)."""
        return Policy, (dict(self._values),)


@dataclass(frozen=True)
class SolverSettings:
    name: str = "highs"
    time_limit_s: float | None = None
    mip_gap: float = 0.0
    threads: int | None = None


@dataclass(frozen=True)
class Scenario:
    """Typed tables of one consolidated purchase, every table indexed 0..n-1 and keyed as declared.

    products carries each product's own rule values already resolved against the policy (see
    procurement.rules); bids are sorted by product, supplier, period and from_quantity (an offer's rows together).
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
    baseline: pd.DataFrame
    rule_tables: Mapping[str, pd.DataFrame] = field(default_factory=dict)  # tables rules declare, by file name
    source_sha256: str = ""

    @property
    def delivery(self) -> pd.DataFrame:
        return self.rule_tables["delivery.csv"]

    @cached_property
    def fingerprint(self) -> str:
        """The digest of what this purchase is, the same whatever file carried it (procurement.fingerprint)."""
        from procurement.fingerprint import scenario_fingerprint  # it reads the declarations built on this module

        return scenario_fingerprint(self)

    def with_tables(self, **tables: pd.DataFrame) -> Scenario:
        return replace(self, **tables)
