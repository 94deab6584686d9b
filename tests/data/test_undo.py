"""Undo restores exactly the state before a batch, including the values it replaced."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy.engine import Engine

from monotown.data import import_file, import_frame
from monotown.db import session_scope
from monotown.errors import ConflictError
from monotown.records.provenance import undo_batch
from tests.data.conftest import WriteFile, counts, stored

HEADER = "settlement,indicator,period,value\n"


def _undo(engine: Engine, batch_id: int | None) -> None:
    assert batch_id is not None
    with session_scope(engine) as session:
        undo_batch(session, batch_id, user="analyst")


def test_undo_restores_the_replaced_values_exactly(
    data_engine: Engine, write_file: WriteFile
) -> None:
    first = import_file(
        data_engine,
        write_file(
            "a.csv", HEADER + "Temirtau,pop_total,2023,180000\nRudny,pop_total,2023,120000\n"
        ),
    )
    before = stored(data_engine)
    second = import_file(
        data_engine,
        write_file(
            "b.csv", HEADER + "Temirtau,pop_total,2023,181000\nSaran,pop_total,2023,40000\n"
        ),
        update=True,
    )
    assert stored(data_engine) != before
    _undo(data_engine, second.batch_id)
    assert stored(data_engine) == before
    _undo(data_engine, first.batch_id)
    assert stored(data_engine) == {}


def test_undo_brings_back_synthetic_values_a_real_import_replaced(
    data_engine: Engine, write_file: WriteFile
) -> None:
    demo = pd.DataFrame(
        {
            "settlement": ["rudny"],
            "indicator": ["pop_total"],
            "period": ["2023"],
            "value": [111111.0],
            "flag": ["synthetic"],
        }
    )
    import_frame(data_engine, demo)
    before = stored(data_engine)
    real = import_file(data_engine, write_file("a.csv", HEADER + "Rudny,pop_total,2023,123100\n"))
    assert stored(data_engine)[("rudny", "pop_total", "2023")][:2] == (123100, "official")
    _undo(data_engine, real.batch_id)
    assert stored(data_engine) == before


def test_undo_is_refused_while_a_later_batch_replaced_its_values(
    data_engine: Engine, write_file: WriteFile
) -> None:
    first = import_file(
        data_engine, write_file("a.csv", HEADER + "Temirtau,pop_total,2023,180000\n")
    )
    second = import_file(
        data_engine, write_file("b.csv", HEADER + "Temirtau,pop_total,2023,1\n"), update=True
    )
    with pytest.raises(
        ConflictError,
        match=(
            f"later imports replaced values of batch {first.batch_id}: "
            f"batch {second.batch_id} \\(1 values\\); undo them first"
        ),
    ):
        _undo(data_engine, first.batch_id)
    _undo(data_engine, second.batch_id)
    _undo(data_engine, first.batch_id)
    assert counts(data_engine)["values"] == 0


def test_undo_twice_is_refused(data_engine: Engine, write_file: WriteFile) -> None:
    batch = import_file(
        data_engine, write_file("a.csv", HEADER + "Temirtau,pop_total,2023,1\n")
    ).batch_id
    _undo(data_engine, batch)
    with pytest.raises(ConflictError, match="already undone"):
        _undo(data_engine, batch)
