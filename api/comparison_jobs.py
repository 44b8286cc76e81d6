"""What-if comparisons as background jobs on the runs' Huey queue, each in a child process with a wall-time limit.

The comparison row is the source of truth, as the run row is for a run: a worker claims a queued comparison,
starts the child, relays its progress, beats a heartbeat, and kills it on cancel or overrun; comparisons whose
worker stopped beating are re-queued, or failed after the run's maximum of attempts.
"""

from __future__ import annotations

import logging
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from api.jobs import Ending, heartbeat, supervise_child
from api.packages import export_package
from api.solver_child import compare_in_child
from models import repository
from models.comparison import Comparison
from models.db import now
from models.run import RunStatus
from models.scenario import ScenarioVersion

if TYPE_CHECKING:
    from api.jobs import RunQueue

log = logging.getLogger("procurement.jobs")
TASK = "execute_comparison"
KILLED = "the solves were killed"


class ComparisonJobs:
    """The comparison task of a run queue: registered on the same Huey, so every worker executes both."""

    def __init__(self, queue: RunQueue) -> None:
        self.queue, self.settings = queue, queue.settings
        self._task = queue.huey.task(name=TASK)(self.execute)

    def submit(self, comparison_id: int) -> None:
        self._task(comparison_id)

    def execute(self, comparison_id: int) -> None:
        with self.queue.sessions() as session:
            claimed = repository.claim_comparison(session, comparison_id, self.queue.worker, now())
            session.commit()
        if claimed:
            self._finish(comparison_id, self._supervise(comparison_id))

    def _supervise(self, comparison_id: int) -> Ending:
        package, vary, options, wall_limit = self._load(comparison_id)

        def beat(progress: str) -> Ending | None:
            with self.queue.sessions() as session:
                return heartbeat(session, _get(session, comparison_id), self.queue.worker, progress, KILLED)

        arguments = (package, vary, options)
        return supervise_child(
            compare_in_child, arguments, wall_limit, self.settings.heartbeat_s, beat, _ending, KILLED
        )

    def _load(self, comparison_id: int) -> tuple[Any, list[str], dict[str, Any], float]:
        with self.queue.sessions() as session, tempfile.TemporaryDirectory() as folder:
            comparison = _get(session, comparison_id)
            version = session.get(ScenarioVersion, comparison.version_id)
            assert version is not None
            package = export_package(Path(folder), version.settings, repository.all_input_rows(session, version.id))
            return package, list(comparison.vary), dict(comparison.options), comparison.wall_limit_s

    def _finish(self, comparison_id: int, ending: Ending) -> None:
        with self.queue.sessions() as session:
            comparison = repository.get_comparison(session, comparison_id, lock=True)
            if comparison is None or comparison.status != RunStatus.RUNNING or comparison.worker != self.queue.worker:
                return  # re-queued or failed by recovery meanwhile: that decision stands
            comparison.status, comparison.error, comparison.finished_at = ending.status, ending.error, now()
            comparison.issues = ending.result.get("issues", [])
            comparison.result = ending.result if ending.status == RunStatus.SUCCEEDED else None
            comparison.progress = "done" if ending.status == RunStatus.SUCCEEDED else str(ending.status)
            session.commit()

    def recover(self) -> list[int]:
        """Re-queue (or fail, after max_attempts) other workers' comparisons that stopped beating."""
        cutoff, requeued = now() - timedelta(seconds=self.settings.stale_after_s), []
        with self.queue.sessions() as session:
            for comparison in repository.stale_comparisons(session, cutoff, self.queue.worker):
                reason = f"worker {comparison.worker} stopped reporting"
                if comparison.attempts < self.settings.max_attempts:
                    comparison.status, comparison.worker, comparison.progress = RunStatus.QUEUED, None, reason
                    requeued.append(comparison.id)
                else:
                    comparison.status, comparison.finished_at = RunStatus.FAILED, now()
                    comparison.error = f"{reason}; attempts exhausted"
            session.commit()
        for comparison_id in requeued:
            self.submit(comparison_id)
        return requeued


def _ending(kind: str, payload: Any) -> Ending:
    if kind == "error":
        return Ending(RunStatus.FAILED, str(payload))
    if payload.get("issues"):
        errors = sum(issue["severity"] == "error" for issue in payload["issues"])
        return Ending(RunStatus.FAILED, f"{errors} problem(s) in the variants", payload)
    return Ending(RunStatus.SUCCEEDED, None, payload)


def _get(session: Any, comparison_id: int) -> Comparison:
    comparison = repository.get_comparison(session, comparison_id)
    if comparison is None:
        raise LookupError(f"comparison {comparison_id} does not exist")
    return comparison
