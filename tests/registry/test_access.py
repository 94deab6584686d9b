"""A regional editor's write is checked on the settlements it lands on, after names and codes are
resolved: a DHIS2 org unit code, a name in another language or a project cannot lead it outside the
editor's regions, on any path (single values, value imports, program records, registry edits)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from monotown.data import load_catalog
from monotown.data.models import IndicatorValue, SettlementDhis2
from monotown.db import session_scope
from monotown.registry.models import Settlement
from tests.web.conftest import Web, csrf_of

# Aksu (Pavlodar region) is known to DHIS2 by an org unit code that reads like Temirtau's Russian
# name; Temirtau is in Karaganda, the editor's region.
DECOY = "Темиртау"
KEY = {"indicator": "pop_total", "period": "2031"}


@pytest.fixture
def decoy_web(web: Web) -> Iterator[Web]:
    with session_scope(web.engine) as session:
        load_catalog(session)
        aksu = session.scalars(select(Settlement).where(Settlement.code == "aksu")).one()
        session.add(SettlementDhis2(settlement_id=aksu.id, org_unit=DECOY))
    yield web


def _stored(web: Web, code: str) -> int:
    with session_scope(web.engine) as session:
        query = (
            select(func.count())
            .select_from(IndicatorValue)
            .join(Settlement)
            .where(Settlement.code == code)
        )
        return int(session.scalar(query) or 0)


def test_single_value_through_a_dhis2_code_outside_the_region(decoy_web: Web) -> None:
    editor = decoy_web.client("karaganda")
    refused = editor.put("/api/v1/values", json={"town": DECOY, **KEY, "value": 1})
    assert refused.status_code == 403, refused.text
    assert "outside" in refused.json()["detail"]
    assert _stored(decoy_web, "aksu") == 0
    mine = editor.put("/api/v1/values", json={"town": "temirtau", **KEY, "value": 1})
    assert mine.status_code == 200
    deleted = editor.delete("/api/v1/values", params={"town": "aksu", **KEY})
    assert deleted.status_code == 403


def test_value_imports_through_dhis2_codes_outside_the_region(decoy_web: Web) -> None:
    dhis2 = f"dataelement,period,orgunit,value\npop_total,2031,{DECOY},5\n"
    for name, content in (("dv.csv", dhis2), ("dv.json", _json())):
        refused = decoy_web.client("karaganda").post(
            "/api/v1/imports", files={"file": (name, content.encode(), "text/csv")}
        )
        assert refused.status_code == 403, refused.text
    client = decoy_web.browser("karaganda")
    token = csrf_of(client, "/data")
    sent = client.post(
        "/data/upload",
        data={"csrf_token": token, "kind": "values", "layout": "auto"},
        files={"file": ("dv.csv", dhis2.encode(), "text/csv")},
    )
    refused_page = client.post(sent.headers["location"] + "/confirm", data={"csrf_token": token})
    assert refused_page.status_code == 403
    assert _stored(decoy_web, "aksu") == 0


def _json() -> str:
    return (
        '{"dataValues": [{"dataElement": "pop_total", "period": "2031", '
        f'"orgUnit": "{DECOY}", "value": "5"}}]}}'
    )


def test_program_records_outside_the_region(decoy_web: Web) -> None:
    editor = decoy_web.client("karaganda")
    record = {"code": "x-1", "name": "Plant", "kind": "anchor", "town": "Aksu", "status": "planned"}
    assert editor.put("/api/v1/program/projects", json=record).status_code == 403
    header = "code,name,kind,town,status\n"
    refused = editor.post(
        "/api/v1/imports",
        files={"file": ("p.csv", (header + "x-2,Plant,anchor,Аксу,planned\n").encode())},
        data={"kind": "projects"},
    )
    assert refused.status_code == 403, refused.text
    mine = {**record, "town": "Temirtau"}
    assert editor.put("/api/v1/program/projects", json=mine).status_code == 200
    moved = editor.put("/api/v1/program/projects", json={**mine, "town": "Aksu"})
    assert moved.status_code == 403
    admin = decoy_web.client("admin")
    assert admin.put("/api/v1/program/projects", json={**record, "code": "x-3"}).status_code == 200
    assert editor.delete("/api/v1/program/projects/x-3").status_code == 403
    taken = editor.put("/api/v1/program/projects", json={"code": "x-3", "town": "Temirtau"})
    assert taken.status_code == 403


def test_registry_edits_outside_the_region(decoy_web: Web) -> None:
    editor = decoy_web.client("karaganda")
    assert editor.patch("/api/v1/settlements/aksu", json={"name_en": "Aksu!"}).status_code == 403
    moved = editor.patch("/api/v1/settlements/temirtau", json={"region": "KZ-55"})
    assert moved.status_code == 403
    assert editor.delete("/api/v1/settlements/aksu").status_code == 403
