"""What-if comparisons: launch (202 + Location), read with the side-by-side table (JSON or CSV), list, cancel."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response

from api import comparisons
from api.bodies import body_doc, json_body
from api.comparisons import ComparisonCreate
from api.deps import CallerDep, SessionDep, SettingsDep
from api.errors import error_responses
from api.http import (
    CSV_TOO,
    IdempotencyKey,
    Limit,
    Offset,
    PublicRoute,
    RowId,
    file_content,
    fingerprint,
    idempotent,
    respond,
)
from api.jobs import JobQueue
from api.routes.reports import XLSX, AcceptLanguage, attachment, report_language
from api.schemas import ComparisonPublic, Page
from procurement.messages import text

router = APIRouter(prefix="/api/v1", tags=["comparisons"], responses=error_responses(401, 422), route_class=PublicRoute)


@router.post(
    "/scenarios/{scenario_id:int}/comparisons",
    status_code=202,
    response_model=ComparisonPublic,
    summary="Compare what-if variants (a job)",
    openapi_extra=body_doc(ComparisonCreate),
    responses=error_responses(403, 404, 409, 413, 503),
)
def create_comparison(
    scenario_id: RowId,
    body: Annotated[ComparisonCreate, Depends(json_body(ComparisonCreate))],
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    caller: CallerDep,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    queue: JobQueue = request.app.state.queue

    def create() -> JSONResponse:
        created = comparisons.create_comparison(session, settings, queue, caller, scenario_id, body)
        return respond(created, 202, f"/api/v1/comparisons/{created.id}")

    return idempotent(request, session, caller, idempotency_key, fingerprint(scenario_id, body.model_dump()), create)


@router.get("/comparisons", response_model=Page[ComparisonPublic], summary="List comparisons, newest first")
def list_comparisons(
    session: SessionDep,
    caller: CallerDep,
    limit: Limit = 50,
    offset: Offset = 0,
    scenario_id: RowId | None = None,
    accept_language: AcceptLanguage = None,
) -> Page[ComparisonPublic]:
    lang = report_language(accept_language)
    return comparisons.list_comparisons(session, caller, scenario_id, limit, offset, lang)


@router.get(
    "/comparisons/{comparison_id:int}",
    response_model=ComparisonPublic,
    responses={200: CSV_TOO, **error_responses(404, 409)},
    summary="A comparison: status, progress, variants and the table",
)
def read_comparison(
    comparison_id: RowId,
    request: Request,
    session: SessionDep,
    caller: CallerDep,
    accept_language: AcceptLanguage = None,
) -> Response | ComparisonPublic:
    """JSON by default; the side-by-side table as comparison.csv with `Accept: text/csv` (once it has succeeded)."""
    lang = report_language(accept_language)
    if "text/csv" in request.headers.get("accept", ""):
        data = comparisons.comparison_file(session, caller, comparison_id, lang, "csv")
        return Response(data, media_type="text/csv; charset=utf-8", headers={"Content-Language": lang})
    return comparisons.read_comparison(session, caller, comparison_id, lang)


@router.get(
    "/comparisons/{comparison_id:int}/comparison.xlsx",
    response_class=Response,
    responses={200: file_content(XLSX), **error_responses(404, 409)},
    summary="The side-by-side table as a workbook",
)
def comparison_xlsx(
    comparison_id: RowId, session: SessionDep, caller: CallerDep, accept_language: AcceptLanguage = None
) -> Response:
    lang = report_language(accept_language)
    data = comparisons.comparison_file(session, caller, comparison_id, lang, "xlsx")
    name = f"{text('file.comparison', lang)}-{comparison_id}.xlsx"
    return attachment(data, XLSX, name, {"Content-Language": lang})


@router.post(
    "/comparisons/{comparison_id:int}/cancel",
    status_code=202,
    response_model=ComparisonPublic,
    responses=error_responses(403, 404, 409),
    summary="Cancel a queued or running comparison",
)
def cancel_comparison(comparison_id: RowId, session: SessionDep, caller: CallerDep) -> ComparisonPublic:
    return comparisons.cancel_comparison(session, caller, comparison_id)
