"""Every CSV answer escapes text a spreadsheet would run as a formula, as the XLSX and comparison files do."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient

from tests.api.support import document

Keys = dict[str, dict[str, str]]
FORMULAS = ["=cmd|' /C calc'!A0", "+BAJIO", "-2+3", "@IMSSB"]  # JSON cells are stripped: no leading tab or CR


def test_text_cells_that_start_like_a_formula_are_escaped_in_csv_answers(client: TestClient, keys: Keys) -> None:
    purchase = document()
    for row, name in zip(purchase["suppliers"], FORMULAS, strict=False):
        row["name"] = name
    created = client.post("/api/v1/scenarios", json=purchase, headers=keys["coordinator"]).json()
    headers = {**keys["coordinator"], "Accept": "text/csv"}
    answer = client.get(f"/api/v1/scenarios/{created['id']}/suppliers", headers=headers)
    names = [row["name"] for row in csv.DictReader(io.StringIO(answer.text, newline=""))]
    assert names[: len(FORMULAS)] == ["'" + name for name in FORMULAS]
