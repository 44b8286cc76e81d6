"""Limits answered before any work: body size (413), rows and model size (422), unsafe archives (422)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.packages import zip_folder
from api.settings import Settings
from tests.api.support import SAMPLE, document

Keys = dict[str, dict[str, str]]


@pytest.fixture
def small(settings: Settings, keys: Keys) -> TestClient:
    """The same database behind a server with tight limits."""
    tight = settings.model_copy(update={"max_upload_bytes": 20_000, "max_rows": 25, "max_model_size": 60})
    return TestClient(create_app(tight), headers={"Accept-Language": "en"})


def archive(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as handle:
        for name, data in members.items():
            handle.writestr(name, data)
    return buffer.getvalue()


def upload(client: TestClient, keys: Keys, data: bytes) -> dict[str, Any]:
    files = {"file": ("purchase.zip", data, "application/zip")}
    response = client.post("/api/v1/scenarios/package", files=files, headers=keys["coordinator"])
    return {"status": response.status_code, **response.json()}


def codes(result: dict[str, Any]) -> list[str]:
    return [issue["code"] for issue in result["issues"]]


def test_a_body_above_the_upload_limit_is_413(small: TestClient, keys: Keys) -> None:
    response = small.post("/api/v1/scenarios/package", content=b"x" * 30_000, headers=keys["coordinator"])
    assert response.status_code == 413
    assert response.json()["error"] == "too_large"


def test_too_many_rows_are_refused_naming_the_table(small: TestClient, keys: Keys) -> None:
    response = small.post("/api/v1/scenarios", json=document(), headers=keys["coordinator"])
    assert response.status_code == 422
    assert response.json()["issues"] == [
        {
            "location": "demand",
            "code": "too_many_rows_accepted",
            "message": "has 30 rows; at most 25 are accepted",
            "severity": "error",
        }
    ]


def test_a_model_above_the_size_limit_is_refused(settings: Settings, keys: Keys) -> None:
    client = TestClient(create_app(settings.model_copy(update={"max_model_size": 20})))
    response = client.post("/api/v1/scenarios", json=document(), headers=keys["coordinator"])
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "el modelo de adjudicación tendría 57 adjudicaciones candidatas; se aceptan como máximo 20"
    )
    assert response.json()["issues"][0]["code"] == "model_too_large"


def test_a_zip_bomb_is_refused_before_it_is_unpacked(client: TestClient, keys: Keys, tmp_path: Path) -> None:
    members = {name: (SAMPLE / name).read_bytes() for name in ("scenario.toml", "institutions.csv")}
    bomb = archive({**members, "bids.csv": b"supplier_id,product_id,unit_price\n" + b" " * 60_000_000})
    result = upload(client, keys, bomb)
    assert result["status"] == 422
    assert "se descomprime" in str(result["detail"])  # Spanish unless Accept-Language asks for English
    assert codes(result) in (["archive_large"], ["archive_bomb"])


@pytest.mark.parametrize("name", ["../scenario.toml", "/etc/bids.csv", "C:\\x\\demand.csv"])
def test_members_outside_the_archive_are_refused(client: TestClient, keys: Keys, name: str) -> None:
    result = upload(client, keys, archive({name: b"x"}))
    assert result["status"] == 422
    assert "apunta fuera del archivo" in str(result["detail"])
    assert codes(result) == ["archive_outside"]


def test_anything_but_a_zip_is_refused(client: TestClient, keys: Keys) -> None:
    result = upload(client, keys, b"institution_id,name\n")
    assert (result["status"], result["detail"]) == (422, "purchase.zip no es un archivo .zip legible")
    files = {"file": ("purchase.zip", b"institution_id,name\n", "application/zip")}
    english = client.post(
        "/api/v1/scenarios/package", files=files, headers=keys["coordinator"] | {"Accept-Language": "en"}
    )
    assert english.json()["detail"] == "purchase.zip is not a readable .zip archive"


def test_a_valid_upload_within_the_limits_is_accepted(client: TestClient, keys: Keys) -> None:
    assert upload(client, keys, zip_folder(SAMPLE))["status"] == 201
