"""The `template`, `report` and `compare` subcommands: spreadsheets in, savings reports out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from procurement.cli_lang import add_lang_argument, argument_error, current_language, helps
from procurement.messages import Message, text
from procurement.report import no_award

FORMATS = ("pdf", "xlsx", "html", "results")


def add_template_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser], lang: str) -> None:
    say = helps(lang)
    template = commands.add_parser("template", help=say("template"), description=say("template_description"))
    template.add_argument("--out", type=Path, required=True, metavar=say("meta_file"), help=say("template_out"))
    template.add_argument("--from", dest="source", type=Path, metavar=say("meta_package"), help=say("template_from"))
    add_lang_argument(template, lang, "template")
    template.set_defaults(handler=run_template)


def run_template(args: argparse.Namespace) -> int:
    from procurement.files import read_package
    from procurement.template import build_template
    from procurement.validate import validate_package
    from reports.batch import write_atomically

    package = None
    if args.source is not None:
        package = read_package(args.source)
        validate_package(package)  # a broken package is reported now, not discovered in Excel later
    write_atomically(args.out, build_template(package, args.lang))
    print(text("cli.template_written", args.lang, path=args.out))
    return 0


def add_report_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser], lang: str) -> None:
    say = helps(lang)
    report = commands.add_parser("report", help=say("report"), description=say("report_description"))
    package, seconds = say("meta_package"), say("meta_seconds")
    report.add_argument("packages", type=Path, nargs="+", metavar=package, help=say("report_packages"))
    report.add_argument("--out", type=Path, required=True, metavar=say("meta_folder"), help=say("report_out"))
    report.add_argument(
        "--format",
        type=_formats,
        default=["pdf", "xlsx", "html"],
        metavar=say("meta_formats"),
        help=say("report_format"),
    )
    add_lang_argument(report, lang, "reports")
    report.add_argument("--institution", metavar="ID", help=say("report_institution"))
    report.add_argument("--time-limit", type=float, metavar=seconds, help=say("time_limit_each"))
    report.add_argument("--no-explain", action="store_true", help=say("report_no_explain"))
    report.add_argument("--explain-time-limit", type=float, metavar=seconds, help=say("explain_time_limit"))
    report.add_argument("--quiet", action="store_true", help=say("report_quiet"))
    report.set_defaults(handler=run_report)


def run_report(args: argparse.Namespace) -> int:
    from reports.batch import find_packages, people_table, run_batch, summary_table, write_summary
    from reports.content import ReportOptions

    packages = find_packages(args.packages)
    options = ReportOptions(lang=args.lang, institution=args.institution)
    progress = _silent if args.quiet else ProgressBar(args.lang)
    limits = {"explain_time_limit_s": args.explain_time_limit, "time_limit_s": args.time_limit}
    results = run_batch(packages, args.out, args.format, options, progress, not args.no_explain, **limits)
    write_summary(results, args.out, args.lang)
    if not args.quiet:
        shown = summary_table(results)[["package", "status", "savings", "savings_pct", "shortages", "error"]]
        print(_aligned(people_table(shown, args.lang)))
    for result in results:
        for problem in [result.error] if args.quiet and result.error else result.failures:
            print(text("cli.error", args.lang, detail=f"{result.package}: {problem}"), file=sys.stderr)
    failed = sum(not result.ok for result in results)
    if not args.quiet:
        done, summary = len(results) - failed, args.out / f"{text('file.summary', args.lang)}.csv"
        print(text("cli.reported", args.lang, done=done, total=len(results), file=summary))
    return 1 if failed else 0


class ProgressBar:
    """`[######    ] 3/5 name: solving` on stderr, redrawn in place on a terminal, one line per step otherwise."""

    WIDTH = 24

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, done: int, total: int, message: Message) -> None:
        filled = self.WIDTH * done // max(total, 1)
        line = f"[{'#' * filled}{' ' * (self.WIDTH - filled)}] {done}/{total} {message.words(self.lang)}"
        if sys.stderr.isatty():
            end = "\n" if done == total else ""
            print(f"\r{line[:100]:<100}", end=end, file=sys.stderr, flush=True)
        else:
            print(line, file=sys.stderr, flush=True)


def _silent(done: int, total: int, message: Message) -> None:
    """No progress output (--quiet)."""


def _formats(text: str) -> list[str]:
    chosen = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = sorted(set(chosen) - set(FORMATS))
    if unknown or not chosen:
        raise argument_error("not_formats", value=text, formats=",".join(FORMATS))
    return list(dict.fromkeys(chosen))


def _aligned(table: object) -> str:
    """A table as text with aligned columns for the terminal: amounts with thousands separators, blanks for gaps."""
    import pandas as pd

    assert isinstance(table, pd.DataFrame)

    def cell(value: object) -> str:
        if value is None or (not isinstance(value, str) and bool(pd.isna(value))):
            return ""
        return f"{value:,.2f}" if isinstance(value, float) else str(value)

    text: str = table.map(cell).to_string(index=False)
    return text


def add_compare_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser], lang: str) -> None:
    say = helps(lang)
    compare = commands.add_parser("compare", help=say("compare"), description=say("compare_description"))
    compare.add_argument("package", type=Path, metavar=say("meta_package"), help=say("package_any"))
    vary = {"type": _variation, "action": "append", "required": True, "metavar": say("meta_vary")}
    compare.add_argument("--vary", **vary, help=say("compare_vary"))  # type: ignore[arg-type]
    compare.add_argument("--out", type=Path, metavar=say("meta_folder"), help=say("compare_out"))
    add_lang_argument(compare, lang, "labels")
    compare.add_argument("--time-limit", type=float, metavar=say("meta_seconds"), help=say("time_limit_each"))
    compare.add_argument("--quiet", action="store_true", help=say("compare_quiet"))
    compare.set_defaults(handler=run_compare)


def run_compare(args: argparse.Namespace) -> int:
    from procurement.files import read_package
    from procurement.variants import build_variants
    from procurement.workbook import load_package
    from reports.batch import write_atomically
    from reports.compare import comparison_csv, comparison_table, comparison_xlsx, solve_variants

    scenario, _ = load_package(args.package)  # the package itself is valid before any variant is tried
    variants = build_variants(read_package(args.package), args.vary)
    progress = _silent if args.quiet else ProgressBar(args.lang)
    outcomes = solve_variants(variants, progress, time_limit_s=args.time_limit)
    for variant, outcome in zip(variants, outcomes, strict=True):
        if not outcome.status.has_solution:
            reason = no_award(outcome.status, args.lang)
            print(text("cli.variant_no_award", args.lang, variant=variant.label, reason=reason), file=sys.stderr)
    table = comparison_table(variants, outcomes, args.lang)
    if not args.quiet:
        print(_aligned(table))
    if args.out is not None:
        name = text("file.comparison", args.lang)
        write_atomically(args.out / f"{name}.csv", comparison_csv(table, args.lang))
        write_atomically(args.out / f"{name}.xlsx", comparison_xlsx(table, scenario.currency, args.lang))
        if not args.quiet:
            print(text("cli.comparison_written", args.lang, path=args.out))
    return 0 if all(outcome.status.has_solution for outcome in outcomes) else 3


def _variation(given: str) -> object:
    """A --vary value; what is wrong with it in the command's language."""
    from procurement.variants import VariationError, parse_variation

    try:
        return parse_variation(given)
    except VariationError as error:
        raise argparse.ArgumentTypeError(error.words(current_language())) from None
