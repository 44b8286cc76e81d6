"""Spreadsheets and reports: the scenario template, a run's savings report (XLSX, PDF, HTML) and awards.xlsx."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query
from fastapi.responses import Response
from sqlalchemy.orm import Session

from api import report_service
from api.deps import CallerDep, SessionDep
from api.errors import error_responses
from api.http import PublicRoute, RowId, file_content
from api.language import preferred_language
from models.access import Principal
from procurement.messages import DEFAULT_LANGUAGE, text
from procurement.template import build_template
from reports.tables import rows_csv

router = APIRouter(prefix="/api/v1", tags=["reports"], responses=error_responses(401, 422), route_class=PublicRoute)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MEDIA = {"xlsx": XLSX, "awards": XLSX, "pdf": "application/pdf", "html": "text/html; charset=utf-8"}
HTML_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"  # the page is self-contained


class ReportKind(StrEnum):
    xlsx = "xlsx"
    pdf = "pdf"
    html = "html"


Institution = Annotated[str | None, Query(max_length=64, description="an institution's own version of the report")]
AcceptLanguage = Annotated[str | None, Header(description="es (default) or en, e.g. `en-US,en;q=0.9`")]


def attachment(data: bytes, media_type: str, filename: str, headers: dict[str, str] | None = None) -> Response:
    disposition = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(data, media_type=media_type, headers=disposition | (headers or {}))


def csv_attachment(items: list[dict[str, Any]], columns: Sequence[str], filename: str) -> Response:
    return attachment(rows_csv(items, columns).encode(), "text/csv; charset=utf-8", filename)


report_language = preferred_language


@router.get(
    "/templates/scenario.xlsx",
    response_class=Response,
    responses={200: file_content(XLSX)},
    summary="The empty scenario workbook to fill in Excel and upload",
)
def download_template(caller: CallerDep, accept_language: AcceptLanguage = None) -> Response:
    lang = report_language(accept_language)
    return attachment(build_template(lang=lang), XLSX, text("template.file_name", lang), {"Content-Language": lang})


def serve_report(
    session: Session, caller: Principal, run_id: int, kind: str, lang: str, institution_id: str | None
) -> Response:
    data, name = report_service.run_report(session, caller, run_id, kind, lang, institution_id)
    headers = {"Content-Language": lang} | ({"Content-Security-Policy": HTML_POLICY} if kind == "html" else {})
    return attachment(data, MEDIA[kind], name, headers)


@router.get(
    "/runs/{run_id:int}/report.{kind}",
    response_class=Response,
    responses={200: file_content(XLSX, "application/pdf", "text/html"), **error_responses(404, 409)},
    summary="The savings report: xlsx (native charts), pdf (A4 landscape) or html (one self-contained page)",
)
def read_report(
    run_id: RowId,
    kind: ReportKind,
    session: SessionDep,
    caller: CallerDep,
    institution_id: Institution = None,
    accept_language: AcceptLanguage = None,
) -> Response:
    return serve_report(session, caller, run_id, kind.value, report_language(accept_language), institution_id)


@router.get(
    "/runs/{run_id:int}/awards.xlsx",
    response_class=Response,
    responses={200: file_content(XLSX), **error_responses(404, 409)},
    summary="Awards, shortages and savings of a run as one workbook",
)
def awards_xlsx(run_id: RowId, session: SessionDep, caller: CallerDep, institution_id: Institution = None) -> Response:
    return serve_report(session, caller, run_id, "awards", DEFAULT_LANGUAGE, institution_id)
