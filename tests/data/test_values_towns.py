"""`values_frame(towns=...)`: every name resolved in one read of the settlements, whatever their
number, with the frame and the errors a name-by-name lookup gives."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.engine import Engine

from monotown.data import import_file, values_frame
from monotown.db import session_scope
from monotown.errors import ConflictError, NotFoundError
from monotown.registry.models import Region, Settlement
from tests.data.conftest import WriteFile

# Codes and names in English, Russian and Kazakh, in any case and spacing.
NAMES = ["temirtau", "Рудный", "Саран", "ABAI", "  Temirtau "]


@pytest.fixture
def towns_engine(data_engine: Engine, write_file: WriteFile) -> Engine:
    rows = "".join(
        f"{code},pop_total,{year},{1000 * year + index},\n"
        for index, code in enumerate(("temirtau", "rudny", "saran", "abai", "balkhash"))
        for year in (2022, 2023)
    )
    path = write_file("v.csv", "settlement,indicator,period,value,note\n" + rows)
    assert import_file(data_engine, path, source="BNS").n_issues == 0
    return data_engine


@pytest.fixture
def statements(towns_engine: Engine) -> Iterator[list[str]]:
    """The SQL statements the engine runs while the test reads."""
    seen: list[str] = []

    def note(*args: Any) -> None:
        seen.append(args[2])

    event.listen(towns_engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(towns_engine, "before_cursor_execute", note)


def test_names_in_any_language_give_the_frame_of_their_codes(towns_engine: Engine) -> None:
    with session_scope(towns_engine) as session:
        by_name = values_frame(session, towns=NAMES)
        by_code = values_frame(session, codes={"temirtau", "rudny", "saran", "abai"})
    assert len(by_name) == 8
    assert by_name.equals(by_code)
    assert sorted(set(by_name.settlement_code)) == ["abai", "rudny", "saran", "temirtau"]


def test_an_unknown_name_among_good_ones_suggests_the_closest(towns_engine: Engine) -> None:
    with session_scope(towns_engine) as session, pytest.raises(NotFoundError) as raised:
        values_frame(session, towns=["Rudny", "Temirtua", "Sarann"])
    assert str(raised.value) == "no town named 'Temirtua' (did you mean 'Temirtau'?)"


def test_a_shared_name_asks_for_the_code(towns_engine: Engine) -> None:
    with session_scope(towns_engine) as session:
        region = session.scalars(select(Region).where(Region.code == "KZ-10")).one()
        session.add(
            Settlement(kind="village", region=region, code="abai-2", name_en="Abai", name_ru="Абай")
        )
    with session_scope(towns_engine) as session, pytest.raises(ConflictError) as raised:
        values_frame(session, towns=["Rudny", "Абай"])
    assert str(raised.value) == (
        "'Абай' names several towns: Abai (Karaganda Region, code abai), "
        "Abai (Abai Region, code abai-2); use a code instead"
    )


def test_the_statements_do_not_grow_with_the_number_of_names(
    towns_engine: Engine, statements: list[str]
) -> None:
    counts = []
    for towns in (NAMES[:1], NAMES):
        statements.clear()
        with session_scope(towns_engine) as session:
            values_frame(session, towns=towns)
        counts.append(len(statements))
    assert counts[0] == counts[1], statements
