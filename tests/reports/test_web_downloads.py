"""The reports are downloadable from the web app (API under /api/v1/reports, linked from pages)."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pandas as pd
import pytest

from monotown.accounts.passwords import hash_password
from tests.web.conftest import PASSWORD, Web, make_web


@pytest.fixture
def web(reference_db_url: str) -> Iterator[Web]:
    web = make_web(reference_db_url, hash_password(PASSWORD))
    yield web
    web.engine.dispose()


def test_a_reader_downloads_the_briefing_profile_and_workbook(web: Web) -> None:
    client = web.client("viewer")
    pdf = client.get("/api/v1/reports/briefing", params={"lang": "ru"})
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith("attachment;")
    assert pdf.content.startswith(b"%PDF")
    html = client.get("/api/v1/reports/towns/Сәтбаев", params={"lang": "kk", "format": "html"})
    assert html.status_code == 200 and "Сәтбаев" in html.text
    assert html.headers["content-disposition"].startswith("inline;")
    book = client.get("/api/v1/reports/workbook")
    assert book.status_code == 200
    assert len(pd.read_excel(io.BytesIO(book.content), sheet_name="Towns")) == 27


def test_errors_are_clear_and_anonymous_readers_are_refused(web: Web) -> None:
    assert web.client().get("/api/v1/reports/briefing").status_code == 401
    client = web.client("viewer")
    missing = client.get("/api/v1/reports/towns/Temirtua", params={"format": "html"})
    assert missing.status_code == 404 and "did you mean 'Temirtau'" in missing.json()["detail"]
    assert client.get("/api/v1/reports/briefing", params={"lang": "de"}).status_code == 422
    assert (
        client.get("/api/v1/reports/briefing", params={"run": 99, "format": "html"}).status_code
        == 404
    )


def test_pages_link_to_the_downloads(web: Web) -> None:
    browser = web.browser("viewer", lang="ru")
    home = browser.get("/")
    assert "/api/v1/reports/briefing?lang=ru&amp;format=pdf" in home.text
    assert "Справка к заседанию Правительства" in home.text
    town = browser.get("/towns/temirtau")
    assert "/api/v1/reports/towns/temirtau?lang=ru&amp;format=pdf" in town.text
