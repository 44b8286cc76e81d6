"""Long runs: killed on cancel and at the hard wall-time limit; runs left by a killed worker are recovered."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.packages import zip_folder
from api.settings import Settings
from procurement.generate import GeneratorSpec, generate_package
from tests.api.support import drain, start_worker, stop, wait_for

Keys = dict[str, dict[str, str]]
# Synthetic (every id says so): budgets link all 150 products into one MILP that takes HiGHS about half a minute.
LONG = GeneratorSpec(products=150, institutions=8, suppliers=40, price_breaks=True, fixed_costs=True, budgets=True)


@pytest.fixture
def long_scenario(client: TestClient, keys: Keys, tmp_path: Path) -> dict[str, Any]:
    folder = generate_package(tmp_path / "long", LONG)
    files = {"file": ("long.zip", zip_folder(folder), "application/zip")}
    response = client.post("/api/v1/scenarios/package", files=files, headers=keys["coordinator"])
    assert response.status_code == 201, response.text
    return dict(response.json())


def solve_processes(worker_pid: int, timeout: float = 20) -> list[int]:
    """The worker's solve child processes, once it has started them."""
    deadline = time.monotonic() + timeout
    while True:
        listing = subprocess.run(
            ["ps", "-ww", "-o", "pid=,args=", "--ppid", str(worker_pid)], capture_output=True, text=True
        )
        found = [int(line.split()[0]) for line in listing.stdout.splitlines() if "spawn_main" in line]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def gone(pids: list[int], timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while any(Path(f"/proc/{pid}").exists() for pid in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def launch(client: TestClient, keys: Keys, scenario_id: int, **options: Any) -> int:
    response = client.post(f"/api/v1/scenarios/{scenario_id}/runs", json=options, headers=keys["coordinator"])
    assert response.status_code == 202, response.text
    return int(response.json()["id"])


def test_a_solve_over_the_hard_wall_time_limit_is_killed_and_the_run_failed(
    client: TestClient, app: FastAPI, keys: Keys, long_scenario: dict[str, Any]
) -> None:
    run_id = launch(client, keys, long_scenario["id"], wall_limit_s=3, threads=1)
    started = time.monotonic()
    drain(app)
    assert time.monotonic() - started < 20
    run = client.get(f"/api/v1/runs/{run_id}", headers=keys["coordinator"]).json()
    assert run["status"] == "failed"
    assert run["error"] == "the hard wall-time limit of 3 s was reached; the solve was killed"
    assert client.get(f"/api/v1/runs/{run_id}/awards", headers=keys["coordinator"]).status_code == 409


def test_a_running_run_is_cancelled_and_its_solve_killed_by_the_worker(
    client: TestClient, settings: Settings, keys: Keys, long_scenario: dict[str, Any]
) -> None:
    worker = start_worker(settings)
    try:
        run_id = launch(client, keys, long_scenario["id"], threads=1)
        wait_for(client, run_id, keys["coordinator"], "running")
        time.sleep(1)
        response = client.post(f"/api/v1/runs/{run_id}/cancel", headers=keys["coordinator"])
        assert (response.status_code, response.json()["status"]) == (202, "running")
        run = wait_for(client, run_id, keys["coordinator"], "cancelled", timeout=15)
    finally:
        stop(worker)
    assert run["error"] == "cancelled on request; the solve was killed"
    assert [event["event"] for event in run["events"]] == ["cancelled"]


def test_a_run_left_running_by_a_killed_worker_is_requeued_then_failed_with_the_reason(
    client: TestClient, settings: Settings, keys: Keys, long_scenario: dict[str, Any]
) -> None:
    run_id = launch(client, keys, long_scenario["id"], threads=1)
    for attempt in (1, 2):
        worker = start_worker(settings)
        try:
            wait_for(client, run_id, keys["coordinator"], "running", attempts=attempt)
            solves = solve_processes(worker.pid)
        finally:
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait()
        assert solves, "the solve runs in a child process of the worker"
        assert gone(solves), "the orphaned solve kills itself"
    worker = start_worker(settings)  # recovers: attempts are used up (max_attempts = 2)
    try:
        run = wait_for(client, run_id, keys["coordinator"], "failed", timeout=30)
    finally:
        stop(worker)
    assert [event["event"] for event in run["events"]] == ["requeued", "failed"]
    assert run["events"][0]["reason"].startswith("worker ")
    assert "stopped reporting" in run["error"]
    assert run["error"].endswith("attempts exhausted")
