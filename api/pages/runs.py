"""A run's pages: its live progress (phases and blocks, polled with htmx from the run's stored progress) and
cancelling it, or publishing it to the institutions once it has succeeded; its results are api/pages/results.py."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from api import run_service, service
from api.deps import SessionDep
from api.http import RowId
from api.pages.deps import CurrentUserDep, page_router
from api.pages.render import page_language, render
from api.progress import read_progress
from models.access import Principal

router = page_router()


@router.get("/corridas/{run_id}")
def run_page(request: Request, session: SessionDep, user: CurrentUserDep, run_id: RowId) -> Response:
    return render(request, "run.html", user, **run_context(request, session, user, run_id))


@router.get("/corridas/{run_id}/avance")
def run_progress(request: Request, session: SessionDep, user: CurrentUserDep, run_id: RowId) -> Response:
    """The progress panel alone, for htmx to swap in every second or so until the run has finished."""
    return render(request, "run_progress.html", user, **run_context(request, session, user, run_id))


@router.post("/corridas/{run_id}/cancelar")
def cancel_run(session: SessionDep, user: CurrentUserDep, run_id: RowId) -> Response:
    run_service.cancel_run(session, user, run_id)
    return RedirectResponse(f"/corridas/{run_id}", status_code=303)


@router.post("/corridas/{run_id}/publicar")
def publish_run(session: SessionDep, user: CurrentUserDep, run_id: RowId) -> Response:
    """A coordinator makes a succeeded run's results visible to the institutions, each its own figures."""
    run_service.publish_run(session, user, run_id)
    return RedirectResponse(f"/corridas/{run_id}", status_code=303)


def run_context(request: Request, session: Session, user: Principal, run_id: RowId) -> dict[str, Any]:
    run = run_service.read_run(session, user, run_id).model_dump()
    purchase = service.read_scenario(session, user, run["scenario_id"])
    progress = read_progress(run, page_language(request))
    return {"run": run, "purchase": purchase, "progress": progress}
