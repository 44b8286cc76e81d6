"""Storage on SQLite and PostgreSQL: migrations, exact numbers, and versions that export to their own package."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from sqlalchemy import inspect

from api.packages import export_package, typed_rows
from models import repository
from models.db import Base, make_engine, make_sessions, upgrade
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
    assert all(isinstance(row, BidRow) and row.capacity is None for row in rows)


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
