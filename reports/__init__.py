"""Reports of a run for people: the savings report as XLSX (native charts), PDF and HTML, result tables as CSV and
XLSX, a combined summary of many packages and a side-by-side comparison of what-if variants.

Every function takes an `Outcome` (and the solve options, for the audit block) and returns bytes, so the command
line writes them to files and the web service serves them. This package depends on `procurement`, never the reverse.
"""

from procurement.pipeline import Outcome
from procurement.solve import SolveOptions
from reports.content import ReportOptions
from reports.html import savings_report_html
from reports.pdf import savings_report_pdf
from reports.tables import table_csv
from reports.xlsx import results_xlsx, savings_report_xlsx

FORMATS = {"pdf": savings_report_pdf, "xlsx": savings_report_xlsx, "html": savings_report_html}


def render_report(kind: str, outcome: Outcome, solve_options: SolveOptions, options: ReportOptions) -> bytes:
    """The savings report in format `kind` (pdf, xlsx, html), or `results`: the result tables as one workbook."""
    return results_xlsx(outcome) if kind == "results" else FORMATS[kind](outcome, solve_options, options)


__all__ = [
    "FORMATS",
    "ReportOptions",
    "render_report",
    "results_xlsx",
    "savings_report_html",
    "savings_report_pdf",
    "savings_report_xlsx",
    "table_csv",
]
