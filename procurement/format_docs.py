"""The reference parts of docs/scenario-format.md, written from the declarations of the tables and the rules.

`update(path)` rewrites the text between each `<!-- generated: NAME -->` and `<!-- end generated -->` marker;
tests check the committed file is up to date (`make docs` updates it).
"""

from __future__ import annotations

import re
from pathlib import Path

from procurement.rules import RULES
from procurement.scenario import OWNERS, Column, Kind, TableSpec
from procurement.tables import SETTINGS, TABLES

KIND_WORDS = {
    Kind.ID: "id",
    Kind.TEXT: "text",
    Kind.AMOUNT: "amount ≥ 0",
    Kind.POSITIVE: "amount > 0",
    Kind.COUNT: "whole number ≥ 1",
    Kind.WHOLE: "whole number ≥ 0",
    Kind.FRACTION: "fraction in [0, 1)",
    Kind.SHARES: "shares",
    Kind.FLAG: "yes/no",
    Kind.CATEGORY: "`medicine`, `supply` or `equipment`",
    Kind.CHOICE: "one of",
}
MARKER = re.compile(r"(<!-- generated: (?P<name>[a-z_]+) -->\n)(.*?)(<!-- end generated -->)", re.DOTALL)


def tables_reference() -> str:
    return "\n".join(_table(spec) for spec in TABLES)


def _table(spec: TableSpec) -> str:
    optional = "optional; " if not spec.required_file else ""
    lines = [f"### {spec.file} — {optional}{spec.note}", "| column | type | meaning |", "|---|---|---|"]
    lines += [f"| `{column.name}` | {_type(spec, column)} | {column.note} |" for column in spec.columns]
    return "\n".join(lines) + "\n"


def _type(spec: TableSpec, column: Column) -> str:
    words = KIND_WORDS[column.kind]
    owner = f"id in {column.name.removesuffix('_id')}s.csv" if column.name in OWNERS else words
    if column.kind is Kind.ID and spec.key == (column.name,):
        owner = "text, unique"
    return owner if column.required else f"{owner}, *optional*"


def settings_reference() -> str:
    lines = ["| setting | type | default | meaning |", "|---|---|---|---|"]
    for setting in SETTINGS:
        kind = " or ".join(f"`{choice}`" for choice in setting.choices) or KIND_WORDS[setting.kind]
        default = "none" if setting.default is None else f"`{_toml(setting.default)}`"
        lines.append(f"| `{setting.name}` | {kind} | {default} | {setting.note} |")
    return "\n".join(lines) + "\n"


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


def rules_reference() -> str:
    lines = ["| rule | where it is set | what it means |", "|---|---|---|"]
    for rule in RULES:
        places = [f"`{spec.file}`" for spec in rule.tables]
        places += [f"`{file.removesuffix('.csv')}.{c.name}`" for file, columns in rule.columns.items() for c in columns]
        places += [f"`[policy] {s.name}`" for s in rule.settings]
        lines.append(f"| {rule.title} | {', '.join(places) or 'always'} | {rule.summary} |")
    return "\n".join(lines) + "\n"


SECTIONS = {"tables": tables_reference, "settings": settings_reference, "rules": rules_reference}


def render(text: str) -> str:
    """`text` with every generated section written anew."""
    return MARKER.sub(lambda m: m.group(1) + SECTIONS[m.group("name")]() + m.group(4), text)


def update(path: str | Path) -> bool:
    """Rewrite the generated sections of a docs file; True if it changed."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    new = render(text)
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text
