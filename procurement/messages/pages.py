"""Words of the web pages (api/pages, api/templates): navigation, forms, buttons and their messages; and of the
accounts of the people who use them (`procurement users`, api/accounts.py: "account_*")."""

from __future__ import annotations

from procurement.messages.entry import Entries

PAGES: Entries = {
    "language": ("Idioma", "Language"),
    "spanish": ("Español", "Spanish"),
    "english": ("Inglés", "English"),
    # the frame of every page
    "product": ("Compras consolidadas de medicamentos", "Consolidated medicine purchases"),
    "skip_to_content": ("Saltar al contenido", "Skip to content"),
    "signed_in_as": ("Sesión de", "Signed in as"),
    "api_docs": ("API para sistemas (ERP)", "API for systems (ERP)"),
    "role_coordinator": ("Coordinación", "Coordinator"),
    "role_institution": ("Institución", "Institution"),
    "role_auditor": ("Auditoría", "Auditor"),
    # signing in and out
    "sign_in": ("Ingresar", "Sign in"),
    "sign_in_title": ("Ingrese con su usuario", "Sign in with your user"),
    "sign_in_intro": (
        "Use el usuario y la contraseña que le dio la unidad coordinadora.",
        "Use the username and password the coordinating unit gave you.",
    ),
    "username": ("Usuario", "Username"),
    "password": ("Contraseña", "Password"),
    "sign_in_failed": (
        "El usuario o la contraseña no son correctos.",
        "The username or the password is not correct.",
    ),
    "sign_in_throttled": (
        "Demasiados intentos fallidos con este usuario. Espere {minutes} min e intente de nuevo.",
        "Too many failed attempts with this username. Wait {minutes} min and try again.",
    ),
    "sign_out": ("Salir", "Sign out"),
    "signed_out": ("Cerró su sesión.", "You have signed out."),
    # the landing page
    "purchases": ("Compras", "Purchases"),
    "purchases_intro_coordinator": (
        "Las compras consolidadas de su unidad coordinadora.",
        "The consolidated purchases of your coordinating unit.",
    ),
    "purchases_intro_institution": (
        "Las compras consolidadas en las que participa {institution}.",
        "The consolidated purchases {institution} takes part in.",
    ),
    "purchases_intro_auditor": ("Todas las compras consolidadas.", "Every consolidated purchase."),
    "purchases_none": ("Todavía no hay compras que pueda ver.", "There are no purchases you can see yet."),
    "purchases_shown": ("Se muestran {shown} de {total} compras.", "{shown} of {total} purchases are shown."),
    "purchase_id": ("Núm.", "No."),
    "purchase_name": ("Compra", "Purchase"),
    "currency": ("Moneda", "Currency"),
    "version": ("Versión", "Version"),
    "updated_at": ("Última modificación", "Last changed"),
    # creating a purchase (/compras/nueva)
    "purchase_new": ("Nueva compra", "New purchase"),
    "purchase_new_intro": (
        "Llene la plantilla en Excel con las instituciones, claves, demanda, proveedores y propuestas, y súbala "
        "aquí. Se revisa completa antes de guardar nada.",
        "Fill in the template in Excel with the institutions, claves, demand, suppliers and bids, and upload it "
        "here. It is checked in full before anything is stored.",
    ),
    "template_download": ("Descargar la plantilla (.xlsx)", "Download the template (.xlsx)"),
    "template_file": ("plantilla-compra.xlsx", "purchase-template.xlsx"),
    "upload_label": ("Libro de Excel (.xlsx) o paquete (.zip)", "Excel workbook (.xlsx) or package (.zip)"),
    "upload_hint": (
        "Arrastre el archivo a este recuadro o elíjalo con el botón.",
        "Drag the file into this box or choose it with the button.",
    ),
    "upload_choose": ("Elegir archivo", "Choose a file"),
    "upload_chosen": ("Archivo elegido:", "File chosen:"),
    "upload_none": ("ninguno", "none"),
    "upload_send": ("Revisar y crear la compra", "Check and create the purchase"),
    "problems_title": ("{file}: {count} problema(s)", "{file}: {count} problem(s)"),
    "problems_intro": (
        "No se guardó nada. Corrija cada celda señalada y vuelva a subir el archivo.",
        "Nothing was stored. Fix each cell shown and upload the file again.",
    ),
    "problem_place": ("Hoja o archivo", "Sheet or file"),
    "problem_cell": ("Celda", "Cell"),
    "problem_column": ("Columna", "Column"),
    "problem_value": ("Valor encontrado", "Value found"),
    "problem_message": ("Problema", "Problem"),
    "problem_warning": ("Aviso:", "Warning:"),
    "purchase_created": ("Compra creada.", "Purchase created."),
    # one purchase (/compras/{id})
    "purchase_data": ("Datos de la compra", "Purchase data"),
    "count_institutions": ("Instituciones", "Institutions"),
    "count_products": ("Claves", "Claves"),
    "count_demand": ("Filas de demanda", "Demand rows"),
    "count_suppliers": ("Proveedores", "Suppliers"),
    "count_bids": ("Propuestas", "Bids"),
    "runs": ("Corridas", "Runs"),
    "runs_none": ("Esta compra todavía no tiene corridas.", "This purchase has no runs yet."),
    "runs_none_institution": (
        "Todavía no hay resultados publicados para su institución.",
        "There are no results published for your institution yet.",
    ),
    "run_start": ("Resolver la compra", "Solve the purchase"),
    "run_start_hint": (
        "Calcula la adjudicación de menor costo que cumple las reglas de la compra, con su versión actual.",
        "Works out the lowest-cost award that meets the purchase's rules, with its current version.",
    ),
    "run": ("Corrida {id}", "Run {id}"),
    "run_status": ("Estado", "Status"),
    "run_created_at": ("Lanzada", "Started"),
    "run_created_by": ("Por", "By"),
    "run_status_queued": ("En cola", "Queued"),
    "run_status_running": ("En curso", "Running"),
    "run_status_succeeded": ("Terminada", "Finished"),
    "run_status_failed": ("Falló", "Failed"),
    "run_status_cancelled": ("Cancelada", "Cancelled"),
    "own_demand": ("Su demanda", "Your demand"),
    "own_demand_intro": (
        "Lo que {institution} pide en esta compra.",
        "What {institution} asks for in this purchase.",
    ),
    "rows_shown": ("Se muestran {shown} de {total} filas.", "{shown} of {total} rows are shown."),
    "demand_change": ("Cambiar su demanda", "Change your demand"),
    "demand_change_intro": (
        "Descargue su demanda en CSV, cámbiela en Excel (una fila por clave) y súbala: se revisa completa y, si no "
        "tiene problemas, la compra pasa a una versión nueva con su demanda nueva.",
        "Download your demand as CSV, change it in Excel (one row per clave) and upload it: it is checked in full "
        "and, when it has no problems, the purchase moves to a new version with your new demand.",
    ),
    "demand_download": ("Descargar su demanda (.csv)", "Download your demand (.csv)"),
    "demand_file": ("compra-{purchase}-demanda-{institution}.csv", "purchase-{purchase}-demand-{institution}.csv"),
    "demand_upload_label": ("Su demanda en CSV", "Your demand as CSV"),
    "demand_send": ("Revisar y guardar la demanda", "Check and save the demand"),
    "demand_replaced": (
        "Su demanda quedó guardada en una versión nueva de la compra.",
        "Your demand is saved in a new version of the purchase.",
    ),
    "back_to_purchase": ("Volver a la compra", "Back to the purchase"),
    # a run (/corridas/{id})
    "progress": ("Avance", "Progress"),
    "step_queued": ("En cola", "Queued"),
    "step_building": ("Construir el modelo", "Build the model"),
    "step_solving": ("Resolver los bloques", "Solve the blocks"),
    "step_explaining": ("Explicar la adjudicación", "Explain the award"),
    "step_finished": ("Guardar los resultados", "Store the results"),
    "step_done": ("hecho", "done"),
    "step_current": ("en curso", "under way"),
    "blocks": ("{done} de {total} bloques resueltos", "{done} of {total} blocks solved"),
    "run_cancel": ("Cancelar la corrida", "Cancel the run"),
    "run_failed": ("La corrida falló", "The run failed"),
    "run_cancelled": ("La corrida se canceló", "The run was cancelled"),
    "run_reason": ("Motivo: {reason}", "Reason: {reason}"),
    "run_succeeded": ("La corrida terminó.", "The run has finished."),
    "results_open": ("Ver los resultados", "See the results"),
    "run_publish": ("Publicar a las instituciones", "Publish to the institutions"),
    "run_unpublished": (
        "Solo la coordinación ve estos resultados; al publicarlos, cada institución verá sus propias cifras.",
        "Only the coordination sees these results; once they are published, each institution sees its own figures.",
    ),
    "run_published": (
        "Publicada a las instituciones el {at}: cada una ve solo sus propias cifras.",
        "Published to the institutions on {at}: each sees its own figures only.",
    ),
    # results (/corridas/{id}/resultados)
    "results": ("Resultados", "Results"),
    "results_intro_institution": ("Las cifras de {institution}.", "The figures of {institution}."),
    "cost_paid": ("Costo pagado", "Cost paid"),
    "savings": ("Ahorro", "Savings"),
    "savings_against": (
        "{pct} frente a {baseline} por las mismas unidades a precios de referencia",
        "{pct} against {baseline} for the same units at baseline prices",
    ),
    "unmet": ("Demanda no cubierta", "Unmet demand"),
    "unmet_detail": (
        "{units} unidades, con valor de {value} a precios de referencia; no se cuenta como ahorro",
        "{units} units, worth {value} at baseline prices; not counted as a saving",
    ),
    "savings_by_institution": ("Ahorro por institución", "Savings by institution"),
    "savings_by_period": ("Ahorro por periodo", "Savings by period"),
    "savings_chart": (
        "Gráfica de barras del ahorro de cada institución, en {currency}; las cifras están en la tabla que sigue",
        "Bar chart of each institution's savings, in {currency}; the figures are in the table that follows",
    ),
    "col_institution_id": ("Institución", "Institution"),
    "col_period": ("Periodo", "Period"),
    "col_product_id": ("Clave", "Clave"),
    "col_supplier_id": ("Proveedor", "Supplier"),
    "col_quantity": ("Cantidad", "Quantity"),
    "col_unit_price": ("Precio unitario", "Unit price"),
    "col_total_cost": ("Costo total", "Total cost"),
    "col_baseline_cost": ("Costo de referencia", "Baseline cost"),
    "col_consolidated_cost": ("Costo consolidado", "Consolidated cost"),
    "col_savings_pct": ("Ahorro %", "Savings %"),
    "col_reason": ("Motivo", "Reason"),
    "col_rule": ("Regla o límite", "Rule or limit"),
    "col_limit": ("Límite", "Limit"),
    "col_used": ("Usado", "Used"),
    "col_value": ("Efecto en el costo", "Effect on the cost"),
    "awards": ("Adjudicaciones", "Awards"),
    "awards_intro": (
        "Filtre por clave, proveedor o institución (escriba la clave completa, o elija una de la tabla) y ordene "
        "con los encabezados.",
        "Filter by clave, supplier or institution (type the whole id, or pick one in the table) and sort with the "
        "headings.",
    ),
    "filter_apply": ("Filtrar", "Filter"),
    "filter_clear": ("Quitar los filtros", "Clear the filters"),
    "awards_pages": ("Páginas de adjudicaciones", "Pages of awards"),
    "awards_shown": ("Filas {first} a {last} de {total}", "Rows {first} to {last} of {total}"),
    "page_previous": ("Anteriores", "Previous"),
    "page_next": ("Siguientes", "Next"),
    "awards_none": ("Ninguna adjudicación coincide con estos filtros.", "No award matches these filters."),
    "shortages": ("Demanda no cubierta y su motivo", "Unmet demand and why"),
    "shortages_none": ("Toda la demanda quedó cubierta.", "All the demand is met."),
    "binding": ("Límites que se agotaron", "Limits used up"),
    "binding_intro": (
        "Presupuestos y capacidades que la adjudicación usa por completo: ampliarlos podría bajar el costo o cubrir "
        "más demanda.",
        "Budgets and capacities the award uses in full: raising them could lower the cost or meet more demand.",
    ),
    "binding_none": ("Ningún presupuesto ni capacidad se agotó.", "No budget or capacity was used up."),
    "rule_costs": ("Lo que cuestan las reglas y los límites", "What the rules and limits cost"),
    "rule_costs_intro": (
        "Para una regla: cuánto más se paga con ella que sin ella. Para un límite: cuánto se ahorraría con una "
        "unidad más de él.",
        "For a rule: how much more is paid with it than without it. For a limit: how much one more unit of it "
        "would save.",
    ),
    "kind_rule": ("Regla", "Rule"),
    "kind_limit": ("Límite", "Limit"),
    "value_money": ("{amount}", "{amount}"),
    "value_units": ("{amount} unidades", "{amount} units"),
    "value_money_per_unit": ("{amount} por unidad", "{amount} per unit"),
    "value_money_per_money": ("{amount} por cada {one} más", "{amount} per {one} more"),
    "downloads": ("Descargas", "Downloads"),
    "download_pdf": ("Reporte en PDF", "Report as PDF"),
    "download_xlsx": ("Reporte en Excel (.xlsx)", "Report in Excel (.xlsx)"),
    "download_csv": ("Adjudicaciones en CSV", "Awards as CSV"),
    "awards_file": ("corrida-{run}-adjudicaciones.csv", "run-{run}-awards.csv"),
    # open contracts (procurement.rules.open_contracts): each awarded contract's guaranteed minimum and its maximum
    "open_contracts": ("Contratos abiertos", "Open contracts"),
    "open_contracts_intro": (
        "Cada contrato adjudicado con el mínimo que la institución se compromete a comprar y el máximo que puede "
        "comprar, en piezas y en dinero (compra y entrega).",
        "Each awarded contract with the minimum the institution commits to buy and the maximum it may buy, in units "
        "and in money (purchase and delivery).",
    ),
    "open_contracts_basis.maximum": (
        "Los presupuestos cuentan el máximo de cada contrato.",
        "Budgets count each contract's maximum.",
    ),
    "open_contracts_basis.minimum": (
        "Los presupuestos cuentan el mínimo de cada contrato.",
        "Budgets count each contract's minimum.",
    ),
    "col_minimum_quantity": ("Mínimo", "Minimum"),
    "col_maximum_quantity": ("Máximo", "Maximum"),
    "col_minimum_cost": ("Importe al mínimo", "Amount at the minimum"),
    "col_maximum_cost": ("Importe al máximo", "Amount at the maximum"),
    "download_open_contracts": ("Contratos abiertos en CSV", "Open contracts as CSV"),
    "open_contracts_file": ("corrida-{run}-contratos-abiertos.csv", "run-{run}-open-contracts.csv"),
    # what if (/compras/{id}/comparar, /comparaciones/{id})
    "what_if": ("¿Qué pasaría si…?", "What if…?"),
    "what_if_intro": (
        "Resuelva la compra con otros valores de sus reglas y compare los resultados lado a lado: la primera "
        "columna es la compra con sus reglas actuales.",
        "Solve the purchase with other values of its rules and compare the results side by side: the first column "
        "is the purchase with its current rules.",
    ),
    "what_if_institution": (
        "Las comparaciones muestran el ahorro de todas las instituciones, por lo que solo las ven la coordinación y "
        "la auditoría.",
        "Comparisons show every institution's savings, so only the coordinator and the auditors see them.",
    ),
    "what_if_try": ("Probar otros valores de las reglas", "Try other values of the rules"),
    "what_if_now": (
        "Ahora: {value}. Escriba uno o más valores separados por comas, p. ej. 5, 10.",
        "Now: {value}. Type one or more values separated by commas, e.g. 5, 10.",
    ),
    "what_if_start": ("Comparar", "Compare"),
    "what_if_nothing": ("Escriba al menos un valor para alguna regla.", "Type at least one value for a rule."),
    "what_if_not_a_value": (
        "{rule}: «{value}» no es un valor que se pueda probar",
        '{rule}: "{value}" is not a value that can be tried',
    ),
    "rule_max_price_gap": ("Brecha máxima de precio", "Maximum price gap"),
    "rule_max_suppliers": ("Máximo de proveedores por clave", "Maximum suppliers per clave"),
    "rule_national_preference": ("Margen de preferencia nacional", "National preference margin"),
    "no_limit": ("sin límite", "no limit"),
    "comparisons": ("Comparaciones", "Comparisons"),
    "comparisons_none": ("Esta compra todavía no tiene comparaciones.", "This purchase has no comparisons yet."),
    "comparison": ("Comparación {id}", "Comparison {id}"),
    "comparison_varied": ("Reglas probadas", "Rules tried"),
    "comparison_solving": ("Resolver las variantes", "Solve the variants"),
    "comparison_failed": ("La comparación falló", "The comparison failed"),
    "comparison_cancelled": ("La comparación se canceló", "The comparison was cancelled"),
    "side_by_side": ("Las variantes lado a lado", "The variants side by side"),
    "figure": ("Cifra", "Figure"),
    "current_rules": ("Reglas actuales", "Current rules"),
    "savings_by_variant": ("Ahorro de cada variante", "Savings of each variant"),
    "variants_chart": (
        "Gráfica de barras del ahorro de cada variante, en {currency}; las cifras están en la tabla de arriba",
        "Bar chart of each variant's savings, in {currency}; the figures are in the table above",
    ),
    # history (/compras/{id}/historial)
    "history": ("Historial", "History"),
    "history_intro": (
        "Quién cambió la compra, quién la resolvió y cuándo, de lo más reciente a lo más antiguo.",
        "Who changed the purchase, who solved it and when, newest first.",
    ),
    "versions": ("Versiones", "Versions"),
    "version_change": ("Cambio", "Change"),
    "change_created": ("creada", "created"),
    "change_demand": ("demanda de {institution} reemplazada", "demand of {institution} replaced"),
    "version_created_at": ("Fecha", "When"),
    # error pages
    "error_title": ("No se pudo completar la solicitud", "The request could not be completed"),
    "error_csrf_title": ("Formulario rechazado", "Form refused"),
    "error_csrf_detail": (
        "El formulario no traía su código de seguridad, o el código ya no corresponde a su sesión. Vuelva a abrir "
        "la página y envíe el formulario de nuevo.",
        "The form did not carry its security code, or the code no longer matches your session. Open the page "
        "again and send the form once more.",
    ),
    "error_403_title": ("Sin permiso", "Not allowed"),
    "error_403_detail": ("Su usuario no puede hacer esto.", "Your user may not do this."),
    "error_404_title": ("Página no encontrada", "Page not found"),
    "error_404_detail": (
        "La página no existe o su usuario no puede verla.",
        "The page does not exist or your user cannot see it.",
    ),
    "error_server_title": ("Error del servidor", "Server error"),
    "error_server_detail": (
        "Ocurrió un error inesperado; quedó registrado. Intente de nuevo en unos minutos.",
        "An unexpected error happened; it has been logged. Try again in a few minutes.",
    ),
    "back_home": ("Volver al inicio", "Back to the start"),
    # accounts (`procurement users …`)
    "account_scope_role": ("el rol {role} no es uno de {roles}", "role {role} is not one of {roles}"),
    "account_scope_institution_needed": (
        "un usuario o llave de institución necesita --institution (el institution_id para el que actúa, p. ej. IMSS)",
        "an institution user or key needs --institution (the institution_id it acts for, e.g. IMSS)",
    ),
    "account_scope_institution_only": (
        "--institution es solo para usuarios y llaves de institución",
        "--institution is only for institution users and keys",
    ),
    "account_scope_coordinator_only": (
        "--coordinator es solo para usuarios y llaves de coordinación",
        "--coordinator is only for coordinator users and keys",
    ),
    "account_password_too_short": (
        "la contraseña debe tener al menos {length} caracteres",
        "the password must have at least {length} characters",
    ),
    "account_exists": ("ya existe el usuario {username}", "user {username} already exists"),
    "account_unknown": ("no existe el usuario {username}", "there is no user {username}"),
    "account_exists_kept": (
        "el usuario {username} ya existe y se deja como está (`procurement users reset-password {username}` le da "
        "una contraseña nueva)",
        "user {username} already exists and is left as it is (`procurement users reset-password {username}` gives "
        "it a new password)",
    ),
    "account_created": ("usuario {username} creado con el rol {role}", "user {username} created with the role {role}"),
    "account_password_set": (
        "el usuario {username} tiene una contraseña nueva; sus sesiones abiertas terminaron",
        "user {username} has a new password; its open sessions have ended",
    ),
    "account_disabled": (
        "el usuario {username} quedó deshabilitado: ya no puede ingresar y sus sesiones abiertas terminaron",
        "user {username} is disabled: it can no longer sign in and its open sessions have ended",
    ),
    "account_no_terminal": (
        "no hay una terminal donde pedir la contraseña: use --password-stdin o --generate-password",
        "there is no terminal to ask for the password: use --password-stdin or --generate-password",
    ),
    "account_prompt": ("Contraseña: ", "Password: "),
    "account_prompt_again": ("Repita la contraseña: ", "Password again: "),
    "account_passwords_differ": ("las dos contraseñas no coinciden", "the two passwords do not match"),
    "account_generated": (
        "contraseña generada; se muestra solo esta vez, guárdela en un lugar seguro:",
        "generated password; it is shown only this once, keep it safe:",
    ),
}
