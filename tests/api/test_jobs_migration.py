"""Migration 0010 moves runs and comparisons into one `jobs` table: every job of a database at 0008, in every state,
is read back at its old address with its status, error and results, and downgrading gives every row back."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from fastapi.testclient import TestClient

from api.key_commands import create_key
from api.main import create_app
from api.settings import Settings
from models.db import UTCDateTime, downgrade, make_engine, upgrade
from tests.api.support import bearer
from tests.integration.test_storage import insert_old_run

# Their ids collide, as they did in every database: run 1 and comparison 1, run 3 and comparison 3.
RUNS = {
    1: ("succeeded", None),
    2: ("failed", "the solver found no award: infeasible"),
    3: ("queued", None),
    5: ("running", None),
}
COMPARISONS = {
    1: ("succeeded", None),
    2: ("failed", "1 problem(s) in the variants"),
    3: ("cancelled", "cancelled on request before it started"),
    7: ("queued", None),
}
TABLE = {"columns": ["variant", "cost"], "rows": [["max_price_gap=none", 1500.5]]}
RESULT = {
    "variants": [{"label": "max_price_gap=none", "changes": {}, "status": "optimal"}],
    "currency": "MXN",
    "tables": {"es": TABLE, "en": TABLE},
}
ISSUE = {
    "location": "vary[0]",
    "code": "x",
    "message": "m",
    "severity": "error",
    "messages": {"es": "mal", "en": "bad"},
}
AT = datetime(2026, 11, 30, 10, tzinfo=UTC)


def _job(job_id: int, status: str, error: str | None) -> dict[str, Any]:
    """What a run and a comparison both stored; one running has a worker that stopped beating."""
    running = status == "running"
    return {
        **{"id": job_id, "scenario_id": 1, "version_id": 1, "status": status, "options": {}, "wall_limit_s": 60},
        **{"progress": "", "error": error, "attempts": int(status != "queued"), "created_by": "test"},
        **{"worker": "gone:1" if running else None, "created_at": AT, "heartbeat_at": AT if running else None},
        "finished_at": AT if status not in ("queued", "running") else None,
    }


def _jobs_table(name: str, *columns: str) -> sa.TableClause:
    json = ("options", "events", "vary", "issues", "result")
    times = ("created_at", "started_at", "heartbeat_at", "finished_at")
    types: dict[str, Any] = {**dict.fromkeys(json, sa.JSON()), **dict.fromkeys(times, UTCDateTime())}
    return sa.table(name, *(sa.column(column, types.get(column)) for column in columns))


def insert_jobs_of_0008(connection: sa.Connection) -> None:
    """Scenario 1 with the runs and comparisons above, as migration 0008 stored them; run 1 has two awards."""
    insert_old_run(connection)
    connection.execute(sa.text("DELETE FROM runs"))
    for job_id, (status, error) in RUNS.items():
        row = _job(job_id, status, error) | {"options": {"threads": job_id}, "events": [], "objective": None}
        row |= {"objective": "1500.5"} if status == "succeeded" else {}
        connection.execute(_jobs_table("runs", *row).insert().values(row))
    for job_id, (status, error) in COMPARISONS.items():
        row = _job(job_id, status, error) | {
            "vary": [f"policy.max_price_gap=none,0.0{job_id}"],
            "issues": [ISSUE] if status == "failed" else [],
            "result": RESULT if status == "succeeded" else None,
        }
        connection.execute(_jobs_table("comparisons", *row).insert().values(row))
    for supplier in ("A", "B"):
        connection.execute(
            sa.text(
                "INSERT INTO run_awards (run_id, institution_id, product_id, supplier_id, quantity, unit_price, "
                f"purchase_cost, delivery_cost, fixed_cost, total_cost) VALUES (1, 'IMSS', 'P', '{supplier}', '100', "
                "'7.5025', '750.25', '0', '0', '750.25')"
            )
        )


def test_every_run_and_comparison_is_read_back_at_its_old_address_after_the_move_to_one_jobs_table(
    database_url: str, settings: Settings
) -> None:
    upgrade(database_url, "0008")
    engine = make_engine(database_url)
    with engine.begin() as connection:
        insert_jobs_of_0008(connection)
    headers = bearer(create_key(settings, "coordinator", "coordinación", "BIRMEX"))
    with TestClient(create_app(settings)) as client:
        runs = {job_id: client.get(f"/api/v1/runs/{job_id}", headers=headers).json() for job_id in RUNS}
        compared = {job_id: read(client, headers, job_id) for job_id in COMPARISONS}
        awards = client.get("/api/v1/runs/1/awards", headers=headers).json()
        listed = [client.get(f"/api/v1/{jobs}", headers=headers).json()["total"] for jobs in ("runs", "comparisons")]
        new = client.post("/api/v1/scenarios/1/comparisons", json={"vary": ["solver.mip_gap=0"]}, headers=headers)
        cancelled = client.post("/api/v1/comparisons/7/cancel", headers=headers)
        again = {job_id: read(client, headers, job_id)["vary"] for job_id in COMPARISONS}
        new_one = read(client, headers, new.json()["id"])
    assert {job_id: (run["status"], run["error"]) for job_id, run in runs.items()} == RUNS
    assert [runs[job_id]["options"] for job_id in RUNS] == [{"threads": job_id} for job_id in RUNS]
    assert (runs[1]["objective"], runs[5]["progress"]["step"]) == (1500.5, "building")
    assert [(award["supplier_id"], award["total_cost"]) for award in awards["items"]] == [("A", 750.25), ("B", 750.25)]
    assert {job_id: (found["status"], found["error"]) for job_id, found in compared.items()} == COMPARISONS
    assert {job_id: found["vary"] for job_id, found in compared.items()} == again
    assert again == {job_id: [f"policy.max_price_gap=none,0.0{job_id}"] for job_id in COMPARISONS}
    assert (compared[1]["table"], compared[1]["currency"], compared[1]["variants"]) == (
        TABLE,
        "MXN",
        RESULT["variants"],
    )
    assert [issue["message"] for issue in compared[2]["issues"]] == ["mal"]
    assert listed == [4, 4]
    assert (new.status_code, cancelled.status_code, cancelled.json()["status"]) == (202, 202, "cancelled")
    assert new.json()["id"] > max(COMPARISONS)
    assert new_one["vary"] == ["solver.mip_gap=0"]
    downgrade(database_url, "0008")  # and back: each comparison under its old id, the one made since under its own
    with engine.connect() as connection:
        back = connection.execute(sa.text("SELECT id, status FROM comparisons ORDER BY id")).all()
        run_rows = connection.execute(sa.text("SELECT id, status, error FROM runs ORDER BY id")).all()
        award_rows = connection.execute(sa.text("SELECT count(*) FROM run_awards WHERE run_id = 1")).scalar()
    engine.dispose()
    assert back == [
        *((k, s) for k, (s, _) in COMPARISONS.items() if k != 7),
        (7, "cancelled"),
        (new_one["id"], "queued"),
    ]
    assert run_rows == [(k, s, e) for k, (s, e) in RUNS.items()]
    assert award_rows == 2
    upgrade(database_url)


def read(client: TestClient, headers: dict[str, str], comparison_id: int) -> dict[str, Any]:
    found: dict[str, Any] = client.get(f"/api/v1/comparisons/{comparison_id}", headers=headers).json()
    return found
