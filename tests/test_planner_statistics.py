"""The planner statistics the product keeps (`keep_statistics`): taken for a table that has
none, left alone while its size holds, taken again once it has grown; and every load that writes
many rows (the registry's reference load, the program's loads and imports, an assessment run)
leaves the statistics of what it wrote current, with no ANALYZE run by hand."""

from __future__ import annotations

from sqlalchemy import insert, select, text
from sqlalchemy.engine import Engine

from monotown.db import session_scope
from monotown.planner_statistics import keep_statistics
from monotown.program import load_facts
from monotown.registry import load_reference
from monotown.registry.models import Region, Settlement
from tests.conftest import Cli

REGISTRY = ["data_source", "region", "settlement", "population_record", "monotown_status"]
PROGRAM = ["program_fact", "program_directive", "citation", "event"]
ASSESSMENT = ["assessment_run", "assessment_result", "assessment_artifact"]


def _analysed(engine: Engine, tables: list[str] | None = None) -> list[str]:
    """The tables among `tables` (default: settlements and regions) whose statistics were
    missing or stale, and were taken now."""
    with session_scope(engine) as session:
        return keep_statistics(session, tables or ["settlement", "region"])


def _row_counts(engine: Engine, tables: list[str]) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table: connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()
            for table in tables
        }


def test_statistics_are_taken_when_missing_and_again_when_a_table_has_grown(
    engine: Engine,
) -> None:
    with session_scope(engine) as session:  # (a copied PostgreSQL database has no last ANALYZE)
        session.execute(insert(Region), [{"code": "KZ-XX", "name_en": "X", "name_ru": "Х"}])
    assert _analysed(engine) == ["region"]  # none yet; no settlements, nothing to take
    assert _analysed(engine) == []  # nothing has changed: nothing to pay for
    with session_scope(engine) as session:
        region = session.scalars(select(Region.id).limit(1)).one()
        rows = [
            {"code": f"grown-{n}", "kind": "village", "name_en": f"Village {n}",
             "name_ru": f"Село {n}", "name_kk": f"Ауыл {n}", "region_id": region,
             "latitude": 48.0, "longitude": 68.0, "synthetic": True}
            for n in range(2000)
        ]  # fmt: skip
        session.execute(insert(Settlement), rows)
    assert _analysed(engine) == ["settlement"]  # rows now, none then; not the regions
    assert _analysed(engine) == []


def test_the_registry_and_program_loads_leave_their_statistics_current(engine: Engine) -> None:
    with session_scope(engine) as session:
        load_reference(session)
    assert all(_row_counts(engine, REGISTRY).values())
    assert _analysed(engine, REGISTRY) == []
    with session_scope(engine) as session:
        load_facts(session)
    assert all(_row_counts(engine, PROGRAM).values())
    assert _analysed(engine, PROGRAM) == []


def test_an_assessment_run_leaves_its_statistics_current(
    demo_cli: Cli, demo_engine: Engine
) -> None:
    assert not any(_row_counts(demo_engine, ASSESSMENT).values())
    assert demo_cli("assess", "run").exit_code == 0
    assert all(_row_counts(demo_engine, ASSESSMENT).values())
    assert _analysed(demo_engine, ASSESSMENT) == []
