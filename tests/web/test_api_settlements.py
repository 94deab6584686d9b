"""/api/v1/settlements: lists with filters, sorting, pages and exports; writes by role."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import select

from monotown.db import session_scope
from monotown.registry.models import Settlement
from tests.web.conftest import Web

NEW_TOWN = {
    "code": "test-town",
    "kind": "town",
    "name_en": "Test Town",
    "name_ru": "Тестовый",
    "region": "KZ-35",
    "latitude": 49.5,
    "longitude": 72.9,
}


def _settlement(web: Web, code: str) -> dict[str, object] | None:
    with session_scope(web.engine) as session:
        found = session.scalars(select(Settlement).where(Settlement.code == code)).one_or_none()
        if found is None:
            return None
        return {"name_en": found.name_en, "region_id": found.region_id, "note": found.note}


def test_list_filters_sorts_and_pages(web: Web) -> None:
    client = web.client("viewer")
    everything = client.get("/api/v1/settlements", params={"per_page": 500}).json()
    assert everything["total"] == 27
    names = [item["name_en"] for item in everything["items"]]
    assert names == sorted(names, key=str.casefold)

    current = client.get("/api/v1/settlements", params={"list": "current"}).json()
    assert current["total"] == 17  # towns a source puts on it; 7 more are unknown
    assert all("current" in item["lists"] for item in current["items"])

    by_russian_region = client.get(
        "/api/v1/settlements", params={"region": "Карагандинская область"}
    ).json()
    assert {item["region"] for item in by_russian_region["items"]} == {"KZ-35"}
    assert by_russian_region["total"] == 6

    found = client.get("/api/v1/settlements", params={"q": "ТЕМИР"}).json()
    assert [item["code"] for item in found["items"]] == ["temirtau"]

    biggest = client.get("/api/v1/settlements", params={"sort": "-population"}).json()["items"]
    populations = [item["population"] for item in biggest]
    known = [value for value in populations if value is not None]
    assert known == sorted(known, reverse=True)
    assert populations[: len(known)] == known  # unknown populations come last

    by_year = client.get("/api/v1/settlements", params={"sort": "population_year"})
    assert by_year.status_code == 200, by_year.text  # an old sort key keeps working
    years = [item["population_year"] for item in by_year.json()["items"]]
    assert [year for year in years if year is not None] == sorted(y for y in years if y is not None)

    second = client.get("/api/v1/settlements", params={"per_page": 5, "page": 2}).json()
    assert [item["code"] for item in second["items"]] == [
        item["code"] for item in everything["items"][5:10]
    ]
    assert second["page"] == 2 and second["per_page"] == 5


def test_get_one_with_enterprises_and_status_history(web: Web) -> None:
    town = web.client("viewer").get("/api/v1/settlements/temirtau").json()
    assert town["name_kk"] == "Теміртау"
    assert town["region"] == "KZ-35"
    assert [item["enterprise"] for item in town["enterprises"]]
    assert {status["list_code"] for status in town["statuses"]} >= {"2012"}


def test_exports_csv_and_xlsx_with_the_same_rows(web: Web) -> None:
    client = web.client("viewer")
    csv_answer = client.get("/api/v1/settlements/export", params={"region": "KZ-35"})
    assert csv_answer.status_code == 200
    assert csv_answer.headers["content-type"].startswith("text/csv")
    text = csv_answer.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("code,kind,name_en,name_ru")
    assert len(lines) == 1 + 6
    assert "Темиртау" in text

    xlsx = client.get("/api/v1/settlements/export", params={"format": "xlsx", "region": "KZ-35"})
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("code", "kind") and len(rows) == 7


def test_admin_creates_updates_and_deletes_with_audit(web: Web) -> None:
    client = web.client("admin")
    created = client.post("/api/v1/settlements", json=NEW_TOWN)
    assert created.status_code == 201, created.text
    assert created.json()["region_en"] == "Karaganda Region"
    assert web.audit_count(entity="settlement", action="create", user="admin", origin="api") == 1

    changed = client.patch("/api/v1/settlements/test-town", json={"name_en": "Renamed Town"})
    assert changed.status_code == 200
    assert changed.json()["name_en"] == "Renamed Town"
    audit = (
        web.client("admin")
        .get("/api/v1/audit", params={"entity": "settlement", "action": "update"})
        .json()["items"][0]
    )
    assert audit["old"] == {"name_en": "Test Town"} and audit["new"] == {"name_en": "Renamed Town"}
    assert audit["user"] == "admin" and audit["entity_key"] == "test-town"

    assert client.delete("/api/v1/settlements/test-town").status_code == 204
    assert client.get("/api/v1/settlements/test-town").status_code == 404
    assert web.audit_count(entity="settlement", action="delete") == 1


# Settlements the API refuses to create: (body, status, words the detail says).
REFUSED_TOWNS = [
    ({"code": "x"}, 422, "field"),
    ({**NEW_TOWN, "code": "Bad Code"}, 422, ""),
    ({**NEW_TOWN, "region": "Atlantis"}, 422, "region"),
    ({**NEW_TOWN, "longitude": None}, 422, "latitude and longitude"),
    ({**NEW_TOWN, "code": "temirtau"}, 409, ""),
    ({**NEW_TOWN, "name_en": "Temirtau"}, 409, ""),
]


def test_bad_input_is_a_clear_json_error_never_a_500(web: Web) -> None:
    client = web.client("admin")
    for params in ({"per_page": 0}, {"page": "x"}, {"sort": "bogus"}, {"kind": "castle"}):
        answer = client.get("/api/v1/settlements", params=params)
        assert answer.status_code == 422, params
        assert isinstance(answer.json()["detail"], str)
    for body, status, words in REFUSED_TOWNS:
        answer = client.post("/api/v1/settlements", json=body)
        assert answer.status_code == status, body
        detail = answer.json()["detail"]
        assert isinstance(detail, str) and words in detail, body
    not_json = client.post(
        "/api/v1/settlements", content=b"{nope", headers={"content-type": "application/json"}
    )
    assert not_json.status_code == 422
    assert client.patch("/api/v1/settlements/nowhere", json={"note": "x"}).status_code == 404
    assert client.delete("/api/v1/settlements/nowhere").status_code == 404
    assert web.audit_count(entity="settlement", action="create") == 0


def test_a_parent_settlement_cannot_be_deleted(web: Web) -> None:
    client = web.client("admin")
    child = {**NEW_TOWN, "kind": "village", "parent": "temirtau"}
    assert client.post("/api/v1/settlements", json=child).status_code == 201
    refused = client.delete("/api/v1/settlements/temirtau")
    assert refused.status_code == 409
    assert "parent" in refused.json()["detail"]
    assert client.get("/api/v1/settlements/temirtau").status_code == 200


def test_reading_needs_a_user_unless_public(web: Web) -> None:
    anonymous = web.client()
    answer = anonymous.get("/api/v1/settlements")
    assert answer.status_code == 401
    assert answer.json()["detail"]
    bad_token = anonymous.get(
        "/api/v1/settlements", headers={"Authorization": "Bearer mt_not-a-token"}
    )
    assert bad_token.status_code == 401
    wrong_scheme = anonymous.get("/api/v1/settlements", headers={"Authorization": "Basic abc"})
    assert wrong_scheme.status_code == 401


def test_viewers_and_analysts_cannot_change_the_registry(web: Web) -> None:
    for user in ("viewer", "analyst"):
        client = web.client(user)
        assert client.post("/api/v1/settlements", json=NEW_TOWN).status_code == 403
        assert client.patch("/api/v1/settlements/temirtau", json={"note": "x"}).status_code == 403
        assert client.delete("/api/v1/settlements/temirtau").status_code == 403
    assert client.post("/api/v1/settlements", json=NEW_TOWN).json()["detail"]
    assert _settlement(web, "test-town") is None
    assert _settlement(web, "temirtau")["note"] != "x"  # type: ignore[index]
    assert web.audit_count(entity="settlement") == 0


def test_regional_editor_changes_only_their_regions(web: Web) -> None:
    client = web.client("karaganda")
    inside = client.patch("/api/v1/settlements/temirtau", json={"note": "checked by the akimat"})
    assert inside.status_code == 200
    assert client.post("/api/v1/settlements", json=NEW_TOWN).status_code == 201

    before = _settlement(web, "aksu")  # Pavlodar Region
    audit_before = web.audit_count()
    outside = client.patch("/api/v1/settlements/aksu", json={"note": "not mine"})
    assert outside.status_code == 403
    assert "KZ-35" in outside.json()["detail"]
    assert client.delete("/api/v1/settlements/aksu").status_code == 403
    elsewhere = {**NEW_TOWN, "code": "pavlodar-new", "region": "KZ-55", "name_en": "Elsewhere"}
    assert client.post("/api/v1/settlements", json=elsewhere).status_code == 403
    moved = client.patch("/api/v1/settlements/temirtau", json={"region": "KZ-55"})
    assert moved.status_code == 403
    assert _settlement(web, "aksu") == before
    assert _settlement(web, "pavlodar-new") is None
    temirtau = web.client("viewer").get("/api/v1/settlements/temirtau").json()
    assert temirtau["region"] == "KZ-35"
    assert web.audit_count() == audit_before
