"""Every verb on every kind, generated from the kinds table: list/filter/sort/page, export with a
formula cell, delete + undo, through the API and the CLI, on both backends."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import Table, func, select, update
from typer.testing import CliRunner

from monotown import catalog
from monotown.cli import app
from monotown.db import DATABASE_URL_ENV, Base, session_scope
from monotown.records.kinds import Actor, Kind
from monotown.records.provenance import audit
from monotown.records.query import _value_key
from monotown.web.pages.listing import LIST_TABLES
from tests.web.conftest import Web

KINDS = list(catalog.install())
BY_KEY = pytest.mark.parametrize("kind", KINDS, ids=[kind.key for kind in KINDS])
# Where a formula-like text can be stored for each table: a text column every row shows.
FORMULA_COLUMNS = ("note", "description", "user", "source", "name_en")
# Tables a deletion and its undo must leave exactly as they were (the log and batches grow, and
# every request notes when its token or session was last used).
LOGS = frozenset(
    {"audit_log", "import_batch", "indicator_value_replaced", "web_session", "api_token"}
)
VALUE_KINDS = frozenset({"values", "indicators", "settlements"})


def cli(site: Web, *args: str) -> Any:
    result = CliRunner().invoke(app, list(args), env={DATABASE_URL_ENV: site.url})
    return result


def api_rows(site: Web, kind: Kind, query: str = "") -> dict[str, Any]:
    response = site.client("admin").get(f"/api/v1/records/{kind.key}?size=500{query}")
    assert response.status_code == 200, response.text
    return dict(response.json())


def _narrowed(site: Web, kind: Kind) -> tuple[str, dict[str, Any]]:
    """A filter (by the group-by columns of the first row) that leaves at most 60 rows, so the
    page walk stays short on kinds of thousands (values)."""
    query, listed = "", api_rows(site, kind)
    first = listed["items"][0]
    for column in kind.group_bys:
        if listed["total"] <= 60:
            break
        value = first.get(column)
        if isinstance(value, str | int) and not isinstance(value, bool):
            query += f"&{column}__exact={value}"
            listed = api_rows(site, kind, query)
    assert listed["total"] <= 500
    return query, listed


@BY_KEY
def test_list_filters_sorts_and_pages(site: Web, kind: Kind) -> None:
    query, everything = _narrowed(site, kind)
    assert everything["total"] == len(everything["items"]) > 0
    first = everything["items"][0]
    key = str(first[kind.key_column])
    exact = api_rows(site, kind, f"&{kind.key_column}__exact={key}")["items"]
    assert [str(row[kind.key_column]) for row in exact] == [key]

    for sort in (kind.sort.lstrip("-"), "-" + kind.sort.lstrip("-")):
        ordered = api_rows(site, kind, f"{query}&sort={sort}")["items"]
        values = [_value_key(row.get(sort.lstrip("-"))) for row in ordered]
        present = [value for value in values if value[0] == 0]
        assert present == sorted(present, reverse=sort.startswith("-"))

    keys, url = [], f"/api/v1/records/{kind.key}?size=3{query}"
    client = site.client("admin")
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.text
        keys += [str(row[kind.key_column]) for row in response.json()["items"]]
        url = response.json()["next"]
        assert ("Link" in response.headers) is bool(url)
    assert sorted(keys) == sorted(str(row[kind.key_column]) for row in everything["items"])

    bad = client.get(f"/api/v1/records/{kind.key}?no_such_column__gt=1")
    assert bad.status_code == 422 and "no_such_column" in bad.json()["detail"]
    where = [f"--where={part}" for part in query.split("&") if part]
    printed = cli(site, "records", "list", kind.key, *where, "--size", "2", "--format", "json")
    assert printed.exit_code == 0, printed.output
    listed = json.loads(printed.stdout)
    assert [row[kind.key_column] for row in listed] == [
        row[kind.key_column] for row in everything["items"][:2]
    ]


def _formula_target(kind: Kind) -> tuple[Table, str]:
    assert kind.table
    table = Base.metadata.tables[kind.table]
    names = set(kind.column_names)
    column = next(name for name in FORMULA_COLUMNS if name in table.c and name in names)
    return table, column


def _set_first(site: Web, table: Table, column: str, value: Any) -> tuple[int, Any]:
    with session_scope(site.engine) as session:
        first = session.scalar(select(func.min(table.c.id)))
        old = session.scalar(select(table.c[column]).where(table.c.id == first))
        session.execute(update(table).where(table.c.id == first).values({column: value}))
        # Every write is audited; the read cache sees the change by the log's growth.
        audit(
            session, Actor("test", "system"), "update", table.name, str(first),
            old={column: old}, new={column: value},
        )  # fmt: skip
    return int(first or 0), old


@BY_KEY
def test_export_neutralises_a_formula_cell(site: Web, kind: Kind, tmp_path: Path) -> None:
    table, column = _formula_target(kind)
    first, old = _set_first(site, table, column, "=1+1")
    try:
        client = site.client("analyst")
        answer = client.get(f"/api/v1/records/{kind.key}?format=csv")
        assert answer.status_code == 200 and answer.content.startswith(b"\xef\xbb\xbf")
        cells = [cell for row in csv.reader(io.StringIO(answer.text)) for cell in row]
        assert "'=1+1" in cells and "=1+1" not in cells
        workbook = client.get(f"/api/v1/records/{kind.key}/export?format=xlsx")
        sheet = load_workbook(io.BytesIO(workbook.content), read_only=True).active
        assert sheet is not None
        values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
        assert "'=1+1" in values and "=1+1" not in values
        for fmt in ("csv", "xlsx"):
            out = tmp_path / f"{kind.key}.{fmt}"
            result = cli(site, "records", "export", kind.key, "--format", fmt, "-o", str(out))
            assert result.exit_code == 0, result.output
            if fmt == "csv":
                text = out.read_text(encoding="utf-8-sig")
                cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
            else:
                book = load_workbook(out, read_only=True).active
                assert book is not None
                cells = [cell for row in book.iter_rows(values_only=True) for cell in row]
            assert "'=1+1" in cells and "=1+1" not in cells
    finally:
        _set_first(site, table, column, old)
    assert first


def _state(site: Web, kind: Kind) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but the logs, in a stable order. Values are compared without
    their surrogate id (undoing a value's deletion stores it again, as it was, under a new id)
    and only for the kinds whose deletion can touch them (they are thousands)."""
    state = {}
    with site.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if table.name in LOGS:
                continue
            columns = list(table.c)
            if table.name == "indicator_value":
                if kind.key not in VALUE_KINDS:
                    continue
                columns = [column for column in columns if column.name != "id"]
            rows = connection.execute(select(*columns)).all()
            state[table.name] = sorted((tuple(row) for row in rows), key=repr)
    return state


# Kinds whose every demo record is referred to by others get a fresh record to delete.
FRESH = {
    "settlements": ("post", "/api/v1/settlements", {
        "code": "test-town", "kind": "town", "name_en": "Test", "name_ru": "Тест",
        "region": "KZ-35", "note": "=1+1",
    }),
    "plans": ("put", "/api/v1/program/plans", {
        "code": "test-plan", "kind": "plan", "name": "Test plan", "year_from": "2024",
        "year_to": "2025",
    }),
}  # fmt: skip


def _delete_one(site: Web, kind: Kind) -> tuple[str, int]:
    """Delete the last listed record nothing refuses to lose (409s are skipped): key, batch."""
    client = site.client("admin")
    _, listed = _narrowed(site, kind)
    for row in reversed(listed["items"]):
        key = str(row[kind.key_column])
        answer = client.delete(f"/api/v1/records/{kind.key}/{key}?force=true")
        if answer.status_code == 409:
            continue
        assert answer.status_code == 200, answer.text
        return key, int(answer.json()["batch_id"])
    raise AssertionError(f"every {kind.key} record is referred to by others")


@BY_KEY
def test_delete_then_undo_restores_exactly(site: Web, kind: Kind) -> None:
    client = site.client("admin")
    if kind.key in FRESH:
        method, url, body = FRESH[kind.key]
        made = client.request(method.upper(), url, json=body)
        assert made.status_code in (200, 201), made.text
    before = _state(site, kind)
    key, batch = _delete_one(site, kind)
    assert client.get(f"/api/v1/records/{kind.key}/{key}").status_code == 404
    assert _state(site, kind) != before
    undone = client.post(f"/api/v1/records/batches/{batch}/undo")
    assert undone.status_code == 200, undone.text
    assert _state(site, kind) == before
    assert client.get(f"/api/v1/records/{kind.key}/{key}").status_code == 200


@pytest.mark.parametrize(
    ("path", "kind_key"),
    [("/regions", "regions"), ("/enterprises?q=steel", "enterprises"),
     ("/indicators?pillar=labour", "indicators"), ("/events", "events")],
)  # fmt: skip
def test_a_list_page_also_answers_json_and_csv(site: Web, path: str, kind_key: str) -> None:
    browser = site.browser("viewer")
    page = browser.get(path)
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    joiner = "&" if "?" in path else "?"
    data = browser.get(f"{path}{joiner}format=json")
    assert data.status_code == 200 and data.headers["content-type"] == "application/json"
    rows = data.json()
    declared = LIST_TABLES[path.split("?")[0]][0].columns  # the columns the page shows
    assert rows and set(rows[0]) == set(declared)
    assert catalog.kind(kind_key).key_column in declared
    table = browser.get(f"{path}{joiner}format=csv")
    assert table.content.startswith(b"\xef\xbb\xbf")
    assert len(list(csv.reader(io.StringIO(table.text)))) == len(rows) + 1


def test_towns_are_the_monotown_subset_of_settlements_in_the_same_shape(site: Web) -> None:
    client = site.client("viewer")
    towns = client.get("/api/v1/towns").json()
    settlements = {row["code"]: row for row in client.get("/api/v1/records/settlements?size=500")
                   .json()["items"]}  # fmt: skip
    assert towns and all(settlements[town["code"]]["monotown"] for town in towns)
    for town in towns:
        assert {**settlements[town["code"]], "region_code": town["region"]} == town
    monotowns = client.get("/api/v1/records/settlements?monotown=1&size=500").json()["total"]
    assert monotowns == len(towns)


def test_towns_show_prints_csv_through_the_guarded_writer(site: Web) -> None:
    shown = cli(site, "towns", "show", "Темиртау", "--format", "csv")
    assert shown.exit_code == 0, shown.output
    header, row = list(csv.reader(io.StringIO(shown.stdout.lstrip("\ufeff"))))
    assert header[0] == "code" and row[0] == "temirtau"
