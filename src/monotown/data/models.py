"""Indicator tables: the catalog, stored values, the values imports replaced, DHIS2 org unit codes.

A value is keyed by settlement x indicator x period; there is one stored value per key. An import
that replaces a value first copies it into `indicator_value_replaced` with the replacing batch, so
undoing that batch can put it back exactly. Settlements have no DHIS2 column of their own (the
registry belongs to another capability), so their DHIS2 org unit codes live in `settlement_dhis2`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from monotown.db import Base
from monotown.records.provenance import utcnow
from monotown.registry.models import Settlement

ROLES = ("indicator", "context")
DIRECTIONS = ("higher", "lower", "target")
FLAGS = ("official", "estimate", "synthetic")
PERIOD_TYPES = ("year", "quarter", "month")


class Indicator(Base):
    """One catalog entry: what is measured, in what unit, and which way is better."""

    __tablename__ = "indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    pillar: Mapped[str] = mapped_column(String(32), index=True)
    role: Mapped[str] = mapped_column(String(16), default="indicator")
    name_en: Mapped[str] = mapped_column(String(200))
    name_ru: Mapped[str | None] = mapped_column(String(300))
    name_kk: Mapped[str | None] = mapped_column(String(300))
    unit: Mapped[str] = mapped_column(String(40))
    direction: Mapped[str] = mapped_column(String(8))
    target: Mapped[float | None] = mapped_column(Float)
    min_value: Mapped[float | None] = mapped_column(Float)
    max_value: Mapped[float | None] = mapped_column(Float)
    description: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(500))
    dhis2_code: Mapped[str | None] = mapped_column(String(64), unique=True)

    __table_args__ = (
        CheckConstraint("length(code) > 0", name="code_not_empty"),
        CheckConstraint("role IN ('indicator', 'context')", name="role_known"),
        CheckConstraint("direction IN ('higher', 'lower', 'target')", name="direction_known"),
        CheckConstraint(
            "direction <> 'target' OR target IS NOT NULL", name="target_given_for_target"
        ),
        CheckConstraint(
            "min_value IS NULL OR max_value IS NULL OR min_value <= max_value",
            name="range_ordered",
        ),
    )

    def name(self, lang: str = "en") -> str:
        return {"ru": self.name_ru, "kk": self.name_kk}.get(lang) or self.name_en


class IndicatorValue(Base):
    """A value of one indicator for one settlement and period, with the batch that wrote it."""

    __tablename__ = "indicator_value"

    id: Mapped[int] = mapped_column(primary_key=True)
    # No cascade: a settlement with values is deleted only by asking for it, and its values then
    # go as an undoable batch (data.settlement_values.delete_settlement).
    settlement_id: Mapped[int] = mapped_column(ForeignKey("settlement.id"))
    # No index of its own: the unique key serves lookups, and every index slows bulk imports.
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"))
    period: Mapped[str] = mapped_column(String(7))
    period_type: Mapped[str] = mapped_column(String(8))
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    flag: Mapped[str] = mapped_column(String(10), default="official")
    source: Mapped[str | None] = mapped_column(String(500))
    note: Mapped[str | None] = mapped_column(Text)
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batch.id", ondelete="SET NULL"), index=True
    )

    settlement: Mapped[Settlement] = relationship()
    indicator: Mapped[Indicator] = relationship()

    __table_args__ = (
        # The unique key serves a town's values and single-value lookups; the indexes below serve
        # the API's other filters (indicator or pillar; period type, years, flag) without a scan
        # of the whole table. Every index is written on every imported value, so they stay few
        # (migration 0016_h8 folded three single-purpose ones into one).
        UniqueConstraint("settlement_id", "indicator_id", "period"),
        Index("ix_indicator_value_indicator_period", "indicator_id", "period", "settlement_id"),
        Index("ix_indicator_value_period_year_flag", "period_type", "year", "flag"),
        # An indicator's values by value (the listing's `sort=value`), read in index order.
        Index("ix_indicator_value_indicator_value", "indicator_id", "value"),
        CheckConstraint("flag IN ('official', 'estimate', 'synthetic')", name="flag_known"),
        CheckConstraint("period_type IN ('year', 'quarter', 'month')", name="period_type_known"),
        CheckConstraint("year >= 1900 AND year <= 2100", name="year_plausible"),
    )


class ReplacedValue(Base):
    """A stored value an import replaced (`--update`, or a real value over a synthetic one).

    `replaced_by` is the batch that replaced it, `batch_id` the batch that had written it; undoing
    `replaced_by` restores these rows exactly.
    """

    __tablename__ = "indicator_value_replaced"

    id: Mapped[int] = mapped_column(primary_key=True)
    replaced_by: Mapped[int] = mapped_column(
        ForeignKey("import_batch.id", ondelete="CASCADE"), index=True
    )
    replaced_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    settlement_id: Mapped[int] = mapped_column(ForeignKey("settlement.id", ondelete="CASCADE"))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"))
    period: Mapped[str] = mapped_column(String(7))
    period_type: Mapped[str] = mapped_column(String(8))
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    flag: Mapped[str] = mapped_column(String(10))
    source: Mapped[str | None] = mapped_column(String(500))
    note: Mapped[str | None] = mapped_column(Text)
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batch.id", ondelete="SET NULL"), index=True
    )

    __table_args__ = (
        Index("ix_indicator_value_replaced_key", "settlement_id", "indicator_id", "period"),
    )


class SettlementDhis2(Base):
    """The DHIS2 organisation unit code (or UID) of a settlement, for DHIS2 imports and exports."""

    __tablename__ = "settlement_dhis2"

    settlement_id: Mapped[int] = mapped_column(
        ForeignKey("settlement.id", ondelete="CASCADE"), primary_key=True
    )
    org_unit: Mapped[str] = mapped_column(String(64), unique=True)

    settlement: Mapped[Settlement] = relationship()

    __table_args__ = (CheckConstraint("length(org_unit) > 0", name="org_unit_not_empty"),)
