"""Request and response bodies; input models forbid unknown fields."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, create_model

from procurement.limits import MAX_MONEY, MAX_UNITS

T = TypeVar("T")

Row = dict[str, Any]
# Exact in the database, a JSON number in answers (as jsonable_encoder writes a Decimal), and published as one.
Number = Annotated[Decimal, PlainSerializer(float, return_type=float, when_used="json")]


class Input(BaseModel):
    """A request body: unknown fields and numbers JSON reads as infinite (1e309) are refused."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class ScenarioCreate(Input):
    """A scenario as JSON: scenario.toml's settings at the top level, each CSV table as an array of objects."""

    name: str | None = Field(default=None, max_length=300, examples=["Compra consolidada 2027, claves de diabetes"])
    currency: str | None = Field(default=None, examples=["MXN"])
    policy: dict[str, Any] | None = Field(default=None, examples=[{"max_suppliers": 5, "max_price_gap": 0.1}])
    solver: dict[str, Any] | None = Field(default=None, examples=[{"name": "highs", "time_limit_s": 600}])
    institutions: list[Row] | None = None
    products: list[Row] | None = None
    demand: list[Row] | None = None
    suppliers: list[Row] | None = None
    bids: list[Row] | None = None
    delivery: list[Row] | None = None
    market: list[Row] | None = None
    incumbents: list[Row] | None = None
    supplier_record: list[Row] | None = None
    budgets: list[Row] | None = None
    baseline: list[Row] | None = None


class SolverOptions(Input):
    """Solver options of one run or comparison; each overrides the scenario's [solver] settings."""

    solver: Literal["highs", "cbc"] | None = None
    time_limit_s: float | None = Field(default=None, gt=0, description="the solver's own time limit for each solve")
    mip_gap: float | None = Field(default=None, ge=0, lt=1)
    threads: int | None = Field(default=None, ge=1, le=64)
    wall_limit_s: float | None = Field(
        default=None, gt=0, description="hard limit of the whole run; the solve is killed when it is reached"
    )


class RunCreate(SolverOptions):
    """Options of one run."""

    explain: bool | None = Field(
        default=None,
        description="explain every award (the default): it re-solves the purchase with one thing changed at a "
        "time, which can take longer than the solve itself",
    )


class Revision(Input):
    """A revised price of a reverse-auction round: one bid row of an OSD clave, lowered."""

    supplier_id: str = Field(min_length=1, max_length=64, examples=["LERMA"])
    product_id: str = Field(min_length=1, max_length=64, examples=["010.000.1050.00"])
    unit_price: float = Field(gt=0, le=MAX_MONEY, examples=[119.5])
    from_quantity: int | None = Field(
        default=None, ge=0, le=MAX_UNITS, description="the price break revised (blank: 0)"
    )
    period: str | None = Field(
        default=None, max_length=64, description="the period of the bid revised, where its clave is priced per period"
    )


class OsdRoundClose(Input):
    """The revised prices that close a reverse-auction round."""

    revisions: list[Revision] = Field(min_length=1, max_length=100_000)


class OsdRoundPublic(BaseModel):
    """One OSD clave in one round (procurement.osd.ROUND_COLUMNS)."""

    product_id: str
    round: int
    suppliers: str
    lowest_price: float | None
    quantity: int
    paid: float
    change: float | None


class IssuePublic(BaseModel):
    location: str
    code: str | None = None  # stable across languages (procurement.messages, area "issue")
    message: str  # in the request's Accept-Language, Spanish by default
    severity: str


class ErrorPublic(BaseModel):
    """Every error, whatever its status: a stable `error` code, a `detail` in the request's language, and the
    problems found (each with a `location` and, for most, a stable `code`)."""

    error: str = Field(examples=["invalid"])
    detail: str
    issues: list[IssuePublic]


class VersionPublic(BaseModel):
    number: int
    sha256: str
    scenario_fingerprint: str | None  # None for versions stored before fingerprints were kept
    change: str
    created_by: str
    created_at: datetime


class ScenarioPublic(BaseModel):
    id: int
    name: str
    currency: str
    coordinator: str
    version: int
    sha256: str
    scenario_fingerprint: str | None
    settings: dict[str, Any]
    counts: dict[str, int]
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None
    warnings: list[IssuePublic] = []


class ProgressPublic(BaseModel):
    """How far a run or comparison has got: a step and the latest notice's code and figures, the same in every
    language, and the notice in words in the Accept-Language."""

    step: str = Field(
        description="a run: queued, building, solving, explaining, finished; a comparison: queued, solving, finished"
    )
    code: str | None = Field(
        description="the latest notice (none yet: null): a run's model_built, solving, solved_block, explaining, "
        "done; a comparison's variants_solving, variants, done"
    )
    figures: dict[str, int | str] = Field(
        description="the notice's figures: solved_block's done and total (blocks), model_built's pairs and alone, "
        "solving's count; variants_solving's done, total (variants) and label (the variant solved last)"
    )
    message: str = Field(description="the notice in words, in the Accept-Language (es, en); empty before one")


class RunPublic(BaseModel):
    id: int
    scenario_id: int
    version: int
    input_sha256: str
    scenario_fingerprint: str | None
    status: str
    options: dict[str, Any]
    wall_limit_s: float
    progress: ProgressPublic
    solver_status: str | None
    objective: Number | None
    error: str | None
    summary: dict[str, Any] | None
    events: list[Any]
    attempts: int
    created_by: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    published_at: datetime | None
    explained: bool = Field(description="stored with its explanation (runs stored before migration 0006 are not)")


class ComparisonTable(BaseModel):
    columns: list[str]
    rows: list[list[Any]]


class ComparisonPublic(BaseModel):
    """A what-if comparison: its status and progress; once succeeded, its variants and the side-by-side table."""

    id: int
    scenario_id: int
    version: int
    input_sha256: str
    scenario_fingerprint: str | None
    status: str
    vary: list[str]
    options: dict[str, Any]
    wall_limit_s: float
    progress: ProgressPublic
    error: str | None
    issues: list[IssuePublic]
    events: list[Any]
    attempts: int
    created_by: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    variants: list[dict[str, Any]]
    currency: str | None
    language: str
    table: ComparisonTable | None = Field(description="in the Accept-Language; null until the comparison succeeded")


TEXT_COLUMNS = ("rule", "reason", "baseline_source", "dearer_reason", "period")


def row_model(name: str, columns: Sequence[str], nullable: bool = False) -> type[BaseModel]:
    """A result table's row as published, from the columns the core declares: ids and codes are text, every other
    column a number (`nullable`: either may be null, as in the savings tables where a baseline is missing)."""
    fields: dict[str, Any] = {}
    for column in columns:
        kind: Any = str if column.endswith("_id") or column in TEXT_COLUMNS else Number
        fields[column] = (kind | None if nullable else kind, ...)
    model: type[BaseModel] = create_model(name, **fields)
    return model


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


class HealthPublic(BaseModel):
    status: str
    checks: dict[str, str] = {}


class ExplainedOfferPublic(BaseModel):
    """One offer (supplier × clave, or × clave and period where the clave is priced per period) and what decided it,
    as explanation.csv; prices an institution's key may not see are null."""

    product_id: str
    period: str = Field(description="the period its bid prices; blank: the clave is priced over every period")
    supplier_id: str
    national: bool
    unit_price: Number | None
    evaluated_price: Number | None
    delivery_cost: Number | None = Field(description="per unit")
    rank: int | None
    capacity: Number | None
    awarded_quantity: Number
    awarded_cost: Number | None
    outcome: Literal["won", "lost", "inadmissible"]
    reason: str
    beaten_by: str
    price_to_win: Number | None
    price_to_lose: Number | None
    found_by: str


class RuleCostPublic(BaseModel):
    """What a rule costs, what one more unit of a binding limit is worth, or what would cover a shortage, as
    rule_costs.csv."""

    kind: Literal["rule", "limit", "shortage"]
    rule: str
    institution_id: str
    product_id: str
    supplier_id: str
    period: str
    limit: Number | None
    used: Number | None
    value: Number | None
    unit: str
    quantity: Number | None
    cost_with: Number | None
    cost_without: Number | None


class ExplanationPublic(BaseModel):
    """Why each offer of a run won or lost, and what its rules, limits and shortages cost; each table paged alike."""

    offers: Page[ExplainedOfferPublic]
    rule_costs: Page[RuleCostPublic]
