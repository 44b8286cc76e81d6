"""The `procurement` command: validate and solve scenario packages. The only module that prints."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from procurement import __version__, explain_cli, keys_cli, osd_cli, reports_cli, scale_cli, users_cli
from procurement.cli_lang import add_lang_argument, argparse_words, argument_error, chosen_language, helps
from procurement.errors import Issue, ProcurementError, ScenarioError
from procurement.messages import DEFAULT_LANGUAGE, Message, text
from procurement.pipeline import Outcome, options_for, run_scenario, write_award_model
from procurement.report import format_savings_table, headline, no_award, write_outcome
from procurement.rules.price_reasonableness import FLAG, NOT_ACCEPTABLE, NOT_CONVENIENT, research_basis
from procurement.solve import Progress
from procurement.variants import VariationError
from procurement.workbook import load_package

EXIT_OK, EXIT_FAILED, EXIT_INVALID, EXIT_NO_SOLUTION = 0, 1, 2, 3
SHOWN_WARNINGS = 10


def build_parser(lang: str = DEFAULT_LANGUAGE) -> argparse.ArgumentParser:
    """The command and its subcommands, every help text in `lang` (argparse's own words: cli_lang.argparse_words)."""
    say = helps(lang)
    parser = argparse.ArgumentParser(
        prog="procurement", description=say("description"), formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"procurement {__version__}", help=say("version"))
    commands = parser.add_subparsers(dest="command", required=True, metavar=say("meta_command"))
    validate = commands.add_parser("validate", help=say("validate"), description=say("validate_description"))
    validate.add_argument("package", type=Path, metavar=say("meta_package"), help=say("package"))
    add_lang_argument(validate, lang)
    _add_solve_parser(commands, lang)
    scale_cli.add_generate_parser(commands, lang)
    scale_cli.add_import_parser(commands, lang)
    reports_cli.add_template_parser(commands, lang)
    reports_cli.add_report_parser(commands, lang)
    reports_cli.add_compare_parser(commands, lang)
    explain_cli.add_explain_parser(commands, lang)
    osd_cli.add_osd_parser(commands, lang)
    _add_service_parsers(commands, lang)
    return parser


def _add_solve_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser], lang: str) -> None:
    say = helps(lang)
    solve = commands.add_parser("solve", help=say("solve"), description=say("solve_description"))
    solve.add_argument("package", type=Path, metavar=say("meta_package"), help=say("package"))
    solve.add_argument("--out", type=Path, required=True, metavar=say("meta_folder"), help=say("solve_out"))
    solve.add_argument("--solver", choices=["highs", "cbc"], help=say("solve_solver"))
    seconds = say("meta_seconds")
    solve.add_argument("--time-limit", type=_positive, metavar=seconds, help=say("solve_time_limit"))
    solve.add_argument("--mip-gap", type=_fraction, metavar=say("meta_gap"), help=say("solve_mip_gap"))
    solve.add_argument("--threads", type=_whole, metavar="N", help=say("solve_threads"))
    solve.add_argument("--write-model", type=Path, metavar=say("meta_file"), help=say("solve_write_model"))
    solve.add_argument("--no-explain", action="store_true", help=say("solve_no_explain"))
    solve.add_argument("--explain-time-limit", type=float, metavar=seconds, help=say("explain_time_limit"))
    solve.add_argument("--quiet", action="store_true", help=say("quiet"))
    add_lang_argument(solve, lang)


def _add_service_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser], lang: str) -> None:
    """serve, worker, db upgrade, keys, users: the web service (api/, models/), imported only when used."""
    say = helps(lang)
    serve = commands.add_parser("serve", help=say("serve"), description=say("serve"))
    serve.add_argument("--host", default="127.0.0.1", metavar=say("meta_host"), help=say("serve_host"))
    serve.add_argument("--port", type=int, default=8000, metavar=say("meta_port"), help=say("serve_port"))
    worker = commands.add_parser("worker", help=say("worker"), description=say("worker"))
    for parser in (serve, worker):
        parser.add_argument("--workers", type=_whole, default=1, metavar="N", help=say("serve_workers"))
    worker.add_argument("--parent", type=int, metavar="PID", help=say("worker_parent"))
    serve.add_argument(
        "--load", type=Path, action="append", default=[], metavar=say("meta_package"), help=say("serve_load")
    )
    serve.add_argument("--no-worker", action="store_true", help=say("serve_no_worker"))
    db = commands.add_parser("db", help=say("db"), description=say("db"))
    upgrade = db.add_subparsers(dest="db_command", required=True, metavar=say("meta_action")).add_parser(
        "upgrade", help=say("db_upgrade"), description=say("db_upgrade")
    )
    for parser in (serve, worker, upgrade):
        add_lang_argument(parser, lang)
    service = [serve, worker, upgrade, *keys_cli.add_keys_parser(commands, lang)]
    for parser in (*service, *users_cli.add_users_parser(commands, lang)):
        parser.set_defaults(handler=_service_command)


def _service_command(args: argparse.Namespace) -> int:
    from api.commands import run_command  # the web stack is imported only by these commands

    return run_command(args)


def main(argv: Sequence[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else list(argv)
    lang = chosen_language(given)
    with argparse_words(lang):
        args = build_parser(lang).parse_args(given)
    try:
        code = int(args.handler(args)) if hasattr(args, "handler") else _run(args)
        sys.stdout.flush()  # here, so that a reader that went away (`| head`) is handled below, not at exit
        return code
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more can reach the reader
        return EXIT_FAILED
    except ScenarioError as error:
        _print_issues(error, getattr(args, "lang", DEFAULT_LANGUAGE))
        return EXIT_INVALID
    except VariationError as error:  # e.g. `compare` given one setting in two --vary
        print(text("cli.error", args.lang, detail=error.words(args.lang)), file=sys.stderr)
        return EXIT_INVALID
    except (ProcurementError, OSError) as error:
        print(text("cli.error", getattr(args, "lang", DEFAULT_LANGUAGE), detail=error), file=sys.stderr)
        return EXIT_FAILED


def _run(args: argparse.Namespace) -> int:
    return _validate(args) if args.command == "validate" else _solve(args)


def _validate(args: argparse.Namespace) -> int:
    scenario, warnings = load_package(args.package)
    _print_warnings(warnings, args.lang)
    counts = {
        name: len(getattr(scenario, name)) for name in ("institutions", "products", "suppliers", "bids", "demand")
    }
    print(text("cli.valid", args.lang, package=args.package, **counts))
    return EXIT_OK


def _solve(args: argparse.Namespace) -> int:
    progress = None if args.quiet else _progress(args.lang)
    scenario, warnings = load_package(args.package)
    if not args.quiet:
        _print_warnings(warnings, args.lang, SHOWN_WARNINGS, args.out / "summary.json")
    options = options_for(
        scenario, solver=args.solver, time_limit_s=args.time_limit, mip_gap=args.mip_gap, threads=args.threads
    )
    explained = not args.no_explain
    outcome = run_scenario(
        scenario, options, progress, explained=explained, explain_time_limit_s=args.explain_time_limit
    )
    outcome.warnings = warnings
    write_outcome(outcome, options, args.out)
    written = write_award_model(scenario, args.write_model) if args.write_model else None
    if written and not args.quiet:
        print(text("solve.model_written", args.lang, path=written), file=sys.stderr)
    return _report(outcome, args.out, args.quiet, args.lang)


def _report(outcome: Outcome, out: Path, quiet: bool, lang: str) -> int:
    solution = outcome.solution
    if not solution.status.has_solution:
        print(
            text("solve.see", lang, reason=no_award(solution.status, lang), file=out / "summary.json"), file=sys.stderr
        )
        return EXIT_NO_SOLUTION
    if quiet:
        return EXIT_OK
    name = outcome.scenario.name
    gap = {} if solution.gap is None else {"gap": f"{solution.gap:.4%}"}
    status = text(f"status.{solution.status}", lang)
    print(text("solve.status_gap" if gap else "solve.status", lang, scenario=name, status=status, **gap))
    print(headline(outcome, lang))
    print(format_savings_table(outcome, lang))
    print(text("solve.results_written", lang, path=out))
    _print_price_check(outcome, lang)
    explanation = outcome.explanation
    if explanation is not None and not explanation.complete:
        count = f"{explanation.offers_without_price:,}"
        print(text("solve.explanation_incomplete", lang, count=count), file=sys.stderr)
    return EXIT_OK


def _print_price_check(outcome: Outcome, lang: str) -> None:
    """What bid prices were checked against and how many were flagged, when there was anything to check against."""
    research = research_basis(outcome.scenario) or "none"
    if research == "none" and outcome.price_flags.empty:
        return
    counts = outcome.price_flags["flag"].value_counts()
    mode = outcome.scenario.policy.get("price_check", FLAG)
    print(
        text(
            "solve.price_flags",
            lang,
            research=text(f"solve.research.{research}", lang),
            not_acceptable=f"{counts.get(NOT_ACCEPTABLE, 0):,}",
            not_convenient=f"{counts.get(NOT_CONVENIENT, 0):,}",
            action=text(f"solve.price_check.{mode}", lang),
        )
    )


def _print_warnings(warnings: list[Issue], lang: str, limit: int | None = None, where: Path | None = None) -> None:
    """Warnings on stderr; a national package can have thousands, so `solve` shows a few and says where the rest are."""
    shown = warnings if limit is None else warnings[:limit]
    for warning in shown:
        print(warning.describe(lang), file=sys.stderr)
    if len(shown) < len(warnings):
        print(text("cli.more_warnings", lang, count=f"{len(warnings) - len(shown):,}", file=where), file=sys.stderr)


def _print_issues(error: ScenarioError, lang: str) -> None:
    errors = [issue for issue in error.issues if issue.severity == "error"]
    for issue in error.issues:
        print(issue.describe(lang), file=sys.stderr)
    print(text("cli.not_solved", lang, count=len(errors)), file=sys.stderr)


def _progress(lang: str) -> Progress:
    """Progress notices on stderr, worded in `lang`."""

    def show(message: Message) -> None:
        print(f"… {message.words(lang)}", file=sys.stderr, flush=True)

    return show


def _positive(given: str) -> float:
    value = _number(given)
    if value <= 0:
        raise argument_error("not_positive", value=given)
    return value


def _fraction(given: str) -> float:
    value = _number(given)
    if not 0 <= value < 1:
        raise argument_error("not_a_fraction", value=given)
    return value


def _whole(given: str) -> int:
    if not given.isdigit() or int(given) < 1:
        raise argument_error("not_whole_positive", value=given)
    return int(given)


def _number(given: str) -> float:
    try:
        return float(given)
    except ValueError:
        raise argument_error("not_a_number", value=given) from None


if __name__ == "__main__":
    sys.exit(main())
