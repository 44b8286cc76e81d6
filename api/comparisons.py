"""Use cases on what-if comparisons: launch one on a scenario's current version, follow it, read its table, cancel.

A comparison is `procurement compare` as a background job: every combination of the varied settings is a variant,
each solved (baseline included) in the worker's child process; the side-by-side table is kept in both report
languages. It shows every institution's savings, so institutions do not see comparisons.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
from pydantic import Field
from sqlalchemy.orm import Session

from api.errors import ConflictError, InvalidError, NotFoundError, api_issue
from api.jobs import RunQueue
from api.language import request_language
from api.progress import comparison_progress_public
from api.run_service import SOLVER_OPTIONS, enqueue
from api.schemas import SolverOptions
from api.service import current_version, find_scenario, require_coordinator
from api.settings import Settings
from models import repository
from models.access import Principal
from models.comparison import Comparison
from models.db import now
from models.run import RunStatus
from models.scenario import ScenarioVersion
from procurement.variants import VariationError, parse_variation
from reports.compare import comparison_csv, comparison_xlsx

MAX_VARIANTS = 32
PUBLIC_FIELDS = (
    "id",
    "scenario_id",
    "status",
    "vary",
    "options",
    "wall_limit_s",
    "error",
    "issues",
    "attempts",
    "created_by",
    "created_at",
    "started_at",
    "finished_at",
)


class ComparisonCreate(SolverOptions):
    """The settings to vary, as `procurement compare --vary`, and solver options for every variant's solves."""

    vary: list[str] = Field(
        min_length=1,
        max_length=6,
        description="e.g. `policy.max_price_gap=none,0,0.05`: a policy.* or solver.* setting and its values",
        examples=[["policy.max_price_gap=none,0,0.05", "policy.national_preference=0,0.10"]],
    )


def create_comparison(
    session: Session, settings: Settings, queue: RunQueue, key: Principal, scenario_id: int, body: ComparisonCreate
) -> dict[str, Any]:
    """A queued comparison of the scenario's current version; the queue gets it once the row is committed."""
    scenario = find_scenario(session, key, scenario_id)
    require_coordinator(key, "launch comparisons")
    if scenario.archived_at is not None:
        raise ConflictError("api.scenario_archived_compare", scenario=scenario_id)
    check_vary(body.vary)
    comparison = Comparison(
        scenario_id=scenario.id,
        version_id=current_version(session, scenario).id,
        vary=body.vary,
        options={name: getattr(body, name) for name in SOLVER_OPTIONS if getattr(body, name) is not None},
        wall_limit_s=min(body.wall_limit_s or settings.run_wall_limit_s, settings.run_wall_limit_s),
        created_by=key.name,
        issues=[],
    )
    session.add(comparison)
    session.commit()
    enqueue(session, comparison, queue.comparisons.submit, "comparison")
    return comparison_public(session, comparison, request_language())


def check_vary(vary: list[str]) -> None:
    """Each variation readable (the CLI's messages, located `vary[1]`), each setting once, few enough variants."""
    issues, keys, count = [], [], 1
    for position, given in enumerate(vary):
        try:
            variation = parse_variation(given)
        except VariationError as error:
            issues.append(api_issue(f"vary[{position}]", error.key, **error.params))
            continue
        if variation.key in keys:
            issues.append(api_issue(f"vary[{position}]", "variation.twice", key=variation.key))
        keys.append(variation.key)
        count *= len(variation.values)
    if count > MAX_VARIANTS:
        issues.append(api_issue("vary", "variation.too_many", count=count, limit=MAX_VARIANTS))
    if issues:
        raise InvalidError("api.problems_variations", issues, count=len(issues))


def find_comparison(session: Session, key: Principal, comparison_id: int) -> Comparison:
    comparison = repository.find_comparison(session, key, comparison_id)
    if comparison is None:
        raise NotFoundError("api.comparison_missing", comparison=comparison_id)
    return comparison


def comparison_public(session: Session, comparison: Comparison, lang: str) -> dict[str, Any]:
    """Status and progress; once succeeded, the variants and the side-by-side table with labels in `lang`."""
    version = session.get(ScenarioVersion, comparison.version_id)
    assert version is not None
    result = comparison.result or {}
    return {name: getattr(comparison, name) for name in PUBLIC_FIELDS} | {
        "issues": [_in_language(issue, lang) for issue in comparison.issues or []],
        "version": version.number,
        "input_sha256": version.sha256,
        "scenario_fingerprint": version.fingerprint,
        "variants": result.get("variants", []),
        "currency": result.get("currency"),
        "language": lang,
        "progress": comparison_progress_public({"status": comparison.status, "progress": comparison.progress}, lang),
        "table": (result.get("tables") or {}).get(lang),
    }


def _in_language(issue: dict[str, Any], lang: str) -> dict[str, Any]:
    """A stored issue with its message in `lang` (issues stored before they kept every language stay as they are)."""
    messages = issue.get("messages") or {}
    return {key: value for key, value in issue.items() if key != "messages"} | {
        "message": messages.get(lang, issue["message"])
    }


def read_comparison(session: Session, key: Principal, comparison_id: int, lang: str) -> dict[str, Any]:
    return comparison_public(session, find_comparison(session, key, comparison_id), lang)


def list_comparisons(
    session: Session, key: Principal, scenario_id: int | None, limit: int, offset: int, lang: str
) -> dict[str, Any]:
    found, total = repository.list_comparisons(session, key, scenario_id, limit, offset)
    items = [comparison_public(session, comparison, lang) for comparison in found]
    return {"items": items, "total": total, "limit": limit, "offset": offset}


def cancel_comparison(session: Session, key: Principal, comparison_id: int) -> dict[str, Any]:
    """A queued comparison is cancelled at once; a running one is killed by its worker within a heartbeat."""
    find_comparison(session, key, comparison_id)
    require_coordinator(key, "cancel comparisons")
    comparison = repository.get_comparison(session, comparison_id, lock=True)
    assert comparison is not None
    if RunStatus(comparison.status).finished:
        raise ConflictError("api.comparison_finished", comparison=comparison_id, status=comparison.status)
    if comparison.status == RunStatus.QUEUED:
        comparison.status, comparison.finished_at = RunStatus.CANCELLED, now()
        comparison.error = "cancelled on request before it started"
    comparison.cancel_requested_at = comparison.cancel_requested_at or now()
    session.commit()
    return comparison_public(session, comparison, request_language())


def comparison_file(session: Session, key: Principal, comparison_id: int, lang: str, kind: str) -> bytes:
    """The side-by-side table as the CLI writes it: comparison.csv (kind csv) or comparison.xlsx."""
    comparison = find_comparison(session, key, comparison_id)
    if comparison.status != RunStatus.SUCCEEDED or comparison.result is None:
        raise ConflictError("api.comparison_not_ready", comparison=comparison_id, status=comparison.status)
    stored = comparison.result["tables"][lang]
    rows = [[math.nan if value is None else value for value in row] for row in stored["rows"]]
    table = pd.DataFrame(rows, columns=pd.Index(stored["columns"]))
    if kind == "csv":
        return comparison_csv(table, lang)
    return comparison_xlsx(table, comparison.result["currency"], lang)
