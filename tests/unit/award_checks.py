"""Shared names and readers for the rule tests: two claves and the tables an officer looks at."""

from __future__ import annotations

from procurement.pipeline import Outcome

P = "010.000.0104.00"  # paracetamol, the default product of tests/builders.py
Q = "010.000.0105.00"
TWO_PRODUCTS = f"""
product_id,description,category,unit
{P},Paracetamol,medicine,caja
{Q},Metamizol,medicine,caja
"""
SPLIT_DEMAND = f"""
institution_id,product_id,quantity
IMSS,{P},60
ISSSTE,{P},40
"""


def unit_prices(outcome: Outcome) -> dict[tuple[str, str, str], float]:
    """{(institution_id, product_id, supplier_id): unit price paid}."""
    return {(a.institution_id, a.product_id, a.supplier_id): a.unit_price for a in outcome.awards.itertuples()}


def shortages(outcome: Outcome) -> dict[tuple[str, str, str], float]:
    """{(institution_id, product_id, reason): quantity short}."""
    return {(s.institution_id, s.product_id, s.reason): s.quantity for s in outcome.shortages.itertuples()}


def binding(outcome: Outcome) -> set[tuple[str, str, str, str]]:
    """{(rule, institution_id, product_id, supplier_id)} of the rules that bound."""
    return {(b.rule, b.institution_id, b.product_id, b.supplier_id) for b in outcome.binding.itertuples()}
