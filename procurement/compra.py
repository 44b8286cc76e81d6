"""Turn the published Compra Consolidada 2025-2026 award table into a scenario package.

Input: one row per awarded clave and supplier (CLAVES, TIPO, DESCRIPCIÓN, PROVEEDOR, PRECIO UNITARIO, ABASTO,
MARCA) with the quantity awarded to that supplier for each institution and year (<INST>_25, <INST>_26).
Output: each institution-year is an institution of its own (IMSS_2025, IMSS_2026, …), since each year has its
own budget and contract; demand is what was awarded; each awarded row is a bid at its real unit price. A split
award (ABASTO 0.6/0.4) keeps its `split_shares` where the split-award rule gives every institution its real
quantities, and otherwise each supplier's real quantity as its bid's capacity; either way, solving with the real
bids reproduces the real amount.
Losing bids are not published: `synthetic_bids` adds drawn ones (procurement.dispersion), each from a supplier
whose id starts with SYN- and whose name says SYNTHETIC, priced at or above the dearest awarded price of the
clave, as the bids that lost must have been.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from procurement.compra_read import AwardTable, read_award_table
from procurement.dispersion import SCMS_DISPERSION
from procurement.files import write_package
from procurement.messages import DEFAULT_LANGUAGE, text
from procurement.rules.shares import largest_remainder, numerators

SYNTHETIC_PREFIX = "SYN-"
SYNTHETIC_POOL = 100  # synthetic companies competing across all claves
UNIT = re.compile(
    r"((?:envase|caja|frasco|bolsa|pieza|sobre|paquete|presentaci[oó]n)\b(?:[^.]|\.(?=\d))*)\.?\s*$", re.IGNORECASE
)


@dataclass(frozen=True)
class ImportSummary:
    package: Path
    institutions: int
    products: int
    suppliers: int
    real_bids: int
    synthetic_bids: int
    awarded_amount: float
    notes: tuple[str, ...]

    def describe(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """What was written, in `lang`, and the notes on choices the data forced (in English, as in PROVENANCE.md)."""
        counts = {name: getattr(self, name) for name in ("institutions", "products", "suppliers", "real_bids")}
        wrote = text("cli.imported", lang, package=self.package, synthetic=self.synthetic_bids, **counts)
        amount = text("cli.imported_amount", lang, amount=f"{self.awarded_amount:,.2f}")
        return "\n".join([f"{wrote}; {amount}", *(text("cli.note", lang, note=note) for note in self.notes)])

    def __str__(self) -> str:
        return self.describe()


def import_compra_consolidada(source: str | Path, out: str | Path, synthetic_seed: int | None = None) -> ImportSummary:
    """Read, check and convert the award table, then write the package (nothing is written if it is invalid)."""
    awards = read_award_table(source)
    settings, tables, notes = package_tables(awards, synthetic_seed)
    package = write_package(out, settings, tables)
    (package / "PROVENANCE.md").write_text(_provenance(Path(source).name, synthetic_seed, notes), encoding="utf-8")
    bids = tables["bids.csv"]
    synthetic = bids["supplier_id"].str.startswith(SYNTHETIC_PREFIX)
    return ImportSummary(
        package=package,
        institutions=len(tables["institutions.csv"]),
        products=len(tables["products.csv"]),
        suppliers=len(tables["suppliers.csv"]),
        real_bids=int((~synthetic).sum()),
        synthetic_bids=int(synthetic.sum()),
        awarded_amount=awards.awarded_amount,
        notes=tuple(notes),
    )


def package_tables(
    awards: AwardTable, synthetic_seed: int | None = None
) -> tuple[dict[str, Any], dict[str, pd.DataFrame], list[str]]:
    """scenario.toml settings, the tables keyed by file name, and notes on choices the data forced."""
    empty = awards.quantities.sum(axis=1) == 0
    rows, quantities = awards.rows[~empty], awards.quantities[~empty]
    notes = [
        f"clave {clave} (line {line}) is awarded with no quantity for any institution-year: left out"
        for clave, line in awards.rows.loc[empty, ["clave", "line"]].itertuples(index=False)
    ]
    suppliers = _suppliers(rows)
    bids = rows.assign(supplier_id=rows["supplier"].map(suppliers.set_index("name")["supplier_id"]))
    products, capacity = _products(rows, quantities, notes)
    bids = pd.DataFrame(
        {
            "supplier_id": bids["supplier_id"],
            "product_id": bids["clave"],
            "unit_price": bids["unit_price"],
            "capacity": capacity,
        }
    )
    name = "Compra consolidada 2025-2026, real awards"
    if synthetic_seed is not None:
        extra_suppliers, extra_bids = synthetic_bids(rows, synthetic_seed)
        suppliers, bids = pd.concat([suppliers, extra_suppliers]), pd.concat([bids, extra_bids])
        name += f" + SYNTHETIC losing bids (seed {synthetic_seed})"
    demand = _demand(rows, quantities)
    tables = {
        "institutions.csv": _institutions(demand),
        "products.csv": products,
        "demand.csv": demand,
        "suppliers.csv": suppliers,
        "bids.csv": bids.sort_values(["product_id", "supplier_id"]),
    }
    return {"name": name, "currency": "MXN"}, tables, notes


def _suppliers(rows: pd.DataFrame) -> pd.DataFrame:
    names = sorted(rows["supplier"].unique())
    width = len(str(len(names)))
    return pd.DataFrame({"supplier_id": [f"S{k:0{width}d}" for k in range(1, len(names) + 1)], "name": names})


def _products(rows: pd.DataFrame, quantities: pd.DataFrame, notes: list[str]) -> tuple[pd.DataFrame, pd.Series]:
    """One row per clave; a split clave keeps its ABASTO shares where the rule reproduces every institution's real
    quantities (whole units by largest remainder, the larger share to the lower price); otherwise each supplier's
    real quantity becomes its bid's capacity."""
    first = rows.drop_duplicates("clave").set_index("clave")
    shares = pd.Series("", index=first.index, dtype=object)
    capacity = pd.Series(np.nan, index=rows.index)
    for clave, award in rows[rows["clave"].duplicated(keep=False)].groupby("clave"):
        ranked = award.sort_values(["unit_price", "share"], ascending=[True, False], kind="stable")
        real = quantities.loc[ranked.index].to_numpy(dtype=float).T  # institutions x suppliers in rank order
        preset = ranked["share"].to_numpy(dtype=float)
        if _split_reproduces(preset, real):
            shares[clave] = ";".join(f"{share:g}" for share in preset)
            continue
        capacity[award.index] = quantities.loc[award.index].sum(axis=1)
        notes.append(
            f"clave {clave}: the real quantities are not the split award of its shares (the larger share to the "
            "lower price, whole units by largest remainder); each supplier's real quantity is its bid's capacity"
        )
    products = pd.DataFrame(
        {
            "product_id": first.index,
            "description": first["description"].to_numpy(),
            "category": first["category"].to_numpy(),
            "unit": [_unit(d) for d in first["description"]],
            "split_shares": shares.to_numpy(),
        }
    )
    return products, capacity


def _split_reproduces(preset: np.ndarray, real: np.ndarray) -> bool:
    """Whether shares (in rank order) split each institution's total exactly as it was really split."""
    if np.isnan(preset).any() or (np.diff(preset) > 0).any() or (real % 1 != 0).any():
        return False
    weights = np.tile(numerators(tuple(preset)), (len(real), 1))
    split = largest_remainder(real.sum(axis=1).astype(np.int64), weights)
    return bool((split == real).all())


def _unit(description: str) -> str:
    found = UNIT.search(description)
    return found.group(1).strip() if found else "presentación (see description)"


def _demand(rows: pd.DataFrame, quantities: pd.DataFrame) -> pd.DataFrame:
    """Quantity per institution-year and clave: the sum over the clave's suppliers, where above 0."""
    per_clave = quantities.groupby(rows["clave"]).sum()
    long = per_clave.rename_axis("product_id").reset_index().melt("product_id", var_name="institution_id")
    long = long[long["value"] > 0].rename(columns={"value": "quantity"})
    if (long["quantity"] % 1 == 0).all():
        long["quantity"] = long["quantity"].astype(np.int64)  # whole units, written without ".0"
    return long[["institution_id", "product_id", "quantity"]].sort_values(["institution_id", "product_id"])


def _institutions(demand: pd.DataFrame) -> pd.DataFrame:
    ids = sorted(demand["institution_id"].unique())
    names = [re.sub(r"_(\d{4})$", r" \1", i).replace("-", " ") for i in ids]
    return pd.DataFrame({"institution_id": ids, "name": names})


def synthetic_bids(rows: pd.DataFrame, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Losing bids drawn from the price-dispersion model: per clave, competitors as many as real items have,
    each priced at the clave's dearest awarded price times a drawn ratio (≥ 1), rounded up to the cent."""
    rng = np.random.default_rng(seed)
    ceiling = rows.groupby("clave")["unit_price"].max()
    count = SCMS_DISPERSION.competitors(rng, len(ceiling))
    pool = [f"{SYNTHETIC_PREFIX}S{k:03d}" for k in range(1, SYNTHETIC_POOL + 1)]
    chosen = [rng.choice(SYNTHETIC_POOL, size=n, replace=False) for n in count]
    clave = np.repeat(ceiling.index.to_numpy(), count)
    price = np.repeat(ceiling.to_numpy(), count) * SCMS_DISPERSION.ratios(rng, len(clave))
    bids = pd.DataFrame(
        {
            "supplier_id": np.array(pool)[np.concatenate(chosen)],
            "product_id": clave,
            "unit_price": np.ceil(np.round(price * 100, 6)) / 100,
            "capacity": np.nan,
        }
    )
    used = sorted(set(bids["supplier_id"]))
    suppliers = pd.DataFrame({"supplier_id": used, "name": [f"SYNTHETIC bidder {s} (drawn, not real)" for s in used]})
    return suppliers, bids


def _provenance(source: str, seed: int | None, notes: list[str]) -> str:
    synthetic = (
        "No synthetic bids: every bid is a real award."
        if seed is None
        else f"Bids from suppliers whose id starts with `{SYNTHETIC_PREFIX}` are SYNTHETIC, drawn with seed {seed} "
        "from the price-dispersion model in procurement/dispersion.py; they are not real offers."
    )
    lines = [
        "# Provenance",
        "",
        f"Imported by `procurement import compra-consolidada` from `{source}` (Compra Consolidada 2025-2026,",
        "award results by direct award). Each institution-year is an institution; each awarded row is a real bid",
        "at its awarded unit price; demand is the awarded quantity.",
        "",
        synthetic,
        *([""] + [f"- {note}" for note in notes] if notes else []),
    ]
    return "\n".join(lines) + "\n"
