"""A long import confirmed on the page shows its progress (htmx polls it) and then leads to its
batch; the CLI reports the same phases."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from monotown.data import import_board, import_file, load_catalog
from monotown.db import session_scope
from monotown.web import import_jobs
from monotown.web.app import create_app
from monotown.web.settings import WebSettings
from tests.web.conftest import Web, csrf_of

TOWNS = ["Temirtau", "Balkhash", "Zhezkazgan", "Satpayev", "Rudny", "Ekibastuz"]


def _values_file(rows: int) -> str:
    lines = [
        f"{TOWNS[i % 6]},pop_total,{1900 + (i // 6) % 200}-{1 + (i // 1200) % 12:02d},{i}"
        for i in range(rows)
    ]
    return "settlement,indicator,period,value\n" + "\n".join(lines) + "\n"


def _upload_big_file(web: Web, monkeypatch: pytest.MonkeyPatch) -> tuple[TestClient, str, str]:
    """A 14,000-row values file uploaded by an analyst: (client, CSRF token, preview address)."""
    with session_scope(web.engine) as session:
        load_catalog(session)
    monkeypatch.setattr(import_jobs, "WAIT_SECONDS", 0.0)
    client = web.browser("analyst")
    token = csrf_of(client, "/data")
    sent = client.post(
        "/data/upload",
        data={"csrf_token": token, "kind": "values", "layout": "auto"},
        files={"file": ("big.csv", _values_file(14_000).encode(), "text/csv")},
    )
    return client, token, sent.headers["location"]


def _poll_to_the_end(client: TestClient, preview: str, pause: float) -> str:
    """Poll the progress fragment as htmx does until the import ends; the batch it leads to."""
    deadline = time.monotonic() + 60
    while True:
        polled = client.get(preview + "/progress", headers={"HX-Request": "true"})
        if polled.status_code == 204:
            break
        assert polled.status_code == 200, polled.text
        assert "import-count" in polled.text, polled.text  # not "runs in another process"
        assert time.monotonic() < deadline
        time.sleep(pause)
    target = polled.headers["HX-Redirect"]
    assert target.startswith("/data/imports/")
    return target


def test_a_long_import_shows_its_progress(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    client, token, preview = _upload_big_file(web, monkeypatch)
    confirmed = client.post(preview + "/confirm", data={"csrf_token": token})
    assert confirmed.status_code == 303
    assert confirmed.headers["location"] == preview + "/progress"
    page = client.get(preview + "/progress")
    if page.status_code == 200:
        assert 'hx-get="' + preview + '/progress"' in page.text and "every 1s" in page.text
    target = _poll_to_the_end(client, preview, 0.2)
    batch = client.get(target)
    assert batch.status_code == 200 and "big.csv" in batch.text


def test_import_reports_its_phases(web: Web, tmp_path: Path) -> None:
    with session_scope(web.engine) as session:
        load_catalog(session)
    path = tmp_path / "values.csv"
    path.write_text(_values_file(300))
    phases: list[tuple[str, int]] = []
    with session_scope(web.engine) as session:
        import_file(session, path, progress=lambda phase, count: phases.append((phase, count)))
    assert [phase for phase, _count in phases] == ["reading", "checking", "written"]
    assert phases[-1][1] == 300


def test_another_server_process_shows_the_same_progress_and_end(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two app instances on one database, as `serve --workers 2` runs them: the poll reaches
    the one that is not running the import."""
    monkeypatch.setattr(import_board, "REPORT_EVERY", 0.0)
    client, token, preview = _upload_big_file(web, monkeypatch)
    other = TestClient(create_app(web.url, WebSettings(cache_seconds=0)), follow_redirects=False)
    other.cookies = client.cookies
    assert client.post(preview + "/confirm", data={"csrf_token": token}).status_code == 303
    target = _poll_to_the_end(other, preview, 0.05)
    assert other.get(target).status_code == 200
    # Once ended, the whole page in the other process leads to the batch too.
    assert other.get(preview + "/progress").headers["location"] == target


def test_a_failed_import_is_told_by_every_process(web: Web) -> None:
    board = import_board.ImportBoard(web.engine)
    board.start("tok-1", "analyst")
    board.report("tok-1", "checking", 1200)
    running = board.find("tok-1", "analyst")
    assert running is not None and not running.done
    assert (running.phase, running.count) == ("checking", 1200)
    assert board.find("tok-1", "viewer") is None  # someone else's upload
    board.finish("tok-1", "failed", None, import_jobs.MonotownError("the file went away"))
    ended = board.find("tok-1", "analyst")
    assert ended is not None and ended.done and ended.error is not None
    assert ended.error.message == "the file went away" and ended.error.http_status == 400
