"""The award rules, one module each, in the order every stage applies them (and the docs list them).

Adding a rule: a new module with a `Rule` subclass (procurement/rules/base.py), its entry below, its tests and
its docs entry; see docs/architecture.md.
"""

from __future__ import annotations

from procurement.rules.base import Rule
from procurement.rules.budgets import Budgets
from procurement.rules.capacity import Capacity
from procurement.rules.delivery import Delivery
from procurement.rules.demand import DemandCover
from procurement.rules.fixed_cost import FixedCost
from procurement.rules.max_suppliers import MaxSuppliers
from procurement.rules.min_quantity import MinQuantity
from procurement.rules.min_suppliers import MinSuppliers
from procurement.rules.national_preference import NationalPreference
from procurement.rules.open_contracts import OpenContracts
from procurement.rules.osd import ReverseAuction
from procurement.rules.period_prices import PeriodPrices
from procurement.rules.periods import PeriodCapacity, Periods
from procurement.rules.price_breaks import PriceBreaks
from procurement.rules.price_gap import PriceGap
from procurement.rules.price_reasonableness import PriceReasonableness
from procurement.rules.reference_price import ReferencePrice
from procurement.rules.single_source import SingleSource
from procurement.rules.split_shares import SplitShares
from procurement.rules.supplier_record import SupplierRecord
from procurement.rules.switching import Switching

RULES: tuple[Rule, ...] = (
    DemandCover(),
    OpenContracts(),
    PriceBreaks(),
    PeriodPrices(),
    Capacity(),
    PeriodCapacity(),
    MinQuantity(),
    FixedCost(),
    ReferencePrice(),
    PriceReasonableness(),
    MaxSuppliers(),
    MinSuppliers(),
    PriceGap(),
    SplitShares(),
    SingleSource(),
    Switching(),
    NationalPreference(),
    SupplierRecord(),
    Budgets(),
    Periods(),
    Delivery(),
    ReverseAuction(),
)


def rule(name: str) -> Rule:
    return next(r for r in RULES if r.name == name)
