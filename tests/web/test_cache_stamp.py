"""The data stamp sees every committed write, even one that commits after a later one."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from monotown.db import session_scope
from monotown.records.provenance import ImportBatch
from monotown.web.cache import data_stamp, only_imports_changed


def _batch(batch_id: int) -> ImportBatch:
    return ImportBatch(id=batch_id, kind="values", file_name="value from test", format="long",
                       user="test", status="committed", rows_total=1)  # fmt: skip


def test_a_batch_committed_after_a_later_one_changes_the_stamp(reference_engine: Engine) -> None:
    # Single-value writes run side by side on PostgreSQL: batch 5 may commit after batch 10.
    with session_scope(reference_engine) as session:
        session.add(_batch(10))
    with session_scope(reference_engine) as session:
        before = data_stamp(session)
    with session_scope(reference_engine) as session:
        session.add(_batch(5))
    with session_scope(reference_engine) as session:
        after = data_stamp(session)
    assert after != before
    assert only_imports_changed(before, after)
