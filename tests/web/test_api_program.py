"""Program records and summaries through the API: lists, filters, exports, writes by role."""

from __future__ import annotations

from tests.web.conftest import Web

PROJECT = {"code": "web-cement", "name": "Cement plant", "kind": "anchor", "town": "Temirtau",
           "status": "planned", "value_kzt": 2_000_000_000}  # fmt: skip


def test_lists_filter_sort_and_mark_synthetic(demo_web: Web) -> None:
    client = demo_web.client("viewer")
    projects = client.get("/api/v1/program/projects", params={"per_page": 500}).json()
    assert projects["total"] >= 10 and all("key" in item for item in projects["items"])
    assert all(item["synthetic"] for item in projects["items"] if item["code"].startswith("demo-"))
    operating = client.get("/api/v1/program/projects", params={"status": "operating"}).json()
    assert {item["status"] for item in operating["items"]} == {"operating"}
    by_value = client.get("/api/v1/program/projects", params={"sort": "-value_kzt"}).json()["items"]
    values = [item["value_kzt"] for item in by_value if item["value_kzt"] is not None]
    assert values == sorted(values, reverse=True)
    overdue = client.get("/api/v1/program/directives", params={"overdue": "true"}).json()
    assert overdue["total"] >= 1 and {item["status"] for item in overdue["items"]} == {"overdue"}
    budget = client.get("/api/v1/program/budget", params={"year_from": 2020, "per_page": 1}).json()
    assert " | " in budget["items"][0]["key"]
    one = client.get(f"/api/v1/program/budget/{budget['items'][0]['key']}")
    assert one.status_code == 200 and one.json()["year"] >= 2020
    targets = client.get("/api/v1/program/targets").json()["items"]
    assert {"progress_pct", "expected_pct", "track"} <= set(targets[0])
    assert client.get("/api/v1/program/targets", params={"town": "temirtau"}).status_code == 422
    assert client.get("/api/v1/program/projects", params={"sort": "colour"}).status_code == 422
    assert client.get("/api/v1/program/castles").status_code == 422
    assert client.get("/api/v1/program/projects/no-such-project").status_code == 404
    export = client.get("/api/v1/program/contracts/export", params={"format": "xlsx"})
    assert export.status_code == 200 and export.content[:2] == b"PK"


def test_summaries(demo_web: Web) -> None:
    client = demo_web.client("viewer")
    by_status = client.get("/api/v1/program-summaries/projects").json()
    assert by_status[-1]["status"] == "total"
    assert sum(row["records"] for row in by_status[:-1]) == by_status[-1]["records"]
    assert by_status[0]["basis"] in ("synthetic records", "mixed", "real records")
    budget = client.get(
        "/api/v1/program-summaries/budget", params={"by": ["year", "budget_source"]}
    )
    assert {"execution_pct", "allocated_kzt", "disbursed_kzt"} <= set(budget.json()[0])
    bodies = client.get("/api/v1/program-summaries/directives-by-body").json()
    assert {"body", "overdue"} <= set(bodies[0])
    assert client.get("/api/v1/program-summaries/overview").status_code == 200
    contracts = client.get("/api/v1/program-summaries/contracts", params={"by": "kind"}).json()
    assert contracts[-1]["kind"] == "total" and "value_kzt" in contracts[0]
    assert (
        client.get("/api/v1/program-summaries/budget", params={"by": "colour"}).status_code == 422
    )


def test_records_are_written_as_undoable_batches_and_deleted_with_audit(demo_web: Web) -> None:
    analyst = demo_web.client("analyst")
    stored = analyst.put("/api/v1/program/projects", json=PROJECT)
    assert stored.status_code == 200, stored.text
    assert stored.json()["outcome"] == "committed" and stored.json()["town"] == "Temirtau"
    assert stored.json()["synthetic"] is False
    changed = analyst.put(
        "/api/v1/program/projects", json={"code": "web-cement", "status": "operating"}
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["outcome"] == "committed" and changed.json()["value_kzt"] == 2e9
    assert analyst.post(f"/api/v1/imports/{changed.json()['batch_id']}/undo").status_code == 200
    assert analyst.get("/api/v1/program/projects/web-cement").json()["status"] == "planned"
    bad = analyst.put("/api/v1/program/projects", json={**PROJECT, "town": "Temirtua"})
    assert bad.status_code == 422 and "Temirtau" in bad.json()["detail"]
    unknown = analyst.put("/api/v1/program/projects", json={**PROJECT, "colour": "red"})
    assert unknown.status_code == 422
    assert analyst.delete("/api/v1/program/projects/web-cement").status_code == 204
    assert analyst.get("/api/v1/program/projects/web-cement").status_code == 404
    entry = (
        demo_web.client("admin")
        .get("/api/v1/audit", params={"entity": "program.projects", "action": "delete"})
        .json()["items"][0]
    )
    assert entry["entity_key"] == "web-cement" and entry["old"]["name"] == "Cement plant"
    assert (
        demo_web.client("viewer").put("/api/v1/program/projects", json=PROJECT).status_code == 403
    )


def test_regional_editors_change_only_their_towns_records(demo_web: Web) -> None:
    editor = demo_web.client("karaganda")
    assert editor.put("/api/v1/program/projects", json=PROJECT).status_code == 200
    outside = {**PROJECT, "code": "web-aksu", "town": "Aksu"}
    assert editor.put("/api/v1/program/projects", json=outside).status_code == 403
    assert demo_web.client("viewer").get("/api/v1/program/projects/web-aksu").status_code == 404
    moved = editor.put("/api/v1/program/projects", json={**PROJECT, "town": "Aksu"})
    assert moved.status_code == 403
    aksu = (
        demo_web.client("viewer")
        .get("/api/v1/program/projects", params={"town": "aksu", "per_page": 1})
        .json()["items"]
    )
    if aksu:
        assert editor.delete(f"/api/v1/program/projects/{aksu[0]['key']}").status_code == 403
    target = demo_web.client("viewer").get("/api/v1/program/targets").json()["items"][0]
    assert (
        editor.put(
            "/api/v1/program/targets", json={"code": target["code"], "note": "x"}
        ).status_code
        == 403
    )
    assert (
        demo_web.client("viewer").get("/api/v1/program/projects/web-cement").json()["town"]
        == "Temirtau"
    )
