"""A succeeded run's results: the headline, savings per institution (a chart and its table) and, for a purchase over
several periods, per period, the awards filtered,
sorted and paged on the server (htmx swaps the table alone), the open contracts with their minimum and maximum (for
a purchase that has them), the shortages with their reasons, the limits that
bound and, when the run was explained, what its rules and limits cost; and the downloads.

Every figure comes from the services the API uses, with the signed-in user as the principal, so an institution
reads its own version only; the awards are read a page at a time, so a national run's table never loads whole.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import Query, Request
from pydantic import BaseModel, Field, field_validator
from sqlalchemy.orm import Session
from starlette.responses import Response

from api import run_service
from api.deps import SessionDep
from api.http import MAX_ROW_NUMBER, RowId
from api.pages.deps import CurrentUserDep, page_router
from api.pages.render import page_language, render, say
from api.pages.runs import run_context
from api.routes.reports import csv_attachment, serve_report
from models.access import Principal, Role
from procurement.rules.open_contracts import MAXIMUM
from reports.charts import bar_chart
from reports.labels import label, money

router = page_router()
AWARDS_PAGE = 50
AWARDS_TARGET = "awards"  # the id of the awards' section, which htmx names in HX-Target when it swaps it
SHOWN = 200  # rows shown of the shortages, the limits and the rule costs (the downloads hold them all)
AWARDS_SHOWN = ("product_id", "institution_id", "supplier_id", "quantity", "unit_price", "total_cost")
WITH_PERIOD = (*AWARDS_SHOWN[:2], "period", *AWARDS_SHOWN[2:])  # the awards' columns over several periods
FILTERS = ("product_id", "supplier_id", "institution_id")
COSTED = ("rule", "limit")  # the explanation's rows shown; its shortage rows are the shortages table's
Id = Annotated[str | None, Field(max_length=64)]


class AwardsQuery(BaseModel):
    """The awards table asked for: exact ids to filter by (as the API's), a column to sort by, and the page."""

    product_id: Id = None
    supplier_id: Id = None
    institution_id: Id = None
    sort: str | None = None
    order: Literal["asc", "desc"] = "asc"
    offset: int = Field(0, ge=0, le=MAX_ROW_NUMBER)

    @field_validator(*FILTERS, "sort", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if value == "" else value

    @field_validator("sort")
    @classmethod
    def _shown_column(cls, value: str | None) -> str | None:
        if value is not None and value not in WITH_PERIOD:
            raise ValueError(f"sort by one of {', '.join(WITH_PERIOD)}")
        return value

    def filters(self) -> dict[str, str | None]:
        return {name: getattr(self, name) for name in FILTERS}

    def link(self, **changes: Any) -> str:
        """This table's query string with `changes`, blanks left out, as the page's links and htmx send it."""
        values = self.model_dump() | {"offset": 0} | changes
        given = {name: value for name, value in values.items() if value not in (None, "", 0, "asc")}
        return "?" + urlencode(given)


@router.get("/corridas/{run_id}/resultados")
def results(
    request: Request,
    session: SessionDep,
    user: CurrentUserDep,
    run_id: RowId,
    query: Annotated[AwardsQuery, Query()],
) -> Response:
    """The whole page; htmx asking for the awards (a filter, a sort or a page of them) gets their section alone."""
    periods = _periods(session, user, run_id)
    context = run_context(request, session, user, run_id) | _awards(session, user, run_id, query, bool(periods))
    context["periods"] = periods
    if request.headers.get("HX-Target") == AWARDS_TARGET:
        response = render(request, "awards.html", user, **context)
    else:
        response = render(request, "results.html", user, **context, **_figures(request, session, user, context))
    response.headers["Vary"] = "HX-Target"
    return response


@router.get("/corridas/{run_id}/reporte.{kind}")
def report(
    request: Request, session: SessionDep, user: CurrentUserDep, run_id: RowId, kind: Literal["pdf", "xlsx"]
) -> Response:
    return serve_report(session, user, run_id, kind, page_language(request), None)


@router.get("/corridas/{run_id}/contratos-abiertos.csv")
def open_contracts_csv(request: Request, session: SessionDep, user: CurrentUserDep, run_id: RowId) -> Response:
    page = run_service.result_table(session, user, run_id, "open_contracts", {}, None, 0)
    name = say(page_language(request), "open_contracts_file", run=run_id)
    return csv_attachment(page["items"], run_service.RESULT_COLUMNS["open_contracts"], name)


@router.get("/corridas/{run_id}/adjudicaciones.csv")
def awards_csv(request: Request, session: SessionDep, user: CurrentUserDep, run_id: RowId) -> Response:
    page = run_service.result_table(session, user, run_id, "awards", {}, None, 0)
    name = say(page_language(request), "awards_file", run=run_id)
    return csv_attachment(page["items"], run_service.RESULT_COLUMNS["awards"], name)


def _awards(session: Session, user: Principal, run_id: int, query: AwardsQuery, periods: bool) -> dict[str, Any]:
    """A page of the awards; their period is a column where the purchase has several."""
    order = (query.sort, query.order == "desc") if query.sort else None
    page = run_service.result_table(session, user, run_id, "awards", query.filters(), AWARDS_PAGE, query.offset, order)
    return {"awards": page, "query": query, "award_columns": WITH_PERIOD if periods else AWARDS_SHOWN}


def _periods(session: Session, user: Principal, run_id: int) -> list[dict[str, Any]]:
    """Savings per period, summed by the database; none for a purchase with one period."""
    items: list[dict[str, Any]] = run_service.savings(session, user, run_id, "period")["items"]
    return items if any(row["period"] for row in items) else []


def _figures(request: Request, session: Session, user: Principal, context: dict[str, Any]) -> dict[str, Any]:
    """Everything on the page but the awards: headline, savings per institution, shortages, limits, rule costs."""
    run_id, currency = context["run"]["id"], context["purchase"]["currency"]
    savings = run_service.savings(session, user, run_id, "institution")["items"]
    chart = [(str(row["institution_id"]), float(row["savings"])) for row in savings]
    own = user.role == Role.INSTITUTION
    return {
        "figures": run_service.headline(session, user, run_id),
        "savings": savings,
        "savings_chart": bar_chart(
            chart, lambda value: money(value, currency), label(page_language(request), "others")
        ),
        "shortages": run_service.result_table(session, user, run_id, "shortages", {}, SHOWN, 0),
        "binding": None if own else run_service.result_table(session, user, run_id, "binding_rules", {}, SHOWN, 0),
        "rule_costs": _rule_costs(session, user, run_id) if context["run"]["explained"] else [],
        "open_contracts": run_service.result_table(session, user, run_id, "open_contracts", {}, SHOWN, 0),
        "open_budget": (context["purchase"]["settings"].get("policy") or {}).get("open_contract_budget") or MAXIMUM,
    }


def _rule_costs(session: Session, user: Principal, run_id: int) -> list[dict[str, Any]]:
    explained = run_service.explanation(session, user, run_id, {}, SHOWN, 0)
    return [row for row in explained["rule_costs"]["items"] if row["kind"] in COSTED]
