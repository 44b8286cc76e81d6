"""End to end: `procurement serve` on 127.0.0.1 (real uvicorn and worker), driven by the script in docs/api.md."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.key_commands import create_key
from api.settings import Settings
from tests.api.support import ROOT, serving

SCRIPT = re.search(r"```python\n(.*?)```", (ROOT / "docs" / "api.md").read_text(encoding="utf-8"), re.DOTALL)


@pytest.fixture
def server(settings: Settings, tmp_path: Path) -> Iterator[str]:
    """A served API with its worker, as `make run` starts it; stopped (worker included) at the end."""
    command = [sys.executable, "-m", "procurement.cli", "serve", "--host", "127.0.0.1"]
    with serving(command, settings, tmp_path / "serve.log") as (url, process):
        yield url
    assert "Executing api.jobs.execute_job" in (tmp_path / "serve.log").read_text(encoding="utf-8")  # which it took
    assert (
        "worker"
        not in subprocess.run(["ps", "-o", "args=", "--ppid", str(process.pid)], capture_output=True, text=True).stdout
    )


def test_the_erp_script_of_the_docs_runs_a_whole_round_against_a_live_server(settings: Settings, server: str) -> None:
    assert SCRIPT is not None
    env = {
        **os.environ,
        "PROCUREMENT_URL": server,
        "COORDINATOR_KEY": create_key(settings, "coordinator", "ERP test"),
        "IMSS_KEY": create_key(settings, "institution", "ERP del IMSS", institution_id="IMSS"),
        "ISSSTE_KEY": create_key(settings, "institution", "ERP del ISSSTE", institution_id="ISSSTE"),
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT.group(1)], env=env, cwd=ROOT, capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1] == "demand submitted: now version 3"
    assert re.fullmatch(r"run \d+: optimal, total cost [\d,]+\.\d\d", lines[2])
    assert [line.split(":")[0] for line in lines[3:]] == ["IMSS", "ISSSTE"]
    assert all("savings" in line for line in lines[3:])
