"""/docs works without internet: the page and every asset it names are served by the app itself."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def test_the_api_docs_and_every_asset_they_load_come_from_the_app(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text) + re.findall(r"url: '([^']+)'", page.text)
    assert len(assets) == 4  # the stylesheet, the icon, the script and the OpenAPI document
    for asset in assets:
        assert re.match(r"/[^/]", asset), asset
        assert client.get(asset).status_code == 200, asset
    assert "https://" not in page.text


def test_the_pages_load_only_their_own_assets(client: TestClient) -> None:
    page = client.get("/ingresar", headers={"Accept": "text/html"}).text
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', page):
        assert client.get(asset).status_code == 200, asset
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page)
