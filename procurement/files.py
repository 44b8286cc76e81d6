"""Read and write scenario packages (a folder or a .zip of CSV files plus scenario.toml); I/O only."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import tomllib
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from itertools import compress, repeat
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np
import pandas as pd

from procurement.errors import Issue, ScenarioError
from procurement.tables import TABLES

SETTINGS_FILE = "scenario.toml"
PACKAGE_FILES = (SETTINGS_FILE, *(spec.file for spec in TABLES))
MAX_MEMBER_BYTES = 512 * 1024 * 1024
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb")  # read by procurement.workbook
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError)  # corrupt, encrypted, unsupported
TOML_WHERE = re.compile(r"^(?P<message>.*?)\s*\(at line (?P<line>\d+), column \d+\)$", re.DOTALL)
# every character str.strip() removes (str.isspace()), written out: finding them takes a second at import
SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
BLANK = SPACES + ","  # what a record holding no value is made of


@dataclass
class RawPackage:
    """The text of a package: settings as parsed TOML, each CSV as a table of strings."""

    source: str
    settings: dict[str, Any] = field(default_factory=dict)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    sha256: str = ""
    issues: list[Issue] = field(default_factory=list)


def read_package(path: str | Path) -> RawPackage:
    """Read every file of a package; what cannot be read is listed in `issues` for validation to report."""
    path = Path(path)
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        from procurement.workbook import read_workbook  # openpyxl is loaded only when a workbook is read

        return read_workbook(path)[0]
    contents = _read_members(path)
    package = RawPackage(source=str(path), sha256=package_digest(contents))
    if not contents:
        package.issues.append(Issue(path.name, None, None, "package_empty"))
    elif SETTINGS_FILE not in contents:
        package.issues.append(Issue(SETTINGS_FILE, None, None, "file_missing"))
    else:
        package.settings = _parse_settings(contents[SETTINGS_FILE], package.issues)
    for spec in TABLES:
        if spec.file in contents:
            table = _parse_csv(spec.file, contents[spec.file], package.issues)
            if table is not None:
                package.tables[spec.file] = table
        elif spec.required_file and contents:
            package.issues.append(Issue(spec.file, None, None, "file_missing"))
    return package


def read_csv_file(path: Path, issues: list[Issue]) -> pd.DataFrame | None:
    """One CSV file outside a package, read as a package's CSV files are (strings, `_row`); None with an issue when
    it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError:
        issues.append(Issue(path.name, None, None, "file_missing"))
        return None
    return _parse_csv(path.name, data, issues)


def package_digest(contents: Mapping[str, bytes]) -> str:
    """sha256 over the package's files by name, equal for a folder and for a .zip of it."""
    digest = hashlib.sha256()
    for name in sorted(contents):
        digest.update(name.encode() + b"\0" + hashlib.sha256(contents[name]).digest())
    return digest.hexdigest()


def _read_members(path: Path) -> dict[str, bytes]:
    if path.is_dir():
        return {name: (path / name).read_bytes() for name in PACKAGE_FILES if (path / name).is_file()}
    if path.is_file() and zipfile.is_zipfile(path):
        return _read_zip(path)
    code = "package_missing" if not path.exists() else "package_not_folder"
    raise ScenarioError([Issue(str(path), None, None, code)])


def _read_zip(path: Path) -> dict[str, bytes]:
    """Members named like package files, at the root or inside one top folder; nothing is extracted."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = [info for info in archive.infolist() if _is_package_member(info)]
            _check_one_folder(path, members)
            return {PurePosixPath(info.filename).name: _read_member(path, archive, info) for info in members}
    except ZIP_ERRORS as error:
        raise ScenarioError([Issue(path.name, None, None, "zip_unreadable", params={"detail": error})]) from None


def _is_package_member(info: zipfile.ZipInfo) -> bool:
    member = PurePosixPath(info.filename)
    return not info.is_dir() and member.name in PACKAGE_FILES and len(member.parts) <= 2 and ".." not in member.parts


def _check_one_folder(path: Path, members: list[zipfile.ZipInfo]) -> None:
    """Package files in two places (two top folders, or the root and a folder) would silently mix two packages."""
    folders = sorted({str(PurePosixPath(info.filename).parent) for info in members})
    if len(folders) > 1:
        places = ", ".join(f"{folder}/" for folder in folders)
        raise ScenarioError([Issue(path.name, None, None, "zip_many_places", params={"places": places})])


def _read_member(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    if info.file_size > MAX_MEMBER_BYTES:
        raise ScenarioError([Issue(f"{path.name}:{info.filename}", None, None, "member_too_large")])
    return archive.read(info)


def _decode(file: str, data: bytes, issues: list[Issue]) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        issues.append(Issue(file, line, None, "not_utf8", params={"byte": f"{data[error.start]:02x}"}))
        return None


def _parse_settings(data: bytes, issues: list[Issue]) -> dict[str, Any]:
    text = _decode(SETTINGS_FILE, data, issues)
    if text is None:
        return {}
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        issues.append(_toml_issue(error))
        return {}


def _toml_issue(error: tomllib.TOMLDecodeError) -> Issue:
    """The parser's message with its "(at line N, column M)" suffix turned into the issue's line."""
    found = TOML_WHERE.match(str(error))
    if found is None:
        return Issue(SETTINGS_FILE, None, None, "toml_invalid", params={"detail": error})
    return Issue(SETTINGS_FILE, int(found["line"]), None, "toml_invalid", params={"detail": found["message"]})


def _parse_csv(file: str, data: bytes, issues: list[Issue]) -> pd.DataFrame | None:
    """All cells as stripped strings; column `_row` holds the line on which each record starts."""
    text = _decode(file, data, issues)
    if text is None:
        return None
    plain = _plain_lines(text)
    if plain is None:
        records = _records(file, text, issues)
    else:  # the header: the first line that is not blank
        records = iter([(number, line.split(",")) for number, line in zip(plain[0][:1], plain[1][:1], strict=True)])
    _, first = next(records, (1, []))
    header = [name.strip() for name in first]
    if not any(header):
        issues.append(Issue(file, None, None, "file_empty"))
        return None
    _check_header(file, header, issues)
    rows, cells = (
        _record_cells(file, records, len(header), issues)
        if plain is None
        else _line_cells(file, plain[0][1:], plain[1][1:], len(header), issues)
    )
    grid = np.empty(len(cells), dtype=object)
    grid[:] = cells  # one (rows, columns) block of str objects: no array to build per column
    table = pd.DataFrame(grid.reshape(-1, len(header)), columns=pd.Index(header), dtype=object)
    table = table.loc[:, ~table.columns.duplicated() & (table.columns != "")]
    table["_row"] = rows
    return table


def _plain_lines(text: str) -> tuple[list[int], list[str]] | None:
    """The numbers and text of the lines that are not blank, when nothing in `text` needs the csv module (no quote,
    carriage return, NUL or over-long field): each record is then one line, its values split at commas. None
    otherwise."""
    if '"' in text or "\r" in text or "\0" in text:
        return None
    lines = text.split("\n")
    if max(map(len, lines)) > csv.field_size_limit():
        return None
    filled = list(map(str.strip, lines, repeat(BLANK)))  # "" where a line is blank
    return list(compress(range(1, len(lines) + 1), filled)), list(compress(lines, filled))


def _line_cells(
    file: str, numbers: list[int], lines: list[str], width: int, issues: list[Issue]
) -> tuple[list[int], list[str]]:
    """The lines of the quote-free records with `width` values, and their cells row after row."""
    commas = list(map(str.count, lines, repeat(",")))
    if commas.count(width - 1) != len(commas):  # some records hold another number of values
        for number, count in zip(numbers, commas, strict=True):
            if count != width - 1:
                issues.append(_value_count(file, number, count + 1, width))
        fits = [count == width - 1 for count in commas]
        numbers, lines = list(compress(numbers, fits)), list(compress(lines, fits))
    joined = ",".join(lines)
    cells = joined.split(",") if lines else []  # every line has `width` values: one flat list
    if _padded(joined):
        cells = [cell.strip() for cell in cells]
    return numbers, cells


def _padded(cells: str) -> bool:
    """Whether any value of `cells` (values joined by commas) begins or ends with white space."""
    edges = cells[:1] + cells[-1:]
    return any(space in edges or f",{space}" in cells or f"{space}," in cells for space in SPACES if space in cells)


def _record_cells(
    file: str, records: Iterator[tuple[int, list[str]]], width: int, issues: list[Issue]
) -> tuple[list[int], list[str]]:
    """The lines of the records (read by the csv module) with `width` values, and their cells row after row."""
    cells: list[str] = []
    numbers: list[int] = []
    for number, record in records:
        if len(record) != width:
            issues.append(_value_count(file, number, len(record), width))
            continue
        cells += [cell.strip() for cell in record]
        numbers.append(number)
    return numbers, cells


def _value_count(file: str, line: int, values: int, header: int) -> Issue:
    return Issue(file, line, None, "value_count", params={"values": values, "header": header})


def _records(file: str, text: str, issues: list[Issue]) -> Iterator[tuple[int, list[str]]]:
    """(first line, values) of each record that is not blank; a malformed record is an issue and is skipped."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            issues.append(Issue(file, start, None, "csv_malformed", params={"detail": error}))
            continue
        if any(cell.strip() for cell in record):
            yield start, record


def _check_header(file: str, header: list[str], issues: list[Issue]) -> None:
    for position, name in enumerate(header, start=1):
        if not name:
            issues.append(Issue(file, 1, None, "header_value_empty", params={"position": position}))
    for name in sorted({name for name in header if name and header.count(name) > 1}):
        issues.append(Issue(file, 1, name, "column_repeated"))


def write_package(path: str | Path, settings: Mapping[str, Any], tables: Mapping[str, pd.DataFrame]) -> Path:
    """Write a package folder: scenario.toml from `settings` and one CSV per table (keys are file names)."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    (path / SETTINGS_FILE).write_text(_to_toml(settings), encoding="utf-8")
    for file, table in tables.items():
        table.to_csv(path / file, index=False, lineterminator="\n")
    return path


def _to_toml(settings: Mapping[str, Any]) -> str:
    """TOML for the flat settings of a package: top-level scalars, then one level of tables."""
    lines = [f"{key} = {json.dumps(value)}" for key, value in settings.items() if not isinstance(value, dict)]
    for key, value in settings.items():
        if isinstance(value, dict):
            lines += ["", f"[{key}]", *(f"{k} = {json.dumps(v)}" for k, v in value.items() if v is not None)]
    return "\n".join(lines) + "\n"
