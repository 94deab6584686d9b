"""The older list URLs (/settlements, /towns, /regions, /enterprises, /indicators, /program/KIND)
answer through the records layer: the kind's rows, its filter vocabulary, keyset pages, the one
synthetic filter and its formats, with their older parameters mapped onto its filters."""

from __future__ import annotations

import csv
import io

from tests.web.conftest import Web


def test_settlements_are_the_rows_of_the_settlements_kind(web: Web) -> None:
    client = web.client("viewer")
    old = client.get("/api/v1/settlements", params={"per_page": 500}).json()
    kind = client.get("/api/v1/records/settlements", params={"size": 500}).json()
    assert {row["code"]: row for row in old["items"]} == {row["code"]: row for row in kind["items"]}
    assert old["total"] == kind["total"] and old["page"] == 1 and old["next"] is None


def test_settlements_take_the_filter_vocabulary_and_the_older_parameters(web: Web) -> None:
    client = web.client("viewer")
    big = client.get("/api/v1/settlements", params={"population__gt": 100000, "size": 500})
    assert big.status_code == 200, big.text
    assert big.json()["items"] and all(row["population"] > 100000 for row in big.json()["items"])
    karaganda = client.get("/api/v1/settlements", params={"region": "karaganda region"}).json()
    same = client.get("/api/v1/settlements", params={"region__exact": "KZ-35"}).json()
    assert karaganda["total"] == same["total"] == 6
    ever_2012 = client.get("/api/v1/settlements", params={"list": "2012", "size": 500}).json()
    assert ever_2012["total"] and all(
        "2012" in row["lists"] + row["exited"] for row in ever_2012["items"]
    )
    unknown = client.get("/api/v1/settlements", params={"colour": "red"})
    assert unknown.status_code == 422 and "colour" in unknown.json()["detail"]
    atlantis = client.get("/api/v1/settlements", params={"region": "Atlantis"})
    assert atlantis.status_code == 422 and "Atlantis" in atlantis.json()["detail"]
    real = client.get("/api/v1/settlements", params={"records": "real", "size": 500}).json()
    assert real["items"] and not any(row["synthetic"] for row in real["items"])


def test_settlement_pages_follow_by_number_or_by_cursor(web: Web) -> None:
    client = web.client("viewer")
    everything = [row["code"] for row in client.get(
        "/api/v1/settlements", params={"size": 500}).json()["items"]]  # fmt: skip
    first = client.get("/api/v1/settlements", params={"per_page": 10})
    assert first.headers["link"].endswith('rel="next"')
    second = client.get(first.json()["next"]).json()
    numbered = client.get("/api/v1/settlements", params={"per_page": 10, "page": 2}).json()
    assert [row["code"] for row in second["items"]] == everything[10:20]
    assert [row["code"] for row in numbered["items"]] == everything[10:20]
    assert second["page"] is None and numbered["page"] == 2
    past_the_end = client.get("/api/v1/settlements", params={"page": 99}).json()
    assert past_the_end["items"] == [] and past_the_end["total"] == len(everything)


def test_settlements_download_through_the_guarded_writer(web: Web) -> None:
    client = web.client("viewer")
    listed = client.get("/api/v1/settlements", params={"format": "csv", "region": "KZ-35"})
    exported = client.get("/api/v1/settlements/export", params={"region": "KZ-35"})
    assert listed.content == exported.content and listed.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(listed.content.decode("utf-8-sig"))))
    assert len(rows) == 6 and {row["region"] for row in rows} == {"KZ-35"}
    as_json = client.get("/api/v1/settlements/export", params={"format": "json", "region": "KZ-35"})
    assert as_json.status_code == 200 and len(as_json.json()) == 6


def test_towns_are_the_settlements_on_a_list_with_the_same_filters(web: Web) -> None:
    client = web.client("viewer")
    towns = client.get("/api/v1/towns", params={"region": "KZ-35"}).json()
    settlements = client.get(
        "/api/v1/settlements", params={"region": "KZ-35", "monotown": "true"}
    ).json()
    assert [town["code"] for town in towns] == [row["code"] for row in settlements["items"]]
    assert all(town["region_code"] == town["region"] for town in towns)
    current = client.get("/api/v1/towns", params={"list": "current", "population__gt": 100000})
    assert all(town["population"] > 100000 for town in current.json())
    table = client.get("/api/v1/towns", params={"format": "csv"})
    assert len(list(csv.reader(io.StringIO(table.text.lstrip("\ufeff"))))) == 1 + len(
        client.get("/api/v1/towns").json()
    )


def test_the_other_older_lists_take_the_vocabulary_too(web: Web) -> None:
    client = web.client("viewer")
    regions = client.get("/api/v1/regions", params={"monotowns__gt": 0}).json()
    assert regions["items"] and all(row["monotowns"] > 0 for row in regions["items"])
    enterprises = client.get("/api/v1/enterprises", params={"region": "KZ-35"}).json()
    assert all("KZ-35" in row["regions"] for row in enterprises["items"])
    xlsx = client.get("/api/v1/enterprises", params={"format": "xlsx"})
    assert xlsx.content[:2] == b"PK"
    one = client.get("/api/v1/enterprises/" + enterprises["items"][0]["key"])
    assert one.json() == enterprises["items"][0]
    projects = client.get("/api/v1/program/projects", params={"records": "real"})
    assert projects.status_code == 200
    assert not any(row["synthetic"] for row in projects.json()["items"])


def test_events_are_picked_by_the_events_kind_and_told_in_the_asked_language(
    demo_web: Web,
) -> None:
    client = demo_web.client("viewer")
    sessions = client.get("/api/v1/events", params={"kind": "government_session", "lang": "ru"})
    assert sessions.status_code == 200, sessions.text
    assert [event["code"] for event in sessions.json()] == [
        "gov-session-2013-330",
        "gov-session-2024-04-02",
    ]
    assert sessions.json()[0]["title"].startswith("Заседание")
    newest = client.get("/api/v1/events", params={"sort": "-date"}).json()
    assert newest[0]["code"] == "seminar-2025-06-karaganda"
    table = client.get("/api/v1/events", params={"format": "csv", "kind": "government_session"})
    assert table.content.startswith(b"\xef\xbb\xbf") and len(table.text.strip().splitlines()) == 3
    assert client.get("/api/v1/events", params={"colour": "red"}).status_code == 422
