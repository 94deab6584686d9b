"""An XLSX download with more rows than a worksheet holds is refused with a 422 before the
answer starts, on the values export and on every kind's export (it used to stop silently at the
cap, or had none), and one that fits is a whole workbook."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from monotown.records import export
from tests.web.conftest import Web

EXPORTS = [
    "/api/v1/values/export",
    "/api/v1/settlements/export",
    "/api/v1/records/enterprises/export",
]


@pytest.mark.parametrize("path", EXPORTS)
def test_an_xlsx_larger_than_a_worksheet_is_refused_before_it_starts(
    demo_web: Web, path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = demo_web.client("viewer")
    if path == "/api/v1/values/export":  # one town's values: a workbook of thousands is slow
        town = client.get("/api/v1/values", params={"per_page": 1}).json()["items"][0]["town"]
        path = f"{path}?town={town}"
    rows = len(client.get(path, params={"format": "json"}).json())
    assert rows > 3
    monkeypatch.setattr(export, "XLSX_MAX_ROWS", rows - 1)
    answer = client.get(path, params={"format": "xlsx"})
    assert answer.status_code == 422, answer.text[:200]
    detail = answer.json()["detail"]
    assert f"more than {rows - 1:,} rows" in detail and "export CSV or JSON" in detail

    monkeypatch.setattr(export, "XLSX_MAX_ROWS", rows)
    whole = client.get(path, params={"format": "xlsx"})
    assert whole.status_code == 200
    sheet = load_workbook(io.BytesIO(whole.content), read_only=True).active
    assert sheet is not None
    assert sum(1 for _ in sheet.iter_rows(values_only=True)) == rows + 1  # header and every row
