"""`procurement report` over many packages and `procurement compare` over what-if variants, as a user runs them."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from pypdf import PdfReader

from procurement.cli import EXIT_OK, main
from procurement.files import read_package
from procurement.pipeline import options_for, run_package, run_scenario
from procurement.template import build_template
from procurement.variants import build_variants, parse_variation
from reports import batch
from reports.content import ReportOptions
from reports.labels import money
from tests.conftest import SCENARIOS

SAMPLE = SCENARIOS / "sample"


@pytest.fixture
def packages(tmp_path: Path) -> Path:
    """A folder of packages: the sample as a folder and as a workbook, and a broken one."""
    folder = tmp_path / "packages"
    shutil.copytree(SAMPLE, folder / "sample")
    shutil.copytree(SCENARIOS / "invalid" / "not_a_number", folder / "broken")
    (folder / "sample-book.xlsx").write_bytes(build_template(read_package(SAMPLE)))
    return folder


def test_report_writes_every_package_and_a_summary_naming_the_failure(
    packages: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "reports"
    args = ["report", str(packages), "--out", str(out), "--format", "pdf,xlsx,results", "--lang", "en", "--no-explain"]
    assert main(args) == 1
    captured = capsys.readouterr()
    assert "[########################] 3/3 done" in captured.err
    summary = pd.read_csv(out / "summary.csv", encoding="utf-8-sig").set_index("package")
    broken = summary.loc[str(packages / "broken")]
    assert broken["status"] == "invalid"
    assert 'bids.csv row 3 column unit_price: "12,5" is not a number' in broken["error"]
    expected = run_package(SAMPLE).savings_totals
    for name in ("sample", "sample-book.xlsx"):
        assert summary.loc[str(packages / name), "savings"] == pytest.approx(expected["savings"])
    assert sorted(path.name for path in (out / "sample").iterdir()) == [
        "results.xlsx",
        "savings-report.pdf",
        "savings-report.xlsx",
    ]
    text = "".join(page.extract_text() for page in PdfReader(out / "sample-book" / "savings-report.pdf").pages)
    assert money(expected["savings"], "MXN") in text
    book = openpyxl.load_workbook(out / "summary.xlsx")
    assert book["summary"].max_row == 1 + 3


def test_report_exits_0_when_every_package_is_reported(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    args = [
        "report",
        str(SAMPLE),
        "--out",
        str(out),
        "--format",
        "html",
        "--institution",
        "ISSSTE",
        "--no-explain",
        "--quiet",
    ]
    assert main(args) == EXIT_OK
    page = (out / "sample" / "reporte-de-ahorros.html").read_text(encoding="utf-8")
    assert "IMSSB" not in page


def test_a_report_that_cannot_be_written_does_not_stop_the_other_formats(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "reports"
    in_the_way = out / "sample" / "savings-report.pdf"
    in_the_way.mkdir(parents=True)  # a folder where the PDF should go: the PDF cannot be written, even by root
    formats = ["--format", "pdf,xlsx,html,results", "--no-explain"]  # the dictamen has tests of its own
    assert main(["report", str(SAMPLE), "--out", str(out), *formats, "--lang", "en"]) == 1
    assert sorted(path.name for path in (out / "sample").iterdir()) == [  # and no half-written temporary file
        "results.xlsx",
        "savings-report.html",
        "savings-report.pdf",
        "savings-report.xlsx",
    ]
    assert list(in_the_way.iterdir()) == []
    assert openpyxl.load_workbook(out / "sample" / "savings-report.xlsx").sheetnames[0] == "Headline"
    assert openpyxl.load_workbook(out / "sample" / "results.xlsx").sheetnames[0] == "awards"
    assert (out / "sample" / "savings-report.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    why = f"the PDF report (savings-report.pdf) was not written: a folder is in the way at {in_the_way}"
    assert f"error: {SAMPLE}: {why}" in capsys.readouterr().err
    summary = pd.read_csv(out / "summary.csv", encoding="utf-8-sig").iloc[0]
    assert (summary["status"], summary["files"], summary["error"]) == ("optimal", 3, why)


def test_an_unknown_format_is_refused_before_any_work(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["report", str(SAMPLE), "--out", str(tmp_path), "--format", "docx", "--lang", "en"])
    assert "choose one or more of pdf,xlsx,html,results" in capsys.readouterr().err


def test_compare_puts_each_variant_beside_the_others_with_its_own_solve(tmp_path: Path) -> None:
    out = tmp_path / "compare"
    args = [
        "compare",
        str(SAMPLE),
        "--vary",
        "policy.max_price_gap=none,0",
        "--vary",
        "policy.national_preference=0,0.1",
    ]
    assert main([*args, "--out", str(out), "--lang", "en", "--quiet"]) == EXIT_OK
    table = pd.read_csv(out / "comparison.csv", encoding="utf-8-sig").set_index("Variant")
    assert list(table.columns) == [
        "max_price_gap=none, national_preference=0",
        "max_price_gap=none, national_preference=0.1",
        "max_price_gap=0, national_preference=0",
        "max_price_gap=0, national_preference=0.1",
    ]
    unchanged = run_package(SAMPLE)
    first = table.iloc[:, 0]
    assert float(first["Consolidated cost"]) == pytest.approx(unchanged.savings_totals["consolidated_cost"])
    assert float(first["Savings IMSS"]) == pytest.approx(
        unchanged.savings_by_institution.set_index("institution_id").at["IMSS", "savings"]
    )
    [strict] = build_variants(
        read_package(SAMPLE),
        [parse_variation("policy.max_price_gap=0"), parse_variation("policy.national_preference=0.1")],
    )
    solved = run_scenario(strict.scenario, options_for(strict.scenario))
    last = table.iloc[:, 3]
    assert float(last["Consolidated cost"]) == pytest.approx(solved.savings_totals["consolidated_cost"])
    assert int(float(last["Shortages"])) == len(solved.shortages)
    assert int(float(last["Suppliers awarded"])) == solved.awards["supplier_id"].nunique()
    book = openpyxl.load_workbook(io.BytesIO((out / "comparison.xlsx").read_bytes()))
    assert book["comparison"].max_column == 5
    rows = {row[0].value: row for row in book["comparison"].iter_rows(min_row=2)}
    assert rows["Savings"][1].number_format == rows["Unmet value at baseline prices (not a saving)"][1].number_format
    assert rows["Savings"][1].number_format.startswith('"$"#,##0.00')
    lines = dict(line.split(",", 1) for line in (out / "comparison.csv").read_text(encoding="utf-8-sig").splitlines())
    assert lines["Savings"] == "94000.00,-17800.00,72000.00,176600.00"  # exact, and a negative is not text
    assert lines["Unmet demand (units)"] == "8800,8800,10800,10800"


def test_compare_reports_a_bad_value_with_its_variant(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", str(SAMPLE), "--vary", "policy.national_preference=0,2", "--quiet", "--lang", "en"]) == 2
    assert (
        "variant national_preference=2: scenario.toml setting policy.national_preference: 2 must be at least 0 "
        "and below 1" in capsys.readouterr().err
    )


def test_one_setting_in_two_varies_is_refused_in_the_chosen_language(capsys: pytest.CaptureFixture[str]) -> None:
    twice = ["--vary", "policy.max_suppliers=1", "--vary", "policy.max_suppliers=2"]
    assert main(["compare", str(SAMPLE), *twice]) == 2
    assert (
        capsys.readouterr().err
        == "error: policy.max_suppliers se varía dos veces; dé todos sus valores de una sola vez (un --vary)\n"
    )


def test_an_unforeseen_failure_is_named_in_the_summary_in_the_chosen_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(batch, "run_scenario", broken)
    result = batch.report_package(SAMPLE, tmp_path, ["pdf"], ReportOptions(lang="es"))
    assert result.error == "error inesperado, por favor repórtelo: RuntimeError: boom"
