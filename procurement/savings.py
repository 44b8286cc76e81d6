"""Like-for-like savings of the consolidated award, per institution, product and supplier, in exact cents.

For each institution and product (a *pair*) the baseline is a unit cost: the price last paid (baseline.csv) or
what the institution would pay per unit buying alone (the same bids and rules, its own volume). Savings compare
the units actually awarded: their baseline unit cost times the quantity awarded, minus what is paid for them.
Demand left unmet is never a saving: it is its own figure, in units and in value at the baseline unit cost.
docs/results.md states the definitions with a worked example.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from procurement.awards import to_cents
from procurement.scenario import Scenario

PAIR = ["institution_id", "product_id", "period"]  # a demand row: the period is blank when the purchase has one
PRICED = ["institution_id", "product_id"]  # a baseline.csv row: its price holds for every period
PAIR_COLUMNS = [
    *PAIR,
    "quantity",  # demanded
    "baseline_cents",  # what the baseline pays for baseline_quantity
    "baseline_quantity",
    "consolidated_cents",  # what the consolidated award pays for consolidated_quantity
    "consolidated_quantity",
    "shortage_quantity",
    "baseline_source",  # baseline_price or buying_alone
    "compared_cents",  # the baseline unit cost times consolidated_quantity
    "unmet_cents",  # the baseline unit cost times shortage_quantity
    "dearer_reason",  # why the pair costs more consolidated than its baseline ("" when it does not)
]
SAVINGS_COLUMNS = [
    "quantity",
    "awarded_quantity",
    "baseline_cost",
    "consolidated_cost",
    "savings",
    "savings_pct",
    "unmet_quantity",
    "unmet_value",
]
SUPPLIER_COLUMNS = ["awarded_quantity", "baseline_cost", "consolidated_cost", "savings", "savings_pct"]
SAVINGS_BY = ("institution", "product", "supplier", "pair")
DEARER_REASONS = ("baseline_price", "capacity", "split_shares", "max_suppliers", "pooled_choice")


# --- baselines ----------------------------------------------------------------------------------------------


def price_baseline(scenario: Scenario) -> pd.DataFrame:
    """Baseline from baseline.csv: the last unit price paid times the quantity demanded now."""
    rows = scenario.demand.merge(scenario.baseline[[*PRICED, "unit_price"]], on=PRICED)
    return pd.DataFrame(
        {
            "institution_id": rows["institution_id"],
            "product_id": rows["product_id"],
            "period": rows["period"],
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
            "period": rows["period"],
            "baseline_cents": rows["cents"].fillna(0).astype(np.int64),
            "baseline_quantity": rows["quantity"].fillna(0.0),
            "baseline_source": "buying_alone",
        }
    )


# --- pairs --------------------------------------------------------------------------------------------------


def savings_by_pair(
    scenario: Scenario,
    awards: pd.DataFrame,
    shortages: pd.DataFrame,
    baseline: pd.DataFrame,
) -> pd.DataFrame:
    """One row per demand pair (PAIR_COLUMNS): both costs in cents, the quantities behind them and the
    like-for-like comparison; dearer_reason is left blank (see dearer_reasons)."""
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
    pairs = pairs.assign(
        consolidated_cents=pairs["cents"].fillna(0).astype(np.int64),
        consolidated_quantity=pairs["consolidated_quantity"].fillna(0.0),
        shortage_quantity=pairs["shortage_quantity"].fillna(0.0),
        baseline_cents=pairs["baseline_cents"].fillna(0).astype(np.int64),
        baseline_quantity=pairs["baseline_quantity"].fillna(0.0),
    ).drop(columns="cents")
    reference = scenario.products.set_index("product_id")["reference_price"]
    pairs = pairs.assign(**like_for_like(pairs, reference), dearer_reason="")
    return pairs[PAIR_COLUMNS].reset_index(drop=True)


def dearer_reasons(pairs: pd.DataFrame, scenario: Scenario, alone: pd.DataFrame, binding: pd.DataFrame) -> np.ndarray:
    """Why each pair that costs more consolidated than its baseline does (blank for the others), first match:

    - baseline_price: the baseline is the price last paid, and the bids now cost more;
    - capacity: a supplier the institution would have bought from alone has its capacity used up by the pool;
    - split_shares: the product is split among suppliers, so part goes to a dearer one;
    - max_suppliers: the pool may award fewer suppliers than would each serve this institution best;
    - pooled_choice: what is cheapest for all institutions together (volume prices, fixed costs, one award per
      supplier and product) is dearer for this one.

    `alone` holds the awards of the institutions buying alone, `binding` the limits used up in the pooled award.
    """
    dearer = (pairs["consolidated_cents"] > pairs["compared_cents"]).to_numpy()
    reasons = np.where(dearer, "pooled_choice", "").astype(object)
    keys = pd.MultiIndex.from_frame(pairs[PAIR])
    full = binding.loc[binding["rule"] == "capacity", ["product_id", "supplier_id"]].drop_duplicates()
    capped = alone[[*PAIR, "supplier_id"]].merge(full, on=["product_id", "supplier_id"])
    limited = set(binding.loc[binding["rule"] == "max_suppliers", "product_id"])
    split = set(scenario.products.loc[scenario.products["split_shares"].map(len) > 0, "product_id"])
    checks = [
        ("max_suppliers", pairs["product_id"].isin(limited).to_numpy()),
        ("split_shares", pairs["product_id"].isin(split).to_numpy()),
        ("capacity", keys.isin(pd.MultiIndex.from_frame(capped[PAIR])) if len(capped) else np.zeros(len(pairs), bool)),
        ("baseline_price", (pairs["baseline_source"] == "baseline_price").to_numpy()),
    ]
    for reason, applies in checks:  # the last match wins, so the list runs from the weakest reason up
        reasons[dearer & np.asarray(applies, dtype=bool)] = reason
    return reasons


def like_for_like(pairs: pd.DataFrame, reference_price: pd.Series) -> dict[str, np.ndarray]:
    """compared_cents and unmet_cents of each pair, exact to the cent (half a cent rounds up).

    The baseline unit cost of a pair is baseline_cents / baseline_quantity. Units awarded to a pair with no
    baseline unit cost (buying alone, the institution could buy none) are compared with what is paid for them:
    no saving and no loss is claimed. Unmet units are valued at the pair's baseline unit cost; failing that, at
    the product's over every institution that has one; failing that, at the product's reference price (the most
    the purchase would pay); else at 0. `reference_price` is indexed by product_id.
    """
    priced = pairs["baseline_quantity"].to_numpy() > 0
    per_pair = np.where(priced, pairs["baseline_quantity"], 1.0)
    compared = np.where(
        priced,
        _scaled(pairs["baseline_cents"], pairs["consolidated_quantity"], per_pair),
        pairs["consolidated_cents"].to_numpy(),
    )
    product = pairs[priced].groupby("product_id")[["baseline_cents", "baseline_quantity"]].sum()
    fallback = pairs[["product_id"]].merge(product, left_on="product_id", right_index=True, how="left")
    reference = to_cents(pairs["product_id"].map(reference_price).fillna(0).to_numpy())
    by_product = fallback["baseline_quantity"].fillna(0).to_numpy() > 0
    cents = np.select(
        [priced, by_product], [pairs["baseline_cents"], fallback["baseline_cents"].fillna(0)], reference
    ).astype(np.int64)
    per = np.select([priced, by_product], [pairs["baseline_quantity"], fallback["baseline_quantity"]], 1.0)
    unmet = _scaled(cents, pairs["shortage_quantity"], per)
    return {"compared_cents": compared.astype(np.int64), "unmet_cents": unmet}


def _scaled(cents: object, quantity: object, per: object) -> np.ndarray:
    """cents × quantity / per rounded half up, in exact integers (quantities are whole units)."""
    c = np.asarray(cents, dtype=np.int64).astype(object)
    q = np.rint(np.asarray(quantity, dtype=float)).astype(np.int64).astype(object)
    p = np.rint(np.asarray(per, dtype=float)).astype(np.int64).astype(object)
    return np.asarray((2 * c * q + p) // (2 * p), dtype=np.int64) if len(c) else np.zeros(0, np.int64)


# --- tables -------------------------------------------------------------------------------------------------


def summarize_savings(pairs: pd.DataFrame, by: str) -> pd.DataFrame:
    """Savings of the pairs grouped by institution_id or product_id (SAVINGS_COLUMNS); money in currency units
    from exact cents, so every column adds up to savings_totals."""
    grouped = pairs.groupby(by, sort=True)[_SUMS].sum().reset_index()
    return pd.concat([grouped[[by]], _figures(grouped)], axis=1)


def pair_savings(pairs: pd.DataFrame) -> pd.DataFrame:
    """Savings of every pair, with its baseline source and, where it costs more than its baseline, why."""
    ordered = pairs.sort_values(PAIR).reset_index(drop=True)
    return pd.concat([ordered[PAIR], _figures(ordered), ordered[["baseline_source", "dearer_reason"]]], axis=1)


def supplier_savings(pairs: pd.DataFrame, awards: pd.DataFrame) -> pd.DataFrame:
    """Savings by supplier: each pair's compared baseline shared among its award rows in proportion to their
    quantities, whole cents by largest remainder, so the suppliers add up to the same totals."""
    if awards.empty:
        return pd.DataFrame(columns=["supplier_id", *SUPPLIER_COLUMNS])
    rows = awards[[*PAIR, "supplier_id", "quantity", "total_cost"]].merge(
        pairs[[*PAIR, "compared_cents", "consolidated_quantity"]], on=PAIR, how="left"
    )
    rows = rows.sort_values([*PAIR, "supplier_id"]).reset_index(drop=True)
    rows["baseline_cents"] = _shared(rows)
    rows["consolidated_cents"] = to_cents(rows["total_cost"])
    grouped = (
        rows.rename(columns={"quantity": "consolidated_quantity_"})
        .groupby("supplier_id", sort=True)[["consolidated_quantity_", "baseline_cents", "consolidated_cents"]]
        .sum()
        .reset_index()
    )
    figures = _money(grouped["baseline_cents"], grouped["consolidated_cents"])
    return pd.DataFrame(
        {
            "supplier_id": grouped["supplier_id"],
            "awarded_quantity": grouped["consolidated_quantity_"].astype(float),
            **figures,
        }
    )[["supplier_id", *SUPPLIER_COLUMNS]]


def _shared(rows: pd.DataFrame) -> np.ndarray:
    """Each pair's compared_cents split over its award rows by quantity (largest remainder, first row on ties)."""
    pair = rows.groupby(PAIR, sort=False).ngroup().to_numpy()
    total = rows["compared_cents"].to_numpy().astype(object)
    quantity = np.rint(rows["quantity"].to_numpy()).astype(np.int64).astype(object)
    whole = np.rint(rows["consolidated_quantity"].to_numpy()).astype(np.int64).astype(object)
    exact = total * quantity
    floor = np.asarray(exact // whole, dtype=np.int64)
    remainder = np.asarray(exact % whole, dtype=np.int64)
    short = np.asarray(rows["compared_cents"], dtype=np.int64) - np.bincount(pair, floor)[pair].astype(np.int64)
    order = np.lexsort((np.arange(len(rows)), -remainder, pair))
    rank = np.empty(len(rows), dtype=np.int64)
    starts = np.r_[0, np.flatnonzero(np.diff(pair[order])) + 1]
    rank[order] = np.arange(len(rows)) - np.repeat(starts, np.diff(np.r_[starts, len(rows)]))
    shared: np.ndarray = floor + (rank < short)
    return shared


def savings_totals(pairs: pd.DataFrame, dearer_pairs: int | None = None) -> dict[str, float | int | None]:
    """The whole purchase in one row of SAVINGS_COLUMNS, plus how many pairs cost more than their baseline (counted
    from the pairs' dearer_reason unless given, as when `pairs` are sums already, e.g. one row per institution)."""
    figures = _figures(pairs[_SUMS].sum().to_frame().T).iloc[0].to_dict()
    totals: dict[str, float | int | None] = {
        name: None if pd.isna(value) else float(value) for name, value in figures.items()
    }
    totals["dearer_pairs"] = int((pairs["dearer_reason"] != "").sum()) if dearer_pairs is None else dearer_pairs
    return totals


_SUMS = [
    "quantity",
    "consolidated_quantity",
    "compared_cents",
    "consolidated_cents",
    "shortage_quantity",
    "unmet_cents",
]


def _figures(sums: pd.DataFrame) -> pd.DataFrame:
    """SAVINGS_COLUMNS from summed cents and quantities."""
    money = _money(sums["compared_cents"], sums["consolidated_cents"])
    return pd.DataFrame(
        {
            "quantity": sums["quantity"].to_numpy(dtype=float),
            "awarded_quantity": sums["consolidated_quantity"].to_numpy(dtype=float),
            **money,
            "unmet_quantity": sums["shortage_quantity"].to_numpy(dtype=float),
            "unmet_value": sums["unmet_cents"].to_numpy(dtype=np.int64) / 100,
        }
    )[SAVINGS_COLUMNS]


def _money(baseline_cents: pd.Series, consolidated_cents: pd.Series) -> dict[str, np.ndarray]:
    baseline = np.asarray(baseline_cents, dtype=np.int64)
    consolidated = np.asarray(consolidated_cents, dtype=np.int64)
    savings = baseline - consolidated
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(baseline != 0, np.round(100 * savings / np.where(baseline != 0, baseline, 1), 2), np.nan)
    return {
        "baseline_cost": baseline / 100,
        "consolidated_cost": consolidated / 100,
        "savings": savings / 100,
        "savings_pct": pct + 0.0,
    }
