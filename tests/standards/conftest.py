"""A small hand-made tree in Karaganda region, a four-standard catalog and its provision file,
whose levels are worked out by hand in the tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from monotown.db import session_scope
from monotown.registry.models import Region, Settlement
from monotown.registry.territory import SettlementDesignation, TerritorialUnit
from monotown.standards import load_catalog
from tests.web.conftest import password_hash, web  # noqa: F401  (the web fixtures)

CATALOG = """\
code,area,name_en,name_ru,categories,min_population,measure,norm,unit,weight,source,is_default
s_school,education,School,Школа,all,50,presence,,,1,test,no
s_clinic,healthcare,Clinic,Клиника,urban;support_village,,presence,,,1,test,no
s_road,transport,Road,Дорога,rural,,presence,,,1,test,no
s_hospital,healthcare,Hospital,Больница,district_centre,,ratio,10,beds,2,test,yes
"""
# T: school yes, clinic no, hospital yes (value 12 >= 10); A: school, clinic yes, road no;
# B: school no, road yes; C: road no, school yes (C has 40 people: the school does not apply).
PROVISION = """settlement,standard,year,met,value
t_town,s_school,2025,yes,
t_town,s_clinic,2025,no,
t_town,s_hospital,2025,,12
a_village,s_school,2025,yes,
a_village,s_clinic,2025,yes,
a_village,s_road,2025,no,
b_village,s_school,2025,no,
b_village,s_road,2025,yes,
c_village,s_road,2025,no,
c_village,s_school,2025,yes,
"""


def tie_town_to_temirtau(session: Session) -> int:
    """Make the small tree's town (`t_town`) the registry's Temirtau; returns Temirtau's id."""
    temirtau = session.scalars(select(Settlement.id).where(Settlement.code == "temirtau")).one()
    session.execute(
        update(TerritorialUnit)
        .where(TerritorialUnit.key == "t_town")
        .values(settlement_id=temirtau)
    )
    return temirtau


def add_unit(session: Session, key: str, level: str, region_id: int, **fields: object) -> int:
    """Store one unit of the national tree (named by its key unless `fields` name it); its id."""
    unit = TerritorialUnit(
        key=key, level=level, region_id=region_id, **{"name_en": key, "name_ru": key, **fields}
    )
    session.add(unit)
    session.flush()
    return unit.id


def build_small_tree(session: Session, *, support: bool = True) -> dict[str, int]:
    region = session.scalars(select(Region).where(Region.code == "KZ-35")).one()
    district = add_unit(
        session, "d_test", "district", region.id, name_en="Test district", name_ru="Тестовый район"
    )
    rural = add_unit(
        session,
        "r_test",
        "rural_district",
        region.id,
        parent_id=district,
        district_id=district,
        name_en="Test rural district",
        name_ru="Тестовый сельский округ",
    )
    ids = {"district": district}
    for key, kind, population, centre, rural_centre, parent in (
        ("t_town", "city_district", 10_000, True, False, district),
        ("a_village", "village", 1_000, False, True, rural),
        ("b_village", "village", 200, False, False, rural),
        ("c_village", "village", 40, False, False, rural),
    ):
        ids[key] = add_unit(
            session,
            key,
            "settlement",
            region.id,
            parent_id=parent,
            district_id=district,
            settlement_type=kind,
            district_centre=centre,
            rural_centre=rural_centre,
            population=population,
            latitude=49.0,
            longitude=73.0,
        )
    if support:
        session.add(
            SettlementDesignation(
                unit_id=ids["a_village"], kind="support_village", date_from=dt.date(2024, 1, 1)
            )
        )
        session.add(
            SettlementDesignation(
                unit_id=ids["b_village"],
                kind="satellite_village",
                support_unit_id=ids["a_village"],
                date_from=dt.date(2024, 1, 1),
            )
        )
    session.flush()
    return ids


@pytest.fixture
def catalog_file(tmp_path: Path) -> Path:
    path = tmp_path / "catalog.csv"
    path.write_text(CATALOG, encoding="utf-8")
    return path


@pytest.fixture
def provision_file(tmp_path: Path) -> Path:
    path = tmp_path / "provision.csv"
    path.write_text(PROVISION, encoding="utf-8")
    return path


@pytest.fixture
def small_tree(reference_engine: Engine, catalog_file: Path) -> Engine:
    """The reference database with the small tree and its catalog (no provision yet)."""
    with session_scope(reference_engine) as session:
        build_small_tree(session)
        load_catalog(session, catalog_file)
    return reference_engine
