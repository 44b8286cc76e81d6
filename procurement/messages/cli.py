"""Words of the `procurement` command: its tables, summaries, progress and errors (procurement/*_cli.py)."""

from __future__ import annotations

from procurement.messages.entry import Entries

CLI: Entries = {
    "error": ("error: {detail}", "error: {detail}"),
    "unexpected": ("error inesperado, por favor repórtelo: {detail}", "unexpected error, please report it: {detail}"),
    "template_written": ("plantilla escrita en {path}", "template written to {path}"),
    "reported": (
        "{done} de {total} paquete(s) con reporte; resumen en {file}",
        "{done} of {total} package(s) reported; summary in {file}",
    ),
    "variant_no_award": ("variante {variant}: {reason}", "variant {variant}: {reason}"),
    "comparison_written": ("comparación escrita en {path}", "comparison written to {path}"),
    "generated": (
        "se escribieron {products} claves x {institutions} instituciones x {suppliers} proveedores en {path}",
        "wrote {products} products x {institutions} institutions x {suppliers} suppliers to {path}",
    ),
    "imported": (
        "se escribió {package}: {institutions} institución-año, {products} claves, {suppliers} proveedores, "
        "{real_bids} propuestas reales, {synthetic} propuestas SINTÉTICAS",
        "wrote {package}: {institutions} institution-years, {products} claves, {suppliers} suppliers, {real_bids} "
        "real bids, {synthetic} SYNTHETIC bids",
    ),
    "imported_amount": ("monto real adjudicado {amount} MXN", "real awarded amount {amount} MXN"),
    "note": ("nota: {note}", "note: {note}"),
    "preloaded": ("se cargó {path} como escenario {id}: {name}", "loaded {path} as scenario {id}: {name}"),
    "schema_current": ("el esquema de la base de datos está al día: {url}", "database schema is up to date: {url}"),
    "key_created": (
        "se creó una clave {role}; se muestra solo ahora, guárdela en un lugar seguro:",
        "{role} key created; it is shown only now, keep it safe:",
    ),
    "key_created_for": (
        "se creó una clave {role} para {institution}; se muestra solo ahora, guárdela en un lugar seguro:",
        "{role} key for {institution} created; it is shown only now, keep it safe:",
    ),
    "key_expires": ("vence el {at} UTC", "it expires on {at} UTC"),
    "key_unknown": ("no existe la clave {id}", "there is no key {id}"),
    "key_revoked": (
        "se revocó la clave {id} ({name}): desde ahora se rechaza",
        "key {id} ({name}) revoked: it is refused from now on",
    ),
    "key_already_revoked": (
        "la clave {id} ({name}) ya estaba revocada desde el {at} UTC",
        "key {id} ({name}) was already revoked on {at} UTC",
    ),
    "keys_id": ("id", "id"),
    "keys_name": ("nombre", "name"),
    "keys_role": ("rol", "role"),
    "keys_scope": ("ámbito", "scope"),
    "keys_prefix": ("inicio", "prefix"),
    "keys_created": ("creada (UTC)", "created (UTC)"),
    "keys_expires": ("vence", "expires"),
    "keys_last_used": ("último uso", "last used"),
    "keys_revoked": ("revocada", "revoked"),
    "generate_sizes": (
        "dé --preset, o todos de --products, --institutions y --suppliers",
        "give --preset, or all of --products, --institutions and --suppliers",
    ),
    "valid": (
        "{package}: válido — {institutions} instituciones, {products} claves, {suppliers} proveedores, {bids} "
        "propuestas, {demand} filas de demanda",
        "{package}: valid — {institutions} institutions, {products} products, {suppliers} suppliers, {bids} bids, "
        "{demand} demand rows",
    ),
    "more_warnings": (
        "… y {count} avisos más; todos están en {file}",
        "… and {count} more warnings; all of them are listed in {file}",
    ),
    "package_errors": ("{count} error(es) en el paquete: {issues}", "{count} error(s) in the package: {issues}"),
    "and_more": ("; y {count} más", "; and {count} more"),
    "not_solved": ("{count} error(es): el paquete no se resolvió", "{count} error(s): the package was not solved"),
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
