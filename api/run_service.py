"""Use cases on runs and their results; each owns its transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from api.errors import ConflictError, NotFoundError
from api.job_service import cancel_job, chosen, find_job, job_public, launch, wall_limit
from api.jobs import JobQueue
from api.language import request_language
from api.progress import run_progress_public
from api.results import savings_items, stored_pairs, stored_table
from api.schemas import Page, RunCreate, RunPublic
from api.service import current_version, find_scenario, require_coordinator, version_purchase
from api.settings import Settings
from models import repository
from models.access import Principal, Role
from models.db import now
from models.job import JobStatus
from models.run import Run
from procurement import osd
from procurement.awards import AWARD_COLUMNS, BINDING_COLUMNS, SHORTAGE_COLUMNS
from procurement.explain.columns import EXPLANATION_COLUMNS, RULE_COST_COLUMNS
from procurement.rules.open_contracts import CONTRACT_COLUMNS
from procurement.savings import pair_savings, savings_totals, summarize_savings, supplier_savings

SOLVER_OPTIONS = ("solver", "time_limit_s", "mip_gap", "threads")
RESULT_COLUMNS = {
    "awards": AWARD_COLUMNS,
    "shortages": SHORTAGE_COLUMNS,
    "binding_rules": BINDING_COLUMNS,
    "open_contracts": CONTRACT_COLUMNS,
}
EXPLANATION_TABLES = {"offers": EXPLANATION_COLUMNS, "rule_costs": RULE_COST_COLUMNS}
# What an institution's key does not read of an offer: the prices at which its fate turns (a competitor's price in
# all but name), and all its prices unless it is awarded to the institution (another supplier's bid).
TURNING_PRICES = ("price_to_win", "price_to_lose")
# What the headline and savings by institution or product add up (repository.result_sums), by stored column.
PAID = repository.ResultSums(cents=("purchase_cost", "delivery_cost", "fixed_cost"))
PAIR_SUMS = repository.ResultSums(
    cents=("compared_cost", "consolidated_cost", "unmet_value"),
    numbers=("quantity", "consolidated_quantity", "shortage_quantity"),
    nonblank=("dearer_reason",),
)
PAIR_SUMS_AS = {
    "compared_cost": "compared_cents",
    "consolidated_cost": "consolidated_cents",
    "unmet_value": "unmet_cents",
}
OFFER_PRICES = ("unit_price", "evaluated_price", "delivery_cost", "awarded_cost", *TURNING_PRICES)


def create_run(
    session: Session, settings: Settings, queue: JobQueue, key: Principal, scenario_id: int, body: RunCreate
) -> RunPublic:
    """A queued run of the scenario's current version; the queue gets it once the row is committed."""
    scenario = find_scenario(session, key, scenario_id)
    require_coordinator(key, "launch runs")
    if scenario.archived_at is not None:
        raise ConflictError("api.scenario_archived_run", scenario=scenario_id)
    version = current_version(session, scenario)
    options = chosen(body, (*SOLVER_OPTIONS, "explain"))
    if body.explain is None and not settings.explain_runs:
        options["explain"] = False
    run = Run(
        scenario_id=scenario.id,
        version_id=version.id,
        options=options,
        wall_limit_s=wall_limit(settings, body),
        created_by=key.name,
        events=[],
    )
    launch(session, queue, run)
    return run_public(session, key, run)


def find_run(session: Session, key: Principal, run_id: int) -> Run:
    return find_job(session, Run, key, run_id)


def run_public(session: Session, key: Principal, run: Run) -> RunPublic:
    """A run as the caller may see it: an institution does not see the whole purchase's objective and summary."""
    private = key.role == Role.INSTITUTION
    return RunPublic.model_validate(
        job_public(session, run)
        | {name: getattr(run, name) for name in ("solver_status", "published_at", "explained")}
        | {
            "objective": None if private else run.objective,
            "summary": None if private else run.summary,
            "progress": run_progress_public({"status": run.status, "progress": run.progress}, request_language()),
        }
    )


def read_run(session: Session, key: Principal, run_id: int) -> RunPublic:
    return run_public(session, key, find_run(session, key, run_id))


def list_runs(
    session: Session, key: Principal, scenario_id: int | None, status: str | None, limit: int, offset: int
) -> Page[RunPublic]:
    runs, total = repository.list_jobs(session, Run, key, scenario_id, status, limit, offset)
    items = [run_public(session, key, run) for run in runs]
    return Page[RunPublic](items=items, total=total, limit=limit, offset=offset)


def cancel_run(session: Session, key: Principal, run_id: int) -> RunPublic:
    run = find_run(session, key, run_id)
    cancel_job(session, key, run)
    return run_public(session, key, run)


def publish_run(session: Session, key: Principal, run_id: int) -> RunPublic:
    """Make a succeeded run's results visible to the institutions of the purchase."""
    run = find_run(session, key, run_id)
    require_coordinator(key, "publish runs")
    if run.status != JobStatus.SUCCEEDED:
        raise ConflictError("api.run_not_publishable", run=run_id, status=run.status)
    run.published_at = run.published_at or now()
    session.commit()
    return run_public(session, key, run)


def result_table(
    session: Session,
    key: Principal,
    run_id: int,
    table: str,
    filters: dict[str, str | None],
    limit: int | None,
    offset: int,
    order: tuple[str, bool] | None = None,
) -> dict[str, Any]:
    """A page of a result table as the key may read it, in the order stored or by `order` (one of its columns,
    and whether descending)."""
    run = _finished_run(session, key, run_id)
    if key.role == Role.INSTITUTION and table == "binding_rules":
        raise NotFoundError("api.run_no_binding", run=run_id)
    filters = _own(key, filters)
    rows, total = repository.result_rows(session, run.id, table, filters, limit, offset, order)
    items = [_row(row, RESULT_COLUMNS[table]) for row in rows]
    return {"items": items, "total": total, "limit": limit if limit is not None else total, "offset": offset}


def savings(session: Session, key: Principal, run_id: int, by: str) -> dict[str, Any]:
    run = _finished_run(session, key, run_id)
    filters = _own(key, {"institution_id": None})
    if by == "supplier":
        table = supplier_savings(_pairs(session, run, filters), _stored(session, run, "awards", filters))
    elif by == "pair":
        table = pair_savings(_pairs(session, run, filters))
    else:  # by institution, product or period: summed by the database, then worded as the core does
        column = "period" if by == "period" else f"{by}_id"
        table = summarize_savings(_pair_sums(session, run, filters, column), column)
    items = savings_items(table)
    return {"by": by, "items": items, "total": len(items), "limit": len(items), "offset": 0}


def headline(session: Session, key: Principal, run_id: int) -> dict[str, Any]:
    """A succeeded run in a few figures, as `procurement solve` prints them: the cost paid (report.costs: purchase,
    delivery and fixed costs), the like-for-like savings and the unmet demand (savings_totals); an institution's are
    its own. Every figure is added up by the database: a national run has tens of thousands of rows."""
    run = _finished_run(session, key, run_id)
    filters = _own(key, {"institution_id": None})
    (awards,) = repository.result_sums(session, run.id, "awards", filters, PAID)
    (shortages,) = repository.result_sums(session, run.id, "shortages", filters, repository.ResultSums())
    pairs = _pair_sums(session, run, filters)
    totals = savings_totals(pairs, int(pairs["dearer_reason"].sum()))
    paid = sum(_whole(awards[name]) for name in PAID.cents) / 100
    return totals | {"paid": paid, "awards": awards["rows"], "shortages": shortages["rows"]}


def _pair_sums(session: Session, run: Run, filters: dict[str, str | None], by: str | None = None) -> pd.DataFrame:
    """The run's savings pairs added up (per `by`, or in one row) as the core's pair columns; dearer_reason holds
    how many pairs cost more than their baseline."""
    rows = repository.result_sums(session, run.id, "savings", filters, PAIR_SUMS, by)
    return pd.DataFrame(
        {
            **({by: [row[by] for row in rows]} if by else {}),
            **{PAIR_SUMS_AS[name]: [_whole(row[name]) for row in rows] for name in PAIR_SUMS.cents},
            **{name: [float(row[name] or 0) for row in rows] for name in PAIR_SUMS.numbers},
            "dearer_reason": [_whole(row["dearer_reason"]) for row in rows],
        }
    )


def _whole(value: Any) -> int:
    """A sum of whole numbers from the database (None when there was nothing to add up)."""
    return round(float(value or 0))


def _pairs(session: Session, run: Run, filters: dict[str, str | None]) -> pd.DataFrame:
    rows, _ = repository.result_rows(session, run.id, "savings", filters, None, 0)
    return stored_pairs(rows)


def _stored(session: Session, run: Run, table: str, filters: dict[str, str | None]) -> pd.DataFrame:
    rows, _ = repository.result_rows(session, run.id, table, filters, None, 0)
    return stored_table(rows, RESULT_COLUMNS[table])


def explanation(
    session: Session, key: Principal, run_id: int, filters: dict[str, str | None], limit: int, offset: int
) -> dict[str, Any]:
    """A page of each table of the run's explanation: its offers and its rule costs, as the key may read them."""
    run = _finished_run(session, key, run_id)
    if not run.explained:
        raise ConflictError(_unexplained(run), run=run_id)
    offers, offers_total = repository.explained_offers(session, key, run, filters, limit, offset)
    costs, costs_total = repository.rule_costs(session, key, run.id, filters, limit, offset)
    return {
        "offers": _page([_offer(key, row, priced) for row, priced in offers], offers_total, limit, offset),
        "rule_costs": _page([_row(row, RULE_COST_COLUMNS) for row in costs], costs_total, limit, offset),
    }


def _unexplained(run: Run) -> str:
    """Why a succeeded run has no explanation, as a catalogue key."""
    return "api.run_not_explained_option" if run.options.get("explain") is False else "api.run_not_explained_old"


def _page(items: list[dict[str, Any]], total: int, limit: int, offset: int) -> dict[str, Any]:
    return {"items": items, "total": total, "limit": limit, "offset": offset}


def _offer(key: Principal, row: Any, priced: bool) -> dict[str, Any]:
    hidden = OFFER_PRICES if not priced else TURNING_PRICES if key.role == Role.INSTITUTION else ()
    return _row(row, EXPLANATION_COLUMNS) | dict.fromkeys(hidden)


def _row(row: Any, columns: list[str]) -> dict[str, Any]:
    return {name: getattr(row, name) for name in columns}


def _finished_run(session: Session, key: Principal, run_id: int) -> Run:
    run = find_run(session, key, run_id)
    if run.status != JobStatus.SUCCEEDED:
        raise ConflictError("api.run_no_results", run=run_id, status=run.status)
    return run


def _own(key: Principal, filters: dict[str, str | None]) -> dict[str, str | None]:
    """An institution's results are its own rows only; asking for another institution's is a 404."""
    if key.role != Role.INSTITUTION:
        return filters
    if filters.get("institution_id") not in (None, key.institution_id):
        raise NotFoundError("api.institution_no_results", institution=filters["institution_id"])
    return filters | {"institution_id": key.institution_id}


def compare_osd_rounds(
    session: Session, settings: Settings, key: Principal, scenario_id: int, run_ids: Sequence[int]
) -> list[dict[str, Any]]:
    """procurement.osd.compare_rounds of the scenario's runs, in the order given, on the OSD claves of its current
    version; for coordinators and auditors (it names every supplier awarded)."""
    if key.role == Role.INSTITUTION:
        require_coordinator(key, "compare osd rounds")
    scenario = find_scenario(session, key, scenario_id)
    _, purchase = version_purchase(session, settings, current_version(session, scenario))
    rounds = []
    for run_id in run_ids:
        run = find_run(session, key, run_id)
        if run.scenario_id != scenario.id:
            raise NotFoundError("api.osd_run_elsewhere", run=run_id, scenario=scenario.id)
        if run.status != JobStatus.SUCCEEDED:
            raise ConflictError("api.run_no_results", run=run_id, status=run.status)
        rows, _ = repository.result_rows(session, run.id, "awards", {}, None, 0)
        columns = ["product_id", "supplier_id", "quantity", "unit_price", "total_cost"]
        rounds.append(pd.DataFrame([{c: getattr(r, c) for c in columns} for r in rows], columns=columns))
    for awards in rounds:
        for column in ("quantity", "unit_price", "total_cost"):
            awards[column] = awards[column].astype(float)
    table = osd.compare_rounds(rounds, osd.auctioned(purchase))
    return [{k: (None if pd.isna(v) else v) for k, v in row.items()} for row in table.to_dict("records")]
