"""Registry tables: regions, settlements, monotown status over time, enterprises, data sources.

Rules that protect the data (unique names per region, shares 0-100, valid coordinates) are declared
as constraints so the database itself rejects bad rows, whatever code writes them.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from monotown.db import Base
from monotown.models.columns import Keyed, coordinate_checks, owned_by, reference, sql_in

SETTLEMENT_KINDS = ("city", "town", "village", "support_village", "agglomeration", "district")
DATE_PRECISIONS = ("day", "month", "year")
POPULATION_SCOPES = ("city", "administration", "district", "unclear")
POPULATION_KINDS = ("census", "estimate")
MEMBERSHIPS = ("member", "not_member", "unknown")
FIGURE_BOUNDS = ("exact", "approximate", "lower", "upper", "text")


class DataSource(Keyed, Base):
    """Where a reference record comes from: every stored fact points at one of these."""

    __tablename__ = "data_source"

    key: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    publisher: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(500))
    retrieved: Mapped[dt.date | None] = mapped_column(Date)
    licence: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (CheckConstraint("length(key) > 0", name="key_not_empty"),)


class Region(Keyed, Base):
    __tablename__ = "region"

    code: Mapped[str] = mapped_column(String(16), unique=True)
    name_en: Mapped[str] = mapped_column(String(120), unique=True)
    name_ru: Mapped[str] = mapped_column(String(120), unique=True)
    name_kk: Mapped[str | None] = mapped_column(String(120), unique=True)
    source_id: Mapped[int | None] = reference("data_source")

    settlements: Mapped[list[Settlement]] = relationship(back_populates="region")
    source: Mapped[DataSource | None] = relationship()

    __table_args__ = (
        CheckConstraint("length(code) > 0", name="code_not_empty"),
        CheckConstraint("length(name_en) > 0", name="name_en_not_empty"),
    )


class Settlement(Keyed, Base):
    """A city, town, village, support village, agglomeration or district."""

    __tablename__ = "settlement"

    code: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    name_en: Mapped[str] = mapped_column(String(120))
    name_ru: Mapped[str] = mapped_column(String(120))
    name_kk: Mapped[str | None] = mapped_column(String(120))
    region_id: Mapped[int] = reference("region", index=True)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    parent_id: Mapped[int | None] = reference("settlement")
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(Text)
    source_id: Mapped[int | None] = reference("data_source")

    region: Mapped[Region] = relationship(back_populates="settlements")
    parent: Mapped[Settlement | None] = relationship(remote_side="Settlement.id")
    source: Mapped[DataSource | None] = relationship()
    statuses: Mapped[list[MonotownStatus]] = relationship(
        back_populates="settlement", order_by="MonotownStatus.date_from"
    )
    populations: Mapped[list[PopulationRecord]] = relationship(back_populates="settlement")
    town_forming: Mapped[list[TownFormingLink]] = relationship(back_populates="settlement")
    figures: Mapped[list[TownFigure]] = relationship(back_populates="settlement")

    __table_args__ = (
        UniqueConstraint("region_id", "name_en"),
        UniqueConstraint("region_id", "name_ru"),
        UniqueConstraint("region_id", "name_kk"),
        CheckConstraint(sql_in("kind", SETTLEMENT_KINDS), name="kind_known"),
        *coordinate_checks(),
        CheckConstraint("(latitude IS NULL) = (longitude IS NULL)", name="coords_paired"),
        CheckConstraint("length(name_en) > 0 AND length(name_ru) > 0", name="names_not_empty"),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
    )


class PopulationRecord(Keyed, Base):
    """Resident population of a settlement as one source reports it.

    `scope` keeps the city proper, the city administration (the city with its villages) and the
    district apart; `kind` says census or estimate; `as_of` is the reference date at its
    precision (the year alone when the source gives no day). Sources that disagree are separate
    records: none is dropped.
    """

    __tablename__ = "population_record"

    settlement_id: Mapped[int] = owned_by("settlement")
    year: Mapped[int | None] = mapped_column(Integer)
    population: Mapped[int] = mapped_column(Integer)
    approximate: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(Text)
    source_id: Mapped[int | None] = reference("data_source")
    scope: Mapped[str] = mapped_column(String(16), default="unclear", server_default="unclear")
    kind: Mapped[str] = mapped_column(String(12), default="estimate", server_default="estimate")
    as_of: Mapped[dt.date | None] = mapped_column(Date)
    as_of_precision: Mapped[str] = mapped_column(String(8), default="year", server_default="year")
    lower_bound: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    figure: Mapped[str | None] = mapped_column(String(200))
    quote: Mapped[str | None] = mapped_column(Text)

    settlement: Mapped[Settlement] = relationship(back_populates="populations")
    source: Mapped[DataSource | None] = relationship()

    __table_args__ = (
        UniqueConstraint("settlement_id", "year", "scope", "source_id"),
        CheckConstraint("population >= 0", name="population_not_negative"),
        CheckConstraint("year IS NULL OR (year >= 1800 AND year <= 2200)", name="year_plausible"),
        CheckConstraint(sql_in("scope", POPULATION_SCOPES), name="scope_known"),
        CheckConstraint(sql_in("kind", POPULATION_KINDS), name="kind_known"),
        CheckConstraint(sql_in("as_of_precision", DATE_PRECISIONS), name="as_of_precision"),
    )


class MonotownStatus(Keyed, Base):
    """Membership of a settlement in a monotown list over a span of time, and why it ended."""

    __tablename__ = "monotown_status"

    settlement_id: Mapped[int] = owned_by("settlement")
    list_code: Mapped[str] = mapped_column(String(32))
    date_from: Mapped[dt.date | None] = mapped_column(Date)
    from_precision: Mapped[str] = mapped_column(String(8), default="day")
    date_to: Mapped[dt.date | None] = mapped_column(Date)
    to_precision: Mapped[str] = mapped_column(String(8), default="day")
    reason: Mapped[str | None] = mapped_column(String(300))
    potential: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    source_id: Mapped[int | None] = reference("data_source")
    # 'member' (on the list from date_from to date_to), 'not_member' (known to be off it, since
    # date_from where known) or 'unknown' (no source says either way: never shown as "off").
    membership: Mapped[str] = mapped_column(String(12), default="member", server_default="member")
    confidence: Mapped[str | None] = mapped_column(String(60))
    quote: Mapped[str | None] = mapped_column(Text)

    settlement: Mapped[Settlement] = relationship(back_populates="statuses")
    source: Mapped[DataSource | None] = relationship()

    __table_args__ = (
        UniqueConstraint("settlement_id", "list_code", "date_from"),
        CheckConstraint("length(list_code) > 0", name="list_code_not_empty"),
        CheckConstraint(
            "date_to IS NULL OR date_from IS NULL OR date_to >= date_from", name="dates_ordered"
        ),
        CheckConstraint(sql_in("from_precision", DATE_PRECISIONS), name="from_precision"),
        CheckConstraint(sql_in("to_precision", DATE_PRECISIONS), name="to_precision"),
        CheckConstraint(
            "potential IS NULL OR potential IN ('high', 'average', 'low')", name="potential"
        ),
        CheckConstraint(sql_in("membership", MEMBERSHIPS), name="membership_known"),
    )


class Enterprise(Keyed, Base):
    __tablename__ = "enterprise"

    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    sector_code: Mapped[str | None] = mapped_column(String(16))
    sector_label: Mapped[str | None] = mapped_column(String(200))
    owner_group: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    source_id: Mapped[int | None] = reference("data_source")

    source: Mapped[DataSource | None] = relationship()
    links: Mapped[list[TownFormingLink]] = relationship(back_populates="enterprise")

    __table_args__ = (CheckConstraint("length(name) > 0", name="name_not_empty"),)


class TownFormingLink(Keyed, Base):
    """An enterprise is town-forming for a settlement."""

    __tablename__ = "town_forming_link"

    enterprise_id: Mapped[int] = owned_by("enterprise")
    settlement_id: Mapped[int] = owned_by("settlement")
    note: Mapped[str | None] = mapped_column(Text)
    source_id: Mapped[int | None] = reference("data_source")

    enterprise: Mapped[Enterprise] = relationship(back_populates="links")
    settlement: Mapped[Settlement] = relationship(back_populates="town_forming")
    shares: Mapped[list[TownFormingShare]] = relationship(
        back_populates="link", order_by="TownFormingShare.year", cascade="all, delete-orphan"
    )

    __table_args__ = (UniqueConstraint("enterprise_id", "settlement_id"),)


class TownFormingShare(Keyed, Base):
    """Yearly share (percent) of the town's employment and industrial output in one enterprise."""

    __tablename__ = "town_forming_share"

    link_id: Mapped[int] = owned_by("town_forming_link")
    year: Mapped[int] = mapped_column(Integer)
    employment_share_pct: Mapped[float | None] = mapped_column(Float)
    output_share_pct: Mapped[float | None] = mapped_column(Float)
    approximate: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(Text)
    source_id: Mapped[int | None] = reference("data_source")

    link: Mapped[TownFormingLink] = relationship(back_populates="shares")
    source: Mapped[DataSource | None] = relationship()

    __table_args__ = (
        UniqueConstraint("link_id", "year"),
        CheckConstraint(
            "employment_share_pct IS NULL OR "
            "(employment_share_pct >= 0 AND employment_share_pct <= 100)",
            name="employment_share_pct",
        ),
        CheckConstraint(
            "output_share_pct IS NULL OR (output_share_pct >= 0 AND output_share_pct <= 100)",
            name="output_share_pct",
        ),
        CheckConstraint("year >= 1900 AND year <= 2200", name="year_plausible"),
    )


class TownFigure(Keyed, Base):
    """A town-level figure a press source reports (unemployment, output, SMEs, budgets, ...).

    Kept as the source gives it: the period as written, the value as written (with its bound:
    'about', 'more than', 'less than'), the unit and the quote. `indicator_code` names the catalog
    indicator the figure is a value of, when it is one; the data capability stores those as real
    indicator values.
    """

    __tablename__ = "town_figure"

    settlement_id: Mapped[int] = owned_by("settlement")
    metric: Mapped[str] = mapped_column(String(200))
    period: Mapped[str] = mapped_column(String(120))
    year: Mapped[int | None] = mapped_column(Integer)
    value_text: Mapped[str] = mapped_column(String(120))
    value: Mapped[float | None] = mapped_column(Float)
    bound: Mapped[str] = mapped_column(String(12), default="exact")
    unit: Mapped[str | None] = mapped_column(String(60))
    indicator_code: Mapped[str | None] = mapped_column(String(64))
    quote: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    source_id: Mapped[int | None] = reference("data_source")

    settlement: Mapped[Settlement] = relationship(back_populates="figures")
    source: Mapped[DataSource | None] = relationship()

    __table_args__ = (
        UniqueConstraint("settlement_id", "metric", "period", "source_id"),
        CheckConstraint("length(metric) > 0", name="metric_not_empty"),
        CheckConstraint(sql_in("bound", FIGURE_BOUNDS), name="bound_known"),
        CheckConstraint("year IS NULL OR (year >= 1800 AND year <= 2200)", name="year_plausible"),
    )
