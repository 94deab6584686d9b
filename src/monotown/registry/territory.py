"""The national settlement tree: region -> district or city -> rural district -> settlement.

A separate table from `settlement` (which holds the monotowns the registry is about) so that the
country's ~7,000 settlements do not crowd every registry list; a tree node that is a registry town
points at it through `settlement_id`, which makes the 27 monotowns ordinary members of the tree.
Support-village and satellite designations are dated records of their own, since a village can be
designated, lose the designation and be designated again.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from monotown.db import Base
from monotown.models.columns import (
    Keyed,
    LocalisedName,
    coordinate_checks,
    not_negative,
    owned_by,
    reference,
    sql_in,
)

UNIT_LEVELS = ("district", "city", "rural_district", "settlement")
SETTLEMENT_TYPES = ("city_republican", "city_regional", "city_district", "town", "village")
DESIGNATIONS = ("support_village", "satellite_village")


class _TreeRecord:
    """The last columns of both tree tables: the demo flag, the source and a note."""

    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str | None] = mapped_column(String(300))
    note: Mapped[str | None] = mapped_column(Text)


class TerritorialUnit(Keyed, LocalisedName, _TreeRecord, Base):
    """One node of the tree. Settlements carry their region and district so roll-ups need no
    recursive query; `key` is the stable name files use, `kato` the official classifier code
    when a source gives one (registry towns use their registry code as key)."""

    __tablename__ = "territorial_unit"

    key: Mapped[str] = mapped_column(String(64), unique=True)
    kato: Mapped[str | None] = mapped_column(String(12), unique=True)
    level: Mapped[str] = mapped_column(String(16))
    parent_id: Mapped[int | None] = owned_by("territorial_unit")
    region_id: Mapped[int] = reference("region", index=True)
    district_id: Mapped[int | None] = owned_by("territorial_unit")
    settlement_id: Mapped[int | None] = mapped_column(
        ForeignKey("settlement.id", ondelete="SET NULL"), unique=True
    )
    name_en: Mapped[str] = mapped_column(String(160))
    name_ru: Mapped[str] = mapped_column(String(160))
    name_kk: Mapped[str | None] = mapped_column(String(160))
    settlement_type: Mapped[str | None] = mapped_column(String(20))
    district_centre: Mapped[bool] = mapped_column(Boolean, default=False)
    rural_centre: Mapped[bool] = mapped_column(Boolean, default=False)
    population: Mapped[int | None] = mapped_column(Integer)
    population_year: Mapped[int | None] = mapped_column(Integer)
    population_synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)

    __table_args__ = (
        CheckConstraint(sql_in("level", UNIT_LEVELS), name="level_known"),
        CheckConstraint(
            f"settlement_type IS NULL OR {sql_in('settlement_type', SETTLEMENT_TYPES)}",
            name="settlement_type_known",
        ),
        CheckConstraint(
            "(level = 'settlement') = (settlement_type IS NOT NULL)", name="type_for_settlements"
        ),
        not_negative("population", "population_not_negative"),
        *coordinate_checks(),
        CheckConstraint("length(name_en) > 0 AND length(name_ru) > 0", name="names_not_empty"),
        CheckConstraint("length(key) > 0", name="key_not_empty"),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
    )


class SettlementDesignation(Keyed, _TreeRecord, Base):
    """A settlement designated a support village, or a satellite of one, from a date."""

    __tablename__ = "settlement_designation"

    unit_id: Mapped[int] = owned_by("territorial_unit")
    kind: Mapped[str] = mapped_column(String(20))
    support_unit_id: Mapped[int | None] = owned_by("territorial_unit")
    date_from: Mapped[dt.date | None] = mapped_column(Date)
    date_to: Mapped[dt.date | None] = mapped_column(Date)

    __table_args__ = (
        CheckConstraint(sql_in("kind", DESIGNATIONS), name="kind_known"),
        CheckConstraint(
            "(kind = 'satellite_village') = (support_unit_id IS NOT NULL)",
            name="satellite_names_support",
        ),
        CheckConstraint("support_unit_id IS NULL OR support_unit_id <> unit_id", name="not_own"),
        CheckConstraint(
            "date_to IS NULL OR date_from IS NULL OR date_to >= date_from", name="dates_ordered"
        ),
    )
