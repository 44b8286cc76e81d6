"""The dictamen's sentences (reports.dictamen): one per offer, keyed "<outcome>.<reason>" by the codes of
explanation.csv, and one per row of rule_costs.csv, keyed by its kind; the other keys are their parts."""

from __future__ import annotations

from procurement.messages.entry import Entries

DICTAMEN: Entries = {
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
    "won.min_suppliers": (
        "porque la clave debe adjudicarse a un mínimo de proveedores (continuidad del abasto)",
        "because the clave must be awarded to a minimum number of suppliers (supply continuity)",
    ),
    "won.incumbent": (
        "porque es el proveedor actual y conserva su parte por el límite de cambio de proveedor",
        "because it is the current supplier and keeps its part under the switching limit",
    ),
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
    "lost.min_suppliers": (
        "{supplier} perdió: las ofertas no alcanzan el mínimo de proveedores que la clave exige, así que no se "
        "adjudicó{turn}.",
        "{supplier} lost: the offers cannot reach the minimum number of suppliers the clave requires, so it was not "
        "awarded{turn}.",
    ),
    "lost.switching": (
        "{supplier} perdió: cada institución que podía abastecer conserva a su proveedor actual por el límite de "
        "cambio de proveedor ({winners}){turn}.",
        "{supplier} lost: each institution it could supply keeps its current supplier under the switching limit "
        "({winners}){turn}.",
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
    "inadmissible.price_not_acceptable": (
        "{supplier}: propuesta desechada: su precio{own} no es aceptable{figures}.",
        "{supplier}: bid rejected: its price{own} is not acceptable{figures}.",
    ),
    "inadmissible.price_not_convenient": (
        "{supplier}: propuesta desechada: su precio{own} no es conveniente{figures}.",
        "{supplier}: bid rejected: its price{own} is not convenient{figures}.",
    ),
    "flagged.not_acceptable": (
        "Precio no aceptable (señalado; la propuesta se evaluó): {supplier}, precio{own}{figures}.",
        "Price not acceptable (flagged; the bid was evaluated): {supplier}, price{own}{figures}.",
    ),
    "flagged.not_convenient": (
        "Precio no conveniente (señalado; la propuesta se evaluó): {supplier}, precio{own}{figures}.",
        "Price not convenient (flagged; the bid was evaluated): {supplier}, price{own}{figures}.",
    ),
    "flag_figures.market": (
        ", por encima de {limit}: la mediana de la investigación de mercado ({benchmark}) más el margen permitido",
        ", above {limit}: the market research's median ({benchmark}) plus the margin allowed",
    ),
    "flag_figures.baseline": (
        ", por encima de {limit}: la mediana de los últimos precios pagados ({benchmark}; la clave no tiene "
        "investigación de mercado) más el margen permitido",
        ", above {limit}: the median of the last prices paid ({benchmark}; the clave has no market research) plus "
        "the margin allowed",
    ),
    "flag_figures.bids": (
        ", por debajo de {limit}: el promedio de las propuestas admisibles ({benchmark}) menos el margen permitido",
        ", below {limit}: the average of the admissible bids ({benchmark}) less the margin allowed",
    ),
    "inadmissible.beyond_reach": (
        "{supplier}: propuesta no admisible: su cantidad mínima o sus escalas de precio no caben en la demanda de "
        "la clave.",
        "{supplier}: bid not admissible: its minimum quantity or price tiers do not fit the clave's demand.",
    ),
    "records": (
        "Por su historial de cumplimiento, los precios de estos proveedores se evaluaron con un recargo: {suppliers}. "
        "El recargo solo sirve para comparar propuestas; se paga el precio ofertado.",
        "Because of their records, these suppliers' prices were evaluated with a surcharge: {suppliers}. The "
        "surcharge only serves to compare bids; the price bid is what is paid.",
    ),
    "record_one": ("{supplier} (+{surcharge})", "{supplier} (+{surcharge})"),
    "no_bids": ("Ningún proveedor presentó propuesta para esta clave.", "No supplier bid for this clave."),
    "scope_clave": ("de la clave", "of the clave"),
    "scope_institution": ("de lo que recibe {institution}", "of what {institution} receives"),
    "open_contract": (
        "Contrato abierto de {supplier} con {institution}: mínimo {minimum}, máximo {maximum} piezas a {price}.",
        "Open contract of {supplier} with {institution}: minimum {minimum}, maximum {maximum} units at {price}.",
    ),
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
    "turn_unknown": (
        "; el precio en que cambiaría su resultado no se calculó: se agotó el tiempo dado a la explicación",
        "; the price at which its outcome would turn was not found: the explanation ran out of its time",
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
