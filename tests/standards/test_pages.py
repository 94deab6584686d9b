"""The standards pages render (both backends): national page with map, drill-down, settlement."""

from __future__ import annotations

import json
import re
from pathlib import Path

from monotown.db import session_scope
from monotown.standards import import_provision, load_catalog
from tests.standards.conftest import add_unit, build_small_tree
from tests.web.conftest import Web


def _prepare(web: Web, catalog_file: Path, provision_file: Path) -> dict[str, int]:
    with session_scope(web.engine) as session:
        ids = build_small_tree(session)
        load_catalog(session, catalog_file)
        import_provision(session, provision_file)
    return ids


def _figure(html: str) -> dict[str, object]:
    found = re.search(
        r'<script type="application/json" id="standards-map">(.*?)</script>', html, re.S
    )
    assert found
    return json.loads(found.group(1))  # type: ignore[no-any-return]


def test_national_page_shows_level_map_regions_and_gaps(
    web: Web, catalog_file: Path, provision_file: Path
) -> None:
    _prepare(web, catalog_file, provision_file)
    page = web.client("viewer").get("/standards")
    assert page.status_code == 200, page.text
    assert "45.8" in page.text and "64" in page.text and "2028" in page.text
    assert "Karaganda Region" in page.text and "t_town" in page.text
    figure = _figure(page.text)
    traces = figure["data"]  # type: ignore[index]
    markers = [t for t in traces if t.get("name") == "settlements by sufficiency"]  # type: ignore[union-attr]
    assert len(markers) == 1 and len(markers[0]["lat"]) == 4
    assert 'hx-get="/standards/trend' in page.text
    fragment = web.client("viewer").get("/standards/trend")
    assert fragment.status_code == 200 and "2025" in fragment.text and "45.8" in fragment.text
    ru = web.client("viewer")
    ru.cookies.set("monotown_lang", "ru")
    assert "Региональные стандарты" in ru.get("/standards").text


def test_drill_down_region_district_settlement(
    web: Web, catalog_file: Path, provision_file: Path
) -> None:
    ids = _prepare(web, catalog_file, provision_file)
    client = web.client("viewer")
    region = client.get("/standards/regions/KZ-35")
    assert region.status_code == 200 and "Test district" in region.text
    district = client.get(f"/standards/districts/{ids['district']}")
    assert district.status_code == 200 and "a_village" in district.text
    settlement = client.get("/standards/settlements/a_village")
    assert settlement.status_code == 200
    assert "School" in settlement.text and "2025" in settlement.text
    assert client.get("/standards/settlements/nowhere").status_code == 404
    assert client.get("/standards/districts/999999").status_code == 404


def test_empty_database_explains_how_to_load(web: Web) -> None:
    page = web.client("viewer").get("/standards")
    assert page.status_code == 200 and "load-demo" in page.text


def test_town_profile_shows_support_villages_and_satellites(web: Web) -> None:
    from sqlalchemy import select

    from monotown.registry.models import Settlement
    from monotown.registry.territory import SettlementDesignation

    with session_scope(web.engine) as session:
        temirtau = session.scalars(select(Settlement).where(Settlement.code == "temirtau")).one()
        city = add_unit(
            session,
            "temirtau_admin",
            "city",
            temirtau.region_id,
            name_en="Temirtau",
            name_ru="Темиртау",
        )
        units = {
            key: add_unit(
                session,
                key,
                "settlement",
                temirtau.region_id,
                parent_id=city,
                district_id=city,
                settlement_type=kind,
                settlement_id=temirtau.id if key == "temirtau" else None,
            )
            for key, kind in (
                ("temirtau", "city_regional"),
                ("aktau_v", "village"),
                ("sat_v", "village"),
            )
        }
        session.add(SettlementDesignation(unit_id=units["aktau_v"], kind="support_village"))
        session.add(
            SettlementDesignation(
                unit_id=units["sat_v"], kind="satellite_village", support_unit_id=units["aktau_v"]
            )
        )
    page = web.client("viewer").get("/towns/temirtau")
    assert page.status_code == 200
    section = page.text.split('id="town-support-villages"')[1].split("</table>")[0]
    assert "aktau_v" in section and "sat_v" in section


def test_catalog_page_lists_every_standard_with_its_source(web: Web, catalog_file: Path) -> None:
    from monotown.standards import load_catalog as load_standards_catalog

    with session_scope(web.engine) as session:
        load_standards_catalog(session)
    page = web.client("viewer").get("/standards/catalog")
    assert page.status_code == 200
    assert page.text.count("<code>") >= 42
    assert (
        "The Astana Times" in page.text and "Government of the Republic of Kazakhstan" in page.text
    )
