"""Reverse auction (OSD, ofertas subsecuentes de descuento): the claves products.csv marks `osd` take bid revisions
in rounds (procurement.osd). The mark does not change how a round is awarded: each round is a version of the bids,
solved as any purchase."""

from __future__ import annotations

from procurement.rules.base import Rule
from procurement.scenario import Column, Kind


class ReverseAuction(Rule):
    name = "osd"
    title = "reverse auction"
    label = ("Subasta inversa (OSD)", "Reverse auction (OSD)")
    summary = (
        "a product marked `osd` takes revised bids in rounds: each round's bidders get their own rank and price to "
        "win, may only lower their own prices, and the next version of the bids is solved again "
        '(see "Reverse-auction rounds")'
    )
    columns = {
        "products.csv": (
            Column(
                "osd",
                Kind.FLAG,
                required=False,
                note="Reverse auction (OSD): bids for it may be lowered in rounds",
                unit="true / false",
            ),
        )
    }
