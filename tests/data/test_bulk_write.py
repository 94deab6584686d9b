"""A large import takes the backend's bulk path (SQLite: indexes rebuilt after the insert;
PostgreSQL: references checked as one set, triggers skipped) and ends in the same state as the
ordinary path: same values, same indexes, undo exact, a failed import leaving nothing behind.
The threshold is lowered so that a file of a few rows counts as large."""

from __future__ import annotations

from contextlib import nullcontext

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from monotown.data import bulk_write, import_file
from monotown.db import session_scope
from monotown.errors import ConflictError
from monotown.records.provenance import undo_batch
from tests.data.conftest import WriteFile, stored

HEADER = "settlement,indicator,period,value\n"
ROWS = "".join(
    f"{town},{indicator},{year},{value}\n"
    for town in ("Temirtau", "Rudny", "Saran")
    for indicator, value in (("pop_total", 50000 + len(town)), ("unemployment_rate_pct", 4.5))
    for year in range(2018, 2024)
)


def _indexes(engine: Engine) -> list[tuple[str, tuple[str, ...]]]:
    found = inspect(engine).get_indexes("indicator_value")
    return sorted((str(ix["name"]), tuple(str(c) for c in ix["column_names"])) for ix in found)


@pytest.fixture
def every_import_large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk_write, "LARGE_INSERT_ROWS", 1)


pytestmark = pytest.mark.usefixtures("every_import_large")


def test_a_large_import_stores_the_same_and_keeps_every_index(
    data_engine: Engine, write_file: WriteFile
) -> None:
    indexes = _indexes(data_engine)
    with session_scope(data_engine) as session:
        assert bulk_write.is_large(session, 36)
    report = import_file(data_engine, write_file("a.csv", HEADER + ROWS))
    assert report.status == "committed" and report.n_new == 36
    assert _indexes(data_engine) == indexes
    values = stored(data_engine)
    assert len(values) == 36
    assert values[("temirtau", "pop_total", "2020")][0] == 50008.0
    # A second large import replacing values, then undo: exactly the first state again.
    changed = ROWS.replace("4.5", "5.5")
    second = import_file(data_engine, write_file("b.csv", HEADER + changed), update=True)
    assert second.n_changed == 18 and _indexes(data_engine) == indexes
    assert second.batch_id is not None
    with session_scope(data_engine) as session:
        undo_batch(session, second.batch_id, user="analyst")
    assert stored(data_engine) == values


def test_a_large_import_that_fails_leaves_table_and_indexes_as_they_were(
    data_engine: Engine, write_file: WriteFile
) -> None:
    import_file(data_engine, write_file("a.csv", HEADER + "Temirtau,pop_total,2017,1000\n"))
    indexes, before = _indexes(data_engine), stored(data_engine)
    with pytest.raises(RuntimeError), session_scope(data_engine) as session:
        report = import_file(session, write_file("b.csv", HEADER + ROWS))
        assert report.status == "committed"
        raise RuntimeError("the caller fails after the import, before the commit")
    assert stored(data_engine) == before and _indexes(data_engine) == indexes


def test_a_reference_deleted_under_a_large_postgres_import_is_refused(data_engine: Engine) -> None:
    """The set-based reference check (PostgreSQL) refuses a settlement that no longer exists."""
    if data_engine.dialect.name != "postgresql":
        pytest.skip("the set-based reference check is PostgreSQL's bulk path")
    with session_scope(data_engine) as session:
        indicator = session.execute(text("SELECT MIN(id) FROM indicator")).scalar_one()
        with pytest.raises(ConflictError, match="deleted while it ran"):
            bulk_write.check_references(
                session, {"settlement_id": [-5], "indicator_id": [indicator]}
            )


@pytest.mark.parametrize("fails", [True, False], ids=["failed", "done"])
def test_a_large_insert_leaves_the_connection_as_it_found_it(
    data_engine: Engine, write_file: WriteFile, fails: bool
) -> None:
    if data_engine.dialect.name != "sqlite":
        pytest.skip("the pragmas are set on SQLite's bulk path only")
    import_file(data_engine, write_file("a.csv", HEADER + "Temirtau,pop_total,2017,1000\n"))
    with data_engine.connect() as connection:
        session = Session(bind=connection)
        failure = pytest.raises(RuntimeError) if fails else nullcontext()
        with failure, bulk_write.large_insert(session, 10, {}):
            if fails:
                raise RuntimeError("the insert fails half-way")
        indexes = {name for name, _ in bulk_write._sqlite_indexes(session)}
        session.rollback()
        # The pragmas belong to the connection: set back, or every later write would skip the
        # table's CHECK constraints, and every later query sort with helper threads.
        assert connection.exec_driver_sql("PRAGMA ignore_check_constraints").scalar() == 0
        assert connection.exec_driver_sql("PRAGMA threads").scalar() == 0
    if not fails:  # built again before the insert's transaction ends
        assert "ix_indicator_value_indicator_value" in indexes
