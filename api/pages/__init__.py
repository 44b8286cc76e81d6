"""The web pages for purchasing officers, served beside the API: sessions, static files, page routers, error pages.

A page module is an APIRouter made by deps.page_router() (every unsafe request is checked for its CSRF token)
whose handlers take CurrentUserDep and end in render.render(); add it to PAGES below.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import Response

from api.pages import auth, comparisons, docs, history, home, purchases, results, runs
from api.pages.deps import SIGN_IN_PATH, SignInNeededError
from api.pages.render import render
from api.pages.security import CsrfRefusedError, SignInThrottle, session_secret
from api.settings import Settings

STATIC = Path(__file__).resolve().parents[1] / "static"
SESSION_COOKIE = "procurement_session"
PAGES = (auth, home, purchases, history, runs, results, comparisons, docs)


def install_pages(app: FastAPI, settings: Settings) -> None:
    app.add_middleware(
        SessionMiddleware,
        secret_key=session_secret(settings),
        session_cookie=SESSION_COOKIE,
        max_age=settings.session_max_age_s,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    app.state.sign_in_throttle = SignInThrottle()
    app.state.error_page = error_page
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in PAGES:
        app.include_router(module.router)


def error_page(request: Request, status: int, body: dict[str, Any]) -> Response:
    """What a browser sees of an error: the sign-in page when no one is signed in, else a page saying what failed
    (errors.render_error calls this for requests that accept HTML)."""
    if body["error"] == SignInNeededError.code:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(SIGN_IN_PATH + (f"?next={quote(target)}" if target != "/" else ""), status_code=303)
    title, detail = _error_words(status, body["error"])
    return render(request, "error.html", status=status, title_key=title, detail_key=detail, detail=body["detail"])


def _error_words(status: int, code: str) -> tuple[str, str | None]:
    """Catalogue keys of the page's title and explanation; the error's own detail is shown for other codes."""
    if code == CsrfRefusedError.code:
        return "error_csrf_title", "error_csrf_detail"
    if status in (403, 404):
        return f"error_{status}_title", f"error_{status}_detail"
    return ("error_server_title", "error_server_detail") if status >= 500 else ("error_title", None)
