"""`town_by_code` reads a settlement's profile with Core selects; it must give exactly the view the
ORM's eager loading gives (`list_towns`), on every backend, in fewer round trips."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown.registry import list_towns, town_by_code
from monotown.registry.models import (
    Enterprise,
    MonotownStatus,
    PopulationRecord,
    Region,
    Settlement,
    TownFormingLink,
)
from monotown.registry.rows import settlement_detail_by_code
from tests.sql_statements import statements


def test_every_reference_settlement_reads_as_the_orm_reads_it(session: Session) -> None:
    towns = list_towns(session, include_all_settlements=True)
    assert any(town.enterprises and town.statuses and town.populations for town in towns)
    assert any(town.figures for town in towns)
    for town in towns:
        assert town_by_code(session, town.code) == town, town.code


def test_records_without_sources_shares_or_dates_read_alike(session: Session) -> None:
    region = session.scalars(select(Region).order_by(Region.code)).first()
    assert region is not None
    parent = session.scalars(select(Settlement).where(Settlement.code == "temirtau")).one()
    place = Settlement(code="test-edge", kind="village", name_en="Edge", name_ru="Край",
                       region_id=region.id, synthetic=True, parent_id=parent.id)  # fmt: skip
    session.add(place)
    session.flush()
    company = Enterprise(key="test-edge-works", name="Edge Works", note="its own note")
    session.add(company)
    session.flush()
    session.add_all([
        MonotownStatus(settlement_id=place.id, list_code="current", membership="unknown"),
        MonotownStatus(settlement_id=place.id, list_code="2012", date_from=dt.date(2012, 5, 1),
                       from_precision="month", date_to=dt.date(2016, 1, 1)),
        PopulationRecord(settlement_id=place.id, year=None, population=900, scope="district"),
        PopulationRecord(settlement_id=place.id, year=2020, population=1200, approximate=True,
                         scope="city"),
        TownFormingLink(settlement_id=place.id, enterprise_id=company.id),
    ])  # fmt: skip
    session.flush()
    session.expire_all()
    [orm] = [town for town in list_towns(session, include_all_settlements=True)
             if town.code == "test-edge"]  # fmt: skip
    core = town_by_code(session, "test-edge")
    assert core == orm
    assert core.exited == ["2012"] and core.unknown_lists == ["current"]
    assert [item.note for item in core.enterprises] == ["its own note"]
    assert core.population == 1200 and core.administration_population == 900
    detail = settlement_detail_by_code(session, "test-edge")
    assert detail["parent"] == "temirtau"
    assert sorted(status["list_code"] for status in detail["statuses"]) == ["2012", "current"]
    assert settlement_detail_by_code(session, "temirtau")["parent"] is None


def test_a_settlement_without_records_is_one_select_and_an_unknown_code_none(
    session: Session,
) -> None:
    region = session.scalars(select(Region).order_by(Region.code)).first()
    assert region is not None
    session.add(Settlement(code="test-bare", kind="village", name_en="Bare", name_ru="Голый",
                           region_id=region.id))  # fmt: skip
    session.flush()
    with statements(session.get_bind().engine) as seen:
        town = town_by_code(session, "test-bare")
    assert town is not None and town.region_code == region.code
    assert (town.statuses, town.populations, town.enterprises, town.figures) == ([], [], [], [])
    assert len(seen) == 1
    assert town_by_code(session, "no-such-code") is None
