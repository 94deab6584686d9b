"""The dashboard in a real browser: Debian's Chromium driven by Playwright against `monotown serve`.

Every request the page makes is recorded; anything that leaves the loopback address fails the
test (the app must work on an offline network). Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from tests.web.live_server import ADMIN_PASSWORD, LiveServer

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    for candidate in (
        os.environ.get("MONOTOWN_CHROMIUM"),
        shutil.which("chromium"),
        "/usr/bin/chromium",
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(tmp_path_factory.mktemp("browser")).start()
    yield live
    live.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = chromium_path()
    if executable is None:
        pytest.skip("no Chromium installed (CI installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Recorder:
    """Requests and page errors seen by one browser page."""

    def __init__(self, base_url: str) -> None:
        self.host = urlparse(base_url).hostname
        self.outside: list[str] = []
        self.errors: list[str] = []

    def request(self, request: Any) -> None:
        url = urlparse(request.url)
        if url.scheme in ("blob", "data"):
            return  # created by the page itself, nothing travels
        if url.hostname not in (self.host, "127.0.0.1", "localhost"):
            self.outside.append(request.url)

    def console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def check(self) -> None:
        assert not self.outside, f"requests left the loopback address: {self.outside}"
        assert not self.errors, f"errors in the page: {self.errors}"


@pytest.fixture
def page(browser: Any, server: LiveServer) -> Iterator[Any]:
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    tab = context.new_page()
    recorder = Recorder(server.url)
    tab.on("request", recorder.request)
    tab.on("pageerror", lambda error: recorder.errors.append(str(error)))
    tab.on("console", recorder.console)
    tab.recorder = recorder
    yield tab
    context.close()
    recorder.check()


def shot(page: Any, name: str, *, full_page: bool = True) -> None:
    """Keep a screenshot of the page as test-artifacts/browser-NAME.png (for a reviewer)."""
    page.screenshot(path=str(ARTIFACTS / f"browser-{name}.png"), full_page=full_page)


def town_page_shows(page: Any, heading: str, text: str, name: str) -> None:
    """The page is a town's profile: its heading starts with `heading`, it says `text`."""
    assert page.locator("h1").inner_text().startswith(heading)
    assert text in page.locator("body").inner_text()
    shot(page, name)


def sign_in(page: Any, server: LiveServer) -> None:
    page.goto(f"{server.url}/")
    assert "/login" in page.url
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", ADMIN_PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(f"{server.url}/")


def test_sign_in_and_see_the_map(page: Any, server: LiveServer) -> None:
    sign_in(page, server)
    page.wait_for_selector("#map[data-ready='1']", timeout=30_000)
    traces = page.evaluate(
        "Array.from(document.getElementById('map')._fullData,"
        " trace => [trace.type, trace.lat ? trace.lat.length : 0])"
    )
    assert traces[0][0] == "choroplethmap"
    assert sum(count for kind, count in traces if kind == "scattermap") == 27
    assert page.locator("#map canvas").count() >= 1
    shot(page, "overview")


def test_open_a_town_from_the_table_and_from_the_map(page: Any, server: LiveServer) -> None:
    sign_in(page, server)
    page.click("header nav a[href='/towns']")
    page.fill("input[name=q]", "temir")
    page.wait_for_function("document.querySelectorAll('#towns tbody tr').length === 1")
    page.click("#towns a[href='/towns/temirtau']")
    page.wait_for_url(f"{server.url}/towns/temirtau")
    town_page_shows(page, "Temirtau", "Qarmet", "town")

    page.goto(f"{server.url}/")
    page.wait_for_selector("#map[data-ready='1']", timeout=30_000)
    page.evaluate(
        "document.getElementById('map').emit('plotly_click',"
        " {points: [{customdata: ['/towns/balkhash']}]})"
    )
    page.wait_for_url(f"{server.url}/towns/balkhash")


def test_switch_language_and_it_is_remembered(page: Any, server: LiveServer) -> None:
    sign_in(page, server)
    page.click("a[data-lang='ru']")
    page.wait_for_selector("html[lang='ru']")
    assert page.locator("h1").inner_text() == "Моногорода Казахстана"
    page.click("header nav a[href='/towns']")
    assert "Население" in page.locator("#towns thead").inner_text()
    assert "Темиртау" in page.locator("#towns").inner_text()
    shot(page, "towns-ru")
    page.click("a[data-lang='kk']")
    page.wait_for_selector("html[lang='kk']")
    page.goto(f"{server.url}/towns/temirtau")
    town_page_shows(page, "Теміртау", "Қала құраушы кәсіпорындар", "town-kk")
    page.click("a[data-lang='en']")
    page.wait_for_selector("html[lang='en']")


def test_sort_the_towns_table_without_reloading(page: Any, server: LiveServer) -> None:
    sign_in(page, server)
    page.goto(f"{server.url}/towns")
    page.evaluate("window.__sameDocument = true")
    page.click("#towns thead a:has-text('Population')")
    # The second click goes to the header the first answer swapped in (its link now sorts the
    # other way); clicked at once, it could land on the old header while htmx was still busy.
    descending = "#towns thead a.sorted[href$='sort=-population']"
    page.wait_for_selector(descending)
    page.click(descending)
    page.wait_for_function("location.search.includes('sort=-population')")
    first = page.locator("#towns tbody tr").first.inner_text()
    assert first.startswith("Temirtau")
    assert page.evaluate("window.__sameDocument") is True  # htmx swapped the table only


def test_api_documentation_renders_offline(page: Any, server: LiveServer) -> None:
    page.goto(f"{server.url}/api/docs")
    # Swagger UI renders the 160-odd operations a tag at a time: wait until most are shown.
    page.wait_for_function("document.querySelectorAll('.opblock').length >= 25", timeout=30_000)
    assert page.locator(".opblock").count() >= 25
    shot(page, "api-docs", full_page=False)


def test_import_a_file_with_an_error_and_see_it(
    page: Any, server: LiveServer, tmp_path: Path
) -> None:
    sign_in(page, server)
    data_file = tmp_path / "values.csv"
    data_file.write_text(
        "settlement,indicator,period,value\n"
        "Temirtau,unemployment_rate_pct,2030,4.4\n"
        "Temirtau,unemployment_rate_pct,2031,plenty\n",
        encoding="utf-8",
    )
    page.click("header nav a[href='/data']")
    page.set_input_files("#upload-form input[type=file]", str(data_file))
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#problems")
    problem = page.locator("#problems tbody tr").first.inner_text()
    assert "3" in problem and "is not a number" in problem and "plenty" in problem
    shot(page, "import-preview")
    page.click("#cancel")
    page.wait_for_url(f"{server.url}/data")
    assert "Import cancelled" in page.locator("body").inner_text()


def test_assessment_and_program_pages_render_offline(page: Any, server: LiveServer) -> None:
    sign_in(page, server)
    page.click("header nav a[href='/assessment']")
    page.wait_for_selector("#ranks")
    assert page.locator("#ranks tbody tr").count() == 27
    assert page.locator("#ranks .interval").count() == 27  # the start-up run has a Monte Carlo
    shot(page, "assessment")
    page.goto(f"{server.url}/towns/temirtau")
    page.wait_for_selector("#pillar-chart[data-ready='1']", timeout=30_000)
    shot(page, "town-assessment")
    page.goto(f"{server.url}/program/directives")
    assert page.locator("[data-column='overdue'] article").count() >= 1
    shot(page, "directives")
