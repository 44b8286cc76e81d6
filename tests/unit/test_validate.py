"""Validation of scenario packages: every problem is reported at once, by file, row and column, never as a crash."""

from __future__ import annotations

import json
import shutil
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from procurement.errors import Issue, ScenarioError, Severity
from procurement.files import SPACES, read_csv_file, read_package
from procurement.policy import parse_settings
from procurement.tables import TABLE_BY_FILE
from procurement.validate import check_table, load_scenario, resolve_product_rules
from tests.builders import write_package
from tests.conftest import SCENARIOS

INVALID = SCENARIOS / "invalid"
EXPECTED: dict[str, list[str]] = json.loads((INVALID / "expected.json").read_text(encoding="utf-8"))
PRODUCT = "010.000.0104.00"


def issues_of(path: Path) -> tuple[list[str], list[str]]:
    """(errors, warnings) of a package that must fail validation, as the text a person reads."""
    with pytest.raises(ScenarioError) as raised:
        load_scenario(path)
    issues = raised.value.issues
    return (
        [issue.describe("en") for issue in issues if issue.severity is Severity.ERROR],
        [issue.describe("en") for issue in issues if issue.severity is Severity.WARNING],
    )


def errors_of(path: Path) -> list[str]:
    return issues_of(path)[0]


def zip_folder(folder: Path, archive: Path, prefix: str = "") -> Path:
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for file in sorted(folder.iterdir()):
            out.write(file, prefix + file.name)
    return archive


# --- the broken packages of scenarios/invalid -------------------------------------------------------------


def test_every_invalid_package_has_its_expected_errors_listed() -> None:
    folders = {path.name for path in INVALID.iterdir() if path.is_dir()}
    assert folders - {"base"} == set(EXPECTED)


def test_the_base_of_the_invalid_packages_is_valid() -> None:
    scenario, warnings = load_scenario(INVALID / "base")
    assert warnings == []
    assert len(scenario.bids) == 4


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_package_reports_exactly_its_errors(name: str) -> None:
    errors, warnings = issues_of(INVALID / name)
    assert errors == EXPECTED[name]
    assert warnings == []


def test_decimal_comma_names_file_row_and_column() -> None:
    assert errors_of(INVALID / "not_a_number") == ['bids.csv row 3 column unit_price: "12,5" is not a number']


def test_several_errors_are_all_reported_together() -> None:
    assert len(errors_of(INVALID / "several_errors")) == 6


def test_an_empty_folder_is_an_empty_package(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert errors_of(tmp_path / "empty") == ["empty: the package is empty: no scenario.toml and no CSV files"]


def test_a_zip_without_members_is_an_empty_package(tmp_path: Path) -> None:
    zipfile.ZipFile(tmp_path / "empty.zip", "w").close()
    assert errors_of(tmp_path / "empty.zip") == ["empty.zip: the package is empty: no scenario.toml and no CSV files"]


def test_a_path_that_does_not_exist_is_reported(tmp_path: Path) -> None:
    assert errors_of(tmp_path / "nowhere") == [f"{tmp_path / 'nowhere'}: the scenario package does not exist"]


# --- warnings: the package still loads --------------------------------------------------------------------


def test_a_bid_for_a_product_nobody_demands_is_a_warning(tmp_path: Path) -> None:
    folder = write_package(
        tmp_path,
        products=f"product_id,description,category,unit\n{PRODUCT},Paracetamol,medicine,caja\n"
        "010.000.0105.00,Metamizol,medicine,caja\n",
        bids=f"supplier_id,product_id,unit_price\nA,{PRODUCT},10\nB,010.000.0105.00,7\n",
    )
    scenario, warnings = load_scenario(folder)
    assert [warning.describe("en") for warning in warnings] == [
        'warning: bids.csv row 3 column product_id: "010.000.0105.00": nobody demands this product; the bid is ignored',
        'warning: products.csv row 3 column product_id: "010.000.0105.00": nobody demands this product',
    ]
    assert len(scenario.bids) == 2


def test_a_bid_above_the_reference_price_is_a_warning(tmp_path: Path) -> None:
    folder = write_package(
        tmp_path,
        products=f"product_id,description,category,unit,reference_price\n{PRODUCT},Paracetamol,medicine,caja,9\n",
    )
    _, warnings = load_scenario(folder)
    assert [warning.describe("en") for warning in warnings] == [
        "warning: bids.csv row 2 column unit_price: 10 is above the reference price 9; "
        "the bid is inadmissible and will not be used"
    ]


def test_warnings_are_listed_beside_the_errors_of_an_invalid_package(tmp_path: Path) -> None:
    folder = write_package(
        tmp_path,
        products=f"product_id,description,category,unit,reference_price\n{PRODUCT},Paracetamol,medicine,caja,9\n",
        demand=f"institution_id,product_id,quantity\nIMSS,{PRODUCT},-1\n",
    )
    errors, warnings = issues_of(folder)
    assert errors == ["demand.csv row 2 column quantity: -1 must be a whole number of 1 or more"]
    assert len(warnings) == 1


# --- zip packages -----------------------------------------------------------------------------------------


def test_a_zip_of_a_package_loads_with_the_same_digest_as_the_folder(tmp_path: Path) -> None:
    folder = write_package(tmp_path / "package")
    from_folder, _ = load_scenario(folder)
    from_zip, _ = load_scenario(zip_folder(folder, tmp_path / "package.zip"))
    assert from_zip.source_sha256 == from_folder.source_sha256 != ""
    assert from_zip.bids.equals(from_folder.bids)


def test_a_zip_with_the_package_inside_one_top_folder_loads(tmp_path: Path) -> None:
    folder = write_package(tmp_path / "package")
    scenario, _ = load_scenario(zip_folder(folder, tmp_path / "package.zip", prefix="compra-2025/"))
    assert scenario.source_sha256 == load_scenario(folder)[0].source_sha256


def test_a_zip_holding_two_packages_is_rejected_rather_than_mixed(tmp_path: Path) -> None:
    folder = write_package(tmp_path / "package")
    archive = zip_folder(folder, tmp_path / "two.zip", prefix="a/")
    with zipfile.ZipFile(archive, "a") as out:
        out.write(folder / "bids.csv", "b/bids.csv")
    assert errors_of(archive) == [
        "two.zip: holds package files in more than one place (a/, b/); zip one package per archive"
    ]


def test_a_corrupt_zip_is_reported_not_raised(tmp_path: Path) -> None:
    folder = write_package(tmp_path / "package")
    archive = tmp_path / "corrupt.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as out:
        out.write(folder / "institutions.csv", "institutions.csv")
    data = archive.read_bytes()
    archive.write_bytes(data.replace(b"IMSS,IMSS", b"XMSS,IMSS", 1))
    assert errors_of(archive) == [
        "corrupt.zip: the .zip archive cannot be read: Bad CRC-32 for file 'institutions.csv'"
    ]


# --- reading CSV text -------------------------------------------------------------------------------------


def test_blank_lines_are_skipped_without_shifting_row_numbers(tmp_path: Path) -> None:
    folder = write_package(
        tmp_path, bids=f"supplier_id,product_id,unit_price\n\nA,{PRODUCT},10\n  ,  ,\nB,{PRODUCT},x\n"
    )
    assert errors_of(folder) == ['bids.csv row 5 column unit_price: "x" is not a number']


def test_windows_line_endings_keep_row_numbers(tmp_path: Path) -> None:
    folder = write_package(tmp_path)
    (folder / "bids.csv").write_bytes(f"supplier_id,product_id,unit_price\r\n\r\nA,{PRODUCT},x\r\n".encode())
    assert errors_of(folder) == ['bids.csv row 3 column unit_price: "x" is not a number']


def test_a_value_over_several_lines_is_reported_on_the_line_where_its_row_starts(tmp_path: Path) -> None:
    folder = write_package(
        tmp_path,
        products=f'product_id,description,category,unit\n{PRODUCT},"Paracetamol\ntabletas",medicina,caja\n',
    )
    assert errors_of(folder) == [
        'products.csv row 2 column category: "medicina" is not one of medicine, supply, equipment'
    ]


def test_a_malformed_row_is_reported_and_the_rows_after_it_are_still_checked(tmp_path: Path) -> None:
    folder = write_package(tmp_path, bids=f'supplier_id,product_id,unit_price\nA,{PRODUCT},"10"5\nB,{PRODUCT},-1\n')
    assert errors_of(folder) == [
        "bids.csv row 2: is not well-formed CSV: ',' expected after '\"'",
        "bids.csv row 3 column unit_price: -1 is negative; it must be 0 or more",
    ]


def test_a_file_without_quotes_reads_as_the_same_file_read_by_the_csv_module(tmp_path: Path) -> None:
    """Quote-free text is split at its commas directly (fast); a quoted value sends the file to the csv module."""
    text = "a,b\n\n x ,\u2003y\n ,\t\n1,2,3\nz,\n"
    (tmp_path / "plain.csv").write_text(text, encoding="utf-8")
    (tmp_path / "quoted.csv").write_text(text.replace("z,", '"z",'), encoding="utf-8")
    plain_issues: list[Issue] = []
    quoted_issues: list[Issue] = []
    plain = read_csv_file(tmp_path / "plain.csv", plain_issues)
    quoted = read_csv_file(tmp_path / "quoted.csv", quoted_issues)
    assert plain is not None
    assert quoted is not None
    assert plain.values.tolist() == quoted.values.tolist() == [["x", "y", 3], ["z", "", 6]]
    assert [(i.row, i.code) for i in plain_issues] == [(i.row, i.code) for i in quoted_issues] == [(5, "value_count")]


def test_the_spaces_stripped_from_values_are_every_character_python_strips() -> None:
    stripped = "".join(character for character in map(chr, range(sys.maxunicode + 1)) if character.isspace())
    assert stripped == SPACES


def test_utf8_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    folder = write_package(tmp_path)
    text = "institution_id,name\nIMSS,Instituto Mexicano del Seguro Social\nISSSTE,Niño y Pediatría\n"
    (folder / "institutions.csv").write_bytes(text.encode("utf-8-sig"))
    scenario, _ = load_scenario(folder)
    assert list(scenario.institutions.columns[:2]) == ["institution_id", "name"]
    assert scenario.institutions["name"].tolist()[1] == "Niño y Pediatría"


def test_a_latin1_file_is_reported_with_its_line(tmp_path: Path) -> None:
    folder = write_package(tmp_path)
    text = "institution_id,name\nIMSS,IMSS\nISSSTE,Niño\n"
    (folder / "institutions.csv").write_bytes(text.encode("latin-1"))
    assert errors_of(folder) == ["institutions.csv row 3: is not UTF-8 text (byte 0xf1); save it as UTF-8"]


def test_whitespace_around_names_and_values_is_stripped(tmp_path: Path) -> None:
    scenario, _ = load_scenario(
        write_package(tmp_path, bids=f" supplier_id , product_id ,unit_price\n A , {PRODUCT} ,  10.5 \n")
    )
    assert scenario.bids[["supplier_id", "product_id", "unit_price"]].values.tolist() == [["A", PRODUCT, 10.5]]


@pytest.mark.parametrize(
    ("text", "value"),
    [("true", True), ("false", False), ("yes", True), ("no", False), ("sí", True), ("Sí", True), ("TRUE", True)],
)
def test_flags_read_as_booleans(tmp_path: Path, text: str, value: bool) -> None:
    scenario, _ = load_scenario(write_package(tmp_path, suppliers=f"supplier_id,name,national\nA,Lab A,{text}\n"))
    assert scenario.suppliers["national"].tolist() == [value]


def test_a_flag_that_is_not_true_or_false_is_an_error(tmp_path: Path) -> None:
    folder = write_package(tmp_path, suppliers="supplier_id,name,national\nA,Lab A,quizás\n")
    assert errors_of(folder) == ['suppliers.csv row 2 column national: "quizás" is not true or false']


def test_a_column_in_the_wrong_case_suggests_its_name(tmp_path: Path) -> None:
    folder = write_package(tmp_path, bids=f"Supplier_ID,product_id,unit_price\nA,{PRODUCT},10\n")
    assert errors_of(folder) == [
        "bids.csv row 1 column Supplier_ID: unknown column; did you mean supplier_id?",
        "bids.csv row 1 column supplier_id: required column is missing",
    ]


def test_an_unknown_column_far_from_any_name_lists_the_columns(tmp_path: Path) -> None:
    folder = write_package(tmp_path, institutions="institution_id,name,region\nIMSS,IMSS,centro\n")
    assert errors_of(folder) == [
        "institutions.csv row 1 column region: unknown column "
        "(the columns of institutions.csv are: institution_id, name, budget)"
    ]


# --- one problem, one message -----------------------------------------------------------------------------


def test_a_missing_table_is_reported_once_not_on_every_row_that_uses_it(tmp_path: Path) -> None:
    assert errors_of(write_package(tmp_path, institutions=None)) == ["institutions.csv: file is missing"]


def test_a_table_with_only_a_header_is_reported_once(tmp_path: Path) -> None:
    assert errors_of(write_package(tmp_path, institutions="institution_id,name\n")) == [
        "institutions.csv: has no rows: a purchase needs at least one"
    ]


def test_a_table_whose_only_row_is_malformed_is_not_also_reported_as_empty(tmp_path: Path) -> None:
    folder = write_package(tmp_path, institutions="institution_id,name\nIMSS\n")
    assert errors_of(folder) == ["institutions.csv row 2: has 1 values but the header has 2"]


def test_blank_ids_are_reported_as_empty_not_as_repeats(tmp_path: Path) -> None:
    folder = write_package(tmp_path, demand=f"institution_id,product_id,quantity\n,{PRODUCT},1\n,{PRODUCT},2\n")
    assert errors_of(folder) == [
        "demand.csv row 2 column institution_id: is empty",
        "demand.csv row 3 column institution_id: is empty",
    ]


def test_a_bid_for_an_unknown_product_is_an_error_without_a_warning(tmp_path: Path) -> None:
    folder = write_package(tmp_path, bids="supplier_id,product_id,unit_price\nA,010.000.9999.00,10\n")
    assert issues_of(folder) == (['bids.csv row 2 column product_id: "010.000.9999.00" is not in products.csv'], [])


def test_a_blank_first_quantity_and_a_zero_one_are_the_same_price_break(tmp_path: Path) -> None:
    folder = write_package(
        tmp_path, bids=f"supplier_id,product_id,unit_price,from_quantity\nA,{PRODUCT},10,\nA,{PRODUCT},9,0\n"
    )
    assert errors_of(folder) == [
        f"bids.csv row 3: repeats supplier_id A, product_id {PRODUCT}, from_quantity 0 of row 2"
    ]


def test_a_repeated_bid_is_reported_as_a_repeat_not_as_a_rising_price_break(tmp_path: Path) -> None:
    folder = write_package(
        tmp_path, bids=f"supplier_id,product_id,unit_price,capacity\nA,{PRODUCT},10,50\nA,{PRODUCT},11,60\n"
    )
    assert errors_of(folder) == [
        f"bids.csv row 3: repeats supplier_id A, product_id {PRODUCT}, from_quantity 0 of row 2"
    ]


def test_a_policy_conflict_is_reported_once_in_scenario_toml(tmp_path: Path) -> None:
    folder = write_package(
        tmp_path,
        scenario_toml='[policy]\nsplit_shares = "0.6;0.4"\nmax_suppliers = 1\n',
        products=f"product_id,description,category,unit\n{PRODUCT},P,medicine,caja\n010.000.0105.00,Q,medicine,caja\n",
        demand=f"institution_id,product_id,quantity\nIMSS,{PRODUCT},1\nIMSS,010.000.0105.00,1\n",
    )
    assert errors_of(folder) == ["scenario.toml setting policy.split_shares: 2 shares but policy.max_suppliers is 1"]


def test_a_product_that_conflicts_with_an_inherited_rule_is_reported_on_its_row(tmp_path: Path) -> None:
    folder = write_package(
        tmp_path,
        scenario_toml='[policy]\nsplit_shares = "0.6;0.4"\n',
        products=f"product_id,description,category,unit,single_source\n{PRODUCT},P,medicine,caja,yes\n",
    )
    assert errors_of(folder) == [
        f"products.csv row 2 column split_shares: product {PRODUCT} cannot be both split (0.6;0.4) and single-source"
    ]


def test_a_toml_syntax_error_names_its_line(tmp_path: Path) -> None:
    folder = write_package(tmp_path, scenario_toml='name = "compra"\n[policy]\nmax_suppliers = \n')
    assert errors_of(folder) == ["scenario.toml line 3: is not valid TOML: Invalid value"]


def test_a_setting_of_the_wrong_type_names_the_setting(tmp_path: Path) -> None:
    folder = write_package(tmp_path, scenario_toml='[solver]\ntime_limit_s = "60"\n')
    assert errors_of(folder) == ["scenario.toml setting solver.time_limit_s: '60' is not a number"]


# --- policy defaults --------------------------------------------------------------------------------------


POLICY_PRODUCTS = (
    "product_id,description,category,unit,max_suppliers,max_price_gap,split_shares,single_source\n"
    f"{PRODUCT},Own rules,medicine,caja,2,0.05,0.6;0.4,no\n"
    "010.000.0105.00,Policy rules,medicine,caja,,,,\n"
)
RULES = ["max_suppliers", "max_price_gap", "split_shares", "single_source"]


def resolved_rules(folder: Path, scenario_toml: str) -> list[list[object]]:
    """The rules of each product of POLICY_PRODUCTS once resolve_product_rules has applied [policy]."""
    raw = read_package(write_package(folder, scenario_toml=scenario_toml, products=POLICY_PRODUCTS))
    settings, _ = parse_settings(raw.settings, "test")
    products = check_table(TABLE_BY_FILE["products.csv"], raw.tables["products.csv"], [])
    resolved: list[list[object]] = resolve_product_rules(products, settings)[RULES].values.tolist()
    return resolved


def test_policy_defaults_fill_the_blank_rules_of_products(tmp_path: Path) -> None:
    policy = "[policy]\nmax_suppliers = 3\nmax_price_gap = 0.1\nsplit_shares = [0.5, 0.3, 0.2]\n"
    rules = resolved_rules(tmp_path, policy)
    assert rules == [[2, 0.05, (0.6, 0.4), False], [3, 0.1, (0.5, 0.3, 0.2), False]]


def test_a_single_source_policy_fills_only_the_blank_flags(tmp_path: Path) -> None:
    rules = resolved_rules(tmp_path, "[policy]\nsingle_source = true\n")
    assert [product[3] for product in rules] == [False, True]


def test_without_a_policy_blank_rules_stay_blank(tmp_path: Path) -> None:
    rules = resolved_rules(tmp_path, 'name = "no policy"\n')
    blank = rules[1]
    assert pd.isna(blank[0])
    assert pd.isna(blank[1])
    assert blank[2:] == [(), False]


def test_the_loaded_scenario_holds_the_resolved_rules(tmp_path: Path) -> None:
    folder = write_package(tmp_path, scenario_toml="[policy]\nmax_suppliers = 3\n", products=POLICY_PRODUCTS)
    assert load_scenario(folder)[0].products["max_suppliers"].tolist() == [2, 3]


def test_a_copy_of_a_broken_package_gives_the_same_errors(tmp_path: Path) -> None:
    copy = shutil.copytree(INVALID / "several_errors", tmp_path / "copy")
    assert errors_of(copy) == EXPECTED["several_errors"]


def test_an_issue_keeps_its_code_and_reads_in_either_language(tmp_path: Path) -> None:
    folder = write_package(tmp_path, bids=f"supplier_id,product_id,unit_price\nA,{PRODUCT},12;5\n")
    with pytest.raises(ScenarioError) as raised:
        load_scenario(folder)
    [issue] = raised.value.issues
    assert (issue.code, issue.params) == ("not_a_number", {"value": "12;5"})
    assert issue.describe("es") == "bids.csv fila 2 columna unit_price: «12;5» no es un número"
    assert issue.describe("en") == 'bids.csv row 2 column unit_price: "12;5" is not a number'
