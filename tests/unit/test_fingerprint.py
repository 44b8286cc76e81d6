"""The scenario fingerprint: one digest per purchase, whatever file carried it; any change of content changes it."""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from procurement.files import read_package
from procurement.fingerprint import canonical_number
from procurement.template import build_template
from procurement.workbook import load_package
from tests.builders import load
from tests.conftest import SCENARIOS

SAMPLE = SCENARIOS / "sample"


def fingerprint_of(path: Path) -> str:
    return load_package(path)[0].fingerprint


def copy_of_sample(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SAMPLE, tmp_path / "sample"))


def test_the_sample_as_a_folder_a_zip_and_a_workbook_has_one_fingerprint_but_two_file_digests(
    tmp_path: Path,
) -> None:
    archive = tmp_path / "sample.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for file in sorted(SAMPLE.iterdir()):
            zipped.write(file, f"compra/{file.name}")
    workbook = tmp_path / "sample.xlsx"
    workbook.write_bytes(build_template(read_package(SAMPLE)))
    folder, from_zip, from_workbook = (load_package(path)[0] for path in (SAMPLE, archive, workbook))
    assert folder.fingerprint == from_zip.fingerprint == from_workbook.fingerprint
    assert folder.fingerprint.startswith("v1:")
    assert len(folder.fingerprint) == 3 + 64
    assert folder.source_sha256 == from_zip.source_sha256 != from_workbook.source_sha256


def test_changing_one_demand_quantity_changes_the_fingerprint(tmp_path: Path) -> None:
    package = copy_of_sample(tmp_path)
    before = fingerprint_of(package)
    demand = pd.read_csv(package / "demand.csv", dtype=str)
    demand.loc[0, "quantity"] = str(int(demand.loc[0, "quantity"]) + 1)
    demand.to_csv(package / "demand.csv", index=False)
    assert fingerprint_of(package) != before


@pytest.mark.parametrize(
    ("setting", "changed"),
    [
        ("max_suppliers = 5", "max_suppliers = 4"),
        ("mip_gap = 0", "mip_gap = 0.01"),  # a gap or a time limit can change the award: [solver] counts too
    ],
)
def test_changing_one_setting_changes_the_fingerprint(setting: str, changed: str, tmp_path: Path) -> None:
    package = copy_of_sample(tmp_path)
    before = fingerprint_of(package)
    toml = package / "scenario.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(setting, changed), encoding="utf-8")
    assert fingerprint_of(package) != before


def test_reordering_the_rows_and_columns_of_a_csv_keeps_the_fingerprint(tmp_path: Path) -> None:
    package = copy_of_sample(tmp_path)
    before, _ = load_package(package)
    for file in ("bids.csv", "demand.csv", "products.csv"):
        table = pd.read_csv(package / file, dtype=str, keep_default_na=False)
        table.iloc[::-1, ::-1].to_csv(package / file, index=False)
    after, _ = load_package(package)
    assert after.source_sha256 != before.source_sha256
    assert after.fingerprint == before.fingerprint


def test_the_same_number_written_differently_keeps_the_fingerprint(tmp_path: Path) -> None:
    plain = load(tmp_path / "plain", bids="supplier_id,product_id,unit_price\nA,010.000.0104.00,10\n")
    written = load(tmp_path / "written", bids="supplier_id,product_id,unit_price\nA,010.000.0104.00,10.000\n")
    zero = load(tmp_path / "zero", bids="supplier_id,product_id,unit_price,from_quantity\nA,010.000.0104.00,1e1,0\n")
    assert plain.fingerprint == written.fingerprint == zero.fingerprint


def test_a_blank_column_and_an_absent_one_give_the_same_fingerprint(tmp_path: Path) -> None:
    absent = load(tmp_path / "absent")
    blank = load(tmp_path / "blank", institutions="institution_id,name,budget\nIMSS,IMSS,\nISSSTE,ISSSTE,\n")
    assert absent.fingerprint == blank.fingerprint


def test_the_name_of_the_purchase_is_a_label_not_content(tmp_path: Path) -> None:
    assert load(tmp_path / "a").fingerprint == load(tmp_path / "b", scenario_toml='name = "otra"\n').fingerprint


@pytest.mark.parametrize(
    ("value", "text"),
    [(60000, "60000"), (60000.0, "60000"), (9.5, "9.5"), (0.1, "0.1"), (1e-7, "0.0000001"), (-0.0, "0")],
)
def test_numbers_are_written_as_the_shortest_plain_decimal(value: float, text: str) -> None:
    assert canonical_number(value) == text


def test_an_auditor_recomputes_the_fingerprint_from_the_documented_canonical_form(tmp_path: Path) -> None:
    # docs/results.md: sha256 of the canonical JSON (keys sorted, no spaces), prefixed "v1:". Blank columns
    # (institutions' budget, products' reference_price, …) and empty tables (delivery, baseline) are left out;
    # from_quantity is 0 where blank, products carry the policy's single_source, settings their defaults.
    canonical = (
        '{"currency":"MXN",'
        '"policy":{"national_preference":"0","single_source":"false","split_fallback":"renormalise"},'
        '"solver":{"mip_gap":"0","name":"highs"},'
        '"tables":{'
        '"bids":{"columns":["supplier_id","product_id","unit_price","from_quantity"],'
        '"rows":[["A","010.000.0104.00","10","0"]]},'
        '"demand":{"columns":["institution_id","product_id","quantity"],"rows":[["IMSS","010.000.0104.00","100"]]},'
        '"institutions":{"columns":["institution_id","name"],"rows":[["IMSS","IMSS"],["ISSSTE","ISSSTE"]]},'
        '"products":{"columns":["product_id","description","category","unit","single_source"],'
        '"rows":[["010.000.0104.00","Paracetamol","medicine","caja","false"]]},'
        '"suppliers":{"columns":["supplier_id","name","national"],'
        '"rows":[["A","Lab A","false"],["B","Lab B","false"],["C","Lab C","false"]]}}}'
    )
    expected = "v1:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    assert load(tmp_path / "package").fingerprint == expected
