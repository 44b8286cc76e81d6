"""The sample purchase solved once by the `procurement` command, for every test that reads its run folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from procurement.cli import EXIT_OK
from tests.conftest import SCENARIOS
from tests.integration.test_cli_invalid import CONSOLE_SCRIPT, run


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`procurement solve scenarios/sample --out RUN --quiet`, explanation included (its re-solves take a while)."""
    out = tmp_path_factory.mktemp("sample") / "run"
    solved = run([CONSOLE_SCRIPT, "solve"], SCENARIOS / "sample", "--out", out, "--quiet")
    assert solved.returncode == EXIT_OK, solved.stderr
    return out
