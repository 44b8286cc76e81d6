"""Reverse-auction rounds (OSD, ofertas subsecuentes de descuento) on the claves products.csv marks `osd`.

A round is one version of the bids. It is solved as any purchase; each bidder of an OSD clave then gets its own
feedback: its price, its rank, what it won and the price at which that would turn (from explanation.csv), never
another bidder's price. Bidders answer with revised prices, and closing the round writes the next version of the
package with them, to be solved again. A revision may only lower a bidder's own price for an OSD clave it bid for
(for a period it bid for, where the clave is priced per period: its feedback has a row per period).
Rounds are compared side by side, clave by clave.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from procurement.errors import Issue
from procurement.files import RawPackage, write_package
from procurement.rules.base import fmt
from procurement.rules.periods import period_shown
from procurement.scenario import Scenario

REVISIONS = "revisions.csv"
REVISION_COLUMNS = ("supplier_id", "product_id", "unit_price")  # and, optionally, from_quantity and period
FEEDBACK_COLUMNS = [
    "product_id",
    "period",  # the period its bid prices, where the clave is priced per period (left out in a one-period purchase)
    "supplier_id",
    "unit_price",
    "rank",  # 1 = lowest evaluated cost among the clave's admissible offers; blank: inadmissible
    "bidders",  # admissible offers for the clave
    "outcome",
    "reason",
    "awarded_quantity",
    "price_to_win",
    "price_to_lose",
]
ROUND_COLUMNS = ["product_id", "round", "suppliers", "lowest_price", "quantity", "paid", "change"]


def auctioned(scenario: Scenario) -> list[str]:
    """The claves under reverse auction, in products.csv order."""
    products = scenario.products
    return [str(p) for p in products.loc[products["osd"].fillna(False).astype(bool), "product_id"]]


def feedback(scenario: Scenario, explanation: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Each bidder's own rows of the OSD claves in explanation.csv, by supplier_id: what it may be told."""
    rows = explanation[explanation["product_id"].isin(auctioned(scenario))].copy()
    rows["period"] = _periods(rows)
    rows["bidders"] = rows.groupby(["product_id", "period"])["rank"].transform("count").astype(int)
    rows["rank"] = rows["rank"].astype("Int64")
    return {
        str(supplier): period_shown(scenario, own[FEEDBACK_COLUMNS].reset_index(drop=True))
        for supplier, own in rows.groupby("supplier_id")
    }


def close_round(
    package: RawPackage, scenario: Scenario, revisions: pd.DataFrame, file: str = REVISIONS
) -> tuple[RawPackage, list[Issue]]:
    """The next round's package: `package` with the revised prices in its bids; or the problems of `revisions`
    (a table of strings with `_row`, as procurement.files reads the CSV `file`), all at once, each at its row and
    column."""
    issues = _check(scenario, revisions, file)
    if issues:
        return package, issues
    bids = package.tables["bids.csv"].copy()
    starts, periods = _starts(bids), _periods(bids)
    for row, start, period in zip(revisions.to_dict("records"), _starts(revisions), _periods(revisions), strict=True):
        offer = (bids["supplier_id"] == row["supplier_id"]) & (bids["product_id"] == row["product_id"])
        bids.loc[offer & (periods == period) & (starts == start), "unit_price"] = row["unit_price"]
    tables = {**package.tables, "bids.csv": bids}
    return RawPackage(source=package.source, settings=package.settings, tables=tables), []


def write_round(package: RawPackage, folder: Path) -> Path:
    """The package of a round as a folder (each CSV as read, without the reader's row numbers)."""
    tables = {file: table.drop(columns="_row", errors="ignore") for file, table in package.tables.items()}
    return write_package(folder, package.settings, tables)


def _starts(table: pd.DataFrame) -> np.ndarray:
    """Each row's from_quantity as a number, blank (or no such column) as 0, the format's reading; -1 where it is
    not a number."""
    cells = table["from_quantity"] if "from_quantity" in table.columns else pd.Series("", index=table.index)
    starts: np.ndarray = pd.to_numeric(cells.replace("", "0"), errors="coerce").fillna(-1).to_numpy(dtype=float)
    return starts


def _periods(table: pd.DataFrame) -> np.ndarray:
    """Each row's period, blank (or no such column) as ""."""
    cells = table["period"] if "period" in table.columns else pd.Series("", index=table.index)
    periods: np.ndarray = cells.fillna("").astype(str).to_numpy(dtype=object)
    return periods


def _check(scenario: Scenario, revisions: pd.DataFrame, file: str) -> list[Issue]:
    """Each revision names an OSD clave, a supplier that bid for it (at that from_quantity), and a price that is a
    positive number not above the one it replaces; one revision per bid row."""
    issues: list[Issue] = []
    for column in REVISION_COLUMNS:
        if column not in revisions.columns:
            issues.append(Issue(file, 1, column, "column_missing"))
    if issues:
        return issues
    bids = scenario.bids
    auction = set(auctioned(scenario))
    current = {
        (str(s), str(p), str(t), float(q)): float(price)
        for s, p, t, q, price in bids[
            ["supplier_id", "product_id", "period", "from_quantity", "unit_price"]
        ].itertuples(index=False)
    }
    seen: set[tuple[str, str, str, float]] = set()
    for values, start, period in zip(
        revisions.to_dict("records"), _starts(revisions), _periods(revisions), strict=True
    ):
        line = int(values["_row"])
        key = (values["supplier_id"], values["product_id"], period, float(start))
        price = pd.to_numeric(pd.Series([values["unit_price"]]), errors="coerce").iloc[0]
        where = {"supplier": key[0], "product": key[1], "value": values["unit_price"]}
        if key[1] not in auction:
            issues.append(Issue(file, line, "product_id", "osd_not_auctioned", params=where))
        elif key not in current:
            issues.append(Issue(file, line, "supplier_id", "osd_no_bid", params=where))
        elif not np.isfinite(price) or price <= 0:
            issues.append(Issue(file, line, "unit_price", "osd_price_not_positive", params=where))
        elif price > current[key]:
            issues.append(
                Issue(file, line, "unit_price", "osd_price_raised", params={**where, "before": fmt(current[key])})
            )
        if key in seen:
            issues.append(Issue(file, line, "supplier_id", "osd_revision_repeated", params=where))
        seen.add(key)
    return issues


def compare_rounds(rounds: Sequence[pd.DataFrame], products: Sequence[str]) -> pd.DataFrame:
    """Side by side, per clave of `products` and round (awards.csv of each round, in order): the suppliers awarded,
    the lowest unit price paid, the units, what is paid (purchase + delivery + fixed) and its change from the round
    before."""
    parts = []
    for number, awards in enumerate(rounds, start=1):
        chosen = awards[awards["product_id"].isin(products)]
        grouped = chosen.groupby("product_id").agg(
            suppliers=("supplier_id", lambda s: ";".join(sorted(set(s)))),
            lowest_price=("unit_price", "min"),
            quantity=("quantity", "sum"),
            paid=("total_cost", "sum"),
        )
        grouped = grouped.reindex(list(products)).reset_index().assign(round=number)
        parts.append(grouped)
    table = pd.concat(parts, ignore_index=True).sort_values(["product_id", "round"], kind="stable")
    table["quantity"] = table["quantity"].fillna(0).astype(int)
    table["paid"] = table["paid"].fillna(0.0).round(2)
    table["suppliers"] = table["suppliers"].fillna("")
    table["change"] = table.groupby("product_id")["paid"].diff().round(2)
    return table[ROUND_COLUMNS].reset_index(drop=True)
