"""Each section of the savings report as rows of formatted text (money, percent, labels in the report's language)."""

from __future__ import annotations

from typing import Any

from reports.content import BUDGET_LIMITS, COST_ITEMS, ReportContent
from reports.labels import (
    dearer_label,
    labels,
    money,
    percent,
    quantity,
    reason_label,
    rule_label,
    status_label,
)

Rows = list[list[str]]
# The open-contracts table's columns, by their label; the first four are text, the others figures.
OPEN_CONTRACT_HEADS = (
    "product",
    "institution",
    "period",
    "supplier",
    "minimum_quantity",
    "maximum_quantity",
    "unit_price",
    "minimum_cost",
    "maximum_cost",
)


def open_contract_heads(content: ReportContent) -> list[str]:
    """The open-contracts table's column labels (keys), without the period for a purchase with one."""
    periods = "period" in content.open_contracts.columns
    return [head for head in OPEN_CONTRACT_HEADS if periods or head != "period"]


def formatted_rows(content: ReportContent) -> dict[str, Rows]:
    """The rows of every tabular section, keyed like the section labels."""
    return {
        "headline": _headline(content),
        "by_institution": _institutions(content),
        "by_period": [[row.period, *_figures(content, row)] for row in content.periods.itertuples()],
        "cost_split": [[labels(content.lang)[item], _money(content, content.cost_split[item])] for item in COST_ITEMS],
        "awards": _awards(content),
        "concentration": [
            [row.supplier_id, row.supplier, _money(content, row.total_cost), percent(row.share)]
            for row in content.suppliers.itertuples()
        ],
        "shortages": _shortages(content),
        "binding": _binding(content),
        "dearer": _dearer(content),
        "open_contracts": _open_contracts(content),
        "audit": [[labels(content.lang)[key], str(value)] for key, value in content.audit.items()],
    }


def _money(content: ReportContent, value: float | None) -> str:
    return money(value, content.currency)


def _headline(content: ReportContent) -> Rows:
    t, head = labels(content.lang), content.headline
    rows = [
        [t["cost_paid"], _money(content, head["cost_paid"])],
        [t["baseline_cost"], _money(content, head["baseline_cost"])],
        [t["savings"], _money(content, head["savings"])],
        [t["savings_pct"], percent(head["savings_pct"])],
        [t["awarded_quantity"], quantity(head["awarded_quantity"])],
        [t["unmet_quantity"], quantity(head["unmet_quantity"])],
        [t["unmet_value"], _money(content, head["unmet_value"])],
    ]
    for item in ("evaluation_credit", "evaluation_surcharge"):
        if head[item]:
            rows.append([t[item], _money(content, head[item])])
    return [
        *rows,
        [t["status"], status_label(content.lang, head["status"])],
        [t["gap"], percent(100 * head["gap"]) if head["gap"] is not None else "—"],
    ]


def _institutions(content: ReportContent) -> Rows:
    return [[row.institution_id, row.name, *_figures(content, row)] for row in content.institutions.itertuples()]


def _figures(content: ReportContent, row: Any) -> list[str]:
    """A savings row's figures: baseline, consolidated, savings, %, unmet units and their value."""
    return [
        _money(content, row.baseline_cost),
        _money(content, row.consolidated_cost),
        _money(content, row.savings),
        percent(row.savings_pct),
        quantity(row.unmet_quantity),
        _money(content, row.unmet_value),
    ]


def _dearer(content: ReportContent) -> Rows:
    return [
        [
            row.institution_id,
            row.product_id,
            row.description,
            _money(content, row.baseline_cost),
            _money(content, row.consolidated_cost),
            _money(content, row.savings),
            dearer_label(content.lang, row.reason),
        ]
        for row in content.dearer.itertuples()
    ]


def _awards(content: ReportContent) -> Rows:
    return [
        [
            row.product_id,
            row.description,
            f"{row.supplier_id} — {row.supplier}",
            quantity(row.quantity),
            _money(content, row.unit_price),
            _money(content, row.total_cost),
            percent(row.share),
        ]
        for row in content.awards.itertuples()
    ]


def _open_contracts(content: ReportContent) -> Rows:
    """Each open contract: clave, institution, (period,) supplier, minimum, maximum, unit price and both amounts."""
    table = content.open_contracts
    periods = "period" in table.columns
    return [
        [
            row.product_id,
            row.institution_id,
            *([row.period] if periods else []),
            f"{row.supplier_id} — {row.supplier}" if isinstance(row.supplier, str) else row.supplier_id,
            quantity(row.minimum_quantity),
            quantity(row.maximum_quantity),
            _money(content, row.unit_price),
            _money(content, row.minimum_cost),
            _money(content, row.maximum_cost),
        ]
        for row in table.itertuples()
    ]


def _shortages(content: ReportContent) -> Rows:
    return [
        [
            row.institution_id,
            row.product_id,
            quantity(row.quantity),
            reason_label(content.lang, row.reason),
            _money(content, row.penalty_cost),
        ]
        for row in content.shortages.itertuples()
    ]


def _binding(content: ReportContent) -> Rows:
    def amount(rule: str, value: float) -> str:
        return _money(content, value) if rule in BUDGET_LIMITS else quantity(value)

    return [
        [
            rule_label(content.lang, row.rule),
            row.institution_id,
            row.product_id,
            row.supplier_id,
            amount(row.rule, row.limit),
            amount(row.rule, row.used),
        ]
        for row in content.binding.itertuples()
    ]
