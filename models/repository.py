"""Every query the service makes: scenarios and their versioned inputs, jobs (runs, comparisons) and runs' results,
keys and users."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar, TypeVarTuple

from sqlalchemy import (
    ColumnElement,
    Float,
    Row,
    Select,
    case,
    cast,
    delete,
    exists,
    false,
    func,
    insert,
    literal,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.orm import Session

from models.access import ApiKey, IdempotencyRecord, Principal, Role, User
from models.comparison import Comparison
from models.db import Exact
from models.job import Job, JobStatus
from models.run import (
    AwardRow,
    BindingRuleRow,
    ExplainedOfferRow,
    OpenContractRow,
    RuleCostRow,
    Run,
    SavingsRow,
    ShortageRow,
)
from models.scenario import CORE_ROWS, DemandRow, InstitutionRow, RuleTableRow, Scenario, ScenarioVersion
from procurement.tables import TABLES

T = TypeVar("T")
J = TypeVar("J", bound=Job)
Ts = TypeVarTuple("Ts")
RESULT_ROWS: dict[str, Any] = {
    "awards": AwardRow,
    "shortages": ShortageRow,
    "savings": SavingsRow,
    "binding_rules": BindingRuleRow,
    "offers": ExplainedOfferRow,
    "rule_costs": RuleCostRow,
    "open_contracts": OpenContractRow,
}


@dataclass(frozen=True)
class ResultSums:
    """What result_sums adds up: money columns (in whole cents), number columns, and text columns whose non-blank
    rows it counts."""

    cents: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    nonblank: tuple[str, ...] = ()


# What an institution's key reads of rule_costs: its own limits and shortages, never a purchase-wide rule's cost.
OWN_RULE_COST_KINDS = ("limit", "shortage")


def page(session: Session, query: Select[T], limit: int | None, offset: int = 0) -> tuple[Sequence[T], int]:
    """One page of a query's rows and how many rows the whole query has."""
    return session.scalars(_sliced(query, limit, offset)).all(), _count(session, query)


def _count(session: Session, query: Select[*Ts]) -> int:
    return session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0


def _sliced(query: Select[*Ts], limit: int | None, offset: int) -> Select[*Ts]:
    return query if limit is None else query.limit(limit).offset(offset)


# --- scenarios and versions ------------------------------------------------------------------------------


def visible_scenario(key: Principal) -> ColumnElement[bool]:
    """Scenarios a key may see: its coordinating unit's, those its institution takes part in, or all (auditor)."""
    if key.role == Role.COORDINATOR:
        return Scenario.coordinator == key.coordinator
    if key.role == Role.INSTITUTION:
        return exists().where(
            InstitutionRow.institution_id == key.institution_id,
            InstitutionRow.version_id == ScenarioVersion.id,
            ScenarioVersion.scenario_id == Scenario.id,
            ScenarioVersion.number == Scenario.version,
        )
    return Scenario.id.is_not(None)


def find_scenario(session: Session, key: Principal, scenario_id: int) -> Scenario | None:
    return session.scalar(select(Scenario).where(Scenario.id == scenario_id, visible_scenario(key)))


def list_scenarios(
    session: Session, key: Principal, archived: bool | None, name: str | None, limit: int, offset: int
) -> tuple[Sequence[Scenario], int]:
    query = select(Scenario).where(visible_scenario(key)).order_by(Scenario.id.desc())
    if archived is not None:
        query = query.where(Scenario.archived_at.is_not(None) if archived else Scenario.archived_at.is_(None))
    if name:
        query = query.where(Scenario.name.ilike(f"%{name}%"))
    return page(session, query, limit, offset)


def find_version(session: Session, scenario_id: int, number: int) -> ScenarioVersion | None:
    return session.scalar(
        select(ScenarioVersion).where(ScenarioVersion.scenario_id == scenario_id, ScenarioVersion.number == number)
    )


def list_versions(session: Session, scenario_id: int) -> Sequence[ScenarioVersion]:
    query = select(ScenarioVersion).where(ScenarioVersion.scenario_id == scenario_id)
    return session.scalars(query.order_by(ScenarioVersion.number)).all()


def add_version(session: Session, version: ScenarioVersion, tables: dict[str, list[dict[str, Any]]]) -> None:
    """A version and its input rows (one bulk insert per table); tables rules own go to scenario_rule_rows."""
    session.add(version)
    session.flush()
    for table, rows in tables.items():
        if rows:
            model, extra = _input_model(table)
            values = [{**row, **extra, "version_id": version.id, "position": k} for k, row in enumerate(rows)]
            session.execute(insert(model), values)


def _input_model(table: str) -> tuple[Any, dict[str, str]]:
    """The model holding an input table's rows, and the values that mark its rows there."""
    return (CORE_ROWS[table], {}) if table in CORE_ROWS else (RuleTableRow, {"table_name": table})


def input_rows(
    session: Session,
    version_id: int,
    table: str,
    institution_id: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[Sequence[Any], int]:
    model, extra = _input_model(table)
    query = select(model).where(model.version_id == version_id, *(getattr(model, k) == v for k, v in extra.items()))
    if institution_id is not None:
        query = query.where(model.institution_id == institution_id)
    return page(session, query.order_by(model.position), limit, offset)


def all_input_rows(session: Session, version_id: int) -> dict[str, Sequence[Any]]:
    return {spec.name: input_rows(session, version_id, spec.name)[0] for spec in TABLES}


def takes_part(session: Session, version_id: int, institution_id: str | None) -> bool:
    query = select(InstitutionRow.id).where(
        InstitutionRow.version_id == version_id, InstitutionRow.institution_id == institution_id
    )
    return session.scalar(query.limit(1)) is not None


# --- jobs: runs and comparisons -------------------------------------------------------------------------


def visible_job(model: type[Job], key: Principal) -> ColumnElement[bool]:
    """Jobs a key may see: those of visible scenarios; an institution sees only published runs, and no comparison
    (its table shows every institution's savings)."""
    seen = exists().where(Scenario.id == model.scenario_id, visible_scenario(key))
    if key.role != Role.INSTITUTION:
        return seen
    return seen & Run.published_at.is_not(None) if model is Run else false()


def find_job(session: Session, model: type[J], key: Principal, job_id: int) -> J | None:
    """A job of this kind the key may see, by the id in its address (a comparison's from before 0010 too)."""
    named = model.id == job_id
    if model is Comparison:
        named |= Comparison.former_id == job_id
    return session.scalar(select(model).where(named, visible_job(model, key)))


def get_job(session: Session, job_id: int, lock: bool = False) -> Job | None:
    """A job of any kind (loaded as its kind's class), locked for update if asked."""
    query = select(Job).where(Job.id == job_id)
    return session.scalar(query.with_for_update() if lock else query)


def list_jobs(
    session: Session,
    model: type[J],
    key: Principal,
    scenario_id: int | None,
    status: str | None,
    limit: int,
    offset: int,
) -> tuple[Sequence[J], int]:
    query = select(model).where(visible_job(model, key)).order_by(model.id.desc())
    if scenario_id is not None:
        query = query.where(model.scenario_id == scenario_id)
    if status is not None:
        query = query.where(model.status == status)
    return page(session, query, limit, offset)


def claim_job(session: Session, job_id: int, worker: str, at: datetime) -> bool:
    """Mark a queued job running for this worker; False if it was cancelled or taken meanwhile."""
    result = session.execute(
        update(Job)
        .where(Job.id == job_id, Job.status == JobStatus.QUEUED)
        .values(status=JobStatus.RUNNING, worker=worker, started_at=at, heartbeat_at=at, attempts=Job.attempts + 1)
    )
    return bool(getattr(result, "rowcount", 0))


def stale_jobs(session: Session, heard_before: datetime, other_than: str) -> Sequence[Job]:
    """Running jobs of other workers that have not reported since `heard_before`: they died or lost the database."""
    query = select(Job).where(
        Job.status == JobStatus.RUNNING, Job.heartbeat_at < heard_before, Job.worker != other_than
    )
    return session.scalars(query.with_for_update()).all()


# --- runs' results ---------------------------------------------------------------------------------------


def add_results(session: Session, run_id: int, tables: dict[str, list[dict[str, Any]]]) -> None:
    for table, rows in tables.items():
        if rows:
            session.execute(insert(RESULT_ROWS[table]), [{**row, "run_id": run_id} for row in rows])


def clear_results(session: Session, run_id: int) -> None:
    for model in RESULT_ROWS.values():
        session.execute(delete(model).where(model.run_id == run_id))


def result_rows(
    session: Session,
    run_id: int,
    table: str,
    filters: dict[str, str | None],
    limit: int | None,
    offset: int,
    order: tuple[str, bool] | None = None,
) -> tuple[Sequence[Any], int]:
    """A page of a run's result rows, in the order stored or by `order` (a column, and whether descending)."""
    model = RESULT_ROWS[table]
    query = _filtered(select(model), model, run_id, filters)
    if order is not None:
        column = _sort_key(session, getattr(model, order[0]))
        query = query.order_by(None).order_by(column.desc() if order[1] else column.asc(), model.id)
    return page(session, query, limit, offset)


def result_sums(
    session: Session,
    run_id: int,
    table: str,
    filters: dict[str, str | None],
    sums: ResultSums,
    by: str | None = None,
) -> list[dict[str, Any]]:
    """A run's result rows added up by the database (all together, or per value of `by`, in its order), so that a
    national run's tens of thousands of rows are not read to show a few figures: `rows`, how many rows; each of
    `sums.cents` in whole cents (each row rounded to its cent first, so the sum is exact on SQLite's decimal text
    too); each of `sums.numbers` as a float; and, for each of `sums.nonblank`, how many rows have it not blank."""
    model = RESULT_ROWS[table]
    keys = [getattr(model, by)] if by else []
    columns = [func.count().label("rows")]
    columns += [func.sum(func.round(cast(getattr(model, name), Float) * 100)).label(name) for name in sums.cents]
    columns += [func.sum(cast(getattr(model, name), Float)).label(name) for name in sums.numbers]
    columns += [func.sum(case((getattr(model, name) != "", 1), else_=0)).label(name) for name in sums.nonblank]
    query = _filtered(select(*keys, *columns), model, run_id, filters).order_by(None).group_by(*keys)
    return [dict(row._mapping) for row in session.execute(query.order_by(*keys))]


def _sort_key(session: Session, column: Any) -> Any:
    """A column to sort by: exact numbers by their value on SQLite too, which keeps them as decimal text."""
    if isinstance(column.type, Exact) and session.get_bind().dialect.name == "sqlite":
        return cast(column, Float)
    return column


def _filtered(query: Select[*Ts], model: Any, run_id: int, filters: dict[str, str | None]) -> Select[*Ts]:
    """The run's rows of `model` whose columns equal the filters given, in the order they were stored."""
    query = query.where(model.run_id == run_id).order_by(model.id)
    for column, value in filters.items():
        if value is not None:
            query = query.where(getattr(model, column) == value)
    return query


def explained_offers(
    session: Session, key: Principal, run: Run, filters: dict[str, str | None], limit: int | None, offset: int
) -> tuple[Sequence[Row[ExplainedOfferRow, bool]], int]:
    """A run's explained offers, each with whether the key may see its prices: an institution reads only the
    claves it demanded, and the prices only of offers awarded to it (those it sees on its own awards)."""
    model = ExplainedOfferRow
    visible: ColumnElement[bool] = true()
    priced: ColumnElement[bool] = literal(True)
    if key.role == Role.INSTITUTION:
        visible = exists().where(
            DemandRow.version_id == run.version_id,
            DemandRow.institution_id == key.institution_id,
            DemandRow.product_id == model.product_id,
        )
        priced = exists().where(
            AwardRow.run_id == model.run_id,
            AwardRow.institution_id == key.institution_id,
            AwardRow.product_id == model.product_id,
            AwardRow.supplier_id == model.supplier_id,
            or_(model.period == "", AwardRow.period == model.period),  # an offer for one period: awarded in it
        )
    query = _filtered(select(model, priced.label("priced")), model, run.id, filters).where(visible)
    return session.execute(_sliced(query, limit, offset)).all(), _count(session, query)


def whole_explanation(session: Session, run_id: int) -> tuple[Sequence[ExplainedOfferRow], Sequence[RuleCostRow]]:
    """Every explained offer and rule cost of a run, for its reports (which keep an institution's version to what
    it may see themselves)."""
    offers = session.scalars(_filtered(select(ExplainedOfferRow), ExplainedOfferRow, run_id, {})).all()
    costs = session.scalars(_filtered(select(RuleCostRow), RuleCostRow, run_id, {})).all()
    return offers, costs


def rule_costs(
    session: Session, key: Principal, run_id: int, filters: dict[str, str | None], limit: int | None, offset: int
) -> tuple[Sequence[RuleCostRow], int]:
    """A run's rule costs; an institution reads only the limits and shortages of its own institution."""
    query = _filtered(select(RuleCostRow), RuleCostRow, run_id, filters)
    if key.role == Role.INSTITUTION:
        query = query.where(RuleCostRow.kind.in_(OWN_RULE_COST_KINDS), RuleCostRow.institution_id == key.institution_id)
    return page(session, query, limit, offset)


# --- keys, users and idempotency ----------------------------------------------------------------------


def key_by_hash(session: Session, key_sha256: str) -> ApiKey | None:
    """The key with this hash, revoked or expired ones too (the caller says which it is)."""
    return session.scalar(select(ApiKey).where(ApiKey.key_sha256 == key_sha256))


def get_key(session: Session, key_id: int) -> ApiKey | None:
    return session.get(ApiKey, key_id)


def list_keys(session: Session) -> Sequence[ApiKey]:
    return session.scalars(select(ApiKey).order_by(ApiKey.id)).all()


def record_key_use(session: Session, key_id: int, at: datetime, precision: timedelta) -> None:
    """Set the key's last use to `at` unless another request (of any process) did within `precision`."""
    recent = ApiKey.last_used_at.is_not(None) & (ApiKey.last_used_at > at - precision)
    session.execute(update(ApiKey).where(ApiKey.id == key_id, ~recent).values(last_used_at=at))


def user_by_username(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username))


def get_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def find_idempotency(session: Session, api_key_id: int, key: str) -> IdempotencyRecord | None:
    query = select(IdempotencyRecord).where(IdempotencyRecord.api_key_id == api_key_id, IdempotencyRecord.key == key)
    return session.scalar(query)


def forget_idempotency(session: Session, record_ids: Iterable[int]) -> None:
    session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.id.in_(list(record_ids))))


def release_stale_idempotency(session: Session, started_before: datetime) -> None:
    """Finish the records of requests still unanswered since `started_before` (their server died answering them):
    one whose request had created its resource replays the failure stored with it; the others are forgotten."""
    stale = IdempotencyRecord.status_code.is_(None) & (IdempotencyRecord.created_at < started_before)
    for record in session.scalars(select(IdempotencyRecord).where(stale)):
        if record.response:
            record.status_code = 500
        else:
            session.delete(record)
