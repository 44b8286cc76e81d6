"""Words of reverse-auction rounds (procurement.osd): the `osd` command's help (in the "help" area), what it prints
(the "osd" area) and the problems of a revisions file (in the "issue" area)."""

from __future__ import annotations

from procurement.messages.entry import Entries

OSD_HELP: Entries = {
    "osd": (
        "rondas de subasta inversa (OSD) en las claves marcadas osd",
        "reverse-auction (OSD) rounds on the claves marked osd",
    ),
    "osd_description": (
        "Una ronda es una versión de las propuestas. Tras resolverla (procurement solve), `feedback` escribe a cada "
        "proveedor de una clave OSD su propia retroalimentación (su lugar, lo que ganó y el precio al que eso "
        "cambiaría; nunca el precio de otro); `close` aplica los precios revisados y escribe el paquete de la "
        "siguiente ronda, que se resuelve de nuevo; `compare` pone las rondas lado a lado.",
        "A round is one version of the bids. Once it is solved (procurement solve), `feedback` writes each bidder "
        "of an OSD clave its own feedback (its rank, what it won and the price at which that would change; never "
        "another bidder's price); `close` applies the revised prices and writes the next round's package, to be "
        "solved again; `compare` puts the rounds side by side.",
    ),
    "osd_feedback": (
        "escribe la retroalimentación de cada proveedor de las claves OSD",
        "write each bidder's feedback on the OSD claves",
    ),
    "osd_feedback_description": (
        "Escribe un archivo PROVEEDOR.csv por proveedor de alguna clave OSD: por clave, su precio, su lugar, "
        "cuántas propuestas admisibles hubo, si ganó y por qué, lo adjudicado y el precio al que ganaría o "
        "perdería (de explanation.csv de la corrida). Ningún archivo trae el precio de otro proveedor.",
        "Write one SUPPLIER.csv per bidder of an OSD clave: per clave, its price, its rank, how many admissible "
        "bids there were, whether it won and why, what it was awarded and the price at which it would win or lose "
        "(from the run's explanation.csv). No file holds another bidder's price.",
    ),
    "osd_run": (
        "carpeta de la corrida de esta ronda (procurement solve --out)",
        "folder of this round's run (procurement solve --out)",
    ),
    "osd_feedback_out": ("carpeta donde se escriben los archivos", "folder to write the files into"),
    "osd_close": (
        "aplica los precios revisados y escribe el paquete de la siguiente ronda",
        "apply the revised prices and write the next round's package",
    ),
    "osd_close_description": (
        "Lee los precios revisados (supplier_id, product_id, unit_price y, para una escala de precio, "
        "from_quantity) y escribe el paquete de la siguiente ronda. Cada revisión debe ser de una clave OSD, de un "
        "proveedor que la ofertó y no subir su precio; si alguna no lo es, se listan todos los problemas con su "
        "fila y columna y no se escribe nada (código de salida 2).",
        "Read the revised prices (supplier_id, product_id, unit_price and, for a price break, from_quantity) and "
        "write the next round's package. Each revision must be for an OSD clave, from a supplier that bid for it, "
        "and not raise its price; otherwise every problem is listed at its row and column and nothing is written "
        "(exit code 2).",
    ),
    "osd_revisions": ("CSV de precios revisados", "CSV of revised prices"),
    "osd_close_out": ("carpeta del paquete de la siguiente ronda", "folder of the next round's package"),
    "osd_compare": ("compara las rondas lado a lado", "compare the rounds side by side"),
    "osd_compare_description": (
        "Por clave OSD y ronda: los proveedores adjudicados, el menor precio unitario pagado, las unidades, lo que "
        "se paga y su cambio frente a la ronda anterior. Las corridas se dan en el orden de las rondas.",
        "Per OSD clave and round: the suppliers awarded, the lowest unit price paid, the units, what is paid and "
        "its change from the round before. Runs are given in round order.",
    ),
    "osd_runs": ("carpetas de las corridas, en el orden de las rondas", "run folders, in round order"),
    "osd_compare_out": ("también escribe la comparación en este CSV", "also write the comparison to this CSV"),
}
OSD: Entries = {
    "feedback_written": (
        "retroalimentación de {bidders} proveedor(es) de {claves} clave(s) OSD escrita en {path}",
        "feedback for {bidders} bidder(s) of {claves} OSD clave(s) written to {path}",
    ),
    "round_closed": (
        "ronda cerrada: {revised} precio(s) revisado(s); el paquete de la siguiente ronda está en {path} "
        "(resuélvalo con procurement solve)",
        "round closed: {revised} price(s) revised; the next round's package is in {path} (solve it with "
        "procurement solve)",
    ),
    "not_closed": (
        "{count} error(es) en las revisiones: la ronda no se cerró y no se escribió nada",
        "{count} error(s) in the revisions: the round was not closed and nothing was written",
    ),
    "round": ("ronda", "round"),
    "suppliers": ("adjudicados en la última ronda", "awarded in the last round"),
    "clave": ("clave", "clave"),
}
REVISION_CHECKS: Entries = {
    "osd_not_auctioned": (
        "{product} no está en subasta inversa (marque osd en products.csv)",
        "{product} is not under reverse auction (mark osd in products.csv)",
    ),
    "osd_no_bid": (
        "{supplier} no ofertó {product} en esta ronda (a ese from_quantity): solo puede revisar sus propias propuestas",
        "{supplier} did not bid for {product} in this round (at that from_quantity): it may only revise its own bids",
    ),
    "osd_price_not_positive": ("«{value}» no es un precio mayor que 0", '"{value}" is not a price above 0'),
    "osd_price_raised": (
        "{value} sube el precio de {supplier} para {product} (era {before}): en una subasta inversa solo puede bajar",
        "{value} raises {supplier}'s price for {product} (it was {before}): in a reverse auction it may only go down",
    ),
    "osd_revision_repeated": (
        "{supplier} revisa {product} más de una vez en este archivo",
        "{supplier} revises {product} more than once in this file",
    ),
}
