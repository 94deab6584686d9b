"""Programs, plans and their measures as importable entities."""

from __future__ import annotations

from typing import Any

from monotown.program import fields
from monotown.program.entities.base import (
    Column,
    Entity,
    code_render,
    provenance_columns,
    require_order,
    town_column,
)
from monotown.program.models import Measure, Plan
from monotown.program.vocabulary import MEASURE_STATUSES, PLAN_KINDS


class PlanEntity(Entity):
    name = "plans"
    title = "Programs and plans"
    model = Plan
    key = ("code",)
    columns = (
        Column("code", fields.text(64), "unique code, e.g. cdp-2023-2027-balkhash", required=True),
        Column("kind", fields.choice(PLAN_KINDS), "program or plan", required=True),
        Column("name", fields.text(300), "full name", required=True),
        town_column("the town a plan is for (empty for a national program)", required=False),
        Column("year_from", fields.year(), "first year covered", required=True),
        Column("year_to", fields.year(), "last year covered", required=True),
        Column("cost_kzt", fields.number(), "total cost in tenge"),
        Column("responsible", fields.text(300), "body responsible for the whole plan"),
        Column("approved_on", fields.date(), "date of approval"),
        *provenance_columns(),
    )

    def validate(self, values: dict[str, Any]) -> list[tuple[str, str]]:
        return require_order(values, "year_from", "year_to")


class MeasureEntity(Entity):
    name = "measures"
    title = "Measures of plans"
    model = Measure
    key = ("code",)
    columns = (
        Column("code", fields.text(64), "unique code of the measure", required=True),
        Column(
            "plan",
            fields.reference(Plan, "plan"),
            "code of the plan the measure belongs to",
            required=True,
            attr="plan_id",
            render=code_render(Plan),
        ),
        town_column("the town concerned", required=False),
        Column("action", fields.text(5000), "what is to be done", required=True),
        Column("cost_kzt", fields.number(), "cost in tenge"),
        Column("responsible", fields.text(300), "responsible body"),
        Column("deadline", fields.date(), "date by which it is due"),
        Column(
            "status",
            fields.choice(
                MEASURE_STATUSES, refused=fields.overdue_is_derived("planned or in_progress")
            ),
            "planned, in_progress, done or cancelled ('overdue' is derived, never typed in)",
            required=True,
        ),
        Column("done_on", fields.date(), "date it was done"),
        *provenance_columns(),
    )

    def validate(self, values: dict[str, Any]) -> list[tuple[str, str]]:
        if values.get("status") == "done" and values.get("done_on") is None:
            return [("done_on", "is required when status is done")]
        return []
