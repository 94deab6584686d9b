"""Investment and anchor projects, and their dated status history, as importable entities.

A project's status is the latest entry of its history. A project row names the status it is in,
since when and why; if that entry is not in the history yet, the import appends it (as a row of
`project_statuses`, audited and undone on its own).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from monotown.program import fields
from monotown.program.entities.base import (
    Column,
    Dependent,
    Entity,
    choice_column,
    code_column,
    reference_column,
    town_column,
)
from monotown.program.models import Project, ProjectStatus
from monotown.program.vocabulary import PROJECT_KINDS, PROJECT_STATUSES


def latest_status(project: Project) -> ProjectStatus | None:
    """The history entry with the latest date (ties: the one recorded last)."""
    if not project.history:
        return None
    return max(project.history, key=lambda entry: (entry.status_on, entry.id or 0))


def _latest_field(name: str) -> Any:
    def get(project: Project) -> Any:
        entry = latest_status(project)
        return getattr(entry, name) if entry is not None else None

    return get


class ProjectEntity(Entity):
    name = "projects"
    title = "Investment and anchor projects"
    model = Project
    has_dependents = True
    loads = (Project.history,)
    columns = (
        code_column("unique code of the project"),
        Column("name", fields.text(300), "project name", required=True),
        choice_column("kind", PROJECT_KINDS),
        town_column(),
        Column("sector", fields.text(120), "sector, e.g. mining and chemical"),
        Column("investor", fields.text(300), "investor"),
        Column("value_kzt", fields.number(), "value in tenge"),
        Column("planned_jobs", fields.integer(), "jobs planned"),
        Column("actual_jobs", fields.integer(), "jobs created so far"),
        Column("start_on", fields.date(), "start date"),
        Column("planned_end_on", fields.date(), "planned completion date"),
        Column("commissioned_on", fields.date(), "date put into operation"),
        choice_column(
            "status",
            PROJECT_STATUSES,
            "current status: planned, under_implementation, operating, idle or cancelled",
            stored=False,
            get=_latest_field("status"),
        ),
        Column(
            "status_on",
            fields.date(),
            "date the project entered that status (default: the date of the import)",
            stored=False,
            get=_latest_field("status_on"),
        ),
        Column(
            "status_reason",
            fields.text(5000),
            "why it entered that status",
            stored=False,
            get=_latest_field("reason"),
        ),
    )
    in_order = (("start_on", "planned_end_on"), ("start_on", "commissioned_on"))

    def dependents(self, record: Any, incoming: dict[str, Any], today: dt.date) -> list[Dependent]:
        status = incoming.get("status")
        if status is None:
            return []
        latest = latest_status(record)
        status_on = incoming.get("status_on")
        if status_on is None:
            same = latest is not None and latest.status == status
            status_on = latest.status_on if same and latest is not None else today
        values: dict[str, Any] = {
            "project": record.id,
            "status_on": status_on,
            "status": status,
            "synthetic": incoming.get("synthetic", record.synthetic),
            "source": incoming.get("source", record.source),
        }
        if "status_reason" in incoming:
            values["reason"] = incoming["status_reason"]
        return [Dependent("project_statuses", values)]


class ProjectStatusEntity(Entity):
    name = "project_statuses"
    title = "Status history of projects"
    model = ProjectStatus
    key = ("project", "status_on", "status")
    columns = (
        reference_column("project", Project, "project", "code of the project"),
        Column("status_on", fields.date(), "date the status was entered", required=True),
        choice_column("status", PROJECT_STATUSES),
        Column("reason", fields.text(5000), "why"),
    )
    joins = (Project,)
    order = (Project.code, ProjectStatus.status_on, ProjectStatus.id)
