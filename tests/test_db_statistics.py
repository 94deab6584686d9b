"""The planner statistics the product keeps (`keep_statistics`): taken for a table that has
none, left alone while its size holds, taken again once it has grown."""

from __future__ import annotations

from sqlalchemy import insert, select
from sqlalchemy.engine import Engine

from monotown.db import keep_statistics, session_scope
from monotown.registry.models import Region, Settlement


def _analysed(engine: Engine) -> list[str]:
    with session_scope(engine) as session:
        return keep_statistics(session, ["settlement", "region"])


def test_statistics_are_taken_when_missing_and_again_when_a_table_has_grown(
    reference_engine: Engine,
) -> None:
    assert sorted(_analysed(reference_engine)) == ["region", "settlement"]  # none yet
    assert _analysed(reference_engine) == []  # nothing has changed: nothing to pay for
    with session_scope(reference_engine) as session:
        region = session.scalars(select(Region.id).limit(1)).one()
        rows = [
            {"code": f"grown-{n}", "kind": "village", "name_en": f"Village {n}",
             "name_ru": f"Село {n}", "name_kk": f"Ауыл {n}", "region_id": region,
             "latitude": 48.0, "longitude": 68.0, "synthetic": True}
            for n in range(2000)
        ]  # fmt: skip
        session.execute(insert(Settlement), rows)
    assert _analysed(reference_engine) == ["settlement"]  # grown 70 times over; not the regions
    assert _analysed(reference_engine) == []
