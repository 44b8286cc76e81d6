"""Turn an OR-Library capacitated warehouse location file (Beasley's capinfo format) into a scenario package.

Customers become institutions demanding one product; warehouses become suppliers bidding on it at price 0,
with the warehouse's capacity and fixed cost; delivery.csv carries each assignment cost per unit. The
award model's optimum is then the instance's CFLP optimum (single-source when asked).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from procurement.errors import Issue, ScenarioError
from procurement.files import write_package

PRODUCT_ID = "CFLP"
CAPACITY_PLACEHOLDER = "capacity"  # capa/capb/capc leave every capacity as this word; capopt gives the values
Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Instance:
    """The numbers of one instance: m warehouses, n customers."""

    name: str
    capacity: Floats  # (m,)
    fixed_cost: Floats  # (m,)
    demand: Floats  # (n,)
    cost: Floats  # (m, n): cost of serving ALL of customer j's demand from warehouse i

    @property
    def shortfall_penalty(self) -> float:
        """A per-unit penalty above the cost of any full supply: opening every warehouse and serving each
        customer from its dearest one. A shortage is then never cheaper than supply, because with whole
        capacities and demands (as in every OR-Library file) a solution that must fall short does so by at
        least one unit, and one that could supply everything is better off moving a short unit to spare capacity.
        """
        return float(self.fixed_cost.sum() + self.cost.max(axis=0).sum() + 1.0)


def read_instance(path: str | Path, capacity: float | None = None) -> Instance:
    """Read an OR-Library file; `capacity` replaces every warehouse's capacity (needed for capa/capb/capc)."""
    path = Path(path)
    return parse_instance(path.read_text(encoding="ascii"), path.stem, capacity)


def parse_instance(text: str, name: str, capacity: float | None = None) -> Instance:
    """Parse by whitespace tokens, since line layout differs between copies of the same file."""
    tokens = text.split()
    if len(tokens) < 2:
        raise _format_error(name, "has no 'm n' header")
    m, n = _count(tokens[0], name), _count(tokens[1], name)
    expected = 2 + 2 * m + n * (1 + m)
    if len(tokens) != expected:
        raise _format_error(name, f"has {len(tokens)} numbers; {m} warehouses and {n} customers need {expected}")
    warehouses = tokens[2 : 2 + 2 * m]
    customers = _numbers(tokens[2 + 2 * m :], name).reshape(n, 1 + m)
    if (customers[:, 0] <= 0).any():
        raise _format_error(name, "has a customer with no demand; costs per unit need a demand above 0")
    return Instance(
        name=name,
        capacity=_capacities(warehouses[0::2], capacity, name),
        fixed_cost=_numbers(warehouses[1::2], name),
        demand=customers[:, 0].copy(),
        cost=customers[:, 1:].T.copy(),
    )


def _capacities(tokens: list[str], capacity: float | None, name: str) -> Floats:
    if capacity is not None:
        return np.full(len(tokens), float(capacity))
    if CAPACITY_PLACEHOLDER in tokens:
        raise _format_error(name, "leaves capacities as the word 'capacity'; give the capacity to use")
    return _numbers(tokens, name)


def _numbers(tokens: list[str], name: str) -> Floats:
    try:
        return np.array([float(token) for token in tokens], dtype=np.float64)
    except ValueError as error:
        raise _format_error(name, f"has a token that is not a number ({error})") from error


def _count(token: str, name: str) -> int:
    if not token.isdigit() or int(token) < 1:
        raise _format_error(name, f'"{token}" is not a count of warehouses or customers')
    return int(token)


def _format_error(name: str, message: str) -> ScenarioError:
    return ScenarioError([Issue(name, None, None, "orlib_format", params={"detail": message})])


def package_tables(instance: Instance, single_source: bool = False) -> tuple[dict[str, Any], dict[str, pd.DataFrame]]:
    """The settings and the tables (keyed by file name) of the scenario package for one instance."""
    customers = _ids("C", len(instance.demand))
    warehouses = _ids("W", len(instance.capacity))
    settings: dict[str, Any] = {
        "name": instance.name,
        # The default penalty (10 x the dearest unit cost) ignores fixed costs, so leaving a customer short
        # could be cheaper than opening a warehouse; set one no full supply can exceed.
        "policy": {"shortfall_penalty": instance.shortfall_penalty},
        "solver": {"mip_gap": 0.0},
    }
    tables = {
        "institutions.csv": pd.DataFrame({"institution_id": customers, "name": customers}),  # no budget: no linking
        "products.csv": _products(single_source),
        "demand.csv": pd.DataFrame(
            {"institution_id": customers, "product_id": PRODUCT_ID, "quantity": instance.demand}
        ),
        "suppliers.csv": pd.DataFrame({"supplier_id": warehouses, "name": warehouses}),
        "bids.csv": _bids(instance, warehouses),
        "delivery.csv": _delivery(instance, warehouses, customers),
    }
    return settings, tables


def write_instance_package(
    folder: str | Path,
    source: str | Path,
    capacity: float | None = None,
    single_source: bool = False,
) -> Path:
    """Write the scenario package of the OR-Library file `source` into `folder`."""
    settings, tables = package_tables(read_instance(source, capacity), single_source)
    return write_package(folder, settings, tables)


def _ids(prefix: str, count: int) -> list[str]:
    width = len(str(count))
    return [f"{prefix}{k:0{width}d}" for k in range(1, count + 1)]


def _products(single_source: bool) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "product_id": [PRODUCT_ID],
            "description": ["OR-Library customer demand"],
            "category": ["supply"],
            "unit": ["unit"],
            "single_source": [str(single_source).lower()],
        }
    )


def _bids(instance: Instance, warehouses: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "supplier_id": warehouses,
            "product_id": PRODUCT_ID,
            "unit_price": 0.0,
            "capacity": instance.capacity,
            "fixed_cost": instance.fixed_cost,
        }
    )


def _delivery(instance: Instance, warehouses: list[str], customers: list[str]) -> pd.DataFrame:
    """Per-unit delivery cost c_ij / d_j for every warehouse i and customer j (warehouse-major order)."""
    m, n = instance.cost.shape
    return pd.DataFrame(
        {
            "supplier_id": np.repeat(warehouses, n),
            "institution_id": np.tile(customers, m),
            "product_id": PRODUCT_ID,
            "cost_per_unit": (instance.cost / instance.demand).ravel(),
        }
    )
