"""The results page over HTTP on the sample purchase, whose optimum README.md works out by hand: savings per
institution with their chart, awards filtered, sorted and paged on the server, shortages with their reasons, the
limits used up; an institution reads its own figures only."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.pages import results
from models import repository
from tests.api.pages_support import csrf_of, sign_in
from tests.api.support import document
from tests.api.test_purchase_pages import solved_run
from tests.conftest import SCENARIOS

Keys = dict[str, dict[str, str]]
AWARDS = '<section id="awards"'


def table_rows(page: str, marker: str) -> list[list[str]]:
    """The body rows, as cells of text, of the first table after `marker` on the page."""
    body = re.search(r"<tbody>(.*?)</tbody>", page[page.index(marker) :], re.S)
    assert body, f"no table after {marker}"
    rows = re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S)
    return [[_text(cell) for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)] for row in rows]


def _text(cell: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>|\s+", " ", cell)).strip()


@pytest.fixture
def run_page(app: FastAPI, browser: TestClient, scenario: dict[str, Any]) -> str:
    """The results page of a solved run of the sample, the coordinator signed in."""
    return solved_run(app, browser, scenario)[0] + "/resultados"


def test_savings_per_institution_are_the_hand_worked_figures_in_a_table_and_a_chart(
    browser: TestClient, run_page: str
) -> None:
    page = browser.get(run_page).text
    rows = table_rows(page, 'id="savings-table"')
    # README: IMSS pays 4,312,900 for what cost 4,377,400; IMSSB 3,024,000 for 3,036,000; ISSSTE 1,324,300 for 1,341,800
    assert [row[:4] for row in rows] == [
        ["IMSS", "$4,377,400.00", "$4,312,900.00", "$64,500.00"],
        ["IMSSB", "$3,036,000.00", "$3,024,000.00", "$12,000.00"],
        ["ISSSTE", "$1,341,800.00", "$1,324,300.00", "$17,500.00"],
    ]
    chart = page[page.index("<svg") : page.index("</svg>")]
    assert 'role="img"' in chart
    assert "<title" in chart
    assert chart.count("<rect") == 3
    assert ">$64,500.00</text>" in chart


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # glibenclamida: BAJIO's 40,000 capacity goes to IMSS and IMSSB, HYPO supplies the rest
        ("product_id=010.000.1042.00", 5),
        ("product_id=010.000.1042.00&supplier_id=HYPO", 3),
        ("product_id=010.000.1042.00&supplier_id=HYPO&institution_id=IMSS", 1),
        ("supplier_id=DIFIM", 3),
        ("supplier_id=NOBODY", 0),
    ],
)
def test_awards_are_filtered_by_clave_supplier_and_institution(
    browser: TestClient, run_page: str, query: str, expected: int
) -> None:
    page = browser.get(f"{run_page}?{query}").text
    rows = table_rows(page, AWARDS) if expected else []
    assert len(rows) == expected
    for name, value in (part.split("=") for part in query.split("&")):
        column = results.AWARDS_SHOWN.index(name)
        assert all(row[column] == value for row in rows)
    if not expected:
        assert "Ninguna adjudicación coincide con estos filtros." in page


def test_the_only_award_of_hypo_to_imss_for_glibenclamida_is_its_22000_units(
    browser: TestClient, run_page: str
) -> None:
    page = browser.get(f"{run_page}?product_id=010.000.1042.00&supplier_id=HYPO&institution_id=IMSS").text
    assert table_rows(page, AWARDS) == [["010.000.1042.00", "IMSS", "HYPO", "22,000", "$18.00", "$396,000.00"]]


def test_awards_are_sorted_by_a_column_either_way(browser: TestClient, run_page: str) -> None:
    descending = table_rows(browser.get(f"{run_page}?sort=total_cost&order=desc").text, AWARDS)
    # insulin to IMSS 9,000 x 95 + 9/20 of HYPO's 30,000 fixed cost; gloves to IMSS 12,000 x 66; insulin to IMSSB
    # 8,000 x 95 + 8/20 of the fixed cost
    assert [row[5] for row in descending[:3]] == ["$868,500.00", "$792,000.00", "$772,000.00"]
    ascending = table_rows(browser.get(f"{run_page}?sort=quantity").text, AWARDS)
    quantities = [int(row[3].replace(",", "")) for row in ascending]
    assert quantities == sorted(quantities)
    assert browser.get(f"{run_page}?sort=run_id").status_code == 422


def test_awards_are_read_a_page_at_a_time(browser: TestClient, run_page: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(results, "AWARDS_PAGE", 10)
    page = browser.get(f"{run_page}?offset=20").text
    assert len(table_rows(page, AWARDS)) == 9
    assert "Filas 21 a 29 de 29" in page
    assert f'href="{run_page}?offset=10"' in page


def test_the_page_reads_no_table_whole_but_has_the_database_add_up_its_figures(
    browser: TestClient, run_page: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A national run has tens of thousands of award and savings rows: the headline and savings per institution
    are sums the database makes (repository.result_sums), and every table shown is read a page at a time."""
    read: list[tuple[Any, ...]] = []
    result_rows, result_sums = repository.result_rows, repository.result_sums

    def rows(*args: Any) -> Any:
        read.append(args[2:5])
        return result_rows(*args)

    def sums(*args: Any) -> Any:
        read.append((args[2], "sum", 0))
        return result_sums(*args)

    monkeypatch.setattr(repository, "result_rows", rows)
    monkeypatch.setattr(repository, "result_sums", sums)
    page = browser.get(run_page).text
    assert [table for table, _, limit in read if limit is None] == []
    summed = sorted(table for table, how, _ in read if how == "sum")
    assert summed == ["awards", "savings", "savings", "savings", "shortages"]  # headline, institutions, periods
    assert 'id="cost-paid">$8,661,200.00<' in page  # README: 4,312,900 + 3,024,000 + 1,324,300


def test_a_purchase_over_two_years_shows_its_savings_per_year_and_the_year_of_each_award(
    app: FastAPI, browser: TestClient, client: TestClient, keys: Keys
) -> None:
    # scenarios/open-contracts: 100,375.00 saved in 2026 and 101,500.00 in 2027 (its README works it out)
    created = client.post("/api/v1/scenarios", json=document(SCENARIOS / "open-contracts"), headers=keys["coordinator"])
    sign_in(browser, "coordinador")
    page = browser.get(solved_run(app, browser, created.json())[0] + "/resultados").text
    assert [row[:4] for row in table_rows(page, 'id="periods-table"')] == [
        ["2026", "$1,578,250.00", "$1,477,875.00", "$100,375.00"],
        ["2027", "$1,578,250.00", "$1,476,750.00", "$101,500.00"],
    ]
    assert {row[2] for row in table_rows(page, AWARDS)} == {"2026", "2027"}
    budget = ["Presupuesto del periodo", "ISSSTE", "", "", "2027", "$135,500.00", "$135,500.00"]
    assert budget in table_rows(page, 'id="binding-table"')


def test_one_period_shows_no_period(browser: TestClient, run_page: str) -> None:
    page = browser.get(run_page).text
    assert 'id="periods-table"' not in page
    assert "Periodo" not in page


def test_htmx_gets_the_awards_section_alone(browser: TestClient, run_page: str) -> None:
    response = browser.get(f"{run_page}?supplier_id=DIFIM", headers={"HX-Request": "true", "HX-Target": "awards"})
    assert "<html" not in response.text
    assert AWARDS in response.text
    assert len(table_rows(response.text, AWARDS)) == 3
    assert "HX-Target" in response.headers["vary"]


def test_shortages_say_why_and_the_limits_used_up_are_listed(browser: TestClient, run_page: str) -> None:
    page = browser.get(run_page).text
    shortages = table_rows(page, 'id="shortages-table"')
    assert [row[:3] for row in shortages[:3]] == [
        ["010.000.1753.01", "IMSS", "1,000"],
        ["010.000.1753.01", "IMSSB", "500"],
        ["010.000.1753.01", "ISSSTE", "300"],
    ]
    assert {row[3] for row in shortages} == {"sin oferta admisible (desierta)"}
    assert table_rows(page, 'id="binding-table"') == [
        ["Capacidad", "", "010.000.1042.00", "BAJIO", "40,000", "40,000"],
        ["Presupuesto", "IMSSB", "", "", "$3,012,000.00", "$3,012,000.00"],
    ]


def test_an_institution_reads_only_its_own_results(
    app: FastAPI, browser: TestClient, client: TestClient, keys: Keys, run_page: str
) -> None:
    client.post(f"/api/v1/runs/{run_page.split('/')[2]}/publish", headers=keys["coordinator"])
    browser.cookies.clear()
    sign_in(browser, "imss")
    page = browser.get(run_page).text
    assert [row[0] for row in table_rows(page, 'id="savings-table"')] == ["IMSS"]
    assert {row[1] for row in table_rows(page, AWARDS)} == {"IMSS"}
    assert {row[1] for row in table_rows(page, 'id="shortages-table"')} == {"IMSS"}
    assert "ISSSTE" not in page
    assert 'id="binding-table"' not in page
    assert 'name="institution_id"' not in page
    assert browser.get(f"{run_page}?institution_id=ISSSTE").status_code == 404
    browser.cookies.clear()
    sign_in(browser, "pemex")
    assert browser.get(run_page).status_code == 404


def test_a_coordinator_publishes_a_run_on_its_page_and_then_each_institution_reads_its_own_figures(
    browser: TestClient, run_page: str
) -> None:
    run = run_page.removesuffix("/resultados")
    browser.cookies.clear()
    sign_in(browser, "imss")
    assert browser.get(run_page).status_code == 404  # not published yet
    browser.cookies.clear()
    sign_in(browser, "coordinador")
    page = browser.get(run).text
    assert "Publicar a las instituciones" in page
    published = browser.post(f"{run}/publicar", data={"csrf_token": csrf_of(page)}).text
    assert "Publicada a las instituciones el" in published
    assert "Publicar a las instituciones" not in published
    browser.cookies.clear()
    sign_in(browser, "imss")
    page = browser.get(run).text
    assert "Publicada a las instituciones el" in page
    assert "Publicar a las instituciones" not in page
    assert browser.post(f"{run}/publicar", data={"csrf_token": csrf_of(page)}).status_code == 403
    assert [row[0] for row in table_rows(browser.get(run_page).text, 'id="savings-table"')] == ["IMSS"]


def test_a_purchase_with_open_contracts_lists_each_contract_with_its_minimum_and_maximum(
    app: FastAPI, browser: TestClient, client: TestClient, keys: Keys
) -> None:
    # scenarios/open-contracts: 15 contracts; SEMAR's salbutamol from ATLAS is 500 to 1,000 units a year at $95.00
    created = client.post("/api/v1/scenarios", json=document(SCENARIOS / "open-contracts"), headers=keys["coordinator"])
    sign_in(browser, "coordinador")
    run_page = solved_run(app, browser, created.json())[0] + "/resultados"
    page = browser.get(run_page).text
    rows = table_rows(page, 'id="open-contracts-table"')
    assert len(rows) == 15
    assert rows[0] == [
        "010.000.0429.00",
        "SEMAR",
        "2026",
        "ATLAS",
        "500",
        "1,000",
        "$95.00",
        "$47,500.00",
        "$95,000.00",
    ]
    assert "Los presupuestos cuentan el mínimo de cada contrato." in page
    download = browser.get(run_page.removesuffix("/resultados") + "/contratos-abiertos.csv")
    assert len(download.text.lstrip("\ufeff").splitlines()) == 16
    client.post(f"/api/v1/runs/{run_page.split('/')[2]}/publish", headers=keys["coordinator"])
    browser.cookies.clear()
    sign_in(browser, "imss")
    own = table_rows(browser.get(run_page).text, 'id="open-contracts-table"')
    assert len(own) == 9  # captopril's 2027 goes to SIERRA alone
    assert {row[1] for row in own} == {"IMSS"}


def test_a_purchase_of_firm_quantities_shows_no_open_contracts(browser: TestClient, run_page: str) -> None:
    page = browser.get(run_page).text
    assert 'id="open-contracts-table"' not in page
    assert "contratos-abiertos.csv" not in page
