"""A values import from a file or a frame: the origin each entry point records by default, and
how `update` and `keep_stored` treat a value that differs from a stored official one."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Engine

from monotown.data import import_file, import_frame
from monotown.db import session_scope
from monotown.records.provenance import AuditEntry
from tests.data.conftest import WriteFile, stored


def _origin(engine: Engine, batch_id: int | None) -> str:
    with session_scope(engine) as session:
        entry = session.scalars(
            select(AuditEntry).where(
                AuditEntry.action == "import",
                AuditEntry.entity == "import_batch",
                AuditEntry.entity_key == str(batch_id),
            )
        ).one()
        return entry.origin


def _frame(value: float) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "settlement": ["Temirtau"],
            "indicator": ["pop_total"],
            "period": ["2023"],
            "value": [value],
        }
    )


def test_a_file_is_recorded_as_from_the_cli_and_a_frame_as_from_the_api(
    data_engine: Engine, write_file: WriteFile
) -> None:
    from_file = import_file(
        data_engine,
        write_file("v.csv", "settlement,indicator,period,value\nRudny,pop_total,2023,1\n"),
    )
    from_frame = import_frame(data_engine, _frame(180000))
    named = import_frame(data_engine, _frame(180000).assign(period="2022"), origin="system")

    assert _origin(data_engine, from_file.batch_id) == "cli"
    assert _origin(data_engine, from_frame.batch_id) == "api"
    assert _origin(data_engine, named.batch_id) == "system"


def test_a_differing_official_value_is_refused_replaced_or_kept(data_engine: Engine) -> None:
    first = import_frame(data_engine, _frame(180000))
    (code,) = [key for key in stored(data_engine) if key[1:] == ("pop_total", "2023")]

    refused = import_frame(data_engine, _frame(181000))
    assert refused.status == "rejected"
    assert [issue.code for issue in refused.issues] == ["conflict"]
    assert stored(data_engine)[code] == (180000, "official", first.batch_id)

    kept = import_frame(data_engine, _frame(181000), update=True, keep_stored=True)
    assert kept.status == "no-op"
    assert stored(data_engine)[code] == (180000, "official", first.batch_id)

    replaced = import_frame(data_engine, _frame(181000), update=True)
    assert replaced.status == "committed"
    assert stored(data_engine)[code] == (181000, "official", replaced.batch_id)
