"""The `template`, `report` and `compare` subcommands: spreadsheets in, savings reports out."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path


def add_template_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    template = commands.add_parser(
        "template",
        help="write the scenario workbook template (.xlsx) to fill in Excel",
        description="Write a scenario workbook (.xlsx): one sheet per table with the column names, a note on "
        "every header (meaning, unit), drop-downs for categories, yes/no columns and ids of the other sheets, "
        "numbers kept at 0 or more, and one filled example row per sheet. With --from, the workbook holds that "
        "package's rows instead. Every command that takes a package accepts the filled workbook.",
    )
    template.add_argument("--out", type=Path, required=True, metavar="FILE", help="the .xlsx file to write")
    template.add_argument("--from", dest="source", type=Path, metavar="PKG", help="fill it from this package")
    template.set_defaults(handler=run_template)


def run_template(args: argparse.Namespace) -> int:
    from procurement.files import read_package
    from procurement.template import build_template
    from procurement.validate import validate_package

    package = None
    if args.source is not None:
        package = read_package(args.source)
        validate_package(package)  # a broken package is reported now, not discovered in Excel later
    write_atomically(args.out, build_template(package))
    print(f"template written to {args.out}")
    return 0


def write_atomically(path: Path, data: bytes) -> Path:
    """Write `data` to `path` whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
