"""The columns of explanation.csv and rule_costs.csv, and the codes their `outcome`, `reason`, `kind` and
`unit` cells hold. Words for people come from the message catalogue (procurement.messages), keyed by these codes."""

from __future__ import annotations

EXPLANATION_COLUMNS = [
    "product_id",
    "period",  # the period its bid prices (a clave priced per period has an offer per period), else blank
    "supplier_id",
    "national",  # true / false
    "unit_price",  # the price it is paid (won), else its lowest admissible price, else its lowest price
    "evaluated_price",  # unit_price as compared: national preference applied
    "delivery_cost",  # per unit, averaged over the clave's institutions weighted by their demand
    "rank",  # 1 = lowest evaluated price + delivery among the clave's admissible offers; blank: inadmissible
    "capacity",  # blank: no limit
    "awarded_quantity",
    "awarded_cost",  # purchase + delivery + fixed, what it is paid
    "outcome",  # OUTCOMES
    "reason",  # REASONS[outcome]
    "beaten_by",  # lost: the winning suppliers of the clave, ";"-separated
    "price_to_win",  # lost and admissible: highest unit price, for every quantity, at which it wins some
    "price_to_lose",  # won: unit price, for every quantity, above which it wins nothing
    "found_by",  # how the prices were found: "network" (exact from the flow's marginal costs) or "re-solve";
    # TIME_LIMIT: the explanation's time limit came before they were found
]

TIME_LIMIT = "time_limit"  # found_by of an offer whose price the explanation's time limit left blank

OUTCOMES = ("won", "lost", "inadmissible")
# the rules whose limit can keep an offer from winning anything, in the order a losing offer is said to be kept out
LOSING_RULES = (
    "price_gap",
    "max_suppliers",
    "single_source",
    "split_shares",
    "min_quantity",
    "min_suppliers",
    "switching",
)

REASONS: dict[str, tuple[str, ...]] = {
    "inadmissible": ("above_reference_price", "price_not_acceptable", "price_not_convenient", "beyond_reach"),
    "won": (
        "lowest_cost",
        "lowest_delivered",
        "cheaper_full",
        "split_share",
        "min_suppliers",
        "incumbent",
        "lowest_total",
    ),
    "lost": ("beaten_on_price", "higher_total", *LOSING_RULES, "budget", "penalty_below_cost"),
}

RULE_COST_COLUMNS = [
    "kind",  # KINDS
    "rule",  # the rule or limit (a rule name of procurement.rules)
    "institution_id",
    "product_id",  # blank on a rule's total row
    "supplier_id",
    "period",  # a shortage's or a budget's period, in a purchase over several (else blank)
    "limit",  # limits and shortages: the budget or capacity as given
    "used",  # limits: how much of it the award uses
    "value",  # rule: cost paid with it - without it; limit: cost saved per one more unit; shortage: what is missing
    "unit",  # UNITS
    "quantity",  # rule: unmet units with it - without it; shortage: units short
    "cost_with",  # rule: cost paid with the rule (the award)
    "cost_without",  # rule: cost paid when re-solved without it
]

KINDS = ("rule", "limit", "shortage")
UNITS = ("money", "money_per_unit", "money_per_money", "units")
