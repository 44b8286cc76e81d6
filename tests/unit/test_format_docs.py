"""docs/scenario-format.md's reference sections are written from the declarations of the tables and rules: the
committed file must be what they write now (`make docs` rewrites it)."""

from __future__ import annotations

from pathlib import Path

from procurement.format_docs import render

DOCS = Path(__file__).resolve().parents[2] / "docs" / "scenario-format.md"


def test_the_committed_format_reference_is_current() -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert render(text) == text, "docs/scenario-format.md is out of date: run `make docs`"


def test_every_table_and_rule_is_in_the_reference() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for heading in ("### budgets.csv", "`demand.period`", "`bids.period_capacity`", "| periods |"):
        assert heading in text
