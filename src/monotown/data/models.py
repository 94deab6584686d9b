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
from monotown.models.columns import (
    AFTER_ID,
    Coded,
    Keyed,
    LocalisedName,
    ValueProvenance,
    reference,
)
from monotown.records.provenance import utcnow
from monotown.registry.models import Settlement

ROLES = ("indicator", "context")
DIRECTIONS = ("higher", "lower", "target")
FLAGS = ("official", "estimate", "synthetic")
PERIOD_TYPES = ("year", "quarter", "month")


class Replaced:
    """A row an import replaced, kept so that undoing that import puts it back exactly:
    `replaced_by` is the replacing batch (deleting it drops the row), `replaced_at` when."""

    replaced_by: Mapped[int] = mapped_column(
        ForeignKey("import_batch.id", ondelete="CASCADE"), index=True, sort_order=AFTER_ID
    )
    replaced_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, sort_order=AFTER_ID)


class Indicator(Coded, LocalisedName, Base):
    """One catalog entry: what is measured, in what unit, and which way is better."""

    __tablename__ = "indicator"

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


class ValueFields:
    """What a value says, stored or replaced (the settlement apart: only a replaced value goes
    with its settlement)."""

    # No index of its own: the unique key serves lookups, and every index slows bulk imports.
    indicator_id: Mapped[int] = reference("indicator")
    period: Mapped[str] = mapped_column(String(7))
    period_type: Mapped[str] = mapped_column(String(8))
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)


class IndicatorValue(Keyed, ValueFields, ValueProvenance, Base):
    """A value of one indicator for one settlement and period, with the batch that wrote it."""

    __tablename__ = "indicator_value"

    # No cascade: a settlement with values is deleted only by asking for it, and its values then
    # go as an undoable batch (data.settlement_values.delete_settlement).
    settlement_id: Mapped[int] = reference("settlement")

    settlement: Mapped[Settlement] = relationship()
    indicator: Mapped[Indicator] = relationship()

    __table_args__ = (
        # The unique key serves a town's values and single-value lookups; the indexes below serve
        # the API's other filters (indicator or pillar; period type, years, flag) without a scan
        # of the whole table. Every index is written on every imported value, so they stay few
        # (migration 0016_value_indexes folded three single-purpose ones into one).
        UniqueConstraint("settlement_id", "indicator_id", "period"),
        Index("ix_indicator_value_indicator_period", "indicator_id", "period", "settlement_id"),
        Index("ix_indicator_value_period_year_flag", "period_type", "year", "flag"),
        # An indicator's values by value (the listing's `sort=value`), read in index order.
        Index("ix_indicator_value_indicator_value", "indicator_id", "value"),
        # A region's values of some years: a range of periods per settlement, read (and counted)
        # without the rows when sorted by town, indicator or period (0017_value_settlement_period).
        Index("ix_indicator_value_settlement_period", "settlement_id", "period", "indicator_id"),
        CheckConstraint("flag IN ('official', 'estimate', 'synthetic')", name="flag_known"),
        CheckConstraint("period_type IN ('year', 'quarter', 'month')", name="period_type_known"),
        CheckConstraint("year >= 1900 AND year <= 2100", name="year_plausible"),
    )


class ReplacedValue(Keyed, Replaced, ValueFields, ValueProvenance, Base):
    """A stored value an import replaced (`--update`, or a real value over a synthetic one).

    `replaced_by` is the batch that replaced it, `batch_id` the batch that had written it; undoing
    `replaced_by` restores these rows exactly.
    """

    __tablename__ = "indicator_value_replaced"

    settlement_id: Mapped[int] = reference("settlement", ondelete="CASCADE")

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
