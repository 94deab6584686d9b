"""Gaps show the budget lines and projects linked to them (by hand and in the demo)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine

from monotown.db import session_scope
from monotown.program.models import BudgetLine
from monotown.registry.territory_store import find_unit
from monotown.standards import import_provision, load_catalog, sufficiency_report
from monotown.standards.demo_links import PURPOSE_STANDARDS, link_demo_gaps
from monotown.standards.links import link_gap
from tests.standards.conftest import tie_town_to_temirtau


def test_linked_budget_lines_appear_on_their_gaps(small_tree: Engine, provision_file: Path) -> None:
    with session_scope(small_tree) as session:
        import_provision(session, provision_file)
        temirtau = tie_town_to_temirtau(session)
        line = BudgetLine(settlement_id=temirtau, year=2025, budget_source="local",
                          purpose="schools and clinics", allocated_kzt=1e9)  # fmt: skip
        session.add(line)
        session.flush()
        link_gap(session, find_unit(session, "b_village"), "s_school",
                 reference="akimat plan 2026, item 4", user="tester")  # fmt: skip
        line_id = line.id
    with session_scope(small_tree) as session:
        gaps = {(g["settlement_key"], g["standard"]): g for g in sufficiency_report(session).gaps}
    assert gaps[("b_village", "s_school")]["links"] == ["akimat plan 2026, item 4"]
    assert gaps[("t_town", "s_clinic")]["links"] == []
    # The demo links a town's budget line to its unmet standards of the line's purpose.
    extra = provision_file.parent / "clinic.csv"
    extra.write_text(
        "code,area,name_en,categories,measure,source\n"
        "health_clinic,healthcare,Clinic,urban,presence,test\n",
        encoding="utf-8",
    )
    records = provision_file.parent / "clinic_records.csv"
    records.write_text("settlement,standard,year,met\nt_town,health_clinic,2025,no\n", "utf-8")
    with session_scope(small_tree) as session:
        load_catalog(session, extra)
        import_provision(session, records)
        assert "schools and clinics" in PURPOSE_STANDARDS
        assert link_demo_gaps(session, 2025) == 1
    with session_scope(small_tree) as session:
        gaps = {(g["settlement_key"], g["standard"]): g for g in sufficiency_report(session).gaps}
    assert gaps[("t_town", "health_clinic")]["links"] == [
        "budget line 2025: schools and clinics (synthetic)"
    ]
    assert line_id
