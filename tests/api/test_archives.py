"""Uploaded archives are measured while they inflate: a member's declared size is never trusted on its own."""

from __future__ import annotations

import io
import struct
import tracemalloc
import zipfile
from functools import cache
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.packages import zip_folder
from tests.api.support import SAMPLE

Keys = dict[str, dict[str, str]]
INFLATED = 600 * 2**20


@cache
def lying_archive(member: str, inflated: int = INFLATED, declared: int = 100) -> bytes:
    """A .zip whose one member declares `declared` bytes (local header and central directory) but inflates to
    `inflated` bytes of zeros (a few MB packed)."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open(member, "w") as stream,
    ):
        for _ in range(inflated // 2**22):
            stream.write(bytes(2**22))
    data = bytearray(buffer.getvalue())
    struct.pack_into("<I", data, 22, declared)  # the local header's uncompressed size
    struct.pack_into("<I", data, data.index(b"PK\x01\x02") + 24, declared)  # the central directory's
    return bytes(data)


def post(client: TestClient, keys: Keys, name: str, data: bytes) -> tuple[int, dict[str, Any], int]:
    """The upload's status and body, and the most memory Python held while it was answered."""
    tracemalloc.start()
    try:
        files = {"file": (name, data, "application/octet-stream")}
        headers = {**keys["coordinator"], "Accept-Language": "en"}
        response = client.post("/api/v1/scenarios/package", files=files, headers=headers)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return response.status_code, response.json(), peak


@pytest.mark.parametrize(("upload", "member"), [("purchase.zip", "bids.csv"), ("purchase.xlsx", "[Content_Types].xml")])
def test_a_member_that_inflates_past_its_declared_size_is_refused_in_bounded_memory(
    client: TestClient, keys: Keys, upload: str, member: str
) -> None:
    status, body, peak = post(client, keys, upload, lying_archive(member))
    assert status == 422, body
    assert body["detail"] == f'{upload} member "{member}" inflates to more than the 100 bytes it declares'
    assert peak < 64 * 2**20  # the 600 MB it inflates to are never held


def test_an_honest_archive_is_still_accepted(client: TestClient, keys: Keys) -> None:
    status, body, _ = post(client, keys, "sample.zip", zip_folder(SAMPLE))
    assert status == 201, body


def test_a_zip_with_package_files_in_two_folders_is_refused_naming_them(client: TestClient, keys: Keys) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for folder in ("2026", "2027"):
            for path in SAMPLE.iterdir():
                archive.write(path, f"{folder}/{path.name}")
    status, body, _ = post(client, keys, "two.zip", buffer.getvalue())
    assert status == 422, body
    assert [(issue["code"], issue["location"]) for issue in body["issues"]] == [("zip_many_places", "two.zip")]
    assert "2026/, 2027/" in body["issues"][0]["message"]
