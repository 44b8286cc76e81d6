"""Words of the scenario workbook template (procurement/template.py): column headers, header notes, units,
setting notes and the instructions sheet. A header's English is the column's own id, so an English workbook
reads like the CSV files, and the reader maps either language's header to that id (procurement/workbook.py).
English notes and units are the tables' own (procurement/tables.py); a unit test keeps them equal."""

from __future__ import annotations

from procurement.messages.entry import Entries

COLUMN: Entries = {
    "institution_id": ("Institución", "institution_id"),
    "name": ("Nombre", "name"),
    "budget": ("Presupuesto", "budget"),
    "product_id": ("Clave", "product_id"),
    "description": ("Descripción", "description"),
    "category": ("Categoría", "category"),
    "unit": ("Unidad", "unit"),
    "reference_price": ("Precio máximo de referencia", "reference_price"),
    "max_suppliers": ("Máximo de proveedores", "max_suppliers"),
    "min_suppliers": ("Mínimo de proveedores", "min_suppliers"),
    "osd": ("Subasta inversa (OSD)", "osd"),
    "max_price_gap": ("Brecha máxima de precio", "max_price_gap"),
    "split_shares": ("Porcentajes de abastecimiento simultáneo", "split_shares"),
    "single_source": ("Un solo proveedor por institución", "single_source"),
    "quantity": ("Cantidad", "quantity"),
    "minimum": ("Mínimo", "minimum"),
    "period": ("Periodo", "period"),
    "period_capacity": ("Capacidad por periodo", "period_capacity"),
    "supplier_id": ("Proveedor", "supplier_id"),
    "national": ("Nacional", "national"),
    "unit_price": ("Precio unitario", "unit_price"),
    "from_quantity": ("Desde cantidad", "from_quantity"),
    "capacity": ("Capacidad", "capacity"),
    "min_quantity": ("Cantidad mínima", "min_quantity"),
    "fixed_cost": ("Costo fijo", "fixed_cost"),
    "cost_per_unit": ("Costo de entrega por unidad", "cost_per_unit"),
    "source": ("Fuente", "source"),
    "fill_rate": ("Tasa de surtimiento", "fill_rate"),
    "late_deliveries": ("Entregas tardías", "late_deliveries"),
    "penalties_paid": ("Penas pagadas", "penalties_paid"),
    "max_switch": ("Cambio máximo", "max_switch"),
}
NOTE: Entries = {
    "institutions.institution_id": ("Clave corta del comprador, p. ej. IMSS", "Short id of the buyer, e.g. IMSS"),
    "institutions.name": ("Nombre completo de la institución", "Full name of the institution"),
    "institutions.budget": (
        "Lo más que puede gastar aquí: compra + entrega. En blanco: sin límite",
        "Most it may spend here: purchase + delivery. Blank: no limit",
    ),
    "products.product_id": ("Clave del CNIS, p. ej. 010.000.0104.00", "CNIS clave, e.g. 010.000.0104.00"),
    "products.description": ("Qué es el producto", "What the product is"),
    "products.category": ("medicine, supply o equipment", "medicine, supply or equipment"),
    "products.unit": ("La unidad a la que se refieren cantidades y precios", "The unit quantities and prices refer to"),
    "products.reference_price": (
        "Precio máximo de referencia: las propuestas por encima no son admisibles",
        "Precio máximo de referencia: bids above it are inadmissible",
    ),
    "products.max_suppliers": (
        "A lo más este número de proveedores gana la clave (sustituye la política)",
        "At most this many suppliers win the product (overrides the policy)",
    ),
    "products.min_suppliers": (
        "Clave crítica: al menos este número de proveedores la gana (sustituye la política)",
        "Critical product: at least this many suppliers win it (overrides the policy)",
    ),
    "products.osd": (
        "Subasta inversa (OSD): sus propuestas pueden bajar de precio en rondas",
        "Reverse auction (OSD): bids for it may be lowered in rounds",
    ),
    "products.max_price_gap": (
        "Precios adjudicados a lo más esta fracción por encima del más barato (0.10 = 10 %; sustituye la política)",
        "Awarded prices at most this fraction above the cheapest (0.10 = 10 %; overrides the policy)",
    ),
    "products.split_shares": (
        "Abastecimiento simultáneo: porcentajes fijos, p. ej. 0.6;0.4 (sustituye la política)",
        "Abastecimiento simultáneo: preset shares, e.g. 0.6;0.4 (overrides the policy)",
    ),
    "products.single_source": (
        "Cada institución la recibe de un solo proveedor (sustituye la política)",
        "Each institution receives it from one supplier only (overrides the policy)",
    ),
    "demand.institution_id": (
        "Institución que necesita la clave (de institutions)",
        "Institution that needs the product (from institutions)",
    ),
    "demand.product_id": ("Clave que se necesita (de products)", "Product needed (from products)"),
    "demand.quantity": (
        "Unidades que se necesitan; una fila por institución y clave",
        "Units needed; one row per institution and product",
    ),
    "demand.minimum": (
        "Contrato abierto: lo menos que se compromete a comprar (al menos 40 % de la cantidad, que es entonces el "
        "máximo)",
        "Open contract: the least it commits to buy (at least 40 % of quantity, then the maximum)",
    ),
    "demand.period": (
        "Periodo al que corresponden las unidades, p. ej. 2026 (en blanco en todas las filas: la compra tiene un "
        "solo periodo)",
        "Period the units are for, e.g. 2026 (blank in every row: the purchase has one period)",
    ),
    "suppliers.supplier_id": ("Clave corta del licitante", "Short id of the bidder"),
    "suppliers.name": ("Razón social", "Company name"),
    "suppliers.national": (
        "Proveedor nacional, con derecho a la preferencia de precio nacional (en blanco: no)",
        "National supplier, eligible for the national price preference (blank: no)",
    ),
    "bids.supplier_id": ("Licitante (de suppliers)", "Bidder (from suppliers)"),
    "bids.product_id": ("Clave ofertada (de products)", "Product offered (from products)"),
    "bids.unit_price": (
        "Precio por unidad, entregado (DDP) salvo que la entrega agregue un costo",
        "Price per unit, delivered (DDP) unless delivery adds a cost",
    ),
    "bids.from_quantity": (
        "Precio por volumen: primera cantidad total a la que aplica este precio (en blanco = 0)",
        "Price break: first total quantity this price applies to (blank = 0)",
    ),
    "bids.period": (
        "Periodo para el que valen el precio y las condiciones, p. ej. 2026 (en blanco: todos los periodos; las "
        "filas de una clave lo indican todas o ninguna)",
        "Period the price and conditions hold for, e.g. 2026 (blank: every period; a clave's rows all give one or "
        "none does)",
    ),
    "bids.capacity": (
        "Lo más que el proveedor puede entregar de esta clave, entre todas las instituciones",
        "Most units the supplier can deliver of this product, over all institutions",
    ),
    "bids.period_capacity": (
        "Lo más que el proveedor puede entregar de esta clave en un mismo periodo",
        "Most units the supplier can deliver of this product in any one period",
    ),
    "bids.min_quantity": (
        "Si se le adjudica algo, al menos estas unidades en total",
        "If awarded at all, at least this many units in total",
    ),
    "bids.fixed_cost": (
        "Costo único si se le adjudica cualquier cantidad (administración del contrato, registro, arranque)",
        "One-off cost if awarded any quantity (contract administration, registration, set-up)",
    ),
    "delivery.supplier_id": ("Proveedor que entrega (de suppliers)", "Supplier that delivers (from suppliers)"),
    "delivery.institution_id": (
        "Institución a la que se entrega (de institutions)",
        "Institution delivered to (from institutions)",
    ),
    "delivery.product_id": ("Clave; en blanco = todas las claves", "Product; blank = every product"),
    "delivery.cost_per_unit": (
        "Se suma al precio unitario de lo entregado a esta institución",
        "Added to the unit price for units delivered to this institution",
    ),
    "market.product_id": ("Clave observada (de products)", "Product observed (from products)"),
    "market.source": (
        "Dónde se observó el precio: una cotización, un contrato, un catálogo",
        "Where the price was observed: a quotation, a contract, a catalogue",
    ),
    "market.unit_price": ("Precio unitario observado", "Unit price observed"),
    "supplier_record.supplier_id": ("Proveedor (de suppliers)", "Supplier (from suppliers)"),
    "supplier_record.fill_rate": (
        "Parte de las unidades pedidas en contratos anteriores que entregó, de 0 a 1",
        "Share of the units ordered in past contracts that it delivered, from 0 to 1",
    ),
    "supplier_record.late_deliveries": (
        "Parte de sus entregas anteriores que llegaron tarde, de 0 a 1",
        "Share of its past deliveries that arrived late, from 0 to 1",
    ),
    "supplier_record.penalties_paid": (
        "Penas convencionales que pagó, como parte del valor que facturó, de 0 a 1",
        "Penalties it paid (penas convencionales) as a share of the value it invoiced, from 0 to 1",
    ),
    "budgets.institution_id": ("Institución (de institutions)", "Institution (from institutions)"),
    "budgets.period": ("Periodo (uno de los de la demanda)", "Period (one of demand.csv's)"),
    "budgets.budget": (
        "Lo más que puede gastar en el periodo: compra + entrega de las unidades de ese periodo",
        "Most it may spend in the period: purchase + delivery of that period's units",
    ),
    "incumbents.institution_id": ("Institución (de institutions)", "Institution (from institutions)"),
    "incumbents.product_id": ("Clave (de products)", "Product (from products)"),
    "incumbents.supplier_id": ("Su proveedor actual (de suppliers)", "Its current supplier (from suppliers)"),
    "incumbents.max_switch": (
        "A lo más esta parte de sus unidades pasa a otros proveedores (sustituye la política)",
        "At most this share of its units moves to other suppliers (overrides the policy)",
    ),
    "baseline.institution_id": ("Institución (de institutions)", "Institution (from institutions)"),
    "baseline.product_id": ("Clave (de products)", "Product (from products)"),
    "baseline.unit_price": (
        "Precio unitario que la institución pagó la última vez",
        "Unit price the institution paid last time",
    ),
}
UNIT: Entries = {
    "text_unique": ("texto, único", "text, unique"),
    "text": ("texto", "text"),
    "money": ("dinero, en la moneda de la compra (MXN)", "money, in the purchase's currency (MXN)"),
    "share": ("parte, de 0 a 1", "share, 0 to 1"),
    "money_positive": ("dinero, en la moneda de la compra (MXN) > 0", "money, in the purchase's currency (MXN) > 0"),
    "list": ("uno de la lista", "one of the list"),
    "whole_1": ("entero ≥ 1", "whole ≥ 1"),
    "fraction": ("fracción", "fraction"),
    "shares": ("porcentajes que suman 1", "shares adding to 1"),
    "flag": ("true / false (o sí / no)", "true / false"),
    "id": ("clave", "id"),
    "units_1": ("unidades enteras de la `unit` de la clave, ≥ 1", "whole units of the product's `unit`, ≥ 1"),
    "units": ("unidades enteras de la `unit` de la clave", "whole units of the product's `unit`"),
}
SETTING: Entries = {
    "name": ("nombre de la compra", "name of the purchase"),
    "currency": ("moneda de todos los importes", "currency of every amount"),
    "shortfall_penalty": (
        "costo por unidad no cubierta, solo para ordenar adjudicaciones (en blanco: 10 x el mayor costo unitario "
        "de la clave)",
        "cost per unit left unmet, used only to rank awards (blank: 10 x the product's highest unit cost)",
    ),
    "open_contract_budget": (
        "qué cuentan los presupuestos de un contrato abierto: su máximo (en blanco) o su mínimo (minimum)",
        "what budgets count of an open contract: its maximum (blank) or its minimum",
    ),
    "max_suppliers": (
        "a lo más este número de proveedores gana una clave (en blanco: sin límite)",
        "at most this many suppliers win a product (blank: no limit)",
    ),
    "min_suppliers": (
        "al menos este número de proveedores gana una clave (en blanco: basta uno)",
        "at least this many suppliers win a product (blank: one is enough)",
    ),
    "min_supplier_share": (
        "cada uno de esos proveedores recibe al menos esta parte de las unidades compradas (predeterminado 0.2, o "
        "1 / min_suppliers si es menor)",
        "each of those suppliers gets at least this share of the units bought (default 0.2, or 1 / min_suppliers "
        "if smaller)",
    ),
    "max_price_gap": (
        "precios adjudicados a lo más esta fracción por encima del más barato, p. ej. 0.10",
        "awarded prices at most this fraction above the cheapest, e.g. 0.10",
    ),
    "split_shares": (
        "porcentajes fijos del abastecimiento simultáneo, p. ej. 0.6;0.4",
        "preset shares of a split award, e.g. 0.6;0.4",
    ),
    "split_fallback": (
        "menos proveedores que porcentajes: renormalizar los cubiertos, o dejar el resto sin cubrir (strict)",
        "fewer suppliers than shares: renormalise the shares filled, or keep the rest short (strict)",
    ),
    "single_source": (
        "cada institución recibe una clave de un solo proveedor",
        "each institution receives a product from one supplier",
    ),
    "national_preference": (
        "los precios nacionales cuentan esta fracción menos al elegir, p. ej. 0.10",
        "national prices count this fraction lower when choosing, e.g. 0.10",
    ),
    "price_check": (
        "propuestas con precio no aceptable o no conveniente: solo señalarlas (lo predeterminado) o excluirlas",
        "bids whose price is not acceptable or not convenient: flag them only (the default) or exclude them",
    ),
    "unacceptable_margin": (
        "no aceptable: más de esta fracción por encima de la mediana de la investigación de mercado "
        "(predeterminado 0.10)",
        "not acceptable: more than this fraction above the market research's median (default 0.10)",
    ),
    "inconvenient_margin": (
        "no conveniente: más de esta fracción por debajo del promedio de las propuestas admisibles "
        "(predeterminado 0.40)",
        "not convenient: more than this fraction below the average of the admissible bids (default 0.40)",
    ),
    "record_fill_weight": (
        "recargo por cada unidad de la parte de unidades no entregadas (predeterminado 1)",
        "surcharge per unit of the share of units not delivered (default 1)",
    ),
    "record_late_weight": (
        "recargo por cada unidad de la parte de entregas tardías (predeterminado 0.5)",
        "surcharge per unit of the share of late deliveries (default 0.5)",
    ),
    "record_penalty_weight": (
        "recargo por cada unidad de las penas pagadas, como parte (predeterminado 1)",
        "surcharge per unit of the penalties paid, as a share (default 1)",
    ),
    "record_max_surcharge": (
        "el mayor recargo que puede dar un historial (predeterminado 0.20)",
        "the largest surcharge a record may give (default 0.20)",
    ),
    "max_switch": (
        "a lo más esta parte de las unidades de una clave de una institución deja a su proveedor actual en una "
        "adjudicación (en blanco: sin límite)",
        "at most this share of an institution's units of a product moves away from its current supplier in one "
        "award (blank: no limit)",
    ),
    "solver.name": ("highs o cbc", "highs or cbc"),
    "solver.time_limit_s": (
        "límite de tiempo de cada solución, en segundos",
        "wall-time limit of each solve, in seconds",
    ),
    "solver.mip_gap": (
        "brecha relativa a la que detenerse; 0 prueba la optimalidad",
        "relative gap at which to stop; 0 proves optimality",
    ),
    "solver.threads": (
        "hilos por instancia del solver (en blanco: el del solver)",
        "threads per solver instance (blank: solver default)",
    ),
}
SHEET_NAME: Entries = {  # a sheet's title in each language (Excel: at most 31 characters); the reader takes either
    "scenario": ("escenario", "scenario"),
    "institutions": ("instituciones", "institutions"),
    "products": ("claves", "products"),
    "demand": ("demanda", "demand"),
    "suppliers": ("proveedores", "suppliers"),
    "bids": ("propuestas", "bids"),
    "market": ("investigación de mercado", "market"),
    "supplier_record": ("historial de proveedores", "supplier_record"),
    "incumbents": ("proveedores actuales", "incumbents"),
    "budgets": ("presupuestos por periodo", "budgets"),
    "delivery": ("entrega", "delivery"),
    "baseline": ("precios anteriores", "baseline"),
}
SHEET: Entries = {
    "instructions": ("instrucciones", "instructions"),
    "title": (
        "Libro del escenario: una hoja por tabla, una fila por registro; esta hoja se ignora al importar.",
        "Scenario workbook: one sheet per table, one row per record; this sheet is ignored on import.",
    ),
    "how": (
        "Llene las hojas y luego: procurement validate ARCHIVO.xlsx, procurement solve ARCHIVO.xlsx --out CARPETA.",
        "Fill the sheets, then: procurement validate FILE.xlsx, procurement solve FILE.xlsx --out DIR.",
    ),
    "header": (
        "Sustituya las filas de ejemplo. La fila 1 de cada hoja es el encabezado: deje los nombres de columna como "
        "están (en español o en inglés).",
        "Replace the example rows. Row 1 of each sheet is the header: keep the column names as they are.",
    ),
    "sheet": ("hoja", "sheet"),
    "column": ("columna", "column"),
    "required": ("obligatoria", "required"),
    "meaning": ("significado", "meaning"),
    "unit": ("unidad / tipo", "unit / type"),
    "yes": ("sí", "yes"),
    "optional": ("opcional", "optional"),
    "setting": ("ajuste", "setting"),
    "value": ("valor", "value"),
    "note": ("nota", "note"),
    "cell_note": ("{note}.\nUnidad: {unit}. {required}.", "{note}.\nUnit: {unit}. {required}."),
    "expected": ("Se espera: {unit}", "Expected: {unit}"),
    "file_name": ("plantilla-escenario.xlsx", "scenario.xlsx"),
    "example_name": ("Compra consolidada de ejemplo", "Example consolidated purchase"),
}
