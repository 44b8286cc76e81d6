"""Small scenario packages written from CSV text, for tests that read as the rule they check."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

from procurement.pipeline import Outcome, options_for, run_scenario
from procurement.scenario import Scenario
from procurement.validate import load_scenario

DEFAULTS = {
    "scenario.toml": 'name = "test"\n',
    "institutions.csv": "institution_id,name\nIMSS,IMSS\nISSSTE,ISSSTE\n",
    "products.csv": "product_id,description,category,unit\n010.000.0104.00,Paracetamol,medicine,caja\n",
    "demand.csv": "institution_id,product_id,quantity\nIMSS,010.000.0104.00,100\n",
    "suppliers.csv": "supplier_id,name,national\nA,Lab A,false\nB,Lab B,false\nC,Lab C,false\n",
    "bids.csv": "supplier_id,product_id,unit_price\nA,010.000.0104.00,10\n",
}


def write_package(folder: Path, **files: str | None) -> Path:
    """A package folder: the defaults above, with each keyword (file name, '.' as '_') replacing one file.

    `bids="..."` replaces bids.csv; `scenario_toml="..."` replaces scenario.toml; None leaves a file out.
    """
    contents: dict[str, str | None] = dict(DEFAULTS)
    for key, text in files.items():
        name = key.replace("_toml", ".toml") if key.endswith("_toml") else f"{key}.csv"
        contents[name] = text
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in contents.items():
        if text is not None:
            (folder / name).write_text(dedent(text).lstrip("\n"), encoding="utf-8")
    return folder


def load(folder: Path, **files: str | None) -> Scenario:
    scenario, _ = load_scenario(write_package(folder, **files))
    return scenario


def solve_files(folder: Path, **files: str | None) -> Outcome:
    """Write, validate and solve a package with the scenario's own solver settings."""
    scenario = load(folder, **files)
    return run_scenario(scenario, options_for(scenario))


def award_map(outcome: Outcome) -> dict[tuple[str, str, str], float]:
    """{(institution_id, product_id, supplier_id): quantity} of an outcome's awards."""
    return {(row.institution_id, row.product_id, row.supplier_id): row.quantity for row in outcome.awards.itertuples()}
