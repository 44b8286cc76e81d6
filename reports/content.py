"""What a savings report says, in the order it says it, computed once from an Outcome for every format.

An institution's version is computed from that institution's rows only: its savings, its awards, its suppliers,
its shortages and its budget; nothing of another institution appears in it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from procurement.pipeline import Outcome
from procurement.report import costs, summary
from procurement.rules.open_contracts import MAXIMUM
from procurement.rules.periods import has_periods, period_shown
from procurement.rules.supplier_record import record_surcharges
from procurement.savings import pair_savings, savings_totals, summarize_savings
from procurement.solve import SolveOptions
from reports.dictamen import Dictamen, DictamenInputs, build_dictamen, reference_prices
from reports.labels import check_language

COST_ITEMS = ("purchase", "delivery", "fixed", "shortage")
BUDGET_LIMITS = ("budget", "period_budget")  # binding_rules.csv rows in money: an institution's budgets
CONTRACT_FIGURES = ["minimum_quantity", "maximum_quantity", "unit_price", "minimum_cost", "maximum_cost"]
PERIOD_FIGURES = ["baseline_cost", "consolidated_cost", "savings", "savings_pct", "unmet_quantity", "unmet_value"]


@dataclass(frozen=True)
class ReportOptions:
    lang: str = "es"
    institution: str | None = None  # an institution's own version of the report

    def __post_init__(self) -> None:
        check_language(self.lang)


@dataclass
class ReportContent:
    """The sections of the savings report in order; money in currency units, shares in percent."""

    scenario: str
    currency: str
    lang: str
    institution: tuple[str, str] | None
    generated_at: str
    headline: dict[str, Any]
    institutions: pd.DataFrame  # institution_id, name, baseline_cost, consolidated_cost, savings, savings_pct,
    # unmet_quantity, unmet_value
    periods: pd.DataFrame  # period and the same figures; no rows for a purchase with one period
    cost_split: dict[str, float]
    awards: pd.DataFrame  # product_id, description, supplier_id, supplier, quantity, unit_price, total_cost, share
    suppliers: pd.DataFrame  # supplier_id, supplier, total_cost, share
    shortages: pd.DataFrame  # institution_id, product_id, quantity, reason, penalty_cost
    binding: pd.DataFrame  # rule, institution_id, product_id, supplier_id, limit, used
    dearer: pd.DataFrame  # institution_id, product_id, description, baseline_cost, consolidated_cost, savings, reason
    # product_id, institution_id, (period,) supplier_id, supplier and CONTRACT_FIGURES; no rows without open contracts
    open_contracts: pd.DataFrame = field(default_factory=pd.DataFrame)
    open_budget: str = MAXIMUM  # what budgets counted of each open contract: its maximum or its minimum
    audit: dict[str, Any] = field(default_factory=dict)
    dictamen: Dictamen | None = None  # per clave, why each bid won or lost (None: the run has no explanation)


def build_content(outcome: Outcome, solve_options: SolveOptions, options: ReportOptions) -> ReportContent:
    """The report's figures, restricted to `options.institution` when one is given."""
    scenario = outcome.scenario
    institution = _institution(outcome, options.institution)
    mine = _only(options.institution)
    awards, shortages = mine(outcome.awards), mine(outcome.shortages)
    pairs = mine(outcome.savings_pairs)
    # the evaluation credit is the whole purchase's only: the solver does not split it by institution
    spend = costs(awards, shortages, outcome.solution.cost_terms if options.institution is None else {})
    return ReportContent(
        scenario=scenario.name,
        currency=scenario.currency,
        lang=options.lang,
        institution=institution,
        generated_at=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        headline=_headline(outcome, pairs, spend, len(shortages)),
        institutions=_institutions(outcome, pairs),
        periods=_periods(outcome, pairs),
        cost_split={**{item: spend[item] for item in COST_ITEMS[:3]}, "shortage": spend["shortage_penalty"]},
        awards=_awards(outcome, awards),
        suppliers=_suppliers(outcome, awards),
        shortages=shortages.reset_index(drop=True),
        binding=_binding(outcome, options.institution),
        dearer=_dearer(outcome, pairs),
        open_contracts=_open_contracts(outcome, mine(outcome.open_contracts)),
        open_budget=str(scenario.policy.get("open_contract_budget") or MAXIMUM),
        audit=_audit(outcome, solve_options),
        dictamen=_dictamen(outcome, options),
    )


def _institution(outcome: Outcome, institution_id: str | None) -> tuple[str, str] | None:
    if institution_id is None:
        return None
    names = outcome.scenario.institutions.set_index("institution_id")["name"]
    if institution_id not in names.index:
        known = ", ".join(names.index)
        raise ValueError(f'institution "{institution_id}" is not in this purchase (its institutions: {known})')
    return institution_id, str(names[institution_id])


def _only(institution_id: str | None) -> Any:
    def rows(table: pd.DataFrame) -> pd.DataFrame:
        return table if institution_id is None else table[table["institution_id"] == institution_id]

    return rows


def _headline(outcome: Outcome, pairs: pd.DataFrame, spend: dict[str, float], shortages: int) -> dict[str, Any]:
    """Like-for-like savings, unmet demand beside them, the cost paid and the evaluation credit and surcharge."""
    solution = outcome.solution
    return {
        **savings_totals(pairs),
        "cost_paid": spend["paid"],
        "evaluation_credit": spend["evaluation_credit"],
        "evaluation_surcharge": spend["evaluation_surcharge"],
        "status": str(solution.status),
        "gap": solution.gap,
        "shortages": shortages,
        "has_solution": solution.status.has_solution,
    }


def _institutions(outcome: Outcome, pairs: pd.DataFrame) -> pd.DataFrame:
    table = summarize_savings(pairs, "institution_id")
    names = outcome.scenario.institutions[["institution_id", "name"]]
    return table.merge(names, on="institution_id", how="left")[["institution_id", "name", *PERIOD_FIGURES]]


def _periods(outcome: Outcome, pairs: pd.DataFrame) -> pd.DataFrame:
    """Savings per period of a purchase over several (procurement.rules.periods); no rows for one period."""
    columns = ["period", *PERIOD_FIGURES]
    if not has_periods(outcome.scenario):
        return pd.DataFrame(columns=columns)
    return summarize_savings(pairs, "period")[columns]


def _dearer(outcome: Outcome, pairs: pd.DataFrame) -> pd.DataFrame:
    """Institution-product pairs that cost more pooled than their baseline, dearest first, with the reason."""
    table = pair_savings(pairs)
    table = table[table["dearer_reason"] != ""]
    products = outcome.scenario.products[["product_id", "description"]]
    columns = ["institution_id", "product_id", "description", "baseline_cost", "consolidated_cost", "savings", "reason"]
    table = table.merge(products, on="product_id", how="left").rename(columns={"dearer_reason": "reason"})
    return table.sort_values(["savings", "product_id", "institution_id"])[columns].reset_index(drop=True)


def _awards(outcome: Outcome, awards: pd.DataFrame) -> pd.DataFrame:
    """One row per product and supplier: the quantity over the institutions covered and its share of the product."""
    columns = ["product_id", "description", "supplier_id", "supplier", "quantity", "unit_price", "total_cost", "share"]
    if awards.empty:
        return pd.DataFrame(columns=columns)
    grouped = awards.groupby(["product_id", "supplier_id", "unit_price"], as_index=False)[
        ["quantity", "total_cost"]
    ].sum()
    grouped["share"] = 100 * grouped["quantity"] / grouped.groupby("product_id")["quantity"].transform("sum")
    products = outcome.scenario.products[["product_id", "description"]]
    suppliers = outcome.scenario.suppliers[["supplier_id", "name"]].rename(columns={"name": "supplier"})
    table = grouped.merge(products, on="product_id", how="left").merge(suppliers, on="supplier_id", how="left")
    return table.sort_values(["product_id", "share"], ascending=[True, False])[columns].reset_index(drop=True)


def _open_contracts(outcome: Outcome, contracts: pd.DataFrame) -> pd.DataFrame:
    """Each awarded open contract by clave, institution, (period) and supplier: its guaranteed minimum and its
    maximum, in units and in money (procurement.rules.open_contracts); no period column for a purchase with one."""
    suppliers = outcome.scenario.suppliers[["supplier_id", "name"]].rename(columns={"name": "supplier"})
    columns = ["product_id", "institution_id", "period", "supplier_id", "supplier", *CONTRACT_FIGURES]
    table = contracts.merge(suppliers, on="supplier_id", how="left")[columns]
    table = table.sort_values(["product_id", "institution_id", "period", "supplier_id"]).reset_index(drop=True)
    return period_shown(outcome.scenario, table)


def _suppliers(outcome: Outcome, awards: pd.DataFrame) -> pd.DataFrame:
    """Share of the total awarded value per supplier, largest first."""
    columns = ["supplier_id", "supplier", "total_cost", "share"]
    if awards.empty:
        return pd.DataFrame(columns=columns)
    value = awards.groupby("supplier_id", as_index=False)["total_cost"].sum()
    total = value["total_cost"].sum()
    value["share"] = 100 * value["total_cost"] / total if total else 0.0
    suppliers = outcome.scenario.suppliers[["supplier_id", "name"]].rename(columns={"name": "supplier"})
    table = value.merge(suppliers, on="supplier_id", how="left")
    return table.sort_values(["total_cost", "supplier_id"], ascending=[False, True])[columns].reset_index(drop=True)


def _binding(outcome: Outcome, institution_id: str | None) -> pd.DataFrame:
    """Bound rules; an institution's version shows its own budget only (capacities are shared by everyone)."""
    binding = outcome.binding
    if institution_id is None:
        return binding.reset_index(drop=True)
    own = binding["rule"].isin(BUDGET_LIMITS) & (binding["institution_id"] == institution_id)
    return binding[own].reset_index(drop=True)


def _dictamen(outcome: Outcome, options: ReportOptions) -> Dictamen | None:
    """The dictamen of every clave demanded (by the institution, in its version)."""
    inputs = _dictamen_inputs(outcome)
    if inputs is None:
        return None
    demand = _only(options.institution)(outcome.scenario.demand)
    products = sorted(set(demand["product_id"]))
    return build_dictamen(inputs, options.lang, products, options.institution)


def _dictamen_inputs(outcome: Outcome) -> DictamenInputs | None:
    """The dictamen's tables of a solved outcome; None when it has no explanation."""
    if outcome.explanation is None:
        return None
    scenario = outcome.scenario
    products, suppliers = scenario.products, scenario.suppliers
    return DictamenInputs(
        offers=outcome.explanation.offers,
        rule_costs=outcome.explanation.rule_costs,
        awards=outcome.awards,
        shortages=outcome.shortages,
        currency=scenario.currency,
        reference_prices=reference_prices(outcome.solution.inadmissible),
        price_flags=outcome.price_flags,
        surcharges=record_surcharges(scenario),
        descriptions=dict(zip(products["product_id"], products["description"], strict=True)),
        supplier_names=dict(zip(suppliers["supplier_id"], suppliers["name"], strict=True)),
        open_contracts=outcome.open_contracts,
    )


def _audit(outcome: Outcome, solve_options: SolveOptions) -> dict[str, Any]:
    facts = summary(outcome, solve_options)
    solver = facts["solver"]
    chosen = {name: solver[name] for name in ("time_limit_s", "mip_gap", "threads")}
    options = ", ".join(f"{name}={value}" for name, value in chosen.items() if value is not None)
    return {
        "input_sha256": facts["input_sha256"],
        "scenario_fingerprint": facts["scenario_fingerprint"],
        "solver": f"{solver['name']} — {solver['version']}",
        "options": options,
        "model": f"{solver['model']}, {solver['blocks']} block(s)",
        "wall_time": f"{facts['wall_time_s']:.3f}",
        "software": f"procurement {facts['procurement_version']}",
    }
