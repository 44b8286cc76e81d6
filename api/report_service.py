"""A succeeded run's savings report (XLSX, PDF, HTML) and result workbook, made from what the run stored.

The report needs an `Outcome`. It is rebuilt, not solved again: the scenario from the run's immutable input
version (the same package, the same sha256), the award, shortage, savings, binding and open-contract tables from the
run's stored rows, and the solver's status, bound, gap and timings from its stored summary. So every figure in a
report is the figure the result endpoints serve; an institution's report is built from its own rows only.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from api.errors import ConflictError, NotFoundError, ReportFailedError, log
from api.packages import export_package
from api.results import stored_pairs, stored_table
from api.run_service import find_run
from models import repository
from models.access import Principal, Role
from models.job import JobStatus
from models.run import Run
from models.scenario import ScenarioVersion
from procurement.awards import AWARD_COLUMNS, BINDING_COLUMNS, SHORTAGE_COLUMNS
from procurement.errors import ScenarioError
from procurement.explain import EXPLANATION_COLUMNS, RULE_COST_COLUMNS, Explanation
from procurement.pipeline import Outcome, inadmissible_of
from procurement.rules.open_contracts import CONTRACT_COLUMNS
from procurement.scenario import Scenario
from procurement.solve import Solution, SolveOptions, SolveStatus
from procurement.validate import validate_package
from reports import ReportOptions, render_report
from reports.batch import report_file
from reports.failures import not_made


def run_report(
    session: Session, key: Principal, run_id: int, kind: str, lang: str, institution_id: str | None
) -> tuple[bytes, str]:
    """The report `kind` (xlsx, pdf, html, or awards for the result workbook) and its file name.

    An institution's key gets its own institution's version; a coordinator or auditor may ask for one's.
    """
    run = _succeeded_run(session, key, run_id)
    institution = _institution(key, institution_id)
    outcome, options = stored_outcome(session, run, institution)
    if institution is not None and institution not in set(outcome.scenario.institutions["institution_id"]):
        raise NotFoundError("api.institution_not_in_run", institution=institution, run=run_id)
    data = _render(run, kind, outcome, options, ReportOptions(lang, institution))
    return data, _file_name(run, institution, report_file(kind, lang))


def _render(run: Run, kind: str, outcome: Outcome, options: SolveOptions, report: ReportOptions) -> bytes:
    """The report's bytes; one that cannot be made is an answer naming the format and why, never a 500 (the log
    keeps the traceback)."""
    try:
        return render_report("results" if kind == "awards" else kind, outcome, options, report)
    except Exception as error:
        log.exception("run %s: the %s report could not be made", run.id, kind)
        raise ReportFailedError(not_made(report.lang, kind, error)) from error


def _succeeded_run(session: Session, key: Principal, run_id: int) -> Run:
    run = find_run(session, key, run_id)
    if run.status != JobStatus.SUCCEEDED:
        raise ConflictError("api.run_no_reports", run=run_id, status=run.status)
    return run


def _institution(key: Principal, institution_id: str | None) -> str | None:
    """An institution's key reads its own version only; asking for another institution's is a 404."""
    if key.role != Role.INSTITUTION:
        return institution_id
    if institution_id not in (None, key.institution_id):
        raise NotFoundError("api.institution_no_results", institution=institution_id)
    return key.institution_id


def _file_name(run: Run, institution: str | None, name: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", institution or "")
    return f"run-{run.id}-{safe}-{name}" if institution else f"run-{run.id}-{name}"


# --- the Outcome of a stored run ---------------------------------------------------------------------------


def stored_outcome(session: Session, run: Run, institution_id: str | None = None) -> tuple[Outcome, SolveOptions]:
    """The Outcome of a succeeded run and its solve options, from its input version and stored rows."""
    filters = {"institution_id": institution_id}

    def rows(table: str) -> list[Any]:
        return list(repository.result_rows(session, run.id, table, filters, None, 0)[0])

    summary: dict[str, Any] = run.summary or {}
    outcome = Outcome(
        scenario=_scenario(session, run),
        solution=_solution(summary),
        awards=stored_table(rows("awards"), AWARD_COLUMNS),
        shortages=stored_table(rows("shortages"), SHORTAGE_COLUMNS),
        binding=stored_table(rows("binding_rules"), BINDING_COLUMNS),
        savings_pairs=stored_pairs(rows("savings")),
        timings=dict(summary.get("timings_s") or {}),
    )
    outcome.solution.inadmissible = inadmissible_of(outcome.scenario)
    outcome.open_contracts = stored_table(rows("open_contracts"), CONTRACT_COLUMNS)  # no award to compute them from
    if run.explained:
        offers, costs = repository.whole_explanation(session, run.id)
        outcome.explanation = Explanation(
            stored_table(offers, EXPLANATION_COLUMNS), stored_table(costs, RULE_COST_COLUMNS)
        )
    solver = summary["solver"]
    options = SolveOptions(solver["name"], solver["time_limit_s"], solver["mip_gap"], solver["threads"])
    return outcome, options


def _scenario(session: Session, run: Run) -> Scenario:
    """The scenario of the run's input version, read back from the exact package that was solved."""
    version = session.get(ScenarioVersion, run.version_id)
    assert version is not None
    with tempfile.TemporaryDirectory() as folder:
        package = export_package(Path(folder), version.settings, repository.all_input_rows(session, version.id))
    try:
        scenario, _ = validate_package(package)
    except ScenarioError as error:  # stored inputs were valid; only a stricter later release could refuse them
        raise ConflictError("api.run_input_invalid", run=run.id, detail=error) from None
    return scenario


def _solution(summary: dict[str, Any]) -> Solution:
    """The solver's outcome as the run recorded it; the solver's values live on as the stored rows."""
    solver = summary["solver"]
    return Solution(
        status=SolveStatus(summary["status"]),
        objective=summary["objective"],
        bound=summary["bound"],
        solver=solver["name"],
        is_mip=solver["model"] == "MILP",
        cost_terms=dict(summary.get("cost_terms") or {}),
        blocks=solver["blocks"],
        solver_version=solver["version"],
    )
