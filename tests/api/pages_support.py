"""Helpers of the page tests: one user per role and tenant (as conftest.KEYS), signing in, reading form tokens."""

from __future__ import annotations

import io
import re

import openpyxl
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api import accounts
from procurement.files import read_package
from procurement.template import build_template
from tests.api.support import SAMPLE

PASSWORD = "contraseña-de-prueba"
USERS = {  # username: (role, coordinator, institution_id), the tenants of conftest.KEYS
    "coordinador": ("coordinator", "BIRMEX", None),
    "otra.coordinacion": ("coordinator", "OTRA-UNIDAD", None),
    "imss": ("institution", None, "IMSS"),
    "pemex": ("institution", None, "PEMEX"),
    "auditoria": ("auditor", None, None),
}
# argon2 at its lowest cost: the defaults take about 0.3 s a hash, which the tests need not prove again and again.
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
BROWSER = {"Accept": "text/html,application/xhtml+xml", "Accept-Language": "en"}


def create_users(app: FastAPI) -> None:
    with app.state.sessions() as session:
        for username, (role, coordinator, institution_id) in USERS.items():
            scope = accounts.check_scope(role, coordinator, institution_id)
            accounts.create_user(session, username, username.title(), scope, PASSWORD)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no form token"
    return found.group(1)


def sign_in(client: TestClient, username: str, password: str = PASSWORD, next: str = "/") -> None:
    token = csrf_of(client.get("/ingresar").text)
    form = {"username": username, "password": password, "next": next, "csrf_token": token}
    response = client.post("/ingresar", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text


# Three mistakes an officer might make in the sample purchase's workbook (Spanish, as the pages give it): (sheet,
# cell) → the value typed.
MISTAKES = {("propuestas", "C3"): "ocho", ("demanda", "C2"): -5, ("demanda", "B3"): "999.999.9999.99"}


def sample_workbook(changes: dict[tuple[str, str], object] | None = None) -> bytes:
    """The sample purchase as the template workbook fills it (procurement.template), with `changes` typed in."""
    book = openpyxl.load_workbook(io.BytesIO(build_template(read_package(SAMPLE))))
    for (sheet, cell), value in (changes or {}).items():
        book[sheet][cell] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
