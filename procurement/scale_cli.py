"""The `generate` and `import compra-consolidada` subcommands: make scenario packages at national scale."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from procurement.cli_lang import add_lang_argument, argument_error, helps
from procurement.messages import text


def add_generate_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser], lang: str) -> None:
    say = helps(lang)
    generate = commands.add_parser("generate", help=say("generate"), description=say("generate_description"))
    generate.add_argument("--preset", choices=["small", "medium", "national"], help=say("generate_preset"))
    for name, metavar in (("products", "N"), ("institutions", "M"), ("suppliers", "K")):
        generate.add_argument(f"--{name}", type=_count, metavar=metavar, help=say(f"generate_{name}"))
    generate.add_argument("--seed", type=_seed, default=0, metavar="S", help=say("generate_seed"))
    for flag in ("price-breaks", "fixed-costs", "budgets", "delivery", "open-contracts"):
        generate.add_argument(f"--{flag}", action="store_true", help=say(f"generate_{flag.replace('-', '_')}"))
    generate.add_argument("--periods", type=_count, default=1, metavar="N", help=say("generate_periods"))
    generate.add_argument("--capacity-share", type=_share, metavar="F", help=say("generate_capacity_share"))
    folder = say("meta_folder")
    generate.add_argument("--out", type=Path, required=True, metavar=folder, help=say("generate_out"))
    add_lang_argument(generate, lang)
    generate.set_defaults(handler=run_generate)


def add_import_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser], lang: str) -> None:
    say = helps(lang)
    importer = commands.add_parser("import", help=say("import"), description=say("import_description"))
    sources = importer.add_subparsers(dest="source", required=True, metavar=say("meta_source"))
    compra = sources.add_parser("compra-consolidada", help=say("compra"), description=say("compra_description"))
    compra.add_argument("file", type=Path, metavar=say("meta_file"), help=say("compra_file"))
    compra.add_argument("--out", type=Path, required=True, metavar=say("meta_folder"), help=say("generate_out"))
    compra.add_argument("--synthetic-bids", type=_seed, metavar=say("meta_seed"), help=say("compra_synthetic_bids"))
    add_lang_argument(compra, lang)
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
        "open_contracts": args.open_contracts,
        "periods": args.periods,
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


def _count(given: str) -> int:
    if not given.isdigit() or int(given) < 1:
        raise argument_error("not_whole_positive", value=given)
    return int(given)


def _share(given: str) -> float:
    try:
        value = float(given)
    except ValueError:
        raise argument_error("not_a_number", value=given) from None
    if not 0 <= value <= 1:
        raise argument_error("not_a_share", value=given)
    return value


def _seed(given: str) -> int:
    if not given.isdigit():
        raise argument_error("not_whole", value=given)
    return int(given)
