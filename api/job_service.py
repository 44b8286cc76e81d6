"""What the use cases of every kind of job share: its limits, launching it, finding it, cancelling it, and the
fields every job publishes. One path for runs and comparisons alike."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from api.errors import ConflictError, NotFoundError, UnavailableError
from api.jobs import JobQueue
from api.language import request_language
from api.progress import error_words, stored_error
from api.schemas import SolverOptions
from api.service import require_coordinator
from api.settings import Settings
from models import repository
from models.access import Principal
from models.db import now
from models.job import Job, JobStatus
from models.scenario import ScenarioVersion
from procurement.messages import Message

J = TypeVar("J", bound=Job)
# What every job publishes as it is stored; each kind adds its own (RunPublic, ComparisonPublic).
PUBLIC_FIELDS = (
    "id",
    "scenario_id",
    "status",
    "options",
    "wall_limit_s",
    "error",
    "attempts",
    "created_by",
    "created_at",
    "started_at",
    "finished_at",
)


def chosen(body: SolverOptions, names: Iterable[str]) -> dict[str, Any]:
    """The options among `names` the request sets (the others keep the scenario's settings)."""
    return {name: getattr(body, name) for name in names if getattr(body, name) is not None}


def wall_limit(settings: Settings, body: SolverOptions) -> float:
    """The job's hard wall-time limit: the one asked for, never above the service's."""
    return min(body.wall_limit_s or settings.run_wall_limit_s, settings.run_wall_limit_s)


def launch(session: Session, queue: JobQueue, job: Job) -> None:
    """Store a queued job, then hand it to the queue; if the queue is down, fail it rather than leave it waiting."""
    session.add(job)
    session.commit()
    try:
        queue.submit(job.id)
    except Exception as error:
        job.status, job.finished_at = JobStatus.FAILED, now()
        job.error = stored_error(Message("job.not_queued", {"detail": str(error)}))
        session.commit()
        raise UnavailableError("api.queue_unreachable", detail=error) from None


def find_job(session: Session, model: type[J], key: Principal, job_id: int) -> J:
    """A job of `model`'s kind the key may see, or a 404 naming it (api.run_missing, api.comparison_missing)."""
    job = repository.find_job(session, model, key, job_id)
    if job is None:
        kind = str(inspect(model).polymorphic_identity)
        raise NotFoundError(f"api.{kind}_missing", **{kind: job_id})
    return job


def cancel_job(session: Session, key: Principal, job: Job) -> None:
    """A queued job is cancelled at once; a running one is killed by its worker within a heartbeat."""
    require_coordinator(key, f"cancel {job.kind}s")
    job = repository.get_job(session, job.id, lock=True) or job
    if JobStatus(job.status).finished:
        raise ConflictError(f"api.{job.kind}_finished", **{job.kind: job.id}, status=job.status)
    if job.status == JobStatus.QUEUED:
        job.status, job.finished_at = JobStatus.CANCELLED, now()
        job.error = stored_error(Message("job.cancelled_before_start"))
    job.cancel_requested_at = job.cancel_requested_at or now()
    session.commit()


def job_public(session: Session, job: Job) -> dict[str, Any]:
    """The fields every job publishes: its own (PUBLIC_FIELDS) and those of the scenario version it works on; its
    error and the reasons of its events in the request's language."""
    version = session.get(ScenarioVersion, job.version_id)
    assert version is not None
    lang = request_language()
    return {name: getattr(job, name) for name in PUBLIC_FIELDS} | {
        "error": error_words(job.error, lang),
        "events": [event | {"reason": error_words(event.get("reason"), lang)} for event in job.events],
        "version": version.number,
        "input_sha256": version.sha256,
        "scenario_fingerprint": version.fingerprint,
    }
