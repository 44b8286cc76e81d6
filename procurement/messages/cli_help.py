"""Words of `procurement --help` and its subcommands' help, argument names and argument errors (procurement/*cli*.py).

Argparse expands "%(name)s" in help texts, so a literal percent sign is written "%%"; braces are doubled ("{{").
ARGPARSE holds argparse's own words, keyed by a short name, its English text being argparse's exactly (cli_lang).
"""

from __future__ import annotations

from procurement.messages.entry import Entries

EXIT_CODES = (
    "Códigos de salida: 0 resuelto, 1 falló (p. ej. no se puede escribir la carpeta de resultados), 2 datos no "
    "válidos,\n3 infactible o sin solución dentro del tiempo límite.",
    "Exit codes: 0 solved, 1 failed (e.g. output folder not writable), 2 invalid input,\n3 infeasible or no "
    "solution within the time limit.",
)
HELP: Entries = {
    "description": (
        "Optimiza una compra consolidada: junta la demanda de todas las instituciones, adjudica cada clave a los\n"
        "proveedores que la cubren al menor costo según las reglas de la contratación, e informa el ahorro frente a\n"
        "que cada institución comprara por su cuenta (o frente a los precios de baseline.csv).\n\n" + EXIT_CODES[0],
        "Optimize a consolidated public purchase (compra consolidada): pool the demand of every institution,\n"
        "award each product to the suppliers that meet it at least cost under the procurement rules, and\n"
        "report the savings against each institution buying alone (or against baseline.csv prices).\n\n"
        + EXIT_CODES[1],
    ),
    "version": ("muestra la versión del programa y termina", "show the program's version number and exit"),
    "lang": (
        "idioma de {what}: es (predeterminado, o $PROCUREMENT_LANG) o en",
        "language of the {what}: es (default, or $PROCUREMENT_LANG) or en",
    ),
    "lang_results": ("los mensajes y resultados", "messages and results"),
    "lang_messages": ("los mensajes", "messages"),
    "lang_template": ("la plantilla", "template"),
    "lang_reports": ("los reportes", "reports"),
    "lang_labels": ("las etiquetas de las filas", "row labels"),
    "lang_dictamen": ("el dictamen", "dictamen"),
    "package": ("paquete del escenario: una carpeta o un .zip de ella", "scenario package: a folder or a .zip of one"),
    "package_any": (
        "paquete del escenario: una carpeta, un .zip o un .xlsx",
        "scenario package: a folder, .zip or .xlsx",
    ),
    "quiet": (
        "no imprime más que los errores (sin avance, advertencias ni resultados; summary.json los tiene todos)",
        "print nothing but errors (no progress, warnings or results; summary.json has them all)",
    ),
    "time_limit_each": ("tiempo límite de cada resolución", "wall-time limit of each solve"),
    "explain_time_limit": (
        "detiene la explicación tras estos segundos: los precios y cifras que no haya hallado quedan en blanco "
        '(found_by "time_limit") y summary.json dice que no está completa; la adjudicación no cambia '
        "(predeterminado: sin límite)",
        "stop the explanation after this many seconds: the prices and figures it has not found by then are left "
        'blank (found_by "time_limit") and summary.json says it is not complete; the award is unchanged '
        "(default: no limit)",
    ),
    "validate": (
        "revisa un paquete de escenario y enumera cada problema que tenga",
        "check a scenario package and list every problem in it",
    ),
    "validate_description": (
        "Revisa un paquete de escenario (carpeta o .zip); enumera cada problema con archivo, fila y columna.",
        "Check a scenario package (folder or .zip); list every problem with file, row and column.",
    ),
    "solve": (
        "resuelve un paquete de escenario y escribe adjudicaciones, faltantes y ahorros",
        "solve a scenario package and write awards, shortages and savings",
    ),
    "solve_description": (
        "Resuelve un paquete de escenario y escribe en --out awards.csv, shortages.csv, las tablas de ahorro, "
        "binding_rules.csv, inadmissible_bids.csv, explanation.csv, rule_costs.csv y summary.json. Las opciones del "
        "solver dadas aquí prevalecen sobre la tabla [solver] de scenario.toml.",
        "Solve a scenario package and write awards.csv, shortages.csv, the savings tables, binding_rules.csv, "
        "inadmissible_bids.csv, explanation.csv, rule_costs.csv and summary.json to --out. Solver options given "
        "here override the [solver] table of scenario.toml.",
    ),
    "solve_out": ("carpeta para los archivos de resultados", "folder for the result files"),
    "solve_solver": (
        "solver MIP/LP (predeterminado: highs, en el mismo proceso)",
        "MIP/LP solver (default: highs, in-process)",
    ),
    "solve_time_limit": ("tiempo límite de toda la resolución", "wall-time limit of the whole solve"),
    "solve_mip_gap": (
        "brecha de optimalidad relativa con la que se detiene (predeterminado 0: probar el óptimo)",
        "relative optimality gap at which to stop (default 0: prove optimality)",
    ),
    "solve_threads": ("hilos por instancia del solver", "threads per solver instance"),
    "solve_write_model": (
        "escribe también el modelo de adjudicación para auditoría: MPS (.mps) o CPLEX LP (.lp), según la extensión",
        "also write the award model for audit: MPS (.mps) or CPLEX LP (.lp), by the file's suffix",
    ),
    "solve_no_explain": (
        "omite explanation.csv y rule_costs.csv (vuelven a resolver la compra cambiando una cosa a la vez, lo que "
        "puede tardar más que la corrida misma)",
        "skip explanation.csv and rule_costs.csv (they re-solve the purchase with one thing changed at a time, "
        "which can take longer than the run itself)",
    ),
    "serve": ("inicia la API web y un trabajador en segundo plano", "start the web API and one background worker"),
    "serve_host": (
        "dirección en la que escucha (predeterminada 127.0.0.1: solo esta máquina)",
        "address to bind (default 127.0.0.1: this machine only)",
    ),
    "serve_port": ("puerto en el que escucha (predeterminado 8000)", "port to listen on (default 8000)"),
    "worker_parent": (
        "termina cuando termina el proceso PID (como el trabajador de serve)",
        "stop when process PID ends (as serve's worker)",
    ),
    "serve_workers": ("corridas que se resuelven a la vez", "runs solved at the same time"),
    "serve_load": ("carga primero un paquete", "load a package first"),
    "serve_no_worker": (
        "sin trabajador al lado: las corridas las resuelven trabajadores aparte (procurement worker)",
        "no worker beside it: separate workers (procurement worker) solve the runs",
    ),
    "worker": (
        "inicia un trabajador en segundo plano que resuelve las corridas en cola",
        "start a background worker that solves queued runs",
    ),
    "db": ("esquema de la base de datos", "database schema"),
    "db_upgrade": (
        "aplica a DATABASE_URL cada migración pendiente",
        "apply every pending migration to DATABASE_URL",
    ),
    "generate": (
        "escribe un paquete de escenario sintético y realista (para pruebas de desempeño y ensayos)",
        "write a realistic synthetic scenario package (for benchmarks and trials)",
    ),
    "generate_description": (
        "Escribe un paquete de escenario sintético: demanda sesgada, varias propuestas por clave con una dispersión "
        "de precios realista, capacidades que a veces limitan, algunas claves sin propuestas. Las mismas opciones y "
        "semilla dan los mismos bytes. Dé un --preset, o --products, --institutions y --suppliers (que también "
        "sustituyen los del preset).",
        "Write a synthetic scenario package: skewed demand, several bids per product with a realistic price "
        "spread, capacities that sometimes bind, some products without bids. The same options and seed give the "
        "same bytes. Give a --preset, or --products, --institutions and --suppliers (which also override the "
        "preset's).",
    ),
    "generate_preset": ("un tamaño del cual partir", "a size to start from"),
    "generate_products": ("número de claves", "number of products (claves)"),
    "generate_institutions": ("número de instituciones", "number of institutions"),
    "generate_suppliers": ("número de proveedores", "number of suppliers"),
    "generate_seed": ("semilla aleatoria (predeterminada 0)", "random seed (default 0)"),
    "generate_price_breaks": (
        "3 escalones de precio por volumen total en cada propuesta",
        "3 all-units price tiers per bid",
    ),
    "generate_fixed_costs": ("un costo fijo en cada propuesta", "a fixed cost on every bid"),
    "generate_budgets": (
        "un presupuesto por institución (vincula todas las claves)",
        "a budget per institution (links all products)",
    ),
    "generate_delivery": (
        "un costo de entrega por unidad para cada proveedor e institución",
        "a delivery cost per unit for every supplier and institution",
    ),
    "generate_open_contracts": (
        "la mitad de las filas de demanda como contratos abiertos, con un mínimo de 40 %% a 80 %% del máximo",
        "half the demand rows as open contracts, with a minimum of 40 %% to 80 %% of the maximum",
    ),
    "generate_periods": (
        "reparte cada fila de demanda entre N años desde 2026 (con --budgets, un presupuesto por año)",
        "split each demand row over N years from 2026 (with --budgets, a budget per year)",
    ),
    "generate_capacity_share": (
        "proporción de propuestas con capacidad (predeterminada 0.25)",
        "share of bids with a capacity (default 0.25)",
    ),
    "generate_out": ("carpeta donde se escribe el paquete", "folder to write the package to"),
    "import": (
        "convierte datos de adjudicación publicados en un paquete de escenario",
        "turn published award data into a scenario package",
    ),
    "import_description": (
        "Convierte datos de adjudicación publicados en un paquete de escenario.",
        "Turn published award data into a scenario package.",
    ),
    "compra": (
        "la tabla de adjudicación de la Compra Consolidada 2025-2026 (CSV)",
        "the Compra Consolidada 2025-2026 award table (CSV)",
    ),
    "compra_description": (
        "Convierte la tabla de adjudicación de la Compra Consolidada 2025-2026 (CLAVES, PROVEEDOR, PRECIO "
        "UNITARIO, ABASTO, cantidades <INST>_25/_26) en un paquete de escenario: una institución por institución y "
        "año, los precios adjudicados como propuestas, los repartos 60/40 como split_shares. Las propuestas "
        "perdedoras no se publican; --synthetic-bids agrega propuestas sorteadas, cada una marcada SYNTHETIC.",
        "Turn the Compra Consolidada 2025-2026 award table (CLAVES, PROVEEDOR, PRECIO UNITARIO, ABASTO, "
        "<INST>_25/_26 quantities) into a scenario package: one institution per institution and year, the "
        "awarded prices as bids, the 60/40 splits as split_shares. Losing bids are not published; "
        "--synthetic-bids adds drawn ones, every one marked SYNTHETIC.",
    ),
    "compra_file": ("la tabla de adjudicación como CSV en UTF-8", "the award table as UTF-8 CSV"),
    "compra_synthetic_bids": (
        "agrega propuestas perdedoras en competencia, sorteadas con esta semilla del modelo documentado de "
        "dispersión de precios",
        "add competing losing bids drawn with this seed from the documented price-dispersion model",
    ),
}
