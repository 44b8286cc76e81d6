"""What the `procurement` command prints, run as a user runs it: results on stdout and never a solver's banner;
with --quiet nothing at all unless something fails. Also the one scenario fingerprint whatever file is solved."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from procurement.workbook import load_package
from tests.conftest import ROOT, SCENARIOS

SAMPLE = SCENARIOS / "sample"
BANNERS = ("Running HiGHS", "Copyright (c)", "THIRD_PARTY_NOTICES", "Welcome to the CBC", "Cbc0001I")


def procurement(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The command in a fresh interpreter, its output captured through pipes (as `| tee` or a scheduler would)."""
    command = [sys.executable, "-m", "procurement.cli", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=300)


def assert_no_banner(text: str) -> None:
    assert not [banner for banner in BANNERS if banner in text], text


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_solve_prints_its_results_and_no_solver_banner(solver: str, tmp_path: Path) -> None:
    done = procurement("solve", SAMPLE, "--out", tmp_path, "--solver", solver, "--no-explain")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Muestra: compra consolidada ilustrativa (datos ficticios): óptima")
    assert_no_banner(done.stdout)


def test_solve_speaks_spanish_by_default_and_english_when_asked(tmp_path: Path) -> None:
    spanish = procurement("solve", SAMPLE, "--out", tmp_path, "--no-explain")
    english = procurement("solve", SAMPLE, "--out", tmp_path, "--no-explain", "--lang", "en")
    for said, out in [
        ("costo pagado 8,661,200.00 MXN", spanish.stdout),
        ("cost paid 8,661,200.00 MXN", english.stdout),
        ("institución ", spanish.stdout),
        ("institution ", english.stdout),
        (f"resultados escritos en {tmp_path}", spanish.stdout),
        (f"results written to {tmp_path}", english.stdout),
        ("… resolviendo 3 modelo(s)", spanish.stderr),
        ("… solving 3 model(s)", english.stderr),
    ]:
        assert said in out


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_quiet_solve_prints_nothing_when_it_succeeds(solver: str, tmp_path: Path) -> None:
    done = procurement("solve", SAMPLE, "--out", tmp_path, "--solver", solver, "--no-explain", "--quiet")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))["status"] == "optimal"


def test_quiet_solve_still_says_why_it_failed(tmp_path: Path) -> None:
    done = procurement("solve", SCENARIOS / "invalid" / "several_errors", "--out", tmp_path, "--quiet")
    assert (done.returncode, done.stdout) == (2, "")
    assert "error(es): el paquete no se resolvió" in done.stderr  # Spanish unless --lang en


def test_report_prints_no_banner_and_nothing_when_quiet(tmp_path: Path) -> None:
    loud = procurement("report", SAMPLE, "--out", tmp_path / "loud", "--format", "results", "--no-explain")
    assert loud.returncode == 0, loud.stderr
    assert "1 de 1 paquete(s) con reporte" in loud.stdout
    summary = (tmp_path / "loud" / "resumen.csv").read_text(encoding="utf-8-sig").splitlines()
    assert summary[0].startswith("Paquete,Escenario,Estado,Costo de referencia,")  # for people: in Spanish
    assert ",óptima," in summary[1]
    assert_no_banner(loud.stdout)
    quiet = procurement("report", SAMPLE, "--out", tmp_path / "quiet", "--format", "results", "--no-explain", "--quiet")
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")
    assert (tmp_path / "quiet" / "sample" / "resultados.xlsx").is_file()


def test_compare_prints_no_banner_and_nothing_when_quiet(tmp_path: Path) -> None:
    vary = ("--vary", "policy.national_preference=0,0.1")
    loud = procurement("compare", SAMPLE, *vary, "--lang", "en")
    assert loud.returncode == 0, loud.stderr
    assert "national_preference=0.1" in loud.stdout
    assert_no_banner(loud.stdout)
    quiet = procurement("compare", SAMPLE, *vary, "--out", tmp_path, "--quiet")
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")
    assert (tmp_path / "comparacion.csv").is_file()


def test_a_folder_and_its_workbook_solve_with_one_scenario_fingerprint_and_two_file_digests(tmp_path: Path) -> None:
    workbook = tmp_path / "sample.xlsx"
    assert procurement("template", "--from", SAMPLE, "--out", workbook).returncode == 0
    summaries = []
    for package in (SAMPLE, workbook):
        out = tmp_path / f"out-{package.suffix or 'folder'}"
        assert procurement("solve", package, "--out", out, "--no-explain", "--quiet").returncode == 0
        summaries.append(json.loads((out / "summary.json").read_text(encoding="utf-8")))
    folder, book = summaries
    assert folder["scenario_fingerprint"] == book["scenario_fingerprint"] == load_package(SAMPLE)[0].fingerprint
    assert folder["input_sha256"] != book["input_sha256"]
