"""Use cases on scenarios; each owns its transaction and leaves nothing half-written when it fails."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from api.errors import ConflictError, ForbiddenError, InvalidError, NotFoundError, api_issue
from api.language import request_language
from api.packages import (
    cell_value,
    describe_issues,
    export_package,
    invalid,
    typed_rows,
    uploaded_package,
    zip_folder,
)
from api.settings import Settings
from models import repository
from models.access import Principal, Role
from models.db import now
from models.scenario import ID, Scenario, ScenarioVersion
from procurement import osd
from procurement.errors import Issue, ScenarioError, Severity
from procurement.files import RawPackage
from procurement.messages import text
from procurement.scenario import Kind
from procurement.scenario import Scenario as Purchase
from procurement.tables import TABLES
from procurement.validate import validate_package

HIDDEN_FROM_INSTITUTIONS = {"bids", "delivery", "market"}  # market research quotes suppliers
OWN_ROWS_ONLY = {"demand", "baseline", "incumbents", "budgets"}
SPECS = {spec.name: spec for spec in TABLES}
ID_LENGTH = ID.length or 64


def require_coordinator(key: Principal, what: str) -> None:
    """`what` names the action as the catalogue does ("create scenarios": api.action_create_scenarios)."""
    if key.role != Role.COORDINATOR:
        action = text(f"api.action_{what.replace(' ', '_')}", request_language())
        raise ForbiddenError("api.only_coordinator", action=action, role=key.role)


def find_scenario(session: Session, key: Principal, scenario_id: int) -> Scenario:
    scenario = repository.find_scenario(session, key, scenario_id)
    if scenario is None:
        raise NotFoundError("api.scenario_missing", scenario=scenario_id)
    return scenario


def current_version(session: Session, scenario: Scenario) -> ScenarioVersion:
    version = repository.find_version(session, scenario.id, scenario.version)
    if version is None:
        raise NotFoundError("api.version_missing", scenario=scenario.id, version=scenario.version)
    return version


def version_purchase(session: Session, settings: Settings, version: ScenarioVersion) -> tuple[RawPackage, Purchase]:
    """A stored version as its package and its validated purchase."""
    with tempfile.TemporaryDirectory() as folder:
        package = export_package(Path(folder), version.settings, repository.all_input_rows(session, version.id))
    purchase, _ = validate(package, settings, "json")
    return package, purchase


def create_scenario(
    session: Session, settings: Settings, key: Principal, package: RawPackage, style: str
) -> dict[str, Any]:
    """Validate a whole package, then store the scenario and its first version in one transaction."""
    require_coordinator(key, "create scenarios")
    purchase, warnings = validate(package, settings, style)
    stored = {**package.settings, "name": purchase.name, "currency": purchase.currency}
    scenario = Scenario(name=purchase.name, currency=purchase.currency, coordinator=key.coordinator or "", version=1)
    session.add(scenario)
    session.flush()
    version = _save_version(session, scenario, purchase, stored, typed_rows(package), "created", key)
    _commit(session)
    return scenario_public(session, scenario, version, describe_issues(warnings, style))


def upload_scenario(session: Session, settings: Settings, key: Principal, name: str, data: bytes) -> dict[str, Any]:
    """A scenario from an uploaded .zip package or .xlsx workbook (checked with packages.check_upload first)."""
    require_coordinator(key, "create scenarios")
    package, warnings = uploaded_package(name, data)
    created = create_scenario(session, settings, key, package, "file")
    return created | ({} if warnings is None else {"warnings": warnings})


def validate(package: RawPackage, settings: Settings, style: str) -> tuple[Purchase, list[Issue]]:
    """procurement's validation, and the row and model-size limits, as a 422 listing every issue."""
    _check_rows(package, settings, style)
    _check_cells(package, style)
    try:
        purchase, warnings = validate_package(package)
    except ScenarioError as error:
        raise invalid(error.issues, style) from None
    _check_model_size(purchase, settings)
    return purchase, warnings


def _check_rows(package: RawPackage, settings: Settings, style: str) -> None:
    limit = f"{settings.max_rows:,}"
    too_long = [
        Issue(file, None, None, "too_many_rows_accepted", params={"rows": f"{len(table):,}", "limit": limit})
        for file, table in package.tables.items()
        if len(table) > settings.max_rows
    ]
    if too_long:
        raise invalid(too_long, style, "api.scenario_too_large")


def _check_cells(package: RawPackage, style: str) -> None:
    """Ids within the database's id column, text within the CSV field a stored version is read back through, and
    only text UTF-8 can hold (no lone surrogate from a JSON escape)."""
    issues = [
        Issue(spec.file, int(row), column.name, *problem)
        for spec in TABLES
        if (table := package.tables.get(spec.file)) is not None
        for column in spec.columns
        if column.name in table
        for row, cell in zip(table["_row"], table[column.name], strict=True)
        if (problem := _cell_problem(str(cell), column.kind))
    ]
    if issues:
        raise invalid(issues, style)


def _cell_problem(cell: str, kind: Kind) -> tuple[str, Severity, dict[str, str]] | None:
    longest = ID_LENGTH if kind is Kind.ID else csv.field_size_limit()
    if len(cell) > longest:
        return "cell_too_long", Severity.ERROR, {"length": f"{len(cell):,}", "limit": f"{longest:,}"}
    if not cell.isascii() and not _is_utf8(cell):
        return "lone_surrogate", Severity.ERROR, {}
    return None


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check_model_size(purchase: Purchase, settings: Settings) -> None:
    """Candidate award variables (suppliers bidding times institutions demanding, per product) within the limit."""
    bidders = purchase.bids.groupby("product_id")["supplier_id"].nunique()
    buyers = purchase.demand.groupby("product_id")["institution_id"].nunique()
    size = int((bidders * buyers).fillna(0).sum())
    if size > settings.max_model_size:
        limits = {"size": size, "limit": settings.max_model_size}
        raise InvalidError("api.model_too_large", [api_issue("bids", "model_too_large", **limits)], **limits)


def _save_version(
    session: Session,
    scenario: Scenario,
    purchase: Purchase,
    stored: dict[str, Any],
    rows: dict[str, list[dict[str, Any]]],
    change: str,
    key: Principal,
) -> ScenarioVersion:
    """A new version of `scenario`: the validated `purchase` as the rows and settings stored, the digest of the
    package they export to and the purchase's fingerprint (the same as the CLI gives for any file of it)."""
    with tempfile.TemporaryDirectory() as folder:
        sha256 = export_package(Path(folder), stored, rows).sha256
    version = ScenarioVersion(
        scenario_id=scenario.id,
        number=scenario.version,
        sha256=sha256,
        fingerprint=purchase.fingerprint,
        settings=stored,
        change=change,
        created_by=key.name,
    )
    repository.add_version(session, version, rows)
    return version


def _commit(session: Session) -> None:
    """Commit, turning a lost race with another writer into a 409 the client can retry."""
    try:
        session.commit()
    except (IntegrityError, OperationalError) as error:
        session.rollback()
        raise ConflictError("api.saved_meanwhile", detail=error.orig) from None


def scenario_public(
    session: Session, scenario: Scenario, version: ScenarioVersion, warnings: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    counts = {table: repository.input_rows(session, version.id, table, limit=0)[1] for table in SPECS}
    return {
        "id": scenario.id,
        "name": scenario.name,
        "currency": scenario.currency,
        "coordinator": scenario.coordinator,
        "version": scenario.version,
        "sha256": version.sha256,
        "scenario_fingerprint": version.fingerprint,
        "settings": version.settings,
        "counts": counts,
        "created_at": scenario.created_at,
        "updated_at": scenario.updated_at,
        "archived_at": scenario.archived_at,
        "warnings": warnings or [],
    }


def read_scenario(session: Session, key: Principal, scenario_id: int) -> dict[str, Any]:
    scenario = find_scenario(session, key, scenario_id)
    return scenario_public(session, scenario, current_version(session, scenario))


def list_scenarios(
    session: Session, key: Principal, archived: bool | None, name: str | None, limit: int, offset: int
) -> dict[str, Any]:
    scenarios, total = repository.list_scenarios(session, key, archived, name, limit, offset)
    items = [scenario_public(session, s, current_version(session, s)) for s in scenarios]
    return {"items": items, "total": total, "limit": limit, "offset": offset}


def archive_scenario(session: Session, key: Principal, scenario_id: int) -> dict[str, Any]:
    scenario = find_scenario(session, key, scenario_id)
    require_coordinator(key, "archive scenarios")
    if scenario.archived_at is None:
        scenario.archived_at = scenario.updated_at = now()
        _commit(session)
    return scenario_public(session, scenario, current_version(session, scenario))


def scenario_table(
    session: Session, key: Principal, scenario_id: int, table: str, institution_id: str | None, limit: int, offset: int
) -> dict[str, Any]:
    """One input table of the current version; an institution sees its own demand and no supplier prices."""
    scenario = find_scenario(session, key, scenario_id)
    if key.role == Role.INSTITUTION and table in HIDDEN_FROM_INSTITUTIONS:
        raise NotFoundError("api.scenario_no_table", scenario=scenario_id, table=table)
    if key.role == Role.INSTITUTION and table in OWN_ROWS_ONLY:
        if institution_id not in (None, key.institution_id):
            raise NotFoundError("api.institution_not_in_scenario", institution=institution_id, scenario=scenario_id)
        institution_id = key.institution_id
    if table not in {"demand", "baseline", "delivery", "institutions"}:
        institution_id = None
    version = current_version(session, scenario)
    rows, total = repository.input_rows(session, version.id, table, institution_id, limit, offset)
    items = [_as_dict(table, row) for row in rows]
    return {"items": items, "total": total, "limit": limit, "offset": offset}


def list_versions(session: Session, key: Principal, scenario_id: int) -> list[dict[str, Any]]:
    scenario = find_scenario(session, key, scenario_id)
    return [
        {
            "number": v.number,
            "sha256": v.sha256,
            "scenario_fingerprint": v.fingerprint,
            "change": v.change,
            "created_by": v.created_by,
            "created_at": v.created_at,
        }
        for v in repository.list_versions(session, scenario.id)
    ]


def version_package(session: Session, key: Principal, scenario_id: int, number: int | None) -> tuple[str, bytes]:
    """The exact package of a version, as a .zip whose files digest to the version's sha256."""
    scenario = find_scenario(session, key, scenario_id)
    if key.role == Role.INSTITUTION:
        raise NotFoundError("api.scenario_no_package", scenario=scenario_id)
    version = repository.find_version(session, scenario.id, number or scenario.version)
    if version is None:
        raise NotFoundError("api.version_missing", scenario=scenario_id, version=number)
    with tempfile.TemporaryDirectory() as folder:
        export_package(Path(folder), version.settings, repository.all_input_rows(session, version.id))
        return f"scenario-{scenario.id}-v{version.number}.zip", zip_folder(Path(folder))


def replace_demand(
    session: Session,
    settings: Settings,
    key: Principal,
    scenario_id: int,
    institution_id: str,
    demand: pd.DataFrame,
    style: str,
    read_issues: list[Issue],
) -> dict[str, Any]:
    """A new version with one institution's demand replaced by `demand` (text cells, `_row` as submitted)."""
    scenario, version = check_demand_access(session, key, scenario_id, institution_id)
    demand, issues = _own_rows(demand, institution_id)
    rows = repository.all_input_rows(session, version.id)
    others = [row for row in rows["demand"] if row.institution_id != institution_id]
    with tempfile.TemporaryDirectory() as folder:
        package = export_package(Path(folder), version.settings, {**rows, "demand": others})
    first = 1 + max([1, *map(int, demand["_row"]), *(issue.row or 0 for issue in read_issues)])  # after every line sent
    kept = package.tables["demand.csv"].assign(_row=lambda t: range(first, first + len(t)))
    package.tables["demand.csv"] = pd.concat([demand, kept], ignore_index=True).fillna("")  # a column one side lacks
    package.issues.extend([*read_issues, *issues])
    try:
        purchase, warnings = validate(package, settings, style)
    except InvalidError as error:
        raise invalid(_readable(key, error.found, first), style) if error.found else error from None
    scenario.version += 1
    scenario.updated_at = now()
    new = _save_version(
        session, scenario, purchase, version.settings, typed_rows(package), f"demand of {institution_id} replaced", key
    )
    _commit(session)
    return scenario_public(session, scenario, new, describe_issues(_readable(key, warnings, first), style))


def _readable(key: Principal, issues: Sequence[Issue], first: int) -> list[Issue]:
    """What an institution reads of the check of its demand: the problems of the rows it sent (rows from `first` on
    are other institutions'); never another institution's demand or a supplier's bids, whose errors are only
    counted (so a refusal never comes with no reason)."""
    if key.role != Role.INSTITUTION:
        return list(issues)
    own = [issue for issue in issues if issue.file == "demand.csv" and (issue.row is None or issue.row < first)]
    hidden = sum(issue.severity is Severity.ERROR for issue in issues if issue not in own)
    return own + ([Issue("scenario", None, None, "hidden_problems", params={"count": hidden})] if hidden else [])


def check_demand_access(
    session: Session, key: Principal, scenario_id: int, institution_id: str
) -> tuple[Scenario, ScenarioVersion]:
    """The scenario and current version whose `institution_id` demand this key may replace (checked before the
    submitted body is read), or a 404, 403 or 409."""
    scenario = find_scenario(session, key, scenario_id)
    version = current_version(session, scenario)
    own = key.role == Role.INSTITUTION and key.institution_id == institution_id
    if not repository.takes_part(session, version.id, institution_id) or (key.role == Role.INSTITUTION and not own):
        raise NotFoundError("api.institution_not_in_scenario", institution=institution_id, scenario=scenario.id)
    if key.role == Role.AUDITOR:
        raise ForbiddenError("api.auditor_read_only")
    if scenario.archived_at is not None:
        raise ConflictError("api.scenario_archived_demand", scenario=scenario.id)
    return scenario, version


def _own_rows(demand: pd.DataFrame, institution_id: str) -> tuple[pd.DataFrame, list[Issue]]:
    """The submitted rows with the path's institution filled in; rows naming another institution are issues."""
    given = demand["institution_id"] if "institution_id" in demand else pd.Series("", index=demand.index, dtype=object)
    wrong = (given != "") & (given != institution_id)
    issues = [
        Issue(
            "demand.csv",
            int(row),
            "institution_id",
            "other_institution",
            params={"value": value, "own": institution_id},
        )
        for row, value in zip(demand.loc[wrong, "_row"], given[wrong], strict=True)
    ]
    return demand.assign(institution_id=institution_id), issues


def _as_dict(table: str, row: Any) -> dict[str, Any]:
    spec = SPECS[table]
    return {column.name: cell_value(spec, row, column.name) for column in spec.columns}


# --- reverse-auction rounds (procurement.osd) -------------------------------------------------------------------


def close_osd_round(
    session: Session, settings: Settings, key: Principal, scenario_id: int, revisions: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """A new version whose bids carry the revised prices of an OSD round, or a 422 listing every revision that
    breaks the auction's rules (at `revisions[i].column`)."""
    require_coordinator(key, "close osd rounds")
    scenario = find_scenario(session, key, scenario_id)
    if scenario.archived_at is not None:
        raise ConflictError("api.scenario_archived_osd", scenario=scenario.id)
    version = current_version(session, scenario)
    package, purchase = version_purchase(session, settings, version)
    table = pd.DataFrame([{k: "" if v is None else str(v) for k, v in row.items()} for row in revisions], dtype=object)
    table["_row"] = range(2, 2 + len(table))
    closed, issues = osd.close_round(package, purchase, table, "revisions")
    if issues:
        raise invalid(issues, "json")
    revised, warnings = validate(closed, settings, "json")
    scenario.version += 1
    scenario.updated_at = now()
    change = f"reverse-auction round closed: {len(revisions)} price(s) revised"
    new = _save_version(session, scenario, revised, version.settings, typed_rows(closed), change, key)
    _commit(session)
    return scenario_public(session, scenario, new, describe_issues(warnings, "json"))
