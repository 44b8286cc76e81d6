"""Result tables: an Outcome as rows of exact decimals, and savings summed by institution, product or supplier."""

from __future__ import annotations

import csv
import io
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import pandas as pd

from procurement.pipeline import Outcome

CENT = Decimal("0.01")
MONEY = {"unit_price", "purchase_cost", "delivery_cost", "fixed_cost", "total_cost", "penalty_cost"}
SAVINGS_BY = ("institution", "product", "supplier")


def outcome_rows(outcome: Outcome) -> dict[str, list[dict[str, Any]]]:
    """awards, shortages, savings (one row per institution and product) and binding rules, ready to insert."""
    pairs = outcome.savings_pairs
    savings = [
        {
            "institution_id": row.institution_id,
            "product_id": row.product_id,
            "quantity": _exact(row.quantity),
            "baseline_cost": Decimal(int(row.baseline_cents)).scaleb(-2),
            "consolidated_cost": Decimal(int(row.consolidated_cents)).scaleb(-2),
            "baseline_quantity": _exact(row.baseline_quantity),
            "consolidated_quantity": _exact(row.consolidated_quantity),
            "shortage_quantity": _exact(row.shortage_quantity),
            "baseline_source": None if pd.isna(row.baseline_source) else str(row.baseline_source),
        }
        for row in pairs.itertuples()
    ]
    return {
        "awards": _records(outcome.awards),
        "shortages": _records(outcome.shortages),
        "savings": savings,
        "binding_rules": _records(outcome.binding),
    }


def _records(table: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: _value(k, v) for k, v in record.items()} for record in table.to_dict("records")]


def _value(column: str, value: Any) -> Any:
    if isinstance(value, str):
        return value
    return _exact(value).quantize(CENT) if column in MONEY and column != "unit_price" else _exact(value)


def _exact(value: Any) -> Decimal:
    """A float as the shortest decimal that reads back to it (cents stay cents, 600.6 stays 600.6)."""
    return Decimal(repr(float(value)))


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


# --- savings summed ---------------------------------------------------------------------------------------


def savings_by(rows: Sequence[Any], awards: Sequence[Any], by: str) -> list[dict[str, Any]]:
    """Savings summed exactly by institution or product; by supplier, each award against its pair's baseline price."""
    if by == "supplier":
        return _by_supplier(rows, awards)
    key = f"{by}_id"
    sums: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for row in rows:
        for column in (
            "baseline_cost",
            "consolidated_cost",
            "quantity",
            "baseline_quantity",
            "consolidated_quantity",
            "shortage_quantity",
        ):
            sums[getattr(row, key)][column] += getattr(row, column)
    return [{key: name, **_with_savings(values)} for name, values in sorted(sums.items())]


def _by_supplier(rows: Sequence[Any], awards: Sequence[Any]) -> list[dict[str, Any]]:
    """Each awarded quantity valued at its institution's baseline unit cost for that product."""
    unit = {
        (r.institution_id, r.product_id): r.baseline_cost / r.baseline_quantity for r in rows if r.baseline_quantity > 0
    }
    sums: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for award in awards:
        pair = (award.institution_id, award.product_id)
        sums[award.supplier_id]["quantity"] += award.quantity
        sums[award.supplier_id]["consolidated_cost"] += award.total_cost
        sums[award.supplier_id]["baseline_cost"] += (
            unit.get(pair, award.total_cost / award.quantity) * award.quantity
        ).quantize(CENT)
    return [{"supplier_id": name, **_with_savings(values)} for name, values in sorted(sums.items())]


def _with_savings(values: dict[str, Decimal]) -> dict[str, Any]:
    baseline, consolidated = values["baseline_cost"].quantize(CENT), values["consolidated_cost"].quantize(CENT)
    pct = (100 * (baseline - consolidated) / baseline).quantize(CENT) if baseline else None
    return {
        **values,
        "baseline_cost": baseline,
        "consolidated_cost": consolidated,
        "savings": baseline - consolidated,
        "savings_pct": pct,
    }


def to_csv(items: Iterable[dict[str, Any]], columns: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(items)
    return buffer.getvalue()
