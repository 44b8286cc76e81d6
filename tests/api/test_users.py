"""`procurement users create | reset-password | disable`, the accounts behind them and the migration that adds them."""

from __future__ import annotations

import io

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import inspect

from api import accounts
from api.key_commands import create_key
from api.settings import Settings
from models import repository
from models.db import downgrade, make_engine, upgrade
from procurement.cli import main
from tests.api.pages_support import BROWSER, PASSWORD, csrf_of, sign_in


def users(monkeypatch: pytest.MonkeyPatch, *args: str, stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(["users", *args])


def test_a_user_created_with_a_password_on_stdin_signs_in(
    cli: None, app: FastAPI, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    created = ["create", "--username", "ana", "--name", "Ana López", "--role", "institution", "--institution", "IMSS"]
    assert users(monkeypatch, *created, "--password-stdin", stdin=f"{PASSWORD}\n") == 0
    assert "usuario ana creado con el rol Institución" in capsys.readouterr().err
    with TestClient(app, headers=BROWSER) as browser:
        sign_in(browser, "ana")
        assert "Ana López" in browser.get("/").text
    with app.state.sessions() as session:
        user = repository.user_by_username(session, "ana")
        assert user is not None
        assert user.last_sign_in_at is not None
        assert user.password_hash.startswith("$argon2id$")
        assert PASSWORD not in user.password_hash


def test_a_password_is_never_taken_from_the_command_line(cli: None, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(SystemExit):
        users(monkeypatch, "create", "--username", "ana", "--role", "auditor", "--password", PASSWORD)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "institution"], "un usuario o llave de institución necesita --institution"),
        (["--role", "auditor", "--institution", "IMSS"], "--institution es solo para usuarios y llaves de institución"),
        (["--role", "auditor", "--password-stdin"], "la contraseña debe tener al menos 10 caracteres"),
        (["--role", "auditor"], "no hay una terminal donde pedir la contraseña"),
    ],
)
def test_a_refused_user_is_explained(
    cli: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert users(monkeypatch, "create", "--username", "ana", *args, stdin="corta\n") == 2
    assert message in capsys.readouterr().err


def test_a_generated_password_is_printed_once_and_an_existing_user_is_kept(
    cli: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    first = ["create", "--username", "jefa", "--role", "coordinator", "--generate-password", "--unless-exists"]
    assert users(monkeypatch, *first) == 0
    password = capsys.readouterr().out.strip()
    assert len(password) >= accounts.MIN_PASSWORD_LENGTH
    assert users(monkeypatch, *first) == 0
    again = capsys.readouterr()
    assert again.out == ""
    assert "ya existe y se deja como está" in again.err
    assert users(monkeypatch, *first[:-1], "--lang", "en") == 2
    assert "user jefa already exists" in capsys.readouterr().err


def test_a_new_password_or_a_disabled_user_ends_open_sessions(
    cli: None, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    users(monkeypatch, "create", "--username", "ana", "--role", "auditor", "--password-stdin", stdin=PASSWORD)
    with TestClient(app, headers=BROWSER) as browser:
        sign_in(browser, "ana")
        assert users(monkeypatch, "reset-password", "ana", "--password-stdin", stdin="otra-contraseña-larga") == 0
        assert browser.get("/", follow_redirects=False).status_code == 303
        sign_in(browser, "ana", "otra-contraseña-larga")
        assert users(monkeypatch, "disable", "ana") == 0
        assert browser.get("/", follow_redirects=False).status_code == 303
        token = csrf_of(browser.get("/ingresar").text)
        form = {"username": "ana", "password": "otra-contraseña-larga", "csrf_token": token}
        assert browser.post("/ingresar", data=form).status_code == 401


def test_unknown_users_cannot_be_reset_or_disabled(
    cli: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert users(monkeypatch, "reset-password", "nadie", "--generate-password") == 2
    assert users(monkeypatch, "disable", "nadie") == 2
    assert capsys.readouterr().err.count("no existe el usuario nadie") == 2


def test_keys_are_scoped_by_the_same_check_as_users(settings: Settings) -> None:
    with pytest.raises(accounts.AccountError, match="account_scope_institution_needed"):
        create_key(settings, "institution", "ERP")


def test_the_users_migration_goes_back_without_touching_keys(settings: Settings) -> None:
    upgrade(settings.database_url)
    create_key(settings, "auditor", "ERP de auditoría")
    downgrade(settings.database_url, "0006")
    engine = make_engine(settings.database_url)
    assert "users" not in inspect(engine).get_table_names()
    upgrade(settings.database_url)
    assert "users" in inspect(engine).get_table_names()
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM api_keys").scalar() == 1
    engine.dispose()
