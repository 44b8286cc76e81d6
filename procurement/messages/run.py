"""Words of a solve as a person follows it: the core's progress notices and the `solve` command's results."""

from __future__ import annotations

from procurement.messages.entry import Entries

PROGRESS: Entries = {
    "model_built": (
        "modelo construido: {pairs:,} pares oferta-institución, {alone:,} comprados por separado para la referencia",
        "model built: {pairs:,} offer-institution pairs, {alone:,} bought alone for the baseline",
    ),
    "solving": ("resolviendo {count} modelo(s)", "solving {count} model(s)"),
    "solved_block": ("bloque {done} de {total} resuelto", "solved block {done} of {total}"),
    "explaining": (
        "explicando la adjudicación: se vuelve a resolver lo que la cambiaría",
        "explaining the award: re-solving what would change it",
    ),
    "variants": ("{done} de {total} variantes resueltas", "{done} of {total} variants solved"),
    "variants_solving": (
        "{done} de {total} variantes resueltas; la última: {label}",
        "{done} of {total} variants solved; the last: {label}",
    ),
    "variant_solved": ("{label} resuelta", "{label} solved"),
    "package_solving": ("{package}: resolviendo", "{package}: solving"),
    "done": ("listo", "done"),
}
JOB: Entries = {  # why a run or a comparison ended as it did (api.jobs); worded when it is read
    "failed": ("no pudo terminar: {detail}", "it could not finish: {detail}"),
    "crashed": ("falló por un error inesperado: {detail}", "it failed with an unexpected error: {detail}"),
    "no_award": ("el solver no encontró una adjudicación: {status}", "the solver found no award: {status}"),
    "variant_problems": ("{count} problema(s) en las variantes", "{count} problem(s) in the variants"),
    "child_died": (
        "el proceso del solver terminó de forma inesperada (código de salida {code})",
        "the solver process ended unexpectedly (exit code {code})",
    ),
    "wall_limit_run": (
        "se alcanzó el límite estricto de tiempo de {limit:g} s; se detuvo el solver",
        "the hard wall-time limit of {limit:g} s was reached; the solve was killed",
    ),
    "wall_limit_comparison": (
        "se alcanzó el límite estricto de tiempo de {limit:g} s; se detuvieron los solvers",
        "the hard wall-time limit of {limit:g} s was reached; the solves were killed",
    ),
    "cancelled_run": ("cancelada a petición; se detuvo el solver", "cancelled on request; the solve was killed"),
    "cancelled_comparison": (
        "cancelada a petición; se detuvieron los solvers",
        "cancelled on request; the solves were killed",
    ),
    "cancelled_before_start": ("cancelada a petición antes de empezar", "cancelled on request before it started"),
    "not_queued": ("no se pudo poner en la cola: {detail}", "it could not be queued: {detail}"),
    "worker_stopped": (
        "el worker {worker} dejó de informar (último latido {heartbeat} UTC)",
        "worker {worker} stopped reporting (last heartbeat {heartbeat} UTC)",
    ),
    "worker_stopped_exhausted": (
        "el worker {worker} dejó de informar (último latido {heartbeat} UTC); se agotaron los intentos",
        "worker {worker} stopped reporting (last heartbeat {heartbeat} UTC); attempts exhausted",
    ),
    "shared": ("piezas hechas por cada worker: {counts}", "pieces done per worker: {counts}"),
}
SOLVE: Entries = {
    "status": ("{scenario}: {status}", "{scenario}: {status}"),
    "status_gap": ("{scenario}: {status}, brecha {gap}", "{scenario}: {status}, gap {gap}"),
    "paid": (
        "costo pagado {paid} {currency} por {units} unidades adjudicadas ({awards} adjudicaciones)",
        "cost paid {paid} {currency} for {units} units awarded ({awards} awards)",
    ),
    "savings": (
        "ahorro {savings} {currency} ({pct} %) frente a {baseline} {currency} por las mismas unidades a precios de "
        "referencia",
        "savings {savings} {currency} ({pct} %) against {baseline} {currency} for the same units at baseline prices",
    ),
    "unmet": (
        "demanda no cubierta {units} unidades ({shortages} faltantes), con valor de {value} {currency} a precios de "
        "referencia; no se cuenta como ahorro",
        "unmet demand {units} units ({shortages} shortages), worth {value} {currency} at baseline prices; not "
        "counted as a saving",
    ),
    "surcharge": (
        "recargo de evaluación por el historial de cumplimiento de los proveedores {surcharge} {currency} (sirve "
        "para comparar propuestas, no se paga)",
        "evaluation surcharge from the suppliers' records {surcharge} {currency} (used to compare bids, not paid)",
    ),
    "credit": (
        "crédito de evaluación a proveedores nacionales {credit} {currency} (sirve para comparar propuestas, no se "
        "paga)",
        "evaluation credit to national suppliers {credit} {currency} (used to compare bids, not paid)",
    ),
    "dearer": (
        "{count} pares institución-clave cuestan más consolidados que su referencia; savings_by_pair.csv dice por qué",
        "{count} institution-product pairs cost more pooled than their baseline; savings_by_pair.csv says why",
    ),
    "institution": ("institución", "institution"),
    "period": ("periodo", "period"),
    "baseline": ("referencia ({currency})", "baseline ({currency})"),
    "consolidated": ("consolidado ({currency})", "consolidated ({currency})"),
    "savings_column": ("ahorro ({currency})", "savings ({currency})"),
    "pct": ("%", "%"),
    "unmet_units": ("unidades no cubiertas", "unmet units"),
    "unmet_value": ("valor no cubierto ({currency})", "unmet value ({currency})"),
    "total": ("TOTAL", "TOTAL"),
    "results_written": ("resultados escritos en {path}", "results written to {path}"),
    "price_flags": (
        "precios revisados contra {research}: {not_acceptable} no aceptables y {not_convenient} no convenientes, "
        "{action} (price_flags.csv)",
        "prices checked against {research}: {not_acceptable} not acceptable and {not_convenient} not convenient, "
        "{action} (price_flags.csv)",
    ),
    "research.market": ("la investigación de mercado (market.csv)", "the market research (market.csv)"),
    "research.baseline": (
        "la mediana de los últimos precios pagados, pues no hay investigación de mercado",
        "the median of the last prices paid, as there is no market research",
    ),
    "research.none": (
        "el promedio de las propuestas solamente, pues no hay investigación de mercado ni últimos precios pagados",
        "the average of the bids only, as there is no market research nor last prices paid",
    ),
    "open_contracts": (
        "contratos abiertos: {contracts} contratos, mínimo comprometido {minimum} {currency} de un máximo de "
        "{maximum} {currency}; los presupuestos cuentan el {basis} (open_contracts.csv)",
        "open contracts: {contracts} contracts, minimum committed {minimum} {currency} of a maximum of {maximum} "
        "{currency}; budgets count the {basis} (open_contracts.csv)",
    ),
    "open_contracts.maximum": ("máximo", "maximum"),
    "open_contracts.minimum": ("mínimo", "minimum"),
    "price_check.flag": ("solo señalados", "flagged only"),
    "price_check.exclude": ("desechados", "rejected"),
    "explanation_incomplete": (
        "la explicación se detuvo en su límite de tiempo: {count} ofertas sin precio en que cambiaría su "
        "resultado (found_by = time_limit en explanation.csv)",
        "the explanation stopped at its time limit: {count} offers without the price at which their outcome "
        "would turn (found_by = time_limit in explanation.csv)",
    ),
    "model_written": ("modelo escrito en {path}", "model written to {path}"),
    "no_award": (
        "sin adjudicación: la solución terminó como {status}",
        "no award: the solve ended {status}",
    ),
    "see": ("{reason} — vea {file}", "{reason} — see {file}"),
}
