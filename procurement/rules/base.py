"""What an award rule is: one object that declares its inputs and adds itself to every stage that needs it.

The validator, the workbook template, the format docs, the index, the model builder, block splitting and the
explanations all loop over the registered rules (procurement.rules.RULES) and call the hooks below; a rule
overrides the hooks it needs. Hooks work on whole arrays, never on one bid, arc or demand row at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
import pandas as pd

from procurement.arrays import positions
from procurement.errors import Issue, Severity
from procurement.scenario import Column, Kind, Policy, Scenario, Setting, TableSpec

if TYPE_CHECKING:
    from procurement.awards import SolvedAward
    from procurement.index import AwardIndex
    from procurement.model import AwardModel

Tables = dict[str, pd.DataFrame]
OFFER = ["supplier_id", "product_id", "period"]  # the bid rows of one offer (period: blank for every period)


class Rule:
    """One award rule. Subclasses set the declarations and override the hooks they need."""

    name: ClassVar[str] = ""
    title: ClassVar[str] = ""  # the rule as the format docs name it, e.g. "capacity"
    summary: ClassVar[str] = ""  # what it means, for the docs' table of rules
    columns: ClassVar[dict[str, tuple[Column, ...]]] = {}  # file name -> columns it adds to that core table
    tables: ClassVar[tuple[TableSpec, ...]] = ()  # whole tables it owns (e.g. delivery.csv)
    settings: ClassVar[tuple[Setting, ...]] = ()  # [policy] settings it reads
    overrides: ClassVar[dict[str, str]] = {}  # products.csv column -> the [policy] setting it overrides
    label: ClassVar[tuple[str, str]] = ("", "")  # its name for people: Spanish, English
    reason: ClassVar[str] = ""  # the shortage reason it gives when its limit stops supply
    reason_labels: ClassVar[dict[str, tuple[str, str]]] = {}  # every reason it gives: Spanish, English
    limit_labels: ClassVar[dict[str, tuple[str, str]]] = {}  # limits it lists in binding_rules.csv by another name
    links: ClassVar[str] = ""  # what it ties together across products, for the docs ("" = nothing)

    # --- validation -------------------------------------------------------------------------------------

    def check(self, tables: Tables, policy: Mapping[str, Any], issues: list[Issue]) -> None:
        """Problems across rows and tables that only this rule knows of (appended to `issues`)."""

    # --- the index --------------------------------------------------------------------------------------

    def admissible(self, scenario: Scenario) -> np.ndarray:
        """Which bid rows may be awarded at all (one flag per row of scenario.bids)."""
        return np.ones(len(scenario.bids), dtype=bool)

    def index(self, index: AwardIndex) -> None:
        """Fill in what the rule adds to the index (e.g. delivery cost per arc)."""

    def needs_choices(self, index: AwardIndex) -> np.ndarray:
        """Which offers need a yes/no award decision (a binary per price tier) for this rule."""
        return np.zeros(len(index.offer_market), dtype=bool)

    def market_links(self, index: AwardIndex) -> np.ndarray:
        """Pairs of markets this rule ties into one model (shape (k, 2)); blocks never split them apart."""
        return np.zeros((0, 2), dtype=np.int64)

    # --- the model ----------------------------------------------------------------------------------------

    def add(self, model: AwardModel) -> None:
        """Add the rule's variables, constraints and cost terms to the model, in bulk."""

    # --- explanations -------------------------------------------------------------------------------------

    def blocked_pairs(self, award: SolvedAward) -> np.ndarray:
        """For each demand pair, whether this rule's limit keeps any more supply from reaching it."""
        return np.zeros(len(award.index.pair_market), dtype=bool)

    def blocked_arcs(self, award: SolvedAward) -> np.ndarray:
        """For each arc, whether this rule's limit is what keeps more supply from flowing along it."""
        return np.zeros(len(award.index.arc_offer), dtype=bool)

    def binding(self, award: SolvedAward) -> pd.DataFrame | None:
        """This rule's limits that are used up in the award (rows of binding_rules.csv), or None."""
        return None

    # --- what a rule costs --------------------------------------------------------------------------------

    costed: ClassVar[bool] = False  # rule_costs.csv says what it costs, by re-solving without it

    def active_markets(self, index: AwardIndex) -> np.ndarray:
        """Markets whose award this rule may change (where it is set and has a choice to restrict)."""
        return np.zeros(len(index.market_product), dtype=bool)

    def refusing_markets(self, index: AwardIndex) -> np.ndarray:
        """Markets of products with a bid row this rule does not admit (for rules that refuse bids)."""
        scenario = index.scenario
        refused = ~self.admissible(scenario)
        product = positions(scenario.bids["product_id"].to_numpy()[refused], scenario.products["product_id"])
        active: np.ndarray = np.isin(index.market_product, product)
        return active

    def lifted(self, scenario: Scenario) -> Scenario:
        """The purchase without this rule: its [policy] settings and its products.csv values left blank."""
        products = scenario.products.copy()
        blank = {Kind.FLAG: False, Kind.SHARES: ()}
        for column in self.columns.get("products.csv", ()):
            products[column.name] = [blank.get(column.kind, np.nan)] * len(products)
        names = {setting.name for setting in self.settings}
        policy = Policy({key: value for key, value in scenario.policy.items() if key not in names})
        return replace(scenario, products=products, policy=policy)


def report_rows(
    file: str,
    column: str,
    table: pd.DataFrame,
    mask: np.ndarray | pd.Series,
    issues: list[Issue],
    code: str,
    params: Callable[[int], Mapping[str, object]],
    severity: Severity = Severity.ERROR,
) -> None:
    """One issue `code` per row selected by `mask`, located by the row's line in the file; `params` gets the row's
    position in `table` (to index arrays of its columns, not labels) and gives the message's values."""
    lines = table["_row"].to_numpy()
    for at in np.flatnonzero(np.asarray(mask, dtype=bool)).tolist():
        issues.append(Issue(file, int(lines[at]), column, code, severity, params(at)))


def fmt(value: object) -> str:
    """A cell value as a person would type it: 0.1, 12, yes."""
    if isinstance(value, float):
        return "" if np.isnan(value) else f"{value:g}"
    return str(value)


def check_offer_condition(bids: pd.DataFrame, column: str, issues: list[Issue]) -> None:
    """The price-break rows of one offer agree on `column`: one offer has one capacity, minimum, fixed cost."""
    if not bids[column].notna().any():
        return  # no row gives it (e.g. the column is absent): nothing can differ
    rows = bids.drop_duplicates([*OFFER, "from_quantity"])  # repeats are reported as such
    given = rows[rows[column].notna()]
    differs = given.groupby(OFFER, sort=False)[column].transform("nunique") > 1
    for (supplier, product, _), offer in given[differs].groupby(OFFER, sort=False):
        lines = ", ".join(str(row) for row in offer["_row"])
        values = ", ".join(fmt(value) for value in offer[column])
        params = {"rows": lines, "supplier": supplier, "product": product, "values": values, "column": column}
        issues.append(Issue("bids.csv", int(offer["_row"].iloc[-1]), column, "offer_rows_differ", params=params))


BINDING_COLUMNS = ["rule", "institution_id", "product_id", "supplier_id", "period", "limit", "used"]


def binding_rows(
    award: SolvedAward,
    rule: str,
    limit: np.ndarray,
    used: np.ndarray,
    product: np.ndarray | None = None,
    supplier: np.ndarray | None = None,
    institution: np.ndarray | None = None,
    period: np.ndarray | None = None,
) -> pd.DataFrame:
    """Rows of binding_rules.csv from positions of products, suppliers and institutions, and periods (None:
    blank)."""
    scenario = award.index.scenario

    def ids(table: pd.DataFrame, column: str, at: np.ndarray | None) -> np.ndarray:
        return np.full(len(limit), "", dtype=object) if at is None else table[column].to_numpy()[at]

    return pd.DataFrame(
        {
            "rule": rule,
            "institution_id": ids(scenario.institutions, "institution_id", institution),
            "product_id": ids(scenario.products, "product_id", product),
            "supplier_id": ids(scenario.suppliers, "supplier_id", supplier),
            "period": np.full(len(limit), "", dtype=object) if period is None else np.asarray(period, dtype=object),
            "limit": np.asarray(limit, dtype=float),
            "used": np.asarray(used, dtype=float),
        },
        columns=BINDING_COLUMNS,
    )
