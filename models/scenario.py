"""A scenario (one consolidated purchase), its immutable versions and the input rows of each version."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.db import Base, now

ID = String(64)


class Scenario(Base):
    """A purchase as people name it; its inputs live in versions, the highest number being the current one."""

    __tablename__ = "scenarios"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    currency: Mapped[str] = mapped_column(String(8))
    coordinator: Mapped[str] = mapped_column(String(100), index=True)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=now)
    updated_at: Mapped[datetime] = mapped_column(default=now)
    archived_at: Mapped[datetime | None]


class ScenarioVersion(Base):
    """An immutable snapshot of a scenario's inputs; `sha256` is the digest of the package it exports to,
    `fingerprint` that of its validated content (procurement.fingerprint; None for versions stored before it)."""

    __tablename__ = "scenario_versions"
    __table_args__ = (UniqueConstraint("scenario_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenarios.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    fingerprint: Mapped[str | None] = mapped_column(String(80))
    settings: Mapped[dict[str, Any]]
    change: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=now)


class _InputRow:
    """Columns every input row has: its version, its position in the table as submitted, and the cells of the
    columns award rules add to the table (procurement/rules/), as their exact text, so a new rule needs no new
    database column."""

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("scenario_versions.id", ondelete="CASCADE"))
    position: Mapped[int]
    rule_cells: Mapped[dict[str, Any]] = mapped_column(default=dict)


class InstitutionRow(_InputRow, Base):
    __tablename__ = "scenario_institutions"
    __table_args__ = (Index("ix_scenario_institutions_version", "version_id", "institution_id"),)

    institution_id: Mapped[str] = mapped_column(ID)
    name: Mapped[str] = mapped_column(Text)


class ProductRow(_InputRow, Base):
    __tablename__ = "scenario_products"
    __table_args__ = (Index("ix_scenario_products_version", "version_id", "product_id"),)

    product_id: Mapped[str] = mapped_column(ID)
    description: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str] = mapped_column(Text)


class DemandRow(_InputRow, Base):
    __tablename__ = "scenario_demand"
    __table_args__ = (Index("ix_scenario_demand_version", "version_id", "institution_id"),)

    institution_id: Mapped[str] = mapped_column(ID)
    product_id: Mapped[str] = mapped_column(ID)
    quantity: Mapped[Decimal]


class SupplierRow(_InputRow, Base):
    __tablename__ = "scenario_suppliers"
    __table_args__ = (Index("ix_scenario_suppliers_version", "version_id", "supplier_id"),)

    supplier_id: Mapped[str] = mapped_column(ID)
    name: Mapped[str] = mapped_column(Text)


class BidRow(_InputRow, Base):
    __tablename__ = "scenario_bids"
    __table_args__ = (Index("ix_scenario_bids_version", "version_id", "product_id"),)

    supplier_id: Mapped[str] = mapped_column(ID)
    product_id: Mapped[str] = mapped_column(ID)
    unit_price: Mapped[Decimal]


class BaselineRow(_InputRow, Base):
    __tablename__ = "scenario_baseline"
    __table_args__ = (Index("ix_scenario_baseline_version", "version_id", "institution_id"),)

    institution_id: Mapped[str] = mapped_column(ID)
    product_id: Mapped[str] = mapped_column(ID)
    unit_price: Mapped[Decimal]


class RuleTableRow(_InputRow, Base):
    """A row of a table an award rule owns (delivery.csv, …): every cell as exact text, by column name.

    `institution_id` is kept as a column too, where the table has one, so an institution's rows can be found."""

    __tablename__ = "scenario_rule_rows"
    __table_args__ = (Index("ix_scenario_rule_rows_version", "version_id", "table_name", "institution_id"),)

    table_name: Mapped[str] = mapped_column(String(64))
    institution_id: Mapped[str | None] = mapped_column(ID)


CORE_ROWS: dict[str, type[_InputRow]] = {
    "institutions": InstitutionRow,
    "products": ProductRow,
    "demand": DemandRow,
    "suppliers": SupplierRow,
    "bids": BidRow,
    "baseline": BaselineRow,
}
