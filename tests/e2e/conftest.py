"""Browser tests: Debian's Chromium driven by Playwright against a real uvicorn serving the app.

No browser is downloaded (`playwright install` is never run): Playwright drives /usr/bin/chromium, which the
project's set-up installs (.ci/with-services). Without it these tests skip, or fail when CI=true. Every request
the pages make to anywhere but the server is blocked and reported, so the pages are known to work offline.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from unittest import mock

import httpx
import pytest
from playwright.sync_api import Browser, Page, Route, ViewportSize, sync_playwright

from api import accounts
from api.key_commands import create_key
from api.settings import Settings
from models.db import make_engine, make_sessions, upgrade
from tests.api.pages_support import FAST_HASHER, PASSWORD, USERS
from tests.api.support import bearer, document, serving, start_worker, stop
from tests.conftest import postgres_database

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",  # the tests may run as root (CI)
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 390, "height": 844}


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the session; Playwright gives it a fresh temporary profile (user-data-dir)."""
    if not CHROMIUM.is_file():
        _unavailable(f"{CHROMIUM} is not installed: `apt-get install chromium` (.ci/with-services does it)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def site_database() -> str:
    """The kind of database the site stores in; a module that overrides this with params runs on each."""
    return "sqlite"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest, site_database: str) -> Iterator[str]:
    """`uvicorn api.main:create_app` on a fresh database (SQLite, or PostgreSQL where `site_database` says so)
    with one user per role (USERS), the sample purchase and a worker; the URL it serves."""
    folder = tmp_path_factory.mktemp("site")
    with ExitStack() as stack:
        if site_database == "postgresql":
            url = stack.enter_context(postgres_database(request.getfixturevalue("postgres_server")))
        else:
            url = f"sqlite:///{folder / 'procurement.db'}"
        yield stack.enter_context(_serving(folder, url))


@contextmanager
def _serving(folder: Path, database_url: str) -> Iterator[str]:
    settings = Settings(
        database_url=database_url,
        queue_path=folder / "queue.db",
        heartbeat_s=0.5,  # progress reaches the page twice a second
        explain_runs=False,  # the pages' runs are followed, not explained (tests/api/test_explanation explains)
    )
    _add_users(settings)
    command = [sys.executable, "-m", "uvicorn", "--factory", "api.main:create_app"]
    with serving(command, settings, folder / "server.log") as (url, _):
        key = bearer(create_key(settings, "coordinator", "pruebas", coordinator="BIRMEX"))
        httpx.post(f"{url}/api/v1/scenarios", json=document(), headers=key, timeout=60).raise_for_status()
        worker = start_worker(settings)  # runs started on the pages are solved by it
        try:
            yield url
        finally:
            stop(worker)


def _add_users(settings: Settings) -> None:
    upgrade(settings.database_url)
    with mock.patch.object(accounts, "HASHER", FAST_HASHER), make_sessions(make_engine(settings.database_url))() as db:
        for username, (role, coordinator, institution_id) in USERS.items():
            scope = accounts.check_scope(role, coordinator, institution_id)
            accounts.create_user(db, username, username.replace(".", " ").title(), scope, PASSWORD)


@pytest.fixture
def page(browser: Browser, site: str) -> Iterator[Page]:
    """A fresh browser context (no cookies) on the site at desktop size; requests elsewhere are blocked, and any
    such request fails the test."""
    context = browser.new_context(base_url=site, viewport=DESKTOP)
    elsewhere: list[str] = []

    def local_only(route: Route) -> None:
        if route.request.url.startswith((site, "data:")):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", local_only)
    yield context.new_page()
    context.close()
    assert not elsewhere, f"the page asked for resources outside the server: {elsewhere}"
