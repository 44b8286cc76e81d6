"""What-if variants of one package: the same purchase under other award rules, e.g. every combination of
`policy.max_price_gap` in {0, 0.05, 0.10} and `policy.national_preference` in {0, 0.10}.

Each variant changes the package's settings (as scenario.toml or the workbook's `scenario` sheet would) and is
validated again, so products that follow the policy pick up the new rule while products with their own rule keep it.
"""

from __future__ import annotations

import copy
import itertools
from dataclasses import dataclass, replace
from typing import Any

from procurement.errors import Issue, ScenarioError, Severity
from procurement.files import RawPackage
from procurement.messages import text
from procurement.scenario import Scenario, SolverSettings
from procurement.tables import SETTING_BY_NAME
from procurement.validate import validate_package

VARIABLE_TABLES = {"policy": set(SETTING_BY_NAME), "solver": set(SolverSettings.__dataclass_fields__)}
NO_VALUE = ("none", "")  # `policy.max_price_gap=none` removes the setting: no limit


class VariationError(ValueError):
    """A variation that cannot be read; `key` names its words in the catalogue, `params` fill them (English in
    str(), for logs; people read `words(lang)`)."""

    def __init__(self, key: str, /, **params: object) -> None:
        super().__init__(text(key, "en", **params))
        self.key, self.params = key, params

    def words(self, lang: str) -> str:
        return text(self.key, lang, **self.params)


@dataclass(frozen=True)
class Variation:
    """One setting and the values to try, from `policy.max_price_gap=0,0.05,0.10`."""

    key: str
    values: tuple[Any, ...]


@dataclass(frozen=True)
class Variant:
    label: str  # e.g. "max_price_gap=0.05, national_preference=0.1"
    changes: dict[str, Any]
    scenario: Scenario


def parse_variation(text: str) -> Variation:
    """`policy.KEY=V1,V2,...` → Variation; VariationError says what is wrong."""
    key, sign, values = text.partition("=")
    key = key.strip()
    table, _, name = key.partition(".")
    if not sign or not values.strip():
        raise VariationError("variation.format", text=text)
    if table not in VARIABLE_TABLES or name not in VARIABLE_TABLES[table]:
        known = ", ".join(f"{t}.{n}" for t in VARIABLE_TABLES for n in sorted(VARIABLE_TABLES[t]))
        raise VariationError("variation.unknown", key=key, known=known)
    return Variation(key, tuple(_value(part.strip()) for part in values.split(",")))


def build_variants(raw: RawPackage, variations: list[Variation]) -> list[Variant]:
    """Every combination of the variations' values, each a validated Scenario; all bad values reported at once."""
    keys = [variation.key for variation in variations]
    twice = sorted({key for key in keys if keys.count(key) > 1})
    if twice:
        raise VariationError("variation.twice", key=", ".join(twice))
    variants: list[Variant] = []
    issues: list[Issue] = []
    for values in itertools.product(*(variation.values for variation in variations)):
        changes = dict(zip(keys, values, strict=True))
        label = ", ".join(f"{key.split('.', 1)[1]}={_text(value)}" for key, value in changes.items())
        try:
            scenario, _ = validate_package(_changed(raw, changes))
        except ScenarioError as error:
            issues += [_about(label, issue) for issue in error.issues if issue.severity is Severity.ERROR]
            continue
        variants.append(Variant(label, changes, scenario))
    if issues:
        raise ScenarioError(issues)
    return variants


def _changed(raw: RawPackage, changes: dict[str, Any]) -> RawPackage:
    settings = copy.deepcopy(raw.settings)
    for key, value in changes.items():
        table, name = key.split(".", 1)
        section = settings.setdefault(table, {})
        if value is None:
            section.pop(name, None)
        else:
            section[name] = value
    return RawPackage(raw.source, settings, raw.tables, raw.sha256, list(raw.issues))


def _about(label: str, issue: Issue) -> Issue:
    return replace(issue, file=f"variant {label}: {issue.file}")


def _value(text: str) -> Any:
    """A value as TOML would type it: whole numbers, decimals, true/false, `none` (no setting) or text."""
    lowered = text.lower()
    if lowered in NO_VALUE:
        return None
    if lowered in ("true", "false"):
        return lowered == "true"
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def _text(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return str(value).lower()
    return f"{value:g}" if isinstance(value, float) else str(value)
