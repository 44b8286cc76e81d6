"""Spreadsheets and reports: the scenario template, a run's savings report (XLSX, PDF, HTML) and awards.xlsx."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from api.deps import CallerDep
from procurement.template import build_template

router = APIRouter(prefix="/api/v1", tags=["reports"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attachment(data: bytes, media_type: str, filename: str, headers: dict[str, str] | None = None) -> Response:
    disposition = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(data, media_type=media_type, headers=disposition | (headers or {}))


@router.get("/templates/scenario.xlsx", summary="The empty scenario workbook to fill in Excel and upload")
def download_template(caller: CallerDep) -> Response:
    return attachment(build_template(), XLSX, "scenario.xlsx")
