"""Liveness (the process answers) and readiness (the database and the run queue answer)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from api.deps import QueueDep, SessionDep
from api.http import PublicRoute, respond
from api.schemas import HealthPublic

router = APIRouter(tags=["health"], route_class=PublicRoute)


@router.get("/healthz", response_model=HealthPublic, summary="The process is up")
def healthz() -> JSONResponse:
    return respond({"status": "ok"})


@router.get(
    "/readyz",
    response_model=HealthPublic,
    responses={503: {"model": HealthPublic, "description": "the database or the run queue does not answer"}},
    summary="The database and the run queue are reachable",
)
def readyz(request: Request, session: SessionDep, queue: QueueDep) -> JSONResponse:
    checks = {"database": _check(lambda: session.execute(text("SELECT 1"))), "queue": _check(queue.pending)}
    ready = all(value == "ok" for value in checks.values())
    return respond({"status": "ready" if ready else "not ready", "checks": checks}, 200 if ready else 503)


def _check(probe: object) -> str:
    try:
        probe()  # type: ignore[operator]
    except Exception as error:  # any failure means not ready; its text says why
        return f"failed: {type(error).__name__}: {error}"
    return "ok"
