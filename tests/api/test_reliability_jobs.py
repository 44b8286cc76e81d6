"""Runs against real worker processes and their solver children, on each database: a worker killed with SIGKILL
mid-solve, a cancel, and a solve still busy at its hard wall-time limit (the figures: support.record)."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.packages import zip_folder
from api.settings import Settings
from models.run import AwardRow
from procurement.generate import GeneratorSpec, generate_package
from tests.api.support import backend, gone, record, solve_processes, start_worker, stop, wait_for

Keys = dict[str, dict[str, str]]
# Synthetic (every id says so): budgets link all 150 products into one MILP that takes HiGHS about half a minute.
DEFAULT_HEARTBEAT_S = Settings.model_fields["heartbeat_s"].default
LONG = GeneratorSpec(products=150, institutions=8, suppliers=40, price_breaks=True, fixed_costs=True, budgets=True)


@pytest.fixture(scope="module")
def long_zip(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return zip_folder(generate_package(tmp_path_factory.mktemp("long"), LONG))


@pytest.fixture
def long_scenario(client: TestClient, keys: Keys, long_zip: bytes) -> dict[str, Any]:
    files = {"file": ("long.zip", long_zip, "application/zip")}
    response = client.post("/api/v1/scenarios/package", files=files, headers=keys["coordinator"])
    assert response.status_code == 201, response.text
    return dict(response.json())


def launch(client: TestClient, keys: Keys, scenario_id: int, key: str | None = None, **options: Any) -> int:
    headers = keys["coordinator"] | ({"Idempotency-Key": key} if key else {})
    response = client.post(f"/api/v1/scenarios/{scenario_id}/runs", json=options, headers=headers)
    assert response.status_code == 202, response.text
    return int(response.json()["id"])


def seconds(run: dict[str, Any], start: str, end: str) -> float:
    return (datetime.fromisoformat(run[end]) - datetime.fromisoformat(run[start])).total_seconds()


def test_a_run_left_running_by_a_killed_worker_is_requeued_then_failed_with_the_reason(
    client: TestClient, app: FastAPI, settings: Settings, keys: Keys, long_scenario: dict[str, Any]
) -> None:
    run_id, orphans_gone_s = launch(client, keys, long_scenario["id"], key="long-run", threads=1), []
    for attempt in (1, 2):
        worker = start_worker(settings)
        try:
            wait_for(client, run_id, keys["coordinator"], "running", attempts=attempt)
            solves = solve_processes(worker.pid)
        finally:
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait()
        assert solves, "the solve runs in a child process of the worker"
        orphans_gone_s.append(gone(solves))
        assert orphans_gone_s[-1] is not None, "the orphaned solve kills itself"
    worker = start_worker(settings)  # recovers: attempts are used up (max_attempts = 2)
    try:
        run = wait_for(client, run_id, keys["coordinator"], "failed", timeout=30)
    finally:
        stop(worker)
    assert [event["event"] for event in run["events"]] == ["requeued", "failed"]
    assert run["events"][0]["reason"].startswith("el worker ")
    assert "dejó de informar" in run["error"]
    assert run["error"].endswith("se agotaron los intentos")
    assert launch(client, keys, long_scenario["id"], key="long-run", threads=1) == run_id  # the key is answered
    with app.state.sessions() as session:
        assert session.scalar(select(func.count()).where(AwardRow.run_id == run_id)) == 0
    record(
        "worker killed",
        database=backend(settings),
        outcome=run["error"],
        attempts=run["attempts"],
        seconds_until_orphaned_solve_gone=[round(s or 0, 1) for s in orphans_gone_s],
    )


@pytest.fixture
def worker(settings: Settings) -> Iterator[subprocess.Popen[bytes]]:
    """A worker process at the default heartbeat (it notices a cancel and checks its wall-time limit at each)."""
    process = start_worker(settings.model_copy(update={"heartbeat_s": DEFAULT_HEARTBEAT_S}))
    yield process
    stop(process)


def test_a_cancelled_run_has_its_solve_killed_within_five_seconds(
    client: TestClient, settings: Settings, keys: Keys, long_scenario: dict[str, Any], worker: subprocess.Popen[bytes]
) -> None:
    run_id = launch(client, keys, long_scenario["id"], threads=1)
    wait_for(client, run_id, keys["coordinator"], "running")
    solves = solve_processes(worker.pid)
    response = client.post(f"/api/v1/runs/{run_id}/cancel", headers=keys["coordinator"])
    killed_s = gone(solves, timeout=5)
    run = wait_for(client, run_id, keys["coordinator"], "cancelled", timeout=15)
    record(
        "cancel",
        database=backend(settings),
        heartbeat_s=DEFAULT_HEARTBEAT_S,
        seconds_until_solve_gone=killed_s and round(killed_s, 2),
    )
    assert (response.status_code, response.json()["status"]) == (202, "running")
    assert solves
    assert killed_s is not None
    assert run["error"] == "cancelada a petición; se detuvo el solver"
    assert [event["event"] for event in run["events"]] == ["cancelled"]


def test_a_solve_still_busy_at_its_hard_wall_time_limit_is_killed_and_the_run_failed(
    client: TestClient, settings: Settings, keys: Keys, long_scenario: dict[str, Any], worker: subprocess.Popen[bytes]
) -> None:
    run_id = launch(client, keys, long_scenario["id"], wall_limit_s=3, threads=1)
    wait_for(client, run_id, keys["coordinator"], "running")
    solves = solve_processes(worker.pid)
    lived_s = gone(solves, timeout=20)  # from within a poll (0.1 s) of its start, when its deadline is set
    run = wait_for(client, run_id, keys["coordinator"], "failed", timeout=20)
    over_s = (lived_s or 0) - 3
    record(
        "wall limit",
        database=backend(settings),
        heartbeat_s=DEFAULT_HEARTBEAT_S,
        seconds_over_limit=round(over_s, 2),
        run_seconds_over_limit=round(seconds(run, "started_at", "finished_at") - 3, 2),  # with loading, starting
    )
    assert run["error"] == "se alcanzó el límite estricto de tiempo de 3 s; se detuvo el solver"
    assert solves
    assert lived_s is not None
    # the limit is checked at each heartbeat, then the process group is killed: under `make test`, which keeps both
    # cores busy, that was seen up to 6.4 s over a 3 s limit, so the bound only tells a kill at the limit from a
    # solve left running (the figures above, for docs/operations.md, come from a quieter run)
    assert over_s < DEFAULT_HEARTBEAT_S + 10
    assert client.get(f"/api/v1/runs/{run_id}/awards", headers=keys["coordinator"]).status_code == 409


def launch_comparison(client: TestClient, keys: Keys, scenario_id: int, **options: Any) -> int:
    body = {"vary": ["solver.mip_gap=0,0.01"], "threads": 1, **options}
    response = client.post(f"/api/v1/scenarios/{scenario_id}/comparisons", json=body, headers=keys["coordinator"])
    assert response.status_code == 202, response.text
    return int(response.json()["id"])


def test_a_cancelled_comparison_has_its_solves_killed_as_a_run_has(
    client: TestClient, keys: Keys, long_scenario: dict[str, Any], worker: subprocess.Popen[bytes]
) -> None:
    comparison_id = launch_comparison(client, keys, long_scenario["id"])
    wait_for(client, comparison_id, keys["coordinator"], "running", jobs="comparisons")
    solves = solve_processes(worker.pid)
    response = client.post(f"/api/v1/comparisons/{comparison_id}/cancel", headers=keys["coordinator"])
    killed_s = gone(solves, timeout=5)
    comparison = wait_for(client, comparison_id, keys["coordinator"], "cancelled", timeout=15, jobs="comparisons")
    assert (response.status_code, response.json()["status"]) == (202, "running")
    assert solves
    assert killed_s is not None
    assert comparison["error"] == "cancelada a petición; se detuvieron los solvers"
    assert comparison["table"] is None


def test_a_comparison_still_busy_at_its_hard_wall_time_limit_is_killed_and_failed_as_a_run_is(
    client: TestClient, keys: Keys, long_scenario: dict[str, Any], worker: subprocess.Popen[bytes]
) -> None:
    comparison_id = launch_comparison(client, keys, long_scenario["id"], wall_limit_s=3)
    wait_for(client, comparison_id, keys["coordinator"], "running", jobs="comparisons")
    solves = solve_processes(worker.pid)
    lived_s = gone(solves, timeout=20)
    comparison = wait_for(client, comparison_id, keys["coordinator"], "failed", timeout=20, jobs="comparisons")
    assert comparison["error"] == "se alcanzó el límite estricto de tiempo de 3 s; se detuvieron los solvers"
    assert solves
    assert lived_s is not None
    assert lived_s - 3 < DEFAULT_HEARTBEAT_S + 10  # as for a run: a kill at the limit, not a solve left running
