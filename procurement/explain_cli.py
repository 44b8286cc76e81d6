"""The `explain` subcommand: one clave's dictamen, read from the files `procurement solve` wrote to a run folder.

Bad input (no such folder, a file missing or unreadable, a clave or supplier not in the run) is one line on stderr
in the chosen language and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from procurement.cli_lang import add_lang_argument, helps
from procurement.explain.columns import EXPLANATION_COLUMNS, KINDS, OUTCOMES, REASONS, RULE_COST_COLUMNS
from procurement.messages import text
from procurement.rules.open_contracts import CONTRACT_COLUMNS
from procurement.rules.price_reasonableness import FLAG_COLUMNS, PRICE_FLAGS
from procurement.solve import SolveStatus

if TYPE_CHECKING:
    from reports.dictamen import ClaveDictamen, Dictamen, DictamenInputs

EXIT_OK, EXIT_INVALID = 0, 2
SHOWN_CLAVES = 5
# each file the dictamen reads: its columns, the numeric ones among them, and the codes some must hold
FILES: dict[str, tuple[list[str], tuple[str, ...], dict[str, frozenset[str]]]] = {
    "explanation.csv": (
        [column for column in EXPLANATION_COLUMNS if column != "period"],  # a purchase with one period writes none
        (
            "unit_price",
            "evaluated_price",
            "delivery_cost",
            "rank",
            "capacity",
            "awarded_quantity",
            "awarded_cost",
            "price_to_win",
            "price_to_lose",
        ),
        {"outcome": frozenset(OUTCOMES), "reason": frozenset(code for codes in REASONS.values() for code in codes)},
    ),
    "rule_costs.csv": (
        [column for column in RULE_COST_COLUMNS if column != "period"],  # a purchase with one period writes none
        ("limit", "used", "value", "quantity", "cost_with", "cost_without"),
        {"kind": frozenset(KINDS)},
    ),
    "awards.csv": (["institution_id", "product_id", "supplier_id", "quantity", "unit_price"], ("quantity",), {}),
    "shortages.csv": (["institution_id", "product_id", "quantity", "reason"], ("quantity",), {}),
    "inadmissible_bids.csv": (["supplier_id", "product_id", "unit_price", "reference_price"], ("reference_price",), {}),
}
OPTIONAL_FILES: dict[str, tuple[list[str], tuple[str, ...], dict[str, frozenset[str]]]] = {
    # runs before the price check have none: no bid was flagged in them
    "price_flags.csv": (
        [column for column in FLAG_COLUMNS if column != "period"],  # a purchase with one period writes none
        ("unit_price", "benchmark", "limit"),
        {"flag": PRICE_FLAGS},
    ),
    # runs before open contracts have none: they had no open contracts to report
    "open_contracts.csv": (
        [column for column in CONTRACT_COLUMNS if column != "period"],  # a purchase with one period writes none
        ("maximum_quantity", "minimum_quantity", "unit_price", "maximum_cost", "minimum_cost"),
        {},
    ),
}
EXPLANATION_FILES = ("explanation.csv", "rule_costs.csv")


class RunError(Exception):
    """A run folder the dictamen cannot be read from; the message is for people, in the chosen language."""


def add_explain_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser], lang: str) -> None:
    say = helps(lang)
    explain = commands.add_parser("explain", help=say("explain"), description=say("explain_description"))
    explain.add_argument("run", type=Path, metavar=say("meta_run"), help=say("explain_run"))
    explain.add_argument("--product", required=True, metavar="CLAVE", help=say("explain_product"))
    explain.add_argument("--supplier", metavar="ID", help=say("explain_supplier"))
    add_lang_argument(explain, lang, "dictamen")
    explain.set_defaults(handler=run_explain)


def run_explain(args: argparse.Namespace) -> int:
    from reports.dictamen import build_dictamen
    from reports.labels import label

    try:
        inputs, scenario = read_run(args.run, args.lang)
        dictamen = build_dictamen(inputs, args.lang, [_known_product(inputs, args.product, args.lang)])
        claves = dictamen.claves  # one, or one per period for a clave priced per period
        if args.supplier is not None:
            claves = _only_supplier(claves, args.supplier, args.lang)
    except RunError as error:
        print(f"{label(args.lang, 'error').lower()}: {error}", file=sys.stderr)
        return EXIT_INVALID
    for at, clave in enumerate(claves):
        purchase = args.supplier is None and at == len(claves) - 1  # the purchase-wide sentences once, at the end
        lines = dictamen_lines(dictamen, clave, scenario, inputs.currency, args.lang, purchase)
        print("\n".join(lines if at == 0 else ["", *lines[3:]]))
    return EXIT_OK


def read_run(folder: Path, lang: str) -> tuple[DictamenInputs, str]:
    """The dictamen's tables of a run folder and the scenario's name; RunError says what is wrong with it."""
    from reports.dictamen import DictamenInputs, reference_prices

    if not folder.is_dir():
        raise RunError(_text(lang, "explain_no_folder", path=str(folder)))
    summary = _summary(folder, lang)
    for name in [*EXPLANATION_FILES, *FILES]:
        if not (folder / name).is_file():
            key = "explain_old_run" if name in EXPLANATION_FILES else "explain_not_run"
            raise RunError(_text(lang, key, path=str(folder), file=name))
    tables = {name: read_table(folder / name, lang) for name in FILES}
    flags, contracts = folder / "price_flags.csv", folder / "open_contracts.csv"
    price_flags = read_table(flags, lang) if flags.is_file() else pd.DataFrame(columns=FLAG_COLUMNS)
    inputs = DictamenInputs(
        offers=tables["explanation.csv"],
        rule_costs=tables["rule_costs.csv"],
        awards=tables["awards.csv"],
        shortages=tables["shortages.csv"],
        currency=str(summary.get("currency") or "MXN"),
        reference_prices=reference_prices(tables["inadmissible_bids.csv"]),
        price_flags=price_flags,
        surcharges={str(k): float(v) for k, v in (summary.get("supplier_record") or {}).items()},
        open_contracts=read_table(contracts, lang) if contracts.is_file() else pd.DataFrame(columns=CONTRACT_COLUMNS),
    )
    return inputs, str(summary.get("scenario") or "")


def _summary(folder: Path, lang: str) -> dict[str, Any]:
    """summary.json, whose status says whether the run has an award to explain."""
    path = folder / "summary.json"
    if not path.is_file():
        raise RunError(_text(lang, "explain_not_run", path=str(folder), file=path.name))
    try:
        summary = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise _malformed(path, lang, "detail_json", error=str(error)) from None
    statuses = [str(status) for status in SolveStatus]
    status = summary.get("status") if isinstance(summary, dict) else None
    if status not in statuses:
        raise _malformed(path, lang, "detail_status", value=str(status), known=", ".join(statuses))
    if not SolveStatus(status).has_solution:
        raise RunError(_text(lang, "explain_no_award", path=str(folder), status=str(status)))
    return dict(summary)


def read_table(path: Path, lang: str) -> pd.DataFrame:
    """The file's rows as text, its numeric columns as numbers (blank: NaN), each checked."""
    columns, numbers, codes = (FILES | OPTIONAL_FILES)[path.name]
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (ValueError, UnicodeDecodeError) as error:  # pandas' ParserError and EmptyDataError are ValueErrors
        raise _malformed(path, lang, "detail_csv", error=str(error).strip()) from None
    missing = [column for column in columns if column not in table.columns]
    if missing:
        raise _malformed(path, lang, "detail_columns", columns=", ".join(missing))
    if "period" not in table.columns:  # a purchase with one period writes none
        table["period"] = ""
    for column, allowed in codes.items():
        unknown = ~table[column].isin(allowed)
        if unknown.any():
            row = int(unknown.to_numpy().argmax())
            raise _malformed(path, lang, "detail_code", column=column, row=str(row + 2), value=table[column][row])
    for column in numbers:
        text = table[column].str.strip()
        value = pd.to_numeric(text.where(text != ""), errors="coerce")
        wrong = value.isna() & (text != "")
        if wrong.any():
            row = int(wrong.to_numpy().argmax())
            raise _malformed(path, lang, "detail_number", column=column, row=str(row + 2), value=text[row])
        table[column] = value
    return table


def _malformed(path: Path, lang: str, key: str, **values: str) -> RunError:
    return RunError(_text(lang, "explain_malformed", file=str(path), detail=_text(lang, key, **values)))


def _known_product(inputs: DictamenInputs, product: str, lang: str) -> str:
    known = sorted(set(inputs.offers["product_id"]) | set(inputs.shortages["product_id"]))
    if product not in known:
        shown = ", ".join(known[:SHOWN_CLAVES]) + (", …" if len(known) > SHOWN_CLAVES else "")
        raise RunError(_text(lang, "explain_unknown_product", product=product, known=shown or "—"))
    return product


def _only_supplier(claves: list[ClaveDictamen], supplier: str, lang: str) -> list[ClaveDictamen]:
    """The supplier's bids of the clave (of each period it bid, for a clave priced per period)."""
    from reports.dictamen import ClaveDictamen

    chosen = [
        ClaveDictamen(clave.product_id, clave.description, bids, [], clave.period)
        for clave in claves
        if (bids := [bid for bid in clave.bids if bid.supplier_id == supplier])
    ]
    if not chosen:
        known = ", ".join(dict.fromkeys(bid.supplier_id for clave in claves for bid in clave.bids)) or "—"
        product = claves[0].product_id
        raise RunError(_text(lang, "explain_unknown_supplier", supplier=supplier, product=product, known=known))
    return chosen


def dictamen_lines(
    dictamen: Dictamen, clave: ClaveDictamen, scenario: str, currency: str, lang: str, purchase: bool
) -> list[str]:
    """The clave's dictamen as terminal lines: its ranking aligned, its sentences, then the purchase-wide ones."""
    from reports.dictamen import bid_rows
    from reports.labels import labels

    t = labels(lang)
    lines = [f"{t['sheet_dictamen']} — {clave.product_id}", scenario, ""]
    if clave.period:
        lines += [f"{t['period']}: {clave.period}", ""]
    if clave.bids:
        header = [
            t[key] for key in ("supplier", "unit_price", "evaluated_price", "rank", "awarded_quantity", "outcome")
        ]
        lines += [*_aligned([header, *bid_rows(clave, lang, currency)]), ""]
    lines += clave.statements
    if purchase and dictamen.purchase:
        lines += ["", f"{t['purchase_wide']}:", *dictamen.purchase]
    return lines


def _aligned(rows: list[list[str]]) -> list[str]:
    """Columns padded to their widest cell: the first (supplier) and last (outcome) to the left, figures right."""
    widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]))]
    last = len(widths) - 1
    return [
        "  ".join(
            cell.ljust(w) if k in (0, last) else cell.rjust(w)
            for k, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


def _text(lang: str, key: str, **values: str) -> str:
    return text(f"cli.{key}", lang, **values)
