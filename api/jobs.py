"""Background runs on Huey: one task per run, each solve in a child process with a hard wall-time limit.

The run row is the source of truth. A worker claims a queued run, starts the child, relays its progress, beats a
heartbeat, and kills it on cancel or overrun; runs whose worker stopped beating are re-queued or failed.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import socket
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol

from huey import Huey, PostgresHuey, RedisHuey, SqliteHuey
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from api.packages import export_package
from api.settings import Settings
from api.solver_child import explanation_margin, solve_in_child
from models import repository
from models.db import make_engine, make_sessions, now
from models.run import Run, RunStatus
from models.scenario import ScenarioVersion

log = logging.getLogger("procurement.jobs")
TASK = "execute_run"
SPAWN = multiprocessing.get_context("spawn")
KILLED = "the solve was killed"


@dataclass
class Ending:
    """How a run ended, as the worker will record it."""

    status: RunStatus
    error: str | None = None
    result: dict[str, Any] = field(default_factory=dict)


class RunQueue:
    """The Huey queue of runs and what a worker needs to execute them."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.huey = _make_huey(settings)
        self.worker = f"{socket.gethostname()}:{os.getpid()}"
        self._task = self.huey.task(name=TASK)(self.execute)
        from api.comparison_jobs import ComparisonJobs  # built on this module's helpers, so imported here

        self.comparisons = ComparisonJobs(self)

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        return make_sessions(make_engine(self.settings.database_url))

    def submit(self, run_id: int) -> None:
        self._task(run_id)

    def pending(self) -> int:
        return int(self.huey.pending_count())

    def execute(self, run_id: int) -> None:
        if not self._claim(run_id):
            return
        ending = self._supervise(run_id)
        self._finish(run_id, ending)

    def _claim(self, run_id: int) -> bool:
        with self.sessions() as session:
            claimed = repository.claim_run(session, run_id, self.worker, now())
            session.commit()
        return claimed

    def _supervise(self, run_id: int) -> Ending:
        package, options, wall_limit = self._load(run_id)

        def beat(progress: str) -> Ending | None:
            with self.sessions() as session:
                return heartbeat(session, _get(session, run_id), self.worker, progress, KILLED)

        arguments = (package, options, time.time() + wall_limit - explanation_margin(wall_limit))
        return supervise_child(solve_in_child, arguments, wall_limit, self.settings.heartbeat_s, beat, _ending, KILLED)

    def _load(self, run_id: int) -> tuple[Any, dict[str, Any], float]:
        with self.sessions() as session, tempfile.TemporaryDirectory() as folder:
            run = _get(session, run_id)
            version = session.get(ScenarioVersion, run.version_id)
            assert version is not None
            package = export_package(Path(folder), version.settings, repository.all_input_rows(session, version.id))
            return package, run.options, run.wall_limit_s

    def _finish(self, run_id: int, ending: Ending) -> None:
        with self.sessions() as session:
            run = repository.get_run(session, run_id, lock=True)
            if run is None or run.status != RunStatus.RUNNING or run.worker != self.worker:
                return  # re-queued or failed by recovery meanwhile: that decision stands
            repository.clear_results(session, run_id)
            repository.add_results(session, run_id, ending.result.get("tables", {}))
            _record(run, ending)
            session.commit()

    def recover(self) -> list[int]:
        """Re-queue (or fail, after max_attempts) other workers' runs that stopped beating; the reason is recorded.

        A worker never recovers its own runs: while it runs this, it is alive, however slow its heartbeats.
        """
        cutoff = now() - timedelta(seconds=self.settings.stale_after_s)
        requeued = []
        with self.sessions() as session:
            for run in repository.stale_runs(session, cutoff, self.worker):
                reason = (
                    f"worker {run.worker} stopped reporting (last heartbeat {run.heartbeat_at:%Y-%m-%d %H:%M:%S} UTC)"
                )
                if run.attempts < self.settings.max_attempts:
                    run.status, run.worker, run.progress = RunStatus.QUEUED, None, ""
                    requeued.append(run.id)
                    _note(run, "requeued", reason)
                else:
                    run.status, run.finished_at, run.error = RunStatus.FAILED, now(), f"{reason}; attempts exhausted"
                    _note(run, "failed", reason)
            session.commit()
        for run_id in requeued:
            self.submit(run_id)
        return requeued

    def watch_stale_runs(self, stop: threading.Event) -> None:
        """Recover stale runs and comparisons now and then, at a third of the staleness threshold, until `stop`."""
        while not stop.is_set():
            try:
                self.recover()
                self.comparisons.recover()
            except Exception:  # a database hiccup must not end the watcher
                log.exception("recovering stale runs failed")
            stop.wait(max(1.0, self.settings.stale_after_s / 3))


class Job(Protocol):
    """What supervision needs of a job row: a run or a comparison."""

    status: str
    worker: str | None
    progress: str
    heartbeat_at: datetime | None
    cancel_requested_at: datetime | None


def supervise_child(
    target: Callable[..., None],
    arguments: tuple[Any, ...],
    wall_limit: float,
    every_s: float,
    beat: Callable[[str], Ending | None],
    conclude: Callable[[str, Any], Ending],
    killed: str,
) -> Ending:
    """Run `target(*arguments, parent_pid, sender)` in a child process group and relay its progress to `beat` every
    `every_s`; end with `conclude(kind, payload)` of its last message, or kill it on cancel, loss or overrun."""
    receiver, sender = SPAWN.Pipe(duplex=False)
    # Not a daemon: a large purchase solves its blocks in worker processes of its own, which daemons may not start.
    child = SPAWN.Process(target=target, args=(*arguments, os.getpid(), sender))
    child.start()
    sender.close()
    try:
        deadline, progress = time.monotonic() + wall_limit, ""
        while True:
            if receiver.poll(every_s):
                try:
                    kind, payload = receiver.recv()
                except EOFError:
                    return Ending(RunStatus.FAILED, f"the solver process ended unexpectedly (exit code {_exit(child)})")
                if kind != "progress":
                    return conclude(kind, payload)
                progress = str(payload)
            stop = beat(progress)
            if stop is not None:
                return stop
            if time.monotonic() > deadline:
                return Ending(RunStatus.FAILED, f"the hard wall-time limit of {wall_limit:g} s was reached; {killed}")
    finally:
        _kill(child)


def heartbeat(session: Session, job: Job, worker: str, progress: str, killed: str) -> Ending | None:
    """Record a job's heartbeat and progress; an Ending if it was cancelled or taken from this worker."""
    if job.status != RunStatus.RUNNING or job.worker != worker:
        return Ending(RunStatus(job.status), "lost")
    job.heartbeat_at, job.progress = now(), progress or job.progress
    session.commit()
    return Ending(RunStatus.CANCELLED, f"cancelled on request; {killed}") if job.cancel_requested_at else None


def _ending(kind: str, payload: Any) -> Ending:
    if kind == "error":
        return Ending(RunStatus.FAILED, str(payload))
    if not payload["has_solution"]:
        return Ending(RunStatus.FAILED, f"the solver found no award: {payload['solver_status']}", payload)
    return Ending(RunStatus.SUCCEEDED, None, payload)


def _record(run: Run, ending: Ending) -> None:
    run.status, run.error, run.finished_at = ending.status, ending.error, now()
    run.solver_status = ending.result.get("solver_status")
    objective = ending.result.get("objective")
    run.objective = None if objective is None else Decimal(repr(float(objective)))
    run.summary = ending.result.get("summary")
    run.explained = bool(ending.result.get("explained"))
    run.progress = "done" if ending.status == RunStatus.SUCCEEDED else str(ending.status)
    _note(run, str(ending.status), ending.error or "")


def _note(run: Run, event: str, reason: str) -> None:
    run.events = [*run.events, {"at": now().isoformat(), "event": event, "reason": reason}]


def _get(session: Session, run_id: int) -> Run:
    run = repository.get_run(session, run_id)
    if run is None:
        raise LookupError(f"run {run_id} does not exist")
    return run


def _kill(child: Any) -> None:
    """Kill the child's whole process group (it may have started solver processes) and reap it."""
    if child.pid is not None and child.is_alive():
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except ProcessLookupError:  # killed before it made its own group
            child.kill()
    child.join(timeout=10)


def _exit(child: Any) -> object:
    child.join(timeout=5)
    return child.exitcode


def _make_huey(settings: Settings) -> Huey:
    """Redis when REDIS_URL is set; the PostgreSQL database itself when it is the store; else a SQLite file."""
    if settings.redis_url:
        return RedisHuey("procurement", url=settings.redis_url)
    if not settings.is_sqlite:
        dsn = make_url(settings.database_url).set(drivername="postgresql").render_as_string(hide_password=False)
        return PostgresHuey("procurement", dsn=dsn)
    settings.queue_file.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("procurement", filename=str(settings.queue_file))
