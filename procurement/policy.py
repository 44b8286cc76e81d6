"""Read the settings of scenario.toml: the purchase's name, its default award rules and solver options."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from procurement.errors import Issue
from procurement.scenario import Policy, SolverSettings

SOLVERS = ("highs", "cbc")
SHARE_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Settings:
    name: str
    currency: str
    policy: Policy
    solver: SolverSettings


def parse_shares(value: object) -> tuple[tuple[float, ...] | None, str | None]:
    """Split-award shares from "0.6;0.4" (or a list of numbers): (shares, None) or (None, what is wrong)."""
    parts = value if isinstance(value, list) else str(value).split(";")
    try:
        shares = tuple(float(part) for part in parts)
    except (TypeError, ValueError):
        return None, f'"{value}" is not a list of shares such as "0.6;0.4"'
    if len(shares) < 2 or any(not 0 < share < 1 for share in shares):
        return None, f'"{value}" needs two or more shares, each between 0 and 1'
    if abs(sum(shares) - 1) > SHARE_TOLERANCE:
        return None, f'shares "{value}" add up to {sum(shares):g}, not 1'
    return tuple(sorted(shares, reverse=True)), None


def parse_settings(raw: dict[str, Any], default_name: str) -> tuple[Settings, list[Issue]]:
    issues: list[Issue] = []
    _check_keys(raw, {"name", "currency", "policy", "solver"}, "", issues)
    policy_raw = _table(raw, "policy", issues)
    solver_raw = _table(raw, "solver", issues)
    _check_keys(policy_raw, set(Policy.__dataclass_fields__), "policy.", issues)
    _check_keys(solver_raw, set(SolverSettings.__dataclass_fields__), "solver.", issues)
    read = _Reader(issues)
    shares: tuple[float, ...] = ()
    if "split_shares" in policy_raw:
        parsed, problem = parse_shares(policy_raw["split_shares"])
        if problem:
            issues.append(_issue("policy.split_shares", problem))
        shares = parsed or ()
    policy = Policy(
        shortfall_penalty=read.number(policy_raw, "policy.shortfall_penalty", lambda x: x >= 0, "≥ 0"),
        max_suppliers=read.whole(policy_raw, "policy.max_suppliers"),
        max_price_gap=read.number(policy_raw, "policy.max_price_gap", lambda x: x >= 0, "≥ 0"),
        split_shares=shares,
        single_source=read.flag(policy_raw, "policy.single_source"),
        national_preference=read.number(policy_raw, "policy.national_preference", lambda x: 0 <= x < 1, "in [0, 1)")
        or 0.0,
    )
    solver = SolverSettings(
        name=read.choice(solver_raw, "solver.name", SOLVERS) or "highs",
        time_limit_s=read.number(solver_raw, "solver.time_limit_s", lambda x: x > 0, "> 0"),
        mip_gap=read.number(solver_raw, "solver.mip_gap", lambda x: 0 <= x < 1, "in [0, 1)") or 0.0,
        threads=read.whole(solver_raw, "solver.threads"),
    )
    issues += _check_policy(policy)
    name = read.text(raw, "name") or default_name
    currency = read.text(raw, "currency") or "MXN"
    return Settings(name, currency, policy, solver), issues


def _check_policy(policy: Policy) -> list[Issue]:
    """Conflicting defaults, reported once here rather than on every product that inherits them."""
    issues: list[Issue] = []
    count, shares = len(policy.split_shares), ";".join(f"{share:g}" for share in policy.split_shares)
    if count and policy.single_source:
        issues.append(_issue("policy.split_shares", f"a split award ({shares}) cannot also be single_source"))
    if policy.max_suppliers is not None and count > policy.max_suppliers:
        message = f"{count} shares but policy.max_suppliers is {policy.max_suppliers}"
        issues.append(_issue("policy.split_shares", message))
    return issues


def _issue(key: str, message: str) -> Issue:
    return Issue("scenario.toml", None, key, message)


def _check_keys(table: dict[str, Any], known: set[str], prefix: str, issues: list[Issue]) -> None:
    for key in sorted(set(table) - known):
        issues.append(_issue(prefix + key, f"unknown setting (known: {', '.join(sorted(known))})"))


def _table(raw: dict[str, Any], key: str, issues: list[Issue]) -> dict[str, Any]:
    value = raw.get(key, {})
    if not isinstance(value, dict):
        issues.append(_issue(key, f"must be a table [{key}]"))
        return {}
    return value


class _Reader:
    """Typed reads of settings values; a wrong value adds an issue and reads as None."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues

    def _get(self, table: dict[str, Any], key: str) -> Any:
        return table.get(key.rsplit(".", 1)[-1])

    def number(self, table: dict[str, Any], key: str, ok: Callable[[float], bool], rule: str) -> float | None:
        value = self._get(table, key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            self.issues.append(_issue(key, f"{value!r} is not a number"))
            return None
        if not ok(float(value)):
            self.issues.append(_issue(key, f"{value!r} must be {rule}"))
            return None
        return float(value)

    def whole(self, table: dict[str, Any], key: str) -> int | None:
        value = self._get(table, key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.issues.append(_issue(key, f"{value!r} must be a whole number ≥ 1"))
            return None
        return value

    def flag(self, table: dict[str, Any], key: str) -> bool:
        value = self._get(table, key)
        if value is not None and not isinstance(value, bool):
            self.issues.append(_issue(key, f"{value!r} must be true or false"))
        return value is True

    def text(self, table: dict[str, Any], key: str) -> str | None:
        value = self._get(table, key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            self.issues.append(_issue(key, f"{value!r} must be a non-empty text"))
            return None
        return value.strip() if isinstance(value, str) else None

    def choice(self, table: dict[str, Any], key: str, choices: tuple[str, ...]) -> str | None:
        value = self.text(table, key)
        if value is not None and value.lower() not in choices:
            self.issues.append(_issue(key, f"{value!r} is not one of {', '.join(choices)}"))
            return None
        return value.lower() if value else None
