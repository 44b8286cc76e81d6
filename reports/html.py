"""The savings report as one self-contained HTML page (inline CSS and SVG charts), from a jinja2 template."""

from __future__ import annotations

from typing import Any

from procurement.pipeline import Outcome
from procurement.solve import SolveOptions
from reports.cells import shorten
from reports.charts import bar_chart
from reports.content import CONTRACT_FIGURES, COST_ITEMS, ReportContent, ReportOptions, build_content
from reports.dictamen import bid_rows
from reports.labels import label, labels, money, percent, quantity, reason_label, rule_label, status_label
from reports.rows import formatted_rows, open_contract_heads


def savings_report_html(outcome: Outcome, solve_options: SolveOptions, options: ReportOptions) -> bytes:
    return render_html(build_content(outcome, solve_options, options))


def render_html(content: ReportContent) -> bytes:
    """The page; every text it prints is shortened as a cell shows it (the charts are markup, left whole, and so
    are the dictamen's statements, which are meant to be pasted whole)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    environment = Environment(
        loader=PackageLoader("reports", "templates"), autoescape=True, undefined=StrictUndefined, finalize=_shortened
    )
    template = environment.get_template("savings_report.html.j2")
    return template.render(**template_context(content)).encode("utf-8")


def template_context(content: ReportContent) -> dict[str, Any]:
    lang, currency = content.lang, content.currency
    return {
        "c": content,
        "t": labels(lang),
        "rows": formatted_rows(content),
        "cost_items": COST_ITEMS,
        "money": lambda value: money(value, currency),
        "percent": percent,
        "quantity": quantity,
        "status": lambda status: status_label(lang, status),
        "reason": lambda reason: reason_label(lang, reason),
        "rule": lambda rule: rule_label(lang, rule),
        "savings_chart": savings_chart(content),
        "suppliers_chart": suppliers_chart(content),
        "bid_rows": lambda clave: bid_rows(clave, lang, currency),
        "open_contract_heads": open_contract_heads(content),
        "open_contract_text": len(open_contract_heads(content)) - len(CONTRACT_FIGURES),  # columns before the figures
    }


def _shortened(value: Any) -> Any:
    from markupsafe import Markup

    return shorten(value) if isinstance(value, str) and not isinstance(value, Markup) else value


def savings_chart(content: ReportContent) -> Any:
    items = [(row.institution_id, float(row.savings)) for row in content.institutions.itertuples()]
    return bar_chart(items, lambda value: money(value, content.currency), label(content.lang, "others"))


def suppliers_chart(content: ReportContent) -> Any:
    items = [(str(row.supplier_id), float(row.share)) for row in content.suppliers.itertuples()]
    return bar_chart(items, percent, label(content.lang, "others"))
