"""Indicators, values and imports through the API: filters, exports, writes as undoable batches,
every problem of an uploaded file against its row, and the regional editors' limits."""

from __future__ import annotations

from tests.web.conftest import Web

GOOD_VALUES = (
    "settlement,indicator,period,value\n"
    "Temirtau,unemployment_rate_pct,2030,4.4\n"
    "Balkhash,unemployment_rate_pct,2030,5.1\n"
)
BAD_VALUES = (
    GOOD_VALUES + "Temirtua,unemployment_rate_pct,2030,4.0\nSaran,unemployment_rate_pct,2030,lots\n"
)


def _upload(web: Web, user: str, content: str, name: str = "values.csv", **form: str):  # type: ignore[no-untyped-def]
    return web.client(user).post(
        "/api/v1/imports", files={"file": (name, content.encode(), "text/csv")}, data=form
    )


def _total(web: Web, **params: str) -> int:
    answer = web.client("viewer").get("/api/v1/values", params={**params, "per_page": 1})
    return int(answer.json()["total"])


def test_indicator_catalog(demo_web: Web) -> None:
    client = demo_web.client("viewer")
    labour = client.get("/api/v1/indicators", params={"pillar": "labour", "per_page": 100}).json()
    assert labour["total"] > 3 and {item["pillar"] for item in labour["items"]} == {"labour"}
    rate = client.get("/api/v1/indicators/unemployment_rate_pct").json()
    assert rate["values"] > 0 and rate["synthetic_values"] > 0 and rate["name_ru"]
    assert client.get("/api/v1/indicators/nope").status_code == 404
    export = client.get("/api/v1/indicators/export").content.decode("utf-8-sig")
    assert export.splitlines()[0].startswith("code,pillar,role,name_en")


def test_admins_edit_the_catalog(demo_web: Web) -> None:
    admin = demo_web.client("admin")
    changed = admin.patch(
        "/api/v1/indicators/unemployment_rate_pct", json={"name_kk": "Жұмыссыздық"}
    )
    assert changed.status_code == 200 and changed.json()["name_kk"] == "Жұмыссыздық"
    assert changed.json()["unit"]  # other fields kept
    new = {
        "code": "test_indicator",
        "pillar": "labour",
        "name_en": "Test",
        "unit": "%",
        "direction": "higher",
        "min": 0,
        "max": 100,
    }
    assert admin.post("/api/v1/indicators", json=new).status_code == 201
    assert admin.post("/api/v1/indicators", json=new).status_code == 409
    assert admin.delete("/api/v1/indicators/test_indicator").status_code == 204
    assert admin.delete("/api/v1/indicators/unemployment_rate_pct").status_code == 409
    for user in ("analyst", "karaganda", "viewer"):
        client = demo_web.client(user)
        assert client.patch("/api/v1/indicators/pop_total", json={"unit": "x"}).status_code == 403
    audit = admin.get("/api/v1/audit", params={"entity": "indicator"}).json()["items"]
    assert [item["action"] for item in audit][:3] == ["delete", "create", "update"]


def test_values_filter_sort_and_mark_synthetic(demo_web: Web) -> None:
    client = demo_web.client("viewer")
    page = client.get(
        "/api/v1/values",
        params={"town": "temirtau", "indicator": "unemployment_rate_pct", "sort": "-period"},
    ).json()
    periods = [item["period"] for item in page["items"]]
    assert periods == sorted(periods, reverse=True) and page["total"] == len(periods) > 3
    assert all(item["synthetic"] and item["flag"] == "synthetic" for item in page["items"])
    real = client.get("/api/v1/values", params={"synthetic": "false"}).json()
    assert real["total"] >= 1 and not any(item["synthetic"] for item in real["items"])
    assert (
        client.get("/api/v1/values", params={"year_from": 2020, "year_to": 2010}).status_code == 422
    )
    one = client.get(f"/api/v1/values/temirtau/unemployment_rate_pct/{periods[0]}")
    assert one.status_code == 200 and one.json()["period"] == periods[0]
    assert client.get("/api/v1/values/temirtau/unemployment_rate_pct/1800").status_code == 404
    export = client.get("/api/v1/values/export", params={"town": "temirtau", "pillar": "labour"})
    lines = export.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("town,town_en,region,indicator") and len(lines) > 5


def test_a_value_written_through_the_api_is_an_undoable_batch(demo_web: Web) -> None:
    analyst = demo_web.client("analyst")
    key = {"town": "temirtau", "indicator": "unemployment_rate_pct"}
    before = analyst.get("/api/v1/values", params={**key, "per_page": 500}).json()["items"]
    period = before[-1]["period"]
    written = analyst.put(
        "/api/v1/values",
        json={**key, "period": period, "value": 3.3, "flag": "official", "source": "akimat"},
    )
    assert written.status_code == 200 and written.json()["status"] == "committed"
    stored = analyst.get("/api/v1/values", params={**key, "per_page": 500}).json()["items"][-1]
    assert stored["value"] == 3.3 and not stored["synthetic"] and stored["source"] == "akimat"
    batch = written.json()["batch_id"]
    assert analyst.post(f"/api/v1/imports/{batch}/undo").status_code == 200
    restored = analyst.get("/api/v1/values", params={**key, "per_page": 500}).json()["items"]
    assert restored == before

    gone = analyst.delete("/api/v1/values", params={**key, "period": period})
    assert gone.status_code == 200
    assert _total(demo_web, **key) == len(before) - 1
    assert analyst.post(f"/api/v1/imports/{gone.json()['batch_id']}/undo").status_code == 200
    assert analyst.get("/api/v1/values", params={**key, "per_page": 500}).json()["items"] == before
    bad = analyst.put("/api/v1/values", json={**key, "period": "20x3", "value": 1})
    assert bad.status_code == 422 and "period" in bad.json()["detail"]


def test_regional_editors_write_values_only_in_their_regions(demo_web: Web) -> None:
    editor = demo_web.client("karaganda")
    inside = {
        "town": "temirtau",
        "indicator": "unemployment_rate_pct",
        "period": "2031",
        "value": 4,
    }
    assert editor.put("/api/v1/values", json=inside).status_code == 200
    before = _total(demo_web, town="aksu")
    outside = {**inside, "town": "aksu"}
    assert editor.put("/api/v1/values", json=outside).status_code == 403
    assert editor.delete("/api/v1/values", params={**outside, "period": "2015"}).status_code == 403
    mixed = (
        "settlement,indicator,period,value\n"
        "Temirtau,unemployment_rate_pct,2032,4\n"
        "Aksu,unemployment_rate_pct,2032,5\n"
    )
    refused = _upload(demo_web, "karaganda", mixed)
    assert refused.status_code == 403
    assert _total(demo_web, town="aksu") == before
    assert _total(demo_web, town="temirtau", year_from="2032") == 0
    assert demo_web.client("viewer").put("/api/v1/values", json=inside).status_code == 403


def test_an_upload_with_errors_lists_every_problem_and_writes_nothing(demo_web: Web) -> None:
    before = _total(demo_web)
    preview = _upload(demo_web, "analyst", BAD_VALUES, dry_run="true")
    assert preview.status_code == 200
    report = preview.json()
    assert report["status"] == "dry-run" and report["n_issues"] == 2
    by_row = {issue["row"]: issue for issue in report["issues"]}
    assert "did you mean 'Temirtau'" in by_row[4]["reason"] and by_row[4]["column"] == "settlement"
    assert by_row[5]["reason"] == "is not a number" and by_row[5]["value"] == "lots"
    rejected = _upload(demo_web, "analyst", BAD_VALUES)
    assert rejected.status_code == 422 and rejected.json()["status"] == "rejected"
    assert rejected.json()["detail"].startswith("values.csv:4: field 'settlement' value 'Temirtua'")
    assert _total(demo_web) == before
    partial = _upload(demo_web, "analyst", BAD_VALUES, skip_invalid="true")
    assert partial.status_code == 201 and partial.json()["n_new"] == 2
    assert _total(demo_web) == before + 2


def test_imports_list_detail_and_undo(demo_web: Web) -> None:
    analyst = demo_web.client("analyst")
    done = _upload(demo_web, "analyst", GOOD_VALUES)
    assert done.status_code == 201
    batch = done.json()["batch_id"]
    listed = analyst.get("/api/v1/imports", params={"kind": "values"}).json()["items"]
    assert listed[0]["id"] == batch and listed[0]["user"] == "analyst"
    detail = analyst.get(f"/api/v1/imports/{batch}").json()
    assert detail["values_stored"] == 2
    assert detail["by_indicator"] == [{"name": "unemployment_rate_pct", "values": 2}]
    assert detail["by_settlement"] == [  # the most first, ties by name
        {"name": "Balkhash", "values": 1},
        {"name": "Temirtau", "values": 1},
    ]
    assert analyst.post(f"/api/v1/imports/{batch}/undo").json()["status"] == "undone"
    assert analyst.post(f"/api/v1/imports/{batch}/undo").status_code == 409
    assert analyst.get("/api/v1/imports/999999").status_code == 404
    assert demo_web.client("viewer").post(f"/api/v1/imports/{batch}/undo").status_code == 403
    wrong = _upload(demo_web, "analyst", "x", name="values.pdf")
    assert wrong.status_code == 422 and "csv" in wrong.json()["detail"]
    unknown = _upload(demo_web, "analyst", GOOD_VALUES, kind="castles")
    assert unknown.status_code == 422


def test_program_records_import_with_preview(demo_web: Web) -> None:
    header = "code,name,kind,town,status,value_kzt\n"
    good = header + "web-p1,Cement plant,anchor,Temirtau,planned,1000000\n"
    bad = good + "web-p2,Bakery,anchor,Temirtua,planned,5\nweb-p3,Mill,anchor,Saran,flying,5\n"
    preview = _upload(
        demo_web, "analyst", bad, name="projects.csv", kind="projects", dry_run="true"
    )
    issues = preview.json()["issues"]
    assert preview.status_code == 200 and {issue["row"] for issue in issues} == {3, 4}
    assert (
        _upload(demo_web, "analyst", bad, name="projects.csv", kind="projects").status_code == 422
    )
    done = _upload(demo_web, "analyst", good, name="projects.csv", kind="projects")
    assert done.status_code == 201 and done.json()["n_new"] == 1
    outside = header + "web-p4,Plant,anchor,Aksu,planned,5\n"
    refused = _upload(demo_web, "karaganda", outside, name="projects.csv", kind="projects")
    assert refused.status_code == 403
    mine = header + "web-p5,Plant,anchor,Balkhash,planned,5\n"
    assert _upload(demo_web, "karaganda", mine, name="p.csv", kind="projects").status_code == 201
