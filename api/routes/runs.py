"""Runs: launch (202 + Location), read, list, cancel, publish; and their results as JSON or CSV."""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from api import run_service
from api.bodies import body_doc, json_body
from api.deps import CallerDep, SessionDep, SettingsDep
from api.errors import error_responses
from api.http import (
    CSV_TOO,
    IdempotencyKey,
    Limit,
    Offset,
    PublicRoute,
    RowId,
    csv_response,
    fingerprint,
    idempotent,
    respond,
    table_response,
    wants_csv,
)
from api.jobs import JobQueue
from api.schemas import ExplanationPublic, Page, RunCreate, RunPublic, row_model
from models.job import JobStatus
from procurement.savings import PAIR, SAVINGS_COLUMNS, SUPPLIER_COLUMNS

router = APIRouter(prefix="/api/v1", tags=["runs"], responses=error_responses(401, 422), route_class=PublicRoute)
RESULT_ERRORS = error_responses(404, 409)
SAVINGS_TABLE_COLUMNS = {
    "institution": ["institution_id", *SAVINGS_COLUMNS],
    "product": ["product_id", *SAVINGS_COLUMNS],
    "period": ["period", *SAVINGS_COLUMNS],
    "supplier": ["supplier_id", *SUPPLIER_COLUMNS],
    "pair": [*PAIR, *SAVINGS_COLUMNS, "baseline_source", "dearer_reason"],
}
AwardPublic = row_model("AwardPublic", run_service.RESULT_COLUMNS["awards"])
ShortagePublic = row_model("ShortagePublic", run_service.RESULT_COLUMNS["shortages"])
BindingRulePublic = row_model("BindingRulePublic", run_service.RESULT_COLUMNS["binding_rules"])
OpenContractPublic = row_model("OpenContractPublic", run_service.RESULT_COLUMNS["open_contracts"])
# by= institution, product, period, supplier or pair: one of these rows
SavingsPublic = reduce(
    or_, [row_model(f"SavingsBy{by.title()}", cols, True) for by, cols in SAVINGS_TABLE_COLUMNS.items()]
)
Filter = Annotated[str | None, Query(min_length=1, max_length=64, description="only the rows of this id")]


@router.post(
    "/scenarios/{scenario_id:int}/runs",
    status_code=202,
    response_model=RunPublic,
    summary="Launch a run",
    openapi_extra=body_doc(RunCreate, required=False),
    responses=error_responses(403, 404, 409, 413, 503),
)
def create_run(
    scenario_id: RowId,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    caller: CallerDep,
    options: Annotated[RunCreate, Depends(json_body(RunCreate, empty=RunCreate()))],
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    queue: JobQueue = request.app.state.queue

    def create() -> JSONResponse:
        run = run_service.create_run(session, settings, queue, caller, scenario_id, options)
        return respond(run, 202, f"/api/v1/runs/{run.id}")

    return idempotent(request, session, caller, idempotency_key, fingerprint(scenario_id, options.model_dump()), create)


@router.get("/runs", response_model=Page[RunPublic], summary="List runs, newest first")
def list_runs(
    session: SessionDep,
    caller: CallerDep,
    limit: Limit = 50,
    offset: Offset = 0,
    scenario_id: RowId | None = None,
    status: JobStatus | None = None,
) -> Page[RunPublic]:
    return run_service.list_runs(session, caller, scenario_id, status, limit, offset)


@router.get(
    "/runs/{run_id:int}",
    response_model=RunPublic,
    responses=error_responses(404),
    summary="Read a run: status, progress, solver outcome",
)
def read_run(run_id: RowId, session: SessionDep, caller: CallerDep) -> RunPublic:
    return run_service.read_run(session, caller, run_id)


@router.post(
    "/runs/{run_id:int}/cancel",
    status_code=202,
    response_model=RunPublic,
    responses=error_responses(403, 404, 409),
    summary="Cancel a queued or running run",
)
def cancel_run(run_id: RowId, session: SessionDep, caller: CallerDep) -> RunPublic:
    return run_service.cancel_run(session, caller, run_id)


@router.post(
    "/runs/{run_id:int}/publish",
    response_model=RunPublic,
    responses=error_responses(403, 404, 409),
    summary="Publish a run's results to the institutions",
)
def publish_run(run_id: RowId, session: SessionDep, caller: CallerDep) -> RunPublic:
    return run_service.publish_run(session, caller, run_id)


@router.get(
    "/runs/{run_id:int}/awards",
    response_model=Page[AwardPublic],  # type: ignore[valid-type]
    responses={200: CSV_TOO, **RESULT_ERRORS},
    summary="Awards, paginated and filterable (JSON or CSV)",
)
def read_awards(
    run_id: RowId,
    request: Request,
    session: SessionDep,
    caller: CallerDep,
    limit: Limit = 100,
    offset: Offset = 0,
    institution_id: Filter = None,
    product_id: Filter = None,
    supplier_id: Filter = None,
) -> Response:
    filters = {"institution_id": institution_id, "product_id": product_id, "supplier_id": supplier_id}
    return _result_rows(request, session, caller, run_id, "awards", filters, limit, offset)


@router.get(
    "/runs/{run_id:int}/shortages",
    response_model=Page[ShortagePublic],  # type: ignore[valid-type]
    responses={200: CSV_TOO, **RESULT_ERRORS},
    summary="Unmet demand with its reason (JSON or CSV)",
)
def read_shortages(
    run_id: RowId,
    request: Request,
    session: SessionDep,
    caller: CallerDep,
    institution_id: Filter = None,
    product_id: Filter = None,
) -> Response:
    filters = {"institution_id": institution_id, "product_id": product_id}
    return _result_rows(request, session, caller, run_id, "shortages", filters)


@router.get(
    "/runs/{run_id:int}/savings",
    response_model=Page[SavingsPublic],  # type: ignore[valid-type]
    responses={200: CSV_TOO, **RESULT_ERRORS},
    summary="Like-for-like savings and unmet demand by institution, product, period, supplier or pair (JSON or CSV)",
)
def read_savings(
    run_id: RowId,
    request: Request,
    session: SessionDep,
    caller: CallerDep,
    by: Literal["institution", "product", "period", "supplier", "pair"] = "institution",
) -> Response:
    page = run_service.savings(session, caller, run_id, by)
    return table_response(request, page, SAVINGS_TABLE_COLUMNS[by])


@router.get(
    "/runs/{run_id:int}/binding-rules",
    response_model=Page[BindingRulePublic],  # type: ignore[valid-type]
    responses={200: CSV_TOO, **RESULT_ERRORS},
    summary="Budgets and capacities used up (JSON or CSV)",
)
def read_binding_rules(run_id: RowId, request: Request, session: SessionDep, caller: CallerDep) -> Response:
    return _result_rows(request, session, caller, run_id, "binding_rules", {})


@router.get(
    "/runs/{run_id:int}/open-contracts",
    response_model=Page[OpenContractPublic],  # type: ignore[valid-type]
    responses={200: CSV_TOO, **RESULT_ERRORS},
    summary="Awarded open contracts with their maximum and guaranteed minimum, paginated and filterable (JSON or CSV)",
)
def read_open_contracts(
    run_id: RowId,
    request: Request,
    session: SessionDep,
    caller: CallerDep,
    limit: Limit = 100,
    offset: Offset = 0,
    institution_id: Filter = None,
    product_id: Filter = None,
    supplier_id: Filter = None,
) -> Response:
    filters = {"institution_id": institution_id, "product_id": product_id, "supplier_id": supplier_id}
    return _result_rows(request, session, caller, run_id, "open_contracts", filters, limit, offset)


@router.get(
    "/runs/{run_id:int}/explanation",
    response_model=ExplanationPublic,
    responses={200: {**CSV_TOO, "description": "JSON, or with `Accept: text/csv` one table"}, **RESULT_ERRORS},
    summary="Why each offer won or lost; what rules, limits and shortages cost (JSON, or one table as CSV)",
)
def read_explanation(
    run_id: RowId,
    request: Request,
    session: SessionDep,
    caller: CallerDep,
    limit: Limit = 100,
    offset: Offset = 0,
    product_id: Filter = None,
    supplier_id: Filter = None,
    table: Annotated[Literal["offers", "rule_costs"], Query(description="the table a CSV answer holds")] = "offers",
) -> Response:
    filters = {"product_id": product_id, "supplier_id": supplier_id}
    explanation = run_service.explanation(session, caller, run_id, filters, limit, offset)
    if wants_csv(request):
        return csv_response(explanation[table]["items"], run_service.EXPLANATION_TABLES[table])
    return respond(explanation)


def _result_rows(
    request: Request,
    session: SessionDep,
    caller: CallerDep,
    run_id: int,
    table: str,
    filters: dict[str, str | None],
    limit: int | None = None,
    offset: int = 0,
) -> Response:
    """One stored result table of a run as the caller may read it, filtered and paged, in JSON or CSV."""
    page = run_service.result_table(session, caller, run_id, table, filters, limit, offset)
    return table_response(request, page, run_service.RESULT_COLUMNS[table])
