"""Request and response bodies; input models forbid unknown fields."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")
Row = dict[str, Any]


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


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
    baseline: list[Row] | None = None


class RunCreate(Input):
    """Solver options of one run; each overrides the scenario's [solver] settings."""

    solver: Literal["highs", "cbc"] | None = None
    time_limit_s: float | None = Field(default=None, gt=0, description="the solver's own time limit for each solve")
    mip_gap: float | None = Field(default=None, ge=0, lt=1)
    threads: int | None = Field(default=None, ge=1, le=64)
    wall_limit_s: float | None = Field(
        default=None, gt=0, description="hard limit of the whole run; the solve is killed when it is reached"
    )


class IssuePublic(BaseModel):
    location: str
    message: str
    severity: str


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


class RunPublic(BaseModel):
    id: int
    scenario_id: int
    version: int
    input_sha256: str
    scenario_fingerprint: str | None
    status: str
    options: dict[str, Any]
    wall_limit_s: float
    progress: str
    solver_status: str | None
    objective: Decimal | None
    error: str | None
    summary: dict[str, Any] | None
    events: list[Any]
    attempts: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    published_at: datetime | None


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


class HealthPublic(BaseModel):
    status: str
    checks: dict[str, str] = {}
