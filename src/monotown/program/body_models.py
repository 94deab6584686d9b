"""The registry of responsible bodies, and the links from records to the bodies and towns they name.

A body is one organisation whatever a text calls it: its names in three languages, its former names
and its aliases (abbreviations, short forms) all resolve to it, so "directives by responsible body"
counts the Ministry of National Economy once whether a text says "MNE" or "Regional Development
Ministry". Links keep the spelling the source used next to the resolved body.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from monotown.db import Base
from monotown.models.columns import Coded, Keyed, reference
from monotown.program.vocabulary import BODY_KINDS, sql_in


class Body(Coded, Base):
    """A ministry, akimat, holding, company or agency that can be made responsible for something."""

    __tablename__ = "program_body"

    kind: Mapped[str] = mapped_column(String(20))
    name_en: Mapped[str] = mapped_column(String(300))
    name_ru: Mapped[str | None] = mapped_column(String(300))
    name_kk: Mapped[str | None] = mapped_column(String(300))
    former_names: Mapped[str | None] = mapped_column(Text)
    aliases: Mapped[str | None] = mapped_column(Text)
    region_code: Mapped[str | None] = mapped_column(String(16))
    settlement_id: Mapped[int | None] = reference("settlement", index=True)
    source: Mapped[str | None] = mapped_column(String(500))

    __table_args__ = (CheckConstraint(sql_in("kind", BODY_KINDS), name="kind_known"),)


class RecordBody(Keyed, Base):
    """A body named by a record of `record_kind` (agreement party, initiative's responsible ...)."""

    __tablename__ = "program_record_body"

    record_kind: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)
    spelled: Mapped[str] = mapped_column(String(300))
    body_id: Mapped[int | None] = reference("program_body", ondelete="SET NULL", index=True)

    __table_args__ = (UniqueConstraint("record_kind", "record_id", "spelled"),)


class RecordTown(Keyed, Base):
    """A town a record of `record_kind` concerns."""

    __tablename__ = "program_record_town"

    record_kind: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)
    settlement_id: Mapped[int] = reference("settlement", index=True)

    __table_args__ = (UniqueConstraint("record_kind", "record_id", "settlement_id"),)
