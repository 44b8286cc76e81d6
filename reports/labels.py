"""Spanish and English labels, and numbers formatted for the purchase's currency (MXN by default)."""

from __future__ import annotations

import math

from procurement.rules import RULES

LANGUAGES = ("es", "en")
CURRENCY_SYMBOLS = {"MXN": "$", "USD": "US$", "EUR": "€"}

_LABELS: dict[str, tuple[str, str]] = {
    "title": ("Reporte de ahorros de la compra consolidada", "Consolidated purchase savings report"),
    "institution_version": ("Versión de la institución", "Institution's version"),
    "generated": ("Generado", "Generated"),
    "headline": ("Resumen", "Headline"),
    "baseline_cost": ("Costo de lo adjudicado a precios de referencia", "Baseline cost of what was awarded"),
    "consolidated_cost": ("Costo consolidado", "Consolidated cost"),
    "cost_paid": ("Costo pagado", "Cost paid"),
    "awarded_quantity": ("Cantidad adjudicada", "Quantity awarded"),
    "unmet_quantity": ("Demanda no cubierta (unidades)", "Unmet demand (units)"),
    "unmet_value": (
        "Valor no cubierto, a precios de referencia (no es ahorro)",
        "Unmet value at baseline prices (not a saving)",
    ),
    "evaluation_credit": (
        "Crédito de evaluación a proveedores nacionales (no se paga)",
        "Evaluation credit to national suppliers (not paid)",
    ),
    "dearer": ("Claves que cuestan más consolidadas, y por qué", "Products that cost more pooled, and why"),
    "no_dearer": (
        "Ninguna institución paga más por una clave que en su referencia.",
        "No institution pays more for a product than its baseline.",
    ),
    "savings": ("Ahorro", "Savings"),
    "savings_pct": ("Ahorro %", "Savings %"),
    "status": ("Estado de la solución", "Solve status"),
    "gap": ("Brecha de optimalidad", "Optimality gap"),
    "by_institution": ("Ahorro por institución", "Savings per institution"),
    "institution": ("Institución", "Institution"),
    "institution_id": ("Clave de institución", "Institution id"),
    "name": ("Nombre", "Name"),
    "cost_split": ("Desglose del costo", "Cost split"),
    "cost_item": ("Concepto", "Item"),
    "amount": ("Importe", "Amount"),
    "purchase": ("Compra", "Purchase"),
    "delivery": ("Entrega", "Delivery"),
    "fixed": ("Costos fijos de adjudicación", "Fixed award costs"),
    "shortage": ("Faltante (penalización, no se paga)", "Shortage (penalty, not paid)"),
    "awards": ("Adjudicación por producto", "Awards per product"),
    "product": ("Clave", "Product"),
    "description": ("Descripción", "Description"),
    "supplier": ("Proveedor", "Supplier"),
    "supplier_id": ("Clave de proveedor", "Supplier id"),
    "quantity": ("Cantidad", "Quantity"),
    "unit_price": ("Precio unitario", "Unit price"),
    "total_cost": ("Costo total", "Total cost"),
    "share": ("Participación %", "Share %"),
    "concentration": ("Concentración por proveedor", "Supplier concentration"),
    "value_share": ("Participación en el valor total %", "Share of total value %"),
    "shortages": ("Faltantes y sus causas", "Shortages and their reasons"),
    "reason": ("Causa", "Reason"),
    "penalty_cost": ("Penalización", "Penalty"),
    "no_shortages": ("Sin faltantes: toda la demanda quedó adjudicada.", "No shortages: all demand was awarded."),
    "binding": ("Reglas y presupuestos que limitaron", "Rules and budgets that bound"),
    "rule": ("Regla", "Rule"),
    "limit": ("Límite", "Limit"),
    "used": ("Utilizado", "Used"),
    "no_binding": ("Ningún presupuesto ni capacidad limitó la adjudicación.", "No budget or capacity bound."),
    "audit": ("Auditoría", "Audit"),
    "input_sha256": ("SHA-256 de los datos de entrada", "Input sha256"),
    "scenario_fingerprint": ("Huella del escenario (contenido validado)", "Scenario fingerprint (validated content)"),
    "solver": ("Solver y versión", "Solver and version"),
    "options": ("Opciones", "Options"),
    "model": ("Modelo", "Model"),
    "wall_time": ("Tiempo de cálculo (s)", "Solve time (s)"),
    "software": ("Software", "Software"),
    "no_solution": ("No hay adjudicación: la solución terminó como", "No award: the solve ended"),
    "others": ("otros", "others"),
    "summary": ("Resumen de paquetes", "Package summary"),
    "package": ("Paquete", "Package"),
    "suppliers_count": ("Proveedores adjudicados", "Suppliers awarded"),
    "shortages_count": ("Faltantes", "Shortages"),
    "error": ("Error", "Error"),
    "files": ("Archivos", "Files"),
    "report_pdf": ("el reporte PDF", "the PDF report"),
    "report_xlsx": ("el reporte XLSX", "the XLSX report"),
    "report_html": ("el reporte HTML", "the HTML report"),
    "report_results": ("el libro de resultados", "the results workbook"),
    "report_awards": ("el libro de adjudicaciones", "the awards workbook"),
    "not_written": ("no se escribió {report} ({file}): {reason}", "{report} ({file}) was not written: {reason}"),
    "not_made": ("no se pudo generar {report}: {reason}", "{report} could not be made: {reason}"),
    "reason_permission": ("sin permiso para escribir {path}", "no permission to write {path}"),
    "reason_folder": ("hay una carpeta con el nombre {path}", "a folder is in the way at {path}"),
    "reason_not_folder": (
        "una parte de la ruta {path} es un archivo, no una carpeta",
        "a part of the path {path} is a file, not a folder",
    ),
    "reason_disk_full": ("no queda espacio en el disco para {path}", "no space is left on the disk for {path}"),
    "reason_system": ("el sistema no pudo escribir {path}: {detail}", "the system could not write {path}: {detail}"),
    "reason_unexpected": (
        "error inesperado al generarlo ({detail}); por favor repórtelo",
        "unexpected error while making it ({detail}); please report it",
    ),
    "variant": ("Variante", "Variant"),
    "sheet_headline": ("Resumen", "Headline"),
    "sheet_by_institution": ("Instituciones", "Institutions"),
    "sheet_cost_split": ("Costos", "Cost split"),
    "sheet_awards": ("Adjudicaciones", "Awards"),
    "sheet_concentration": ("Proveedores", "Suppliers"),
    "sheet_shortages": ("Faltantes", "Shortages"),
    "sheet_binding": ("Reglas", "Binding rules"),
    "sheet_audit": ("Auditoría", "Audit"),
    "sheet_dearer": ("Más caras consolidadas", "Dearer pooled"),
    "total_cost_all": ("Costo total (con penalizaciones)", "Total cost (with penalties)"),
}
_STATUS = {
    "optimal": ("óptima", "optimal"),
    "feasible": ("factible (optimalidad no probada)", "feasible (optimality not proven)"),
    "infeasible": ("infactible", "infeasible"),
    "unbounded": ("no acotada", "unbounded"),
    "no_solution": ("sin solución en el tiempo límite", "no solution within the time limit"),
    "error": ("error", "error"),
}
_DEARER = {
    "baseline_price": (
        "las ofertas de hoy son más caras que el último precio pagado",
        "today's bids are dearer than the price last paid",
    ),
    "capacity": (
        "la capacidad del proveedor que le convenía comprando sola se reparte entre todas las instituciones",
        "the capacity of the supplier it would buy from alone is shared by every institution",
    ),
    "split_shares": (
        "la clave se reparte entre proveedores (abastecimiento simultáneo) y una parte va a uno más caro",
        "the product is split among suppliers (split award) and a share goes to a dearer one",
    ),
    "max_suppliers": (
        "el máximo de proveedores por clave deja fuera al que más le convenía",
        "the limit on suppliers per product leaves out the one that suited it best",
    ),
    "pooled_choice": (
        "lo más barato para todas las instituciones juntas (precios por volumen, costos fijos, entrega) "
        "resulta más caro para esta",
        "what is cheapest for all institutions together (volume prices, fixed costs, delivery) is dearer for this one",
    ),
    "not_recorded": (
        "no registrado: la corrida es anterior a la explicación de estos casos",
        "not recorded: the run predates the explanation of these cases",
    ),
}
_REASONS = {code: text for rule in RULES for code, text in rule.reason_labels.items()}
_RULES = {rule.name: rule.label for rule in RULES}


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f'language "{lang}" is not one of {", ".join(LANGUAGES)}')
    return lang


def label(lang: str, key: str) -> str:
    return _LABELS[key][LANGUAGES.index(lang)]


def labels(lang: str) -> dict[str, str]:
    """Every label in one language, for templates."""
    return {key: pair[LANGUAGES.index(lang)] for key, pair in _LABELS.items()}


def status_label(lang: str, status: str) -> str:
    return _STATUS.get(status, (status, status))[LANGUAGES.index(lang)]


def reason_label(lang: str, reason: str) -> str:
    return _REASONS.get(reason, (reason, reason))[LANGUAGES.index(lang)]


def dearer_label(lang: str, reason: str) -> str:
    """Why an institution pays more for a product pooled than its baseline (procurement.savings.dearer_reasons)."""
    return _DEARER.get(reason, (reason, reason))[LANGUAGES.index(lang)]


def rule_label(lang: str, rule: str) -> str:
    return _RULES.get(rule, (rule, rule))[LANGUAGES.index(lang)]


def money(value: float | None, currency: str) -> str:
    """1234567.891 → "$1,234,567.89" for MXN; other currencies by their symbol or code."""
    if value is None or not math.isfinite(value):
        return "—"
    symbol = CURRENCY_SYMBOLS.get(currency)
    text = f"{abs(value):,.2f}"
    sign = "-" if value < 0 and text.strip("0.,") else ""  # never "-$0.00"
    return f"{sign}{symbol}{text}" if symbol else f"{sign}{text} {currency}"


def percent(value: float | None) -> str:
    return "—" if value is None or not math.isfinite(value) else f"{value:,.2f} %"


def quantity(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "—"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def excel_money_format(currency: str) -> str:
    symbol = CURRENCY_SYMBOLS.get(currency)
    return f'"{symbol}"#,##0.00;-"{symbol}"#,##0.00' if symbol else f'#,##0.00 "{currency}"'
