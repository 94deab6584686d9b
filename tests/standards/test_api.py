"""/api/v1/standards on both backends: the level, the map, a settlement, imports, designations."""

from __future__ import annotations

from pathlib import Path

from monotown.db import session_scope
from monotown.standards import load_catalog
from tests.standards.conftest import PROVISION, build_small_tree
from tests.web.conftest import Web


def _prepare(web: Web, catalog_file: Path) -> None:
    with session_scope(web.engine) as session:
        build_small_tree(session)
        load_catalog(session, catalog_file)


def test_import_then_level_map_and_settlement(web: Web, catalog_file: Path) -> None:
    _prepare(web, catalog_file)
    analyst = web.client("analyst")
    created = analyst.post(
        "/api/v1/standards/import",
        files={"file": ("provision.csv", PROVISION.encode(), "text/csv")},
    )
    assert created.status_code == 201, created.text
    assert created.json()["new"] == 10
    level = web.client("viewer").get("/api/v1/standards/level", params={"year": 2025})
    assert level.status_code == 200, level.text
    body = level.json()
    assert body["national_pct"] == 45.83
    assert body["stated"]["value_pct"] == 64.0 and body["target"]["year"] == 2028
    assert body["gaps"][0]["standard"] == "s_clinic"
    assert body["trend"][0]["year"] == 2025
    people = analyst.get(
        "/api/v1/standards/level", params={"year": 2025, "weighting": "population"}
    )
    assert people.json()["national_pct"] == 66.13
    district = body["districts"][0]["id"]
    drill = analyst.get("/api/v1/standards/level", params={"district": district, "gaps": 2})
    assert len(drill.json()["gaps"]) == 2 and drill.json()["gaps_total"] == 4
    points = analyst.get("/api/v1/standards/map").json()
    assert points["count"] == 4
    roles = dict(zip(points["points"]["key"], points["points"]["role"], strict=True))
    assert roles["a_village"] == "support" and roles["b_village"] == "satellite"
    one = analyst.get("/api/v1/standards/settlements/a_village").json()
    assert one["designations"][0]["kind"] == "support_village"
    assert [step["level"] for step in one["path"]] == [
        "region",
        "district",
        "rural_district",
        "settlement",
    ]
    assert len(one["records"]["2025"]) == 3


def test_bad_rows_are_422_and_write_nothing(web: Web, catalog_file: Path) -> None:
    _prepare(web, catalog_file)
    bad = b"settlement,standard,year,met\nt_town,s_school,2025,yes\nt_town,nope,2025,yes\n"
    response = web.client("analyst").post(
        "/api/v1/standards/import", files={"file": ("bad.csv", bad, "text/csv")}
    )
    assert response.status_code == 422
    assert "bad.csv:3: field 'standard' value 'nope'" in response.json()["detail"]
    missing = web.client("analyst").get("/api/v1/standards/level", params={"year": 2025})
    assert missing.status_code == 404


def test_only_national_editors_write(web: Web, catalog_file: Path) -> None:
    _prepare(web, catalog_file)
    files = {"file": ("provision.csv", PROVISION.encode(), "text/csv")}
    assert web.client("viewer").post("/api/v1/standards/import", files=files).status_code == 403
    assert web.client("karaganda").post("/api/v1/standards/import", files=files).status_code == 403
    designation = {
        "settlement": "c_village",
        "kind": "satellite_village",
        "support": "a_village",
        "date_from": "2025-01-01",
    }
    created = web.client("analyst").post("/api/v1/standards/designations", json=designation)
    assert created.status_code == 201, created.text
    again = web.client("analyst").post("/api/v1/standards/designations", json=designation)
    assert again.status_code == 409
