"""Explanations in the database, on SQLite and PostgreSQL: exact numbers, the columns of the result files, and
migration 0006 (runs stored before it say so; going back keeps every other row)."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy import inspect

from api.key_commands import create_key
from api.main import create_app
from api.results import explanation_rows
from api.settings import Settings
from models import repository
from models.access import ApiKey, Role
from models.db import downgrade, make_engine, make_sessions, upgrade
from models.run import ExplainedOfferRow, RuleCostRow
from procurement.explain.columns import EXPLANATION_COLUMNS, RULE_COST_COLUMNS
from tests.api.support import bearer
from tests.integration.test_storage import insert_old_run

# One offer that won and one that lost, and a limit and a shortage, as the core's tables hold them.
OFFERS = pd.DataFrame(
    {
        "product_id": ["P", "P"],
        "supplier_id": ["A", "B"],
        "national": np.array([True, False]),
        "unit_price": [12.345678, 0.1],
        "evaluated_price": [11.111110, 0.1],
        "delivery_cost": [0.666667, np.nan],
        "rank": pd.array([1, pd.NA], dtype="Int64"),
        "capacity": [np.inf, 40000.0],
        "awarded_quantity": np.array([600, 0]),
        "awarded_cost": [7407.41, 0.0],
        "outcome": ["won", "inadmissible"],
        "reason": ["lowest_cost", "above_reference_price"],
        "beaten_by": ["", ""],
        "price_to_win": [np.nan, np.nan],
        "price_to_lose": [12.35, np.nan],
        "found_by": ["network", ""],
    },
    columns=EXPLANATION_COLUMNS,
)
RULE_COSTS = pd.DataFrame(
    {
        "kind": ["limit", "shortage"],
        "rule": ["budget", "no_admissible_bid"],
        "institution_id": ["IMSS", "IMSS"],
        "product_id": ["", "P"],
        "supplier_id": ["", ""],
        "limit": [3012000.0, np.nan],
        "used": [3011999.99, np.nan],
        "value": [0.333333, np.nan],
        "unit": ["money_per_money", ""],
        "quantity": np.array([np.nan, 1000], dtype=object),
        "cost_with": [np.nan, np.nan],
        "cost_without": [np.nan, np.nan],
    },
    columns=RULE_COST_COLUMNS,
)
# A rule's cost (every institution's purchase), a capacity (a supplier's) and ISSSTE's budget and shortage.
OTHER_COSTS = pd.DataFrame(
    {
        "kind": ["rule", "limit", "limit", "shortage"],
        "rule": ["split_shares", "capacity", "budget", "budget"],
        "institution_id": ["", "", "ISSSTE", "ISSSTE"],
        "product_id": ["P", "P", "", "P"],
        "supplier_id": ["", "A", "", ""],
        "unit": ["money", "money_per_unit", "money_per_money", "money"],
    },
).reindex(columns=RULE_COST_COLUMNS)


def test_the_stored_tables_have_the_columns_of_explanation_csv_and_rule_costs_csv() -> None:
    for model, columns in ((ExplainedOfferRow, EXPLANATION_COLUMNS), (RuleCostRow, RULE_COST_COLUMNS)):
        stored = [column.name for column in model.__table__.columns if column.name not in ("id", "run_id")]
        assert stored == columns, model.__tablename__


def test_explained_offers_and_rule_costs_come_back_exactly(database_url: str) -> None:
    upgrade(database_url, "0008")
    engine = make_engine(database_url)
    with engine.begin() as connection:
        insert_old_run(connection)
    upgrade(database_url)
    with make_sessions(engine)() as session:
        repository.add_results(session, 1, explanation_rows(OFFERS, RULE_COSTS))
        session.commit()
        offers, _ = repository.result_rows(session, 1, "offers", {}, None, 0)
        costs, _ = repository.result_rows(session, 1, "rule_costs", {}, None, 0)
        won, lost = ([getattr(row, name) for name in EXPLANATION_COLUMNS] for row in offers)
        limit, shortage = ([getattr(row, name) for name in RULE_COST_COLUMNS] for row in costs)
    engine.dispose()
    assert won == [
        *("P", "", "A", True, Decimal("12.345678"), Decimal("11.11111"), Decimal("0.666667"), 1, None),
        *(Decimal("600"), Decimal("7407.41"), "won", "lowest_cost", "", None, Decimal("12.35"), "network"),
    ]
    assert lost[:9] == ["P", "", "B", False, Decimal("0.1"), Decimal("0.1"), None, None, Decimal("40000")]
    assert lost[10:] == [Decimal("0.00"), "inadmissible", "above_reference_price", "", None, None, ""]
    assert limit == [
        *("limit", "budget", "IMSS", "", "", "", Decimal("3012000"), Decimal("3011999.99"), Decimal("0.333333")),
        *("money_per_money", None, None, None),
    ]
    assert shortage[:5] == ["shortage", "no_admissible_bid", "IMSS", "P", ""]
    assert shortage[5:] == ["", None, None, None, "", Decimal("1000"), None, None]


def test_an_institution_reads_the_limits_and_shortages_of_its_own_institution_only(database_url: str) -> None:
    upgrade(database_url, "0008")
    engine = make_engine(database_url)
    with engine.begin() as connection:
        insert_old_run(connection)
    upgrade(database_url)
    keys = {
        "IMSS": ApiKey(role=Role.INSTITUTION, institution_id="IMSS"),
        "ISSSTE": ApiKey(role=Role.INSTITUTION, institution_id="ISSSTE"),
        "auditor": ApiKey(role=Role.AUDITOR),
    }
    with make_sessions(engine)() as session:
        repository.add_results(session, 1, explanation_rows(OFFERS, pd.concat([RULE_COSTS, OTHER_COSTS])))
        session.commit()
        seen = {
            name: [
                (row.kind, row.rule, row.institution_id) for row in repository.rule_costs(session, key, 1, {}, 50, 0)[0]
            ]
            for name, key in keys.items()
        }
        for_clave = repository.rule_costs(session, keys["ISSSTE"], 1, {"product_id": "P"}, 50, 0)[1]
    engine.dispose()
    assert seen["IMSS"] == [("limit", "budget", "IMSS"), ("shortage", "no_admissible_bid", "IMSS")]
    assert seen["ISSSTE"] == [("limit", "budget", "ISSSTE"), ("shortage", "budget", "ISSSTE")]
    assert len(seen["auditor"]) == 6
    assert for_clave == 1


def test_a_run_stored_before_explanations_says_so_and_the_migration_goes_back_keeping_its_results(
    database_url: str, settings: Settings
) -> None:
    upgrade(database_url, "0005")
    engine = make_engine(database_url)
    with engine.begin() as connection:
        insert_old_run(connection)
        connection.execute(
            sa.text(
                "INSERT INTO run_awards (run_id, institution_id, product_id, supplier_id, quantity, unit_price, "
                "purchase_cost, delivery_cost, fixed_cost, total_cost) "
                "VALUES (1, 'IMSS', 'P', 'A', '600', '12.345678', '7407.41', '0.00', '0.00', '7407.41')"
            )
        )
    headers = bearer(create_key(settings, "coordinator", "coordinación", "BIRMEX"))
    with TestClient(create_app(settings)) as client:
        run = client.get("/api/v1/runs/1", headers=headers).json()
        response = client.get("/api/v1/runs/1/explanation", headers=headers)
        awards = client.get("/api/v1/runs/1/awards", headers=headers).json()["items"]
    assert (run["status"], run["explained"]) == ("succeeded", False)
    assert (response.status_code, response.json()["error"]) == (409, "conflict")
    assert response.json()["detail"] == (
        "la corrida 1 se guardó antes de que las corridas conservaran su explicación; lance de nuevo el escenario "
        "para explicarla"
    )
    assert [(a["quantity"], a["total_cost"]) for a in awards] == [(600, 7407.41)]
    with make_sessions(engine)() as session:
        repository.add_results(session, 1, explanation_rows(OFFERS, RULE_COSTS))
        session.commit()
    downgrade(database_url, "0005")  # and back: the explanation goes, the run and its awards stay
    tables = set(inspect(engine).get_table_names())
    assert not {ExplainedOfferRow.__tablename__, RuleCostRow.__tablename__} & tables
    assert "explained" not in {column["name"] for column in inspect(engine).get_columns("runs")}
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM runs")).scalar() == 1
        assert Decimal(str(connection.execute(sa.text("SELECT total_cost FROM run_awards")).scalar())) == Decimal(
            "7407.41"
        )
    upgrade(database_url)
    engine.dispose()
