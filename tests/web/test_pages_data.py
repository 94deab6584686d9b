"""Data pages: upload, preview every problem against its row, confirm or cancel, history with undo;
the indicator pages and the town profile's trends, with synthetic values marked."""

from __future__ import annotations

import re

from tests.web.conftest import Web, csrf_of

BAD_FILE = (
    "settlement,indicator,period,value\n"
    "Temirtau,unemployment_rate_pct,2030,4.4\n"
    "Temirtua,unemployment_rate_pct,2030,4.0\n"
)


def _send(client, token: str, content: str, **form: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/data/upload",
        data={"csrf_token": token, "kind": "values", "layout": "auto", **form},
        files={"file": ("values.csv", content.encode(), "text/csv")},
    )


def test_upload_preview_shows_every_error_and_cancel_writes_nothing(demo_web: Web) -> None:
    client = demo_web.browser("analyst", lang="ru")
    token = csrf_of(client, "/data")
    sent = _send(client, token, BAD_FILE)
    assert sent.status_code == 303
    preview_url = sent.headers["location"]
    preview = client.get(preview_url)
    assert preview.status_code == 200
    rows = re.findall(r'<tr><td class="num">(\d+)</td><td>([^<]*)</td>', preview.text)
    assert rows == [("3", "settlement")]
    assert "did you mean &#39;Temirtau&#39;" in preview.text
    assert "Проблемы по строкам" in preview.text
    batches = len(demo_web.client("viewer").get("/api/v1/imports").json()["items"])
    cancelled = client.post(preview_url + "/cancel", data={"csrf_token": token})
    assert cancelled.status_code == 303
    assert client.get(preview_url).status_code == 404
    assert len(demo_web.client("viewer").get("/api/v1/imports").json()["items"]) == batches


def test_confirm_imports_the_valid_rows_and_undo_restores(demo_web: Web) -> None:
    client = demo_web.browser("analyst")
    token = csrf_of(client, "/data")
    preview_url = _send(client, token, BAD_FILE).headers["location"]
    assert "Import the 1 valid values" in client.get(preview_url).text
    done = client.post(preview_url + "/confirm", data={"csrf_token": token, "skip_invalid": "on"})
    assert done.status_code == 303
    batch_url = done.headers["location"]
    batch_page = client.get(batch_url).text
    assert "Imported as batch" in batch_page and "unemployment_rate_pct" in batch_page
    stored = (
        demo_web.client("viewer")
        .get("/api/v1/values", params={"town": "temirtau", "year_from": 2030})
        .json()
    )
    assert stored["total"] == 1
    undone = client.post(batch_url + "/undo", data={"csrf_token": token})
    assert undone.status_code == 303
    assert "undone" in client.get(batch_url).text
    assert (
        demo_web.client("viewer")
        .get("/api/v1/values", params={"town": "temirtau", "year_from": 2030})
        .json()["total"]
        == 0
    )
    history = client.get("/data/imports", params={"kind": "values"}).text
    assert batch_url.rsplit("/", 1)[1] in history


def test_uploads_belong_to_their_user_and_need_the_role(demo_web: Web) -> None:
    analyst = demo_web.browser("analyst")
    token = csrf_of(analyst, "/data")
    preview_url = _send(analyst, token, BAD_FILE).headers["location"]
    other = demo_web.browser("admin")
    assert other.get(preview_url).status_code == 404
    assert demo_web.browser("viewer").get("/data").status_code == 403
    assert demo_web.browser("viewer").get("/data/imports").status_code == 200
    empty = _send(analyst, token, "")
    assert empty.status_code == 422 and "the file is empty" in empty.text


def test_a_regional_editor_cannot_confirm_rows_outside_their_regions(demo_web: Web) -> None:
    client = demo_web.browser("karaganda")
    token = csrf_of(client, "/data")
    content = "settlement,indicator,period,value\nAksu,unemployment_rate_pct,2030,4.4\n"
    preview_url = _send(client, token, content).headers["location"]
    refused = client.post(preview_url + "/confirm", data={"csrf_token": token})
    assert refused.status_code == 403
    assert (
        demo_web.client("viewer")
        .get("/api/v1/values", params={"town": "aksu", "year_from": 2030})
        .json()["total"]
        == 0
    )


def test_indicator_pages_mark_synthetic_values(demo_web: Web) -> None:
    client = demo_web.browser("viewer", lang="kk")
    catalog = client.get("/indicators", params={"pillar": "labour"}).text
    assert "unemployment_rate_pct" in catalog and "синтетикалық" in catalog
    page = client.get("/indicators/unemployment_rate_pct").text
    assert 'id="indicator-figure"' in page and "(синтетикалық)" in page
    assert "synthetic-mark" in page.split('id="latest"')[1]
    assert client.get("/indicators/unknown_code").status_code == 404


def test_town_profile_trends(demo_web: Web) -> None:
    page = demo_web.browser("viewer").get("/towns/temirtau").text
    assert 'id="trend-unemployment_rate_pct"' in page
    assert "Dotted lines and open markers are made-up demonstration values" in page
    assert 'id="town-values"' in page
