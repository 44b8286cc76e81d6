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
    "dictamen": ("Dictamen por clave", "Dictamen per product"),
    "sheet_dictamen": ("Dictamen", "Dictamen"),
    "evaluated_price": ("Precio evaluado", "Evaluated price"),
    "rank": ("Lugar", "Rank"),
    "outcome": ("Resultado", "Outcome"),
    "statement": ("Dictamen", "Statement"),
    "purchase_wide": ("Reglas y límites generales", "Overall rules and limits"),
    "explain_no_folder": ("no existe la carpeta de corrida {path}", "there is no run folder {path}"),
    "explain_not_run": (
        "{path} no es una corrida de `procurement solve`: le falta {file}",
        "{path} is not a run written by `procurement solve`: {file} is missing",
    ),
    "explain_no_award": (
        "la corrida {path} no tiene adjudicación (la solución terminó como {status}): no hay nada que explicar",
        "the run {path} has no award (the solve ended {status}): there is nothing to explain",
    ),
    "explain_old_run": (
        "la corrida {path} no tiene {file}: se escribió antes de que existieran las explicaciones; vuelva a "
        "ejecutar `procurement solve PAQUETE --out {path}` para obtenerla",
        "the run {path} has no {file}: it was written before explanations existed; re-run "
        "`procurement solve PKG --out {path}` to get one",
    ),
    "explain_malformed": ("no se puede leer {file}: {detail}", "{file} cannot be read: {detail}"),
    "explain_unknown_product": (
        "la clave {product} no está en esta corrida; algunas que sí: {known}",
        "product {product} is not in this run; some that are: {known}",
    ),
    "explain_unknown_supplier": (
        "{supplier} no presentó propuesta para la clave {product}; sí la presentaron: {known}",
        "{supplier} did not bid for product {product}; these did: {known}",
    ),
    "detail_csv": ("no es un CSV válido ({error})", "it is not valid CSV ({error})"),
    "detail_json": ("no es un JSON válido ({error})", "it is not valid JSON ({error})"),
    "detail_status": (
        "su estado {value} no es uno de {known}",
        "its status {value} is not one of {known}",
    ),
    "detail_columns": ("le faltan las columnas {columns}", "columns {columns} are missing"),
    "detail_number": (
        "la columna {column} tiene un valor que no es un número en la fila {row}: {value}",
        "column {column} has a value that is not a number in row {row}: {value}",
    ),
    "detail_code": (
        "la columna {column} tiene un código desconocido en la fila {row}: {value}",
        "column {column} has an unknown code in row {row}: {value}",
    ),
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
_OUTCOMES = {"won": ("ganó", "won"), "lost": ("perdió", "lost"), "inadmissible": ("no admisible", "inadmissible")}
# The dictamen's sentences (reports.dictamen): one per offer, keyed "<outcome>.<reason>" by the codes of
# explanation.csv, and one per row of rule_costs.csv, keyed by its kind; the other keys are their parts.
_DICTAMEN = {
    "won": (
        "{supplier} ganó {share} {scope} ({quantity} unidades{at}) {because}{turn}.",
        "{supplier} won {share} {scope} ({quantity} units{at}) {because}{turn}.",
    ),
    "won_elsewhere": (
        "{supplier} ganó una parte de la clave, para otras instituciones, {because}.",
        "{supplier} won a share of the clave, for other institutions, {because}.",
    ),
    "won.lowest_cost": ("por tener el menor costo evaluado", "with the lowest evaluated cost"),
    "won.lowest_delivered": (
        "por tener el menor costo con entrega a alguna institución",
        "with the lowest delivered cost to some institution",
    ),
    "won.cheaper_full": (
        "porque un proveedor más barato agotó su capacidad",
        "because a cheaper supplier ran out of capacity",
    ),
    "won.split_share": ("por abastecimiento simultáneo", "by split award (abastecimiento simultáneo)"),
    "won.lowest_total": (
        "porque así la adjudicación cuesta menos en total (escalas de precio, costos fijos o entrega)",
        "because the award then costs least in total (price breaks, fixed costs or delivery)",
    ),
    "lost.beaten_on_price": (
        "{supplier} perdió: su {measure}{own} es mayor que {than}{turn}.",
        "{supplier} lost: its {measure}{own} is higher than {than}{turn}.",
    ),
    "lost.higher_total": (
        "{supplier} perdió: adjudicar la clave a {winners} cuesta menos en total (escalas de precio, costos fijos "
        "o entrega){turn}.",
        "{supplier} lost: awarding the clave to {winners} costs less in total (price breaks, fixed costs or "
        "delivery){turn}.",
    ),
    "lost.price_gap": (
        "{supplier} perdió: su precio{own} excede la brecha máxima de precio permitida frente a los precios "
        "adjudicados a {winners}{turn}.",
        "{supplier} lost: its price{own} exceeds the maximum price gap allowed from the prices awarded to "
        "{winners}{turn}.",
    ),
    "lost.max_suppliers": (
        "{supplier} perdió: la clave ya tiene el máximo de proveedores permitido ({winners}){turn}.",
        "{supplier} lost: the clave already has the most suppliers allowed ({winners}){turn}.",
    ),
    "lost.single_source": (
        "{supplier} perdió: cada institución recibe la clave de un solo proveedor, y las que podía abastecer ya la "
        "reciben de otro ({winners}){turn}.",
        "{supplier} lost: each institution receives the clave from a single supplier, and those it could supply "
        "already receive it from another ({winners}){turn}.",
    ),
    "lost.split_shares": (
        "{supplier} perdió: las partes del abastecimiento simultáneo se asignan en orden de precio y quedaron en "
        "{winners}{turn}.",
        "{supplier} lost: the shares of the split award go in price order and went to {winners}{turn}.",
    ),
    "lost.min_quantity": (
        "{supplier} perdió: su cantidad mínima es mayor que lo que faltaba por adjudicar de la clave{turn}.",
        "{supplier} lost: its minimum quantity is more than what was left to award of the clave{turn}.",
    ),
    "lost.budget": (
        "{supplier} perdió: el presupuesto de cada institución que podía abastecer está agotado{turn}.",
        "{supplier} lost: the budget of every institution it could supply is used up{turn}.",
    ),
    "lost.penalty_below_cost": (
        "{supplier} perdió: su costo supera la penalización por faltante de la clave, así que esa demanda quedó "
        "sin cubrir{turn}.",
        "{supplier} lost: its cost is above the clave's shortfall penalty, so that demand was left unmet{turn}.",
    ),
    "inadmissible.above_reference_price": (
        "{supplier}: propuesta no admisible: su precio{own} supera el precio máximo de referencia de {reference}.",
        "{supplier}: bid not admissible: its price{own} is above the maximum reference price of {reference}.",
    ),
    "inadmissible.beyond_reach": (
        "{supplier}: propuesta no admisible: su cantidad mínima o sus escalas de precio no caben en la demanda de "
        "la clave.",
        "{supplier}: bid not admissible: its minimum quantity or price tiers do not fit the clave's demand.",
    ),
    "no_bids": ("Ningún proveedor presentó propuesta para esta clave.", "No supplier bid for this clave."),
    "scope_clave": ("de la clave", "of the clave"),
    "scope_institution": ("de lo que recibe {institution}", "of what {institution} receives"),
    "at_price": (" a {price} la unidad", " at {price} each"),
    "of_price": (" de {price}", " of {price}"),
    "measure": ("precio evaluado", "evaluated price"),
    "measure_delivered": ("precio evaluado con entrega", "evaluated price with delivery"),
    "than_one": ("el de {winners}, que obtuvo la clave", "that of {winners}, which won the clave"),
    "than_many": ("los de {winners}, que obtuvieron la clave", "those of {winners}, which won the clave"),
    "and": (" y ", " and "),
    "nobody": ("ningún proveedor", "no supplier"),
    "turn_lose": (
        "; con un precio de {price} o más no habría obtenido nada",
        "; at {price} or more it would have won nothing",
    ),
    "turn_win": (
        "; con un precio de {price} o menos habría obtenido una parte",
        "; at {price} or less it would have won a share",
    ),
    "rule": ("La regla «{rule}» cuesta {value} {where}{units}.", "The rule “{rule}” costs {value} {where}{units}."),
    "rule.saves": (
        "La regla «{rule}» ahorra {value} {where}{units}.",
        "The rule “{rule}” saves {value} {where}{units}.",
    ),
    "rule.same": (
        "La regla «{rule}» no cambia el costo {where}{units}.",
        "The rule “{rule}” does not change the cost {where}{units}.",
    ),
    "in_clave": ("en esta clave", "in this clave"),
    "in_purchase": ("en toda la compra", "across the purchase"),
    "rule_unmet": (" y deja {quantity} unidades sin cubrir", " and leaves {quantity} units unmet"),
    "rule_covers": (" y cubre {quantity} unidades más", " and covers {quantity} more units"),
    "limit": (
        "La capacidad de {supplier} en esta clave se usa completa ({used} de {limit} unidades): cada unidad más "
        "ahorraría {value} de costo evaluado.",
        "{supplier}'s capacity in this clave is used up ({used} of {limit} units): each extra unit would save "
        "{value} of evaluated cost.",
    ),
    "limit.budget": (
        "El presupuesto de {institution} se usa completo ({used} de {limit}): cada {one} más ahorraría {value} de "
        "costo evaluado.",
        "The budget of {institution} is used up ({used} of {limit}): each extra {one} would save {value} of "
        "evaluated cost.",
    ),
    "shortage": (
        "A {institution} le faltan {quantity} unidades de esta clave: {reason}; ningún aumento de presupuesto ni "
        "de capacidad las cubre.",
        "{institution} is short of {quantity} units of this clave: {reason}; no extra budget or capacity covers them.",
    ),
    "shortage.money": (
        "{institution} necesita {value} más de presupuesto para comprar toda la clave (le faltan {quantity} unidades).",
        "{institution} needs {value} more budget to buy all of the clave ({quantity} units short).",
    ),
    "shortage.units": (
        "A {institution} le faltan {quantity} unidades de esta clave: {value} unidades más de capacidad de "
        "{supplier} las cubrirían.",
        "{institution} is short of {quantity} units of this clave: {value} more units of {supplier}'s capacity "
        "would cover them.",
    ),
    "shortage.reason": (
        "A {institution} le faltan {quantity} unidades de esta clave: {reason}.",
        "{institution} is short of {quantity} units of this clave: {reason}.",
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


def outcome_label(lang: str, outcome: str) -> str:
    return _OUTCOMES.get(outcome, (outcome, outcome))[LANGUAGES.index(lang)]


def dictamen_template(lang: str, key: str) -> str:
    """A sentence of the dictamen, or a part of one, with its named placeholders."""
    return _DICTAMEN[key][LANGUAGES.index(lang)]


def dictamen_text(lang: str, key: str, **values: str) -> str:
    return dictamen_template(lang, key).format(**values)


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
