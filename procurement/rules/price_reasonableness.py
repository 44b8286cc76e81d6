"""Reasonable prices (2025 law): a bid more than a margin above the market research's median is *no aceptable*; one
more than a margin below the average of the clave's admissible bids is *no conveniente*. Policy says whether such
bids are only flagged (the default) or excluded; every flag is reported with its figures (price_flags.csv).

The research is `market.csv` (observed prices per clave, one per source); a clave it does not cover is measured
against the median of the baseline's last prices paid, and the flag says which basis it used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from procurement.arrays import positions
from procurement.errors import Issue, Severity
from procurement.rules.base import Rule, Tables, fmt, report_rows
from procurement.rules.reference_price import reference_prices
from procurement.scenario import MONEY, Column, Kind, Scenario, Setting, TableSpec

if TYPE_CHECKING:
    from procurement.index import AwardIndex

FLAG, EXCLUDE = "flag", "exclude"
UNACCEPTABLE_MARGIN = 0.10  # the law's 10 % above the research's median
INCONVENIENT_MARGIN = 0.40  # below the average of admissible bids by more than this: the bases usually say 40 %
RELATIVE = 1e-9  # a price exactly at a limit is within it, whatever the rounding of the limit
NOT_ACCEPTABLE, NOT_CONVENIENT = "not_acceptable", "not_convenient"
VERDICT = "_price_admitted"  # bids column of the explanation's copies: the check's verdict on each row
PRICE_FLAGS = frozenset({NOT_ACCEPTABLE, NOT_CONVENIENT})
MARKET, BASELINE, BIDS = "market", "baseline", "bids"  # what a flag measured the price against
FLAG_COLUMNS = [
    "supplier_id",
    "product_id",
    "period",  # the bid row's period, where its clave is priced per period (blank: every period)
    "from_quantity",
    "unit_price",
    "flag",
    "basis",
    "benchmark",
    "limit",
    "excluded",
]

MARKET_TABLE = TableSpec(
    "market.csv",
    (
        Column("product_id", Kind.ID, note="Product observed (from products)", unit="id", example="010.000.0104.00"),
        Column(
            "source",
            Kind.TEXT,
            note="Where the price was observed: a quotation, a contract, a catalogue",
            unit="text",
            example="Cotización LAB2, marzo 2026",
        ),
        Column("unit_price", Kind.POSITIVE, note="Unit price observed", unit=MONEY + " > 0", example=13.9),
    ),
    key=("product_id", "source"),
    required_file=False,
    note="market research: prices observed per product, one row per source",
)


class PriceReasonableness(Rule):
    name = "price_reasonableness"
    title = "reasonable price"
    label = ("Precio aceptable y conveniente", "Reasonable price")
    summary = (
        "a bid more than `unacceptable_margin` above the median of the market research (`market.csv`; else the "
        "baseline's last prices paid) is *no aceptable*; one more than `inconvenient_margin` below the average "
        "of the product's admissible bids is *no conveniente*; `price_check` says whether they are flagged or "
        "excluded; listed in `price_flags.csv`"
    )
    tables = (MARKET_TABLE,)
    settings = (
        Setting(
            "price_check",
            Kind.CHOICE,
            "bids whose price is not acceptable or not convenient: flag them only (the default) or exclude them",
            choices=(FLAG, EXCLUDE),
        ),
        Setting(
            "unacceptable_margin",
            Kind.FRACTION,
            "not acceptable: more than this fraction above the market research's median (default 0.10)",
        ),
        Setting(
            "inconvenient_margin",
            Kind.FRACTION,
            "not convenient: more than this fraction below the average of the admissible bids (default 0.40)",
        ),
    )
    costed = True

    def active_markets(self, index: AwardIndex) -> np.ndarray:
        """Markets of products with a bid excluded as not acceptable or not convenient."""
        return self.refusing_markets(index)

    def admissible(self, scenario: Scenario) -> np.ndarray:
        if scenario.policy.get("price_check", FLAG) != EXCLUDE:
            return np.ones(len(scenario.bids), dtype=bool)
        if VERDICT in scenario.bids.columns:  # a copy the explanation made: the purchase's own verdicts stand
            verdict: np.ndarray = scenario.bids[VERDICT].to_numpy(dtype=bool)
            return verdict
        admissible: np.ndarray = scenario_flags(scenario)["flag"].to_numpy() == ""
        return admissible

    def check(self, tables: Tables, policy: Mapping[str, Any], issues: list[Issue]) -> None:
        """A warning per bid whose price is not acceptable or not convenient, with the figures that say so."""
        bids, products = tables["bids.csv"], tables["products.csv"]
        if not products["product_id"].is_unique:
            return  # repeated products are reported as such; which reference price applies is unclear
        flags = price_flags(bids, products, tables[MARKET_TABLE.file], tables["baseline.csv"], policy)
        action = "excluded" if policy.get("price_check", FLAG) == EXCLUDE else "flagged"
        flag, basis = flags["flag"].to_numpy(), flags["basis"].to_numpy()
        price = bids["unit_price"].to_numpy()
        benchmark, limit = flags["benchmark"].to_numpy(), flags["limit"].to_numpy()

        def figures(at: int) -> dict[str, object]:
            return {"value": fmt(price[at]), "benchmark": f"{benchmark[at]:.2f}", "limit": f"{limit[at]:.2f}"}

        for kind, source in ((NOT_ACCEPTABLE, MARKET), (NOT_ACCEPTABLE, BASELINE), (NOT_CONVENIENT, BIDS)):
            chosen = (flag == kind) & (basis == source)
            code = f"price_{kind}_{source}_{action}"
            report_rows("bids.csv", "unit_price", bids, chosen, issues, code, figures, Severity.WARNING)


def price_flags(
    bids: pd.DataFrame,
    products: pd.DataFrame,
    market: pd.DataFrame,
    baseline: pd.DataFrame,
    policy: Mapping[str, Any],
) -> pd.DataFrame:
    """For each bid row: its flag ("" for none, NOT_ACCEPTABLE or NOT_CONVENIENT), what it was measured against
    (`basis`: MARKET, BASELINE or BIDS; "" when nothing could measure it), that figure (`benchmark`: the median
    observed price, or the average of the product's admissible bids) and the `limit` the price went past.

    A row is not acceptable above (1 + unacceptable_margin) x the median of its product's research (the
    baseline's prices where the research has none). The average of admissible bids is taken over the product's
    bid rows (of the row's period, where the product is priced per period) at or below its reference price and not
    flagged not acceptable; a row below (1 - inconvenient_margin) x that average is not convenient."""
    price = bids["unit_price"].to_numpy(dtype=float)
    price = np.where(price > 0, price, np.nan)  # a price that is not positive is an error of its own
    product = bids["product_id"].to_numpy(dtype=object)
    unique = products.drop_duplicates("product_id").reset_index(drop=True)
    medians, from_baselines = research_medians(unique, market, baseline)
    at = positions(product, unique["product_id"])  # -1, an unknown product, picks the NaN appended
    median = np.append(medians, np.nan)[at]
    from_baseline = np.append(from_baselines, True)[at].astype(bool)
    upper = median * (1 + float(policy.get("unacceptable_margin", UNACCEPTABLE_MARGIN)))
    not_acceptable = price > upper * (1 + RELATIVE)
    within = ~(price > reference_prices(bids, products)) & ~not_acceptable & ~np.isnan(price)
    period = bids["period"].to_numpy(dtype=object) if "period" in bids else np.full(len(bids), "", dtype=object)
    admitted = pd.Series(np.where(within, price, np.nan))
    average = admitted.groupby([product, period]).transform("mean").to_numpy(dtype=float)  # one market's bids
    lower = average * (1 - float(policy.get("inconvenient_margin", INCONVENIENT_MARGIN)))
    not_convenient = ~not_acceptable & (price * (1 + RELATIVE) < lower)
    flag = np.where(not_acceptable, NOT_ACCEPTABLE, np.where(not_convenient, NOT_CONVENIENT, ""))
    median_basis = np.where(np.isnan(median), "", np.where(from_baseline, BASELINE, MARKET))
    return pd.DataFrame(
        {
            "flag": flag,
            "basis": np.where(not_convenient, BIDS, median_basis),
            "benchmark": np.where(not_convenient, average, median),
            "limit": np.where(not_convenient, lower, upper),
        }
    )


def research_medians(
    products: pd.DataFrame, market: pd.DataFrame, baseline: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray]:
    """Per product: the median of its market research, else of its last prices paid (NaN: neither), and
    whether it came from the baseline."""
    ids = products["product_id"]
    median = ids.map(_medians(market)).to_numpy(dtype=float)
    from_baseline = np.isnan(median)
    median = np.where(from_baseline, ids.map(_medians(baseline)).to_numpy(dtype=float), median)
    return median, from_baseline


def price_ceiling(scenario: Scenario) -> np.ndarray:
    """Per product, the highest price its bids may have and not be rejected as not acceptable (NaN: no such
    limit, also when the policy only flags them)."""
    if scenario.policy.get("price_check", FLAG) != EXCLUDE:
        return np.full(len(scenario.products), np.nan)
    median, _ = research_medians(scenario.products, scenario.rule_tables[MARKET_TABLE.file], scenario.baseline)
    ceiling: np.ndarray = median * (1 + float(scenario.policy.get("unacceptable_margin", UNACCEPTABLE_MARGIN)))
    return ceiling


def with_verdicts(scenario: Scenario) -> Scenario:
    """The purchase with the check's verdict on each bid row written beside it (VERDICT), when the check rejects:
    copies of it with one bid priced anew keep every other bid as admissible as it was, whatever the new price
    does to the average of the admissible bids."""
    if scenario.policy.get("price_check", FLAG) != EXCLUDE:
        return scenario
    return replace(scenario, bids=scenario.bids.assign(**{VERDICT: PriceReasonableness().admissible(scenario)}))


def _medians(table: pd.DataFrame) -> pd.Series:
    """The median unit price of each product in `table` (rows without a valid price left out)."""
    prices = table[["product_id", "unit_price"]]
    prices = prices[prices["unit_price"].to_numpy(dtype=float) > 0]  # a price that is not positive is an error
    return prices.groupby("product_id")["unit_price"].median()


def scenario_flags(scenario: Scenario) -> pd.DataFrame:
    """`price_flags` of the purchase's bid rows."""
    market = scenario.rule_tables[MARKET_TABLE.file]
    return price_flags(scenario.bids, scenario.products, market, scenario.baseline, scenario.policy)


def flagged_bids(scenario: Scenario) -> pd.DataFrame:
    """The bid rows flagged not acceptable or not convenient, with their figures and whether they were excluded
    (price_flags.csv)."""
    flags = scenario_flags(scenario)
    chosen = flags["flag"].to_numpy() != ""
    rows = scenario.bids[chosen]
    tiers = rows["from_quantity"] if "from_quantity" in rows else pd.Series(np.nan, index=rows.index)
    return pd.DataFrame(
        {
            "supplier_id": rows["supplier_id"].to_numpy(),
            "product_id": rows["product_id"].to_numpy(),
            "period": rows["period"].to_numpy(dtype=object),
            "from_quantity": tiers.to_numpy(dtype=float),
            "unit_price": rows["unit_price"].to_numpy(dtype=float),
            "flag": flags["flag"].to_numpy()[chosen],
            "basis": flags["basis"].to_numpy()[chosen],
            **{name: np.round(flags[name].to_numpy(dtype=float)[chosen], 6) for name in ("benchmark", "limit")},
            "excluded": scenario.policy.get("price_check", FLAG) == EXCLUDE,
        },
        columns=FLAG_COLUMNS,
    )


def research_basis(scenario: Scenario) -> str:
    """What the research measured the purchase's bids against: MARKET when market.csv has rows, BASELINE when only
    the baseline's prices could, "" when neither."""
    if len(scenario.rule_tables[MARKET_TABLE.file]):
        return MARKET
    return BASELINE if len(scenario.baseline) else ""
