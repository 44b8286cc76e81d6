"""More words of the command's help: the spreadsheet, report, explain, users and keys commands, the names of the
arguments' values, argparse's own words and the arguments' errors (the "help" area, with cli_help)."""

from __future__ import annotations

from procurement.messages.entry import Entries

REPORTS: Entries = {
    "template": (
        "escribe la plantilla del libro del escenario (.xlsx) para llenarla en Excel",
        "write the scenario workbook template (.xlsx) to fill in Excel",
    ),
    "template_description": (
        "Escribe un libro de escenario (.xlsx): una hoja por tabla con los nombres de columna, una nota en cada "
        "encabezado (significado, unidad), listas desplegables para categorías, columnas sí/no e identificadores de "
        "las otras hojas, números de 0 o más y una fila de ejemplo llena en cada hoja. Con --from, el libro trae "
        "las filas de ese paquete. Todo comando que recibe un paquete acepta el libro lleno.",
        "Write a scenario workbook (.xlsx): one sheet per table with the column names, a note on every header "
        "(meaning, unit), drop-downs for categories, yes/no columns and ids of the other sheets, numbers kept at 0 "
        "or more, and one filled example row per sheet. With --from, the workbook holds that package's rows "
        "instead. Every command that takes a package accepts the filled workbook.",
    ),
    "template_out": ("el archivo .xlsx que se escribe", "the .xlsx file to write"),
    "template_from": ("lo llena con este paquete", "fill it from this package"),
    "report": (
        "resuelve paquetes sin atención y escribe un reporte de ahorro de cada uno, más un resumen que los compara",
        "solve packages unattended and write a savings report for each, plus a summary comparing them",
    ),
    "report_description": (
        "Resuelve cada paquete (una carpeta, .zip o .xlsx; una carpeta de paquetes vale por cada paquete que "
        "contiene) y escribe CARPETA/<paquete>/savings-report.{{pdf,xlsx,html}}, luego CARPETA/summary.csv y "
        "summary.xlsx comparando los paquetes. Un paquete que falla no detiene a los demás, ni un formato de reporte "
        "que no se puede escribir detiene los otros formatos del paquete; cada falla se nombra en stderr y en el "
        "resumen. Código de salida 1 si algún paquete o reporte falló, 0 si no.",
        "Solve each package (a folder, .zip or .xlsx; a folder of packages stands for every package in it) and "
        "write DIR/<package>/savings-report.{{pdf,xlsx,html}}, then DIR/summary.csv and summary.xlsx comparing the "
        "packages. A failed package does not stop the others, nor does a report format that cannot be written stop "
        "the package's other formats; each failure is named on stderr and in the summary. Exit code 1 if any "
        "package or report failed, 0 otherwise.",
    ),
    "report_packages": ("paquetes de escenario o carpetas de ellos", "scenario packages or folders of them"),
    "report_out": ("carpeta para los reportes", "folder for the reports"),
    "report_format": (
        "separados por comas, de pdf,xlsx,html (el reporte de ahorro) y results (results.xlsx: adjudicaciones, "
        "faltantes, ahorro); predeterminado pdf,xlsx,html",
        "comma-separated, of pdf,xlsx,html (the savings report) and results (results.xlsx: awards, shortages, "
        "savings); default pdf,xlsx,html",
    ),
    "report_institution": (
        "cada reporte cubre solo las cifras de esta institución",
        "each report covers only this institution's figures",
    ),
    "report_no_explain": (
        "omite el dictamen por clave (vuelve a resolver la compra cambiando una cosa a la vez)",
        "leave out the dictamen per clave (it re-solves the purchase with one thing changed at a time)",
    ),
    "report_quiet": (
        "no imprime más que los errores (CARPETA/summary.csv tiene lo demás)",
        "print nothing but errors (DIR/summary.csv has the rest)",
    ),
    "compare": (
        "resuelve variantes hipotéticas de un paquete y las compara lado a lado",
        "solve what-if variants of a package and compare them side by side",
    ),
    "compare_description": (
        "Resuelve el paquete una vez por cada combinación de los valores de --vary e imprime, lado a lado, el costo "
        "total de cada variante, su ahorro (total y por institución), los proveedores adjudicados y los faltantes. "
        "Las claves con regla propia la conservan; las demás siguen la política variada. Código de salida 3 si una "
        "variante no tiene solución.",
        "Solve the package once for every combination of the --vary values and print, side by side, each "
        "variant's total cost, savings (in all and per institution), suppliers awarded and shortages. Products "
        "with their own rule keep it; the others follow the varied policy. Exit code 3 if a variant has no "
        "solution.",
    ),
    "compare_vary": (
        "un ajuste y sus valores, p. ej. policy.max_price_gap=0,0.05,0.10 (none = sin límite); repetible",
        "a setting and its values, e.g. policy.max_price_gap=0,0.05,0.10 (none = no limit); repeatable",
    ),
    "compare_out": (
        "escribe también aquí comparison.csv y comparison.xlsx",
        "also write comparison.csv and comparison.xlsx here",
    ),
    "compare_quiet": (
        "no imprime más que los errores (la comparación va solo a --out)",
        "print nothing but errors (the comparison goes only to --out)",
    ),
    "explain": (
        "imprime el dictamen de una clave: por qué ganó o perdió cada propuesta, cuánto cuestan sus reglas y límites",
        "print one clave's dictamen: why each bid won or lost, what its rules and limits cost",
    ),
    "explain_description": (
        "Imprime el dictamen de una clave de una carpeta de corrida escrita por `procurement solve`: sus propuestas "
        "ordenadas, una frase por propuesta que dice por qué ganó o perdió y el precio al que eso cambiaría, cuánto "
        "cuesta cada regla en la clave, los límites que la acotaron y qué cubriría cada faltante, y luego lo mismo "
        "para toda la compra. Lee explanation.csv, rule_costs.csv, awards.csv, shortages.csv, "
        "inadmissible_bids.csv, price_flags.csv y summary.json. Código de salida 2 si no se encuentra o no se puede "
        "leer la carpeta, un archivo, la clave o el proveedor.",
        "Print the dictamen of one clave of a run folder written by `procurement solve`: its bids ranked, one "
        "sentence per bid saying why it won or lost and the price at which that would change, what each rule costs "
        "in the clave, the limits that bound it and what would cover each shortage, then the same across the "
        "purchase. Reads explanation.csv, rule_costs.csv, awards.csv, shortages.csv, inadmissible_bids.csv, "
        "price_flags.csv and summary.json. Exit code 2 if the folder, a file, the clave or the supplier cannot be "
        "found or read.",
    ),
    "explain_run": (
        "carpeta de una corrida (procurement solve --out)",
        "folder of a run (procurement solve --out)",
    ),
    "explain_product": ("la clave que se explica", "the clave to explain"),
    "explain_supplier": ("solo la propuesta de este proveedor para la clave", "only this supplier's bid for the clave"),
}
ACCESS: Entries = {
    "users": ("personas que entran a las páginas web", "people who sign in to the web pages"),
    "users_create": (
        "crea un usuario (con el mismo ámbito que las claves de la API)",
        "create a user (scoped as API keys are)",
    ),
    "users_username": (
        "el nombre que se escribe para entrar, p. ej. 'ana.lopez'",
        "the name typed to sign in, e.g. 'ana.lopez'",
    ),
    "users_name": (
        "el nombre que se muestra en las páginas (predeterminado: el de usuario)",
        "the name shown on the pages (default: the username)",
    ),
    "role": ("su rol", "its role"),
    "users_institution": (
        "institution_id de la institución por la que actúa un usuario de institución",
        "institution_id an institution user acts for",
    ),
    "users_coordinator": (
        "unidad coordinadora de un usuario coordinador",
        "coordinating unit of a coordinator user",
    ),
    "users_unless_exists": (
        "no hace nada (y termina bien) si el nombre de usuario ya existe",
        "do nothing (and succeed) when the username already exists",
    ),
    "users_reset": (
        "pone una contraseña nueva; las sesiones abiertas del usuario terminan",
        "set a new password; the user's open sessions end",
    ),
    "users_disable": (
        "impide que el usuario entre; sus sesiones abiertas terminan",
        "stop a user from signing in; its open sessions end",
    ),
    "users_username_arg": ("el nombre de usuario", "the username"),
    "password_stdin": ("lee la contraseña de la entrada estándar", "read the password from standard input"),
    "generate_password": (
        "genera una contraseña y la imprime una sola vez",
        "generate a password and print it once",
    ),
    "keys": ("claves de la API", "API keys"),
    "keys_create": (
        "crea una clave de la API y la imprime (solo se guarda su hash)",
        "create an API key and print it (only its hash is stored)",
    ),
    "keys_name": ("quién o qué usa la clave, p. ej. 'ERP del IMSS'", "who or what uses the key, e.g. 'ERP del IMSS'"),
    "keys_institution": (
        "institution_id de la institución por la que actúa una clave de institución",
        "institution_id an institution key acts for",
    ),
    "keys_coordinator": ("unidad coordinadora de una clave coordinadora", "coordinating unit of a coordinator key"),
    "keys_expires": (
        "la clave se rechaza N días después de hoy (predeterminado: nunca)",
        "the key is refused N days from now (default: never)",
    ),
    "keys_list": (
        "cada clave: su nombre, ámbito, primeros caracteres y fechas (nunca la clave)",
        "every key: its name, scope, first characters and dates (never the key)",
    ),
    "keys_revoke": (
        "rechaza una clave desde ahora (su id está en `keys list`)",
        "refuse a key from now on (its id is in `keys list`)",
    ),
    "keys_id": ("el id de la clave", "the key's id"),
}
# The names of the arguments' values, as the help shows them (--out DIR).
METAVARS: Entries = {
    "meta_command": ("COMANDO", "COMMAND"),
    "meta_action": ("ACCIÓN", "ACTION"),
    "meta_source": ("FUENTE", "SOURCE"),
    "meta_package": ("PAQUETE", "PKG"),
    "meta_folder": ("CARPETA", "DIR"),
    "meta_file": ("ARCHIVO", "FILE"),
    "meta_seconds": ("SEGUNDOS", "SECONDS"),
    "meta_gap": ("BRECHA", "GAP"),
    "meta_seed": ("SEMILLA", "SEED"),
    "meta_unit": ("UNIDAD", "UNIT"),
    "meta_run": ("CARPETA_CORRIDA", "RUN_DIR"),
    "meta_vary": ("AJUSTE=V1,V2", "SETTING=V1,V2"),
    "meta_username": ("USUARIO", "USERNAME"),
    "meta_name": ("NOMBRE", "NAME"),
    "meta_formats": ("FORMATOS", "FORMATS"),
    "meta_host": ("DIRECCIÓN", "HOST"),
    "meta_port": ("PUERTO", "PORT"),
}
# argparse's own words; the English text is argparse's msgid, looked up by it (procurement.cli_lang).
ARGPARSE: Entries = {
    "usage": ("uso: ", "usage: "),
    "positionals": ("argumentos posicionales", "positional arguments"),
    "options": ("opciones", "options"),
    "show_help": ("muestra esta ayuda y termina", "show this help message and exit"),
    "prog_error": ("%(prog)s: error: %(message)s\n", "%(prog)s: error: %(message)s\n"),
    "required": ("faltan estos argumentos: %s", "the following arguments are required: %s"),
    "unrecognized": ("argumentos no reconocidos: %s", "unrecognized arguments: %s"),
    "argument": ("argumento %(argument_name)s: %(message)s", "argument %(argument_name)s: %(message)s"),
    "invalid_choice": (
        "opción no válida: %(value)r (elija entre %(choices)s)",
        "invalid choice: %(value)r (choose from %(choices)s)",
    ),
    "invalid_value": ("valor %(type)s no válido: %(value)r", "invalid %(type)s value: %(value)r"),
    "expected_one": ("se esperaba un argumento", "expected one argument"),
    "expected_some": ("se esperaba al menos un argumento", "expected at least one argument"),
    "one_required": ("se requiere uno de los argumentos %s", "one of the arguments %s is required"),
    "not_allowed_with": ("no se permite con el argumento %s", "not allowed with argument %s"),
    "ambiguous": (
        "opción ambigua: %(option)s podría ser %(matches)s",
        "ambiguous option: %(option)s could match %(matches)s",
    ),
}
# What is wrong with an argument's value (the argument's name comes before it: "argument --threads: ...").
ARGUMENT_ERRORS: Entries = {
    "not_a_number": ('"{value}" no es un número', '"{value}" is not a number'),
    "not_positive": ("{value} debe ser mayor que 0", "{value} must be more than 0"),
    "not_a_fraction": ("{value} debe ser al menos 0 y menor que 1", "{value} must be at least 0 and below 1"),
    "not_a_share": ("{value} debe estar entre 0 y 1", "{value} must be between 0 and 1"),
    "not_whole_positive": (
        "{value} debe ser un número entero de 1 o más",
        "{value} must be a whole number of 1 or more",
    ),
    "not_whole": ("{value} debe ser un número entero de 0 o más", "{value} must be a whole number of 0 or more"),
    "not_up_to": (
        "{value} no es un número entero de 1 a {most}",
        "{value} is not a whole number from 1 to {most}",
    ),
    "not_formats": ('"{value}": elija uno o más de {formats}', '"{value}": choose one or more of {formats}'),
}
