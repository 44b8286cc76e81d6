"""The savings report as a PDF for directors: the same sections as the HTML page, tables split across pages."""

from __future__ import annotations

import io
from typing import Any

from procurement.pipeline import Outcome
from procurement.solve import SolveOptions
from reports.cells import shorten
from reports.charts import BarChart
from reports.content import CONTRACT_FIGURES, ReportContent, ReportOptions, build_content
from reports.dictamen import Dictamen, bid_rows
from reports.html import savings_chart, suppliers_chart
from reports.labels import labels
from reports.rows import formatted_rows, open_contract_heads

BLUE = "#1f4e79"
MAX_CELL_HEIGHT = 160.0  # pt: a table row stays far below a page (an A4 landscape frame is about 500 pt tall)
CELL_PADDING = 12.0  # reportlab's left and right padding of a table cell, together
FOOTER_CHARS = 120


def savings_report_pdf(outcome: Outcome, solve_options: SolveOptions, options: ReportOptions) -> bytes:
    return render_pdf(build_content(outcome, solve_options, options))


def render_pdf(content: ReportContent) -> bytes:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import cm
    from reportlab.platypus import SimpleDocTemplate

    buffer = io.BytesIO()
    t = labels(content.lang)
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=1.5 * cm,
        rightMargin=1.5 * cm,
        topMargin=1.5 * cm,
        bottomMargin=1.5 * cm,
        title=f"{t['title']} — {content.scenario}",
        author="procurement",
    )
    document.build(_story(content), onFirstPage=_footer(content), onLaterPages=_footer(content))
    return buffer.getvalue()


SECTIONS: dict[str, tuple[str | None, list[float], frozenset[int]]] = {  # column labels, widths (pt), numbers
    "headline": (None, [230, 200], frozenset({1})),
    "by_institution": (
        "institution name baseline_cost consolidated_cost savings savings_pct unmet_quantity unmet_value",
        [60, 185, 95, 95, 90, 55, 75, 100],
        frozenset({2, 3, 4, 5, 6, 7}),
    ),
    "cost_split": ("cost_item amount", [230, 200], frozenset({1})),
    "awards": (
        "product description supplier quantity unit_price total_cost share",
        [85, 205, 160, 65, 70, 85, 75],
        frozenset({3, 4, 5, 6}),
    ),
    "concentration": ("supplier_id supplier total_cost value_share", [90, 300, 110, 110], frozenset({2, 3})),
    "shortages": ("institution product quantity reason penalty_cost", [80, 110, 80, 300, 100], frozenset({2, 4})),
    "binding": ("rule institution product supplier limit used", [90, 90, 110, 90, 110, 110], frozenset({4, 5})),
    "dearer": (
        "institution product description baseline_cost consolidated_cost savings reason",
        [60, 85, 170, 80, 80, 75, 205],
        frozenset({3, 4, 5}),
    ),
    "audit": (None, [170, 560], frozenset()),
}
BY_PERIOD: tuple[str, list[float], frozenset[int]] = (  # within "by_institution", for a purchase over periods
    "period baseline_cost consolidated_cost savings savings_pct unmet_quantity unmet_value",
    [245, 95, 95, 90, 55, 75, 100],
    frozenset({1, 2, 3, 4, 5, 6}),
)
OPEN_CONTRACT_WIDTHS: dict[
    str, float
] = {  # within "awards", for a purchase with open contracts: widths (pt) by column label
    "product": 85,
    "institution": 65,
    "period": 45,
    "supplier": 180,
    "minimum_quantity": 60,
    "maximum_quantity": 60,
    "unit_price": 70,
    "minimum_cost": 90,
    "maximum_cost": 90,
}
EMPTY = {"shortages": "no_shortages", "binding": "no_binding", "dearer": "no_dearer"}
CHARTS = {"by_institution": savings_chart, "concentration": suppliers_chart}
BIDS: tuple[str, list[float], frozenset[int]] = (  # the dictamen's ranking of a clave's bids
    "supplier unit_price evaluated_price rank awarded_quantity outcome",
    [300, 90, 90, 60, 100, 100],
    frozenset({1, 2, 3, 4}),
)
STATEMENT_CHARS = 1_000  # a sentence is about 200 characters; ids of any length still leave it a few lines


def _story(content: ReportContent) -> list[Any]:
    from reportlab.platypus import PageBreak, Paragraph, Spacer

    t, styles, rows = labels(content.lang), _styles(), formatted_rows(content)
    title = content.scenario
    if content.institution:
        title += f" — {t['institution_version']}: {content.institution[0]} {content.institution[1]}"
    story: list[Any] = [Paragraph(t["title"], styles["title"]), Paragraph(_escape(shorten(title)), styles["meta"])]
    for number, (key, (heads, widths, numeric)) in enumerate(SECTIONS.items(), start=1):
        header = [t[head] for head in heads.split()] if heads else None
        empty = t[EMPTY[key]] if key in EMPTY else None
        story += [Spacer(1, 8), Paragraph(f"{number}. {t[key]}", styles["h2"])]
        story.append(_table(header, rows[key], widths, numeric, empty))
        if key in CHARTS and rows[key]:
            story += [Spacer(1, 6), _drawing(CHARTS[key](content))]
        if key == "by_institution" and rows["by_period"]:  # a purchase over several periods
            heads, widths, numeric = BY_PERIOD
            story += [Spacer(1, 6), Paragraph(t["by_period"], styles["h3"])]
            story.append(_table([t[head] for head in heads.split()], rows["by_period"], widths, numeric, None))
        if key == "awards" and rows["open_contracts"]:
            story += _open_contracts(content, rows["open_contracts"])
    if content.dictamen is not None:
        story += [PageBreak(), Paragraph(f"{len(SECTIONS) + 1}. {t['dictamen']}", styles["h2"])]
        story += _dictamen(content, content.dictamen)
    return story


def _open_contracts(content: ReportContent, rows: list[list[str]]) -> list[Any]:
    """The awarded open contracts, each with its guaranteed minimum and its maximum, and what budgets counted."""
    from reportlab.platypus import Paragraph, Spacer

    t, styles, heads = labels(content.lang), _styles(), open_contract_heads(content)
    numeric = frozenset(range(len(heads) - len(CONTRACT_FIGURES), len(heads)))
    widths = [OPEN_CONTRACT_WIDTHS[head] for head in heads]
    return [
        Spacer(1, 6),
        Paragraph(t["open_contracts"], styles["h3"]),
        Paragraph(_escape(t[f"open_budget_{content.open_budget}"]), styles["note"]),
        _table([t[head] for head in heads], rows, widths, numeric, None),
    ]


def _dictamen(content: ReportContent, dictamen: Dictamen) -> list[Any]:
    """The purchase-wide statements, then per clave its ranking and one statement per bid, rule and shortage."""
    from reportlab.platypus import Paragraph, Spacer

    t, styles = labels(content.lang), _styles()
    heads, widths, numeric = BIDS
    story: list[Any] = []
    if dictamen.purchase:
        story += [Paragraph(_escape(t["purchase_wide"]), styles["h3"]), *_statements(dictamen.purchase)]
    for clave in dictamen.claves:
        story += [Spacer(1, 6), Paragraph(_escape(shorten(clave.title)), styles["h3"])]
        if clave.bids:
            rows = bid_rows(clave, content.lang, content.currency)
            story += [_table([t[head] for head in heads.split()], rows, widths, numeric, None), Spacer(1, 4)]
        story += _statements(clave.statements)
    return story


def _statements(sentences: list[str]) -> list[Any]:
    from reportlab.platypus import Paragraph

    style = _styles()["statement"]
    return [Paragraph(_escape(shorten(sentence, STATEMENT_CHARS)), style, bulletText="•") for sentence in sentences]


def _table(
    header: list[str] | None, rows: list[list[str]], widths: list[float], numeric: frozenset[int], empty: str | None
) -> Any:
    """A table whose header repeats on every page; long text wraps and is shortened to fit; numbers align right."""
    from reportlab.platypus import LongTable, Paragraph

    styles = _styles()
    if not rows and empty is not None:
        return Paragraph(_escape(empty), styles["body"])
    body = [
        [str(cell) if k in numeric else _cell(str(cell), widths[k], styles["cell"]) for k, cell in enumerate(row)]
        for row in rows
    ]
    heads = [Paragraph(_escape(h), styles["head_n" if k in numeric else "head"]) for k, h in enumerate(header or [])]
    data = ([heads] if header else []) + body
    table = LongTable(data, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    table.setStyle(_table_style(bool(header), numeric))
    return table


def _cell(text: str, width: float, style: Any) -> Any:
    """Text that wraps in its column, shortened (with an ellipsis) until it is at most MAX_CELL_HEIGHT tall: no row
    is ever taller than a page, whatever the text (10,000 characters, a word with no spaces)."""
    from reportlab.platypus import Paragraph

    inner, text = width - CELL_PADDING, shorten(text)
    if not _fits(text, inner, style):
        fits, too_long = 1, len(text)  # shorten(text, 1) is the ellipsis alone
        while too_long - fits > 1:
            middle = (fits + too_long) // 2
            fits, too_long = (middle, too_long) if _fits(shorten(text, middle), inner, style) else (fits, middle)
        text = shorten(text, fits)
    return Paragraph(_escape(text), style)


def _fits(text: str, inner: float, style: Any) -> bool:
    """Whether `text` wrapped to `inner` points is at most MAX_CELL_HEIGHT tall; most text is short enough to tell
    without wrapping it (a line and the next together hold more than a line's width, so lines ≤ 2 × width / inner
    + 1)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph

    most_lines = 2 * stringWidth(text, style.fontName, style.fontSize) / inner + 1
    if most_lines * style.leading <= MAX_CELL_HEIGHT:
        return True
    return bool(Paragraph(_escape(text), style).wrap(inner, 10 * MAX_CELL_HEIGHT)[1] <= MAX_CELL_HEIGHT)


def _table_style(header: bool, numeric: frozenset[int]) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import TableStyle

    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), "Helvetica", 8),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        *(("ALIGN", (k, 0), (k, -1), "RIGHT") for k in numeric),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#dde3ea")),
    ]
    if header:
        commands += [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(BLUE))]
    return TableStyle(commands)


def _drawing(chart: BarChart) -> Any:
    """The chart's geometry drawn as PDF vectors (y grows upwards in PDF, downwards in the geometry)."""
    from reportlab.graphics.shapes import Drawing, Line, Rect, String
    from reportlab.lib import colors

    drawing = Drawing(chart.width, chart.height + 6)
    top = chart.height
    drawing.add(Line(chart.zero_x, 0, chart.zero_x, top, strokeColor=colors.grey))
    for bar in chart.bars:
        y = top - bar.y - chart.bar_height
        fill = colors.HexColor("#c0392b" if bar.negative else "#2e75b6")
        drawing.add(Rect(bar.x, y, bar.width, chart.bar_height, fillColor=fill, strokeColor=None))
        drawing.add(String(chart.label_width - 5, y + 4, bar.label, fontName="Helvetica", fontSize=8, textAnchor="end"))
        text_x = bar.x + bar.width + 4 if not bar.negative else chart.zero_x + 4
        drawing.add(String(text_x, y + 4, bar.text, fontName="Helvetica", fontSize=8))
    return drawing


def _styles() -> dict[str, Any]:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    return {
        "title": ParagraphStyle(
            "title", fontName="Helvetica-Bold", fontSize=16, leading=20, textColor=colors.HexColor(BLUE)
        ),
        "meta": ParagraphStyle("meta", fontName="Helvetica", fontSize=9, leading=12, textColor=colors.grey),
        "h2": ParagraphStyle(
            "h2",
            fontName="Helvetica-Bold",
            fontSize=12,
            leading=16,
            spaceAfter=4,
            keepWithNext=1,
            textColor=colors.HexColor(BLUE),
        ),
        "body": ParagraphStyle("body", fontName="Helvetica", fontSize=9, leading=12),
        "note": ParagraphStyle("note", fontName="Helvetica", fontSize=9, leading=12, spaceAfter=3, keepWithNext=1),
        "h3": ParagraphStyle(
            "h3", fontName="Helvetica-Bold", fontSize=9, leading=12, spaceAfter=3, keepWithNext=1, splitLongWords=1
        ),
        "statement": ParagraphStyle(
            "statement", fontName="Helvetica", fontSize=8.5, leading=11, leftIndent=10, bulletIndent=0, spaceAfter=2
        ),
        "cell": ParagraphStyle("cell", fontName="Helvetica", fontSize=8, leading=10),
        "head": ParagraphStyle("head", fontName="Helvetica-Bold", fontSize=8, leading=10, textColor=colors.white),
        "head_n": ParagraphStyle(
            "head_n", fontName="Helvetica-Bold", fontSize=8, leading=10, textColor=colors.white, alignment=2
        ),
    }


def _footer(content: ReportContent) -> Any:
    t = labels(content.lang)

    def draw(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.setFillGray(0.4)
        scenario = shorten(content.scenario, FOOTER_CHARS)
        canvas.drawString(document.leftMargin, 20, f"{scenario} — {t['generated']} {content.generated_at}")
        canvas.drawRightString(document.pagesize[0] - document.rightMargin, 20, str(document.page))
        canvas.restoreState()

    return draw


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
