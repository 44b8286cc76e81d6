"""The `osd` subcommands: reverse-auction rounds on the claves a package marks `osd` (procurement.osd).

    procurement osd feedback PACKAGE RUN_DIR --out FOLDER     one file per bidder: its rank and price to win
    procurement osd close PACKAGE --revisions FILE --out FOLDER   the next round's package, with the revised prices
    procurement osd compare PACKAGE RUN_DIR RUN_DIR …         the rounds side by side, clave by clave

Bad input (revisions for a clave not in the auction, from a supplier that did not bid for it, or raising a price)
is every problem at its row and column, and a run folder that cannot be read one line; both exit code 2, never a
traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from procurement.cli_lang import add_lang_argument, helps
from procurement.errors import Issue, ScenarioError
from procurement.explain_cli import RunError, read_table
from procurement.files import read_csv_file, read_package
from procurement.messages import text
from procurement.osd import auctioned, close_round, compare_rounds, feedback, write_round
from procurement.workbook import load_package

EXIT_OK, EXIT_INVALID = 0, 2


def add_osd_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser], lang: str) -> None:
    say = helps(lang)
    osd = commands.add_parser("osd", help=say("osd"), description=say("osd_description"))
    steps = osd.add_subparsers(dest="osd_command", required=True, metavar=say("meta_command"))
    given = steps.add_parser("feedback", help=say("osd_feedback"), description=say("osd_feedback_description"))
    given.add_argument("package", type=Path, metavar=say("meta_package"), help=say("package"))
    given.add_argument("run", type=Path, metavar=say("meta_run"), help=say("osd_run"))
    given.add_argument("--out", type=Path, required=True, metavar=say("meta_folder"), help=say("osd_feedback_out"))
    add_lang_argument(given, lang)
    given.set_defaults(handler=_reading_runs(_feedback))

    close = steps.add_parser("close", help=say("osd_close"), description=say("osd_close_description"))
    close.add_argument("package", type=Path, metavar=say("meta_package"), help=say("package"))
    close.add_argument("--revisions", type=Path, required=True, metavar=say("meta_file"), help=say("osd_revisions"))
    close.add_argument("--out", type=Path, required=True, metavar=say("meta_folder"), help=say("osd_close_out"))
    add_lang_argument(close, lang)
    close.set_defaults(handler=_close)

    compare = steps.add_parser("compare", help=say("osd_compare"), description=say("osd_compare_description"))
    compare.add_argument("package", type=Path, metavar=say("meta_package"), help=say("package"))
    compare.add_argument("runs", type=Path, nargs="+", metavar=say("meta_run"), help=say("osd_runs"))
    compare.add_argument("--out", type=Path, metavar=say("meta_file"), help=say("osd_compare_out"))
    add_lang_argument(compare, lang)
    compare.set_defaults(handler=_reading_runs(_compare))


def _reading_runs(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """The handler, with a run folder it cannot read said on one line and exit code 2."""

    def guarded(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except RunError as error:
            print(text("cli.error", args.lang, detail=error), file=sys.stderr)
            return EXIT_INVALID

    return guarded


def _feedback(args: argparse.Namespace) -> int:
    scenario, _ = load_package(args.package)
    explanation = _read(args.run, "explanation.csv", args.lang)
    files = feedback(scenario, explanation)
    args.out.mkdir(parents=True, exist_ok=True)
    for supplier, rows in files.items():
        rows.to_csv(args.out / f"{supplier}.csv", index=False, lineterminator="\n")
    claves = len(auctioned(scenario))
    print(text("osd.feedback_written", args.lang, bidders=len(files), claves=claves, path=args.out))
    return EXIT_OK


def _close(args: argparse.Namespace) -> int:
    scenario, _ = load_package(args.package)
    issues: list[Issue] = []
    revisions = read_csv_file(args.revisions, issues)
    if revisions is None:
        raise ScenarioError(issues)
    package, issues = close_round(read_package(args.package), scenario, revisions, args.revisions.name)
    if issues:
        for issue in ScenarioError(issues).issues:
            print(issue.describe(args.lang), file=sys.stderr)
        print(text("osd.not_closed", args.lang, count=len(issues)), file=sys.stderr)
        return EXIT_INVALID
    write_round(package, args.out)
    print(text("osd.round_closed", args.lang, revised=len(revisions), path=args.out))
    return EXIT_OK


def _compare(args: argparse.Namespace) -> int:
    scenario, _ = load_package(args.package)
    rounds = [_awards(run, args.lang) for run in args.runs]
    table = compare_rounds(rounds, auctioned(scenario))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        table.to_csv(args.out, index=False, lineterminator="\n")
    print(_side_by_side(table, args.lang).to_string())
    return EXIT_OK


def _read(run: Path, file: str, lang: str) -> pd.DataFrame:
    """A file of a run folder written by `procurement solve`, checked as `explain` checks it (RunError)."""
    if not (run / file).is_file():
        raise RunError(text("cli.explain_not_run", lang, path=str(run), file=file))
    return read_table(run / file, lang)


def _awards(run: Path, lang: str) -> pd.DataFrame:
    """awards.csv of a run folder, its money and units as numbers."""
    awards = _read(run, "awards.csv", lang)
    for column in ("unit_price", "total_cost"):
        values = pd.to_numeric(awards.get(column), errors="coerce") if column in awards else None
        if values is None or values.isna().any():
            detail = text("cli.detail_columns", lang, columns=column)
            raise RunError(text("cli.explain_malformed", lang, file=str(run / "awards.csv"), detail=detail))
        awards[column] = values
    return awards


def _side_by_side(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """What each round pays per clave, one column per round, with the suppliers awarded; in `lang`."""
    label = text("osd.round", lang)
    paid = table.pivot(index="product_id", columns="round", values="paid")
    paid.columns = [f"{label} {number}" for number in paid.columns]
    last = table.drop_duplicates("product_id", keep="last").set_index("product_id")["suppliers"]
    shown = paid.map(lambda value: f"{value:,.2f}").assign(**{text("osd.suppliers", lang): last})
    shown.index.name = text("osd.clave", lang)
    return shown
