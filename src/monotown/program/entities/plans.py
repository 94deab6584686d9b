"""Programs, plans and their measures as importable entities."""

from __future__ import annotations

from monotown.program import fields
from monotown.program.entities.base import (
    Column,
    Entity,
    choice_column,
    code_column,
    deadline_status_column,
    reference_column,
    town_column,
)
from monotown.program.models import Measure, Plan
from monotown.program.vocabulary import MEASURE_STATUSES, PLAN_KINDS


class PlanEntity(Entity):
    name = "plans"
    title = "Programs and plans"
    model = Plan
    columns = (
        code_column("unique code, e.g. cdp-2023-2027-balkhash"),
        choice_column("kind", PLAN_KINDS),
        Column("name", fields.text(300), "full name", required=True),
        town_column("the town a plan is for (empty for a national program)", required=False),
        Column("year_from", fields.year(), "first year covered", required=True),
        Column("year_to", fields.year(), "last year covered", required=True),
        Column("cost_kzt", fields.number(), "total cost in tenge"),
        Column("responsible", fields.text(300), "body responsible for the whole plan"),
        Column("approved_on", fields.date(), "date of approval"),
    )
    in_order = (("year_from", "year_to"),)


class MeasureEntity(Entity):
    name = "measures"
    title = "Measures of plans"
    model = Measure
    columns = (
        code_column("unique code of the measure"),
        reference_column("plan", Plan, "plan", "code of the plan the measure belongs to"),
        town_column("the town concerned", required=False),
        Column("action", fields.text(5000), "what is to be done", required=True),
        Column("cost_kzt", fields.number(), "cost in tenge"),
        Column("responsible", fields.text(300), "responsible body"),
        Column("deadline", fields.date(), "date by which it is due"),
        deadline_status_column(
            MEASURE_STATUSES,
            "planned, in_progress, done or cancelled ('overdue' is derived, never typed in)",
        ),
        Column("done_on", fields.date(), "date it was done"),
    )
    needed_in_status = (("done_on", "done"),)
