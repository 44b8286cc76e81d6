"""The `procurement` command on bad input: exit code 2, every issue on stderr, no traceback, nothing written."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from procurement.cli import EXIT_INVALID, EXIT_OK, SHOWN_WARNINGS, main
from tests.builders import write_package
from tests.conftest import ROOT, SCENARIOS

INVALID = SCENARIOS / "invalid"
EXPECTED: dict[str, list[str]] = json.loads((INVALID / "expected.json").read_text(encoding="utf-8"))
SEVERAL = INVALID / "several_errors"


PYTHON_MODULE = [sys.executable, "-m", "procurement.cli"]
CONSOLE_SCRIPT = Path(sys.executable).parent / "procurement"


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests compare the English messages of scenarios/invalid/expected.json (Spanish has its own test)."""
    monkeypatch.setenv("PROCUREMENT_LANG", "en")


def run(command: Sequence[str | Path], *args: str | Path) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it, in a fresh interpreter."""
    return subprocess.run(
        [*map(str, command), *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def assert_rejected(result: subprocess.CompletedProcess[str], issues: list[str]) -> None:
    assert result.returncode == EXIT_INVALID
    for issue in issues:
        assert issue in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_validate_lists_every_error_and_exits_2(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(INVALID / name)]) == EXIT_INVALID
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        *EXPECTED[name],
        f"{len(EXPECTED[name])} error(s): the package was not solved",
    ]
    assert captured.out == ""


def test_validate_as_a_command_reports_all_errors_without_a_traceback() -> None:
    result = run(PYTHON_MODULE, "validate", SEVERAL)
    assert_rejected(result, EXPECTED["several_errors"])
    assert "6 error(s)" in result.stderr


def test_the_installed_procurement_command_exits_2_on_a_broken_toml() -> None:
    if not CONSOLE_SCRIPT.is_file():
        pytest.skip("the procurement console script is not installed beside this interpreter")
    assert_rejected(run([CONSOLE_SCRIPT], "validate", INVALID / "toml_syntax"), EXPECTED["toml_syntax"])


def test_solve_on_an_invalid_package_exits_2_and_creates_no_output_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["solve", str(SEVERAL), "--out", str(out), "--quiet"]) == EXIT_INVALID
    assert not out.exists()
    assert EXPECTED["several_errors"][0] in capsys.readouterr().err


def test_solve_on_an_invalid_package_writes_nothing_into_an_existing_folder(tmp_path: Path) -> None:
    result = run(PYTHON_MODULE, "solve", INVALID / "not_a_number", "--out", tmp_path)
    assert_rejected(result, EXPECTED["not_a_number"])
    assert list(tmp_path.iterdir()) == []


def test_a_package_that_does_not_exist_exits_2_with_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "compra-2025"
    assert main(["validate", str(missing)]) == EXIT_INVALID
    assert f"{missing}: the scenario package does not exist" in capsys.readouterr().err


def test_an_empty_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    assert main(["validate", str(tmp_path / "empty")]) == EXIT_INVALID
    assert "empty: the package is empty: no scenario.toml and no CSV files" in capsys.readouterr().err


def test_a_file_that_is_not_a_zip_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    not_zip = tmp_path / "bids.csv"
    not_zip.write_text("supplier_id,product_id,unit_price\n", encoding="utf-8")
    assert main(["validate", str(not_zip)]) == EXIT_INVALID
    assert "is neither a folder nor a .zip archive" in capsys.readouterr().err


def test_warnings_are_printed_with_the_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    package = shutil.copytree(INVALID / "zero_demand", tmp_path / "package")
    products = package / "products.csv"
    products.write_text(products.read_text(encoding="utf-8").replace(",30,,", ",20,,"), encoding="utf-8")
    assert main(["validate", str(package)]) == EXIT_INVALID
    err = capsys.readouterr().err.splitlines()
    assert EXPECTED["zero_demand"][0] in err
    assert any(line.startswith("warning: bids.csv row 5 column unit_price: 25.4 is above") for line in err)
    assert err[-1] == "1 error(s): the package was not solved"


def test_solve_shows_a_few_warnings_and_says_where_the_rest_are(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 12 bids above a reference price of 5: 12 warnings, of which solve prints 10 and counts the other 2.
    suppliers = [f"S{k:02d}" for k in range(12)]
    package = write_package(
        tmp_path / "pkg",
        products="product_id,description,category,unit,reference_price\n010.000.0104.00,Paracetamol,medicine,caja,5\n",
        suppliers="supplier_id,name\n" + "".join(f"{s},Lab {s}\n" for s in suppliers),
        bids="supplier_id,product_id,unit_price\n" + "".join(f"{s},010.000.0104.00,10\n" for s in suppliers),
    )
    out = tmp_path / "out"
    assert main(["solve", str(package), "--out", str(out)]) == EXIT_OK
    lines = capsys.readouterr().err.splitlines()
    assert sum("above the reference price" in line for line in lines) == SHOWN_WARNINGS
    assert lines[SHOWN_WARNINGS] == f"… and 2 more warnings; all of them are listed in {out / 'summary.json'}"
    assert len(json.loads((out / "summary.json").read_text(encoding="utf-8"))["warnings"]) == 12
    assert main(["solve", str(package), "--out", str(out), "--quiet"]) == EXIT_OK
    assert capsys.readouterr().err == ""  # --quiet prints nothing but errors; summary.json still lists them


def test_a_reader_that_stops_early_gets_no_error_message(tmp_path: Path) -> None:
    # `procurement solve … | head -1`: the results are written; the closed pipe is not reported as an error.
    command = [*PYTHON_MODULE, "solve", str(SCENARIOS / "sample"), "--out", str(tmp_path), "--no-explain", "--quiet"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, text=True)
    assert process.stdout is not None
    process.stdout.close()
    _, stderr = process.communicate(timeout=120)
    assert "Broken pipe" not in stderr
    assert "Traceback" not in stderr
    assert (tmp_path / "summary.json").is_file()


def test_validate_speaks_spanish_unless_asked_for_english(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("PROCUREMENT_LANG")
    assert main(["validate", str(INVALID / "not_a_number")]) == EXIT_INVALID
    spanish = capsys.readouterr().err
    assert main(["validate", str(INVALID / "not_a_number"), "--lang", "en"]) == EXIT_INVALID
    assert capsys.readouterr().err.splitlines() == [*EXPECTED["not_a_number"], "1 error(s): the package was not solved"]
    assert "bids.csv fila 3 columna unit_price: «12,5» no es un número" in spanish
    assert spanish.endswith("1 error(es): el paquete no se resolvió\n")
