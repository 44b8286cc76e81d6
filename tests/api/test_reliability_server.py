"""A live server (`procurement serve`: uvicorn and its worker process) on each database: a burst of run
submissions, and the server killed with SIGKILL while it stores a large upload (the figures: support.record)."""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from pathlib import Path
from subprocess import DEVNULL
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from api.packages import zip_folder
from api.settings import Settings
from models.access import IdempotencyRecord
from models.db import make_engine, make_sessions
from models.scenario import BidRow, Scenario, ScenarioVersion
from procurement.generate import PRESETS, generate_package
from tests.api.support import (
    ROOT,
    backend,
    children,
    environment,
    free_port,
    gone,
    record,
    serving,
    wait_until_ready,
)
from tests.builders import write_package

Keys = dict[str, dict[str, str]]
SERVE = [sys.executable, "-m", "procurement.cli", "serve", "--host", "127.0.0.1"]
TERMINAL = {"succeeded", "failed", "cancelled"}
BURST, CONCURRENCY = 200, 20
SOLVE_ALL = os.environ.get("RELIABILITY_SOLVE_ALL") == "1"  # the burst's runs all solved (minutes), none cancelled


Answer = tuple[int, float, dict[str, Any], int]  # status code, seconds, body, retries of a request not answered


def posts(http: httpx.Client, paths: list[str]) -> list[Answer]:
    """POST each path with an Idempotency-Key of its own, CONCURRENCY at a time, as an ERP would: a request left
    without an answer (a keep-alive connection the server closed just as it was reused) is sent again (a cancel
    ignores the key: cancelling twice is harmless)."""

    def post(numbered: tuple[int, str]) -> Answer:
        started, headers = time.monotonic(), {"Idempotency-Key": f"burst-{numbered[0]}"}
        for retries in range(3):
            try:
                response = http.post(numbered[1], json={}, headers=headers)
            except httpx.TransportError as error:
                failure = {"error": repr(error), "path": numbered[1]}
                continue
            return response.status_code, time.monotonic() - started, response.json(), retries
        return 0, time.monotonic() - started, failure, retries

    with ThreadPoolExecutor(CONCURRENCY) as pool:
        return list(pool.map(post, enumerate(paths)))


def run_statuses(http: httpx.Client) -> dict[int, str]:
    page = http.get("/api/v1/runs", params={"limit": 1000}).json()
    return {run["id"]: run["status"] for run in page["items"]}


def wait_for_runs(http: httpx.Client, done: Callable[[list[str]], bool], timeout: float) -> dict[int, str]:
    """Poll every run's status until `done(statuses)` or `timeout`."""
    deadline = time.monotonic() + timeout
    while not done(list((statuses := run_statuses(http)).values())) and time.monotonic() < deadline:
        time.sleep(0.2)
    return statuses


def test_a_burst_of_run_submissions_gets_no_server_error_and_every_run_ends(
    settings: Settings, keys: Keys, tmp_path: Path
) -> None:
    """200 submissions at concurrency 20 while two workers solve; once two have succeeded the rest are cancelled
    (solving all 200 takes minutes on two cores; RELIABILITY_SOLVE_ALL=1 waits for it), and every run must end."""
    tiny = zip_folder(write_package(tmp_path / "tiny"))
    with (
        serving([*SERVE, "--workers", "2"], settings, tmp_path / "serve.log") as (url, _),
        httpx.Client(base_url=url, headers=keys["coordinator"], timeout=60) as http,
    ):
        created = http.post("/api/v1/scenarios/package", files={"file": ("tiny.zip", tiny, "application/zip")})
        started = time.monotonic()
        answers = posts(http, [f"/api/v1/scenarios/{created.json()['id']}/runs"] * BURST)
        burst_s = time.monotonic() - started
        cancels = []
        if not SOLVE_ALL:
            wait_for_runs(http, lambda statuses: statuses.count("succeeded") >= 2, timeout=60)
            cancels = posts(http, [f"/api/v1/runs/{body['id']}/cancel" for _, _, body, _ in answers if "id" in body])
        statuses = wait_for_runs(http, lambda statuses: set(statuses) <= TERMINAL, timeout=900 if SOLVE_ALL else 60)
        terminal_s = time.monotonic() - started
    percentiles = statistics.quantiles([answer[1] for answer in answers], n=100)
    counts = {status: list(statuses.values()).count(status) for status in sorted(set(statuses.values()))}
    server_errors = sum(answer[0] >= 500 for answer in [*answers, *cancels])
    record(
        "burst",
        database=backend(settings),
        submissions=BURST,
        concurrency=CONCURRENCY,
        p50_ms=round(percentiles[49] * 1000),
        p95_ms=round(percentiles[94] * 1000),
        burst_s=round(burst_s, 1),
        server_errors=server_errors,
        retries_after_no_answer=sum(answer[3] for answer in [*answers, *cancels]),
        seconds_to_all_terminal=round(terminal_s, 1),
        statuses=counts,
    )
    assert server_errors == 0
    assert [answer for answer in answers if answer[0] != 202] == []
    assert [answer for answer in cancels if answer[0] not in (202, 409)] == []  # 409: it had finished meanwhile
    assert sorted(statuses) == sorted(body["id"] for _, _, body, _ in answers)  # none lost, none doubled
    assert set(statuses.values()) <= TERMINAL
    assert counts.get("succeeded", 0) >= 2


def writing(settings: Settings) -> bool:
    """Whether a connection other than this probe's holds a write transaction open (an insert under way)."""
    engine = make_engine(settings.database_url)
    try:
        with engine.connect() as connection:
            if settings.is_sqlite:
                try:
                    connection.exec_driver_sql("PRAGMA busy_timeout=0")
                    connection.exec_driver_sql("BEGIN IMMEDIATE")
                except Exception:
                    return True
                connection.exec_driver_sql("ROLLBACK")
                return False
            query = (
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND backend_xid IS NOT NULL"
            )
            return bool(connection.exec_driver_sql(query).scalar())
    finally:
        engine.dispose()


def count_rows(settings: Settings) -> dict[str, int]:
    """Rows of the scenario tables an upload writes, and the unanswered idempotency records."""
    sessions = make_sessions(make_engine(settings.database_url))
    with sessions() as session:
        counts = {
            model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Scenario, ScenarioVersion, BidRow)
        }
        counts["unanswered"] = session.scalar(select(func.count()).where(IdempotencyRecord.status_code.is_(None))) or 0
    return counts


@pytest.fixture(scope="module")
def large_zip(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return zip_folder(generate_package(tmp_path_factory.mktemp("large"), PRESETS["medium"]))


def test_a_server_killed_mid_upload_leaves_no_partial_scenario_and_its_key_is_not_stuck_after_restart(
    settings: Settings, keys: Keys, tmp_path: Path, large_zip: bytes
) -> None:
    headers = {**keys["coordinator"], "Idempotency-Key": "large-upload"}
    files = {"file": ("large.zip", large_zip, "application/zip")}
    worker_pids = kill_mid_upload(settings, files, headers)
    left = count_rows(settings)
    worker_gone_s = gone(worker_pids, timeout=5)
    for pid in worker_pids:
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    with serving(SERVE, settings, tmp_path / "serve.log") as (url, _), httpx.Client(base_url=url, timeout=120) as http:
        restarted = time.monotonic()
        while (retry := http.post("/api/v1/scenarios/package", files=files, headers=headers)).status_code == 409:
            assert time.monotonic() - restarted < settings.stale_after_s + 30, retry.text
            time.sleep(0.5)
        released_s = time.monotonic() - restarted
        again = http.post("/api/v1/scenarios/package", files=files, headers=headers)
    record(
        "server killed mid-upload",
        database=backend(settings),
        rows_left=left,
        retry_status=retry.status_code,
        seconds_until_key_released=round(released_s, 1),
        stale_after_s=settings.stale_after_s,
        seconds_until_worker_gone=worker_gone_s and round(worker_gone_s, 1),
    )
    assert left == {"scenarios": 0, "scenario_versions": 0, "scenario_bids": 0, "unanswered": 1}
    assert retry.status_code == 201, retry.text
    assert again.json()["id"] == retry.json()["id"]
    assert count_rows(settings)["scenarios"] == 1
    assert worker_gone_s is not None, "the worker of a killed server stops too"


def kill_mid_upload(settings: Settings, files: dict[str, Any], headers: dict[str, str]) -> list[int]:
    """Start `procurement serve`, upload `files` and SIGKILL the server while it inserts the scenario; the pids of
    the worker it had started."""
    port = free_port()
    server = subprocess.Popen(
        [*SERVE, "--port", str(port)], env=environment(settings), cwd=ROOT, stdout=DEVNULL, stderr=DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(url, server)
        worker_pids = children(server.pid, "worker")
        upload = threading.Thread(target=_post_quietly, args=(f"{url}/api/v1/scenarios/package", files, headers))
        upload.start()
        deadline = time.monotonic() + 60
        while not (count_rows(settings)["unanswered"] and writing(settings)):  # its insert is under way
            assert time.monotonic() < deadline, "the upload never reached its insert"
            time.sleep(0.01)
        os.kill(server.pid, signal.SIGKILL)
        upload.join()
    finally:
        server.kill()
        server.wait()
    return worker_pids


def _post_quietly(url: str, files: dict[str, Any], headers: dict[str, str]) -> None:
    """POST an upload whose server is killed meanwhile: no answer comes."""
    with pytest.raises(httpx.TransportError):
        httpx.post(url, files=files, headers=headers, timeout=120)
