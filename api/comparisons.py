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

from api.errors import ConflictError, InvalidError, api_issue
from api.job_service import cancel_job, chosen, find_job, job_public, launch, wall_limit
from api.jobs import JobQueue
from api.language import request_language
from api.progress import comparison_progress_public
from api.run_service import SOLVER_OPTIONS
from api.schemas import ComparisonPublic, Page, SolverOptions
from api.service import current_version, find_scenario, require_coordinator
from api.settings import Settings
from models import repository
from models.access import Principal
from models.comparison import Comparison
from models.job import JobStatus
from procurement.variants import VariationError, parse_variation
from reports.compare import comparison_csv, comparison_xlsx

MAX_VARIANTS = 32


class ComparisonCreate(SolverOptions):
    """The settings to vary, as `procurement compare --vary`, and solver options for every variant's solves."""

    vary: list[str] = Field(
        min_length=1,
        max_length=6,
        description="e.g. `policy.max_price_gap=none,0,0.05`: a policy.* or solver.* setting and its values",
        examples=[["policy.max_price_gap=none,0,0.05", "policy.national_preference=0,0.10"]],
    )


def create_comparison(
    session: Session, settings: Settings, queue: JobQueue, key: Principal, scenario_id: int, body: ComparisonCreate
) -> ComparisonPublic:
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
        options=chosen(body, SOLVER_OPTIONS),
        wall_limit_s=wall_limit(settings, body),
        created_by=key.name,
        events=[],
        issues=[],
    )
    launch(session, queue, comparison)
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
    return find_job(session, Comparison, key, comparison_id)


def comparison_public(session: Session, comparison: Comparison, lang: str) -> ComparisonPublic:
    """Status and progress; once succeeded, the variants and the side-by-side table with labels in `lang`."""
    result = comparison.result or {}
    progress = {"status": comparison.status, "progress": comparison.progress}
    return ComparisonPublic.model_validate(
        job_public(session, comparison)
        | {
            "vary": comparison.vary,
            "issues": [_in_language(issue, lang) for issue in comparison.issues or []],
            "variants": result.get("variants", []),
            "currency": result.get("currency"),
            "language": lang,
            "progress": comparison_progress_public(progress, lang),
            "table": (result.get("tables") or {}).get(lang),
        }
    )


def _in_language(issue: dict[str, Any], lang: str) -> dict[str, Any]:
    """A stored issue with its message in `lang` (issues stored before they kept every language stay as they are)."""
    messages = issue.get("messages") or {}
    return {key: value for key, value in issue.items() if key != "messages"} | {
        "message": messages.get(lang, issue["message"])
    }


def read_comparison(session: Session, key: Principal, comparison_id: int, lang: str) -> ComparisonPublic:
    return comparison_public(session, find_comparison(session, key, comparison_id), lang)


def list_comparisons(
    session: Session, key: Principal, scenario_id: int | None, limit: int, offset: int, lang: str
) -> Page[ComparisonPublic]:
    found, total = repository.list_jobs(session, Comparison, key, scenario_id, None, limit, offset)
    items = [comparison_public(session, comparison, lang) for comparison in found]
    return Page[ComparisonPublic](items=items, total=total, limit=limit, offset=offset)


def cancel_comparison(session: Session, key: Principal, comparison_id: int) -> ComparisonPublic:
    comparison = find_comparison(session, key, comparison_id)
    cancel_job(session, key, comparison)
    return comparison_public(session, comparison, request_language())


def comparison_file(session: Session, key: Principal, comparison_id: int, lang: str, kind: str) -> bytes:
    """The side-by-side table as the CLI writes it: comparison.csv (kind csv) or comparison.xlsx."""
    comparison = find_comparison(session, key, comparison_id)
    if comparison.status != JobStatus.SUCCEEDED or comparison.result is None:
        raise ConflictError("api.comparison_not_ready", comparison=comparison_id, status=comparison.status)
    stored = comparison.result["tables"][lang]
    rows = [[math.nan if value is None else value for value in row] for row in stored["rows"]]
    table = pd.DataFrame(rows, columns=pd.Index(stored["columns"]))
    if kind == "csv":
        return comparison_csv(table, lang)
    return comparison_xlsx(table, comparison.result["currency"], lang)
