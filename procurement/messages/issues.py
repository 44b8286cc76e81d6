"""What is wrong in a scenario package (procurement.errors.Issue), keyed by the issue's stable code, and the words
that locate it. The API answers the code as is and this text in the caller's language."""

from __future__ import annotations

from procurement.messages.entry import Entries

WHERE: Entries = {
    "row": ("fila", "row"),
    "column": ("columna", "column"),
    "line": ("línea", "line"),
    "setting": ("ajuste", "setting"),
    "warning": ("aviso", "warning"),
}
PACKAGE: Entries = {
    "package_missing": ("el paquete del escenario no existe", "the scenario package does not exist"),
    "package_not_folder": (
        "el paquete del escenario no es una carpeta ni un archivo .zip",
        "the scenario package is neither a folder nor a .zip archive",
    ),
    "package_empty": (
        "el paquete está vacío: no tiene scenario.toml ni archivos CSV",
        "the package is empty: no scenario.toml and no CSV files",
    ),
    "zip_unreadable": ("no se puede leer el archivo .zip: {detail}", "the .zip archive cannot be read: {detail}"),
    "zip_many_places": (
        "tiene archivos del paquete en más de un lugar ({places}); comprima un solo paquete por archivo",
        "holds package files in more than one place ({places}); zip one package per archive",
    ),
    "member_too_large": ("el archivo es demasiado grande para leerlo", "file is too large to read"),
    "file_missing": ("falta el archivo", "file is missing"),
    "not_utf8": (
        "no es texto UTF-8 (byte 0x{byte}); guárdelo como UTF-8",
        "is not UTF-8 text (byte 0x{byte}); save it as UTF-8",
    ),
    "toml_invalid": ("no es TOML válido: {detail}", "is not valid TOML: {detail}"),
    "file_empty": ("el archivo está vacío: necesita una fila de encabezados", "file is empty: it needs a header row"),
    "value_count": (
        "tiene {values} valores pero el encabezado tiene {header}",
        "has {values} values but the header has {header}",
    ),
    "csv_malformed": ("no es un CSV bien formado: {detail}", "is not well-formed CSV: {detail}"),
    "header_value_empty": (
        "el encabezado {position} está vacío: cada columna necesita un nombre",
        "header value {position} is empty: every column needs a name",
    ),
    "column_repeated": (
        "la columna aparece más de una vez en el encabezado",
        "column appears more than once in the header",
    ),
    "table_missing": ("falta la tabla", "table is missing"),
    "json_invalid": ("no es un JSON válido: {detail}", "is not valid JSON: {detail}"),
    "json_not_array": ("debe ser un arreglo JSON de objetos", "must be a JSON array of objects"),
    "json_not_object": ("debe ser un objeto JSON", "must be a JSON object"),
    "hidden_problems": (
        "{count} problema(s) más en datos que esta llave no puede leer; la unidad coordinadora puede verlos",
        "{count} more problem(s) in data this key may not read; the coordinating unit can see them",
    ),
    "other_institution": (
        "«{value}» no es la institución de esta solicitud ({own})",
        '"{value}" is not the institution of this request ({own})',
    ),
    "not_a_json_value": (
        "debe ser un texto, un número, true/false o null",
        "must be a text, a number, true/false or null",
    ),
    "too_many_rows_accepted": (
        "tiene {rows} filas; se aceptan a lo más {limit}",
        "has {rows} rows; at most {limit} are accepted",
    ),
    "cell_too_long": (
        "tiene {length} caracteres; se aceptan a lo más {limit}",
        "is {length} characters long; at most {limit} are accepted",
    ),
    "lone_surrogate": (
        "contiene un sustituto aislado (un escape roto como \\ud800), que no es texto",
        "holds a lone surrogate (a broken \\ud800-style escape), which is not text",
    ),
}
CELLS: Entries = {
    "unknown_column_like": (
        "columna desconocida; ¿quiso decir {suggestion}?",
        "unknown column; did you mean {suggestion}?",
    ),
    "unknown_column": (
        "columna desconocida (las columnas de {file} son: {columns})",
        "unknown column (the columns of {file} are: {columns})",
    ),
    "column_missing": ("falta esta columna obligatoria", "required column is missing"),
    "empty": ("está vacía", "is empty"),
    "not_a_number": ("«{value}» no es un número", '"{value}" is not a number'),
    "negative": ("{value} es negativo; debe ser 0 o más", "{value} is negative; it must be 0 or more"),
    "not_positive": ("{value} debe ser mayor que 0", "{value} must be more than 0"),
    "not_a_count": ("{value} debe ser un número entero de 1 o más", "{value} must be a whole number of 1 or more"),
    "not_whole": ("{value} debe ser un número entero de 0 o más", "{value} must be a whole number of 0 or more"),
    "not_a_fraction": ("{value} debe ser al menos 0 y menor que 1", "{value} must be at least 0 and below 1"),
    "too_many_units": (
        "{value} son más unidades de las que tiene cualquier compra (a lo más {limit})",
        "{value} is more units than any purchase holds (at most {limit})",
    ),
    "too_much_money": (
        "{value} es más de lo que se acepta para un precio, costo o presupuesto (a lo más {limit})",
        "{value} is more than a price, cost or budget may be (at most {limit})",
    ),
    "line_too_costly": (  # no price in it: an institution reads it about its own demand, and bids are not its
        "{quantity} unidades costarían más de lo que puede costar una fila de demanda ({limit}) al mayor precio "
        "ofertado, de referencia o pagado por esta clave",
        "{quantity} units would cost more than one demand row may ({limit}) at the highest price offered, "
        "referenced or paid for this clave",
    ),
    "not_a_flag": ("«{value}» no es sí ni no", '"{value}" is not true or false'),
    "not_one_of": ("«{value}» no es uno de {choices}", '"{value}" is not one of {choices}'),
    "shares_not_a_list": (
        "«{value}» no es una lista de partes como «0.6;0.4»",
        '"{value}" is not a list of shares such as "0.6;0.4"',
    ),
    "shares_too_few": (
        "«{value}» necesita dos o más partes, cada una entre 0 y 1",
        '"{value}" needs two or more shares, each between 0 and 1',
    ),
    "shares_not_whole": ("las partes «{value}» suman {total}, no 1", 'shares "{value}" add up to {total}, not 1'),
    "key_repeated": ("repite {key} de la fila {first}", "repeats {key} of row {first}"),
    "not_in": ("«{value}» no está en {owner}", '"{value}" is not in {owner}'),
    "no_rows": ("no tiene filas: una compra necesita al menos una", "has no rows: a purchase needs at least one"),
    "bid_not_demanded": (
        "«{product}»: nadie demanda esta clave; la propuesta se ignora",
        '"{product}": nobody demands this product; the bid is ignored',
    ),
    "product_not_demanded": ("«{product}»: nadie demanda esta clave", '"{product}": nobody demands this product'),
}
SETTINGS: Entries = {
    "unknown_setting": ("ajuste desconocido (conocidos: {known})", "unknown setting (known: {known})"),
    "not_a_table": ("debe ser una tabla [{table}]", "must be a table [{table}]"),
    "setting_not_a_number": ("{value} no es un número", "{value} is not a number"),
    "setting_not_a_count": ("{value} debe ser un número entero ≥ 1", "{value} must be a whole number ≥ 1"),
    "setting_too_large": (
        "{value} es más que el máximo que se acepta, {limit}",
        "{value} is above the most accepted, {limit}",
    ),
    "setting_not_a_flag": ("{value} debe ser true o false", "{value} must be true or false"),
    "setting_not_text": ("{value} debe ser un texto no vacío", "{value} must be a non-empty text"),
    "in_setting": ("ajuste {setting}: {problem}", "setting {setting}: {problem}"),
}
