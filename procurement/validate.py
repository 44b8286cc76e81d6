"""Turn a raw package into a validated Scenario, collecting every problem before reporting any."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from procurement.errors import Issue, ScenarioError, Severity
from procurement.files import RawPackage, read_package
from procurement.policy import Settings, parse_settings, parse_shares
from procurement.scenario import CATEGORIES, TABLES, Kind, Scenario, TableSpec

TRUE_WORDS = {"true", "yes", "si", "sí", "1", "y", "t"}
FALSE_WORDS = {"false", "no", "0", "n", "f"}
Tables = dict[str, pd.DataFrame]


def load_scenario(path: str | Path) -> tuple[Scenario, list[Issue]]:
    """Read and validate a package; return the scenario and its warnings, or raise ScenarioError."""
    return validate_package(read_package(path))


def validate_package(raw: RawPackage) -> tuple[Scenario, list[Issue]]:
    issues = list(raw.issues)
    settings, setting_issues = parse_settings(raw.settings, Path(raw.source).stem)
    issues += setting_issues
    tables = {spec.file: check_table(spec, raw.tables.get(spec.file), issues) for spec in TABLES}
    for check in (check_keys, check_references, check_not_empty, check_offers, check_bid_admissibility):
        check(tables, issues)
    products = resolve_product_rules(tables["products.csv"], settings, issues)
    errors = [issue for issue in issues if issue.severity is Severity.ERROR]
    if errors:
        raise ScenarioError(issues)
    scenario = _assemble(settings, tables, products, raw.sha256)
    return scenario, sorted(issue for issue in issues if issue.severity is Severity.WARNING)


def _assemble(settings: Settings, tables: Tables, products: pd.DataFrame, sha256: str) -> Scenario:
    bids = tables["bids.csv"].assign(from_quantity=lambda t: t["from_quantity"].fillna(0.0))
    return Scenario(
        name=settings.name,
        currency=settings.currency,
        policy=settings.policy,
        solver=settings.solver,
        institutions=tables["institutions.csv"].reset_index(drop=True),
        products=products.reset_index(drop=True),
        demand=tables["demand.csv"].reset_index(drop=True),
        suppliers=tables["suppliers.csv"].assign(national=lambda t: t["national"].fillna(False).astype(bool)),
        bids=bids.sort_values(["product_id", "supplier_id", "from_quantity"]).reset_index(drop=True),
        delivery=tables["delivery.csv"].reset_index(drop=True),
        baseline=tables["baseline.csv"].reset_index(drop=True),
        source_sha256=sha256,
    )


# --- one table: columns and cells -------------------------------------------------------------------------


def check_table(spec: TableSpec, raw: pd.DataFrame | None, issues: list[Issue]) -> pd.DataFrame:
    """Typed copy of a raw table with every column of `spec` (absent optional ones empty) and `_row`."""
    if raw is None:
        raw = pd.DataFrame({column.name: pd.Series(dtype=object) for column in spec.columns} | {"_row": []})
    present = [name for name in raw.columns if name != "_row"]
    for name in present:
        if name not in {column.name for column in spec.columns}:
            known = ", ".join(column.name for column in spec.columns)
            issues.append(Issue(spec.file, 1, name, f"unknown column (the columns of {spec.file} are: {known})"))
    typed = pd.DataFrame({"_row": raw["_row"].astype(int)}, index=raw.index)
    for column in spec.columns:
        if column.name not in raw.columns:
            if column.required:
                issues.append(Issue(spec.file, 1, column.name, "required column is missing"))
            cells = pd.Series("", index=raw.index, dtype=object)
        else:
            cells = raw[column.name].astype(str)
        typed[column.name] = _check_cells(spec.file, column.name, column.kind, column.required, cells, raw, issues)
    return typed


def _check_cells(
    file: str, name: str, kind: Kind, required: bool, cells: pd.Series, raw: pd.DataFrame, issues: list[Issue]
) -> pd.Series:
    blank = cells == ""
    if required:
        _report(file, name, raw, blank & (name in raw.columns), issues, lambda _: "is empty")
    parse = _PARSERS[kind]
    return parse(file, name, cells, blank, raw, issues)


def _report(
    file: str,
    name: str,
    raw: pd.DataFrame,
    mask: pd.Series,
    issues: list[Issue],
    message: Callable[[str], str],
) -> None:
    for index in mask[mask].index:
        value = raw.at[index, name] if name in raw.columns else ""
        issues.append(Issue(file, int(raw.at[index, "_row"]), name, message(str(value))))


def _text(
    file: str, name: str, cells: pd.Series, blank: pd.Series, raw: pd.DataFrame, issues: list[Issue]
) -> pd.Series:
    return cells


def _number(rule: str, ok: Callable[[pd.Series], pd.Series]) -> Callable[..., pd.Series]:
    def parse(
        file: str, name: str, cells: pd.Series, blank: pd.Series, raw: pd.DataFrame, issues: list[Issue]
    ) -> pd.Series:
        values = pd.to_numeric(cells.where(~blank, None), errors="coerce").astype(float)
        bad_number = ~blank & ~np.isfinite(values)
        _report(file, name, raw, bad_number, issues, lambda v: f'"{v}" is not a number')
        _report(file, name, raw, ~blank & ~bad_number & ~ok(values), issues, lambda v: f"{v} {rule}")
        return values.where(~blank & ~bad_number, np.nan)

    return parse


def _flag(
    file: str, name: str, cells: pd.Series, blank: pd.Series, raw: pd.DataFrame, issues: list[Issue]
) -> pd.Series:
    lowered = cells.str.lower()
    bad = ~blank & ~lowered.isin(TRUE_WORDS | FALSE_WORDS)
    _report(file, name, raw, bad, issues, lambda v: f'"{v}" is not true or false')
    return lowered.map(lambda v: True if v in TRUE_WORDS else (False if v in FALSE_WORDS else pd.NA)).astype("boolean")


def _category(
    file: str, name: str, cells: pd.Series, blank: pd.Series, raw: pd.DataFrame, issues: list[Issue]
) -> pd.Series:
    lowered = cells.str.lower()
    bad = ~blank & ~lowered.isin(CATEGORIES)
    _report(file, name, raw, bad, issues, lambda v: f'"{v}" is not one of {", ".join(CATEGORIES)}')
    return lowered


def _shares(
    file: str, name: str, cells: pd.Series, blank: pd.Series, raw: pd.DataFrame, issues: list[Issue]
) -> pd.Series:
    parsed = []
    for index, cell in cells.items():
        shares, problem = parse_shares(cell) if cell else ((), None)
        if problem:
            issues.append(Issue(file, int(raw.at[index, "_row"]), name, problem))
        parsed.append(shares)
    return pd.Series(parsed, index=cells.index, dtype=object)


_PARSERS: dict[Kind, Callable[..., pd.Series]] = {
    Kind.ID: _text,
    Kind.TEXT: _text,
    Kind.AMOUNT: _number("is negative; it must be 0 or more", lambda v: v >= 0),
    Kind.POSITIVE: _number("must be more than 0", lambda v: v > 0),
    Kind.COUNT: _number("must be a whole number of 1 or more", lambda v: (v >= 1) & (v == np.floor(v))),
    Kind.FRACTION: _number("must be at least 0 and below 1", lambda v: (v >= 0) & (v < 1)),
    Kind.SHARES: _shares,
    Kind.FLAG: _flag,
    Kind.CATEGORY: _category,
}


# --- across rows and tables -------------------------------------------------------------------------------


def check_keys(tables: Tables, issues: list[Issue]) -> None:
    """No two rows of a table share a key (e.g. two demand rows for one institution and product)."""
    for spec in TABLES:
        table = tables[spec.file]
        keys = table[list(spec.key)].astype(str)
        duplicated = keys.duplicated(keep=False)
        first_rows = table[duplicated].groupby(list(spec.key), sort=False)["_row"].transform("min")
        for index in table.index[duplicated]:
            first = int(first_rows[index])
            if first != table.at[index, "_row"]:
                key = ", ".join(f"{k} {table.at[index, k]!s}" for k in spec.key if str(table.at[index, k]) != "nan")
                issues.append(Issue(spec.file, int(table.at[index, "_row"]), None, f"repeats {key} of row {first}"))


REFERENCES = (
    ("demand.csv", "institution_id", "institutions.csv"),
    ("demand.csv", "product_id", "products.csv"),
    ("bids.csv", "supplier_id", "suppliers.csv"),
    ("bids.csv", "product_id", "products.csv"),
    ("delivery.csv", "supplier_id", "suppliers.csv"),
    ("delivery.csv", "institution_id", "institutions.csv"),
    ("delivery.csv", "product_id", "products.csv"),
    ("baseline.csv", "institution_id", "institutions.csv"),
    ("baseline.csv", "product_id", "products.csv"),
)


def check_references(tables: Tables, issues: list[Issue]) -> None:
    """Every id used in one table is defined in the table that owns it."""
    for file, column, owner in REFERENCES:
        table = tables[file]
        known = set(tables[owner][column])
        unknown = (table[column] != "") & ~table[column].isin(known)
        _report(file, column, table, unknown, issues, lambda v, owner=owner: f'"{v}" is not in {owner}')


def check_not_empty(tables: Tables, issues: list[Issue]) -> None:
    for file in ("institutions.csv", "products.csv", "demand.csv"):
        if tables[file].empty:
            issues.append(Issue(file, None, None, "has no rows: a purchase needs at least one"))


OFFER_COLUMNS = ("capacity", "min_quantity", "fixed_cost")


def check_offers(tables: Tables, issues: list[Issue]) -> None:
    """Price-break rows of one offer agree on capacity/min/fixed cost, and prices do not rise with volume."""
    bids = tables["bids.csv"].assign(from_quantity=lambda t: t["from_quantity"].fillna(0.0))
    multi = bids[bids.duplicated(["supplier_id", "product_id"], keep=False)]
    for (supplier, product), offer in multi.groupby(["supplier_id", "product_id"], sort=False):
        offer = offer.sort_values("from_quantity")
        for column in OFFER_COLUMNS:
            if offer[column].dropna().nunique() > 1:
                issues.append(
                    Issue(
                        "bids.csv",
                        int(offer["_row"].iloc[-1]),
                        column,
                        f"price-break rows of supplier {supplier} for product {product} differ",
                    )
                )
        rising = offer["unit_price"].diff() > 0
        for index in offer.index[rising]:
            issues.append(
                Issue(
                    "bids.csv",
                    int(offer.at[index, "_row"]),
                    "unit_price",
                    f"{offer.at[index, 'unit_price']:g} is higher than the price for a smaller quantity; "
                    "all-units price breaks must not rise with volume",
                )
            )
    _check_min_within_capacity(bids, issues)


def _check_min_within_capacity(bids: pd.DataFrame, issues: list[Issue]) -> None:
    offer = bids.groupby(["supplier_id", "product_id"])[["capacity", "min_quantity"]].transform("max")
    bad = offer["min_quantity"] > offer["capacity"]
    _report(
        "bids.csv",
        "min_quantity",
        bids,
        bad & bids["min_quantity"].notna(),
        issues,
        lambda v: f"{v} is more than the offer's capacity",
    )


def check_bid_admissibility(tables: Tables, issues: list[Issue]) -> None:
    """Warn of bids above the reference price and of bids or products nobody demands."""
    bids, products, demand = tables["bids.csv"], tables["products.csv"], tables["demand.csv"]
    reference = bids["product_id"].map(
        products.set_index("product_id")["reference_price"].to_dict() if products["product_id"].is_unique else {}
    )
    above = bids["unit_price"] > reference
    for index in bids.index[above]:
        issues.append(
            Issue(
                "bids.csv",
                int(bids.at[index, "_row"]),
                "unit_price",
                f"{bids.at[index, 'unit_price']:g} is above the reference price {reference[index]:g}; "
                "the bid is inadmissible and will not be used",
                Severity.WARNING,
            )
        )
    demanded = set(demand["product_id"])
    _report_warnings(
        "bids.csv",
        bids,
        ~bids["product_id"].isin(demanded) & (bids["product_id"] != ""),
        "product_id",
        "nobody demands this product; the bid is ignored",
        issues,
    )
    _report_warnings(
        "products.csv",
        products,
        ~products["product_id"].isin(demanded),
        "product_id",
        "nobody demands this product",
        issues,
    )


def _report_warnings(
    file: str, table: pd.DataFrame, mask: pd.Series, column: str, text: str, issues: list[Issue]
) -> None:
    for index in table.index[mask]:
        issues.append(
            Issue(
                file,
                int(table.at[index, "_row"]),
                column,
                f'"{table.at[index, column]}": {text}',
                Severity.WARNING,
            )
        )


def resolve_product_rules(products: pd.DataFrame, settings: Settings, issues: list[Issue]) -> pd.DataFrame:
    """Each product's own rule, or the [policy] default where the product leaves it blank."""
    policy = settings.policy
    resolved = products.assign(
        max_suppliers=products["max_suppliers"].fillna(policy.max_suppliers or np.nan),
        max_price_gap=products["max_price_gap"].fillna(
            np.nan if policy.max_price_gap is None else policy.max_price_gap
        ),
        split_shares=products["split_shares"].map(lambda shares: shares or policy.split_shares),
        single_source=products["single_source"].fillna(policy.single_source).astype(bool),
        shortfall_penalty=np.nan if policy.shortfall_penalty is None else policy.shortfall_penalty,
    )
    for _, product in resolved.iterrows():
        _check_product_rules(product, issues)
    return resolved


def _check_product_rules(product: pd.Series, issues: list[Issue]) -> None:
    row, shares = int(product["_row"]), product["split_shares"]
    if shares and product["single_source"]:
        issues.append(
            Issue(
                "products.csv",
                row,
                "split_shares",
                f"product {product['product_id']} cannot be both split ({_fmt_shares(shares)}) and single-source",
            )
        )
    if shares and not math.isnan(product["max_suppliers"]) and len(shares) > product["max_suppliers"]:
        issues.append(
            Issue(
                "products.csv",
                row,
                "split_shares",
                f"{len(shares)} shares but at most {product['max_suppliers']:g} suppliers are allowed",
            )
        )


def _fmt_shares(shares: tuple[float, ...]) -> str:
    return ";".join(f"{share:g}" for share in shares)
