"""Background jobs (runs and comparisons) on Huey: one task per job, its work in a child process with a hard
wall-time limit.

The job row is the source of truth. A worker claims a queued job, starts the child its kind names
(api.job_kinds), relays its progress, beats a heartbeat, and kills it on cancel or overrun; jobs whose worker
stopped beating are re-queued or failed. Every kind goes through this one path.

On Redis, a job's independent pieces (the blocks of a large purchase, the variants of a comparison) are posted
as tasks of their own, which any free worker takes (api.sharing): one job is shared by every worker.
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
from datetime import timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

from huey import Huey, PostgresHuey, RedisHuey, SqliteHuey
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from api.job_kinds import Ending, JobKind, kind_of
from api.packages import export_package
from api.progress import stored_error
from api.settings import Settings
from api.sharing import Helpers, QueueBoard, help_with
from models import repository
from models.db import make_engine, make_sessions, now
from models.job import Job, JobStatus
from models.scenario import ScenarioVersion
from procurement.messages import Message

log = logging.getLogger("procurement.jobs")
TASK = "execute_job"
HELP = "help_with_job"
SPAWN = multiprocessing.get_context("spawn")


class JobQueue:
    """The Huey queue of jobs and what a worker needs to execute them, whatever their kind."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.huey = _make_huey(settings)
        self.worker = f"{socket.gethostname()}:{os.getpid()}"
        self._task = self.huey.task(name=TASK)(self.execute)
        self._help = self.huey.task(name=HELP)(self.help)
        self.helpers = Helpers(settings.heartbeat_s)

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        return make_sessions(make_engine(self.settings.database_url))

    def submit(self, job_id: int) -> None:
        self._task(job_id)

    def ask_help(self, round_: str, piece: int) -> None:
        """Announce a posted piece of a job to whichever worker is free first."""
        self._help(round_, piece)

    def help(self, round_: str, piece: int) -> None:
        with self.helpers.borrow() as helper:
            help_with(self, round_, piece, helper)

    def pending(self) -> int:
        return int(self.huey.pending_count())

    def execute(self, job_id: int) -> None:
        with self.sessions() as session:
            claimed = repository.claim_job(session, job_id, self.worker, now())
            session.commit()
        if claimed:
            self._finish(job_id, self._supervise(job_id))

    def _supervise(self, job_id: int) -> Ending:
        job, package = self._load(job_id)

        def beat(progress: str) -> Ending | None:
            with self.sessions() as session:
                return heartbeat(session, _get(session, job_id), self.worker, progress)

        kind = kind_of(job)
        # With Redis, every worker of the queue (on any machine) may take pieces of the job: see api.sharing.
        board = QueueBoard(self, f"job{job_id}") if self.settings.redis_url else None
        arguments = (*kind.arguments(job, package), board)
        try:
            return supervise_child(kind, arguments, job.wall_limit_s, self.settings.heartbeat_s, beat)
        finally:
            if board is not None:
                board.close()

    def _load(self, job_id: int) -> tuple[Job, Any]:
        with self.sessions() as session, tempfile.TemporaryDirectory() as folder:
            job = _get(session, job_id)
            version = session.get(ScenarioVersion, job.version_id)
            assert version is not None
            package = export_package(Path(folder), version.settings, repository.all_input_rows(session, version.id))
            return job, package

    def _finish(self, job_id: int, ending: Ending) -> None:
        with self.sessions() as session:
            job = repository.get_job(session, job_id, lock=True)
            if job is None or job.status != JobStatus.RUNNING or job.worker != self.worker:
                return  # re-queued or failed by recovery meanwhile: that decision stands
            kind_of(job).record(session, job, ending)
            error = None if ending.error is None else stored_error(ending.error)
            job.status, job.error, job.finished_at = ending.status, error, now()
            job.progress = "done" if ending.status == JobStatus.SUCCEEDED else str(ending.status)
            _note(job, str(ending.status), error or "")
            if ending.result.get("pieces_done_by"):
                _note_shared(job, ending.result["pieces_done_by"])
            session.commit()

    def recover(self) -> list[int]:
        """Re-queue (or fail, after max_attempts) other workers' jobs that stopped beating; the reason is recorded.

        A worker never recovers its own jobs: while it runs this, it is alive, however slow its heartbeats.
        """
        cutoff = now() - timedelta(seconds=self.settings.stale_after_s)
        requeued = []
        with self.sessions() as session:
            for job in repository.stale_jobs(session, cutoff, self.worker):
                figures = {"worker": job.worker, "heartbeat": f"{job.heartbeat_at:%Y-%m-%d %H:%M:%S}"}
                reason = stored_error(Message("job.worker_stopped", figures))
                if job.attempts < self.settings.max_attempts:
                    job.status, job.worker, job.progress = JobStatus.QUEUED, None, ""
                    requeued.append(job.id)
                    _note(job, "requeued", reason)
                else:
                    job.status, job.finished_at = JobStatus.FAILED, now()
                    job.error = stored_error(Message("job.worker_stopped_exhausted", figures))
                    _note(job, "failed", reason)
            session.commit()
        for job_id in requeued:
            self.submit(job_id)
        return requeued

    def watch_stale_jobs(self, stop: threading.Event) -> None:
        """Recover stale jobs now and then, at a third of the staleness threshold, until `stop`."""
        while not stop.is_set():
            try:
                self.recover()
            except Exception:  # a database hiccup must not end the watcher
                log.exception("recovering stale jobs failed")
            stop.wait(max(1.0, self.settings.stale_after_s / 3))


def supervise_child(
    kind: JobKind, arguments: tuple[Any, ...], wall_limit: float, every_s: float, beat: Callable[[str], Ending | None]
) -> Ending:
    """Run the kind's `target(*arguments, parent_pid, sender)` in a child process group and relay its progress to
    `beat` every `every_s`; end with the kind's ending of its last message, or kill it on cancel, loss or overrun."""
    receiver, sender = SPAWN.Pipe(duplex=False)
    # Not a daemon: a large purchase solves its blocks in worker processes of its own, which daemons may not start.
    child = SPAWN.Process(target=kind.target, args=(*arguments, os.getpid(), sender))
    child.start()
    sender.close()
    try:
        deadline, progress = time.monotonic() + wall_limit, ""
        while True:
            if receiver.poll(every_s):
                try:
                    message, payload = receiver.recv()
                except EOFError:
                    return Ending(JobStatus.FAILED, Message("job.child_died", {"code": _exit(child)}))
                if message != "progress":
                    return kind.conclude(message, payload)
                progress = str(payload)
            stop = beat(progress)
            if stop is not None:
                return stop
            if time.monotonic() > deadline:
                return Ending(JobStatus.FAILED, Message(f"job.wall_limit_{kind.name}", {"limit": wall_limit}))
    finally:
        kill_group(child)


def heartbeat(session: Session, job: Job, worker: str, progress: str) -> Ending | None:
    """Record a job's heartbeat and progress; an Ending if it was cancelled or taken from this worker."""
    if job.status != JobStatus.RUNNING or job.worker != worker:
        return Ending(JobStatus(job.status))  # re-queued or failed by recovery: _finish leaves it so
    job.heartbeat_at, job.progress = now(), progress or job.progress
    session.commit()
    return Ending(JobStatus.CANCELLED, Message(f"job.cancelled_{job.kind}")) if job.cancel_requested_at else None


def _note(job: Job, event: str, reason: str, **figures: object) -> None:
    job.events = [*job.events, {"at": now().isoformat(), "event": event, "reason": reason, **figures}]


def _note_shared(job: Job, done_by: dict[str, int]) -> None:
    """Which workers did the pieces of a job shared through the queue (api.sharing)."""
    counts = ", ".join(f"{worker} ×{count}" for worker, count in done_by.items())
    _note(job, "shared", stored_error(Message("job.shared", {"counts": counts})), pieces=done_by)


def _get(session: Session, job_id: int) -> Job:
    job = repository.get_job(session, job_id)
    if job is None:
        raise LookupError(f"job {job_id} does not exist")
    return job


def kill_group(child: Any) -> None:
    """Kill a child's whole process group (it may have started solver processes) and reap it."""
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
