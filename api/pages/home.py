"""The landing page of a signed-in user: the purchases its role and scope let it see."""

from __future__ import annotations

from fastapi import Request
from starlette.responses import Response

from api.deps import SessionDep
from api.pages.deps import CurrentUserDep, page_router
from api.pages.render import render
from models import repository

router = page_router()
SHOWN = 200


@router.get("/")
def home(request: Request, session: SessionDep, user: CurrentUserDep) -> Response:
    purchases, total = repository.list_scenarios(session, user, archived=False, name=None, limit=SHOWN, offset=0)
    return render(request, "home.html", user, purchases=purchases, total=total)
