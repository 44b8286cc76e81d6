"""The errors the core raises; each carries what a person needs to fix the cause."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Issue:
    """One problem found in a scenario package, located by file, row and column."""

    file: str
    row: int | None
    column: str | None
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        row, column = ("line", "setting") if self.file.endswith(".toml") else ("row", "column")
        where = self.file
        if self.row is not None:
            where += f" {row} {self.row}"
        if self.column:
            where += f" {column} {self.column}"
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        return f"{prefix}{where}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "message": self.message,
            "severity": str(self.severity),
        }


class ProcurementError(Exception):
    """Base class of every error the core raises on purpose."""


class ScenarioError(ProcurementError):
    """A scenario package has one or more errors; `issues` lists all of them."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = sorted(issues, key=_issue_order)
        errors = [issue for issue in self.issues if issue.severity is Severity.ERROR]
        super().__init__(f"{len(errors)} problem(s) in the scenario:\n" + "\n".join(map(str, errors)))


class SolverError(ProcurementError):
    """The solver could not be started or failed before giving a status."""


def _issue_order(issue: Issue) -> tuple[str, int, str, str]:
    return (issue.file, issue.row or 0, issue.column or "", issue.message)
