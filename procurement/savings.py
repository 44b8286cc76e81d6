"""Savings of the consolidated award against a baseline, per institution and per product, in exact cents."""

from __future__ import annotations

import numpy as np
import pandas as pd

from procurement.awards import to_cents
from procurement.scenario import Scenario

PAIR = ["institution_id", "product_id"]
SAVINGS_COLUMNS = [
    "baseline_cost",
    "consolidated_cost",
    "savings",
    "savings_pct",
    "quantity",
    "baseline_quantity",
    "consolidated_quantity",
    "shortage_quantity",
]


def price_baseline(scenario: Scenario) -> pd.DataFrame:
    """Baseline from baseline.csv: the last unit price paid times the quantity demanded now."""
    rows = scenario.demand.merge(scenario.baseline[[*PAIR, "unit_price"]], on=PAIR)
    return pd.DataFrame(
        {
            "institution_id": rows["institution_id"],
            "product_id": rows["product_id"],
            "baseline_cents": to_cents(rows["quantity"] * rows["unit_price"]),
            "baseline_quantity": rows["quantity"],
            "baseline_source": "baseline_price",
        }
    )


def award_baseline(awards: pd.DataFrame, demand: pd.DataFrame) -> pd.DataFrame:
    """Baseline from an award made for the institution alone (its own volume, same bids and rules)."""
    totals = awards.assign(cents=to_cents(awards["total_cost"])).groupby(PAIR)[["cents", "quantity"]].sum()
    rows = demand[PAIR].merge(totals, left_on=PAIR, right_index=True, how="left")
    return pd.DataFrame(
        {
            "institution_id": rows["institution_id"],
            "product_id": rows["product_id"],
            "baseline_cents": rows["cents"].fillna(0).astype(np.int64),
            "baseline_quantity": rows["quantity"].fillna(0.0),
            "baseline_source": "buying_alone",
        }
    )


def savings_by_pair(
    scenario: Scenario, awards: pd.DataFrame, shortages: pd.DataFrame, baseline: pd.DataFrame
) -> pd.DataFrame:
    """One row per demand pair: baseline and consolidated cost in cents, and the quantities behind them."""
    awarded = awards.assign(cents=to_cents(awards["total_cost"])).groupby(PAIR)[["cents", "quantity"]].sum()
    short = shortages.groupby(PAIR)["quantity"].sum().rename("shortage_quantity")
    pairs = (
        scenario.demand[[*PAIR, "quantity"]]
        .merge(
            awarded.rename(columns={"quantity": "consolidated_quantity"}),
            left_on=PAIR,
            right_index=True,
            how="left",
        )
        .merge(short, left_on=PAIR, right_index=True, how="left")
        .merge(baseline, on=PAIR, how="left")
    )
    return pairs.assign(
        consolidated_cents=pairs["cents"].fillna(0).astype(np.int64),
        consolidated_quantity=pairs["consolidated_quantity"].fillna(0.0),
        shortage_quantity=pairs["shortage_quantity"].fillna(0.0),
        baseline_cents=pairs["baseline_cents"].fillna(0).astype(np.int64),
        baseline_quantity=pairs["baseline_quantity"].fillna(0.0),
    ).drop(columns="cents")


def summarize_savings(pairs: pd.DataFrame, by: str) -> pd.DataFrame:
    """Savings grouped by institution_id or product_id; money in currency units rounded to cents."""
    sums = [
        "baseline_cents",
        "consolidated_cents",
        "quantity",
        "baseline_quantity",
        "consolidated_quantity",
        "shortage_quantity",
    ]
    grouped = pairs.groupby(by, sort=True)[sums].sum().reset_index()
    return grouped.assign(**money_columns(grouped))[[by, *SAVINGS_COLUMNS]]


def money_columns(row: pd.DataFrame | pd.Series) -> dict[str, object]:
    """baseline/consolidated cost, savings and savings % from integer cents."""
    baseline, consolidated = row["baseline_cents"], row["consolidated_cents"]
    savings = baseline - consolidated
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(np.asarray(baseline) != 0, np.round(100 * np.asarray(savings) / np.asarray(baseline), 2), np.nan)
    return {
        "baseline_cost": baseline / 100,
        "consolidated_cost": consolidated / 100,
        "savings": savings / 100,
        "savings_pct": pct,
    }


def savings_totals(pairs: pd.DataFrame) -> dict[str, float | None]:
    baseline, consolidated = int(pairs["baseline_cents"].sum()), int(pairs["consolidated_cents"].sum())
    return {
        "baseline_cost": baseline / 100,
        "consolidated_cost": consolidated / 100,
        "savings": (baseline - consolidated) / 100,
        "savings_pct": round(100 * (baseline - consolidated) / baseline, 2) if baseline else None,
    }
