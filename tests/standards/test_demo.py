"""The synthetic national tree and its calibrated provision, on both backends."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from monotown.db import session_scope
from monotown.registry.territory import TerritorialUnit
from monotown.standards import load_demo, sufficiency_report
from monotown.standards.demo import tree_is_empty


@pytest.mark.slow
def test_demo_tree_is_national_scale_and_calibrated_near_the_stated_level(
    reference_engine: Engine,
) -> None:
    with session_scope(reference_engine) as session:
        report = load_demo(session, years=(2025,), user="tester")
    assert 6_500 <= report.settlements <= 7_500
    with session_scope(reference_engine) as session:
        level = sufficiency_report(session, 2025)
        towns = session.scalar(
            select(func.count()).where(TerritorialUnit.settlement_id.is_not(None))
        )
        synthetic = session.scalar(select(func.count()).where(TerritorialUnit.synthetic.is_(False)))
        assert not tree_is_empty(session)
    assert level.synthetic
    assert level.national_pct is not None and abs(level.national_pct - 64) < 1
    assert towns == 27
    # Only the registry towns (and their city administrations) are real records.
    assert synthetic is not None and synthetic <= 2 * 27
    abai = next(row for row in level.regions if row["code"] == "KZ-10")
    assert abs(abai["level_pct"] - 56.3) < 1.5
