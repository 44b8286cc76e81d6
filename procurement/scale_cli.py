"""The `generate` and `import compra-consolidada` subcommands: make scenario packages at national scale."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from procurement.cli_lang import add_lang_argument
from procurement.messages import text


def add_generate_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    generate = commands.add_parser(
        "generate",
        help="write a realistic synthetic scenario package (for benchmarks and trials)",
        description="Write a synthetic scenario package: skewed demand, several bids per product with a realistic "
        "price spread, capacities that sometimes bind, some products without bids. The same options and seed "
        "give the same bytes. Give a --preset, or --products, --institutions and --suppliers (which also "
        "override the preset's).",
    )
    generate.add_argument("--preset", choices=["small", "medium", "national"], help="a size to start from")
    generate.add_argument("--products", type=_count, metavar="N", help="number of products (claves)")
    generate.add_argument("--institutions", type=_count, metavar="M", help="number of institutions")
    generate.add_argument("--suppliers", type=_count, metavar="K", help="number of suppliers")
    generate.add_argument("--seed", type=_seed, default=0, metavar="S", help="random seed (default 0)")
    generate.add_argument("--price-breaks", action="store_true", help="3 all-units price tiers per bid")
    generate.add_argument("--fixed-costs", action="store_true", help="a fixed cost on every bid")
    generate.add_argument("--budgets", action="store_true", help="a budget per institution (links all products)")
    generate.add_argument(
        "--delivery", action="store_true", help="a delivery cost per unit for every supplier and institution"
    )
    generate.add_argument(
        "--capacity-share", type=_share, metavar="F", help="share of bids with a capacity (default 0.25)"
    )
    generate.add_argument("--out", type=Path, required=True, metavar="PKG", help="folder to write the package to")
    add_lang_argument(generate)
    generate.set_defaults(handler=run_generate)


def add_import_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    importer = commands.add_parser(
        "import",
        help="turn published award data into a scenario package",
        description="Turn published award data into a scenario package.",
    )
    sources = importer.add_subparsers(dest="source", required=True, metavar="SOURCE")
    compra = sources.add_parser(
        "compra-consolidada",
        help="the Compra Consolidada 2025-2026 award table (CSV)",
        description="Turn the Compra Consolidada 2025-2026 award table (CLAVES, PROVEEDOR, PRECIO UNITARIO, ABASTO, "
        "<INST>_25/_26 quantities) into a scenario package: one institution per institution and year, the "
        "awarded prices as bids, the 60/40 splits as split_shares. Losing bids are not published; "
        "--synthetic-bids adds drawn ones, every one marked SYNTHETIC.",
    )
    compra.add_argument("file", type=Path, metavar="FILE", help="the award table as UTF-8 CSV")
    compra.add_argument("--out", type=Path, required=True, metavar="PKG", help="folder to write the package to")
    compra.add_argument(
        "--synthetic-bids",
        type=_seed,
        metavar="SEED",
        help="add competing losing bids drawn with this seed from the documented price-dispersion model",
    )
    add_lang_argument(compra)
    compra.set_defaults(handler=run_import)


def run_generate(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from procurement.generate import PRESETS, GeneratorSpec, generate_package

    sizes = {name: getattr(args, name) for name in ("products", "institutions", "suppliers")}
    if args.preset is None and None in sizes.values():
        print(text("cli.error", args.lang, detail=text("cli.generate_sizes", args.lang)), file=sys.stderr)
        return 2
    base = PRESETS[args.preset] if args.preset else GeneratorSpec(0, 0, 0)
    chosen = {name: value for name, value in sizes.items() if value is not None}
    flags = {
        "price_breaks": args.price_breaks,
        "fixed_costs": args.fixed_costs,
        "budgets": args.budgets,
        "delivery": args.delivery,
    }
    if args.capacity_share is not None:
        flags["capacity_share"] = args.capacity_share
    spec = replace(base, seed=args.seed, **chosen, **flags)
    generate_package(args.out, spec)
    print(text("cli.generated", args.lang, **{name: getattr(spec, name) for name in sizes}, path=args.out))
    return 0


def run_import(args: argparse.Namespace) -> int:
    from procurement.compra import import_compra_consolidada

    summary = import_compra_consolidada(args.file, args.out, args.synthetic_bids)
    print(summary.describe(args.lang))
    return 0


def _count(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} must be a whole number of 1 or more")
    return int(text)


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f'"{text}" is not a number') from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"{text} must be between 0 and 1")
    return value


def _seed(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text} must be a whole number of 0 or more")
    return int(text)
