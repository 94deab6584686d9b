"""Directives as an importable entity; responsible bodies and towns are ';'-separated lists.

The stored status is open, done or extended. A real directive may have no deadline and no named
body when its source states none (the 2013 instructions); a demo one always has both. 'Overdue'
is refused on import: it follows from the deadline (or the extended deadline) and the day someone
asks (see `program.deadlines`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from monotown.program import fields
from monotown.program.bodies import resolve_body
from monotown.program.entities.base import (
    Column,
    Entity,
    provenance_columns,
    require_order,
    towns_render,
)
from monotown.program.models import Directive, DirectiveBody, DirectiveTown
from monotown.program.vocabulary import DIRECTIVE_STATUSES


def _get_bodies(directive: Directive) -> list[str]:
    return [link.body for link in directive.bodies]


def _set_bodies(session: Session, directive: Directive, value: list[str] | None) -> None:
    wanted = list(value or [])
    if _get_bodies(directive) == wanted:
        return
    if directive.bodies:
        # Old rows must be gone before new ones reuse their (directive, body) pair.
        directive.bodies.clear()
        session.flush()
    directive.bodies.extend(
        DirectiveBody(position=index, body=body, body_id=resolve_body(session, body))
        for index, body in enumerate(wanted)
    )


def _get_towns(directive: Directive) -> list[int]:
    return [link.settlement_id for link in directive.towns]


def _set_towns(session: Session, directive: Directive, value: list[int] | None) -> None:
    wanted = list(value or [])
    if _get_towns(directive) == wanted:
        return
    if directive.towns:
        # Old rows must be gone before new ones reuse their (directive, town) pair.
        directive.towns.clear()
        session.flush()
    directive.towns.extend(
        DirectiveTown(position=index, settlement_id=town_id) for index, town_id in enumerate(wanted)
    )


class DirectiveEntity(Entity):
    name = "directives"
    title = "Directives"
    model = Directive
    key = ("code",)
    columns = (
        Column("code", fields.text(64), "unique code of the directive", required=True),
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
        Column(
            "deadline_precision",
            fields.choice(("day", "month", "year")),
            "how precisely the source gives the deadline: day, month or year (empty: not said)",
        ),
        Column(
            "status",
            fields.choice(
                DIRECTIVE_STATUSES, refused=fields.overdue_is_derived("open or extended")
            ),
            "open, done or extended ('overdue' is derived from the deadline, never typed in)",
            required=True,
        ),
        Column("extended_to", fields.date(), "new deadline when extended"),
        Column("done_on", fields.date(), "date it was done"),
        Column("control_notes", fields.text(10000), "notes of the control over execution"),
        Column("evidence", fields.text(10000), "evidence of execution (documents, links)"),
        *provenance_columns(),
    )

    def records(self, session: Session) -> Sequence[Any]:
        query = (
            select(Directive)
            .options(selectinload(Directive.bodies), selectinload(Directive.towns))
            .order_by(Directive.code)
        )
        return list(session.scalars(query))

    def validate(self, values: dict[str, Any]) -> list[tuple[str, str]]:
        problems = require_order(values, "deadline", "extended_to", strict=True)
        problems += require_order(values, "issued_on", "deadline")
        if not values.get("responsible") and values.get("synthetic"):
            problems.append(("responsible", "names no responsible body"))
        status = values.get("status")
        if status == "extended" and values.get("extended_to") is None:
            problems.append(("extended_to", "is required when status is extended"))
        if status == "done" and values.get("done_on") is None:
            problems.append(("done_on", "is required when status is done"))
        return problems
