"""Turn a raw package into a validated Scenario, collecting every problem before reporting any."""

from __future__ import annotations

from collections.abc import Callable
from difflib import get_close_matches
from pathlib import Path

import numpy as np
import pandas as pd

from procurement.arrays import distinct, filled
from procurement.errors import Issue, ScenarioError, Severity
from procurement.files import RawPackage, read_package
from procurement.limits import MAX_MONEY, MAX_UNITS, check_line_money
from procurement.policy import Settings, parse_settings, parse_shares
from procurement.rules import RULES
from procurement.rules.base import fmt, report_rows
from procurement.scenario import CATEGORIES, CORE_TABLES, OWNERS, Kind, Scenario, TableSpec
from procurement.tables import TABLES

TRUE_WORDS = {"true", "yes", "si", "sí", "1", "y", "t"}
FALSE_WORDS = {"false", "no", "0", "n", "f"}
Tables = dict[str, pd.DataFrame]
PRODUCTS = next(spec for spec in TABLES if spec.file == "products.csv")


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
    check_keys(tables, issues)
    check_references(tables, issues)
    check_nobody_demands(tables, issues)
    for rule in RULES:
        rule.check(tables, dict(settings.policy), issues)
    if not _errors(issues):  # each cell within its limits: now the lines they make up
        check_line_money(tables, issues)
    if _errors(issues):
        raise ScenarioError(issues)
    scenario = _assemble(settings, tables, raw.sha256)
    return scenario, sorted(issue for issue in issues if issue.severity is Severity.WARNING)


def _errors(issues: list[Issue]) -> bool:
    return any(issue.severity is Severity.ERROR for issue in issues)


def _read_cleanly(raw: RawPackage) -> set[str]:
    """Files read without a problem: if one has no rows, that is the thing to report (not a skipped bad row)."""
    return set(raw.tables) - {issue.file for issue in raw.issues}


def _assemble(settings: Settings, tables: Tables, sha256: str) -> Scenario:
    core = {spec.file for spec in CORE_TABLES}
    return Scenario(
        name=settings.name,
        currency=settings.currency,
        policy=settings.policy,
        solver=settings.solver,
        institutions=_clean(tables["institutions.csv"]),
        products=_clean(resolve_product_rules(tables["products.csv"], settings)),
        demand=_clean(tables["demand.csv"].astype({"quantity": np.int64})),
        suppliers=_clean(tables["suppliers.csv"].assign(national=lambda t: t["national"].fillna(False).astype(bool))),
        bids=_clean(tables["bids.csv"].sort_values(["product_id", "supplier_id", "period", "from_quantity"])),
        baseline=_clean(tables["baseline.csv"]),
        rule_tables={file: _clean(table) for file, table in tables.items() if file not in core},
        source_sha256=sha256,
    )


def _clean(table: pd.DataFrame) -> pd.DataFrame:
    return table.drop(columns="_row").reset_index(drop=True)


def resolve_product_rules(products: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """Each product's own rule value, or the [policy] setting it overrides where the product leaves it blank."""
    resolved = products.copy()
    for rule in RULES:
        for column, setting in rule.overrides.items():
            default = settings.policy.get(setting)
            kind = PRODUCTS.column(column).kind
            if kind is Kind.SHARES:
                resolved[column] = products[column].map(lambda own, d=default: own or d or ())
            elif default is not None:
                resolved[column] = products[column].fillna(default)
            if kind is Kind.FLAG:
                resolved[column] = resolved[column].fillna(False).astype(bool)
    return resolved


# --- one table: columns and cells -------------------------------------------------------------------------


def check_table(spec: TableSpec, raw: pd.DataFrame | None, issues: list[Issue]) -> pd.DataFrame:
    """Typed copy of a raw table with every column of `spec` (absent optional ones empty) and `_row`."""
    if raw is None:
        raw = pd.DataFrame({column.name: pd.Series(dtype=object) for column in spec.columns} | {"_row": []})
    names = [column.name for column in spec.columns]
    for name in raw.columns:
        if name not in [*names, "_row"]:
            issues.append(_unknown_column(spec.file, name, names))
    typed = pd.DataFrame({"_row": raw["_row"].astype(int)}, index=raw.index)
    for column in spec.columns:
        if column.name not in raw.columns:
            if column.required:
                issues.append(Issue(spec.file, 1, column.name, "column_missing"))
            cells = pd.Series("", index=raw.index, dtype=object)
        else:
            cells = raw[column.name].astype(str)
        typed[column.name] = _check_cells(spec.file, column.name, column.kind, column.required, cells, raw, issues)
    return typed


def _unknown_column(file: str, name: str, names: list[str]) -> Issue:
    lowered = {known.lower(): known for known in names}
    close = get_close_matches(name.lower(), list(lowered), n=1)
    if close:
        return Issue(file, 1, name, "unknown_column_like", params={"suggestion": lowered[close[0]]})
    return Issue(file, 1, name, "unknown_column", params={"file": file, "columns": ", ".join(names)})


def _check_cells(
    file: str, name: str, kind: Kind, required: bool, cells: pd.Series, raw: pd.DataFrame, issues: list[Issue]
) -> pd.Series:
    blank = pd.Series(~filled(cells), index=cells.index)
    if required:
        _report(file, name, raw, blank & (name in raw.columns), issues, "empty")
    parse = _PARSERS[kind]
    return parse(file, name, cells, blank, raw, issues)


def _report(
    file: str,
    name: str,
    raw: pd.DataFrame,
    mask: pd.Series,
    issues: list[Issue],
    code: str,
    params: Callable[[str], dict[str, object]] = lambda _: {},
) -> None:
    cells = raw[name].to_numpy(dtype=object) if name in raw.columns else np.full(len(raw), "", dtype=object)

    def found(at: int) -> dict[str, object]:
        return params(str(cells[at]))

    report_rows(file, name, raw, mask, issues, code, found)


def _text(
    file: str, name: str, cells: pd.Series, blank: pd.Series, raw: pd.DataFrame, issues: list[Issue]
) -> pd.Series:
    return cells


def _number(*rules: tuple[str, Callable[[pd.Series], pd.Series]]) -> Callable[..., pd.Series]:
    """A number parser; each (issue code, test) pair reports the cells that fail it and pass the ones before."""

    def parse(
        file: str, name: str, cells: pd.Series, blank: pd.Series, raw: pd.DataFrame, issues: list[Issue]
    ) -> pd.Series:
        values = pd.to_numeric(cells.where(~blank, None), errors="coerce").astype(float)
        bad_number = ~blank & ~np.isfinite(values)
        _report(file, name, raw, bad_number, issues, "not_a_number", _value)
        passed = ~blank & ~bad_number
        for rule, ok in rules:
            failed = passed & ~ok(values)
            _report(file, name, raw, failed, issues, rule, _RULE_PARAMS.get(rule, _value))
            passed &= ~failed
        return values.where(~blank & ~bad_number, np.nan)

    return parse


def _value(value: str) -> dict[str, object]:
    return {"value": value}


TOO_LARGE = ("too_many_units", lambda v: v <= MAX_UNITS)
TOO_MUCH = ("too_much_money", lambda v: v <= MAX_MONEY)
_RULE_PARAMS = {
    "too_many_units": lambda value: {"value": value, "limit": f"{MAX_UNITS:,}"},
    "too_much_money": lambda value: {"value": value, "limit": f"{MAX_MONEY:,}"},
}


def _flag(
    file: str, name: str, cells: pd.Series, blank: pd.Series, raw: pd.DataFrame, issues: list[Issue]
) -> pd.Series:
    lowered = cells.str.lower()
    bad = ~blank & ~lowered.isin(TRUE_WORDS | FALSE_WORDS)
    _report(file, name, raw, bad, issues, "not_a_flag", _value)
    return lowered.map(lambda v: True if v in TRUE_WORDS else (False if v in FALSE_WORDS else pd.NA)).astype("boolean")


def _category(
    file: str, name: str, cells: pd.Series, blank: pd.Series, raw: pd.DataFrame, issues: list[Issue]
) -> pd.Series:
    lowered = cells.str.lower()
    bad = ~blank & ~lowered.isin(CATEGORIES)
    _report(file, name, raw, bad, issues, "not_one_of", lambda v: {"value": v, "choices": ", ".join(CATEGORIES)})
    return lowered


def _shares(
    file: str, name: str, cells: pd.Series, blank: pd.Series, raw: pd.DataFrame, issues: list[Issue]
) -> pd.Series:
    parsed = []
    for index, cell in cells.items():
        shares, problem = parse_shares(cell) if cell else ((), None)
        if problem:
            issues.append(Issue(file, int(raw.at[index, "_row"]), name, *problem))
        parsed.append(shares)
    return pd.Series(parsed, index=cells.index, dtype=object)


_PARSERS: dict[Kind, Callable[..., pd.Series]] = {
    Kind.ID: _text,
    Kind.TEXT: _text,
    Kind.AMOUNT: _number(("negative", lambda v: v >= 0), TOO_MUCH),
    Kind.POSITIVE: _number(("not_positive", lambda v: v > 0), TOO_MUCH),
    Kind.COUNT: _number(("not_a_count", lambda v: (v >= 1) & (v == np.floor(v))), TOO_LARGE),
    Kind.WHOLE: _number(("not_whole", lambda v: (v >= 0) & (v == np.floor(v))), TOO_LARGE),
    Kind.FRACTION: _number(("not_a_fraction", lambda v: (v >= 0) & (v < 1))),
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
        complete = table[_filled_all(table, required)]  # a blank id is reported as empty, not as a repeat
        repeated = complete.duplicated(list(spec.key), keep=False)  # only these rows need a look one by one
        first_row: dict[tuple[str, ...], int] = {}
        for row, *values in complete.loc[repeated, ["_row", *spec.key]].itertuples(index=False, name=None):
            key = tuple(map(fmt, values))
            if key in first_row:
                named = ", ".join(f"{column} {value}" for column, value in zip(spec.key, key, strict=True) if value)
                params = {"key": named, "first": first_row[key]}
                issues.append(Issue(spec.file, int(row), None, "key_repeated", params=params))
            first_row.setdefault(key, int(row))


def _filled_all(table: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """Rows with every one of `columns` filled in."""
    rows = np.ones(len(table), dtype=bool)
    for column in columns:
        rows &= filled(table[column])
    return rows


def check_references(tables: Tables, issues: list[Issue]) -> None:
    """Every id used in one table is defined in the table that owns it."""
    for spec in TABLES:
        for column in spec.columns:
            owner = OWNERS.get(column.name)
            if owner is None or owner == spec.file:
                continue
            table, known = tables[spec.file], _ids(tables[owner], column.name)
            if not known:
                continue  # the owner is missing, unreadable or empty, which is reported once already
            unknown = filled(table[column.name]) & ~table[column.name].isin(known).to_numpy()
            _report(spec.file, column.name, table, unknown, issues, "not_in", _not_in(owner))


def _not_in(owner: str) -> Callable[[str], dict[str, object]]:
    return lambda value: {"value": value, "owner": owner}


def _ids(table: pd.DataFrame, column: str) -> set[str]:
    return distinct(table[column]) - {""}


def check_not_empty(tables: Tables, issues: list[Issue]) -> None:
    """The tables a purchase cannot do without have rows (files with read problems are reported already)."""
    for file in ("institutions.csv", "products.csv", "demand.csv"):
        if file in tables and tables[file].empty:
            issues.append(Issue(file, None, None, "no_rows"))


def check_nobody_demands(tables: Tables, issues: list[Issue]) -> None:
    """Warn of bids and products nobody demands (they are ignored)."""
    bids, products, demand = tables["bids.csv"], tables["products.csv"], tables["demand.csv"]
    demanded = _ids(demand, "product_id")
    if not demanded:
        return  # demand is missing or unreadable: that is the error to fix first
    ignored = ~bids["product_id"].isin(demanded) & bids["product_id"].isin(_ids(products, "product_id"))
    _report_warnings("bids.csv", bids, ignored, "bid_not_demanded", issues)
    unused = ~products["product_id"].isin(demanded)
    _report_warnings("products.csv", products, unused, "product_not_demanded", issues)


def _report_warnings(file: str, table: pd.DataFrame, mask: pd.Series, code: str, issues: list[Issue]) -> None:
    products = table["product_id"].to_numpy(dtype=object)

    def params(at: int) -> dict[str, object]:
        return {"product": products[at]}

    report_rows(file, "product_id", table, mask, issues, code, params, Severity.WARNING)
