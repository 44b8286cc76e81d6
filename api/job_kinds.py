"""What differs between the kinds of background job, defined once per kind; api.jobs runs every kind alike.

A kind says what its child process does and with which arguments, how the child's last message ends the job, and
what the ending stores beside the lifecycle columns every job shares.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from api.solver_child import compare_in_child, explanation_margin, solve_in_child
from models import repository
from models.comparison import Comparison
from models.job import Job, JobStatus
from models.run import Run
from procurement.messages import Message


@dataclass
class Ending:
    """How a job ended, as the worker will record it."""

    status: JobStatus
    error: Message | None = None  # why, worded when it is read (api.progress.error_words)
    result: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class JobKind:
    """The kind's `name`, the child's work (`target`, called with `arguments(job, package)`), the ending of the
    child's last message (`conclude`) and what that ending stores (`record`)."""

    name: str
    target: Callable[..., None]
    arguments: Callable[[Any, Any], tuple[Any, ...]]
    conclude: Callable[[str, Any], Ending]
    record: Callable[[Session, Any, Ending], None]


def _run_arguments(run: Run, package: Any) -> tuple[Any, ...]:
    return package, run.options, time.time() + run.wall_limit_s - explanation_margin(run.wall_limit_s)


def _run_ending(kind: str, payload: Any) -> Ending:
    if kind == "error":
        return Ending(JobStatus.FAILED, payload)
    if not payload["has_solution"]:
        status = Message(f"status.{payload['solver_status']}")
        return Ending(JobStatus.FAILED, Message("job.no_award", {"status": status}), payload)
    return Ending(JobStatus.SUCCEEDED, None, payload)


def _record_run(session: Session, run: Run, ending: Ending) -> None:
    repository.clear_results(session, run.id)
    repository.add_results(session, run.id, ending.result.get("tables", {}))
    run.solver_status = ending.result.get("solver_status")
    objective = ending.result.get("objective")
    run.objective = None if objective is None else Decimal(repr(float(objective)))
    run.summary = ending.result.get("summary")
    run.explained = bool(ending.result.get("explained"))


def _comparison_arguments(comparison: Comparison, package: Any) -> tuple[Any, ...]:
    return package, list(comparison.vary), dict(comparison.options)


def _comparison_ending(kind: str, payload: Any) -> Ending:
    if kind == "error":
        return Ending(JobStatus.FAILED, payload)
    if payload.get("issues"):
        errors = sum(issue["severity"] == "error" for issue in payload["issues"])
        return Ending(JobStatus.FAILED, Message("job.variant_problems", {"count": errors}), payload)
    return Ending(JobStatus.SUCCEEDED, None, payload)


def _record_comparison(_session: Session, comparison: Comparison, ending: Ending) -> None:
    comparison.issues = ending.result.get("issues", [])
    comparison.result = ending.result if ending.status == JobStatus.SUCCEEDED else None


KINDS: dict[str, JobKind] = {
    "run": JobKind("run", solve_in_child, _run_arguments, _run_ending, _record_run),
    "comparison": JobKind(
        "comparison", compare_in_child, _comparison_arguments, _comparison_ending, _record_comparison
    ),
}


def kind_of(job: Job) -> JobKind:
    return KINDS[job.kind]
