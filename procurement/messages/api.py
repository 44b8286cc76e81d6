"""Words of the web API's errors (api/): each error's `detail` and the problems it lists that are not a package's
validation issues (limits); and what is wrong with a what-if variation (CLI and API). Statuses in them ({status})
are the API's own values."""

from __future__ import annotations

from procurement.messages.entry import Entries

API: Entries = {
    # who may do what
    "key_missing": (
        "se necesita una clave de API: envíela como 'Authorization: Bearer <clave>'",
        "an API key is needed: send it as 'Authorization: Bearer <key>'",
    ),
    "key_unknown": (
        "la clave de API enviada no existe: revise que la copió completa",
        "the API key sent does not exist: check that it was copied whole",
    ),
    "key_revoked": (
        "la clave de API se revocó el {at} UTC: pida una nueva a quien administra el servicio",
        "the API key was revoked on {at} UTC: ask whoever runs the service for a new one",
    ),
    "key_expired": (
        "la clave de API venció el {at} UTC: pida una nueva a quien administra el servicio",
        "the API key expired on {at} UTC: ask whoever runs the service for a new one",
    ),
    "auditor_read_only": ("una clave de auditoría solo puede leer", "an auditor key is read-only"),
    "only_coordinator": (
        "solo una clave de coordinación puede {action}; el rol de esta clave es {role}",
        "only a coordinator key may {action}; this key's role is {role}",
    ),
    "action_create_scenarios": ("crear escenarios", "create scenarios"),
    "action_archive_scenarios": ("archivar escenarios", "archive scenarios"),
    "action_launch_runs": ("lanzar corridas", "launch runs"),
    "action_cancel_runs": ("cancelar corridas", "cancel runs"),
    "action_publish_runs": ("publicar corridas", "publish runs"),
    "action_launch_comparisons": ("lanzar comparaciones", "launch comparisons"),
    "action_cancel_comparisons": ("cancelar comparaciones", "cancel comparisons"),
    "action_close_osd_rounds": ("cerrar rondas de subasta inversa", "close reverse-auction rounds"),
    "action_compare_osd_rounds": ("comparar rondas de subasta inversa", "compare reverse-auction rounds"),
    # what does not exist or cannot be read
    "scenario_missing": ("el escenario {scenario} no existe", "scenario {scenario} does not exist"),
    "version_missing": (
        "el escenario {scenario} no tiene versión {version}",
        "scenario {scenario} has no version {version}",
    ),
    "scenario_no_table": (
        "el escenario {scenario} no tiene {table} que esta clave pueda leer",
        "scenario {scenario} has no {table} this key may read",
    ),
    "scenario_no_package": (
        "el escenario {scenario} no tiene un paquete que esta clave pueda leer",
        "scenario {scenario} has no package this key may read",
    ),
    "institution_not_in_scenario": (
        "la institución {institution} no está en el escenario {scenario}",
        "institution {institution} is not in scenario {scenario}",
    ),
    "institution_not_in_run": (
        "la institución {institution} no está en la corrida {run}",
        "institution {institution} is not in run {run}",
    ),
    "institution_no_results": (
        "la institución {institution} no tiene resultados que esta clave pueda leer",
        "institution {institution} has no results this key may read",
    ),
    "run_missing": ("la corrida {run} no existe", "run {run} does not exist"),
    "run_no_binding": (
        "la corrida {run} no tiene reglas que limitaron que esta clave pueda leer",
        "run {run} has no binding rules this key may read",
    ),
    "comparison_missing": ("la comparación {comparison} no existe", "comparison {comparison} does not exist"),
    # what cannot happen now
    "scenario_archived_demand": (
        "el escenario {scenario} está archivado; su demanda ya no puede cambiar",
        "scenario {scenario} is archived; its demand can no longer change",
    ),
    "scenario_archived_run": (
        "el escenario {scenario} está archivado; ya no puede resolverse",
        "scenario {scenario} is archived; it can no longer be run",
    ),
    "scenario_archived_osd": (
        "el escenario {scenario} está archivado; ya no puede cerrar rondas de subasta inversa",
        "scenario {scenario} is archived; it can no longer close reverse-auction rounds",
    ),
    "osd_run_elsewhere": (
        "la corrida {run} no es de este escenario ({scenario})",
        "run {run} is not of this scenario ({scenario})",
    ),
    "scenario_archived_compare": (
        "el escenario {scenario} está archivado; ya no puede compararse",
        "scenario {scenario} is archived; it can no longer be compared",
    ),
    "saved_meanwhile": (
        "otro cambio se guardó en el mismo momento; vuelva a intentarlo ({detail})",
        "another change was saved at the same moment; retry ({detail})",
    ),
    "run_finished": ("la corrida {run} ya terminó: {status}", "run {run} has already {status}"),
    "run_not_publishable": (
        "la corrida {run} está en estado {status}; solo se publica una corrida terminada (succeeded)",
        "run {run} is {status}; only a succeeded run can be published",
    ),
    "run_no_results": (
        "la corrida {run} está en estado {status}; los resultados existen cuando termina (succeeded)",
        "run {run} is {status}; results exist once it has succeeded",
    ),
    "run_no_reports": (
        "la corrida {run} está en estado {status}; sus reportes existen cuando termina (succeeded)",
        "run {run} is {status}; its reports exist once it has succeeded",
    ),
    "run_not_explained_option": (
        "la corrida {run} se lanzó con explain: false; lance de nuevo el escenario para explicarla",
        "run {run} was launched with explain: false; launch the scenario again to explain it",
    ),
    "run_not_explained_old": (
        "la corrida {run} se guardó antes de que las corridas conservaran su explicación; lance de nuevo el "
        "escenario para explicarla",
        "run {run} was stored before runs kept their explanation; launch the scenario again to explain it",
    ),
    "run_input_invalid": (
        "los datos de la corrida {run} ya no pasan la validación: {detail}",
        "run {run}'s input no longer passes validation: {detail}",
    ),
    "queue_unreachable": (
        "no se puede llegar a la cola de corridas: {detail}",
        "the run queue is unreachable: {detail}",
    ),
    "comparison_finished": (
        "la comparación {comparison} ya terminó: {status}",
        "comparison {comparison} has already {status}",
    ),
    "comparison_not_ready": (
        "la comparación {comparison} está en estado {status}; su tabla existe cuando termina (succeeded)",
        "comparison {comparison} is {status}; its table exists once it succeeded",
    ),
    # requests
    "idempotency_reused": (
        "la Idempotency-Key {key} ya se usó con otra solicitud",
        "Idempotency-Key {key} was already used with a different request",
    ),
    "idempotency_busy": (
        "la solicitud con Idempotency-Key {key} todavía se está procesando; vuelva a intentarlo más tarde",
        "the request with Idempotency-Key {key} is still being processed; retry later",
    ),
    "body_too_large": (
        "el cuerpo de la solicitud supera los {limit:,} bytes que acepta este servidor",
        "the request body is larger than the {limit:,} bytes this server accepts",
    ),
    "problems_request": ("{count} problema(s) en la solicitud", "{count} problem(s) in the request"),
    "problems_scenario": ("{count} problema(s) en el escenario", "{count} problem(s) in the scenario"),
    "problems_variations": ("{count} problema(s) en las variaciones", "{count} problem(s) in the variations"),
    "scenario_too_large": (
        "el escenario es más grande de lo que acepta este servidor",
        "the scenario is larger than this server accepts",
    ),
    "upload_refused": ("{name} {reason}", "{name} {reason}"),
    "internal": (
        "ocurrió un error inesperado; quedó registrado",
        "an unexpected error happened; it has been logged",
    ),
    "internal_after_creating": (
        "la solicitud falló después de crear {location}; el error quedó registrado",
        "the request failed after it created {location}; the error has been logged",
    ),
    # problems listed in `issues` (each with its key as its code)
    "archive_not_zip": ("no es un archivo .zip legible", "is not a readable .zip archive"),
    "archive_members": (
        "contiene {count} archivos; se aceptan como máximo {limit}",
        "holds {count} files; at most {limit} are accepted",
    ),
    "archive_outside": (
        'el elemento "{member}" apunta fuera del archivo; se rechaza',
        'member "{member}" points outside the archive; it is refused',
    ),
    "archive_large": (
        "se descomprime a {size:,} bytes; se aceptan como máximo {limit:,}",
        "unpacks to {size:,} bytes; at most {limit:,} are accepted",
    ),
    "archive_bomb": (
        "se descomprime {ratio:,.0f} veces más grande de lo que es (¿una bomba zip?); se rechaza",
        "unpacks {ratio:,.0f} times larger than it is (a zip bomb?); it is refused",
    ),
    "archive_inflates_more": (
        'el elemento "{member}" se descomprime a más de los {size:,} bytes que declara',
        'member "{member}" inflates to more than the {size:,} bytes it declares',
    ),
    "archive_inflates_less": (
        'el elemento "{member}" es más corto que los {size:,} bytes que declara',
        'member "{member}" is shorter than the {size:,} bytes it declares',
    ),
    "model_too_large": (
        "el modelo de adjudicación tendría {size:,} adjudicaciones candidatas; se aceptan como máximo {limit:,}",
        "the award model would have {size:,} candidate awards; at most {limit:,} are accepted",
    ),
}
VARIATION: Entries = {
    "format": (
        '"{text}" debe tener la forma policy.max_price_gap=0,0.05,0.10',
        '"{text}" must look like policy.max_price_gap=0,0.05,0.10',
    ),
    "unknown": (
        '"{key}" no puede variarse (ajustes que sí: {known})',
        '"{key}" cannot be varied (settings that can: {known})',
    ),
    "twice": (
        "{key} se varía dos veces; dé todos sus valores de una sola vez (un --vary)",
        "{key} is varied twice; give all its values at once (one --vary)",
    ),
    "too_many": (
        "los valores dan {count} variantes; se comparan como máximo {limit} a la vez",
        "the values make {count} variants; at most {limit} are compared at once",
    ),
}
