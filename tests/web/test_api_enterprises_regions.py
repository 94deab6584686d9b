"""/api/v1/enterprises and /api/v1/regions: lists, exports and writes by role."""

from __future__ import annotations

from tests.web.conftest import Web

NEW_ENTERPRISE = {
    "key": "karaganda-cement",
    "name": "Karaganda Cement",
    "sector_code": "C23",
    "sector_label": "cement",
    "settlements": ["temirtau"],
}


def test_enterprises_list_filter_sort_and_get(web: Web) -> None:
    client = web.client("viewer")
    listing = client.get("/api/v1/enterprises", params={"per_page": 500}).json()
    assert listing["total"] >= 10
    metals = client.get("/api/v1/enterprises", params={"sector": "c24"}).json()["items"]
    assert metals and all(item["sector_code"] == "C24" for item in metals)
    temirtau = client.get("/api/v1/enterprises", params={"settlement": "temirtau"}).json()
    assert [item["key"] for item in temirtau["items"]] == ["qarmet-steel-works"]
    in_pavlodar = client.get("/api/v1/enterprises", params={"region": "KZ-55"}).json()["items"]
    assert {item["key"] for item in in_pavlodar} >= {"aksu-ferroalloy-plant"}
    by_owner = client.get("/api/v1/enterprises", params={"sort": "-owner_group"}).json()["items"]
    owners = [item["owner_group"] for item in by_owner if item["owner_group"]]
    assert owners == sorted(owners, key=str.casefold, reverse=True)
    one = client.get("/api/v1/enterprises/qarmet-steel-works").json()
    assert one["settlements"] == ["temirtau"] and one["regions"] == ["KZ-35"]
    assert client.get("/api/v1/enterprises/nothing").status_code == 404
    export = client.get("/api/v1/enterprises/export", params={"format": "csv"})
    assert export.content.decode("utf-8-sig").splitlines()[0].startswith("key,name,sector_code")


def test_admin_writes_enterprises_with_audit(web: Web) -> None:
    client = web.client("admin")
    created = client.post("/api/v1/enterprises", json=NEW_ENTERPRISE)
    assert created.status_code == 201, created.text
    assert created.json()["regions"] == ["KZ-35"]
    moved = client.patch("/api/v1/enterprises/karaganda-cement", json={"settlements": ["aksu"]})
    assert moved.json()["settlements"] == ["aksu"]
    assert client.post("/api/v1/enterprises", json=NEW_ENTERPRISE).status_code == 409
    unknown_town = {**NEW_ENTERPRISE, "key": "other", "name": "Other", "settlements": ["nowhere"]}
    assert client.post("/api/v1/enterprises", json=unknown_town).status_code == 422
    assert client.delete("/api/v1/enterprises/karaganda-cement").status_code == 204
    actions = [
        item["action"]
        for item in client.get("/api/v1/audit", params={"entity": "enterprise"}).json()["items"]
    ]
    assert actions == ["delete", "update", "create"]


def test_regional_editor_and_enterprises_outside_their_regions(web: Web) -> None:
    client = web.client("karaganda")
    assert client.post("/api/v1/enterprises", json=NEW_ENTERPRISE).status_code == 201
    note = client.patch("/api/v1/enterprises/qarmet-steel-works", json={"note": "checked"})
    assert note.status_code == 200
    before = web.client("viewer").get("/api/v1/enterprises/aksu-ferroalloy-plant").json()
    audit_before = web.audit_count()
    assert (
        client.patch("/api/v1/enterprises/aksu-ferroalloy-plant", json={"note": "x"}).status_code
        == 403
    )
    assert client.delete("/api/v1/enterprises/aksu-ferroalloy-plant").status_code == 403
    grab = client.patch("/api/v1/enterprises/karaganda-cement", json={"settlements": ["aksu"]})
    assert grab.status_code == 403
    orphan = {**NEW_ENTERPRISE, "key": "orphan", "name": "Orphan", "settlements": []}
    assert client.post("/api/v1/enterprises", json=orphan).status_code == 403
    assert web.client("viewer").get("/api/v1/enterprises/aksu-ferroalloy-plant").json() == before
    assert web.audit_count() == audit_before
    assert web.client("analyst").post("/api/v1/enterprises", json=orphan).status_code == 403


def test_regions_list_counts_and_admin_only_writes(web: Web) -> None:
    client = web.client("viewer")
    regions = client.get("/api/v1/regions", params={"per_page": 100}).json()
    assert regions["total"] == 20
    karaganda = client.get("/api/v1/regions/KZ-35").json()
    assert karaganda["monotowns"] == 6 and karaganda["name_kk"] == "Қарағанды облысы"
    top = client.get("/api/v1/regions", params={"sort": "-monotowns", "per_page": 1}).json()
    assert top["items"][0]["code"] == "KZ-35"
    assert client.get("/api/v1/regions", params={"q": "павлодар"}).json()["total"] == 1
    xlsx = client.get("/api/v1/regions/export", params={"format": "xlsx"})
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")

    new = {"code": "KZ-99", "name_en": "Test Region", "name_ru": "Тестовая область"}
    for user in ("viewer", "analyst", "karaganda"):
        assert web.client(user).post("/api/v1/regions", json=new).status_code == 403
        assert (
            web.client(user).patch("/api/v1/regions/KZ-35", json={"name_en": "X"}).status_code
            == 403
        )
    assert client.get("/api/v1/regions/KZ-99").status_code == 404
    admin = web.client("admin")
    assert admin.post("/api/v1/regions", json=new).status_code == 201
    renamed = admin.patch("/api/v1/regions/KZ-99", json={"name_kk": "Сынақ облысы"})
    assert renamed.json()["name_kk"] == "Сынақ облысы"
    assert admin.delete("/api/v1/regions/KZ-35").status_code == 409  # it holds settlements
    assert admin.delete("/api/v1/regions/KZ-99").status_code == 204
    assert admin.post("/api/v1/regions", json={**new, "code": "kz 9"}).status_code == 422
