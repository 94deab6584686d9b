"""A settlement's profile reads the same whichever way it is asked for: the API's JSON of
/api/v1/towns/{name} and `towns show` (table and JSON) give, for every reference town and for a
synthetic settlement with records lacking sources, shares and dates, exactly the bytes main's code
gave before the profile got its one read path. `profile_answers.json` keeps the SHA-256 of each
answer per backend (PostgreSQL sorts a status without a start date last, SQLite first, as the
ORM did); this test writes it with MONOTOWN_WRITE_PROFILE_ANSWERS=1, run on the code whose
answers it should keep. Every database test runs on both backends."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown.registry import list_towns, town_by_code, town_profile
from monotown.registry.models import (
    Enterprise,
    MonotownStatus,
    PopulationRecord,
    Region,
    Settlement,
    TownFormingLink,
)
from monotown.registry.rows import settlement_detail_by_code
from monotown.web.api.listing import json_bytes
from monotown.web.api.towns import town_json
from tests.conftest import Cli
from tests.sql_statements import statements

ANSWERS = Path(__file__).with_name("profile_answers.json")


def add_edge_settlement(session: Session) -> None:
    """A synthetic village under Temirtau: an unknown and an ended membership, a population
    without a year, a town-forming link without shares, nothing with a source."""
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
    session.commit()


def test_profiles_answer_as_main_did_in_the_api_and_the_cli(session: Session, cli: Cli) -> None:
    add_edge_settlement(session)
    codes = [town.code for town in list_towns(session)]
    assert len(codes) == 28 and "test-edge" in codes
    session.commit()  # the CLI's session reads beside this one
    answers = {
        code: {
            "cli_json": cli("towns", "show", code, "--format", "json").stdout,
            "cli_table": cli("towns", "show", code).stdout,
        }
        for code in codes
    }
    for code in codes:
        town = town_profile(session, code)
        answers[code]["api"] = json_bytes(town_json(town)).decode()
        assert town_profile(session, town.name_ru) == town
    digests = {
        code: {surface: hashlib.sha256(text.encode()).hexdigest() for surface, text in sorted(
            answer.items())}
        for code, answer in answers.items()
    }  # fmt: skip
    backend = session.get_bind().dialect.name
    stored = json.loads(ANSWERS.read_text())
    if os.environ.get("MONOTOWN_WRITE_PROFILE_ANSWERS"):
        stored[backend] = digests
        ANSWERS.write_text(json.dumps(stored, indent=1, sort_keys=True) + "\n")
    for code in codes:
        assert digests[code] == stored[backend][code], code


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


def test_a_list_reads_each_kind_of_record_once_for_all_its_towns(session: Session) -> None:
    list_towns(session)  # the transaction begun (PostgreSQL's lock timeout set) outside the count
    with statements(session.get_bind().engine) as seen:
        towns = list_towns(session)
    assert len(towns) == 27 and any(town.enterprises for town in towns)
    # The towns with their flags, then populations, statuses, figures and town-forming links.
    assert len(seen) == 5
    assert {town.code: town for town in towns} == {
        town.code: town_by_code(session, town.code) for town in towns
    }


def test_an_exact_code_names_its_settlement_even_when_another_has_it_as_a_name(
    session: Session,
) -> None:
    region = session.scalars(select(Region).order_by(Region.code)).first()
    assert region is not None
    session.add(Settlement(code="test-namesake", kind="village", name_en="temirtau",
                           name_ru="Тёзка", region_id=region.id))  # fmt: skip
    session.flush()
    assert town_profile(session, "temirtau").name_en == "Temirtau"
    assert town_profile(session, "Тезка").code == "test-namesake"


def test_the_parent_is_in_the_settlement_detail(session: Session) -> None:
    add_edge_settlement(session)
    detail = settlement_detail_by_code(session, "test-edge")
    assert detail["parent"] == "temirtau"
    assert sorted(status["list_code"] for status in detail["statuses"]) == ["2012", "current"]
    assert settlement_detail_by_code(session, "temirtau")["parent"] is None
