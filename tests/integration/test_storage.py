"""Storage on SQLite and PostgreSQL: migrations, exact numbers, and versions that export to their own package."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import inspect

from api.packages import export_package, typed_rows
from models import repository
from models.db import Base, downgrade, make_engine, make_sessions, upgrade
from models.scenario import BidRow, Scenario, ScenarioVersion
from procurement.files import read_package

SAMPLE = Path(__file__).resolve().parents[2] / "scenarios" / "sample"


def stored_version(url: str, settings: dict[str, object], rows: dict[str, list[dict[str, object]]]) -> int:
    with make_sessions(make_engine(url))() as session:
        scenario = Scenario(name="prueba", currency="MXN", coordinator="BIRMEX")
        session.add(scenario)
        session.flush()
        version = ScenarioVersion(
            scenario_id=scenario.id, number=1, sha256="-", settings=settings, change="created", created_by="test"
        )
        repository.add_version(session, version, rows)
        session.commit()
        return version.id


def test_migrations_create_every_table_and_running_them_again_changes_nothing(database_url: str) -> None:
    upgrade(database_url)
    upgrade(database_url)
    tables = set(inspect(make_engine(database_url)).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_money_and_quantities_come_back_exactly(database_url: str) -> None:
    upgrade(database_url)
    prices = [Decimal("0.1"), Decimal("12345678901234.56789"), Decimal("7.50"), Decimal("1E+5")]
    bids = [{"supplier_id": "A", "product_id": "P", "unit_price": price} for price in prices]
    version_id = stored_version(database_url, {}, {"bids": bids})
    with make_sessions(make_engine(database_url))() as session:
        rows, total = repository.input_rows(session, version_id, "bids")
    assert total == 4
    assert [row.unit_price for row in rows] == prices
    assert all(isinstance(row, BidRow) and row.rule_cells == {} for row in rows)


def test_a_stored_version_exports_to_the_package_it_was_made_from(database_url: str, tmp_path: Path) -> None:
    upgrade(database_url)
    package = read_package(SAMPLE)
    rows = typed_rows(package)
    direct = export_package(tmp_path / "direct", package.settings, rows)
    version_id = stored_version(database_url, package.settings, rows)
    with make_sessions(make_engine(database_url))() as session:
        stored = repository.all_input_rows(session, version_id)
        again = export_package(tmp_path / "stored", package.settings, stored)
    assert again.sha256 == direct.sha256
    for file in ("bids.csv", "demand.csv", "products.csv"):
        assert (tmp_path / "stored" / file).read_text() == (tmp_path / "direct" / file).read_text()
    assert "HYPO,010.000.0104.00,7.50,100000,,," in (tmp_path / "stored" / "bids.csv").read_text()


def test_upgrading_a_database_of_the_first_schema_keeps_every_stored_input(database_url: str, tmp_path: Path) -> None:
    # Versions stored before rule cells had one typed column per rule input and a delivery table of their own;
    # after the upgrade they export to the very package they were made from.
    upgrade(database_url, "0002")
    package = read_package(SAMPLE)
    engine = make_engine(database_url)
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO scenarios (id, name, currency, coordinator, version, created_at, "
                "updated_at) VALUES (1, 'old', 'MXN', 'BIRMEX', 1, '2026-01-01', '2026-01-01')"
            )
        )
        connection.execute(
            sa.text(
                "INSERT INTO scenario_versions (id, scenario_id, number, sha256, settings, "
                "change, created_by, created_at) VALUES (1, 1, 1, '-', '{}', 'created', 'test', "
                "'2026-01-01')"
            )
        )
        for name, table in package.tables.items():
            rows = [
                {"version_id": 1, "position": k, **{c: _old_value(c, v) for c, v in row.items() if c != "_row"}}
                for k, row in enumerate(table.to_dict("records"))
            ]
            target = sa.table(f"scenario_{name.removesuffix('.csv')}", *(sa.column(c) for c in rows[0]))
            connection.execute(target.insert(), rows)
    upgrade(database_url)
    direct = export_package(tmp_path / "direct", {}, typed_rows(package))
    with make_sessions(engine)() as session:
        stored = export_package(tmp_path / "stored", {}, repository.all_input_rows(session, 1))
    assert stored.sha256 == direct.sha256


def _old_value(column: str, text: str) -> object:
    """A package cell as the first schema stored it."""
    if text == "":
        return None
    if column in ("single_source", "national"):
        return text.lower() in ("true", "yes", "si", "sí", "1")
    if column == "max_suppliers":
        return int(text)
    if column in (
        "quantity",
        "unit_price",
        "budget",
        "reference_price",
        "max_price_gap",
        "from_quantity",
        "capacity",
        "min_quantity",
        "fixed_cost",
        "cost_per_unit",
    ):
        return format(Decimal(text), "f")
    return text


def insert_old_run(connection: sa.Connection) -> None:
    """Scenario 1, its version 1 and a succeeded run 1 of it, as an earlier schema stored them."""
    connection.execute(
        sa.text(
            "INSERT INTO scenarios (id, name, currency, coordinator, version, created_at, updated_at) "
            "VALUES (1, 'old', 'MXN', 'BIRMEX', 1, '2026-01-01', '2026-01-01')"
        )
    )
    connection.execute(
        sa.text(
            "INSERT INTO scenario_versions (id, scenario_id, number, sha256, settings, change, created_by, "
            "created_at) VALUES (1, 1, 1, '-', '{}', 'created', 'test', '2026-01-01')"
        )
    )
    connection.execute(
        sa.text(
            "INSERT INTO runs (id, scenario_id, version_id, status, options, wall_limit_s, progress, events, "
            "attempts, created_by, created_at) VALUES (1, 1, 1, 'succeeded', '{}', 60, '', '[]', 1, 'test', "
            "'2026-01-01')"
        )
    )


def test_savings_stored_before_like_for_like_are_compared_on_their_own_rows(database_url: str) -> None:
    # A pair whose baseline bought 100 units for 1,000.00 and whose award gave 80 for 720.00 and left 20 unmet:
    # 80 × 10.00 = 800.00 compared, 200.00 unmet. A pair that bought nothing alone keeps what it paid.
    upgrade(database_url, "0003")
    engine = make_engine(database_url)
    with engine.begin() as connection:
        insert_old_run(connection)
        connection.execute(
            sa.text(
                "INSERT INTO run_savings (run_id, institution_id, product_id, quantity, baseline_cost, "
                "consolidated_cost, baseline_quantity, consolidated_quantity, shortage_quantity, baseline_source) "
                "VALUES (1, 'IMSS', 'P', '100', '1000.00', '720.00', '100', '80', '20', 'buying_alone'), "
                "(1, 'ISSSTE', 'P', '40', '0.00', '360.00', '0', '40', '0', 'buying_alone'), "
                "(1, 'PEMEX', 'P', '10', '90.00', '100.00', '10', '10', '0', 'baseline_price')"
            )
        )
    upgrade(database_url)
    with make_sessions(engine)() as session:
        rows, _ = repository.result_rows(session, 1, "savings", {}, None, 0)
        stored = {row.institution_id: (row.compared_cost, row.unmet_value, row.dearer_reason) for row in rows}
    assert stored == {
        "IMSS": (Decimal("800.00"), Decimal("200.00"), ""),
        "ISSSTE": (Decimal("360.00"), Decimal("0"), ""),
        "PEMEX": (Decimal("90.00"), Decimal("0.00"), "not_recorded"),
    }
    downgrade(database_url, "0003")  # and back: the columns go, the rows stay
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM run_savings")).scalar() == 3
    assert "compared_cost" not in {column["name"] for column in inspect(engine).get_columns("run_savings")}


def test_versions_stored_before_fingerprints_have_none_and_the_column_can_be_dropped_again(database_url: str) -> None:
    upgrade(database_url, "0004")
    engine = make_engine(database_url)
    with engine.begin() as connection:
        insert_old_run(connection)  # a run pointing at the version: the column must go without rebuilding the table
    upgrade(database_url)
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT fingerprint FROM scenario_versions")).all() == [(None,)]
    downgrade(database_url, "0004")
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM runs")).scalar() == 1
    assert "fingerprint" not in {column["name"] for column in inspect(engine).get_columns("scenario_versions")}
    engine.dispose()


def test_results_stored_before_periods_have_a_blank_period_and_the_column_can_be_dropped_again(
    database_url: str,
) -> None:
    upgrade(database_url, "0008")
    engine = make_engine(database_url)
    with engine.begin() as connection:
        insert_old_run(connection)
        connection.execute(
            sa.text(
                "INSERT INTO run_awards (run_id, institution_id, product_id, supplier_id, quantity, unit_price, "
                "purchase_cost, delivery_cost, fixed_cost, total_cost) "
                "VALUES (1, 'IMSS', 'P', 'A', '100', '10', '1000.00', '0.00', '0.00', '1000.00')"
            )
        )
    upgrade(database_url)
    with make_sessions(engine)() as session:
        rows, _ = repository.result_rows(session, 1, "awards", {}, None, 0)
        assert [(row.institution_id, row.period, row.total_cost) for row in rows] == [("IMSS", "", Decimal("1000.00"))]
    downgrade(database_url, "0008")
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM run_awards")).scalar() == 1
    assert "period" not in {column["name"] for column in inspect(engine).get_columns("run_awards")}
    engine.dispose()


def test_open_contracts_are_stored_exactly_from_0011_and_the_table_can_be_dropped_again(database_url: str) -> None:
    # A run made before 0011 has no open contracts; one stored after it keeps each contract's minimum, maximum and
    # both amounts to the cent; downgrading drops the table and keeps the run.
    upgrade(database_url, "0009")
    engine = make_engine(database_url)
    with engine.begin() as connection:
        insert_old_run(connection)
    upgrade(database_url)
    contract = {
        "institution_id": "IMSS",
        "product_id": "P",
        "period": "2026",
        "supplier_id": "A",
        "maximum_quantity": Decimal("1000"),
        "minimum_quantity": Decimal("400"),
        "unit_price": Decimal("12.5"),
        "maximum_cost": Decimal("12500.00"),
        "minimum_cost": Decimal("5000.00"),
    }
    with make_sessions(engine)() as session:
        assert repository.result_rows(session, 1, "open_contracts", {}, None, 0)[1] == 0
        repository.add_results(session, 1, {"open_contracts": [contract]})
        session.commit()
        rows, _ = repository.result_rows(session, 1, "open_contracts", {"institution_id": "IMSS"}, None, 0)
        assert [{name: getattr(row, name) for name in contract} for row in rows] == [contract]
        repository.clear_results(session, 1)
        session.commit()
        assert repository.result_rows(session, 1, "open_contracts", {}, None, 0)[1] == 0
    downgrade(database_url, "0010")
    assert "run_open_contracts" not in set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM jobs")).scalar() == 1
    engine.dispose()


def test_offers_explained_before_prices_per_period_have_a_blank_period_and_the_column_can_be_dropped_again(
    database_url: str,
) -> None:
    # An offer explained before 0012 priced its clave over every period: its period reads blank; going back to 0011
    # drops the column and keeps the row.
    upgrade(database_url, "0009")
    engine = make_engine(database_url)
    with engine.begin() as connection:
        insert_old_run(connection)
    upgrade(database_url, "0011")
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO run_explained_offers (run_id, product_id, supplier_id, national, unit_price, "
                "evaluated_price, awarded_quantity, awarded_cost, outcome, reason, beaten_by, found_by) "
                "VALUES (1, 'P', 'A', true, '10', '10', '100', '1000.00', 'won', 'lowest_cost', '', 'network')"
            )
        )
    upgrade(database_url)
    with make_sessions(engine)() as session:
        offers, _ = repository.whole_explanation(session, 1)
        assert [(row.product_id, row.period, row.supplier_id, row.awarded_cost) for row in offers] == [
            ("P", "", "A", Decimal("1000.00"))
        ]
    downgrade(database_url, "0011")
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM run_explained_offers")).scalar() == 1
    assert "period" not in {column["name"] for column in inspect(engine).get_columns("run_explained_offers")}
    engine.dispose()
