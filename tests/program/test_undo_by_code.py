"""Undo finds the towns of a program batch by code: a settlement created later with the same name
as one of them cannot make the undo fail or pick the wrong town."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Engine

from monotown.db import session_scope
from monotown.program import import_file
from monotown.program.models import Plan
from monotown.records.provenance import undo_batch
from monotown.registry.models import Region, Settlement
from tests.program.conftest import write_csv

HEADER = ["code", "kind", "name", "town", "year_from", "year_to"]


def _import(engine: Engine, tmp_path: Path, name: str, rows: list[list[str]]) -> int:
    path = write_csv(tmp_path / name, HEADER, rows)
    with session_scope(engine) as session:
        return import_file(session, "plans", path).batch_id


def _namesake(engine: Engine) -> None:
    """A second 'Balkhash' (and 'Балхаш'), in another region."""
    with session_scope(engine) as session:
        region = session.scalars(select(Region).where(Region.code == "KZ-75")).one()
        session.add(
            Settlement(
                code="balkhash-2", kind="village", name_en="Balkhash", name_ru="Балхаш",
                region=region,
            )
        )  # fmt: skip


def _plans(engine: Engine) -> dict[str, tuple[str, str]]:
    with session_scope(engine) as session:
        rows = session.execute(select(Plan.code, Plan.name, Settlement.code).join(Settlement))
        return {code: (name, town) for code, name, town in rows}


def test_undo_after_a_namesake_town_was_created(reference_engine: Engine, tmp_path: Path) -> None:
    first = _import(reference_engine, tmp_path, "a.csv", [["p-1", "plan", "One", "Balkhash",
                                                           "2023", "2027"]])  # fmt: skip
    second = _import(reference_engine, tmp_path, "b.csv", [["p-1", "plan", "Renamed", "Balkhash",
                                                            "2023", "2027"]])  # fmt: skip
    _namesake(reference_engine)
    with session_scope(reference_engine) as session:
        undo_batch(session, second, user="tester")
    assert _plans(reference_engine) == {"p-1": ("One", "balkhash")}
    with session_scope(reference_engine) as session:
        undo_batch(session, first, user="tester")
    assert _plans(reference_engine) == {}
