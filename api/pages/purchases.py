"""A purchase's pages: create one from a workbook or .zip (every problem laid out by sheet or file and cell, nothing
stored), the workbook template, and one purchase with its runs (a coordinator starts them) or, for an institution,
its own demand, which it downloads as CSV and replaces by uploading it changed."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import File, Request, UploadFile
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from api import run_service, service
from api.deps import SessionDep, SettingsDep
from api.errors import InvalidError
from api.http import RowId
from api.packages import check_upload, demand_table, upload_name
from api.pages.deps import CurrentUserDep, page_router
from api.pages.render import notify, page_language, render, say
from api.routes.reports import XLSX, attachment, csv_attachment
from api.schemas import RunCreate
from models.access import Role, User
from procurement.errors import Issue, Severity
from procurement.messages import text
from procurement.template import build_template
from procurement.workbook import header

router = page_router()
RUNS_SHOWN, DEMAND_SHOWN = 20, 500
Upload = Annotated[UploadFile, File(description="a scenario .xlsx workbook or a .zip package")]


@router.get("/compras/nueva")
def new_purchase(request: Request, user: CurrentUserDep) -> Response:
    service.require_coordinator(user, "create scenarios")
    return render(request, "purchase_new.html", user)


@router.post("/compras/nueva")
def create_purchase(
    request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUserDep, file: Upload
) -> Response:
    data, name = file.file.read(), upload_name(file.filename, "compra.xlsx")
    try:
        check_upload(settings, name, data)
        created = service.upload_scenario(session, settings, user, name, data)
    except InvalidError as error:
        found = problems(error, page_language(request))
        return render(request, "purchase_new.html", user, status=422, file_name=name, problems=found)
    notify(request, "purchase_created")
    return RedirectResponse(f"/compras/{created['id']}", status_code=303)


@router.get("/compras/plantilla.xlsx")
def download_template(request: Request, user: CurrentUserDep) -> Response:
    lang = page_language(request)
    return attachment(build_template(lang=lang), XLSX, say(lang, "template_file"))


@router.get("/compras/{scenario_id}")
def purchase(request: Request, session: SessionDep, user: CurrentUserDep, scenario_id: RowId) -> Response:
    return purchase_page(request, session, user, scenario_id)


@router.get("/compras/{scenario_id}/demanda.csv")
def demand_csv(
    request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUserDep, scenario_id: RowId
) -> Response:
    """An institution's own demand as CSV, to change in a spreadsheet and upload again."""
    demand = service.scenario_table(session, user, scenario_id, "demand", None, settings.max_rows, 0)
    name = say(page_language(request), "demand_file", purchase=scenario_id, institution=user.institution_id)
    columns = [column.name for column in service.SPECS["demand"].columns]
    return csv_attachment(demand["items"], columns, name)


@router.post("/compras/{scenario_id}/demanda")
def replace_demand(
    request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUserDep, scenario_id: RowId, file: Upload
) -> Response:
    """An institution's demand replaced by the uploaded CSV: a new version of the purchase, or every problem."""
    rows, style, issues = demand_table(file.file.read(), "text/csv")
    try:
        service.replace_demand(session, settings, user, scenario_id, user.institution_id or "", rows, style, issues)
    except InvalidError as error:
        found = problems(error, page_language(request))
        return purchase_page(request, session, user, scenario_id, 422, file_name=file.filename, problems=found)
    notify(request, "demand_replaced")
    return RedirectResponse(f"/compras/{scenario_id}", status_code=303)


@router.post("/compras/{scenario_id}/corridas")
def start_run(
    request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUserDep, scenario_id: RowId
) -> Response:
    run = run_service.create_run(session, settings, request.app.state.queue, user, scenario_id, RunCreate())
    return RedirectResponse(f"/corridas/{run.id}", status_code=303)


def purchase_page(
    request: Request, session: Session, user: User, scenario_id: int, status: int = 200, **context: Any
) -> Response:
    """A purchase with its runs and, for an institution, its own demand (headed as the workbook heads it)."""
    found = service.read_scenario(session, user, scenario_id)
    runs = run_service.list_runs(session, user, scenario_id, None, RUNS_SHOWN, 0).model_dump()
    own = user.role == Role.INSTITUTION
    demand = service.scenario_table(session, user, scenario_id, "demand", None, DEMAND_SHOWN, 0) if own else None
    lang, spec = page_language(request), service.SPECS["demand"]
    columns = {c.name: header(c.name, lang) for c in spec.columns if c.name != "institution_id"}
    page = {"purchase": found, "runs": runs, "demand": demand, "demand_columns": columns}
    return render(request, "purchase.html", user, status, **page, **context)


def problems(error: InvalidError, lang: str) -> list[dict[str, Any]]:
    """Every problem of a refused upload as a row: sheet or file, cell, column, the value found, what is wrong."""
    if not error.found:  # refused before it was read (not a .zip, too large): the API's words for it
        return [_row(str(issue["location"]), "", "", "", str(issue["message"]), False) for issue in error.issues]
    return [_issue_row(issue, lang) for issue in error.found]


def _issue_row(issue: Issue, lang: str) -> dict[str, Any]:
    """`bids!D17` (a workbook's sheet and cell) or `bids.csv` row 17 (a package's file and row)."""
    place, _, cell = issue.file.partition("!")
    if not cell and issue.row is not None:
        cell = f"{text('where.row', lang)} {issue.row}"
    column = issue.column or str(issue.params.get("setting", ""))
    inner = issue.params.get("problem")  # a setting's problem, wrapped with the sheet it is on
    value = (inner.params if isinstance(inner, Issue) else issue.params).get("value", "")
    warning = issue.severity is Severity.WARNING
    return _row(place, cell, column, "" if value is None else str(value), issue.message(lang), warning)


def _row(place: str, cell: str, column: str, value: str, message: str, warning: bool) -> dict[str, Any]:
    return {"place": place, "cell": cell, "column": column, "value": value, "message": message, "warning": warning}
