"""Directives as an importable entity; responsible bodies and towns are ';'-separated lists.

The stored status is open, done or extended. A real directive may have no deadline and no named
body when its source states none (the 2013 instructions); a demo one always has both. 'Overdue'
is refused on import: it follows from the deadline (or the extended deadline) and the day someone
asks (see `program.deadlines`).
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any

from sqlalchemy.orm import Session

from monotown.program import fields
from monotown.program.bodies import resolve_body
from monotown.program.entities.base import (
    Column,
    Entity,
    child_list,
    choice_column,
    code_column,
    deadline_status_column,
    towns_render,
)
from monotown.program.models import Directive, DirectiveBody, DirectiveTown
from monotown.program.vocabulary import DIRECTIVE_STATUSES


def _new_body(session: Session, index: int, body: str) -> DirectiveBody:
    return DirectiveBody(position=index, body=body, body_id=resolve_body(session, body))


def _new_town(_session: Session, index: int, town_id: int) -> DirectiveTown:
    return DirectiveTown(position=index, settlement_id=town_id)


_get_bodies, _set_bodies = child_list("bodies", attrgetter("body"), _new_body)
_get_towns, _set_towns = child_list("towns", attrgetter("settlement_id"), _new_town)


class DirectiveEntity(Entity):
    name = "directives"
    title = "Directives"
    model = Directive
    loads = (Directive.bodies, Directive.towns)
    columns = (
        code_column("unique code of the directive"),
        Column("issued_at", fields.text(300), "meeting or document it was issued at"),
        Column("issued_on", fields.date(), "date issued"),
        Column("text", fields.text(10000), "what must be done", required=True),
        Column(
            "responsible",
            fields.names(),
            "responsible bodies (ministries, akimats, holdings), separated by ';'; each "
            "spelling resolves to a body of the registry (empty: the text names none)",
            get=_get_bodies,
            set=_set_bodies,
        ),
        Column(
            "towns",
            fields.towns(),
            "towns concerned, separated by ';' (may be empty)",
            get=_get_towns,
            set=_set_towns,
            render=towns_render,
        ),
        Column("deadline", fields.date(), "original deadline (empty: none was set)"),
        Column(
            "deadline_stated",
            fields.text(200),
            "the deadline in the words of the source ('within two weeks'), if it gave one",
        ),
        choice_column(
            "deadline_precision",
            ("day", "month", "year"),
            "how precisely the source gives the deadline: day, month or year (empty: not said)",
            required=False,
        ),
        deadline_status_column(
            DIRECTIVE_STATUSES,
            "open, done or extended ('overdue' is derived from the deadline, never typed in)",
        ),
        Column("extended_to", fields.date(), "new deadline when extended"),
        Column("done_on", fields.date(), "date it was done"),
        Column("control_notes", fields.text(10000), "notes of the control over execution"),
        Column("evidence", fields.text(10000), "evidence of execution (documents, links)"),
    )
    strictly_in_order = (("deadline", "extended_to"),)
    in_order = (("issued_on", "deadline"),)
    needed_in_status = (("extended_to", "extended"), ("done_on", "done"))

    def checks(self, values: dict[str, Any]) -> list[tuple[str, str]]:
        if not values.get("responsible") and values.get("synthetic"):
            return [("responsible", "names no responsible body")]
        return []
