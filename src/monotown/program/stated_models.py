"""Records the program's texts state that have no other home: agreements (memoranda, offtake and
long-term contracts between bodies), initiatives (the program's directions, groups of towns and
their priority measures, regional programs, national programmes of works) and statements about
single towns (named weakest, reporting a decline)."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from monotown.db import Base
from monotown.models.columns import Coded, Provenanced, reference
from monotown.program.vocabulary import (
    AGREEMENT_KINDS,
    INITIATIVE_KINDS,
    TOWN_STATEMENT_KINDS,
    sql_in,
)


class Agreement(Coded, Provenanced, Base):
    """An agreement between bodies (parties in `program_record_body`), e.g. a 2012 memorandum."""

    __tablename__ = "program_agreement"

    kind: Mapped[str] = mapped_column(String(24))
    title: Mapped[str] = mapped_column(String(400))
    signed_year: Mapped[int | None] = mapped_column(Integer)
    subject: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (CheckConstraint(sql_in("kind", AGREEMENT_KINDS), name="kind_known"),)


class Initiative(Coded, Provenanced, Base):
    """A named part of the program: a direction, a group of towns, a priority measure, a regional
    program or a national programme of works; `parent` ties a measure to its group."""

    __tablename__ = "program_initiative"

    kind: Mapped[str] = mapped_column(String(24))
    name: Mapped[str] = mapped_column(String(400))
    parent_code: Mapped[str | None] = mapped_column(String(64))
    year_from: Mapped[int | None] = mapped_column(Integer)
    year_to: Mapped[int | None] = mapped_column(Integer)
    description: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint(sql_in("kind", INITIATIVE_KINDS), name="kind_known"),
        CheckConstraint(
            "year_from IS NULL OR year_to IS NULL OR year_to >= year_from", name="years_ordered"
        ),
    )


class TownStatement(Coded, Provenanced, Base):
    """What a text says about one town in a year (e.g. among the weakest performers in 2023)."""

    __tablename__ = "program_town_statement"

    settlement_id: Mapped[int] = reference("settlement", index=True)
    kind: Mapped[str] = mapped_column(String(32))
    year: Mapped[int | None] = mapped_column(Integer)
    statement: Mapped[str] = mapped_column(Text)

    __table_args__ = (CheckConstraint(sql_in("kind", TOWN_STATEMENT_KINDS), name="kind_known"),)
