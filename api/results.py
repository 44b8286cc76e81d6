"""Result tables: an Outcome as rows of exact decimals, stored rows back as the core's tables, and the core's
savings tables as exact JSON rows."""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pandas as pd

from procurement.exact import is_money, is_percent, money_text, number_text
from procurement.pipeline import Outcome
from procurement.savings import PAIR_COLUMNS

CENT = Decimal("0.01")
MONEY = {
    "unit_price",
    "purchase_cost",
    "delivery_cost",
    "fixed_cost",
    "total_cost",
    "penalty_cost",
    "maximum_cost",
    "minimum_cost",
}
# Explanation cells: money the core holds as whole cents, and the cells that are codes or ids (blank: "").
EXPLAINED_CENTS = {"awarded_cost", "cost_with", "cost_without"}
EXPLAINED_TEXT = {
    "product_id",
    "supplier_id",
    "institution_id",
    "outcome",
    "reason",
    "beaten_by",
    "found_by",
    "kind",
    "rule",
    "unit",
    "period",
}


def outcome_rows(outcome: Outcome) -> dict[str, list[dict[str, Any]]]:
    """awards, shortages, savings (one row per institution, product and period), binding rules, open contracts and,
    when the run explained its award, the explained offers and rule costs, ready to insert."""
    savings = [
        {
            "institution_id": row.institution_id,
            "product_id": row.product_id,
            "period": str(row.period),
            "quantity": _exact(row.quantity),
            "baseline_cost": _cents(row.baseline_cents),
            "consolidated_cost": _cents(row.consolidated_cents),
            "baseline_quantity": _exact(row.baseline_quantity),
            "consolidated_quantity": _exact(row.consolidated_quantity),
            "shortage_quantity": _exact(row.shortage_quantity),
            "baseline_source": None if pd.isna(row.baseline_source) else str(row.baseline_source),
            "compared_cost": _cents(row.compared_cents),
            "unmet_value": _cents(row.unmet_cents),
            "dearer_reason": str(row.dearer_reason),
        }
        for row in outcome.savings_pairs.itertuples()
    ]
    tables = {
        "awards": _records(outcome.awards),
        "shortages": _records(outcome.shortages),
        "savings": savings,
        "binding_rules": _records(outcome.binding),
        "open_contracts": _records(outcome.open_contracts),
    }
    explained = outcome.explanation
    return tables if explained is None else tables | explanation_rows(explained.offers, explained.rule_costs)


def explanation_rows(offers: pd.DataFrame, rule_costs: pd.DataFrame) -> dict[str, list[dict[str, Any]]]:
    """The core's explanation tables (procurement.explain.columns) as rows of exact decimals, ready to insert."""
    return {
        name: [{column: _explained(column, value) for column, value in record.items()} for record in records]
        for name, records in (("offers", offers.to_dict("records")), ("rule_costs", rule_costs.to_dict("records")))
    }


def _explained(column: str, value: Any) -> Any:
    """A cell: codes and ids as text (blank ""), `national` true/false, `rank` whole; a number that is missing or
    not finite (no capacity limit) is null, money held in cents keeps two decimals."""
    if column in EXPLAINED_TEXT:
        return "" if value is None or pd.isna(value) else str(value)
    if column == "national":
        return bool(value)
    if value is None or pd.isna(value) or not math.isfinite(float(value)):
        return None
    if column == "rank":
        return int(value)
    return _exact(value).quantize(CENT) if column in EXPLAINED_CENTS else _exact(value)


def stored_pairs(rows: Sequence[Any]) -> pd.DataFrame:
    """Stored savings rows as the core's pair table (procurement.savings.PAIR_COLUMNS), money in whole cents."""
    records = [
        {
            "institution_id": row.institution_id,
            "product_id": row.product_id,
            "period": row.period,
            "quantity": float(row.quantity),
            "baseline_cents": _to_cents(row.baseline_cost),
            "baseline_quantity": float(row.baseline_quantity),
            "consolidated_cents": _to_cents(row.consolidated_cost),
            "consolidated_quantity": float(row.consolidated_quantity),
            "shortage_quantity": float(row.shortage_quantity),
            "baseline_source": row.baseline_source,
            "compared_cents": _to_cents(row.compared_cost),
            "unmet_cents": _to_cents(row.unmet_value),
            "dearer_reason": row.dearer_reason,
        }
        for row in rows
    ]
    table = pd.DataFrame(records, columns=pd.Index(PAIR_COLUMNS))
    return table.astype({name: "int64" for name in PAIR_COLUMNS if name.endswith("_cents")})


def stored_table(rows: Sequence[Any], columns: list[str]) -> pd.DataFrame:
    """Stored rows as the core's table: exact decimals become the floats the core computes with."""
    records = [{name: _number(getattr(row, name)) for name in columns} for row in rows]
    return pd.DataFrame(records, columns=pd.Index(columns))


def savings_items(table: pd.DataFrame) -> list[dict[str, Any]]:
    """A savings table of the core as JSON-ready rows: money and percentages exact to the cent, quantities exact."""
    items = []
    for record in table.to_dict("records"):
        items.append({name: _item(name, value) for name, value in record.items()})
    return items


def _item(name: str, value: Any) -> Any:
    if isinstance(value, str) or value is None:
        return value
    if pd.isna(value):
        return None
    return Decimal(money_text(value) if is_money(name) or is_percent(name) else number_text(value))


def _cents(cents: Any) -> Decimal:
    return Decimal(int(cents)).scaleb(-2)


def _to_cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def _number(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def _records(table: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: _value(k, v) for k, v in record.items()} for record in table.to_dict("records")]


def _value(column: str, value: Any) -> Any:
    if isinstance(value, str):
        return value
    return _exact(value).quantize(CENT) if column in MONEY and column != "unit_price" else _exact(value)


def _exact(value: Any) -> Decimal:
    """A float as the shortest decimal that reads back to it (cents stay cents, 600.6 stays 600.6, 60000.0 is
    60000)."""
    return Decimal(number_text(value))


def plain(value: Any) -> Any:
    """JSON-safe copy of a summary: NaN and infinities become null, numpy numbers plain numbers."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
