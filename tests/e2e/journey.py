"""Steps of the officer's journey in the browser, shared by the journey tests and the pages' accessibility checks."""

from __future__ import annotations

import base64
import re
import tempfile
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.api.pages_support import PASSWORD, sample_workbook

SAMPLE_ID = 1  # the sample purchase the site starts with (conftest.site)
FINISHED_S = 90_000  # ms a run of the sample may take, explanation included, on a busy machine


def sign_in(page: Page, username: str, password: str = PASSWORD) -> None:
    """Through the form, in whichever language the page is."""
    page.goto("/ingresar")
    sign_in_form(page, username, password)


def sign_in_form(page: Page, username: str, password: str) -> None:
    page.locator("#username").fill(username)
    page.locator("#password").fill(password)
    page.locator("main form button").click()


def drop_file(page: Page, path: Path) -> None:
    """Drag a file onto the upload box, as from the desktop: a drop event carrying it."""
    data = base64.b64encode(path.read_bytes()).decode()
    transfer = page.evaluate_handle(
        """([name, data]) => {
            const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], name));
            return transfer;
        }""",
        [path.name, data],
    )
    page.dispatch_event("[data-drop]", "drop", {"dataTransfer": transfer})


def upload(page: Page, path: Path) -> None:
    """Choose the file on /compras/nueva and send it."""
    page.locator("#file").set_input_files(path)
    page.locator("form.upload button").click()


def upload_workbook(page: Page, changes: dict[tuple[str, str], object]) -> None:
    """Send the sample purchase's workbook with `changes` typed in (pages_support.sample_workbook)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "compra.xlsx"
        path.write_bytes(sample_workbook(changes))
        upload(page, path)


def solve(page: Page, purchase_id: int = SAMPLE_ID) -> None:
    """Start a run of the purchase from its page and wait on the run page until it has finished."""
    page.goto(f"/compras/{purchase_id}")
    page.locator("form.start-run button").click()
    expect(page).to_have_url(re.compile(r"/corridas/\d+$"))
    expect(page.locator(".status-succeeded")).to_be_visible(timeout=FINISHED_S)


def publish_for(page: Page, username: str) -> None:
    """As a coordinator: solve the sample, publish the run from its page, then sign out and read its results as
    `username` (the page's language is kept: it is a cookie of its own)."""
    solve(page)
    page.locator("form.publish-run button").click()
    expect(page.locator("#run-published")).to_be_visible()
    results = page.url + "/resultados"
    page.locator("form.sign-out button").click()
    sign_in(page, username)
    page.goto(results)
    expect(page.locator("#cost-paid")).to_be_visible()


def open_results(page: Page) -> None:
    solve(page)
    page.locator("#run-progress a.button").click()
    expect(page.locator("#cost-paid")).to_be_visible()


def upload_demand(page: Page, csv: str) -> None:
    """Send `csv` as the signed-in institution's demand from its purchase's page."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demanda.csv"
        path.write_text(csv, encoding="utf-8")
        upload(page, path)


def compare_price_gap(page: Page, percent: str, purchase_id: int = SAMPLE_ID) -> None:
    """Compare the purchase's current rules with a maximum price gap of `percent` on its what-if page, and wait
    until the variants are side by side."""
    page.goto(f"/compras/{purchase_id}/comparar")
    page.locator("#vary-max_price_gap").fill(percent)
    page.locator("form.what-if button").click()
    expect(page).to_have_url(re.compile(r"/comparaciones/\d+$"))
    expect(page.locator("#side-by-side")).to_be_visible(timeout=FINISHED_S)
