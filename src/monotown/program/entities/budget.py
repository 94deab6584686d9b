"""Budget lines as an importable entity: one purpose in one town, year and source."""

from __future__ import annotations

from typing import Any

from monotown.program import fields
from monotown.program.entities.base import (
    Column,
    Entity,
    choice_column,
    reference_column,
    town_column,
)
from monotown.program.models import BudgetLine, Plan
from monotown.program.vocabulary import BUDGET_SOURCES


class BudgetLineEntity(Entity):
    name = "budget"
    title = "Budget lines"
    model = BudgetLine
    key = ("plan", "town", "year", "budget_source", "purpose")
    columns = (
        reference_column(
            "plan",
            Plan,
            "plan",
            "code of the program or plan financing it (may be empty)",
            required=False,
        ),
        town_column("the town (empty for lines not tied to one town)", required=False),
        Column("year", fields.year(), "budget year", required=True),
        choice_column("budget_source", BUDGET_SOURCES),
        Column("purpose", fields.text(300), "what the money is for", required=True),
        Column("planned_kzt", fields.number(), "planned, tenge"),
        Column("allocated_kzt", fields.number(), "allocated, tenge"),
        Column("disbursed_kzt", fields.number(), "disbursed (spent), tenge"),
    )
    order = (BudgetLine.year, BudgetLine.budget_source, BudgetLine.settlement_id, BudgetLine.id)

    def checks(self, values: dict[str, Any]) -> list[tuple[str, str]]:
        allocated, disbursed = values.get("allocated_kzt"), values.get("disbursed_kzt")
        if allocated is not None and disbursed is not None and disbursed > allocated:
            return [
                (
                    "disbursed_kzt",
                    f"exceeds allocated_kzt ({fields.to_text(allocated)}); "
                    "disbursements cannot be more than the allocation",
                )
            ]
        return []
