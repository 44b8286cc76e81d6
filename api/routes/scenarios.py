"""Scenarios: create from JSON or an uploaded package, list, read, archive, input tables, one institution's demand."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from starlette.convertors import Convertor, register_url_convertor

from api import run_service, service
from api.bodies import Upload, body_doc, demand_doc, json_body
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
    table_response,
)
from api.packages import check_upload, demand_table, json_package
from api.schemas import OsdRoundClose, OsdRoundPublic, Page, Row, ScenarioCreate, ScenarioPublic, VersionPublic
from procurement.tables import TABLES

router = APIRouter(
    prefix="/api/v1/scenarios", tags=["scenarios"], responses=error_responses(401, 422), route_class=PublicRoute
)


# Every input table, those award rules own included; built from the declarations, so mypy cannot list the members.
Table = StrEnum("Table", [(spec.name, spec.name) for spec in TABLES])  # type: ignore[misc]


class TableConvertor(Convertor[str]):
    """Paths `/{id}/{table}` match only a table's name, so `GET /{id}/archive` is a 405, not a 422 on `table`."""

    regex = "|".join(spec.name for spec in TABLES)

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("table", TableConvertor())


@router.post(
    "",
    status_code=201,
    response_model=ScenarioPublic,
    summary="Create a scenario from JSON tables",
    openapi_extra=body_doc(ScenarioCreate),
    responses=error_responses(403, 409, 413),
)
def create_scenario(
    body: Annotated[ScenarioCreate, Depends(json_body(ScenarioCreate))],
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    caller: CallerDep,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    document = {name: value for name, value in body.model_dump().items() if value is not None}
    package = json_package(body.name or "scenario", document)

    def create() -> JSONResponse:
        created = service.create_scenario(session, settings, caller, package, "json")
        return respond(created, 201, f"/api/v1/scenarios/{created['id']}")

    return idempotent(request, session, caller, idempotency_key, fingerprint(document), create)


@router.post(
    "/package",
    status_code=201,
    response_model=ScenarioPublic,
    summary="Create a scenario from a .zip package or an .xlsx workbook",
    openapi_extra=body_doc(file="a .zip of the CSV package format, or a scenario .xlsx workbook"),
    responses=error_responses(403, 409, 413),
)
def upload_scenario(
    upload: Upload,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    caller: CallerDep,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    name, data = upload
    check_upload(settings, name, data)

    def create() -> JSONResponse:
        created = service.upload_scenario(session, settings, caller, name, data)
        return respond(created, 201, f"/api/v1/scenarios/{created['id']}")

    return idempotent(request, session, caller, idempotency_key, fingerprint(name, data.hex()), create)


@router.get("", response_model=Page[ScenarioPublic], summary="List the scenarios this key may see")
def list_scenarios(
    session: SessionDep,
    caller: CallerDep,
    limit: Limit = 50,
    offset: Offset = 0,
    archived: bool | None = None,
    name: Annotated[str | None, Query(max_length=100)] = None,
) -> JSONResponse:
    return respond(service.list_scenarios(session, caller, archived, name, limit, offset))


@router.get(
    "/{scenario_id:int}", response_model=ScenarioPublic, responses=error_responses(404), summary="Read a scenario"
)
def read_scenario(scenario_id: RowId, session: SessionDep, caller: CallerDep) -> JSONResponse:
    return respond(service.read_scenario(session, caller, scenario_id))


@router.post(
    "/{scenario_id:int}/archive",
    response_model=ScenarioPublic,
    responses=error_responses(403, 404, 409),
    summary="Archive a scenario (no more changes or runs)",
)
def archive_scenario(scenario_id: RowId, session: SessionDep, caller: CallerDep) -> JSONResponse:
    return respond(service.archive_scenario(session, caller, scenario_id))


@router.get(
    "/{scenario_id:int}/versions",
    response_model=list[VersionPublic],
    responses=error_responses(404),
    summary="Every version of a scenario",
)
def list_versions(scenario_id: RowId, session: SessionDep, caller: CallerDep) -> JSONResponse:
    return respond(service.list_versions(session, caller, scenario_id))


@router.get(
    "/{scenario_id:int}/package",
    response_class=Response,
    responses={200: file_content("application/zip"), **error_responses(404)},
    summary="Download a version's exact package (.zip)",
)
def download_package(
    scenario_id: RowId, session: SessionDep, caller: CallerDep, version: RowId | None = None
) -> Response:
    name, data = service.version_package(session, caller, scenario_id, version)
    return Response(
        data, media_type="application/zip", headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@router.get(
    "/{scenario_id:int}/{table:table}",
    response_model=Page[Row],
    responses={200: CSV_TOO, **error_responses(404)},
    summary="One input table of the current version (JSON or CSV)",
)
def read_table(
    scenario_id: RowId,
    table: Table,
    request: Request,
    session: SessionDep,
    caller: CallerDep,
    limit: Limit = 100,
    offset: Offset = 0,
    institution_id: str | None = None,
) -> Response:
    page = service.scenario_table(session, caller, scenario_id, table.value, institution_id, limit, offset)
    return table_response(request, page, [column.name for column in service.SPECS[table.value].columns])


@router.put(
    "/{scenario_id:int}/demand/{institution_id}",
    response_model=ScenarioPublic,
    responses=error_responses(403, 404, 409, 413),
    summary="Replace one institution's demand",
    openapi_extra=demand_doc(),
)
async def replace_demand(
    scenario_id: RowId,
    institution_id: str,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    caller: CallerDep,
) -> JSONResponse:
    """Access is checked before the body is read, and the body is parsed off the event loop."""
    await run_in_threadpool(service.check_demand_access, session, caller, scenario_id, institution_id)
    content_type = request.headers.get("content-type", "application/json")
    rows, style, issues = await run_in_threadpool(demand_table, await request.body(), content_type)
    created = await run_in_threadpool(
        service.replace_demand, session, settings, caller, scenario_id, institution_id, rows, style, issues
    )
    return respond(created)


@router.post(
    "/{scenario_id:int}/osd-rounds",
    status_code=201,
    response_model=ScenarioPublic,
    summary="Close a reverse-auction round: a new version with the revised prices",
    openapi_extra=body_doc(OsdRoundClose),
    responses=error_responses(403, 404, 409, 413),
)
def close_osd_round(
    scenario_id: RowId,
    body: Annotated[OsdRoundClose, Depends(json_body(OsdRoundClose))],
    session: SessionDep,
    settings: SettingsDep,
    caller: CallerDep,
) -> JSONResponse:
    """Each revision lowers one bid row of an OSD clave; one that does not is a 422 at `revisions[i]`, with every
    other problem, and no version is made. Solve the new version with POST /scenarios/{id}/runs."""
    revisions = [revision.model_dump() for revision in body.revisions]
    closed = service.close_osd_round(session, settings, caller, scenario_id, revisions)
    return respond(closed, 201, f"/api/v1/scenarios/{scenario_id}")


@router.get(
    "/{scenario_id:int}/osd-rounds",
    response_model=list[OsdRoundPublic],
    responses=error_responses(403, 404, 409),
    summary="Compare reverse-auction rounds side by side, clave by clave",
)
def compare_osd_rounds(
    scenario_id: RowId,
    run_id: Annotated[list[RowId], Query(min_length=1, max_length=50, description="the rounds' runs, in order")],
    session: SessionDep,
    settings: SettingsDep,
    caller: CallerDep,
) -> JSONResponse:
    return respond(run_service.compare_osd_rounds(session, settings, caller, scenario_id, run_id))
