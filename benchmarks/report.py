"""Write benchmarks/results.md from the measurements of one `make bench` run."""

from __future__ import annotations

import math
import os
import platform
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import highspy
import pulp

if TYPE_CHECKING:
    from benchmarks.run import Measurement

NOTES = Path(__file__).with_name("notes.md")
TOLERANCE = 1e-6
APPROACH = {
    "whole": "ours, whole run",
    "solve": "ours, consolidated solve",
    "direct": "HiGHS direct (lower bound)",
    "cbc": "PuLP + CBC, one model",
}
PHASES = ("read_s", "validate_s", "build_s", "solve_s", "consolidated_s", "baseline_s", "write_s", "total_s")


def write_results(
    path: Path, measurements: list[Measurement], limits: dict[str, float], started: float, load: tuple[float, ...]
) -> None:
    lines = [*_header(limits, started, load), *_cases(measurements), *_targets(measurements)]
    if NOTES.exists():
        lines += ["", NOTES.read_text(encoding="utf-8").rstrip()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _header(limits: dict[str, float], started: float, load: tuple[float, ...]) -> list[str]:
    cpu = next((line.split(":", 1)[1].strip() for line in _cpuinfo() if line.startswith("model name")), "?")
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(started))
    return [
        "# Benchmark results",
        "",
        f"Written by `make bench` ({when}, {time.time() - started:.0f} s). Machine: {os.cpu_count()} cores ({cpu}), "
        f"{memory:.0f} GiB; Python {platform.python_version()}, HiGHS {_highs_version()}, "
        f"PuLP {pulp.__version__}. Load average at the end: {', '.join(f'{x:.1f}' for x in load)} "
        "(other work on the machine makes timings noisy; compare ratios, not single figures).",
        "",
        f"References run with a time limit of {limits['reference']:.0f} s; our runs are stopped after "
        f"{limits['timeout']:.0f} s. Times in seconds; build and solve of ours are summed over blocks and worker "
        "processes (CPU-seconds), the other phases are wall time. Peak memory is the largest sum of resident "
        "memory over the measured process and its worker processes, sampled every 50 ms.",
    ]


def _highs_version() -> str:
    return str(highspy.Highs().version())  # type: ignore[no-untyped-call]


def _cpuinfo() -> list[str]:
    try:
        return Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return []


def _lower_bound(measurements: list[Measurement], preset: str, model: str) -> float | None:
    direct = _find(measurements, preset, model, "direct")
    if direct is None or direct.figures.get("status") != "optimal":
        return None
    return float(direct.figures["solve_s"])


def _find(measurements: list[Measurement], preset: str, model: str, approach: str) -> Measurement | None:
    return next((m for m in measurements if (m.preset, m.model, m.approach) == (preset, model, approach)), None)


def _cases(measurements: list[Measurement]) -> list[str]:
    lines = ["", "## Every run", ""]
    header = ["preset", "model", "approach", "status", "objective", *[p.removesuffix("_s") for p in PHASES]]
    header += ["peak MiB", "total / lower bound"]
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for m in measurements:
        bound = _lower_bound(measurements, m.preset, m.model)
        total = m.figures.get("total_s")
        ratio = f"{total / bound:.1f}x" if bound and total else "—"
        cells = [m.preset, m.model, APPROACH[m.approach], str(m.figures.get("status")), _money(m.figures)]
        cells += [_seconds(m.figures.get(p)) for p in PHASES] + [f"{m.peak_rss_mib:,.0f}", ratio]
        lines.append("| " + " | ".join(cells) + " |")
    return [*lines, "", *_sizes(measurements), "", *_agreement(measurements)]


def _sizes(measurements: list[Measurement]) -> list[str]:
    lines = ["| preset | model | bid rows | offers | demand rows | supplier-institution-product pairs |"]
    lines.append("|---|---|---|---|---|---|")
    for m in measurements:
        if m.approach == "whole":
            s = m.size
            counts = " | ".join(f"{s[key]:,}" for key in ("bid_rows", "offers", "demand_rows", "pairs"))
            lines.append(f"| {m.preset} | {m.model} | {counts} |")
    return lines


def _agreement(measurements: list[Measurement]) -> list[str]:
    """Objectives of every run that proved optimality, against ours, to a relative 1e-6."""
    lines = ["Objectives (runs that proved optimality, compared with ours to a relative 1e-6):", ""]
    for m in measurements:
        if m.approach != "whole":
            continue
        optimal = [
            o
            for o in measurements
            if (o.preset, o.model) == (m.preset, m.model) and o.figures.get("status") == "optimal"
        ]
        values = [float(o.figures["objective"]) for o in optimal]
        agree = values and max(values) - min(values) <= TOLERANCE * max(1.0, abs(values[0]))
        names = ", ".join(APPROACH[o.approach] for o in optimal) or "none"
        verdict = "agree" if agree else "DISAGREE" if values else "nothing to compare"
        lines.append(f"- {m.preset} {m.model}: {verdict} ({names})")
    return lines


def _targets(measurements: list[Measurement]) -> list[str]:
    lines = ["", "## Targets", "", "| target | measured | met? |", "|---|---|---|"]
    lp_whole = _find(measurements, "national", "LP", "whole")
    bound = _lower_bound(measurements, "national", "LP")
    if lp_whole and bound and "total_s" in lp_whole.figures:
        ratio = lp_whole.figures["total_s"] / bound
        lines.append(
            _target(
                "national LP whole run ≤ 1.0 x lower bound's solve",
                f"{ratio:.1f}x ({lp_whole.figures['total_s']:.1f} s vs {bound:.2f} s)",
                ratio <= 1.0,
                ratio,
            )
        )
    milp = _find(measurements, "national", "MILP", "solve")
    if milp:
        seconds = milp.figures.get("consolidated_s", math.inf)
        met = milp.figures.get("status") == "optimal" and seconds <= 60
        lines.append(
            _target(
                "national MILP optimal (gap 0) ≤ 60 s: consolidated solve",
                f"{milp.figures.get('status')} in {_seconds(seconds)} s",
                met,
                seconds / 60,
            )
        )
    whole = _find(measurements, "national", "MILP", "whole")
    if whole:
        seconds = whole.figures.get("total_s", math.inf)
        met = whole.figures.get("status") == "optimal" and seconds <= 60
        lines.append(
            _target(
                "national MILP ≤ 60 s: whole run with buying-alone baseline",
                f"{whole.figures.get('status')} in {_seconds(seconds)} s",
                met,
                seconds / 60,
            )
        )
        lines.append(
            _target(
                "peak memory ≤ 1.5 GiB, national MILP whole run",
                f"{whole.peak_rss_mib:,.0f} MiB",
                whole.peak_rss_mib <= 1536,
                whole.peak_rss_mib / 1536,
            )
        )
    lines += _growth(measurements)
    for run in (lp_whole, whole):
        if run and "validate_s" in run.figures:
            seconds = run.figures["read_s"] + run.figures["validate_s"]
            name = f"validation of the national {run.model} package ≤ 2 s (read + validate)"
            lines.append(_target(name, f"{seconds:.2f} s", seconds <= 2, seconds / 2))
    return lines


def _growth(measurements: list[Measurement]) -> list[str]:
    """Peak memory per offer of the MILP whole run: linear growth keeps it flat (or falling) with size."""
    runs = [m for m in measurements if m.model == "MILP" and m.approach == "whole" and m.peak_rss_mib > 0]
    if len(runs) < 2:
        return []
    per = [
        f"{m.preset} {m.peak_rss_mib:,.0f} MiB / {m.size['offers']:,} offers "
        f"= {m.peak_rss_mib * 1024 / m.size['offers']:.0f} KiB"
        for m in runs
    ]
    first, last = runs[0], runs[-1]
    growth = (last.peak_rss_mib / first.peak_rss_mib) / (last.size["offers"] / first.size["offers"])
    return [
        _target("memory grows no faster than linearly in bids (MILP whole run)", "; ".join(per), growth <= 1.0, growth)
    ]


def _target(name: str, measured: str, met: bool, ratio: float) -> str:
    verdict = "yes" if met else f"no: {ratio:.1f}x the target"
    return f"| {name} | {measured} | {verdict} |"


def _seconds(value: Any) -> str:
    return "—" if value is None or (isinstance(value, float) and math.isinf(value)) else f"{float(value):.2f}"


def _money(figures: dict[str, Any]) -> str:
    value = figures.get("objective")
    return "—" if value is None else f"{float(value):,.2f}"
