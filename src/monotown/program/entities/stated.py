"""Agreements, initiatives and town statements as importable entities.

Their bodies and towns live in the generic link tables (`program_record_body`,
`program_record_town`) keyed by the entity name, so one resolver serves every kind of record.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, object_session

from monotown.program import fields
from monotown.program.bodies import resolve_body
from monotown.program.body_models import RecordBody, RecordTown
from monotown.program.entities.base import (
    Column,
    Entity,
    choice_column,
    code_column,
    town_column,
    towns_render,
)
from monotown.program.stated_models import Agreement, Initiative, TownStatement
from monotown.program.vocabulary import AGREEMENT_KINDS, INITIATIVE_KINDS, TOWN_STATEMENT_KINDS


def _linked(
    kind: str,
    link: type[RecordBody] | type[RecordTown],
    value: str,
    link_fields: Callable[[Session, Any], dict[str, Any]],
) -> tuple[Any, Any]:
    """Getter and setter of a column kept in a generic link table (bodies or towns).

    The links of one record are its rows of `link` with this `kind`, in `position` order; `value`
    is the link's column the entity column shows, and `link_fields` gives a new link's fields.
    """

    def get(record: Any) -> list[Any]:
        session = object_session(record)
        if session is None or record.id is None:
            return []
        query = (
            select(getattr(link, value))
            .where(link.record_kind == kind, link.record_id == record.id)
            .order_by(link.position)
        )
        return list(session.scalars(query))

    def set_(session: Session, record: Any, wanted: list[Any] | None) -> None:
        wanted = list(wanted or [])
        if record.id is not None and get(record) == wanted:
            return
        session.add(record)
        session.flush()  # the record needs its id before links can name it
        session.execute(delete(link).where(link.record_kind == kind, link.record_id == record.id))
        session.add_all(
            link(
                record_kind=kind,
                record_id=record.id,
                position=index,
                **link_fields(session, item),
            )
            for index, item in enumerate(wanted)
        )

    return get, set_


def _body_link(session: Session, name: str) -> dict[str, Any]:
    return {"spelled": name, "body_id": resolve_body(session, name)}


def _town_link(_session: Session, town: int) -> dict[str, Any]:
    return {"settlement_id": town}


def bodies_column(kind: str, name: str, help_text: str) -> Column:
    get, set_ = _linked(kind, RecordBody, "spelled", _body_link)
    return Column(name, fields.names(), help_text, get=get, set=set_)


def towns_column(kind: str) -> Column:
    get, set_ = _linked(kind, RecordTown, "settlement_id", _town_link)
    return Column(
        "towns",
        fields.towns(),
        "towns concerned, separated by ';' (may be empty)",
        get=get,
        set=set_,
        render=towns_render,
    )


class AgreementEntity(Entity):
    name = "agreements"
    title = "Agreements (memoranda, offtake and long-term contracts)"
    model = Agreement
    columns = (
        code_column("unique code of the agreement"),
        choice_column("kind", AGREEMENT_KINDS),
        Column("title", fields.text(400), "what the agreement is", required=True),
        bodies_column("agreements", "parties", "the parties, separated by ';'"),
        towns_column("agreements"),
        Column("signed_year", fields.year(), "year signed (as precise as the source allows)"),
        Column("subject", fields.text(5000), "what the parties agreed on"),
    )


class InitiativeEntity(Entity):
    name = "initiatives"
    title = "Program directions, groups, measures and regional programs"
    model = Initiative
    columns = (
        code_column("unique code"),
        choice_column("kind", INITIATIVE_KINDS, ", ".join(INITIATIVE_KINDS)),
        Column("name", fields.text(400), "name", required=True),
        Column(
            "parent", fields.text(64), "code of the initiative it belongs to", attr="parent_code"
        ),
        bodies_column("initiatives", "responsible", "responsible bodies, separated by ';'"),
        towns_column("initiatives"),
        Column("year_from", fields.year(), "first year"),
        Column("year_to", fields.year(), "last year"),
        Column("description", fields.text(5000), "what it is, in the words of its source"),
    )
    in_order = (("year_from", "year_to"),)


class TownStatementEntity(Entity):
    name = "town_statements"
    title = "Statements about towns (weakest, declining ...)"
    model = TownStatement
    columns = (
        code_column("unique code"),
        town_column(),
        choice_column("kind", TOWN_STATEMENT_KINDS, ", ".join(TOWN_STATEMENT_KINDS)),
        Column("year", fields.year(), "the year the statement is about"),
        Column("statement", fields.text(5000), "what the source says", required=True),
    )
