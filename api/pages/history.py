"""A purchase's history: its versions (what changed, who changed it, when), its runs (who started them, how they
ended) and, for those who may see them, its comparisons; newest first, as the API lists them to the same user."""

from __future__ import annotations

from fastapi import Request
from starlette.responses import Response

from api import run_service, service
from api.deps import SessionDep
from api.http import RowId
from api.pages.comparisons import listed
from api.pages.deps import CurrentUserDep, page_router
from api.pages.render import page_language, render
from models.access import Role

router = page_router()
SHOWN = 50  # runs and comparisons shown; versions are all shown


@router.get("/compras/{scenario_id}/historial")
def history(request: Request, session: SessionDep, user: CurrentUserDep, scenario_id: RowId) -> Response:
    purchase = service.read_scenario(session, user, scenario_id)
    versions = service.list_versions(session, user, scenario_id)[::-1]
    runs = run_service.list_runs(session, user, scenario_id, None, SHOWN, 0)
    compared = None if user.role == Role.INSTITUTION else listed(session, user, scenario_id, page_language(request))
    return render(request, "history.html", user, purchase=purchase, versions=versions, runs=runs, comparisons=compared)
