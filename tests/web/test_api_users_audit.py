"""Users, tokens and the audit log through the API; towns by name."""

from __future__ import annotations

from tests.web.conftest import Web


def test_admin_manages_users_and_others_cannot(web: Web) -> None:
    admin = web.client("admin")
    listed = [user["username"] for user in admin.get("/api/v1/users").json()]
    assert listed == ["admin", "analyst", "karaganda", "viewer"]
    created = admin.post(
        "/api/v1/users",
        json={
            "username": "pavlodar",
            "role": "regional_editor",
            "password": "long-enough-1",
            "regions": ["Павлодарская область"],
        },
    )
    assert created.status_code == 201, created.text
    assert created.json()["regions"] == ["KZ-55"]
    no_region = admin.post(
        "/api/v1/users",
        json={"username": "nobody", "role": "regional_editor", "password": "long-enough-1"},
    )
    assert no_region.status_code == 422
    assert admin.post(
        "/api/v1/users", json={"username": "pavlodar", "role": "viewer", "password": "x" * 12}
    ).status_code in (409, 422)
    promoted = admin.patch("/api/v1/users/pavlodar", json={"role": "analyst"})
    assert promoted.json() == {**promoted.json(), "role": "analyst", "regions": []}
    assert admin.patch("/api/v1/users/admin", json={"role": "viewer"}).status_code == 409
    assert admin.delete("/api/v1/users/pavlodar").status_code == 204
    assert admin.get("/api/v1/users/pavlodar").status_code == 404
    for user in ("analyst", "karaganda", "viewer"):
        assert web.client(user).get("/api/v1/users").status_code == 403
        assert web.client(user).get("/api/v1/audit").status_code == 403
    entries = admin.get("/api/v1/audit", params={"entity": "user", "user": "admin"}).json()
    assert [item["action"] for item in entries["items"]] == ["delete", "update", "create"]
    assert all("password" not in str(item["new"]) for item in entries["items"])


def test_people_manage_their_own_tokens(web: Web) -> None:
    viewer = web.client("viewer")
    me = viewer.get("/api/v1/me").json()
    assert me["username"] == "viewer" and me["role"] == "viewer"
    issued = viewer.post("/api/v1/me/tokens", json={"name": "nightly", "expires_days": 30})
    assert issued.status_code == 201
    token = issued.json()["token"]
    assert token.startswith("mt_") and issued.json()["prefix"] == token[:10]
    other = web.client()
    other.headers["Authorization"] = f"Bearer {token}"
    assert other.get("/api/v1/me").json()["username"] == "viewer"
    assert viewer.delete(f"/api/v1/me/tokens/{issued.json()['id']}").status_code == 204
    assert other.get("/api/v1/me").status_code == 401
    tokens = viewer.get("/api/v1/me/tokens").json()
    assert [item["revoked"] for item in tokens] == [False, True]
    assert "token" not in tokens[0]
    assert web.client("admin").delete(f"/api/v1/me/tokens/{issued.json()['id']}").status_code == 404
    assert web.client().get("/api/v1/me").status_code == 401


def test_audit_filters_pages_and_exports(web: Web) -> None:
    admin = web.client("admin")
    for note in ("one", "two", "three"):
        admin.patch("/api/v1/settlements/temirtau", json={"note": note})
    page = admin.get(
        "/api/v1/audit",
        params={"entity": "settlement", "entity_key": "temirtau", "per_page": 2, "origin": "api"},
    ).json()
    assert page["total"] == 3 and len(page["items"]) == 2
    assert page["items"][0]["new"] == {"note": "three"}
    assert page["items"][0]["old"] == {"note": "two"}
    oldest_first = admin.get(
        "/api/v1/audit", params={"entity": "settlement", "sort": "at", "per_page": 1}
    ).json()["items"][0]
    assert oldest_first["new"]["note"] == "one"
    assert admin.get("/api/v1/audit", params={"since": "2999-01-01"}).json()["total"] == 0
    assert admin.get("/api/v1/audit", params={"until": "9999-12-31"}).status_code == 200
    assert admin.get("/api/v1/audit", params={"action": "explode"}).status_code == 422
    export = admin.get("/api/v1/audit/export", params={"entity": "settlement"})
    lines = export.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("id,at,user,origin,action") and len(lines) == 4


def test_towns_by_any_name(web: Web) -> None:
    client = web.client("viewer")
    assert len(client.get("/api/v1/towns", params={"list": "current"}).json()) == 17
    assert client.get("/api/v1/towns/ТЕМИРТАУ").json()["code"] == "temirtau"
    missing = client.get("/api/v1/towns/Temirtua")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "no town named 'Temirtua' (did you mean 'Temirtau'?)"}


def test_openapi_and_docs_are_served_without_a_cdn(web: Web) -> None:
    client = web.client()
    schema = client.get("/api/openapi.json").json()
    assert "/api/v1/settlements" in schema["paths"]
    docs = client.get("/api/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs
    assert "cdn" not in docs.lower()
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
