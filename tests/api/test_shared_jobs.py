"""Two worker processes on one Redis share one job: the blocks of a large purchase and the variants of a
comparison are taken by both, and each result is the one a single worker gives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.main import create_app
from api.packages import zip_folder
from api.settings import Settings
from procurement.generate import GeneratorSpec, generate_package
from procurement.solve import PARALLEL_MIN_DEMAND_ROWS
from tests.api.support import drain, start_worker, stop, wait_for

Keys = dict[str, dict[str, str]]
# Above PARALLEL_MIN_DEMAND_ROWS, with MILP blocks (price breaks, fixed costs): its blocks are shared.
WIDE = GeneratorSpec(products=420, institutions=15, suppliers=100, price_breaks=True, fixed_costs=True, seed=3)
VARY = ["policy.max_price_gap=none,0.05", "policy.national_preference=0,0.10"]  # four variants


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """SQLite only: pieces go through Redis whatever the database, and the jobs' lifecycle on both databases is
    the reliability suite's (test_reliability_jobs.py); this test is the slowest of the suite."""
    return f"sqlite:///{tmp_path / 'procurement.db'}"


def test_two_workers_on_one_redis_share_a_run_and_a_comparison_and_reach_what_one_worker_does(
    settings: Settings,
    client: TestClient,
    app: FastAPI,
    keys: Keys,
    scenario: dict[str, Any],
    redis_url: str,
    tmp_path: Path,
) -> None:
    files = {"file": ("wide.zip", zip_folder(generate_package(tmp_path / "wide", WIDE)), "application/zip")}
    wide = client.post("/api/v1/scenarios/package", files=files, headers=keys["coordinator"]).json()
    assert wide["counts"]["demand"] >= PARALLEL_MIN_DEMAND_ROWS
    jobs: list[tuple[str, dict[str, Any], str]] = [
        (f"/api/v1/scenarios/{wide['id']}/runs", {"explain": False}, "runs"),
        (f"/api/v1/scenarios/{scenario['id']}/comparisons", {"vary": VARY}, "comparisons"),
    ]
    alone = [submit(client, path, body, keys) for path, body, _ in jobs]
    drain(app)  # one worker and its own processes: no Redis, nothing shared
    run, comparison = [read(client, job, kind, keys) for job, (_, _, kind) in zip(alone, jobs, strict=True)]

    # the job's package is exported before its first heartbeat: a large one gets time before it counts as stale
    on_redis = settings.model_copy(update={"redis_url": redis_url, "stale_after_s": 60})
    redis_client = TestClient(create_app(on_redis))
    workers = [start_worker(on_redis) for _ in range(2)]
    try:  # one job after the other, so that the worker that does not execute it is free to help
        shared_run, shared_comparison = [
            wait_for(
                redis_client,
                submit(redis_client, path, body, keys)["id"],
                keys["coordinator"],
                "succeeded",
                "failed",
                timeout=240,
                jobs=kind,
            )
            for path, body, kind in jobs
        ]
    finally:
        for worker in workers:
            stop(worker)

    assert (run["status"], run["solver_status"]) == ("succeeded", "optimal"), run["error"]
    assert (shared_run["status"], shared_run["solver_status"]) == ("succeeded", "optimal"), shared_run["error"]
    assert shared_run["objective"] == run["objective"]
    awards = every_award(client, run["id"], keys)
    assert len(awards) > 1000
    assert every_award(client, shared_run["id"], keys) == awards
    assert "shared" not in [event["event"] for event in run["events"]]
    both_did_some(pieces_done_by(shared_run))

    assert comparison["status"] == "succeeded", comparison["error"]
    assert shared_comparison["status"] == "succeeded", shared_comparison["error"]
    assert shared_comparison["variants"] == comparison["variants"]
    assert shared_comparison["table"] == comparison["table"]
    done_by = pieces_done_by(shared_comparison)
    assert sum(done_by.values()) == len(comparison["variants"]) == 4
    both_did_some(done_by)


def submit(client: TestClient, path: str, body: dict[str, Any], keys: Keys) -> dict[str, Any]:
    response = client.post(path, json=body, headers=keys["coordinator"])
    assert response.status_code == 202, response.text
    return dict(response.json())


def read(client: TestClient, job: dict[str, Any], kind: str, keys: Keys) -> dict[str, Any]:
    return dict(client.get(f"/api/v1/{kind}/{job['id']}", headers=keys["coordinator"]).json())


def every_award(client: TestClient, run_id: int, keys: Keys) -> list[dict[str, Any]]:
    awards: list[dict[str, Any]] = []
    while True:
        path = f"/api/v1/runs/{run_id}/awards?limit=1000&offset={len(awards)}"
        items = client.get(path, headers=keys["coordinator"]).json()["items"]
        if not items:
            return awards
        awards += items


def pieces_done_by(job: dict[str, Any]) -> dict[str, int]:
    """Pieces of the job each worker did, from the job's `shared` event."""
    (shared,) = [event for event in job["events"] if event["event"] == "shared"]
    pieces: dict[str, int] = shared["pieces"]
    return pieces


def both_did_some(done_by: dict[str, int]) -> None:
    assert len(done_by) == 2, done_by
    assert min(done_by.values()) > 0, done_by
