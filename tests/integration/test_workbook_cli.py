"""A new user's path through the command: download the template, fill it, validate and solve it."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest

from procurement.cli import EXIT_INVALID, EXIT_OK, main
from tests.conftest import SCENARIOS


def test_the_template_is_filled_validated_and_solved(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = tmp_path / "template.xlsx"
    assert main(["template", "--out", str(template), "--lang", "en"]) == EXIT_OK
    book = openpyxl.load_workbook(template)
    book["demand"].append(["IMSS", "010.000.0104.00", 1, None, "2026"])  # a second row for one pair and period
    book["demand"]["C3"] = None
    book.save(template)
    assert main(["validate", str(template), "--lang", "en"]) == EXIT_INVALID
    assert capsys.readouterr().err.splitlines()[:2] == [
        "demand row 3: repeats institution_id IMSS, product_id 010.000.0104.00, period 2026 of row 2",
        "demand!C3 column quantity: is empty",
    ]
    book["demand"].delete_rows(3)
    book["demand"]["C2"] = 80_000
    book.save(template)
    assert main(["solve", str(template), "--out", str(tmp_path / "out"), "--quiet"]) == EXIT_OK
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    # the example supplier record (4 % undelivered, 10 % late x 0.5, 1 % penalties) evaluates LAB1's 9.50 at 10 %
    # more; it is paid 9.50 plus 0.25 delivery
    assert summary["objective"] == pytest.approx(80_000 * (9.5 * 1.10 + 0.25))
    assert summary["costs"]["paid"] == pytest.approx(80_000 * (9.5 + 0.25))


def test_a_package_becomes_a_workbook_holding_its_rows(tmp_path: Path) -> None:
    out = tmp_path / "sample.xlsx"
    assert main(["template", "--from", str(SCENARIOS / "sample"), "--out", str(out)]) == EXIT_OK
    book = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
    assert book["propuestas"].max_row == 1 + 21  # Spanish, the default: the bids sheet is «propuestas»
    assert book["propuestas"]["C2"].value == 10


def test_a_broken_package_is_not_turned_into_a_workbook(tmp_path: Path) -> None:
    out = tmp_path / "broken.xlsx"
    assert main(["template", "--from", str(SCENARIOS / "invalid" / "not_a_number"), "--out", str(out)]) == EXIT_INVALID
    assert not out.exists()


def test_written_files_are_ordinary_files_not_private_ones(tmp_path: Path) -> None:
    import os

    mask = os.umask(0o022)
    try:
        assert main(["template", "--out", str(tmp_path / "template.xlsx")]) == EXIT_OK
    finally:
        os.umask(mask)
    assert (tmp_path / "template.xlsx").stat().st_mode & 0o777 == 0o644
