"""Program monitoring tables: plans and measures, projects with status history, budget lines,
directives, contracts, industrial zones, infrastructure works, targets with actuals, and the
program-level facts stated at government sessions.

Every record carries `synthetic` (demo data made up by a fixed-seed generator, never to be read as a
fact), `source` (where a real record comes from) and `batch_id` (the import that last wrote it).
Money is in tenge, stored as double precision: the program's figures are whole tenge well below
2**53, so sums stay exact. Rules that protect the data are CHECK constraints, so the database
rejects bad rows whatever code writes them; 'overdue' cannot be stored at all.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Date,
    Float,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from monotown.db import Base
from monotown.models.columns import Coded, Keyed, Provenanced, not_negative, owned_by, reference
from monotown.program.vocabulary import (
    BUDGET_SOURCES,
    CONTRACT_KINDS,
    DIRECTIVE_STATUSES,
    MEASURE_STATUSES,
    PLAN_KINDS,
    PROJECT_KINDS,
    PROJECT_STATUSES,
    WORK_KINDS,
    WORK_STATUSES,
    ZONE_STATUSES,
    sql_in,
)


class Plan(Coded, Provenanced, Base):
    """A program (the 2012-2020 program) or a plan (a town's 2023-2027 comprehensive plan)."""

    __tablename__ = "program_plan"

    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(300))
    settlement_id: Mapped[int | None] = reference("settlement", index=True)
    year_from: Mapped[int] = mapped_column(Integer)
    year_to: Mapped[int] = mapped_column(Integer)
    cost_kzt: Mapped[float | None] = mapped_column(Float)
    responsible: Mapped[str | None] = mapped_column(String(300))
    approved_on: Mapped[dt.date | None] = mapped_column(Date)

    __table_args__ = (
        CheckConstraint(sql_in("kind", PLAN_KINDS), name="kind_known"),
        CheckConstraint("year_to >= year_from", name="years_ordered"),
        not_negative("cost_kzt", "cost_not_negative"),
    )


class Measure(Coded, Provenanced, Base):
    """One measure of a plan: what is to be done in which town, by whom, by when, at what cost."""

    __tablename__ = "program_measure"

    plan_id: Mapped[int] = reference("program_plan", index=True)
    settlement_id: Mapped[int | None] = reference("settlement", index=True)
    action: Mapped[str] = mapped_column(Text)
    cost_kzt: Mapped[float | None] = mapped_column(Float)
    responsible: Mapped[str | None] = mapped_column(String(300))
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    done_on: Mapped[dt.date | None] = mapped_column(Date)

    __table_args__ = (
        CheckConstraint(sql_in("status", MEASURE_STATUSES), name="status_known"),
        not_negative("cost_kzt", "cost_not_negative"),
    )


class Project(Coded, Provenanced, Base):
    """An anchor or investment project; its status is the latest entry of its dated history."""

    __tablename__ = "program_project"

    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(16))
    settlement_id: Mapped[int] = reference("settlement", index=True)
    sector: Mapped[str | None] = mapped_column(String(120))
    investor: Mapped[str | None] = mapped_column(String(300))
    value_kzt: Mapped[float | None] = mapped_column(Float)
    planned_jobs: Mapped[int | None] = mapped_column(Integer)
    actual_jobs: Mapped[int | None] = mapped_column(Integer)
    start_on: Mapped[dt.date | None] = mapped_column(Date)
    planned_end_on: Mapped[dt.date | None] = mapped_column(Date)
    commissioned_on: Mapped[dt.date | None] = mapped_column(Date)

    history: Mapped[list[ProjectStatus]] = relationship(
        back_populates="project", order_by="ProjectStatus.status_on", passive_deletes="all"
    )

    __table_args__ = (
        CheckConstraint(sql_in("kind", PROJECT_KINDS), name="kind_known"),
        not_negative("value_kzt", "value_not_negative"),
        not_negative("planned_jobs", "planned_jobs"),
        not_negative("actual_jobs", "actual_jobs"),
    )


class ProjectStatus(Keyed, Provenanced, Base):
    """A project entered a status on a date, for a reason."""

    __tablename__ = "program_project_status"

    project_id: Mapped[int] = reference("program_project", index=True)
    status: Mapped[str] = mapped_column(String(24))
    status_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(Text)

    project: Mapped[Project] = relationship(back_populates="history")

    __table_args__ = (
        UniqueConstraint("project_id", "status_on", "status"),
        CheckConstraint(sql_in("status", PROJECT_STATUSES), name="status_known"),
    )


class BudgetLine(Keyed, Provenanced, Base):
    """Money for one purpose in one town, year and source: planned, allocated and disbursed."""

    __tablename__ = "program_budget_line"

    plan_id: Mapped[int | None] = reference("program_plan", index=True)
    settlement_id: Mapped[int | None] = reference("settlement", index=True)
    year: Mapped[int] = mapped_column(Integer)
    budget_source: Mapped[str] = mapped_column(String(16))
    purpose: Mapped[str] = mapped_column(String(300))
    planned_kzt: Mapped[float | None] = mapped_column(Float)
    allocated_kzt: Mapped[float | None] = mapped_column(Float)
    disbursed_kzt: Mapped[float | None] = mapped_column(Float)

    __table_args__ = (
        UniqueConstraint("plan_id", "settlement_id", "year", "budget_source", "purpose"),
        CheckConstraint(sql_in("budget_source", BUDGET_SOURCES), name="budget_source_known"),
        CheckConstraint("year >= 1990 AND year <= 2100", name="year_plausible"),
        CheckConstraint(
            "(planned_kzt IS NULL OR planned_kzt >= 0) AND (allocated_kzt IS NULL OR "
            "allocated_kzt >= 0) AND (disbursed_kzt IS NULL OR disbursed_kzt >= 0)",
            name="amounts_not_negative",
        ),
        CheckConstraint("length(purpose) > 0", name="purpose_not_empty"),
    )


class Directive(Coded, Provenanced, Base):
    """An instruction issued at a meeting, with its deadline and control; never stored 'overdue'."""

    __tablename__ = "program_directive"

    issued_at: Mapped[str | None] = mapped_column(String(300))
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    # None when the instruction gives no deadline (the 2013 ones); `deadline_stated` keeps the
    # words of the text ("within two weeks") the date was resolved from.
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    deadline_stated: Mapped[str | None] = mapped_column(String(200))
    # day, month or year: "by the end of the year" is known to the day, "by 2028" to the year.
    deadline_precision: Mapped[str | None] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16))
    extended_to: Mapped[dt.date | None] = mapped_column(Date)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    control_notes: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)

    bodies: Mapped[list[DirectiveBody]] = relationship(
        order_by="DirectiveBody.position", cascade="all, delete-orphan"
    )
    towns: Mapped[list[DirectiveTown]] = relationship(
        order_by="DirectiveTown.position", cascade="all, delete-orphan"
    )

    __table_args__ = (
        CheckConstraint(sql_in("status", DIRECTIVE_STATUSES), name="status_known"),
        CheckConstraint(
            "status <> 'extended' OR extended_to IS NOT NULL", name="extension_has_date"
        ),
        CheckConstraint("extended_to IS NULL OR extended_to > deadline", name="extension_later"),
        CheckConstraint("status <> 'done' OR done_on IS NOT NULL", name="done_has_date"),
    )


class DirectiveBody(Keyed, Base):
    """A body responsible for a directive (ministry, akimat, holding), in the order given."""

    __tablename__ = "program_directive_body"

    directive_id: Mapped[int] = owned_by("program_directive")
    position: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(String(300))
    # The registry body the spelling resolves to (None: not in the registry).
    body_id: Mapped[int | None] = reference("program_body", ondelete="SET NULL", index=True)

    __table_args__ = (UniqueConstraint("directive_id", "body"),)


class DirectiveTown(Keyed, Base):
    """A town a directive concerns."""

    __tablename__ = "program_directive_town"

    directive_id: Mapped[int] = owned_by("program_directive")
    position: Mapped[int] = mapped_column(Integer)
    settlement_id: Mapped[int] = reference("settlement", index=True)

    __table_args__ = (UniqueConstraint("directive_id", "settlement_id"),)


class Contract(Coded, Provenanced, Base):
    """An offtake or long-term contract between a buyer and a local producer in a town."""

    __tablename__ = "program_contract"

    kind: Mapped[str] = mapped_column(String(16))
    buyer: Mapped[str] = mapped_column(String(300))
    producer: Mapped[str] = mapped_column(String(300))
    settlement_id: Mapped[int] = reference("settlement", index=True)
    subject: Mapped[str | None] = mapped_column(String(300))
    value_kzt: Mapped[float | None] = mapped_column(Float)
    signed_on: Mapped[dt.date] = mapped_column(Date)
    term_months: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        CheckConstraint(sql_in("kind", CONTRACT_KINDS), name="kind_known"),
        not_negative("value_kzt", "value_not_negative"),
        CheckConstraint("term_months IS NULL OR term_months > 0", name="term_positive"),
    )


class IndustrialZone(Coded, Provenanced, Base):
    """An industrial zone in a town: status, area and tenants."""

    __tablename__ = "program_industrial_zone"

    name: Mapped[str] = mapped_column(String(300))
    settlement_id: Mapped[int] = reference("settlement", index=True)
    status: Mapped[str] = mapped_column(String(24))
    area_ha: Mapped[float | None] = mapped_column(Float)
    tenants: Mapped[int | None] = mapped_column(Integer)
    tenant_names: Mapped[str | None] = mapped_column(Text)
    established_on: Mapped[dt.date | None] = mapped_column(Date)

    __table_args__ = (
        CheckConstraint(sql_in("status", ZONE_STATUSES), name="status_known"),
        CheckConstraint("area_ha IS NULL OR area_ha > 0", name="area_positive"),
        not_negative("tenants", "tenants_not_negative"),
    )


class InfrastructureWork(Coded, Provenanced, Base):
    """A repair or construction of engineering infrastructure in a town, and whom it serves."""

    __tablename__ = "program_infrastructure_work"

    settlement_id: Mapped[int] = reference("settlement", index=True)
    object: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    start_on: Mapped[dt.date | None] = mapped_column(Date)
    planned_end_on: Mapped[dt.date | None] = mapped_column(Date)
    completed_on: Mapped[dt.date | None] = mapped_column(Date)
    people_served: Mapped[int | None] = mapped_column(Integer)
    cost_kzt: Mapped[float | None] = mapped_column(Float)

    __table_args__ = (
        CheckConstraint(sql_in("kind", WORK_KINDS), name="kind_known"),
        CheckConstraint(sql_in("status", WORK_STATUSES), name="status_known"),
        not_negative("people_served", "people_served"),
        not_negative("cost_kzt", "cost_not_negative"),
    )


class Target(Coded, Provenanced, Base):
    """A quantified target: from a baseline (year, value) to a target (year, value)."""

    __tablename__ = "program_target"

    name: Mapped[str] = mapped_column(String(300))
    unit: Mapped[str] = mapped_column(String(64))
    scope: Mapped[str | None] = mapped_column(String(300))
    baseline_year: Mapped[int | None] = mapped_column(Integer)
    baseline_value: Mapped[float | None] = mapped_column(Float)
    target_year: Mapped[int] = mapped_column(Integer)
    target_value: Mapped[float] = mapped_column(Float)

    actuals: Mapped[list[TargetActual]] = relationship(
        back_populates="target", order_by="TargetActual.year", passive_deletes="all"
    )

    __table_args__ = (
        CheckConstraint(
            "baseline_year IS NULL OR baseline_year < target_year", name="years_ordered"
        ),
        CheckConstraint("(baseline_year IS NULL) = (baseline_value IS NULL)", name="baseline"),
    )


class TargetActual(Keyed, Provenanced, Base):
    """The value a target's indicator actually reached in a year."""

    __tablename__ = "program_target_actual"

    target_id: Mapped[int] = reference("program_target", index=True)
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)

    target: Mapped[Target] = relationship(back_populates="actuals")

    __table_args__ = (UniqueConstraint("target_id", "year"),)


class ProgramFact(Keyed, Provenanced, Base):
    """A program-level figure as stated at a government session (a real aggregate, not a sum)."""

    __tablename__ = "program_fact"

    as_of: Mapped[str] = mapped_column(String(32))
    event: Mapped[str] = mapped_column(String(300))
    topic: Mapped[str] = mapped_column(String(64))
    metric: Mapped[str] = mapped_column(String(120))
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(64))
    scope: Mapped[str | None] = mapped_column(String(300))

    __table_args__ = (UniqueConstraint("as_of", "event", "metric"),)


# Directive bodies refer to the body registry: keep its table in the metadata with these.
from monotown.program import body_models as _body_models  # noqa: E402,F401
