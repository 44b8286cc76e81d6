"""The what-if page of a purchase: a coordinator types other values of its award rules, runs them as one comparison
(api.comparisons, the job the API's /comparisons launches) and follows it as a run; the variants are read side by
side, the purchase's current rules first, with a chart of their savings. Institutions do not see comparisons: they
show every institution's savings."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any

import pandas as pd
from fastapi import Depends, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from api import comparisons, service
from api.comparisons import ComparisonCreate
from api.deps import SessionDep, SettingsDep
from api.http import RowId
from api.pages.deps import CurrentUserDep, page_router
from api.pages.render import page_language, render, say
from api.progress import variants_solved
from models.access import Principal, User
from procurement.messages import text
from procurement.tables import SETTING_BY_NAME
from procurement.variants import parse_variation
from reports.charts import bar_chart
from reports.compare import row_kinds
from reports.labels import label, money, percent, quantity

router = page_router()
SHOWN = 20
# The rules the page offers to vary, and whether a person types them as percentages (5 → 0.05) or as counts.
CHOICES = {"max_price_gap": True, "max_suppliers": False, "national_preference": True}
CHART_WIDTH, CHART_LABELS = 600, 260


async def typed_values(request: Request) -> dict[str, str]:
    """What was typed for each rule offered (the form was read once already, for its CSRF token)."""
    form = await request.form()
    return {name: str(form.get(name) or "")[:200] for name in CHOICES}


@router.get("/compras/{scenario_id}/comparar")
def what_if(request: Request, session: SessionDep, user: CurrentUserDep, scenario_id: RowId) -> Response:
    return what_if_page(request, session, user, scenario_id)


@router.post("/compras/{scenario_id}/comparar")
def start_comparison(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUserDep,
    scenario_id: RowId,
    typed: Annotated[dict[str, str], Depends(typed_values)],
) -> Response:
    purchase = service.read_scenario(session, user, scenario_id)
    vary, mistakes = variations(typed, purchase["settings"].get("policy", {}), page_language(request))
    if mistakes or not vary:
        errors = mistakes or [say(page_language(request), "what_if_nothing")]
        return what_if_page(request, session, user, scenario_id, 422, errors=errors, typed=typed)
    queue = request.app.state.queue
    created = comparisons.create_comparison(session, settings, queue, user, scenario_id, ComparisonCreate(vary=vary))
    return RedirectResponse(f"/comparaciones/{created.id}", status_code=303)


@router.get("/comparaciones/{comparison_id}")
def comparison_page(request: Request, session: SessionDep, user: CurrentUserDep, comparison_id: RowId) -> Response:
    return render(request, "comparison.html", user, **_comparison(request, session, user, comparison_id))


@router.get("/comparaciones/{comparison_id}/avance")
def comparison_progress(request: Request, session: SessionDep, user: CurrentUserDep, comparison_id: RowId) -> Response:
    """The progress panel alone (the variants side by side once finished), polled by htmx until it has finished."""
    context = _comparison(request, session, user, comparison_id)
    return render(request, "comparison_progress.html", user, **context)


def what_if_page(
    request: Request, session: Session, user: User, scenario_id: int, status: int = 200, **context: Any
) -> Response:
    purchase = service.read_scenario(session, user, scenario_id)
    lang, policy = page_language(request), purchase["settings"].get("policy", {})
    current = {name: _value_words(name, current_value(policy, name), lang) for name in CHOICES}
    page = {"purchase": purchase, "comparisons": listed(session, user, scenario_id, lang), "current": current}
    return render(request, "what_if.html", user, status, **page, **context)


def listed(session: Session, user: Principal, scenario_id: int, lang: str) -> dict[str, Any]:
    """The purchase's latest comparisons, newest first, each with what it varies in words."""
    found = comparisons.list_comparisons(session, user, scenario_id, SHOWN, 0, lang).model_dump()
    items = [item | {"varied": [variation_words(vary, lang) for vary in item["vary"]]} for item in found["items"]]
    return found | {"items": items}


def variations(typed: dict[str, str], policy: Mapping[str, Any], lang: str) -> tuple[list[str], list[str]]:
    """`policy.<rule>=<current>,<typed values>` for each rule given values (the current rules are the first
    variant), and what could not be read, in words."""
    vary, mistakes = [], []
    for name, written in typed.items():
        values = []
        for part in filter(None, re.split(r"[,;\s]+", written.replace("%", " "))):
            value = _typed(part, CHOICES[name])
            if value is None:
                mistakes.append(say(lang, "what_if_not_a_value", rule=say(lang, f"rule_{name}"), value=part))
            values.append(value)
        if values:
            given = [_setting_text(current_value(policy, name)), *(_setting_text(value) for value in values)]
            vary.append(f"policy.{name}=" + ",".join(dict.fromkeys(given)))
    return vary, mistakes


def _typed(part: str, as_percent: bool) -> float | int | None:
    """A typed value as the setting holds it: 5 (%) → 0.05; a count stays whole; None when it is neither."""
    try:
        number = float(part)
    except ValueError:
        return None
    if as_percent:
        return number / 100
    return int(number) if number.is_integer() else None


def _setting_text(value: Any) -> str:
    return "none" if value is None else f"{value:g}"


def current_value(policy: Mapping[str, Any], name: str) -> Any:
    return policy.get(name, SETTING_BY_NAME[name].default)


def setting_words(name: str, value: Any, lang: str) -> str:
    """ "Brecha máxima de precio 5 %": a rule and its value as an officer reads them."""
    if name not in CHOICES:  # varied through the API: its setting as the API names it
        return f"{name}={_setting_text(value)}"
    return f"{say(lang, f'rule_{name}')} {_value_words(name, value, lang)}"


def _value_words(name: str, value: Any, lang: str) -> str:
    value = SETTING_BY_NAME[name].default if value is None else value
    if value is None:
        return say(lang, "no_limit")
    return f"{value * 100:g} %" if CHOICES[name] else f"{value:g}"


def variant_words(changes: Mapping[str, Any], lang: str) -> str:
    return " · ".join(setting_words(key.split(".", 1)[1], value, lang) for key, value in changes.items())


def variation_words(vary: str, lang: str) -> str:
    """A stored `policy.max_price_gap=none,0.05` as "Brecha máxima de precio: sin límite, 5 %"."""
    variation = parse_variation(vary)
    name = variation.key.split(".", 1)[1]
    if name not in CHOICES:
        return vary
    values = ", ".join(_value_words(name, value, lang) for value in variation.values)
    return f"{say(lang, f'rule_{name}')}: {values}"


def _comparison(request: Request, session: Session, user: Principal, comparison_id: int) -> dict[str, Any]:
    lang = page_language(request)
    comparison = comparisons.read_comparison(session, user, comparison_id, lang).model_dump()
    if comparison["status"] == "failed" and comparison["issues"]:  # the reason recorded for programs, in English
        errors = sum(issue["severity"] == "error" for issue in comparison["issues"])
        comparison = comparison | {"error": text("api.problems_variations", lang, count=errors)}
    purchase = service.read_scenario(session, user, comparison["scenario_id"])
    policy = purchase["settings"].get("policy", {})
    context = {"comparison": comparison, "purchase": purchase, "solved": variants_solved(comparison["progress"], lang)}
    return context | _side_by_side(comparison, policy, lang)


def _side_by_side(comparison: dict[str, Any], policy: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """The variants as columns (their plain labels, the current rules marked) and the figures as formatted rows."""
    table = comparison["table"]
    if table is None:
        return {"columns": [], "rows": [], "chart": None}
    columns = [
        {"label": variant_words(variant["changes"], lang), "current": _is_current(variant["changes"], policy)}
        for variant in comparison["variants"]
    ]
    frame = pd.DataFrame(table["rows"], columns=pd.Index(table["columns"]))
    currency = comparison["currency"]
    shown = {"money": lambda v: money(v, currency), "percent": percent, None: quantity}
    rows = [
        [row[0], *(value if isinstance(value, str) else shown[kind](value) for value in row[1:])]
        for row, kind in zip(table["rows"], row_kinds(frame, lang), strict=True)
    ]
    savings: list[Any] = next((row[1:] for row in table["rows"] if row[0] == label(lang, "savings")), [])
    items = [(str(column["label"]), float(value or 0)) for column, value in zip(columns, savings, strict=False)]
    chart = bar_chart(items, lambda v: money(v, currency), label(lang, "others"), CHART_WIDTH, CHART_LABELS)
    return {"columns": columns, "rows": rows, "chart": chart if items else None}


def _is_current(changes: Mapping[str, Any], policy: Mapping[str, Any]) -> bool:
    """Whether a variant's changes are the purchase's current rules (a setting removed reads as its default)."""
    for key, value in changes.items():
        table, _, name = key.partition(".")
        if table != "policy" or (SETTING_BY_NAME[name].default if value is None else value) != current_value(
            policy, name
        ):
            return False
    return True
