"""The pages in a real browser: signing in and out, language, CSRF, scope, /docs offline, accessibility, phone width."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.api.pages_support import MISTAKES, PASSWORD
from tests.api.support import document
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.journey import (
    SAMPLE_ID,
    compare_price_gap,
    open_results,
    publish_for,
    sign_in,
    sign_in_form,
    solve,
    upload_demand,
    upload_workbook,
)

SAMPLE = str(document()["name"])
SERIOUS = {"serious", "critical"}


def test_a_wrong_password_is_refused_and_the_right_one_lands_on_the_purchases(page: Page) -> None:
    sign_in(page, "coordinador", "no-es-esta")
    expect(page.get_by_role("alert")).to_have_text("El usuario o la contraseña no son correctos.")
    page.get_by_label("Contraseña", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Ingresar").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Compras")
    expect(page.get_by_role("rowheader", name=SAMPLE)).to_be_visible()


def test_the_language_switch_turns_the_pages_to_english_and_is_remembered(page: Page) -> None:
    sign_in(page, "coordinador")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Purchases")
    page.goto("/")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.get_by_role("link", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")


def test_signing_out_returns_to_the_sign_in_page_and_closes_the_session(page: Page) -> None:
    sign_in(page, "auditoria")
    page.get_by_role("button", name="Salir").click()
    expect(page.get_by_role("status")).to_have_text("Cerró su sesión.")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/ingresar$"))


def test_a_form_sent_without_its_token_is_refused(page: Page) -> None:
    _post_without_token(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Formulario rechazado")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/ingresar$"))


@pytest.mark.parametrize(("username", "purchases"), [("imss", 1), ("pemex", 0)])
def test_an_institution_user_sees_only_the_purchases_it_takes_part_in(
    page: Page, username: str, purchases: int
) -> None:
    sign_in(page, username)
    expect(page.get_by_role("heading", level=1)).to_have_text("Compras")
    expect(page.get_by_role("rowheader", name=SAMPLE)).to_have_count(purchases)


def test_the_api_docs_render_without_internet(page: Page) -> None:
    page.goto("/docs")
    expect(page.locator(".opblock").first).to_be_visible(timeout=20_000)
    expect(page.get_by_text("/api/v1/scenarios").first).to_be_visible()


# Each page of this foundation, reached as a person would (lang is the page's language).
PAGES: dict[str, Callable[[Page], object]] = {
    "sign_in": lambda page: page.goto("/ingresar"),
    "sign_in_failed": lambda page: sign_in(page, "coordinador", "no-es-esta"),
    "purchases": lambda page: sign_in(page, "coordinador"),
    "purchases_institution": lambda page: sign_in(page, "pemex"),
    "form_refused": lambda page: _post_without_token(page),
    "not_found": lambda page: page.goto("/no-existe"),
    "purchase_new": lambda page: _signed_in(page, "coordinador", "/compras/nueva"),
    "purchase_new_problems": lambda page: _upload_mistakes(page),
    "purchase": lambda page: _signed_in(page, "coordinador", f"/compras/{SAMPLE_ID}"),
    "purchase_institution_demand": lambda page: _signed_in(page, "imss", f"/compras/{SAMPLE_ID}"),
    "demand_problems": lambda page: _demand_mistake(page),
    "run_finished": lambda page: _signed_in(page, "coordinador", then=solve),
    "results": lambda page: _signed_in(page, "coordinador", then=open_results),
    "results_institution": lambda page: _signed_in(page, "coordinador", then=lambda page: publish_for(page, "imss")),
    "what_if": lambda page: _signed_in(page, "coordinador", f"/compras/{SAMPLE_ID}/comparar"),
    "comparison": lambda page: _signed_in(page, "coordinador", then=lambda page: compare_price_gap(page, "5")),
    "history": lambda page: _signed_in(page, "coordinador", f"/compras/{SAMPLE_ID}/historial"),
}


def _signed_in(page: Page, username: str, path: str = "/", then: Callable[[Page], None] | None = None) -> None:
    sign_in(page, username)
    page.goto(path)
    if then:
        then(page)


def _demand_mistake(page: Page) -> None:
    _signed_in(page, "imss", f"/compras/{SAMPLE_ID}")
    upload_demand(page, "institution_id,product_id,quantity\nIMSS,010.000.0104.00,mil\n")
    expect(page.locator(".problems")).to_be_visible()


def _upload_mistakes(page: Page) -> None:
    _signed_in(page, "coordinador", "/compras/nueva")
    upload_workbook(page, MISTAKES)
    expect(page.locator(".problems")).to_be_visible()


def _post_without_token(page: Page) -> None:
    page.goto("/ingresar")
    page.locator("input[name=csrf_token]").evaluate("input => input.remove()")
    sign_in_form(page, "coordinador", PASSWORD)


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_is_accessible_and_fits_a_phone(page: Page, name: str, lang: str) -> None:
    """axe-core finds no serious or critical violation, at desktop and phone width; the phone never scrolls
    sideways. Screenshots go to $SCREENSHOTS_DIR when set (`make screenshots` writes docs/screenshots)."""
    page.goto(f"/ingresar?lang={lang}")  # remembered in a cookie from here on
    PAGES[name](page)
    for size, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        violations = Axe().run(page).response["violations"]
        assert [v["id"] for v in violations if v["impact"] in SERIOUS] == [], (name, lang, size)
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], (name, size)
        if folder := os.environ.get("SCREENSHOTS_DIR"):
            page.screenshot(path=Path(folder) / f"{name}-{lang}-{size}.png", full_page=True)
