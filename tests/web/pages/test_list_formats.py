"""Every HTML page that lists records also answers `?format=json|csv|xlsx` from the same view:
the same rows as the HTML table, CSV with a byte order mark and formula cells guarded. The table
of list routes below must name every list page the app has (checked against its GET routes)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import select

from monotown.accounts.models import User
from monotown.db import session_scope
from monotown.registry.models import Settlement
from monotown.standards import import_provision, load_catalog
from monotown.web.pages import page_router
from monotown.web.pages.listing import LIST_TABLES, ListTable
from tests.standards.conftest import build_small_tree, catalog_file, provision_file  # noqa: F401
from tests.web.conftest import Web

FORMULA = '=HYPERLINK("http://evil.example","x")'
FORMULA_STARTS = ("=", "+", "@", "\t", "\r")


def with_query(url: str, **params: str) -> str:
    """The URL with more query parameters (those it has are kept)."""
    return url + ("&" if "?" in url else "?") + urlencode(params)


def _first(client: TestClient, path: str, table: str, column: str) -> str:
    rows = client.get(with_query(path, format="json", table=table)).json()
    assert rows, f"{path} lists no {table} to open"
    return str(rows[0][column])


Resolve = Callable[[TestClient], str]
# route -> (who reads it, how to reach a page of it on the demo database, rows per HTML page)
LIST_ROUTES: dict[str, tuple[str, Resolve, int | None]] = {
    "/towns": ("viewer", lambda c: "/towns?scope=all", 50),
    "/enterprises": ("viewer", lambda c: "/enterprises", None),
    "/regions": ("viewer", lambda c: "/regions", None),
    "/indicators": ("viewer", lambda c: "/indicators", None),
    "/indicators/{code}": ("viewer", lambda c: "/indicators/pop_total", None),
    "/events": ("viewer", lambda c: "/events", None),
    "/program": ("viewer", lambda c: "/program", None),
    "/program/projects": ("viewer", lambda c: "/program/projects", None),
    "/program/budget": ("viewer", lambda c: "/program/budget", None),
    "/program/directives": ("viewer", lambda c: "/program/directives", None),
    "/program/targets": ("viewer", lambda c: "/program/targets", None),
    "/data": ("admin", lambda c: "/data", 30),
    "/data/imports": ("viewer", lambda c: "/data/imports", 30),
    "/admin/users": ("admin", lambda c: "/admin/users", None),
    "/admin/audit": ("admin", lambda c: "/admin/audit", 50),
    "/assessment": ("viewer", lambda c: "/assessment", None),
    "/assessment/runs/{run_id}": (
        "viewer", lambda c: f"/assessment/runs/{_first(c, '/assessment', 'runs', 'id')}", None,
    ),
    "/assessment/compare": (
        "viewer",
        lambda c: "/assessment/compare?a={0}&b={0}".format(_first(c, "/assessment", "runs", "id")),
        None,
    ),
    "/standards": ("viewer", lambda c: "/standards", None),
    "/standards/trend": ("viewer", lambda c: "/standards/trend", None),
    "/standards/catalog": ("viewer", lambda c: "/standards/catalog", None),
    "/standards/regions/{code}": (
        "viewer", lambda c: f"/standards/regions/{_first(c, '/standards', 'regions', 'code')}",
        None,
    ),
    "/standards/districts/{district_id}": (
        "viewer",
        lambda c: "/standards/districts/" + _first(
            c, f"/standards/regions/{_first(c, '/standards', 'regions', 'code')}", "districts",
            "id",
        ),
        None,
    ),
    "/standards/settlements/{key:path}": (
        "viewer",
        lambda c: "/standards/settlements/" + _first(c, "/standards", "gaps", "settlement_key"),
        None,
    ),
}  # fmt: skip
# GET pages that list no records, and why.
NOT_LISTS = {
    "/": "the overview: headline figures and a map",
    "/login": "a form",
    "/lang/{code}": "a redirect that remembers the language",
    "/records/{choice}": "a redirect that remembers the records switch",
    "/towns/new": "a form",
    "/towns/{code}/edit": "a form",
    "/towns/{code}": "one town's profile",
    "/enterprises/new": "a form",
    "/enterprises/{key}": "one enterprise's form",
    "/events/{code}": "one event and its texts",
    "/data/uploads/{token}": "the preview of an upload not yet stored",
    "/data/uploads/{token}/progress": "the progress of one import",
    "/data/imports/{batch_id}": "one batch",
    "/intake": "a form",
    "/intake/rows/{kind}": "an empty form row",
    "/admin/users/{username}": "one user's form",
    "/account": "your own password, tokens and sessions",
}


def _get_routes(routes: list[object]) -> Iterator[APIRoute]:
    for route in routes:
        if isinstance(route, APIRoute):
            if "GET" in (route.methods or ()):
                yield route
        elif hasattr(route, "original_router"):  # an included router
            yield from _get_routes(route.original_router.routes)


def test_every_page_is_either_a_list_in_the_table_or_named_as_no_list() -> None:
    paths = {route.path for route in _get_routes(list(page_router.routes))}
    assert set(LIST_TABLES) <= paths
    assert set(LIST_TABLES) == set(LIST_ROUTES), "a list page is missing from LIST_ROUTES"
    unclassified = paths - set(LIST_TABLES) - set(NOT_LISTS)
    assert not unclassified, (
        f"pages neither declared as lists nor named in NOT_LISTS: {unclassified}"
    )
    assert not set(LIST_TABLES) & set(NOT_LISTS)


class _RowCounter(HTMLParser):
    """Counts the rows shown inside the elements with the given ids: body rows of a table (not
    the 'nothing matches' row spanning the columns) or cards (`<article>`)."""

    def __init__(self, ids: tuple[str, ...]) -> None:
        super().__init__()
        self.ids, self.depth, self.in_body, self.rows = ids, 0, False, 0
        self.found: set[str] = set()
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs).get("id")
        if named in self.ids:
            self.found.add(named)
            if not self.depth:
                self.open = []
            self.depth += 1
        if not self.depth or tag in ("br", "img", "input", "meta", "link", "hr", "wbr"):
            return
        self.open.append(tag)
        if tag == "tbody":
            self.in_body = True
        elif (tag == "tr" and self.in_body) or tag == "article":
            self.rows += 1
        elif tag == "td" and self.in_body and dict(attrs).get("colspan"):
            self.rows -= 1

    def handle_endtag(self, tag: str) -> None:
        if not self.depth or not self.open:
            return
        while self.open:
            closed = self.open.pop()
            if closed == "tbody":
                self.in_body = False
            if closed == tag:
                break
        if not self.open:
            self.depth = 0


def html_rows(page: str, table: ListTable) -> int:
    counter = _RowCounter(table.element_ids)
    counter.feed(page)
    return counter.rows if counter.found else 0


def _plant_formulas(web: Web, catalog: Path, provision: Path) -> None:
    """Provision records for the standards pages, and text a spreadsheet would run as a formula
    in a town's name and a user's name."""
    with session_scope(web.engine) as session:
        build_small_tree(session)
        load_catalog(session, catalog)
        import_provision(session, provision)
    with session_scope(web.engine) as session:
        town = session.scalars(select(Settlement).where(Settlement.code == "balkhash")).one()
        town.name_en = town.name_ru = town.name_kk = FORMULA
        user = session.scalars(select(User).where(User.username == "viewer")).one()
        user.display_name = FORMULA


def _check_csv(text: bytes, table: ListTable, where: str) -> list[list[str]]:
    assert text.startswith("\ufeff".encode()), f"{where}: no byte order mark"
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    assert tuple(rows[0]) == table.columns, where
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), f"{where}: unguarded cell {cell!r}"
    return rows[1:]


@pytest.fixture
def planted(demo_web: Web, catalog_file: Path, provision_file: Path) -> Web:  # noqa: F811
    _plant_formulas(demo_web, catalog_file, provision_file)
    return demo_web


def test_every_list_page_answers_json_and_csv_with_the_rows_it_shows(planted: Web) -> None:
    clients = {user: planted.browser(user) for user in ("viewer", "admin")}
    for route, (user, resolve, per_page) in LIST_ROUTES.items():
        client = clients[user]
        url = resolve(client)
        page = client.get(url)
        assert page.status_code == 200, f"{url}: {page.status_code}"
        for index, table in enumerate(LIST_TABLES[route]):
            params = {} if index == 0 else {"table": table.name}
            where = f"{url} ({table.name})"
            answer = client.get(with_query(url, **params, format="json"))
            assert answer.status_code == 200, f"{where}: {answer.text[:200]}"
            items = answer.json()
            assert isinstance(items, list) and all(
                set(item) == set(table.columns) for item in items
            )
            shown = html_rows(page.text, table)
            expected = min(len(items), per_page) if per_page else len(items)
            assert shown == expected, f"{where}: {shown} rows in the page, {len(items)} as JSON"
            download = client.get(with_query(url, **params, format="csv"))
            assert download.headers["content-type"].startswith("text/csv"), where
            assert len(_check_csv(download.content, table, where)) == len(items), where
            assert "format=csv" in page.text, f"{url}: no download link"


def test_formula_cells_are_guarded_and_filters_apply_to_the_data(planted: Web) -> None:
    client = planted.browser("admin")
    for url in ("/towns", "/admin/users"):
        text = client.get(url, params={"format": "csv"}).content.decode("utf-8-sig")
        cells = {cell for row in csv.reader(io.StringIO(text)) for cell in row}
        assert "'" + FORMULA in cells and FORMULA not in cells, url
    names = {row["name"] for row in json.loads(client.get("/towns?format=json").text)}
    assert FORMULA in names  # JSON is data: the text as stored
    region = client.get("/towns", params={"format": "json"}).json()[0]["region"]
    narrowed = client.get("/towns", params={"format": "json", "region": region}).json()
    assert narrowed and {row["region"] for row in narrowed} == {region}
    for choice, flag in (("real", False), ("synthetic", True)):
        chosen = client.get("/program/projects", params={"format": "json", "records": choice})
        assert chosen.json() and {row["synthetic"] for row in chosen.json()} == {flag}
    status = client.get("/program/projects?format=json").json()[0]["status"]
    by_status = client.get("/program/projects", params={"format": "json", "status": status})
    assert {row["status"] for row in by_status.json()} == {status}


def test_an_unknown_format_or_table_is_a_clear_4xx(demo_web: Web) -> None:
    client = demo_web.browser("viewer")
    answer = client.get("/towns", params={"format": "pdf"})
    assert answer.status_code == 422 and "format" in answer.text
    answer = client.get("/program/projects", params={"format": "csv", "table": "nope"})
    assert answer.status_code == 422 and "project-summary" in answer.text
    assert client.get("/towns", params={"format": "html"}).status_code == 200
    xlsx = client.get("/regions", params={"format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
