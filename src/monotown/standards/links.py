"""Linking a gap (a standard a settlement does not meet) to the project or budget line that is
meant to close it, so the gap list can show what addresses each gap."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown.errors import InputError, NotFoundError
from monotown.program.models import BudgetLine, Project
from monotown.registry.editing.fields import add_audited
from monotown.registry.territory import TerritorialUnit
from monotown.standards.models import GapLink, RegionalStandard


def get_standard(session: Session, code: str) -> RegionalStandard:
    standard = session.scalars(
        select(RegionalStandard).where(RegionalStandard.code == code.strip())
    ).first()
    if standard is None:
        raise NotFoundError(f"no standard with code '{code}' in the catalog")
    return standard


def link_gap(
    session: Session,
    unit: TerritorialUnit,
    standard_code: str,
    *,
    project_code: str | None = None,
    budget_line_id: int | None = None,
    reference: str | None = None,
    source: str | None = None,
    user: str | None = None,
    origin: str = "cli",
) -> GapLink:
    """Record the link; at least one of project, budget line or a free reference is needed."""
    standard = get_standard(session, standard_code)
    project_id = None
    if project_code:
        project = session.scalars(select(Project).where(Project.code == project_code)).first()
        if project is None:
            raise NotFoundError(f"no program project with code '{project_code}'")
        project_id = project.id
    if budget_line_id is not None and session.get(BudgetLine, budget_line_id) is None:
        raise NotFoundError(f"no budget line {budget_line_id}")
    if project_id is None and budget_line_id is None and not (reference or "").strip():
        raise InputError("give a project, a budget line or a reference", field="link")
    link = GapLink(
        unit_id=unit.id,
        standard_id=standard.id,
        project_id=project_id,
        budget_line_id=budget_line_id,
        reference=(reference or "").strip() or None,
        source=source,
        synthetic=False,
    )
    add_audited(
        session,
        link,
        entity="standard_gap_link",
        key=f"{unit.key}:{standard.code}",
        user=user,
        origin=origin,
        new={"project": project_code, "budget_line": budget_line_id, "reference": reference},
    )  # fmt: skip
    return link
