"""The pages' foundation over HTTP: signing in and out, sessions, CSRF, language, scoped purchase list, errors."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.pages import SESSION_COOKIE
from tests.api.pages_support import PASSWORD, csrf_of, sign_in


def test_a_visitor_is_sent_to_the_sign_in_page_in_spanish(browser: TestClient) -> None:
    response = browser.get("/", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/ingresar")
    page = browser.get("/ingresar").text
    assert '<html lang="es">' in page
    assert "Ingrese con su usuario" in page


def test_a_page_asked_for_without_html_answers_401_json(app: FastAPI) -> None:
    with TestClient(app) as client:
        assert client.get("/").json()["error"] == "sign_in_needed"


def test_a_wrong_password_and_an_unknown_user_are_refused_with_the_same_words(browser: TestClient) -> None:
    token = csrf_of(browser.get("/ingresar").text)
    wrong = browser.post("/ingresar", data={"username": "imss", "password": "no-es-esta", "csrf_token": token})
    unknown = browser.post("/ingresar", data={"username": "nadie", "password": "no-es-esta", "csrf_token": token})
    assert wrong.status_code == unknown.status_code == 401
    assert "El usuario o la contraseña no son correctos." in wrong.text
    assert wrong.text.replace('value="imss"', 'value="nadie"') == unknown.text


def test_the_right_password_lands_on_the_purchases_the_user_may_see(
    browser: TestClient, scenario: dict[str, Any]
) -> None:
    sign_in(browser, "coordinador")
    page = browser.get("/").text
    assert "<h1>Compras</h1>" in page
    assert f'<th scope="row"><a href="/compras/{scenario["id"]}">{scenario["name"]}</a></th>' in page
    assert "Coordinador" in page
    assert "Coordinación" in page


@pytest.mark.parametrize(("username", "sees_it"), [("imss", True), ("pemex", False), ("otra.coordinacion", False)])
def test_a_user_sees_only_the_purchases_of_its_scope(
    browser: TestClient, scenario: dict[str, Any], username: str, sees_it: bool
) -> None:
    sign_in(browser, username)
    assert (scenario["name"] in browser.get("/").text) is sees_it


def test_signing_in_goes_back_to_the_page_asked_for_but_never_to_another_site(browser: TestClient) -> None:
    token = csrf_of(browser.get("/ingresar").text)
    form = {"username": "imss", "password": PASSWORD, "csrf_token": token, "next": "//evil.example/"}
    assert browser.post("/ingresar", data=form, follow_redirects=False).headers["location"] == "/"
    browser.cookies.clear()
    assert browser.get("/?lang=es", follow_redirects=False).headers["location"] == "/ingresar?next=/%3Flang%3Des"


def test_a_form_without_its_token_or_with_another_is_refused_with_a_page(browser: TestClient) -> None:
    browser.get("/ingresar")
    for token in (None, "not-the-token"):
        form = {"username": "imss", "password": PASSWORD} | ({"csrf_token": token} if token else {})
        response = browser.post("/ingresar", data=form)
        assert response.status_code == 403
        assert "Formulario rechazado" in response.text
    assert browser.get("/", follow_redirects=False).status_code == 303  # and no one was signed in


def test_signing_in_replaces_the_session_and_its_token(browser: TestClient) -> None:
    before = csrf_of(browser.get("/ingresar").text)
    sign_in(browser, "imss")
    assert csrf_of(browser.get("/").text) != before


def test_signing_out_ends_the_session_and_says_so(browser: TestClient) -> None:
    sign_in(browser, "imss")
    token = csrf_of(browser.get("/").text)
    page = browser.post("/salir", data={"csrf_token": token})
    assert page.url.path == "/ingresar"
    assert "Cerró su sesión." in page.text
    assert browser.get("/", follow_redirects=False).status_code == 303


def test_the_session_cookie_is_signed_http_only_and_same_site_lax(browser: TestClient) -> None:
    cookie = browser.get("/ingresar").headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert "httponly" in cookie.lower()
    assert "samesite=lax" in cookie.lower()


def test_the_language_chosen_is_remembered(browser: TestClient) -> None:
    page = browser.get("/ingresar?lang=en")
    assert '<html lang="en">' in page.text
    assert "Sign in with your user" in page.text
    assert '<html lang="en">' in browser.get("/ingresar").text
    assert '<html lang="es">' in browser.get("/ingresar?lang=es").text


def test_repeated_failures_make_a_username_wait_even_with_the_right_password(browser: TestClient) -> None:
    token = csrf_of(browser.get("/ingresar").text)
    for _ in range(5):
        browser.post("/ingresar", data={"username": "pemex", "password": "no-es-esta", "csrf_token": token})
    response = browser.post("/ingresar", data={"username": "PEMEX ", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 429
    assert "Demasiados intentos fallidos" in response.text


def test_a_browser_reads_errors_as_a_page_and_a_program_as_json(app: FastAPI, browser: TestClient) -> None:
    page = browser.get("/no-such-page")
    assert page.status_code == 404
    assert "Página no encontrada" in page.text
    with TestClient(app) as client:
        assert client.get("/no-such-page").json()["error"] == "not_found"


def test_service_messages_follow_the_pages_language_cookie(client: TestClient, keys: dict[str, dict[str, str]]) -> None:
    body = {
        "name": "x",
        "currency": "MXN",
        "institutions": [],
        "products": [],
        "demand": [],
        "suppliers": [],
        "bids": [],
    }
    client.cookies.set("lang", "en")
    response = client.post("/api/v1/scenarios", json=body, headers=keys["coordinator"] | {"Accept-Language": "es"})
    assert response.status_code == 422
    assert response.json()["issues"][0]["message"] == "has no rows: a purchase needs at least one"
