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

from monotown.data import bulk_references, bulk_write, import_file
from monotown.db import session_scope, single_reads
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


def test_a_reference_deleted_under_a_large_import_is_refused(data_engine: Engine) -> None:
    """The set-based reference check (PostgreSQL's bulk path, and every SQLite import, which runs
    without foreign keys) refuses a settlement that no longer exists."""
    with session_scope(data_engine) as session:
        bulk_references.begin_without_foreign_keys(session)
        sqlite = data_engine.dialect.name == "sqlite"
        assert bulk_references.foreign_keys_enforced(session) is not sqlite
        indicator = session.execute(text("SELECT MIN(id) FROM indicator")).scalar_one()
        with pytest.raises(ConflictError, match="a settlement this import writes to was deleted"):
            bulk_references.check_references(
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


def _foreign_keys_of_every_pooled_connection(engine: Engine) -> set[int]:
    """PRAGMA foreign_keys of as many connections as the pool holds, all checked out at once."""
    reads = single_reads(engine)  # no BEGIN: they would queue for the write lock
    connections = [reads.connect() for _ in range(engine.pool.checkedin() + 1)]  # type: ignore[attr-defined]
    try:
        return {int(c.exec_driver_sql("PRAGMA foreign_keys").scalar_one()) for c in connections}
    finally:
        for connection in connections:
            connection.close()


def test_an_sqlite_import_runs_without_foreign_keys_and_sets_them_back(
    data_engine: Engine, write_file: WriteFile
) -> None:
    """Off for the import's own transaction, on again on every pooled connection afterwards,
    whether the import failed half-way (nothing stored) or committed."""
    if data_engine.dialect.name != "sqlite":
        pytest.skip("SQLite's foreign keys")
    original = bulk_write.write_rows
    path = write_file("a.csv", HEADER + ROWS)
    seen: list[int] = []
    for fails in (True, False):

        def write_rows(session: Session, *args: object, fails: bool = fails, **kw: object) -> None:
            seen.append(int(session.execute(text("PRAGMA foreign_keys")).scalar_one()))
            original(session, *args, **kw)  # type: ignore[arg-type]
            if fails:
                raise RuntimeError("the insert fails half-way")

        failure = pytest.raises(RuntimeError) if fails else nullcontext()
        with pytest.MonkeyPatch.context() as patch, failure:
            patch.setattr("monotown.data.staging.write_rows", write_rows)
            import_file(data_engine, path)
        assert seen.pop() == 0
        assert _foreign_keys_of_every_pooled_connection(data_engine) == {1}
        assert len(stored(data_engine)) == (0 if fails else 36)


def test_an_import_in_a_transaction_already_begun_keeps_foreign_keys(
    data_engine: Engine, write_file: WriteFile
) -> None:
    """Inside a transaction the pragma cannot change: the import then runs with them on."""
    if data_engine.dialect.name != "sqlite":
        pytest.skip("SQLite's foreign keys")
    with session_scope(data_engine) as session:
        session.execute(text("SELECT 1"))
        report = import_file(session, write_file("a.csv", HEADER + ROWS))
        assert bulk_references.foreign_keys_enforced(session)
    assert report.n_new == 36 and len(stored(data_engine)) == 36
