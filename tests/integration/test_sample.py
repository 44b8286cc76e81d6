"""The bundled sample purchase, solved by the `procurement` command, gives the award derived by hand in its README."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tests.conftest import SCENARIOS

SAMPLE = SCENARIOS / "sample"
EXPECTED: dict[str, Any] = json.loads((SAMPLE / "expected.json").read_text(encoding="utf-8"))
KEYS = ["institution_id", "product_id", "supplier_id"]


@pytest.fixture
def results(sample_run: Path) -> Path:
    """The run folder of `procurement solve` on the sample (tests/integration/conftest.py)."""
    return sample_run


def read(results: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(results / name, dtype={"institution_id": str, "product_id": str, "supplier_id": str})


def records(table: pd.DataFrame, columns: list[str]) -> list[dict[str, Any]]:
    return sorted(table[columns].to_dict("records"), key=lambda row: [str(row[c]) for c in columns])


def test_summary_has_the_hand_derived_objective_and_cost_terms(results: Path) -> None:
    summary = json.loads((results / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == EXPECTED["status"]
    assert summary["objective"] == pytest.approx(EXPECTED["objective"], rel=1e-9)
    for term, value in EXPECTED["cost_terms"].items():
        assert summary["cost_terms"][term] == pytest.approx(value, abs=1e-6)


def test_every_award_line_matches_the_readme(results: Path) -> None:
    columns = [*KEYS, "quantity", "unit_price"]
    assert records(read(results, "awards.csv"), columns) == records(pd.DataFrame(EXPECTED["awards"]), columns)


def test_shortages_are_the_two_desiertas_with_their_reasons(results: Path) -> None:
    columns = ["institution_id", "product_id", "quantity", "reason"]
    expected = pd.DataFrame(EXPECTED["shortages"])
    assert records(read(results, "shortages.csv"), columns) == records(expected, columns)


def test_savings_per_institution_match_the_readme(results: Path) -> None:
    columns = ["institution_id", "baseline_cost", "consolidated_cost"]
    expected = pd.DataFrame(EXPECTED["savings_by_institution"])
    assert records(read(results, "savings_by_institution.csv"), columns) == records(expected, columns)


def test_the_imssb_budget_binds(results: Path) -> None:
    binding = read(results, "binding_rules.csv")
    budgets = binding[binding["rule"] == "budget"]
    assert budgets["institution_id"].tolist() == ["IMSSB"]
    assert budgets["used"].iloc[0] == pytest.approx(3_012_000)
