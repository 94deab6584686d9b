"""Synthetic demo links from gaps to the program's budget lines, by purpose: a town's line for
"water supply and sewerage" is linked to its unmet water and sewerage standards, and so on.

Only made when the program's demo budget is loaded; flagged synthetic like the lines themselves.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown.program.models import BudgetLine
from monotown.registry.territory import TerritorialUnit
from monotown.standards.bulk import insert_rows
from monotown.standards.models import GapLink, RegionalStandard, StandardProvision

PURPOSE_STANDARDS = {
    "heat supply networks": ("eng_heat",),
    "water supply and sewerage": ("eng_water", "eng_sewerage"),
    "roads and streets": ("transport_roads_condition", "transport_street_lighting"),
    "schools and clinics": ("edu_school_places", "health_clinic", "health_hospital"),
}


def link_demo_gaps(session: Session, year: int) -> int:
    """Link the year's unmet records of registry towns to the towns' budget lines; returns how
    many links were made."""
    codes = {code for codes in PURPOSE_STANDARDS.values() for code in codes}
    standard_ids = dict(
        session.execute(
            select(RegionalStandard.code, RegionalStandard.id).where(
                RegionalStandard.code.in_(codes)
            )
        ).all()
    )
    gaps = {
        (settlement_id, standard_id): unit_id
        for unit_id, settlement_id, standard_id in session.execute(
            select(TerritorialUnit.id, TerritorialUnit.settlement_id, StandardProvision.standard_id)
            .join(StandardProvision, StandardProvision.unit_id == TerritorialUnit.id)
            .where(
                TerritorialUnit.settlement_id.is_not(None),
                StandardProvision.year == year,
                StandardProvision.met.is_(False),
                StandardProvision.standard_id.in_(standard_ids.values()),
            )
        )
    }
    lines = session.execute(
        select(BudgetLine.id, BudgetLine.settlement_id, BudgetLine.purpose, BudgetLine.year)
        .where(BudgetLine.settlement_id.is_not(None), BudgetLine.purpose.in_(PURPOSE_STANDARDS))
        .order_by(BudgetLine.year.desc(), BudgetLine.id)
    ).all()
    links, seen = [], set()
    for line_id, settlement_id, purpose, _line_year in lines:
        for code in PURPOSE_STANDARDS[purpose]:
            standard_id = standard_ids.get(code)
            if standard_id is None:
                continue
            unit_id = gaps.get((settlement_id, standard_id))
            if unit_id is None or (unit_id, standard_id) in seen:
                continue
            seen.add((unit_id, standard_id))
            links.append({
                "unit_id": unit_id, "standard_id": standard_id, "project_id": None,
                "budget_line_id": line_id, "reference": None, "synthetic": True,
                "source": "synthetic demo link (by budget line purpose)", "note": None,
            })  # fmt: skip
    insert_rows(session, GapLink.__table__, links)
    return len(links)
