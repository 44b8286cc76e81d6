"""A run (one solve of one scenario version, a job) and the result tables it produced, money as exact numbers."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from models.db import Base
from models.job import Job

ID = String(64)


def _period() -> Mapped[str]:
    """The period of a result row: blank where the purchase has one (procurement.rules.periods)."""
    return mapped_column(ID, default="", server_default="")


class Run(Job):
    """A solve of one scenario version: the solver's outcome, its summary, and when it was published."""

    __mapper_args__ = {"polymorphic_identity": "run"}  # noqa: RUF012  (SQLAlchemy reads it once)

    solver_status: Mapped[str | None] = mapped_column(String(20))
    objective: Mapped[Decimal | None]
    summary: Mapped[dict[str, Any] | None]
    published_at: Mapped[datetime | None]
    # stored with its explanation (runs before 0006: not); false on other kinds' rows
    explained: Mapped[bool] = mapped_column(default=False, server_default=false())


class _ResultRow:
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))


class AwardRow(_ResultRow, Base):
    __tablename__ = "run_awards"
    __table_args__ = (Index("ix_run_awards_run", "run_id", "institution_id"),)

    institution_id: Mapped[str] = mapped_column(ID)
    product_id: Mapped[str] = mapped_column(ID)
    period: Mapped[str] = _period()
    supplier_id: Mapped[str] = mapped_column(ID)
    quantity: Mapped[Decimal]
    unit_price: Mapped[Decimal]
    purchase_cost: Mapped[Decimal]
    delivery_cost: Mapped[Decimal]
    fixed_cost: Mapped[Decimal]
    total_cost: Mapped[Decimal]


class ShortageRow(_ResultRow, Base):
    __tablename__ = "run_shortages"
    __table_args__ = (Index("ix_run_shortages_run", "run_id", "institution_id"),)

    institution_id: Mapped[str] = mapped_column(ID)
    product_id: Mapped[str] = mapped_column(ID)
    period: Mapped[str] = _period()
    quantity: Mapped[Decimal]
    reason: Mapped[str] = mapped_column(String(40))
    penalty_cost: Mapped[Decimal]


class SavingsRow(_ResultRow, Base):
    """Savings of one institution on one product in one period; by institution, product, period or supplier are sums
    of these."""

    __tablename__ = "run_savings"
    __table_args__ = (Index("ix_run_savings_run", "run_id", "institution_id"),)

    institution_id: Mapped[str] = mapped_column(ID)
    product_id: Mapped[str] = mapped_column(ID)
    period: Mapped[str] = _period()
    quantity: Mapped[Decimal]
    baseline_cost: Mapped[Decimal]
    consolidated_cost: Mapped[Decimal]
    baseline_quantity: Mapped[Decimal]
    consolidated_quantity: Mapped[Decimal]
    shortage_quantity: Mapped[Decimal]
    baseline_source: Mapped[str | None] = mapped_column(String(20))
    compared_cost: Mapped[Decimal]  # the baseline unit cost times consolidated_quantity
    unmet_value: Mapped[Decimal]  # the baseline unit cost times shortage_quantity
    dearer_reason: Mapped[str] = mapped_column(String(20), default="")


class BindingRuleRow(_ResultRow, Base):
    __tablename__ = "run_binding_rules"
    __table_args__ = (Index("ix_run_binding_rules_run", "run_id"),)

    rule: Mapped[str] = mapped_column(String(20))
    institution_id: Mapped[str] = mapped_column(ID)
    product_id: Mapped[str] = mapped_column(ID)
    supplier_id: Mapped[str] = mapped_column(ID)
    period: Mapped[str] = _period()
    limit: Mapped[Decimal]
    used: Mapped[Decimal]


class OpenContractRow(_ResultRow, Base):
    """An awarded open contract with its maximum and minimum: open_contracts.csv (procurement.rules.open_contracts)."""

    __tablename__ = "run_open_contracts"
    __table_args__ = (Index("ix_run_open_contracts_run", "run_id", "institution_id"),)

    institution_id: Mapped[str] = mapped_column(ID)
    product_id: Mapped[str] = mapped_column(ID)
    period: Mapped[str] = _period()
    supplier_id: Mapped[str] = mapped_column(ID)
    maximum_quantity: Mapped[Decimal]
    minimum_quantity: Mapped[Decimal]
    unit_price: Mapped[Decimal]
    maximum_cost: Mapped[Decimal]  # purchase and delivery of the maximum
    minimum_cost: Mapped[Decimal]  # purchase and delivery of the minimum


class ExplainedOfferRow(_ResultRow, Base):
    """One offer (supplier × clave, or × clave and period where the clave is priced per period) of a run with what
    decided it: explanation.csv (procurement.explain.columns)."""

    __tablename__ = "run_explained_offers"
    __table_args__ = (Index("ix_run_explained_offers_run", "run_id", "product_id"),)

    product_id: Mapped[str] = mapped_column(ID)
    period: Mapped[str] = _period()
    supplier_id: Mapped[str] = mapped_column(ID)
    national: Mapped[bool]
    unit_price: Mapped[Decimal]
    evaluated_price: Mapped[Decimal]
    delivery_cost: Mapped[Decimal | None]  # per unit
    rank: Mapped[int | None]
    capacity: Mapped[Decimal | None]
    awarded_quantity: Mapped[Decimal]
    awarded_cost: Mapped[Decimal]
    outcome: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(40))
    beaten_by: Mapped[str] = mapped_column(Text)
    price_to_win: Mapped[Decimal | None]
    price_to_lose: Mapped[Decimal | None]
    found_by: Mapped[str] = mapped_column(String(20))


class RuleCostRow(_ResultRow, Base):
    """What a rule or limit costs, or what would cover a shortage: rule_costs.csv (procurement.explain.columns)."""

    __tablename__ = "run_rule_costs"
    __table_args__ = (Index("ix_run_rule_costs_run", "run_id", "institution_id"),)

    kind: Mapped[str] = mapped_column(String(20))
    rule: Mapped[str] = mapped_column(String(40))
    institution_id: Mapped[str] = mapped_column(ID)
    product_id: Mapped[str] = mapped_column(ID)
    supplier_id: Mapped[str] = mapped_column(ID)
    period: Mapped[str] = _period()
    limit: Mapped[Decimal | None]
    used: Mapped[Decimal | None]
    value: Mapped[Decimal | None]
    unit: Mapped[str] = mapped_column(String(20))
    quantity: Mapped[Decimal | None]
    cost_with: Mapped[Decimal | None]
    cost_without: Mapped[Decimal | None]
