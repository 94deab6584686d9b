"""Provision derived from indicator values, on both backends."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from monotown.data import import_frame
from monotown.data import load_catalog as load_indicator_catalog
from monotown.db import session_scope
from monotown.records.provenance import undo_batch
from monotown.registry.models import Settlement
from monotown.registry.territory import TerritorialUnit
from monotown.standards import load_catalog
from monotown.standards.derive import derive_from_indicators
from monotown.standards.models import StandardProvision
from tests.standards.conftest import build_small_tree

CATALOG = """code,area,name_en,categories,measure,norm,unit,comparison,indicator_code,source
w_water,engineering,Water,all,ratio,90,%,at_least,water_supply_coverage_pct,test
w_heat,engineering,Heat wear,urban,ratio,60,%,at_most,heat_network_wear_pct,test
"""


def test_derived_records_follow_the_norm_and_undo(reference_engine: Engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "catalog.csv"
    path.write_text(CATALOG, encoding="utf-8")
    with session_scope(reference_engine) as session:
        ids = build_small_tree(session)
        load_catalog(session, path)
        load_indicator_catalog(session)
        temirtau = session.scalars(select(Settlement.id).where(Settlement.code == "temirtau")).one()
        session.execute(
            update(TerritorialUnit).where(TerritorialUnit.id == ids["t_town"])
            .values(settlement_id=temirtau)
        )  # fmt: skip
        frame = pd.DataFrame({
            "settlement": ["temirtau", "temirtau"],
            "indicator": ["water_supply_coverage_pct", "heat_network_wear_pct"],
            "period": ["2025", "2025"], "value": [95.0, 72.0],
        })  # fmt: skip
        assert import_frame(session, frame).status == "committed"
    with session_scope(reference_engine) as session:
        report = derive_from_indicators(session, 2025, user="tester")
    assert report.derived == 2 and report.batch_id
    with session_scope(reference_engine) as session:
        records = {
            r.standard_id: (r.met, r.value, r.flag)
            for r in session.scalars(select(StandardProvision))
        }
        assert sorted(records.values()) == [(False, 72.0, "derived"), (True, 95.0, "derived")]
        undo_batch(session, report.batch_id, user="tester")
    with session_scope(reference_engine) as session:
        assert not list(session.scalars(select(StandardProvision)))
