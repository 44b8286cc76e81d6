"""`make bench`: time every phase and peak memory on the small, medium and national presets, LP and MILP,
against the lower bound (HiGHS on one sparse matrix) and the naive approach (one PuLP model, CBC), and write
benchmarks/results.md. Each measurement runs in its own process; memory is sampled over its process tree."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from benchmarks.report import write_results
from procurement.generate import PRESETS, GeneratorSpec, generate_package

ROOT = Path(__file__).resolve().parents[1]
MODELS: dict[str, dict[str, Any]] = {
    "LP": {},
    "LP-delivery": {"capacity_share": 0.6, "delivery": True},  # capacities on 60 % of bids, delivery by institution
    "MILP": {"price_breaks": True, "fixed_costs": True},
    "periods": {"periods": 2, "open_contracts": True},  # half the demand as open contracts, over two years
}
STRETCH = GeneratorSpec(products=20_000, institutions=40, suppliers=300)  # a purchase 10 x the national one
SEED = 1
# the memory of a measured run is sampled every SAMPLE_S, or less often where one sample takes long: reading the
# proportional set size of a 1.2 GiB process and its workers takes 50 ms of kernel time, and sampling it every
# 50 ms took half a core from the run it measured (the national MILP's explanation took 51 s sampled so, 41 s not)
SAMPLE_S = 0.05
SAMPLE_SHARE = 10  # wait at least this many times the last sample's time: the sampler takes under a tenth of a core


@dataclass
class Measurement:
    preset: str
    model: str
    approach: str
    figures: dict[str, Any]
    peak_rss_mib: float
    wall_s: float
    size: dict[str, int]


def tree_pss_kib(pid: int) -> int:
    """Memory of a process and all its descendants, from /proc (Linux): the proportional set size, which counts a
    page that forked worker processes share with their parent once, not once per process."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            total += int(next(line.split()[1] for line in rollup.splitlines() if line.startswith("Pss:")))
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue
    return total


def run_measured(args: list[str], timeout_s: float) -> tuple[dict[str, Any], float, float]:
    """Run `python -m benchmarks.measure ARGS`, sampling its tree's memory; figures, peak MiB, wall seconds."""
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.measure", *args], stdout=subprocess.PIPE, env=env, cwd=ROOT
    )
    peak = 0
    while child.poll() is None:
        sampled = time.perf_counter()
        peak = max(peak, tree_pss_kib(child.pid))
        if time.perf_counter() - started > timeout_s:
            child.kill()
            child.wait()
            return {"status": f"not finished in {timeout_s:.0f} s"}, peak / 1024, time.perf_counter() - started
        time.sleep(max(SAMPLE_S, SAMPLE_SHARE * (time.perf_counter() - sampled)))
    output = child.stdout.read().decode() if child.stdout else ""
    figures = json.loads(output) if child.returncode == 0 else {"status": f"failed (exit {child.returncode})"}
    return figures, peak / 1024, time.perf_counter() - started


def package_size(package: Path) -> dict[str, int]:
    """Bid rows, offers and supplier-institution-product pairs of a generated package."""
    bids = pd.read_csv(package / "bids.csv", usecols=["supplier_id", "product_id"])
    demand = pd.read_csv(package / "demand.csv", usecols=["product_id"])
    offers = bids.drop_duplicates()
    pairs = (offers.groupby("product_id").size() * demand.groupby("product_id").size()).sum()
    return {"bid_rows": len(bids), "offers": len(offers), "demand_rows": len(demand), "pairs": int(pairs)}


def bench_case(
    work: Path,
    preset: str,
    model: str,
    limits: dict[str, float],
    progress: bool,
    approaches: tuple[str, ...] = ("whole", "explained", "solve", "direct", "cbc"),
) -> list[Measurement]:
    package = work / f"{preset}-{model.lower()}"
    spec = STRETCH if preset == "stretch" else PRESETS[preset]
    generate_package(package, replace(spec, seed=SEED, **MODELS[model]))
    size = package_size(package)
    results: list[Measurement] = []
    for approach in approaches:
        limit = limits["reference"] if approach in ("direct", "cbc") else None
        args = [approach, str(package), str(work / f"out-{preset}-{model.lower()}")]
        args += ["--time-limit", str(limit)] if limit else []
        if progress:
            print(f"… {preset} {model} {approach}", file=sys.stderr, flush=True)
        figures, peak, wall = run_measured(args, limits["timeout"] if limit is None else limit * 3 + 120)
        results.append(Measurement(preset, model, approach, figures, peak, wall, size))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--presets", nargs="+", default=["small", "medium", "national"], choices=list(PRESETS))
    parser.add_argument("--models", nargs="+", default=list(MODELS), choices=list(MODELS))
    parser.add_argument("--reference-limit", type=float, default=300, help="time limit of HiGHS-direct and CBC")
    parser.add_argument("--timeout", type=float, default=900, help="longest a run of ours may take")
    parser.add_argument("--work", type=Path, default=ROOT / "out" / "bench", help="where packages are generated")
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "results.md")
    parser.add_argument(
        "--stretch", action="store_true", help="also the whole run of a 10x national LP (20,000 products; minutes)"
    )
    args = parser.parse_args()
    limits = {"reference": args.reference_limit, "timeout": args.timeout}
    started = time.time()
    measurements = [
        m
        for preset in args.presets
        for model in args.models
        for m in bench_case(args.work, preset, model, limits, progress=True)
    ]
    if args.stretch:
        measurements += bench_case(args.work, "stretch", "LP", limits, progress=True, approaches=("whole",))
    load = os.getloadavg()
    write_results(args.results, measurements, limits, started, load)
    print(f"results written to {args.results}", file=sys.stderr)


if __name__ == "__main__":
    main()
