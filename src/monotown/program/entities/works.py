"""Offtake and long-term contracts, industrial zones and infrastructure works as entities."""

from __future__ import annotations

from monotown.program import fields
from monotown.program.entities.base import (
    Column,
    Entity,
    choice_column,
    code_column,
    town_column,
)
from monotown.program.models import Contract, IndustrialZone, InfrastructureWork
from monotown.program.vocabulary import CONTRACT_KINDS, WORK_KINDS, WORK_STATUSES, ZONE_STATUSES


class ContractEntity(Entity):
    name = "contracts"
    title = "Offtake and long-term contracts"
    model = Contract
    columns = (
        code_column("unique code of the contract"),
        choice_column("kind", CONTRACT_KINDS),
        Column(
            "buyer", fields.text(300), "buyer (often the town-forming enterprise)", required=True
        ),
        Column("producer", fields.text(300), "local producer (supplier)", required=True),
        town_column("the producer's town"),
        Column("subject", fields.text(300), "goods or services supplied"),
        Column("value_kzt", fields.number(), "contract value, tenge"),
        Column("signed_on", fields.date(), "date signed", required=True),
        Column("term_months", fields.integer(minimum=1), "term in months"),
    )


class ZoneEntity(Entity):
    name = "zones"
    title = "Industrial zones"
    model = IndustrialZone
    columns = (
        code_column("unique code of the zone"),
        Column("name", fields.text(300), "name", required=True),
        town_column(),
        choice_column("status", ZONE_STATUSES),
        Column("area_ha", fields.number(minimum=0.001), "area in hectares"),
        Column("tenants", fields.integer(), "number of tenant enterprises"),
        Column("tenant_names", fields.text(5000), "tenants, separated by ';'"),
        Column("established_on", fields.date(), "date created"),
    )


class WorkEntity(Entity):
    name = "works"
    title = "Infrastructure works"
    model = InfrastructureWork
    columns = (
        code_column("unique code of the work"),
        town_column(),
        Column("object", fields.text(300), "the object worked on", required=True),
        choice_column("kind", WORK_KINDS),
        choice_column("status", WORK_STATUSES),
        Column("start_on", fields.date(), "start date"),
        Column("planned_end_on", fields.date(), "planned completion date"),
        Column("completed_on", fields.date(), "date completed"),
        Column("people_served", fields.integer(), "people served once done"),
        Column("cost_kzt", fields.number(), "cost, tenge"),
    )
    in_order = (("start_on", "planned_end_on"), ("start_on", "completed_on"))
    needed_in_status = (("completed_on", "completed"),)
