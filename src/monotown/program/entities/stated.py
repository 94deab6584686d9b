"""Agreements, initiatives and town statements as importable entities.

Their bodies and towns live in the generic link tables (`program_record_body`,
`program_record_town`) keyed by the entity name, so one resolver serves every kind of record.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, object_session

from monotown.program import fields
from monotown.program.bodies import resolve_body
from monotown.program.body_models import RecordBody, RecordTown
from monotown.program.entities.base import (
    Column,
    Entity,
    provenance_columns,
    town_render,
    towns_render,
)
from monotown.program.stated_models import Agreement, Initiative, TownStatement
from monotown.program.vocabulary import AGREEMENT_KINDS, INITIATIVE_KINDS, TOWN_STATEMENT_KINDS


def _linked_bodies(kind: str) -> tuple[Any, Any]:
    def get(record: Any) -> list[str]:
        session = object_session(record)
        if session is None or record.id is None:
            return []
        query = (
            select(RecordBody.spelled)
            .where(RecordBody.record_kind == kind, RecordBody.record_id == record.id)
            .order_by(RecordBody.position)
        )
        return list(session.scalars(query))

    def set_(session: Session, record: Any, value: list[str] | None) -> None:
        wanted = list(value or [])
        if record.id is not None and get(record) == wanted:
            return
        session.add(record)
        session.flush()  # the record needs its id before links can name it
        session.execute(
            delete(RecordBody).where(
                RecordBody.record_kind == kind, RecordBody.record_id == record.id
            )
        )
        session.add_all(
            RecordBody(
                record_kind=kind,
                record_id=record.id,
                position=index,
                spelled=name,
                body_id=resolve_body(session, name),
            )
            for index, name in enumerate(wanted)
        )

    return get, set_


def _linked_towns(kind: str) -> tuple[Any, Any]:
    def get(record: Any) -> list[int]:
        session = object_session(record)
        if session is None or record.id is None:
            return []
        query = (
            select(RecordTown.settlement_id)
            .where(RecordTown.record_kind == kind, RecordTown.record_id == record.id)
            .order_by(RecordTown.position)
        )
        return list(session.scalars(query))

    def set_(session: Session, record: Any, value: list[int] | None) -> None:
        wanted = list(value or [])
        if record.id is not None and get(record) == wanted:
            return
        session.add(record)
        session.flush()  # the record needs its id before links can name it
        session.execute(
            delete(RecordTown).where(
                RecordTown.record_kind == kind, RecordTown.record_id == record.id
            )
        )
        session.add_all(
            RecordTown(record_kind=kind, record_id=record.id, position=index, settlement_id=town)
            for index, town in enumerate(wanted)
        )

    return get, set_


def bodies_column(kind: str, name: str, help_text: str) -> Column:
    get, set_ = _linked_bodies(kind)
    return Column(name, fields.names(), help_text, get=get, set=set_)


def towns_column(kind: str) -> Column:
    get, set_ = _linked_towns(kind)
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
    key = ("code",)
    columns = (
        Column("code", fields.text(64), "unique code of the agreement", required=True),
        Column(
            "kind",
            fields.choice(AGREEMENT_KINDS),
            "memorandum, offtake or long_term_contract",
            required=True,
        ),
        Column("title", fields.text(400), "what the agreement is", required=True),
        bodies_column("agreements", "parties", "the parties, separated by ';'"),
        towns_column("agreements"),
        Column("signed_year", fields.year(), "year signed (as precise as the source allows)"),
        Column("subject", fields.text(5000), "what the parties agreed on"),
        *provenance_columns(),
    )


class InitiativeEntity(Entity):
    name = "initiatives"
    title = "Program directions, groups, measures and regional programs"
    model = Initiative
    key = ("code",)
    columns = (
        Column("code", fields.text(64), "unique code", required=True),
        Column("kind", fields.choice(INITIATIVE_KINDS), ", ".join(INITIATIVE_KINDS), required=True),
        Column("name", fields.text(400), "name", required=True),
        Column(
            "parent", fields.text(64), "code of the initiative it belongs to", attr="parent_code"
        ),
        bodies_column("initiatives", "responsible", "responsible bodies, separated by ';'"),
        towns_column("initiatives"),
        Column("year_from", fields.year(), "first year"),
        Column("year_to", fields.year(), "last year"),
        Column("description", fields.text(5000), "what it is, in the words of its source"),
        *provenance_columns(),
    )

    def validate(self, values: dict[str, Any]) -> list[tuple[str, str]]:
        start, end = values.get("year_from"), values.get("year_to")
        if start is not None and end is not None and end < start:
            return [("year_to", f"must be on or after year_from ({start})")]
        return []


class TownStatementEntity(Entity):
    name = "town_statements"
    title = "Statements about towns (weakest, declining ...)"
    model = TownStatement
    key = ("code",)
    columns = (
        Column("code", fields.text(64), "unique code", required=True),
        Column(
            "town",
            fields.town(),
            "the town (any language, or code)",
            required=True,
            attr="settlement_id",
            render=town_render,
        ),
        Column(
            "kind",
            fields.choice(TOWN_STATEMENT_KINDS),
            ", ".join(TOWN_STATEMENT_KINDS),
            required=True,
        ),
        Column("year", fields.year(), "the year the statement is about"),
        Column("statement", fields.text(5000), "what the source says", required=True),
        *provenance_columns(),
    )
