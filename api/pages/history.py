"""A purchase's history: its versions (what changed, who changed it, when), its runs (who started them, how they
ended) and, for those who may see them, its comparisons; newest first, as the API lists them to the same user."""

from __future__ import annotations

import re

from fastapi import Request
from starlette.responses import Response

from api import run_service, service
from api.deps import SessionDep
from api.http import RowId
from api.pages.comparisons import listed
from api.pages.deps import CurrentUserDep, page_router
from api.pages.render import page_language, render
from models.access import Role
from procurement.messages import text

router = page_router()
SHOWN = 50  # runs and comparisons shown; versions are all shown
CHANGES = (  # what a version's `change` records (api.service, in English for programs) → its words for people
    (re.compile(r"created"), "pages.change_created"),
    (re.compile(r"demand of (?P<institution>.+) replaced"), "pages.change_demand"),
)


@router.get("/compras/{scenario_id}/historial")
def history(request: Request, session: SessionDep, user: CurrentUserDep, scenario_id: RowId) -> Response:
    purchase = service.read_scenario(session, user, scenario_id)
    lang = page_language(request)
    versions = [
        version | {"change": _worded(version["change"], lang)}
        for version in service.list_versions(session, user, scenario_id)[::-1]
    ]
    runs = run_service.list_runs(session, user, scenario_id, None, SHOWN, 0).model_dump()
    compared = None if user.role == Role.INSTITUTION else listed(session, user, scenario_id, lang)
    return render(request, "history.html", user, purchase=purchase, versions=versions, runs=runs, comparisons=compared)


def _worded(change: str, lang: str) -> str:
    """A version's change in the page's language (a change recorded otherwise is shown as it is)."""
    for pattern, key in CHANGES:
        found = pattern.fullmatch(change)
        if found:
            return text(key, lang, **found.groupdict())
    return change
