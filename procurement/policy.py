"""Read the settings of scenario.toml: the purchase's name, its default award rules and solver options."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from procurement.backends import SOLVERS
from procurement.errors import Issue, Severity
from procurement.limits import MAX_MONEY, MAX_UNITS
from procurement.scenario import Kind, Policy, Setting, SolverSettings
from procurement.tables import SETTING_BY_NAME, SETTINGS

NUMBER_RULES: dict[Kind, tuple[str, Callable[[float], bool]]] = {
    Kind.AMOUNT: ("negative", lambda x: x >= 0),  # the issue code of a value that fails the test
    Kind.POSITIVE: ("not_positive", lambda x: x > 0),
    Kind.FRACTION: ("not_a_fraction", lambda x: 0 <= x < 1),
}
SHARE_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Settings:
    name: str
    currency: str
    policy: Policy
    solver: SolverSettings


Problem = tuple[str, Severity, dict[str, object]]  # an issue's code, severity and params, located by the caller


def parse_shares(value: object) -> tuple[tuple[float, ...] | None, Problem | None]:
    """Split-award shares from "0.6;0.4" (or a list of numbers): (shares, None) or (None, what is wrong)."""
    parts = value if isinstance(value, list) else str(value).split(";")
    try:
        shares = tuple(float(part) for part in parts)
    except (TypeError, ValueError):
        return None, ("shares_not_a_list", Severity.ERROR, {"value": value})
    if len(shares) < 2 or any(not 0 < share < 1 for share in shares):
        return None, ("shares_too_few", Severity.ERROR, {"value": value})
    if abs(sum(shares) - 1) > SHARE_TOLERANCE:
        return None, ("shares_not_whole", Severity.ERROR, {"value": value, "total": f"{sum(shares):g}"})
    return tuple(sorted(shares, reverse=True)), None


def parse_settings(raw: dict[str, Any], default_name: str) -> tuple[Settings, list[Issue]]:
    issues: list[Issue] = []
    _check_keys(raw, {"name", "currency", "policy", "solver"}, "", issues)
    policy_raw = _table(raw, "policy", issues)
    solver_raw = _table(raw, "solver", issues)
    _check_keys(policy_raw, set(SETTING_BY_NAME), "policy.", issues)
    _check_keys(solver_raw, set(SolverSettings.__dataclass_fields__), "solver.", issues)
    read = _Reader(issues)
    given = {s.name: read.setting(policy_raw, s) for s in SETTINGS if s.name in policy_raw}
    defaults = {s.name: s.default for s in SETTINGS if s.default is not None}
    policy = Policy(defaults | {name: value for name, value in given.items() if value is not None})
    solver = SolverSettings(
        name=read.choice(solver_raw, "solver.name", SOLVERS) or "highs",
        time_limit_s=read.number(solver_raw, "solver.time_limit_s", NUMBER_RULES[Kind.POSITIVE]),
        mip_gap=read.number(solver_raw, "solver.mip_gap", NUMBER_RULES[Kind.FRACTION]) or 0.0,
        threads=read.whole(solver_raw, "solver.threads"),
    )
    name = read.text(raw, "name") or default_name
    currency = read.text(raw, "currency") or "MXN"
    return Settings(name, currency, policy, solver), issues


def _issue(key: str, code: str, **params: object) -> Issue:
    return Issue("scenario.toml", None, key, code, params=params)


def _check_keys(table: dict[str, Any], known: set[str], prefix: str, issues: list[Issue]) -> None:
    for key in sorted(set(table) - known):
        issues.append(_issue(prefix + key, "unknown_setting", known=", ".join(sorted(known))))


def _table(raw: dict[str, Any], key: str, issues: list[Issue]) -> dict[str, Any]:
    value = raw.get(key, {})
    if not isinstance(value, dict):
        issues.append(_issue(key, "not_a_table", table=key))
        return {}
    return value


class _Reader:
    """Typed reads of settings values; a wrong value adds an issue and reads as None."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues

    def _get(self, table: dict[str, Any], key: str) -> Any:
        return table.get(key.rsplit(".", 1)[-1])

    def number(self, table: dict[str, Any], key: str, rule: tuple[str, Callable[[float], bool]]) -> float | None:
        code, ok = rule
        value = self._get(table, key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            self.issues.append(_issue(key, "setting_not_a_number", value=repr(value)))
            return None
        if not ok(float(value)):
            self.issues.append(_issue(key, code, value=repr(value)))
            return None
        if value > MAX_MONEY:
            self.issues.append(_issue(key, "setting_too_large", value=repr(value), limit=f"{MAX_MONEY:,}"))
            return None
        return float(value)

    def whole(self, table: dict[str, Any], key: str) -> int | None:
        value = self._get(table, key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.issues.append(_issue(key, "setting_not_a_count", value=repr(value)))
            return None
        if value > MAX_UNITS:
            self.issues.append(_issue(key, "setting_too_large", value=repr(value), limit=f"{MAX_UNITS:,}"))
            return None
        return value

    def setting(self, table: dict[str, Any], setting: Setting) -> Any:
        """A [policy] value read as its declared kind; a wrong value adds an issue and reads as None."""
        key = f"policy.{setting.name}"
        kind = setting.kind
        if kind is Kind.SHARES:
            shares, problem = parse_shares(table[setting.name])
            if problem:
                self.issues.append(Issue("scenario.toml", None, key, *problem))
            return shares
        if kind is Kind.FLAG:
            return self.flag(table, key)
        if kind is Kind.COUNT:
            return self.whole(table, key)
        if kind is Kind.CHOICE:
            return self.choice(table, key, setting.choices)
        return self.number(table, key, NUMBER_RULES[kind])

    def flag(self, table: dict[str, Any], key: str) -> bool:
        value = self._get(table, key)
        if value is not None and not isinstance(value, bool):
            self.issues.append(_issue(key, "setting_not_a_flag", value=repr(value)))
        return value is True

    def text(self, table: dict[str, Any], key: str) -> str | None:
        value = self._get(table, key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            self.issues.append(_issue(key, "setting_not_text", value=repr(value)))
            return None
        return value.strip() if isinstance(value, str) else None

    def choice(self, table: dict[str, Any], key: str, choices: tuple[str, ...]) -> str | None:
        value = self.text(table, key)
        if value is not None and value.lower() not in choices:
            self.issues.append(_issue(key, "not_one_of", value=value, choices=", ".join(choices)))
            return None
        return value.lower() if value else None
