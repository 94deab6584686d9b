"""Every importable kind of program record, by the name used on the command line and in files."""

from __future__ import annotations

from monotown.errors import NotFoundError
from monotown.program.entities.base import Column, Dependent, Entity
from monotown.program.entities.budget import BudgetLineEntity
from monotown.program.entities.directives import DirectiveEntity
from monotown.program.entities.event_records import CitationEntity, EventEntity, EventTextEntity
from monotown.program.entities.plans import MeasureEntity, PlanEntity
from monotown.program.entities.projects import ProjectEntity, ProjectStatusEntity
from monotown.program.entities.stated import (
    AgreementEntity,
    InitiativeEntity,
    TownStatementEntity,
)
from monotown.program.entities.targets import FactEntity, TargetActualEntity, TargetEntity
from monotown.program.entities.works import ContractEntity, WorkEntity, ZoneEntity

# Order matters when several entities are loaded together: referenced records come first.
ENTITIES: dict[str, Entity] = {
    entity.name: entity
    for entity in (
        FactEntity(),
        PlanEntity(),
        MeasureEntity(),
        ProjectEntity(),
        ProjectStatusEntity(),
        BudgetLineEntity(),
        DirectiveEntity(),
        ContractEntity(),
        ZoneEntity(),
        WorkEntity(),
        TargetEntity(),
        TargetActualEntity(),
        AgreementEntity(),
        InitiativeEntity(),
        TownStatementEntity(),
    )
}


# Written by program batches (intake) but never imported from files: see event_records.
EVENT_ENTITIES: dict[str, Entity] = {
    entity.name: entity for entity in (EventEntity(), EventTextEntity(), CitationEntity())
}


def audited_entity(name: str) -> Entity:
    """Any entity a program batch may have written (what undo restores), by name."""
    return EVENT_ENTITIES.get(name) or get_entity(name)


def get_entity(name: str) -> Entity:
    """The entity called `name` (e.g. 'projects'); the error lists the valid names."""
    key = name.strip().lower().replace("-", "_")
    if key in ENTITIES:
        return ENTITIES[key]
    raise NotFoundError(f"no program entity '{name}'; choose one of {', '.join(ENTITIES)}")


__all__ = [
    "ENTITIES",
    "EVENT_ENTITIES",
    "Column",
    "Dependent",
    "Entity",
    "audited_entity",
    "get_entity",
]
