"""The intake review page in Chromium against `monotown serve`: paste a Russian press text, see
its proposals highlighted, change a body, drop a row, add a missed one with htmx, accept as one
batch, follow the result to the stored records, and undo the batch."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.live_server import LiveServer
from tests.web.test_browser import browser, page, shot, sign_in

pytestmark = pytest.mark.browser
__all__ = ["browser", "page"]  # fixtures shared with the dashboard's browser tests

TEXT = (Path(__file__).parents[1] / "intake" / "labelled" / "ru_2025-06-18_seminar.txt").read_text(
    "utf-8"
)
MISSED = "Социально-экономический анализ проведен по 78 показателям"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(tmp_path_factory.mktemp("intake-browser")).start()
    yield live
    live.stop()


def test_review_edit_accept_and_undo_a_press_text(page: Any, server: LiveServer) -> None:
    sign_in(page, server)
    page.click("header nav a[href='/intake']")
    page.fill("#intake-form textarea[name=text]", TEXT)
    page.fill("#intake-form input[name=date]", "2025-06-18")
    page.click("#intake-form button[type=submit]")
    page.wait_for_selector("#directive-table")
    rows = page.locator("#directive-rows tr")
    proposed = rows.count()
    assert proposed == 5  # the labelled set's five instructions
    assert page.locator("#intake-text mark.directive").count() >= proposed
    assert page.locator("#intake-text mark.figure").count() >= 5
    first = rows.nth(0)
    assert first.locator("input[name$='-bodies']").input_value() == "akimat-kz-62; akimat-kz-15"
    first.locator("input[name$='-bodies']").fill("mne; akimat-kz-62")
    rows.nth(proposed - 1).locator("input[name$='-keep']").uncheck()
    page.click("#add-directive")
    page.wait_for_function(f"document.querySelectorAll('#directive-rows tr').length > {proposed}")
    added = rows.nth(proposed)
    added.locator("textarea[name$='-action']").fill("Опубликовать анализ по 78 показателям")
    added.locator("input[name$='-bodies']").fill("mne")
    added.locator("input[name$='-quote']").fill(MISSED)
    shot(page, "intake-review")
    page.click("#accept")
    page.wait_for_selector("#intake-result")
    counts = page.locator("#intake-counts tr[data-kind=directives]").inner_text()
    assert counts.split()[1] == str(proposed)  # one proposed dropped, one added
    codes = page.locator("#stored-directives a").all_inner_texts()
    stored = [page.request.get(f"{server.url}/api/v1/program/directives/{c}").json() for c in codes]
    assert any(item["responsible"] == ["mne", "akimat-kz-62"] for item in stored), stored
    assert any(item["text"].startswith("Опубликовать анализ") for item in stored)
    page.click("#event-link")
    page.wait_for_selector(".event-text mark.cited")
    page.go_back()
    page.click("#undo-form button[type=submit]")
    page.wait_for_selector(".flash")
    for code in codes:
        assert page.request.get(f"{server.url}/api/v1/program/directives/{code}").status == 404
