"""The dictamen's sentences from small hand-built explanation.csv and rule_costs.csv tables: one per bid for every
outcome and reason, one per rule cost, limit and shortage, in Spanish and English; an institution's version
holds only what that institution already sees."""

from __future__ import annotations

import math
import re
from dataclasses import replace
from typing import Any

import pandas as pd
import pytest

from procurement.explain.columns import EXPLANATION_COLUMNS, KINDS, REASONS, RULE_COST_COLUMNS
from procurement.rules.open_contracts import CONTRACT_COLUMNS
from reports.dictamen import ClaveDictamen, DictamenInputs, bid_rows, build_dictamen, reference_prices
from reports.labels import LANGUAGES, dictamen_template

CLAVE = "010.000.5165.00"
NAN = math.nan


def bid(supplier: str, price: float, outcome: str, reason: str, **cells: Any) -> dict[str, Any]:
    """One row of explanation.csv for CLAVE; unset cells as the core writes them for a bid that won nothing."""
    return {
        "product_id": CLAVE,
        "supplier_id": supplier,
        "national": False,
        "unit_price": price,
        "evaluated_price": price,
        "delivery_cost": 0.0,
        "rank": NAN,
        "capacity": NAN,
        "awarded_quantity": 0,
        "awarded_cost": 0.0,
        "outcome": outcome,
        "reason": reason,
        "beaten_by": "",
        "price_to_win": NAN,
        "price_to_lose": NAN,
        "found_by": "",
        **cells,
    }


def cost(kind: str, rule: str, value: float, **cells: Any) -> dict[str, Any]:
    """One row of rule_costs.csv."""
    ids = {"institution_id": "", "product_id": "", "supplier_id": "", "unit": ""}
    numbers = dict.fromkeys(("limit", "used", "quantity", "cost_with", "cost_without"), NAN)
    return {**ids, **numbers, "kind": kind, "rule": rule, "value": value, **cells}


WINNER = bid("GENUNI", 13.99, "won", "lowest_cost", rank=1, awarded_quantity=1000, price_to_lose=14.10)
LOSER = bid("LAB2", 14.10, "lost", "beaten_on_price", rank=2, beaten_by="GENUNI", price_to_win=13.98)


def inputs(
    offers: list[dict[str, Any]],
    costs: list[dict[str, Any]] | None = None,
    awards: list[tuple[str, str, int, float]] | None = None,
    shortages: list[tuple[str, int, str]] | None = None,
) -> DictamenInputs:
    """Tables of one clave: awards as (institution, supplier, quantity, unit price), shortages as (institution,
    quantity, reason)."""
    award_rows = [(who, CLAVE, supplier, units, price) for who, supplier, units, price in awards or []]
    return DictamenInputs(
        offers=pd.DataFrame(offers, columns=EXPLANATION_COLUMNS),
        rule_costs=pd.DataFrame(costs or [], columns=RULE_COST_COLUMNS),
        awards=pd.DataFrame(
            award_rows, columns=["institution_id", "product_id", "supplier_id", "quantity", "unit_price"]
        ),
        shortages=pd.DataFrame(
            [(who, CLAVE, units, reason) for who, units, reason in shortages or []],
            columns=["institution_id", "product_id", "quantity", "reason"],
        ),
        currency="MXN",
        reference_prices={CLAVE: 26.50},
        descriptions={CLAVE: "Metformina. Tableta."},
        supplier_names={"GENUNI": "Genéricos Unidos", "LAB2": "Laboratorio Dos"},
    )


def clave_of(tables: DictamenInputs, lang: str = "es", institution: str | None = None) -> ClaveDictamen:
    return build_dictamen(tables, lang, [CLAVE], institution).claves[0]


def sentences(tables: DictamenInputs, lang: str = "es", institution: str | None = None) -> list[str]:
    return clave_of(tables, lang, institution).statements


# --- the catalogue ------------------------------------------------------------------------------------------------

CODES = [f"{outcome}.{reason}" for outcome, reasons in REASONS.items() for reason in reasons]


@pytest.mark.parametrize("key", [*CODES, *KINDS])
def test_every_reason_and_kind_has_a_sentence_in_spanish_and_in_english(key: str) -> None:
    spanish, english = (dictamen_template(lang, key) for lang in LANGUAGES)
    assert spanish
    assert english
    assert spanish != english


# --- bids -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "es",
            "LAB2 perdió: su precio evaluado de $14.10 es mayor que el de GENUNI ($13.99), que obtuvo la clave; con "
            "un precio de $13.98 o menos habría obtenido una parte.",
        ),
        (
            "en",
            "LAB2 lost: its evaluated price of $14.10 is higher than that of GENUNI ($13.99), which won the clave; "
            "at $13.98 or less it would have won a share.",
        ),
    ],
)
def test_a_losing_bid_names_the_cheaper_winner_and_the_price_that_would_have_won_a_share(
    lang: str, expected: str
) -> None:
    assert sentences(inputs([WINNER, LOSER]), lang)[1] == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "es",
            "IMAG ganó 40.00 % de la clave (400 unidades a $12.40 la unidad) por abastecimiento simultáneo; con un "
            "precio de $15.20 o más no habría obtenido nada.",
        ),
        (
            "en",
            "IMAG won 40.00 % of the clave (400 units at $12.40 each) by split award (abastecimiento simultáneo); "
            "at $15.20 or more it would have won nothing.",
        ),
    ],
)
def test_a_split_award_winner_states_its_share_and_the_price_from_which_it_wins_nothing(
    lang: str, expected: str
) -> None:
    first = bid("NORTE", 12.00, "won", "lowest_cost", rank=1, awarded_quantity=600)
    second = bid("IMAG", 12.40, "won", "split_share", rank=2, awarded_quantity=400, price_to_lose=15.20)
    assert sentences(inputs([first, second]), lang)[1] == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "es",
            "LAB3: propuesta no admisible: su precio de $30.00 supera el precio máximo de referencia de $26.50.",
        ),
        ("en", "LAB3: bid not admissible: its price of $30.00 is above the maximum reference price of $26.50."),
    ],
)
def test_an_inadmissible_bid_states_its_price_and_the_reference_price_it_exceeds(lang: str, expected: str) -> None:
    inadmissible = bid("LAB3", 30.00, "inadmissible", "above_reference_price")
    assert sentences(inputs([WINNER, inadmissible]), lang)[1] == expected


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("outcome", "reason"), [tuple(code.split(".")) for code in CODES])
def test_every_outcome_and_reason_gives_one_finished_sentence_about_its_bid(
    lang: str, outcome: str, reason: str
) -> None:
    cells: dict[str, dict[str, Any]] = {
        "won": {"rank": 2, "awarded_quantity": 500},
        "lost": {"rank": 2, "beaten_by": "GENUNI"},
    }
    offer = bid("LAB2", 14.10, outcome, reason, **cells.get(outcome, {}))
    text, translated = (sentences(inputs([WINNER, offer]), language)[1] for language in (lang, other(lang)))
    assert text.startswith("LAB2")
    assert text.endswith(".")
    assert not re.search(r"[{}]|\bnan\b|—", text)
    assert text != translated


def other(lang: str) -> str:
    return next(language for language in LANGUAGES if language != lang)


def test_two_cheaper_winners_are_named_together() -> None:
    first = bid("NORTE", 12.00, "won", "lowest_cost", rank=1, awarded_quantity=600)
    second = bid("IMAG", 12.40, "won", "split_share", rank=2, awarded_quantity=400)
    third = bid("BAJIO", 13.10, "lost", "beaten_on_price", rank=3, beaten_by="NORTE;IMAG")
    assert sentences(inputs([first, second, third]))[2] == (
        "BAJIO perdió: su precio evaluado de $13.10 es mayor que los de NORTE ($12.00) y IMAG ($12.40), que "
        "obtuvieron la clave."
    )


def test_where_delivery_costs_something_the_bids_are_compared_with_delivery() -> None:
    winner = {**WINNER, "delivery_cost": 0.50, "awarded_quantity": 1000}
    loser = {**LOSER, "delivery_cost": 1.00, "price_to_win": NAN}
    assert sentences(inputs([winner, loser]))[1] == (
        "LAB2 perdió: su precio evaluado con entrega de $15.10 es mayor que el de GENUNI ($14.49), que obtuvo la clave."
    )


def test_a_bid_lost_on_price_but_not_dearer_than_the_winner_is_said_to_lose_on_the_total() -> None:
    cheaper_loser = {**LOSER, "unit_price": 13.50, "evaluated_price": 13.50, "price_to_win": NAN}
    assert sentences(inputs([WINNER, cheaper_loser]), "en")[1] == (
        "LAB2 lost: awarding the clave to GENUNI costs less in total (price breaks, fixed costs or delivery)."
    )


def test_the_ranking_lists_bids_by_rank_with_the_inadmissible_last() -> None:
    inadmissible = bid("AAA", 30.00, "inadmissible", "above_reference_price")
    clave = clave_of(inputs([inadmissible, LOSER, WINNER]), "en")
    assert bid_rows(clave, "en", "MXN") == [
        ["GENUNI — Genéricos Unidos", "$13.99", "$13.99", "1", "1,000", "won"],
        ["LAB2 — Laboratorio Dos", "$14.10", "$14.10", "2", "0", "lost"],
        ["AAA", "$30.00", "$30.00", "—", "0", "inadmissible"],
    ]
    assert clave.description == "Metformina. Tableta."


def test_a_clave_nobody_bid_for_says_so_and_why_it_is_short() -> None:
    tables = inputs([], shortages=[("IMSS", 1000, "no_admissible_bid")])
    assert sentences(tables) == [
        "Ningún proveedor presentó propuesta para esta clave.",
        "A IMSS le faltan 1,000 unidades de esta clave: sin oferta admisible (desierta).",
    ]


# --- rules, limits and shortages ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            cost("rule", "price_gap", 1250.0, product_id=CLAVE, quantity=0),
            "La regla «Brecha máxima de precio» cuesta $1,250.00 en esta clave.",
        ),
        (
            cost("rule", "reference_price", -112000.0, product_id=CLAVE, quantity=7000),
            "La regla «Precio máximo de referencia» ahorra $112,000.00 en esta clave y deja 7,000 unidades sin cubrir.",
        ),
        (
            cost("rule", "max_suppliers", 0.0, product_id=CLAVE, quantity=-50),
            "La regla «Máximo de proveedores» no cambia el costo en esta clave y cubre 50 unidades más.",
        ),
        (
            cost("limit", "capacity", 4.000001, product_id=CLAVE, supplier_id="GENUNI", limit=1000, used=1000),
            "La capacidad de GENUNI en esta clave se usa completa (1,000 de 1,000 unidades): cada unidad más "
            "ahorraría $4.00 de costo evaluado.",
        ),
    ],
)
def test_a_clave_states_what_its_rules_cost_and_its_capacities_used_up(row: dict[str, Any], expected: str) -> None:
    assert clave_of(inputs([WINNER], [row])).notes == [expected]


@pytest.mark.parametrize(
    ("fix", "reason", "expected"),
    [
        (
            cost("shortage", "budget", 5000.0, institution_id="ISSSTE", product_id=CLAVE, unit="money", quantity=300),
            "budget",
            "ISSSTE necesita $5,000.00 más de presupuesto para comprar toda la clave (le faltan 300 unidades).",
        ),
        (
            cost(
                "shortage",
                "capacity",
                300.0,
                institution_id="ISSSTE",
                product_id=CLAVE,
                supplier_id="GENUNI",
                unit="units",
                quantity=300,
            ),
            "capacity",
            "A ISSSTE le faltan 300 unidades de esta clave: 300 unidades más de capacidad de GENUNI las cubrirían.",
        ),
        (
            cost("shortage", "penalty_below_cost", NAN, institution_id="ISSSTE", product_id=CLAVE, quantity=300),
            "penalty_below_cost",
            "A ISSSTE le faltan 300 unidades de esta clave: la penalización por faltante es menor que el precio; "
            "ningún aumento de presupuesto ni de capacidad las cubre.",
        ),
    ],
)
def test_a_shortage_states_what_would_cover_it(fix: dict[str, Any], reason: str, expected: str) -> None:
    tables = inputs([WINNER], [fix], shortages=[("ISSSTE", 300, reason)])
    assert clave_of(tables).notes == [expected]


def test_the_budget_fix_reads_in_english() -> None:
    fix = cost("shortage", "budget", 5000.0, institution_id="ISSSTE", product_id=CLAVE, unit="money", quantity=300)
    tables = inputs([WINNER], [fix], shortages=[("ISSSTE", 300, "budget")])
    assert clave_of(tables, "en").notes == [
        "ISSSTE needs $5,000.00 more budget to buy all of the clave (300 units short)."
    ]


def test_rule_totals_and_budgets_used_up_are_stated_for_the_whole_purchase() -> None:
    rows = [
        cost("rule", "split_shares", 11200.0, product_id=CLAVE, quantity=0),
        cost("rule", "split_shares", 12266.0, quantity=0),
        cost("limit", "budget", 0.333333, institution_id="IMSSB", limit=3012000.0, used=3012000.0),
    ]
    dictamen = build_dictamen(inputs([WINNER], rows), "en", [CLAVE])
    assert dictamen.purchase == [
        "The rule “Split award” costs $12,266.00 across the purchase.",
        "The budget of IMSSB is used up ($3,012,000.00 of $3,012,000.00): each extra $1.00 would save $0.33 of "
        "evaluated cost.",
    ]
    assert dictamen.claves[0].notes == ["The rule “Split award” costs $11,200.00 in this clave."]


# --- an institution's version ---------------------------------------------------------------------------------------


def institution_tables() -> DictamenInputs:
    """GENUNI supplies ISSSTE and IMSS, BAJIO only IMSS; LAB2 lost; rule costs, a capacity and two budgets bind."""
    offers = [
        {**WINNER, "awarded_quantity": 1000},
        bid("BAJIO", 14.00, "won", "cheaper_full", rank=2, awarded_quantity=500, price_to_lose=20.0),
        {**LOSER, "rank": 3, "beaten_by": "GENUNI;BAJIO"},
    ]
    costs = [
        cost("rule", "price_gap", 1250.0, product_id=CLAVE, quantity=0),
        cost("rule", "price_gap", 1250.0, quantity=0),
        cost("limit", "capacity", 4.0, product_id=CLAVE, supplier_id="GENUNI", limit=1000, used=1000),
        cost("limit", "budget", 0.5, institution_id="ISSSTE", limit=10000.0, used=10000.0),
        cost("limit", "budget", 0.25, institution_id="IMSS", limit=90000.0, used=90000.0),
        cost("shortage", "budget", 700.0, institution_id="ISSSTE", product_id=CLAVE, unit="money", quantity=50),
        cost("shortage", "budget", 900.0, institution_id="IMSS", product_id=CLAVE, unit="money", quantity=60),
    ]
    awards = [("ISSSTE", "GENUNI", 200, 13.99), ("IMSS", "GENUNI", 800, 13.99), ("IMSS", "BAJIO", 500, 14.00)]
    return inputs(offers, costs, awards, shortages=[("ISSSTE", 50, "budget"), ("IMSS", 60, "budget")])


def test_an_institution_sees_prices_only_of_the_suppliers_it_buys_from_and_no_turning_price() -> None:
    clave = clave_of(institution_tables(), "es", "ISSSTE")
    assert bid_rows(clave, "es", "MXN") == [
        ["GENUNI — Genéricos Unidos", "$13.99", "$13.99", "1", "200", "ganó"],
        ["BAJIO", "—", "—", "2", "0", "ganó"],
        ["LAB2 — Laboratorio Dos", "—", "—", "3", "0", "perdió"],
    ]
    assert [bid.sentence for bid in clave.bids] == [
        "GENUNI ganó 100.00 % de lo que recibe ISSSTE (200 unidades a $13.99 la unidad) por tener el menor costo "
        "evaluado.",
        "BAJIO ganó una parte de la clave, para otras instituciones, porque un proveedor más barato agotó su "
        "capacidad.",
        "LAB2 perdió: su precio evaluado es mayor que los de GENUNI ($13.99) y BAJIO, que obtuvieron la clave.",
    ]
    text = " ".join(clave.statements)
    for hidden in ("$14.00", "$14.10", "$13.98", "$20.00"):
        assert hidden not in text


def test_an_institution_sees_its_own_shortage_and_budget_and_no_rule_cost_or_shared_capacity() -> None:
    dictamen = build_dictamen(institution_tables(), "es", [CLAVE], "ISSSTE")
    assert dictamen.claves[0].notes == [
        "ISSSTE necesita $700.00 más de presupuesto para comprar toda la clave (le faltan 50 unidades)."
    ]
    assert dictamen.purchase == [
        "El presupuesto de ISSSTE se usa completo ($10,000.00 de $10,000.00): cada $1.00 más ahorraría $0.50 de "
        "costo evaluado."
    ]


def test_the_whole_purchase_sees_every_price_rule_and_limit() -> None:
    dictamen = build_dictamen(institution_tables(), "en", [CLAVE])
    text = " ".join([*dictamen.claves[0].statements, *dictamen.purchase])
    for shown in ("$14.10", "$13.98", "$20.00", "“Max price gap”", "GENUNI's capacity", "IMSS needs $900.00"):
        assert shown in text


def test_reference_prices_are_read_from_the_inadmissible_bids() -> None:
    table = pd.DataFrame(
        {"supplier_id": ["A", "B"], "product_id": [CLAVE, CLAVE], "unit_price": [30.0, 28.0], "reference_price": 26.5}
    )
    assert reference_prices(table) == {CLAVE: 26.5}
    assert reference_prices(pd.DataFrame()) == {}


# --- open contracts --------------------------------------------------------------------------------------------


def with_contracts(rows: list[tuple[str, str, str, int, int, float]]) -> DictamenInputs:
    """WINNER's clave with open contracts as (institution, period, supplier, minimum, maximum, unit price)."""
    contracts = pd.DataFrame(
        [
            (who, CLAVE, period, supplier, most, least, price, most * price, least * price)
            for who, period, supplier, least, most, price in rows
        ],
        columns=CONTRACT_COLUMNS,
    )
    return replace(inputs([WINNER], awards=[("IMSS", "GENUNI", 1000, 13.99)]), open_contracts=contracts)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("es", "Contrato abierto de GENUNI con IMSS: mínimo 400, máximo 1,000 piezas a $13.99."),
        ("en", "Open contract of GENUNI with IMSS: minimum 400, maximum 1,000 units at $13.99."),
    ],
)
def test_an_open_contract_states_its_guaranteed_minimum_and_its_maximum(lang: str, expected: str) -> None:
    # IMSS demands at most 1,000 and commits to 400 (40 %): GENUNI's contract for its whole award is 400 to 1,000.
    tables = with_contracts([("IMSS", "", "GENUNI", 400, 1000, 13.99)])
    statements = sentences(tables, lang)
    assert statements[0].startswith("GENUNI")  # the bid's own sentence first, then its contract
    assert statements[1] == expected


def test_each_contract_of_a_purchase_over_periods_names_its_period_and_an_institution_reads_only_its_own() -> None:
    tables = with_contracts(
        [("IMSS", "2026", "GENUNI", 250, 500, 13.99), ("ISSSTE", "2026", "GENUNI", 200, 300, 13.99)]
    )
    contracts = [sentence for sentence in sentences(tables) if sentence.startswith("Contrato abierto")]
    assert contracts == [
        "Contrato abierto de GENUNI con IMSS (2026): mínimo 250, máximo 500 piezas a $13.99.",
        "Contrato abierto de GENUNI con ISSSTE (2026): mínimo 200, máximo 300 piezas a $13.99.",
    ]
    own = [sentence for sentence in sentences(tables, "es", "IMSS") if sentence.startswith("Contrato abierto")]
    assert own == contracts[:1]


def test_a_clave_of_firm_quantities_states_no_contract() -> None:
    assert not [s for s in sentences(inputs([WINNER])) if "Contrato abierto" in s]
