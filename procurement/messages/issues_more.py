"""What is wrong in a workbook, in a rule's cross-row checks, in an award table (compra) or an OR-Library file,
keyed by the issue's stable code (procurement.errors.Issue)."""

from __future__ import annotations

from procurement.messages.entry import Entries

SAVE_XLSX = ("guárdelo como Libro de Excel (.xlsx)", "save it as Excel Workbook (.xlsx)")
NOT_XLSX = (
    "no es un libro .xlsx (¿un .xls antiguo, un .xlsb binario, un archivo con contraseña o dañado?)",
    "is not an .xlsx workbook (an old .xls, a binary .xlsb, a password-protected or a damaged file?)",
)
WORKBOOK: Entries = {
    "workbook_missing": ("el libro no existe", "the workbook does not exist"),
    "workbook_too_large": ("el libro pesa más de {limit} MB", "the workbook is larger than {limit} MB"),
    "workbook_macro_enabled": (
        f"es un libro habilitado para macros; {SAVE_XLSX[0]} sin macros",
        f"is a macro-enabled workbook; {SAVE_XLSX[1]} without macros",
    ),
    "workbook_not_xlsx": (f"{NOT_XLSX[0]}; {SAVE_XLSX[0]}", f"{NOT_XLSX[1]}; {SAVE_XLSX[1]}"),
    "workbook_unreadable": (f"{NOT_XLSX[0]}: {{detail}}", f"{NOT_XLSX[1]}: {{detail}}"),
    "workbook_macros": (
        f"contiene macros (VBA); {SAVE_XLSX[0]} sin macros",
        f"contains macros (VBA); {SAVE_XLSX[1]} without macros",
    ),
    "workbook_links": (
        "tiene vínculos a otros libros; rómpalos (Datos > Editar vínculos > Romper vínculo) y guárdelo de nuevo",
        "links to other workbooks; break the links (Data > Edit Links > Break Link) and save again",
    ),
    "workbook_unpacks_large": ("se descomprime en más de {limit} MB", "unpacks to more than {limit} MB"),
    "workbook_unsafe_reader": (
        "no se puede leer con seguridad: defusedxml no está en uso (¿OPENPYXL_DEFUSEDXML vale False?)",
        "cannot be read safely: defusedxml is not in use (is OPENPYXL_DEFUSEDXML set to False?)",
    ),
    "workbook_unsafe_xml": (
        f"{NOT_XLSX[0]}: su XML declara entidades o un DTD, que se rechazan por inseguros ({{detail}})",
        f"{NOT_XLSX[1]}: its XML declares entities or a DTD, which are refused as unsafe ({{detail}})",
    ),
    "unknown_sheet": (
        "hoja desconocida (las hojas de un libro de escenario son: {sheets})",
        "unknown sheet (the sheets of a scenario workbook are: {sheets})",
    ),
    "sheet_missing": ("falta la hoja", "sheet is missing"),
    "sheet_empty": ("la hoja está vacía: necesita una fila de encabezados", "sheet is empty: it needs a header row"),
    "settings_header": ("el encabezado debe ser: {header}", "the header must be: {header}"),
    "setting_twice": ("el ajuste {setting} aparece dos veces", "setting {setting} is given twice"),
    "sheet_too_long": ("tiene más de {limit} filas", "has more than {limit} rows"),
    "formula_unsaved": (
        "la fórmula {formula} no tiene un valor guardado; abra y guarde el libro en Excel, o escriba el valor",
        "the formula {formula} has no saved value; open and save it in Excel, or type the value",
    ),
    "error_value": ("contiene el error {value}", "holds the error {value}"),
    "date_value": (
        "contiene una fecha u hora ({value}); se espera un número o un texto",
        "holds a date or time ({value}); a number or text is expected",
    ),
    "header_cell_empty": (
        "la celda del encabezado está vacía: cada columna necesita un nombre",
        "header cell is empty: every column needs a name",
    ),
    "outside_header": ("«{value}» está en una columna sin encabezado", '"{value}" is in a column with no header'),
}
RULE_CHECKS: Entries = {
    "min_suppliers_few_bidders": (
        "mínimo de {value} proveedores, pero solo {bidders} ofertan la clave: el mínimo será {bidders}",
        "a minimum of {value} suppliers, but only {bidders} bid for the product: the minimum will be {bidders}",
    ),
    "incumbent_without_bid": (
        "{supplier_id} no presentó propuesta para {product_id}: el límite de cambio de proveedor no aplica a "
        "{institution_id}",
        "{supplier_id} did not bid for {product_id}: the switching limit does not apply to {institution_id}",
    ),
    "incumbent_not_demanded": (
        "{institution_id} no compra {product_id} en esta compra: la fila no tiene efecto",
        "{institution_id} does not buy {product_id} in this purchase: the row has no effect",
    ),
    "minimum_above_maximum": (
        "el mínimo {value} es mayor que la cantidad máxima {maximum}",
        "the minimum {value} is more than the maximum quantity {maximum}",
    ),
    "minimum_below_share": (
        "el mínimo {value} es menos del 40 % del máximo {maximum}: la ley pide al menos {least}",
        "the minimum {value} is less than 40 % of the maximum {maximum}: the law requires at least {least}",
    ),
    "period_missing": (
        "falta el periodo: otras filas de la demanda lo indican, así que cada fila debe indicarlo",
        "the period is missing: other demand rows give one, so every row must",
    ),
    "period_unknown": (
        "el periodo «{value}» no está en la demanda (periodos: {periods})",
        'the period "{value}" is not in the demand (periods: {periods})',
    ),
    "period_without_periods": (
        "el periodo «{value}» no está en la demanda, que no indica periodos: use el presupuesto de institutions.csv "
        "o indique el periodo de cada fila de la demanda",
        'the period "{value}" is not in the demand, which gives no periods: use the budget in institutions.csv or '
        "give each demand row its period",
    ),
    "period_bids_mixed": (
        "la clave {product} tiene ofertas con periodo (filas {named}) y sin periodo (filas {blank}): indique el "
        "periodo en todas sus filas o en ninguna",
        "product {product} has bid rows with a period (rows {named}) and without one (rows {blank}): give the period "
        "in all its rows or in none",
    ),
    "min_above_max_suppliers": (
        "mínimo de {value} proveedores, pero a lo más {limit} pueden ganar la clave",
        "a minimum of {value} suppliers, but at most {limit} may win the product",
    ),
    "min_above_split_shares": (
        "mínimo de {value} proveedores, pero el abastecimiento simultáneo tiene {limit} partes",
        "a minimum of {value} suppliers, but the split award has {limit} shares",
    ),
    "min_supplier_shares_above_one": (
        "{value} proveedores con al menos {share} cada uno suman más que toda la clave",
        "{value} suppliers with at least {share} each add up to more than the whole product",
    ),
    "share_above_one": (
        "{value} es mayor que 1: se espera una parte, de 0 a 1",
        "{value} is more than 1: a share from 0 to 1 is expected",
    ),
    "price_not_acceptable_market_flagged": (
        "{value} supera {limit}, más del margen sobre la mediana {benchmark} de la investigación de mercado: precio "
        "no aceptable (se señala; la propuesta se evalúa)",
        "{value} is above {limit}, more than the margin over the market research's median {benchmark}: price not "
        "acceptable (flagged; the bid is evaluated)",
    ),
    "price_not_acceptable_market_excluded": (
        "{value} supera {limit}, más del margen sobre la mediana {benchmark} de la investigación de mercado: precio "
        "no aceptable; la propuesta no se usará",
        "{value} is above {limit}, more than the margin over the market research's median {benchmark}: price not "
        "acceptable; the bid will not be used",
    ),
    "price_not_acceptable_baseline_flagged": (
        "{value} supera {limit}, más del margen sobre la mediana {benchmark} de los últimos precios pagados (no hay "
        "investigación de mercado de la clave): precio no aceptable (se señala; la propuesta se evalúa)",
        "{value} is above {limit}, more than the margin over the median {benchmark} of the last prices paid (the "
        "product has no market research): price not acceptable (flagged; the bid is evaluated)",
    ),
    "price_not_acceptable_baseline_excluded": (
        "{value} supera {limit}, más del margen sobre la mediana {benchmark} de los últimos precios pagados (no hay "
        "investigación de mercado de la clave): precio no aceptable; la propuesta no se usará",
        "{value} is above {limit}, more than the margin over the median {benchmark} of the last prices paid (the "
        "product has no market research): price not acceptable; the bid will not be used",
    ),
    "price_not_convenient_bids_flagged": (
        "{value} está por debajo de {limit}, más del margen bajo el promedio {benchmark} de las propuestas "
        "admisibles: precio no conveniente (se señala; la propuesta se evalúa)",
        "{value} is below {limit}, more than the margin under the average {benchmark} of the admissible bids: "
        "price not convenient (flagged; the bid is evaluated)",
    ),
    "price_not_convenient_bids_excluded": (
        "{value} está por debajo de {limit}, más del margen bajo el promedio {benchmark} de las propuestas "
        "admisibles: precio no conveniente; la propuesta no se usará",
        "{value} is below {limit}, more than the margin under the average {benchmark} of the admissible bids: "
        "price not convenient; the bid will not be used",
    ),
    "above_reference_price": (
        "{value} supera el precio máximo de referencia {reference}; la propuesta no es admisible y no se usará",
        "{value} is above the reference price {reference}; the bid is inadmissible and will not be used",
    ),
    "price_rises_with_volume": (
        "{value} es mayor que el precio para una cantidad menor; las escalas de precio no deben subir con el volumen",
        "{value} is higher than the price for a smaller quantity; all-units price breaks must not rise with volume",
    ),
    "min_above_capacity": (
        "{value} es mayor que la capacidad de la oferta",
        "{value} is more than the offer's capacity",
    ),
    "offer_rows_differ": (
        "las filas de escalas {rows} del proveedor {supplier} para la clave {product} difieren ({values}); una "
        "oferta tiene un solo valor de {column}",
        "price-break rows {rows} of supplier {supplier} for product {product} differ ({values}); one offer has "
        "one {column}",
    ),
    "more_shares_than_suppliers": (
        "{shares} partes pero se permiten a lo más {limit} proveedores",
        "{shares} shares but at most {limit} suppliers are allowed",
    ),
    "split_and_single_source": (
        "la clave {product} no puede repartirse ({split}) y tener proveedor único a la vez",
        "product {product} cannot be both split ({split}) and single-source",
    ),
    "policy_more_shares_than_suppliers": (
        "{shares} partes pero policy.max_suppliers es {limit}",
        "{shares} shares but policy.max_suppliers is {limit}",
    ),
    "policy_split_and_single_source": (
        "un abastecimiento simultáneo ({split}) no puede ser también single_source",
        "a split award ({split}) cannot also be single_source",
    ),
}
COMPRA: Entries = {
    "no_quantity_columns": (
        "no tiene columnas de cantidad con nombres como IMSS_25 (institución_año)",
        "has no quantity columns named like IMSS_25 (institution_year)",
    ),
    "not_text": ("no se puede leer como texto UTF-8: {detail}", "cannot be read as UTF-8 text: {detail}"),
    "no_award_rows": ("no tiene filas de adjudicación", "has no award rows"),
    "not_a_quantity": ("«{value}» no es un número de 0 o más", '"{value}" is not a number of 0 or more'),
    "not_a_share": ("«{value}» no es una parte mayor que 0 y hasta 1", '"{value}" is not a share above 0 and up to 1'),
    "supplier_repeated": (
        "repite un proveedor que ya tiene adjudicada esta clave",
        "repeats a supplier already awarded this clave",
    ),
    "clave_shares_not_whole": (
        "las partes de la clave {clave} suman {total}, no 1",
        "the shares of clave {clave} add up to {total}, not 1",
    ),
    "orlib_format": ("el archivo OR-Library {detail}", "OR-Library file {detail}"),
}
