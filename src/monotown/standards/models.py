"""Standards tables: the catalog of regional standards, provision records, replaced records, and
links from a gap (standard x settlement) to the projects or budget lines that address it.

A provision record says whether one settlement met one standard in one year, with the batch that
wrote it. An import that replaces a record copies it first into `standard_provision_replaced`, so
undoing that batch restores it exactly (the same scheme as indicator values).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Float,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from monotown.data.models import Replaced
from monotown.db import Base
from monotown.models.columns import (
    Coded,
    Keyed,
    LocalisedName,
    ValueProvenance,
    owned_by,
    reference,
    sql_in,
)

MEASURES = ("presence", "ratio", "distance", "travel_time")
COMPARISONS = ("at_least", "at_most")
PROVISION_FLAGS = ("official", "estimate", "derived", "synthetic")


class RegionalStandard(Coded, LocalisedName, Base):
    """One catalog entry: a facility or service some settlement categories must have, and the
    indicator that shows it (presence, a ratio to a norm, a distance or a travel time)."""

    __tablename__ = "regional_standard"

    area: Mapped[str] = mapped_column(String(32), index=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_ru: Mapped[str | None] = mapped_column(String(300))
    name_kk: Mapped[str | None] = mapped_column(String(300))
    categories: Mapped[str] = mapped_column(String(300))
    min_population: Mapped[int | None] = mapped_column(Integer)
    max_population: Mapped[int | None] = mapped_column(Integer)
    measure: Mapped[str] = mapped_column(String(16))
    norm: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(60))
    comparison: Mapped[str] = mapped_column(String(10), default="at_least")
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    indicator_code: Mapped[str | None] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(500))
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint(sql_in("measure", MEASURES), name="measure_known"),
        CheckConstraint(sql_in("comparison", COMPARISONS), name="comparison_known"),
        CheckConstraint("measure = 'presence' OR norm IS NOT NULL", name="norm_given"),
        CheckConstraint("weight > 0", name="weight_positive"),
        CheckConstraint(
            "min_population IS NULL OR max_population IS NULL OR min_population <= max_population",
            name="population_range_ordered",
        ),
    )


class ProvisionFields:
    """What a provision record says, stored or replaced: a unit met a standard in a year."""

    unit_id: Mapped[int] = reference("territorial_unit", ondelete="CASCADE")
    standard_id: Mapped[int] = reference("regional_standard")
    year: Mapped[int] = mapped_column(Integer)
    met: Mapped[bool] = mapped_column(Boolean)
    value: Mapped[float | None] = mapped_column(Float)


class StandardProvision(Keyed, ProvisionFields, ValueProvenance, Base):
    """Whether one settlement met one standard in one year (and the measured value, if any)."""

    __tablename__ = "standard_provision"

    __table_args__ = (
        UniqueConstraint("unit_id", "standard_id", "year"),
        # Covers the roll-up query (one year, every record) so it never touches the table.
        Index("ix_standard_provision_year", "year", "unit_id", "standard_id", "met"),
        CheckConstraint(sql_in("flag", PROVISION_FLAGS), name="flag_known"),
        CheckConstraint("year >= 1990 AND year <= 2100", name="year_plausible"),
    )


class ReplacedProvision(Keyed, Replaced, ProvisionFields, ValueProvenance, Base):
    """A provision record an import replaced; undoing `replaced_by` puts it back."""

    __tablename__ = "standard_provision_replaced"


class GapLink(Keyed, Base):
    """A project or budget line that addresses a gap (a standard a settlement does not meet)."""

    __tablename__ = "standard_gap_link"

    unit_id: Mapped[int] = owned_by("territorial_unit")
    standard_id: Mapped[int] = reference("regional_standard")
    project_id: Mapped[int | None] = reference("program_project", ondelete="CASCADE")
    budget_line_id: Mapped[int | None] = reference("program_budget_line", ondelete="CASCADE")
    reference: Mapped[str | None] = mapped_column(String(300))
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str | None] = mapped_column(String(500))
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint(
            "project_id IS NOT NULL OR budget_line_id IS NOT NULL OR reference IS NOT NULL",
            name="links_something",
        ),
    )
