"""Shared fixtures: where the reference data lives and the sample packages."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
REFERENCE = ROOT.parent / "shared" / "reference"


@pytest.fixture
def reference_dir() -> Path:
    if not REFERENCE.is_dir():
        pytest.skip(f"reference data not found at {REFERENCE} (clone the project beside ../shared)")
    return REFERENCE
