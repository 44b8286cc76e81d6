"""A run's pages: its live progress (phases and blocks, polled with htmx from the run's stored progress), cancelling
it, and once it has succeeded its headline figures and report downloads."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from api import run_service, service
from api.deps import SessionDep
from api.http import RowId
from api.pages.deps import CurrentUserDep, page_router
from api.pages.progress import read_progress
from api.pages.render import page_language, render, say
from api.routes.reports import csv_attachment, serve_report
from models.access import Principal

router = page_router()


@router.get("/corridas/{run_id}")
def run_page(request: Request, session: SessionDep, user: CurrentUserDep, run_id: RowId) -> Response:
    return render(request, "run.html", user, **_run(request, session, user, run_id))


@router.get("/corridas/{run_id}/avance")
def run_progress(request: Request, session: SessionDep, user: CurrentUserDep, run_id: RowId) -> Response:
    """The progress panel alone, for htmx to swap in every second or so until the run has finished."""
    return render(request, "run_progress.html", user, **_run(request, session, user, run_id))


@router.post("/corridas/{run_id}/cancelar")
def cancel_run(session: SessionDep, user: CurrentUserDep, run_id: RowId) -> Response:
    run_service.cancel_run(session, user, run_id)
    return RedirectResponse(f"/corridas/{run_id}", status_code=303)


@router.get("/corridas/{run_id}/resultados")
def results(request: Request, session: SessionDep, user: CurrentUserDep, run_id: RowId) -> Response:
    figures = run_service.headline(session, user, run_id)
    return render(request, "results.html", user, figures=figures, **_run(request, session, user, run_id))


@router.get("/corridas/{run_id}/reporte.{kind}")
def report(
    request: Request, session: SessionDep, user: CurrentUserDep, run_id: RowId, kind: Literal["pdf", "xlsx"]
) -> Response:
    return serve_report(session, user, run_id, kind, page_language(request), None)


@router.get("/corridas/{run_id}/adjudicaciones.csv")
def awards_csv(request: Request, session: SessionDep, user: CurrentUserDep, run_id: RowId) -> Response:
    page = run_service.result_table(session, user, run_id, "awards", {}, None, 0)
    name = say(page_language(request), "awards_file", run=run_id)
    return csv_attachment(page["items"], run_service.RESULT_COLUMNS["awards"], name)


def _run(request: Request, session: Session, user: Principal, run_id: int) -> dict[str, Any]:
    run = run_service.read_run(session, user, run_id)
    purchase = service.read_scenario(session, user, run["scenario_id"])
    progress = read_progress(run, page_language(request))
    return {"run": run, "purchase": purchase, "progress": progress}
