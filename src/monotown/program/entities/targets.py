"""Targets, their yearly actuals, and the program-level facts as importable entities.

The facts file has the columns of the bundled `program_facts.csv` (as_of, event, topic, metric,
value, unit, scope, note), so a newer fact sheet can be imported as it is.
"""

from __future__ import annotations

from typing import Any

from monotown.program import fields
from monotown.program.entities.base import (
    Column,
    Entity,
    code_column,
    reference_column,
)
from monotown.program.models import ProgramFact, Target, TargetActual


class TargetEntity(Entity):
    name = "targets"
    title = "Targets"
    model = Target
    columns = (
        code_column("unique code of the target"),
        Column("name", fields.text(300), "what is targeted", required=True),
        Column("unit", fields.text(64), "unit (percent, contracts, tenge ...)", required=True),
        Column("scope", fields.text(300), "where it applies (national, 20 towns ...)"),
        Column("baseline_year", fields.year(), "year of the baseline (empty if unknown)"),
        Column(
            "baseline_value",
            fields.number(minimum=None),
            "baseline value (empty if unknown)",
        ),
        Column("target_year", fields.year(), "year by which the target is due", required=True),
        Column("target_value", fields.number(minimum=None), "value to reach", required=True),
    )
    strictly_in_order = (("baseline_year", "target_year"),)

    def checks(self, values: dict[str, Any]) -> list[tuple[str, str]]:
        problems = []
        has_year = values.get("baseline_year") is not None
        has_value = values.get("baseline_value") is not None
        if has_year and not has_value:
            problems.append(("baseline_value", "is required when baseline_year is given"))
        if has_value and not has_year:
            problems.append(("baseline_year", "is required when baseline_value is given"))
        return problems


class TargetActualEntity(Entity):
    name = "target_actuals"
    title = "Actual values of targets"
    model = TargetActual
    key = ("target", "year")
    columns = (
        reference_column("target", Target, "target", "code of the target"),
        Column("year", fields.year(), "year of the actual value", required=True),
        Column("value", fields.number(minimum=None), "value reached", required=True),
    )
    joins = (Target,)
    order = (Target.code, TargetActual.year)


class FactEntity(Entity):
    name = "facts"
    title = "Program-level facts"
    model = ProgramFact
    key = ("as_of", "event", "metric")
    columns = (
        Column("as_of", fields.text(32), "year or period (2024, 2019-2023)", required=True),
        Column("event", fields.text(300), "where it was stated", required=True),
        Column("topic", fields.text(64), "topic (budget, anchor_projects ...)", required=True),
        Column("metric", fields.text(120), "what is measured", required=True),
        Column("value", fields.number(minimum=None), "the figure", required=True),
        Column("unit", fields.text(64), "unit (KZT, projects, percent ...)", required=True),
        Column("scope", fields.text(300), "what the figure covers"),
    )
