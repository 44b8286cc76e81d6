"""The scenario tables and [policy] settings, as the core and every award rule declare them together.

Validation, the workbook template, the API's JSON and database shapes and the format docs all read these.
"""

from __future__ import annotations

from procurement.rules import RULES
from procurement.scenario import CORE_TABLES, Setting, TableSpec


def _tables() -> tuple[TableSpec, ...]:
    tables = []
    for spec in CORE_TABLES:
        added = tuple(column for rule in RULES for column in rule.columns.get(spec.file, ()))
        tables.append(spec.with_columns(added))
    tables += [spec for rule in RULES for spec in rule.tables]
    baseline = next(spec for spec in tables if spec.file == "baseline.csv")
    tables.remove(baseline)  # the savings baseline comes last, as in the docs
    return (*tables, baseline)


TABLES: tuple[TableSpec, ...] = _tables()
TABLE_BY_FILE = {spec.file: spec for spec in TABLES}
SETTINGS: tuple[Setting, ...] = tuple(setting for rule in RULES for setting in rule.settings)
SETTING_BY_NAME = {setting.name: setting for setting in SETTINGS}
