"""Solve many packages unattended and write one savings report per package plus a summary comparing them.

A package that is invalid or fails does not stop the batch: its row in the summary says why. Nor does a report
format that cannot be made or written: the package's other formats are still written, and the failure is named.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from procurement.errors import ProcurementError, ScenarioError, Severity
from procurement.files import SETTINGS_FILE, WORKBOOK_SUFFIXES
from procurement.messages import Message, text
from procurement.pipeline import Outcome, options_for, run_scenario
from procurement.report import no_award
from procurement.solve import SolveOptions
from procurement.workbook import load_package
from reports.content import ReportOptions
from reports.failures import not_written
from reports.tables import table_csv, tables_xlsx

Progress = Callable[[int, int, Message], None]  # (packages done, packages in all, what is happening)
SUMMARY_COLUMNS = [
    "package",
    "scenario",
    "status",
    "baseline_cost",
    "consolidated_cost",
    "savings",
    "savings_pct",
    "awarded_quantity",
    "unmet_quantity",
    "unmet_value",
    "suppliers",
    "shortages",
    "files",
    "error",
]
MAX_ISSUES_SHOWN = 5


@dataclass
class PackageResult:
    package: str
    scenario: str = ""
    status: str = "failed"
    figures: dict[str, float | int | None] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # each report file not written, and why
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def find_packages(paths: Iterable[Path]) -> list[Path]:
    """Each path as given when it is a package; a folder of packages stands for the packages in it."""
    found: list[Path] = []
    for path in paths:
        children = sorted(child for child in path.iterdir() if is_package(child)) if path.is_dir() else []
        found += children if children and not is_package(path) else [path]
    return found


def is_package(path: Path) -> bool:
    if path.is_dir():
        return (path / SETTINGS_FILE).is_file()
    return path.is_file() and path.suffix.lower() in (".zip", *WORKBOOK_SUFFIXES)


def run_batch(
    packages: list[Path],
    out: Path,
    formats: list[str],
    options: ReportOptions,
    progress: Progress,
    explained: bool = False,
    explain_time_limit_s: float | None = None,
    **overrides: object,
) -> list[PackageResult]:
    """Report on every package in turn (with a dictamen per clave when `explained`); each one's files go to
    `out/<package name>/`."""
    results, folders = [], _folder_names(packages)
    for done, (package, folder) in enumerate(zip(packages, folders, strict=True)):
        progress(done, len(packages), Message("progress.package_solving", {"package": package.name}))
        result = report_package(package, out / folder, formats, options, explained, explain_time_limit_s, **overrides)
        results.append(result)
    progress(len(packages), len(packages), Message("progress.done"))
    return results


def report_package(
    package: Path,
    out: Path,
    formats: list[str],
    options: ReportOptions,
    explained: bool = False,
    explain_time_limit_s: float | None = None,
    **overrides: object,
) -> PackageResult:
    result = PackageResult(package=str(package))
    try:
        scenario, _ = load_package(package)
        result.scenario = scenario.name
        solve_options = options_for(scenario, **overrides)
        outcome = run_scenario(scenario, solve_options, explained=explained, explain_time_limit_s=explain_time_limit_s)
        result.status, result.figures = str(outcome.status), _figures(outcome)
        if not outcome.status.has_solution:
            result.error = no_award(outcome.status, options.lang)
        result.files, result.failures = write_reports(outcome, solve_options, out, formats, options)
        result.error = "; ".join(filter(None, [result.error, *result.failures]))
    except ScenarioError as error:
        result.status, result.error = "invalid", _issues_text(error, options.lang)
    except (ProcurementError, OSError, ValueError) as error:
        result.error = str(error)
    except Exception as error:  # unattended: one package's unforeseen failure is reported, the others still run
        detail = f"{type(error).__name__}: {error}"
        result.error = text("cli.unexpected", options.lang, detail=detail)
    return result


def write_reports(
    outcome: Outcome, solve_options: SolveOptions, out: Path, formats: list[str], options: ReportOptions
) -> tuple[list[str], list[str]]:
    """savings-report.<format> for each report format; `results` is results.xlsx (awards, shortages, savings).

    Each file is made and written on its own, whole or not at all: (the files written, why each other one was not).
    """
    from reports import render_report

    written, failures = [], []
    for kind in formats:
        path = out / report_file(kind, options.lang)
        try:
            written.append(str(write_atomically(path, render_report(kind, outcome, solve_options, options))))
        except Exception as error:  # one format's failure, foreseen or not, never stops the others
            failures.append(not_written(options.lang, kind, path, error))
    return written, failures


def report_file(kind: str, lang: str) -> str:
    """A report's file name in `lang`: reporte-de-ahorros.pdf, resultados.xlsx (English: savings-report.pdf,
    results.xlsx)."""
    if kind in ("results", "awards"):
        return f"{text(f'file.{kind}', lang)}.xlsx"
    return f"{text('file.savings_report', lang)}.{kind}"


def write_atomically(path: Path, data: bytes) -> Path:
    """Write `data` to `path` whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes the file private; a report is an ordinary file
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def summary_table(results: list[PackageResult]) -> pd.DataFrame:
    """One row per package: its figures side by side, and why it failed where it did."""
    rows = [
        {
            "package": result.package,
            "scenario": result.scenario,
            "status": result.status,
            **result.figures,
            "files": len(result.files),
            "error": result.error,
        }
        for result in results
    ]
    table = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    return table.astype({"suppliers": "Int64", "shortages": "Int64", "files": "Int64"})


def people_table(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The summary as people read it: headers and statuses in `lang` (English headers are the column ids)."""
    from reports.labels import status_label

    worded = table.assign(status=[status_label(lang, status) for status in table["status"]])
    return worded.rename(columns={name: text(f"summary_column.{name}", lang) for name in table.columns})


def write_summary(results: list[PackageResult], out: Path, lang: str, currency: str = "MXN") -> list[Path]:
    """resumen.csv and resumen.xlsx (summary.* in English): one row per package, in `lang`."""
    from reports.labels import excel_money_format

    table, name = people_table(summary_table(results), lang), text("file.summary", lang)
    return [
        write_atomically(out / f"{name}.csv", table_csv(table)),
        write_atomically(out / f"{name}.xlsx", tables_xlsx({name: table}, excel_money_format(currency))),
    ]


def _figures(outcome: Outcome) -> dict[str, float | int | None]:
    totals = outcome.savings_totals if outcome.status.has_solution else {}
    return {
        **totals,
        "suppliers": int(outcome.awards["supplier_id"].nunique()),
        "shortages": len(outcome.shortages),
    }


def _issues_text(error: ScenarioError, lang: str) -> str:
    errors = [issue.describe(lang) for issue in error.issues if issue.severity is Severity.ERROR]
    shown = "; ".join(errors[:MAX_ISSUES_SHOWN])
    if len(errors) > MAX_ISSUES_SHOWN:
        shown += text("cli.and_more", lang, count=len(errors) - MAX_ISSUES_SHOWN)
    return text("cli.package_errors", lang, count=len(errors), issues=shown)


def _folder_names(packages: list[Path]) -> list[str]:
    """A folder name per package from its own name, made unique (two `sample` folders become sample, sample-2)."""
    names: list[str] = []
    for package in packages:
        stem = re.sub(r"[^\w.-]+", "_", package.stem if package.is_file() else package.name) or "package"
        name, k = stem, 1
        while name in names:
            k += 1
            name = f"{stem}-{k}"
        names.append(name)
    return names
