"""create_app(): settings read once, schema upgraded, routers and the one error handler wired."""

from __future__ import annotations

from fastapi import FastAPI

from api.errors import install_error_handler
from api.http import BodyLimit, release_stale_keys
from api.jobs import JobQueue
from api.language import RequestLanguage
from api.pages import install_pages
from api.routes import comparisons, health, reports, runs, scenarios
from api.settings import Settings
from models.db import make_engine, make_sessions, upgrade
from procurement import __version__

DESCRIPTION = """\
Consolidated public purchases of medicines (compra consolidada): a coordinating unit sets up a purchase,
each institution submits and checks its own demand, runs are launched and followed, awards and savings are
read back. Authenticate with `Authorization: Bearer <key>` (keys are made with `procurement keys create`).
Errors always have the shape `{"error": code, "detail": text, "issues": [{location, code, message, severity}]}`;
messages are in Spanish unless `Accept-Language` asks for English; codes are the same in every language.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    upgrade(settings.database_url)
    app = FastAPI(title="procurement", version=__version__, description=DESCRIPTION, redoc_url=None, docs_url=None)
    app.state.settings = settings
    app.state.sessions = make_sessions(make_engine(settings.database_url))
    app.state.queue = JobQueue(settings)
    release_stale_keys(app.state.sessions, settings.stale_after_s)
    app.add_middleware(BodyLimit, max_bytes=settings.max_upload_bytes)
    app.add_middleware(RequestLanguage)
    install_error_handler(app)
    install_pages(app, settings)  # the pages at / and /docs, served with their own static files
    for module in (health, scenarios, runs, reports, comparisons):
        app.include_router(module.router)
    return app
