"""Events in the API and on pages; records citing them; the one records switch; kk/ru/en content."""

from __future__ import annotations

import re

from tests.web.conftest import Web


def test_events_api_lists_events_and_shows_texts_with_their_records(demo_web: Web) -> None:
    client = demo_web.client("viewer")
    events = client.get("/api/v1/events").json()
    assert [event["code"] for event in events] == [
        "gov-session-2013-330",
        "gov-session-2024-04-02",
        "omarbekov-2025-regional-development",
        "seminar-2025-06-karaganda",
    ]
    session = events[1]
    assert (session["date"], session["date_precision"], session["kind"]) == (
        "2024-04-02", "day", "government_session")  # fmt: skip
    assert {text["publisher"] for text in session["texts"]} >= {
        "Kazinform International News Agency"
    }
    assert any(s["post"] == "Minister of Energy" for s in session["speakers"])
    detail = client.get("/api/v1/events/seminar-2025-06-karaganda").json()
    [text] = detail["texts"]
    assert len(text["sha256"]) == 64 and "content" in text
    sentence = next(s for s in text["sentences"] if s["index"] == 32)
    assert text["content"][sentence["start"] : sentence["end"]] == sentence["text"]
    assert {"kind": "directives", "key": "d-2025-06-transport-corridor-services"} in sentence[
        "records"
    ]
    assert any(r["key"] == "ekibastuz-ferroalloy-plant" for r in detail["cited_records"])
    missing = client.get("/api/v1/events/nope")
    assert missing.status_code == 404 and "known events" in missing.json()["detail"]
    assert client.get("/api/v1/events?lang=ru").json()[0]["title"].startswith("Заседание")


def test_event_page_highlights_the_sentences_behind_records(demo_web: Web) -> None:
    browser = demo_web.browser("viewer")
    page = browser.get("/events/gov-session-2024-04-02")
    assert page.status_code == 200
    html = page.text
    assert 'id="kazinform-2024-04-02-baibazarov-s18"' in html  # the weakest towns
    cited = re.search(
        r'<mark class="cited" id="primeminister-2024-04-02-s41"[^>]*>(.*?)</mark>', html, re.S
    )
    assert cited and "Within two weeks" in cited.group(1)
    assert "d-2024-04-02-small-industrial-zones" in html
    assert "SHA-256" in html
    assert browser.get("/events").status_code == 200
    assert browser.get("/events/nope").status_code == 404


def test_records_cite_their_event_in_the_api_and_on_the_board(demo_web: Web) -> None:
    client = demo_web.client("viewer")
    row = client.get("/api/v1/program/zones/ekibastuz-industrial-zone").json()
    [source] = row["sources"]
    assert source["event"] == "seminar-2025-06-karaganda" and source["speaker"]
    assert row["citation"] == "/events/seminar-2025-06-karaganda#pm-press-2025-06-18-seminar-s12"
    board = demo_web.browser("viewer").get("/program/directives").text
    real, demo = board.split('id="board-synthetic"')
    assert 'href="/events/seminar-2025-06-karaganda#pm-press-2025-06-18-seminar-s27"' in real
    assert "demo-directive" not in real and "demo-directive" in demo


def test_one_records_switch_in_the_api_and_remembered_on_pages(demo_web: Web) -> None:
    client = demo_web.client("viewer")
    real = client.get("/api/v1/program/directives?records=real&per_page=200").json()["items"]
    assert real and not any(row["synthetic"] for row in real)
    every = client.get("/api/v1/program/directives?per_page=200").json()["items"]
    assert len(every) > len(real) and not every[0]["synthetic"]  # real records lead
    demo = client.get("/api/v1/program/directives?records=synthetic&per_page=200").json()["items"]
    assert len(real) + len(demo) == len(every)
    assert client.get("/api/v1/program/directives?records=fake").status_code == 422
    summary = client.get("/api/v1/program-summaries/directives-by-body?records=real")
    assert summary.status_code == 200
    assert all(row["basis"] == "real records" for row in summary.json())
    browser = demo_web.browser("viewer")
    switched = browser.get("/records/real?next=/program/directives")
    assert switched.status_code == 303 and "monotown_records=real" in switched.headers["set-cookie"]
    board = browser.get("/program/directives").text  # remembered by the cookie
    assert "demo-directive" not in board and 'data-records="real" class="current"' in board.replace(
        'class="current" data-records="real"', 'data-records="real" class="current"'
    )
    projects = browser.get("/program/projects").text
    assert "demo-investment" not in projects and "(demo)" not in projects


def test_record_content_follows_the_chosen_language(demo_web: Web) -> None:
    client = demo_web.client("viewer")
    row = client.get("/api/v1/program/directives/d-2025-06-growth-drivers?lang=kk").json()
    assert row["text_language"] == "kk" and row["text"].startswith("Нақты инвестициялық")
    assert row["bodies"][0] == "Ұлттық экономика министрлігі"
    untranslated = client.get("/api/v1/program/town_statements/ekibastuz-multi-sector-2025?lang=ru")
    assert untranslated.json()["statement_language"] == "en"
    assert untranslated.json()["town"] == "Экибастуз"
    board = demo_web.browser("viewer", lang="ru").get("/program/directives?records=real").text
    assert "Ускорить создание индустриальных зон в Балхаше и Кульсары" in board
    assert "Балхаш, Кульсары" in board and "Акимат Карагандинской области" in board


def test_stated_figures_trace_to_their_sentence(demo_web: Web) -> None:
    client = demo_web.client("viewer")
    fact = client.get("/api/v1/program/facts/2024%20%7C%20Anchor%20projects%20%7C%20operating")
    assert fact.status_code == 200
    body = fact.json()
    assert body["event"] == "Anchor projects" and body["value"] == 29
    assert body["sources"][0]["quote"].startswith("29 out of 41")
    assert body["source_event"].startswith("Government session on the development")
    overview = demo_web.browser("viewer").get("/program").text
    assert 'href="/events/gov-session-2024-04-02#kazinform-2024-04-02-baibazarov-s9"' in overview
