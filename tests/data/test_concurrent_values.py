"""Single values written at the same moment: none lost, none refused, imports still queue.

On PostgreSQL single-value writes run side by side (the writers' lock held shared, a lock per
value); writes of one value queue on that value's lock, and an import (the whole lock) waits for
them and they for it. On SQLite every writer queues anyway; the same outcomes must hold.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from monotown.data import import_file
from monotown.data.models import IndicatorValue, ReplacedValue
from monotown.data.single_value import write_value
from monotown.db import WRITE_WAIT_ENV, make_engine, session_scope
from monotown.records.provenance import undo_batch
from tests.data.conftest import Job, at_once, stored

INDICATOR = "unemployment_rate_pct"


def _writer(town: str, period: str, value: float) -> Job:
    def write(engine: Engine) -> tuple[str, int | None]:
        with session_scope(engine) as session:
            report = write_value(session, town=town, indicator=INDICATOR, period=period,
                                 value=value, user="test")  # fmt: skip
            return report.status, report.batch_id

    return write


def test_writes_of_one_value_at_once_all_land_and_undo_exactly(catalog_db_url: str) -> None:
    values = [float(v) for v in range(1, 9)]
    writes = [_writer("temirtau", "2024-01", value) for value in values]
    results, failures = at_once(catalog_db_url, writes)
    assert not failures, failures
    assert sorted(status for status, _ in results) == ["committed"] * len(values)
    engine = make_engine(catalog_db_url)
    try:
        final = stored(engine)[("temirtau", INDICATOR, "2024-01")]
        assert final[0] in values
        with session_scope(engine) as session:
            # Each write but the first kept the value it replaced: nothing lost.
            kept = session.scalars(select(ReplacedValue.value)).all()
            assert sorted([*kept, final[0]]) == values
        # Undoing the batches newest first walks back through every value to none.
        batches = sorted(batch for _, batch in results)
        for batch in reversed(batches):
            with session_scope(engine) as session:
                undo_batch(session, batch, user="test")
        with session_scope(engine) as session:
            assert session.scalar(select(func.count(IndicatorValue.id))) == 0
    finally:
        engine.dispose()


def test_values_written_during_an_import_of_them_are_not_lost(
    catalog_db_url: str, tmp_path: Path
) -> None:
    towns = ["temirtau", "rudny", "balkhash", "saran"]
    lines = ["settlement,indicator,period,value"]
    lines += [f"{t},{INDICATOR},{y}-{m:02d},5" for t in towns for y in range(2000, 2020)
              for m in range(1, 13)]  # fmt: skip
    path = tmp_path / "values.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def run_import(engine: Engine) -> str:
        return import_file(engine, path, update=True).status

    writes = [_writer(town, f"20{year:02d}-01", 7.0) for town in towns for year in (5, 10, 25)]
    results, failures = at_once(catalog_db_url, [run_import, *writes])
    assert not failures, failures
    assert "committed" in results
    engine = make_engine(catalog_db_url)
    try:
        found = stored(engine)
        # Every write landed, before or after the import: its value or the file's, never a gap.
        for town in towns:
            assert found[(town, INDICATOR, "2025-01")][0] == 7.0
            assert found[(town, INDICATOR, "2005-01")][0] in (5.0, 7.0)
        assert len(found) == len(lines) - 1 + len(towns)
    finally:
        engine.dispose()


def test_keyed_writes_run_side_by_side_but_imports_wait_for_them(
    catalog_db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = make_engine(catalog_db_url)
    if engine.dialect.name == "sqlite":
        engine.dispose()
        pytest.skip("SQLite has one writer at a time: nothing runs side by side")
    monkeypatch.setenv(WRITE_WAIT_ENV, "1")
    path = tmp_path / "one.csv"
    path.write_text(f"settlement,indicator,period,value\nrudny,{INDICATOR},2024,3\n", "utf-8")
    try:
        with session_scope(engine) as open_write:
            write_value(open_write, town="temirtau", indicator=INDICATOR, period="2024",
                        value=1.0, user="test")  # fmt: skip
            # Uncommitted: another value is written meanwhile, without waiting ...
            _, failures = at_once(catalog_db_url, [_writer("saran", "2024", 2.0)])
            assert not failures, failures
            # ... the same value waits (here: past the wait limit) ...
            _, failures = at_once(catalog_db_url, [_writer("temirtau", "2024", 4.0)])
            assert [type(error) for error in failures] == [OperationalError]
            # ... and so does an import, which needs the writers' lock to itself.
            _, failures = at_once(catalog_db_url, [lambda e: import_file(e, path).status])
            assert [type(error) for error in failures] == [OperationalError]
        written = {("temirtau", INDICATOR, "2024"), ("saran", INDICATOR, "2024")}
        assert set(stored(engine)) == written
    finally:
        engine.dispose()
