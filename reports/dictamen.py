"""The dictamen of each clave: its bids ranked, one sentence per bid saying why it won or lost that an officer can
paste into the written dictamen, then what the clave's rules cost, the limits that bound it and what would cover
each shortage. Built from explanation.csv and rule_costs.csv (procurement.explain.columns); every word comes from
the catalogue (reports.labels).

An institution's dictamen covers the claves it demanded and its own shortages and budget. It shows a bid's prices
only where the institution already sees them (the suppliers it receives the clave from) and leaves out what each
rule costs the purchase, the capacities everyone shares and the prices at which a bid's fate turns.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from procurement.explain.columns import TIME_LIMIT
from procurement.rules.open_contracts import CONTRACT_COLUMNS
from procurement.rules.price_reasonableness import BIDS, FLAG_COLUMNS
from reports.labels import (
    dictamen_text,
    money,
    outcome_label,
    percent,
    quantity,
    reason_label,
    rule_label,
)

RULE_KINDS = ("rule", "limit", "shortage")


@dataclass(frozen=True)
class DictamenInputs:
    """A run's tables as the dictamen reads them (as `procurement solve` writes them)."""

    offers: pd.DataFrame  # explanation.csv
    rule_costs: pd.DataFrame  # rule_costs.csv
    awards: pd.DataFrame  # awards.csv: institution_id, product_id, supplier_id, quantity
    shortages: pd.DataFrame  # shortages.csv: institution_id, product_id, quantity, reason
    currency: str
    reference_prices: Mapping[str, float] = field(default_factory=dict)  # product_id → maximum reference price
    price_flags: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=FLAG_COLUMNS))  # price_flags.csv
    surcharges: Mapping[str, float] = field(default_factory=dict)  # supplier_id → its record's surcharge (> 0)
    descriptions: Mapping[str, str] = field(default_factory=dict)  # product_id → description
    supplier_names: Mapping[str, str] = field(default_factory=dict)
    # open_contracts.csv: each awarded open contract with its minimum and maximum (none for firm quantities)
    open_contracts: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CONTRACT_COLUMNS))


@dataclass(frozen=True)
class Bid:
    """A row of a clave's ranking; a price the reader may not see is NaN."""

    supplier_id: str
    supplier: str
    unit_price: float
    evaluated_price: float
    rank: int | None  # None: inadmissible
    awarded_quantity: float  # to the reader: the whole purchase, or the institution
    outcome: str
    sentence: str


@dataclass(frozen=True)
class ClaveDictamen:
    product_id: str
    description: str
    bids: list[Bid]  # best rank first, the inadmissible last
    notes: list[str]  # what its rules cost, the limits that bound it, its shortages and what would cover them
    period: str = ""  # a clave priced per period has a dictamen per period (procurement.rules.period_prices)

    @property
    def title(self) -> str:
        """'010.000.0574.00 (2027) — Captopril': the clave, its period where it has one, and its description."""
        clave = f"{self.product_id} ({self.period})" if self.period else self.product_id
        return f"{clave} — {self.description}" if self.description else clave

    @property
    def statements(self) -> list[str]:
        """Every sentence of the clave: one per bid, then its notes."""
        return [bid.sentence for bid in self.bids] + self.notes


@dataclass(frozen=True)
class Dictamen:
    claves: list[ClaveDictamen]
    purchase: list[str]  # purchase-wide: what each rule costs in all, the budgets used up


def reference_prices(inadmissible: pd.DataFrame) -> dict[str, float]:
    """product_id → the maximum reference price that makes its bids inadmissible (inadmissible_bids.csv)."""
    if "reference_price" not in inadmissible.columns:
        return {}
    return {str(k): float(v) for k, v in inadmissible.groupby("product_id")["reference_price"].first().items()}


def build_dictamen(
    inputs: DictamenInputs, lang: str, products: Iterable[str], institution: str | None = None
) -> Dictamen:
    """The dictamen of `products` in `lang`, the whole purchase's or `institution`'s own."""
    writer = _Writer(inputs, lang, institution)
    claves = [writer.clave(product, period) for product in products for period in writer.periods(product)]
    return Dictamen(claves, writer.purchase())


def bid_rows(clave: ClaveDictamen, lang: str, currency: str) -> list[list[str]]:
    """The clave's ranking as text: supplier, unit price, evaluated price, rank, awarded quantity, outcome."""
    return [
        [
            f"{bid.supplier_id} — {bid.supplier}" if bid.supplier != bid.supplier_id else bid.supplier_id,
            money(bid.unit_price, currency),
            money(bid.evaluated_price, currency),
            "—" if bid.rank is None else str(bid.rank),
            quantity(bid.awarded_quantity),
            outcome_label(lang, bid.outcome),
        ]
        for bid in clave.bids
    ]


class _Writer:
    """Writes the sentences of one dictamen: the language, the currency and what its reader may see. The tables are
    grouped by clave once, as rows, so that a national purchase's thousands of claves take seconds."""

    def __init__(self, inputs: DictamenInputs, lang: str, institution: str | None) -> None:
        self.inputs, self.lang, self.institution = inputs, lang, institution
        awards, shortages = inputs.awards, inputs.shortages
        if institution is not None:
            awards = awards[awards["institution_id"] == institution]
            shortages = shortages[shortages["institution_id"] == institution]
        # units from each supplier by clave, over every period ("") and in each period
        self.received: dict[tuple[str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for row in _blank(awards, ["period"]).itertuples(index=False):
            for period in {"", row.period}:
                self.received[(str(row.product_id), period)][str(row.supplier_id)] += float(row.quantity)
        self.offers = _by_product(_blank(inputs.offers, ["beaten_by", "period"]))
        costs = _blank(inputs.rule_costs, ["institution_id", "product_id", "supplier_id", "period", "unit"])
        self.costs = {kind: _by_product(costs[costs["kind"] == kind]) for kind in RULE_KINDS}
        self.shortfalls = _by_product(_blank(shortages, ["period"]))
        contracts = _blank(inputs.open_contracts, ["period"])
        if institution is not None:
            contracts = contracts[contracts["institution_id"] == institution]
        self.contracts = _by_product(contracts)
        flags = _blank(inputs.price_flags, ["period"]).sort_values("unit_price", kind="stable")
        flags = flags.drop_duplicates(["product_id", "period", "supplier_id"])
        self.flags = {
            (str(row.product_id), row.period, str(row.supplier_id)): row for row in flags.itertuples(index=False)
        }

    def text(self, key: str, **values: str) -> str:
        return dictamen_text(self.lang, key, **values)

    def money(self, value: float) -> str:
        return money(value, self.inputs.currency)

    def seen(self, product: str, supplier: str, period: str = "") -> bool:
        """Whether the reader sees this supplier's price for the clave: always, or where the institution buys it."""
        return self.institution is None or supplier in self.received.get((product, period), {})

    # --- a clave ----------------------------------------------------------------------------------------------

    def periods(self, product: str) -> list[str]:
        """The periods the clave's bids are priced for: each one where it is priced per period, else "" alone."""
        return sorted({offer.period for offer in self.offers.get(product, [])}) or [""]

    def clave(self, product: str, period: str = "") -> ClaveDictamen:
        """The dictamen of a clave (of one period of it, where it is priced per period); what concerns the clave
        as a whole (the rules' costs) comes with its first period."""
        offers = [offer for offer in self.offers.get(product, []) if offer.period == period]
        clave = _Clave(product, period, offers, self)
        bids = [clave.bid(offer, self.sentence(offer, clave)) for offer in clave.offers]
        notes = [] if bids else [self.text("no_bids")]
        description = self.inputs.descriptions.get(product, "")
        first = period == self.periods(product)[0]
        notes += self.contracts_of(product, period) + self.flagged(product, period)
        notes += self.rules(product, period, first) + self.shortages(product, period)
        return ClaveDictamen(product, description, bids, notes, period)

    def sentence(self, offer: Any, clave: _Clave) -> str:
        if offer.outcome == "won":
            return self.won(offer, clave)
        if offer.outcome == "lost":
            return self.lost(offer, clave)
        own = self.own(clave, offer.supplier_id, offer.unit_price)
        reference = self.money(self.inputs.reference_prices.get(clave.product, math.nan))
        figures = self.flag_figures(clave.product, clave.period, offer.supplier_id)
        return self.text(
            f"inadmissible.{offer.reason}", supplier=offer.supplier_id, own=own, reference=reference, figures=figures
        )

    def flag_figures(self, product: str, period: str, supplier: str) -> str:
        """What a flagged price went past: the research's median (or the average of the admissible bids, which
        only a reader who sees every price may see) and the limit the margin sets."""
        flag = self.flags.get((product, period, supplier))
        if flag is None or (flag.basis == BIDS and self.institution is not None):
            return ""
        return self.text(
            f"flag_figures.{flag.basis}", limit=self.money(flag.limit), benchmark=self.money(flag.benchmark)
        )

    def flagged(self, product: str, period: str) -> list[str]:
        """The clave's bids whose price was flagged but not excluded: the whole purchase's only."""
        if self.institution is not None:
            return []
        return [
            self.text(
                f"flagged.{row.flag}",
                supplier=supplier,
                own=self.text("of_price", price=self.money(row.unit_price)),
                figures=self.flag_figures(product, period, supplier),
            )
            for (clave, when, supplier), row in self.flags.items()
            if (clave, when) == (product, period) and not _truthy(row.excluded)
        ]

    def own(self, clave: _Clave, supplier: str, price: float) -> str:
        """' of $14.10': a bid's own figure, where the reader may see it."""
        return (
            self.text("of_price", price=self.money(price)) if self.seen(clave.product, supplier, clave.period) else ""
        )

    def won(self, offer: Any, clave: _Clave) -> str:
        because = self.text(f"won.{offer.reason}")
        units = clave.units(offer.supplier_id)
        if not units:
            return self.text("won_elsewhere", supplier=offer.supplier_id, because=because)
        scope = self.text("scope_institution", institution=self.institution) if self.institution else None
        seen = self.seen(clave.product, offer.supplier_id, clave.period)
        return self.text(
            "won",
            supplier=offer.supplier_id,
            share=percent(100 * units / clave.units()),
            scope=scope or self.text("scope_clave"),
            quantity=quantity(units),
            at=self.text("at_price", price=self.money(offer.unit_price)) if seen else "",
            because=because,
            turn=self.turn("turn_lose", offer.price_to_lose, offer.found_by),
        )

    def lost(self, offer: Any, clave: _Clave) -> str:
        winners = [supplier for supplier in offer.beaten_by.split(";") if supplier]
        values = {
            "supplier": offer.supplier_id,
            "winners": self.listed(winners),
            "turn": self.turn("turn_win", offer.price_to_win, offer.found_by),
        }
        if offer.reason != "beaten_on_price":
            return self.text(f"lost.{offer.reason}", **values, own=self.own(clave, offer.supplier_id, offer.unit_price))
        mine = clave.measure(offer.supplier_id)
        cheaper = [winner for winner in winners if clave.measure(winner) <= mine]
        if not cheaper:  # dearer on the figure it was ranked on, yet lost: the award's total decided
            return self.text("lost.higher_total", **values)
        return self.text(
            "lost.beaten_on_price",
            **values,
            measure=self.text("measure_delivered" if clave.delivered else "measure"),
            own=self.own(clave, offer.supplier_id, mine),
            than=self.than(cheaper, clave),
        )

    def than(self, winners: list[str], clave: _Clave) -> str:
        """'that of GENUNI ($13.99), which won the clave': each winner with the figure it was compared on."""
        named = [
            f"{winner} ({self.money(clave.measure(winner))})"
            if self.seen(clave.product, winner, clave.period)
            else winner
            for winner in winners
        ]
        return self.text("than_one" if len(named) == 1 else "than_many", winners=self.listed(named))

    def listed(self, items: list[str]) -> str:
        if not items:
            return self.text("nobody")
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + self.text("and") + items[-1]

    def turn(self, key: str, price: Any, found_by: Any) -> str:
        """Where the bid's fate turns: a competitor's price in all but name, so the whole purchase's only; or
        that the explanation's time limit came before it was found."""
        if self.institution is not None:
            return ""
        if found_by == TIME_LIMIT:
            return self.text("turn_unknown")
        return "" if pd.isna(price) else self.text(key, price=self.money(price))

    def contracts_of(self, product: str, period: str) -> list[str]:
        """One sentence per awarded open contract of the clave: its guaranteed minimum, its maximum and its price
        (the reader's own: an institution reads only its contracts, whose prices it sees on its awards)."""
        return [
            self.text(
                "open_contract",
                supplier=row.supplier_id,
                institution=f"{row.institution_id} ({row.period})" if row.period else row.institution_id,
                minimum=quantity(row.minimum_quantity),
                maximum=quantity(row.maximum_quantity),
                price=self.money(row.unit_price),
            )
            for row in self.contracts.get(product, [])
            if period in ("", row.period)
        ]

    # --- rules, limits and shortages --------------------------------------------------------------------------

    def rules(self, product: str, period: str, first: bool) -> list[str]:
        """What each rule costs in the clave (with its first period) and its capacities used up (in their period):
        the whole purchase's only."""
        if self.institution is not None:
            return []
        costs = [self.rule(row, "in_clave") for row in self.costs["rule"].get(product, [])] if first else []
        return costs + [
            self.text(
                "limit",
                supplier=row.supplier_id,
                used=quantity(row.used),
                limit=quantity(row.limit),
                value=self.money(row.value),
            )
            for row in self.costs["limit"].get(product, [])
            if row.rule != "budget" and row.period == period
        ]

    def rule(self, row: Any, where: str) -> str:
        cents, units = round(100 * row.value), int(_number(row.quantity))
        key = "rule" if cents > 0 else "rule.saves" if cents < 0 else "rule.same"
        change = "rule_unmet" if units > 0 else "rule_covers" if units < 0 else None
        return self.text(
            key,
            rule=rule_label(self.lang, row.rule),
            value=self.money(abs(cents) / 100),
            where=self.text(where),
            units=self.text(change, quantity=quantity(abs(units))) if change else "",
        )

    def shortages(self, product: str, period: str) -> list[str]:
        fixes = {(row.institution_id, row.period): row for row in self.costs["shortage"].get(product, [])}
        shortfalls = [row for row in self.shortfalls.get(product, []) if period in ("", row.period)]
        return [self.shortage(row, fixes.get((row.institution_id, row.period))) for row in shortfalls]

    def shortage(self, row: Any, fix: Any) -> str:
        """One shortage and what would cover it; in a purchase over periods the institution is named with the
        period it lacks the units in."""
        values = {
            "institution": f"{row.institution_id} ({row.period})" if row.period else row.institution_id,
            "quantity": quantity(row.quantity),
            "reason": reason_label(self.lang, row.reason),
        }
        if fix is None:
            return self.text("shortage.reason", **values)
        if pd.isna(fix.value):
            return self.text("shortage", **values)
        if fix.unit == "units":
            return self.text("shortage.units", **values, value=quantity(fix.value), supplier=fix.supplier_id)
        return self.text("shortage.money", **values, value=self.money(fix.value))

    def purchase(self) -> list[str]:
        """What each rule costs across the purchase and the budgets used up (an institution: its own budget)."""
        totals = [] if self.institution is not None else self.costs["rule"].get("", [])
        budgets = [
            row
            for row in self.costs["limit"].get("", [])
            if row.rule == "budget" and self.institution in (None, row.institution_id)
        ]
        return (
            self.records()
            + [self.rule(row, "in_purchase") for row in totals]
            + [
                self.text(
                    "limit.budget",
                    institution=row.institution_id,
                    used=self.money(row.used),
                    limit=self.money(row.limit),
                    one=self.money(1.0),
                    value=self.money(row.value),
                )
                for row in budgets
            ]
        )

    def records(self) -> list[str]:
        """The suppliers whose record made their prices count higher, and by how much."""
        if not self.inputs.surcharges:
            return []
        each = [
            self.text("record_one", supplier=supplier, surcharge=percent(100 * surcharge))
            for supplier, surcharge in sorted(self.inputs.surcharges.items())
        ]
        return [self.text("records", suppliers=", ".join(each))]


class _Clave:
    """A clave's offers in rank order, the figure each was ranked on and the units each delivers to the reader."""

    def __init__(self, product: str, period: str, offers: list[Any], writer: _Writer) -> None:
        self.product, self.period, self.writer = product, period, writer
        self.offers = sorted(offers, key=lambda offer: (_rank(offer) or math.inf, offer.supplier_id))
        delivery = {offer.supplier_id: _number(offer.delivery_cost) for offer in offers}
        self.delivered = any(cost > 0 for cost in delivery.values())
        self.measures: dict[str, float] = {
            offer.supplier_id: float(offer.evaluated_price) + (delivery[offer.supplier_id] if self.delivered else 0.0)
            for offer in offers
        }
        whole = {offer.supplier_id: float(offer.awarded_quantity) for offer in offers}
        self.awarded = whole if writer.institution is None else writer.received.get((product, period), {})

    def measure(self, supplier: str) -> float:
        """Evaluated price, plus delivery where any offer of the clave pays some."""
        return self.measures.get(supplier, math.nan)

    def units(self, supplier: str | None = None) -> float:
        """Units the supplier (None: every supplier) delivers to the reader."""
        return sum(self.awarded.values()) if supplier is None else self.awarded.get(supplier, 0.0)

    def bid(self, offer: Any, sentence: str) -> Bid:
        seen = self.writer.seen(self.product, offer.supplier_id, self.period)
        return Bid(
            supplier_id=offer.supplier_id,
            supplier=self.writer.inputs.supplier_names.get(offer.supplier_id, offer.supplier_id),
            unit_price=offer.unit_price if seen else math.nan,
            evaluated_price=offer.evaluated_price if seen else math.nan,
            rank=_rank(offer),
            awarded_quantity=self.units(offer.supplier_id),
            outcome=offer.outcome,
            sentence=sentence,
        )


def _rank(offer: Any) -> int | None:
    return None if pd.isna(offer.rank) else int(offer.rank)


def _number(value: Any) -> float:
    """A cell as a number, blank as 0."""
    return 0.0 if pd.isna(value) else float(value)


def _blank(table: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The table with blank text cells as "" (a CSV file read back has NaN there; a purchase with one period has no
    period column at all)."""
    return table.assign(
        **{column: table.get(column, pd.Series("", index=table.index)).fillna("").astype(str) for column in columns}
    )


def _truthy(value: object) -> bool:
    """A flag cell as read from a CSV file (true / True) or held in memory (a bool)."""
    return str(value).strip().lower() == "true"


def _by_product(table: pd.DataFrame) -> dict[str, list[Any]]:
    """The table's rows (named tuples) by product_id."""
    groups: dict[str, list[Any]] = defaultdict(list)
    for row in table.itertuples(index=False):
        groups[str(row.product_id)].append(row)
    return groups
