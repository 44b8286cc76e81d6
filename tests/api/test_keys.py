"""`procurement keys create | list | revoke`, keys refused once revoked or expired, their last use, and the
migration that adds expiry and last use."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import inspect, update

from api.key_commands import create_key
from api.settings import Settings
from models import repository
from models.access import ApiKey
from models.db import downgrade, make_engine, now, upgrade
from procurement.cli import main
from tests.api.support import bearer


def keys(*args: str) -> int:
    return main(["keys", *args])


def stored(app: FastAPI, key_id: int = 1) -> ApiKey:
    with app.state.sessions() as session:
        key = repository.get_key(session, key_id)
        assert key is not None
        return key


def change(app: FastAPI, **values: object) -> None:
    with app.state.sessions() as session:
        session.execute(update(ApiKey).values(**values))
        session.commit()


def refusal(client: TestClient, secret: str | None) -> tuple[str, str]:
    response = client.get("/api/v1/scenarios", headers=bearer(secret) if secret else {})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == ('Bearer error="invalid_token"' if secret else "Bearer")
    body = response.json()
    assert body["error"] == "unauthorized"
    [issue] = body["issues"]
    assert issue["location"] == "header.authorization"
    return issue["code"], body["detail"]


def test_a_key_created_to_expire_says_when_and_is_listed_without_its_secret(
    cli: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert keys("create", "--role", "institution", "--institution", "IMSS", "--name", "ERP del IMSS",
                "--expires-in-days", "30") == 0  # fmt: skip
    created = capsys.readouterr()
    secret = created.out.strip()
    expires = (now() + timedelta(days=30)).strftime("%Y-%m-%d")
    assert f"vence el {expires}" in created.err
    assert keys("create", "--role", "auditor", "--name", "Auditoría") == 0
    capsys.readouterr()
    assert keys("list", "--lang", "en") == 0
    header, first, second = capsys.readouterr().out.splitlines()
    assert header.split() == ["id", "name", "role", "scope", "prefix", "created", "(UTC)", "expires", "last", "used",
                              "revoked"]  # fmt: skip
    assert first.split()[:7] == ["1", "ERP", "del", "IMSS", "institution", "IMSS", secret[:10] + "…"]
    assert expires in first
    assert second.split()[:5] == ["2", "Auditoría", "auditor", "-", second.split()[4]]
    assert secret not in first
    assert second.endswith("-")


def test_a_revoked_key_is_refused_with_its_reason(
    cli: None, app: FastAPI, client: TestClient, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = create_key(settings, "coordinator", "ERP")
    assert client.get("/api/v1/scenarios", headers=bearer(secret)).status_code == 200
    assert keys("revoke", "1") == 0
    assert "se revocó la clave 1 (ERP)" in capsys.readouterr().err
    code, detail = refusal(client, secret)
    revoked_at = stored(app).revoked_at
    assert revoked_at is not None
    assert code == "key_revoked"
    assert detail == f"la clave de API se revocó el {revoked_at:%Y-%m-%d %H:%M} UTC: pida una nueva a quien " + (
        "administra el servicio"
    )
    assert keys("revoke", "1", "--lang", "en") == 0
    assert "key 1 (ERP) was already revoked on" in capsys.readouterr().err
    assert keys("revoke", "7") == 2
    assert "no existe la clave 7" in capsys.readouterr().err


def test_an_expired_key_an_unknown_key_and_no_key_are_refused_each_with_its_reason(
    app: FastAPI, client: TestClient, settings: Settings
) -> None:
    secret = create_key(settings, "auditor", "ERP", expires_in_days=1)
    assert client.get("/api/v1/scenarios", headers=bearer(secret)).status_code == 200
    change(app, expires_at=now() - timedelta(seconds=1))
    assert refusal(client, secret)[0] == "key_expired"
    assert refusal(client, secret + "x")[0] == "key_unknown"
    assert refusal(client, None) == ("key_missing", "se necesita una clave de API: envíela como 'Authorization: "
                                     "Bearer <clave>'")  # fmt: skip


def test_a_key_records_its_last_use_at_most_once_a_minute(app: FastAPI, client: TestClient, settings: Settings) -> None:
    secret = create_key(settings, "auditor", "ERP")
    assert stored(app).last_used_at is None
    client.get("/api/v1/scenarios", headers=bearer(secret))
    first = stored(app).last_used_at
    assert first is not None
    client.get("/api/v1/scenarios", headers=bearer(secret))
    assert stored(app).last_used_at == first  # within the minute: not written again
    change(app, last_used_at=first - timedelta(seconds=61))
    client.get("/api/v1/scenarios", headers=bearer(secret))
    later = stored(app).last_used_at
    assert later is not None
    assert later >= first  # written again: a minute had passed


def test_keys_have_no_expiry_nor_last_use_before_the_migration_and_keep_their_rows_after_it(
    settings: Settings,
) -> None:
    upgrade(settings.database_url, "0007")
    engine = make_engine(settings.database_url)
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO api_keys (name, role, prefix, key_sha256, created_at) "
            "VALUES ('ERP', 'auditor', 'pk_abc', 'abc', '2026-01-01 00:00:00')"
        )
    upgrade(settings.database_url)
    with engine.connect() as connection:
        row = connection.exec_driver_sql("SELECT name, expires_at, last_used_at FROM api_keys").one()
    assert tuple(row) == ("ERP", None, None)
    downgrade(settings.database_url, "0007")
    columns = {column["name"] for column in inspect(engine).get_columns("api_keys")}
    assert not {"expires_at", "last_used_at"} & columns
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM api_keys").scalar() == 1
    engine.dispose()
