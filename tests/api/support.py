"""Helpers of the API tests: scenario documents from packages, keys, draining the queue, waiting for runs, and
the processes of the reliability tests (their children, their end, the figures they measure)."""

from __future__ import annotations

import csv
import json
import os
import signal
import socket
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.settings import Settings
from procurement.tables import TABLES

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "scenarios" / "sample"


def document(folder: Path = SAMPLE) -> dict[str, Any]:
    """A package folder as the JSON the API takes: scenario.toml's settings, then each CSV as objects."""
    result: dict[str, Any] = tomllib.loads((folder / "scenario.toml").read_text(encoding="utf-8"))
    for spec in TABLES:
        if (folder / spec.file).is_file():
            with (folder / spec.file).open(encoding="utf-8", newline="") as stream:
                result[spec.name] = list(csv.DictReader(stream))
    return result


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def drain(app: FastAPI) -> None:
    """Execute every queued run in this process, as a worker would (the solve still runs in a child process)."""
    huey = app.state.queue.huey
    while (task := huey.dequeue()) is not None:
        huey.execute(task)


def wait_for(
    client: TestClient,
    run_id: int,
    headers: dict[str, str],
    *statuses: str,
    attempts: int | None = None,
    timeout: float = 60,
    jobs: str = "runs",
) -> dict[str, Any]:
    """Poll a run (or another kind of job: `jobs` "comparisons") until its status is one of `statuses` (on its
    `attempts`-th attempt, if given)."""
    deadline = time.monotonic() + timeout
    while True:
        run: dict[str, Any] = client.get(f"/api/v1/{jobs}/{run_id}", headers=headers).json()
        reached = run["status"] in statuses and attempts in (None, run["attempts"])
        if reached or time.monotonic() > deadline:
            assert reached, run
            return run
        time.sleep(0.2)


def environment(settings: Settings) -> dict[str, str]:
    """The environment that gives a `procurement` process the same settings."""
    env = {**os.environ, "DATABASE_URL": settings.database_url, "PROCUREMENT_QUEUE_PATH": str(settings.queue_file)}
    for name in ("heartbeat_s", "stale_after_s", "max_attempts", "run_wall_limit_s", "explain_runs"):
        env[f"PROCUREMENT_{name.upper()}"] = str(getattr(settings, name))
    if settings.redis_url:
        env["REDIS_URL"] = settings.redis_url
    return env


def start_worker(settings: Settings) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "procurement.cli", "worker"]
    return subprocess.Popen(command, env=environment(settings), cwd=ROOT, stderr=subprocess.DEVNULL)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_ready(url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    """Poll /readyz of a server started as `process` until it answers 200 (the process must stay up)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server stopped"
        try:
            if httpx.get(f"{url}/readyz").status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise AssertionError("the server did not become ready")


@contextmanager
def serving(command: list[str], settings: Settings, log: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`command --port <a free port>` with the settings' environment, its output in `log`: its URL once it is
    ready, and the process; stopped with SIGTERM at the end."""
    port = free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [*command, "--port", str(port)],
            env=environment(settings),
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_ready(url, process)
            yield url, process
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)


# --- processes of the reliability tests (test_reliability_*.py) -----------------------------------------------


def record(case: str, **figures: Any) -> None:
    """Print a case's figures and append them to $RELIABILITY_FIGURES, if set."""
    line = json.dumps({"case": case, "database": figures.pop("database"), **figures})
    print(line)
    if target := os.environ.get("RELIABILITY_FIGURES"):
        with open(target, "a", encoding="utf-8") as output:
            output.write(line + "\n")


def backend(settings: Settings) -> str:
    return "sqlite" if settings.is_sqlite else "postgresql"


def children(pid: int, marker: str) -> list[int]:
    """Child processes of `pid` whose command line holds `marker`."""
    listing = subprocess.run(["ps", "-ww", "-o", "pid=,args=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(line.split()[0]) for line in listing.stdout.splitlines() if marker in line]


def solve_processes(worker_pid: int, timeout: float = 20) -> list[int]:
    """The worker's solve child processes, once it has started them."""
    deadline = time.monotonic() + timeout
    while not (found := children(worker_pid, "spawn_main")) and time.monotonic() < deadline:
        time.sleep(0.1)
    return found


def gone(pids: list[int], timeout: float = 10) -> float | None:
    """Seconds until every process of `pids` has ended, or None if one is still there after `timeout`."""
    started = time.monotonic()
    while any(Path(f"/proc/{pid}").exists() and _state(pid) != "Z" for pid in pids):
        if time.monotonic() - started > timeout:
            return None
        time.sleep(0.05)
    return time.monotonic() - started


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):  # gone between the check and the read (ENOENT, or ESRCH while it is reaped)
        return "X"
