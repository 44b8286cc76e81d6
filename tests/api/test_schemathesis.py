"""schemathesis against a live server (uvicorn and its worker, SQLite, the sample purchase with a published run
and a comparison): every check it has, a fixed seed and a bounded number of examples per operation; it must find
nothing. The operations whose well-formed input may still be refused are in schemathesis.toml, with why."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.key_commands import create_key
from api.settings import Settings
from tests.api.support import bearer, serving

CONFIG = Path(__file__).with_name("schemathesis.toml")
SCHEMATHESIS = Path(sys.executable).with_name("st")
SEED = 20261204
EXAMPLES = 10  # per operation and phase: about 1,800 requests, 40 s on the 29 operations


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """A served sample purchase whose run 1 succeeded (explained) and is published, and whose comparison 1 is done;
    the URL and a coordinator's Authorization header. Runs schemathesis launches are not explained (CPU)."""
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'procurement.db'}", queue_path=tmp_path / "queue.db", explain_runs=False
    )
    command = [sys.executable, "-m", "procurement.cli", "serve", "--host", "127.0.0.1", "--workers", "2"]
    command += ["--load", "scenarios/sample"]
    with serving(command, settings, tmp_path / "serve.log") as (url, _process):
        headers = bearer(create_key(settings, "coordinator", "schemathesis"))
        with httpx.Client(base_url=f"{url}/api/v1", headers=headers, timeout=30) as http:
            seed(http)
        yield url, headers


def seed(http: httpx.Client) -> None:
    run = http.post("/scenarios/1/runs", json={"explain": True}).raise_for_status().json()
    comparison = http.post("/scenarios/1/comparisons", json={"vary": ["policy.max_suppliers=5"]}).raise_for_status()
    for path in (f"/runs/{run['id']}", f"/comparisons/{comparison.json()['id']}"):
        wait_until_succeeded(http, path)
    http.post(f"/runs/{run['id']}/publish").raise_for_status()


def wait_until_succeeded(http: httpx.Client, path: str, timeout_s: float = 120) -> None:
    for _ in range(int(timeout_s / 0.25)):
        status = http.get(path).json()["status"]
        if status not in ("queued", "running"):
            assert status == "succeeded", path
            return
        time.sleep(0.25)
    raise AssertionError(f"{path} did not finish in {timeout_s} s")


def test_schemathesis_finds_nothing_against_a_live_server(live: tuple[str, dict[str, str]], tmp_path: Path) -> None:
    url, headers = live
    command = [str(SCHEMATHESIS), "--config-file", str(CONFIG), "run", f"{url}/openapi.json", "--checks", "all"]
    command += ["--seed", str(SEED), "--max-examples", str(EXAMPLES), "--workers", "1", "--no-color"]
    command += ["-H", f"Authorization: {headers['Authorization']}"]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-20_000:] + result.stderr[-5_000:]
