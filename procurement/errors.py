"""The errors the core raises; each carries what a person needs to fix the cause.

An Issue holds a stable `code` and its `params`; its words come from the message catalogue (area "issue") in the
language asked for, so the API can keep codes stable while answering each caller in its own language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from procurement.messages import DEFAULT_LANGUAGE, text


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Issue:
    """One problem found in a scenario package, located by file, row and column, named by a stable code."""

    file: str
    row: int | None
    column: str | None
    code: str
    severity: Severity = Severity.ERROR
    params: Mapping[str, object] = field(default_factory=dict, compare=False)

    def message(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """What is wrong, in `lang`; a param that is itself an Issue (a wrapped problem) reads in `lang` too."""
        values = {key: _rendered(value, lang) for key, value in self.params.items()}
        return text(f"issue.{self.code}", lang, **values)

    def location(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """`bids.csv fila 17 columna unit_price`, or `scenario.toml línea 3 ajuste policy.max_suppliers`."""
        row, column = ("where.line", "where.setting") if self.file.endswith(".toml") else ("where.row", "where.column")
        where = self.file
        if self.row is not None:
            where += f" {text(row, lang)} {self.row}"
        if self.column:
            where += f" {text(column, lang)} {self.column}"
        return where

    def describe(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The issue on one line, as the CLI prints it: location, then the message."""
        prefix = f"{text('where.warning', lang)}: " if self.severity is Severity.WARNING else ""
        where = self.location(lang)
        return f"{prefix}{where}: {self.message(lang)}" if where else f"{prefix}{self.message(lang)}"

    def __str__(self) -> str:
        return self.describe()

    def as_dict(self, lang: str = DEFAULT_LANGUAGE) -> dict[str, object]:
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "code": self.code,
            "message": self.message(lang),
            "severity": str(self.severity),
        }


def _rendered(value: object, lang: str) -> object:
    return value.describe(lang) if isinstance(value, Issue) else value


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
    return (issue.file, issue.row or 0, issue.column or "", issue.code)
