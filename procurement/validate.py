"""Turn a raw package into a validated Scenario, collecting every problem before reporting any."""

from __future__ import annotations

from collections.abc import Callable
from difflib import get_close_matches
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
    tables["bids.csv"] = tables["bids.csv"].assign(from_quantity=lambda t: t["from_quantity"].fillna(0.0))  # blank: 0
    check_not_empty({file: tables[file] for file in _read_cleanly(raw)}, issues)
    for check in (check_keys, check_references, check_offers, check_bid_admissibility):
        check(tables, issues)
    products = resolve_product_rules(tables["products.csv"], settings, issues)
    errors = [issue for issue in issues if issue.severity is Severity.ERROR]
    if errors:
        raise ScenarioError(issues)
    scenario = _assemble(settings, tables, products, raw.sha256)
    return scenario, sorted(issue for issue in issues if issue.severity is Severity.WARNING)


def _read_cleanly(raw: RawPackage) -> set[str]:
    """Files read without a problem: if one has no rows, that is the thing to report (not a skipped bad row)."""
    return set(raw.tables) - {issue.file for issue in raw.issues}


def _assemble(settings: Settings, tables: Tables, products: pd.DataFrame, sha256: str) -> Scenario:
    return Scenario(
        name=settings.name,
        currency=settings.currency,
        policy=settings.policy,
        solver=settings.solver,
        institutions=tables["institutions.csv"].reset_index(drop=True),
        products=products.reset_index(drop=True),
        demand=tables["demand.csv"].reset_index(drop=True),
        suppliers=tables["suppliers.csv"].assign(national=lambda t: t["national"].fillna(False).astype(bool)),
        bids=tables["bids.csv"].sort_values(["product_id", "supplier_id", "from_quantity"]).reset_index(drop=True),
        delivery=tables["delivery.csv"].reset_index(drop=True),
        baseline=tables["baseline.csv"].reset_index(drop=True),
        source_sha256=sha256,
    )


# --- one table: columns and cells -------------------------------------------------------------------------


def check_table(spec: TableSpec, raw: pd.DataFrame | None, issues: list[Issue]) -> pd.DataFrame:
    """Typed copy of a raw table with every column of `spec` (absent optional ones empty) and `_row`."""
    if raw is None:
        raw = pd.DataFrame({column.name: pd.Series(dtype=object) for column in spec.columns} | {"_row": []})
    names = [column.name for column in spec.columns]
    for name in raw.columns:
        if name not in [*names, "_row"]:
            issues.append(Issue(spec.file, 1, name, _unknown_column(spec.file, name, names)))
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


def _unknown_column(file: str, name: str, names: list[str]) -> str:
    lowered = {known.lower(): known for known in names}
    close = get_close_matches(name.lower(), list(lowered), n=1)
    if close:
        return f"unknown column; did you mean {lowered[close[0]]}?"
    return f"unknown column (the columns of {file} are: {', '.join(names)})"


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
    def located(index: object) -> str:
        return message(str(raw.at[index, name]) if name in raw.columns else "")

    _report_rows(file, name, raw, mask, issues, located)


def _report_rows(
    file: str,
    column: str,
    table: pd.DataFrame,
    mask: pd.Series,
    issues: list[Issue],
    message: Callable[[object], str],
    severity: Severity = Severity.ERROR,
) -> None:
    """One issue per row selected by `mask`, located by the row's line in the file; `message` gets the row's index."""
    for index in table.index[mask]:
        issues.append(Issue(file, int(table.at[index, "_row"]), column, message(index), severity))


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
        required = [column.name for column in spec.columns if column.name in spec.key and column.required]
        complete = table[(table[required] != "").all(axis=1)]  # a blank id is reported as empty, not as a repeat
        first_row: dict[tuple[str, ...], int] = {}
        for row, *values in complete[["_row", *spec.key]].itertuples(index=False, name=None):
            key = tuple(map(_fmt_value, values))
            if key in first_row:
                named = ", ".join(f"{column} {value}" for column, value in zip(spec.key, key, strict=True) if value)
                issues.append(Issue(spec.file, int(row), None, f"repeats {named} of row {first_row[key]}"))
            first_row.setdefault(key, int(row))


def _fmt_value(value: object) -> str:
    if isinstance(value, float):
        return "" if np.isnan(value) else f"{value:g}"
    return str(value)


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
        table, known = tables[file], _ids(tables[owner], column)
        if not known:
            continue  # the owner is missing, unreadable or empty, which is reported once already
        unknown = (table[column] != "") & ~table[column].isin(known)
        _report(file, column, table, unknown, issues, _not_in(owner))


def _not_in(owner: str) -> Callable[[str], str]:
    return lambda value: f'"{value}" is not in {owner}'


def _ids(table: pd.DataFrame, column: str) -> set[str]:
    return set(table[column]) - {""}


def check_not_empty(tables: Tables, issues: list[Issue]) -> None:
    """The tables a purchase cannot do without have rows (files with read problems are reported already)."""
    for file in ("institutions.csv", "products.csv", "demand.csv"):
        if file in tables and tables[file].empty:
            issues.append(Issue(file, None, None, "has no rows: a purchase needs at least one"))


OFFER_COLUMNS = ("capacity", "min_quantity", "fixed_cost")


def check_offers(tables: Tables, issues: list[Issue]) -> None:
    """Price-break rows of one offer agree on capacity/min/fixed cost, and prices do not rise with volume."""
    bids = tables["bids.csv"]
    breaks = bids.drop_duplicates(["supplier_id", "product_id", "from_quantity"])  # repeats are check_keys' to report
    multi = breaks[breaks.duplicated(["supplier_id", "product_id"], keep=False)].sort_values("from_quantity")
    offers = multi.groupby(["supplier_id", "product_id"], sort=False)
    for column in OFFER_COLUMNS:
        differs = offers[column].transform("nunique") > 1  # found in one pass: a national package has 20,000 offers
        for (supplier, product), offer in multi[differs].groupby(["supplier_id", "product_id"], sort=False):
            _report_offer_differs(offer, column, f"supplier {supplier} for product {product}", issues)
    _report_rows(
        "bids.csv",
        "unit_price",
        multi,
        offers["unit_price"].diff() > 0,
        issues,
        lambda i: (
            f"{multi.at[i, 'unit_price']:g} is higher than the price for a smaller quantity; "
            "all-units price breaks must not rise with volume"
        ),
    )
    _check_min_within_capacity(bids, issues)


def _report_offer_differs(offer: pd.DataFrame, column: str, whose: str, issues: list[Issue]) -> None:
    """The issue for an offer whose price-break rows give different values of `column`."""
    given = offer[offer[column].notna()]
    rows = ", ".join(str(row) for row in given["_row"])
    values = ", ".join(_fmt_value(value) for value in given[column])
    message = f"price-break rows {rows} of {whose} differ ({values}); one offer has one {column}"
    issues.append(Issue("bids.csv", int(given["_row"].iloc[-1]), column, message))


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
    _report_rows(
        "bids.csv",
        "unit_price",
        bids,
        bids["unit_price"] > reference,
        issues,
        lambda i: (
            f"{bids.at[i, 'unit_price']:g} is above the reference price {reference[i]:g}; "
            "the bid is inadmissible and will not be used"
        ),
        Severity.WARNING,
    )
    demanded = _ids(demand, "product_id")
    if not demanded:
        return  # demand is missing or unreadable: that is the error to fix first
    _report_warnings(
        "bids.csv",
        bids,
        ~bids["product_id"].isin(demanded) & bids["product_id"].isin(_ids(products, "product_id")),
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
    _report_rows(file, column, table, mask, issues, lambda i: f'"{table.at[i, column]}": {text}', Severity.WARNING)


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
    _check_product_rules(products, resolved, issues)
    return resolved


def _check_product_rules(own: pd.DataFrame, resolved: pd.DataFrame, issues: list[Issue]) -> None:
    """Conflicting rules of a product; a conflict wholly inherited from [policy] is reported there, once."""
    shares = resolved["split_shares"].map(len)
    own_shares = own["split_shares"].map(bool)
    split_and_single = (shares > 0) & resolved["single_source"] & (own_shares | own["single_source"].notna())
    too_many = (shares > resolved["max_suppliers"]) & (own_shares | own["max_suppliers"].notna())
    _report_rule(
        resolved,
        split_and_single,
        issues,
        lambda p: (
            f"product {p['product_id']} cannot be both split ({_fmt_shares(p['split_shares'])}) and single-source"
        ),
    )
    _report_rule(
        resolved,
        too_many,
        issues,
        lambda p: f"{len(p['split_shares'])} shares but at most {p['max_suppliers']:g} suppliers are allowed",
    )


def _report_rule(
    products: pd.DataFrame, mask: pd.Series, issues: list[Issue], message: Callable[[pd.Series], str]
) -> None:
    for _, product in products[mask].iterrows():
        issues.append(Issue("products.csv", int(product["_row"]), "split_shares", message(product)))


def _fmt_shares(shares: tuple[float, ...]) -> str:
    return ";".join(f"{share:g}" for share in shares)
