"""What-if comparisons over HTTP as background jobs: accepted with a Location, solved by the worker in a child
process, the side-by-side table equal to `procurement compare`'s, bad variations refused, roles respected."""

from __future__ import annotations

import io
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import inspect, text

from api.packages import zip_folder
from api.settings import Settings
from models.comparison import Comparison
from models.db import make_engine, now
from procurement.files import read_package
from procurement.generate import GeneratorSpec, generate_package
from procurement.solve import PARALLEL_MIN_DEMAND_ROWS
from procurement.variants import build_variants, parse_variation
from reports.compare import comparison_csv, comparison_table, solve_variants
from tests.api.support import SAMPLE, drain, start_worker, stop

Keys = dict[str, dict[str, str]]
VARY = ["policy.max_price_gap=none,0.05", "policy.national_preference=0,0.10"]


def launch(client: TestClient, keys: Keys, scenario_id: int, body: dict[str, Any], who: str = "coordinator") -> Any:
    return client.post(f"/api/v1/scenarios/{scenario_id}/comparisons", json=body, headers=keys[who])


@pytest.fixture
def compared(client: TestClient, app: FastAPI, keys: Keys, scenario: dict[str, Any]) -> dict[str, Any]:
    """The sample purchase compared under four variants, solved by the worker."""
    response = launch(client, keys, scenario["id"], {"vary": VARY})
    assert response.status_code == 202, response.text
    assert response.headers["location"] == f"/api/v1/comparisons/{response.json()['id']}"
    assert response.json()["status"] == "queued"
    drain(app)
    done: dict[str, Any] = client.get(response.headers["location"], headers=keys["coordinator"]).json()
    return done


def cli_table(lang: str) -> Any:
    """What `procurement compare scenarios/sample --vary …` prints, computed here in the test process."""
    variants = build_variants(read_package(SAMPLE), [parse_variation(text) for text in VARY])
    return comparison_table(variants, solve_variants(variants, lambda *_: None), lang)


def test_a_comparison_solves_every_variant_to_the_cli_table(
    client: TestClient, keys: Keys, compared: dict[str, Any], scenario: dict[str, Any]
) -> None:
    assert (compared["status"], compared["error"]) == ("succeeded", None)
    assert compared["progress"] == {"step": "finished", "code": "done", "figures": {}, "message": "listo"}
    assert (compared["version"], compared["input_sha256"]) == (1, scenario["sha256"])
    assert [v["label"] for v in compared["variants"]] == [
        "max_price_gap=none, national_preference=0",
        "max_price_gap=none, national_preference=0.1",
        "max_price_gap=0.05, national_preference=0",
        "max_price_gap=0.05, national_preference=0.1",
    ]
    assert compared["variants"][2]["changes"] == {"policy.max_price_gap": 0.05, "policy.national_preference": 0}
    expected = cli_table("es")
    assert compared["language"] == "es"
    assert compared["table"]["columns"] == list(expected.columns)
    assert compared["table"]["rows"] == expected.values.tolist()
    csv = client.get(f"/api/v1/comparisons/{compared['id']}", headers=keys["auditor"] | {"Accept": "text/csv"})
    assert csv.status_code == 200
    assert csv.content == comparison_csv(expected, "es")


def test_the_table_labels_follow_accept_language_and_come_as_a_workbook(
    client: TestClient, keys: Keys, compared: dict[str, Any]
) -> None:
    headers = keys["coordinator"] | {"Accept-Language": "en-US,en;q=0.9"}
    english = client.get(f"/api/v1/comparisons/{compared['id']}", headers=headers).json()
    assert english["table"]["columns"] == list(cli_table("en").columns)
    assert english["table"]["rows"][0][0] == "Solve status"
    response = client.get(f"/api/v1/comparisons/{compared['id']}/comparison.xlsx", headers=headers)
    assert response.headers["content-language"] == "en"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["comparison"]
    assert [list(row) for row in sheet.values][1:] == [
        [None if value is None else value for value in row] for row in english["table"]["rows"]
    ]


def test_bad_variations_are_refused_all_at_once_and_nothing_is_queued(
    client: TestClient, keys: Keys, scenario: dict[str, Any]
) -> None:
    vary = ["policy.max_price_gap", "policy.colour=red", "policy.max_suppliers=1", "policy.max_suppliers=2,3"]
    response = launch(client, keys, scenario["id"], {"vary": vary})
    assert response.status_code == 422
    issues = [(issue["location"], issue["code"], issue["message"]) for issue in response.json()["issues"]]
    assert [(location, code) for location, code, _ in issues] == [
        ("vary[0]", "variation_format"),
        ("vary[1]", "variation_unknown"),
        ("vary[3]", "variation_twice"),
    ]
    assert "debe tener la forma policy.max_price_gap=0,0.05,0.10" in issues[0][2]  # Spanish by default
    assert response.json()["detail"] == "3 problema(s) en las variaciones"
    too_many = launch(client, keys, scenario["id"], {"vary": ["solver.mip_gap=" + ",".join(["0"] * 33)]})
    assert too_many.json()["issues"][0]["message"].startswith("los valores dan 33 variantes")
    english = client.post(
        f"/api/v1/scenarios/{scenario['id']}/comparisons",
        json={"vary": vary},
        headers=keys["coordinator"] | {"Accept-Language": "en"},
    ).json()
    assert '"policy.colour" cannot be varied' in english["issues"][1]["message"]
    assert english["detail"] == "3 problem(s) in the variations"
    assert client.get("/api/v1/comparisons", headers=keys["coordinator"]).json()["total"] == 0


def test_a_value_a_variant_cannot_take_fails_the_comparison_naming_the_variant(
    client: TestClient, app: FastAPI, keys: Keys, scenario: dict[str, Any]
) -> None:
    launched = launch(client, keys, scenario["id"], {"vary": ["policy.national_preference=0,2"]}).json()
    drain(app)
    failed = client.get(f"/api/v1/comparisons/{launched['id']}", headers=keys["coordinator"]).json()
    assert (failed["status"], failed["error"], failed["table"]) == ("failed", "1 problema(s) en las variantes", None)
    (issue,) = failed["issues"]
    assert issue["location"] == "variant national_preference=2: scenario.toml setting policy.national_preference"
    assert issue["code"] == "not_a_fraction"
    path = f"/api/v1/comparisons/{launched['id']}"
    english = client.get(path, headers=keys["coordinator"] | {"Accept-Language": "en"}).json()
    assert "messages" not in issue
    assert (issue["message"], english["issues"][0]["message"]) == (  # worded when read, in the reader's language
        "2 debe ser al menos 0 y menor que 1",
        "2 must be at least 0 and below 1",
    )


def test_a_queued_comparison_is_cancelled_at_once_and_never_solved(
    client: TestClient, app: FastAPI, keys: Keys, scenario: dict[str, Any]
) -> None:
    launched = launch(client, keys, scenario["id"], {"vary": VARY}).json()
    path = f"/api/v1/comparisons/{launched['id']}"
    assert client.get(path, headers=keys["coordinator"] | {"Accept": "text/csv"}).status_code == 409
    cancelled = client.post(f"{path}/cancel", headers=keys["coordinator"])
    assert (cancelled.status_code, cancelled.json()["status"]) == (202, "cancelled")
    drain(app)
    assert client.get(path, headers=keys["coordinator"]).json()["status"] == "cancelled"
    assert client.post(f"{path}/cancel", headers=keys["coordinator"]).status_code == 409


@pytest.mark.parametrize(
    ("who", "launching", "reading"),
    [("coordinator", 202, 200), ("auditor", 403, 200), ("imss", 403, 404), ("other_coordinator", 404, 404)],
)
def test_comparisons_are_for_the_purchase_coordinator_and_auditors_only(
    client: TestClient, keys: Keys, scenario: dict[str, Any], who: str, launching: int, reading: int
) -> None:
    assert launch(client, keys, scenario["id"], {"vary": VARY}, who).status_code == launching
    mine = launch(client, keys, scenario["id"], {"vary": VARY}).json()
    assert client.get(f"/api/v1/comparisons/{mine['id']}", headers=keys[who]).status_code == reading
    listed = client.get(f"/api/v1/comparisons?scenario_id={scenario['id']}", headers=keys[who]).json()
    assert (listed["total"] > 0) == (reading == 200)


def test_the_migrations_keep_comparisons_among_the_jobs(settings: Settings, app: FastAPI) -> None:
    engine = make_engine(settings.database_url)
    assert "jobs" in inspect(engine).get_table_names()
    assert "comparisons" not in inspect(engine).get_table_names()
    with engine.connect() as connection:
        assert str(connection.execute(text("SELECT version_num FROM alembic_version")).scalar()) >= "0009"


def test_a_worker_process_executes_comparisons(
    settings: Settings, client: TestClient, keys: Keys, scenario: dict[str, Any]
) -> None:
    worker = start_worker(settings)
    try:
        launched = launch(client, keys, scenario["id"], {"vary": ["policy.max_price_gap=none,0.05"]}).json()
        deadline = time.monotonic() + 90
        while (found := read(client, keys, launched["id"]))["status"] in ("queued", "running"):
            assert time.monotonic() < deadline, found
            time.sleep(0.3)
    finally:
        stop(worker)
    assert (found["status"], len(found["variants"]), found["attempts"]) == ("succeeded", 2, 1)


def test_a_comparison_whose_worker_stopped_reporting_is_queued_again_and_finished(
    settings: Settings, app: FastAPI, client: TestClient, keys: Keys, scenario: dict[str, Any]
) -> None:
    launched = launch(client, keys, scenario["id"], {"vary": ["policy.max_price_gap=none,0.05"]}).json()
    app.state.queue.huey.flush()  # the task died with its worker
    stale = now() - timedelta(seconds=settings.stale_after_s + 5)
    with app.state.sessions() as session:
        comparison = session.get(Comparison, launched["id"])
        comparison.status, comparison.worker, comparison.heartbeat_at, comparison.attempts = (
            "running",
            "gone:1",
            stale,
            1,
        )
        session.commit()
    assert app.state.queue.recover() == [launched["id"]]
    drain(app)
    finished = read(client, keys, launched["id"])
    assert (finished["status"], finished["attempts"]) == ("succeeded", 2)


def test_a_purchase_large_enough_to_solve_its_blocks_in_parallel_is_compared(
    app: FastAPI, client: TestClient, keys: Keys, tmp_path: Path
) -> None:
    """Above PARALLEL_MIN_DEMAND_ROWS the solve starts processes of its own: the comparison's child must allow it."""
    folder = generate_package(tmp_path / "wide", GeneratorSpec(products=3000, institutions=2, suppliers=3))
    files = {"file": ("wide.zip", zip_folder(folder), "application/zip")}
    created = client.post("/api/v1/scenarios/package", files=files, headers=keys["coordinator"]).json()
    assert created["counts"]["demand"] >= PARALLEL_MIN_DEMAND_ROWS
    launched = launch(client, keys, created["id"], {"vary": ["solver.mip_gap=0"]}).json()
    drain(app)
    finished = read(client, keys, launched["id"])
    assert (finished["status"], finished["error"]) == ("succeeded", None)


def read(client: TestClient, keys: Keys, comparison_id: int) -> dict[str, Any]:
    found: dict[str, Any] = client.get(f"/api/v1/comparisons/{comparison_id}", headers=keys["coordinator"]).json()
    return found
