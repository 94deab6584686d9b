"""Stored assessment runs: the recipe (methodology text and hash), the input snapshot and, per unit,
the results (index, rank, group, pillar and indicator scores, uncertainty figures)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from monotown.db import Base
from monotown.models.columns import Keyed, owned_by
from monotown.records.provenance import utcnow


class AssessmentRun(Keyed, Base):
    """One run of the assessment: enough to reproduce it and to compare it with another."""

    __tablename__ = "assessment_run"

    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user: Mapped[str] = mapped_column(String(120))
    label: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(16), default="database")
    period: Mapped[int | None] = mapped_column(Integer, index=True)
    methodology_name: Mapped[str] = mapped_column(String(200))
    methodology_yaml: Mapped[str] = mapped_column(Text)
    methodology_hash: Mapped[str] = mapped_column(String(64), index=True)
    input_snapshot: Mapped[str] = mapped_column(String(64))
    max_batch_id: Mapped[int | None] = mapped_column(Integer)
    n_units: Mapped[int] = mapped_column(Integer)
    n_indicators: Mapped[int] = mapped_column(Integer)
    replications: Mapped[int] = mapped_column(Integer, default=0)
    seed: Mapped[int | None] = mapped_column(Integer)
    seconds: Mapped[float | None] = mapped_column(Float)
    weights: Mapped[Any] = mapped_column(JSON)
    dropped: Mapped[Any | None] = mapped_column(JSON)
    treatment: Mapped[Any | None] = mapped_column(JSON)
    sensitivity: Mapped[Any | None] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)

    results: Mapped[list[AssessmentResultRow]] = relationship(
        back_populates="run", cascade="all, delete-orphan", order_by="AssessmentResultRow.rank"
    )
    artifacts: Mapped[list[AssessmentArtifact]] = relationship(
        back_populates="run", cascade="all, delete-orphan"
    )

    __table_args__ = (
        CheckConstraint("source IN ('database', 'file')", name="source_known"),
        CheckConstraint("n_units >= 0 AND n_indicators >= 0 AND replications >= 0", name="counts"),
    )


class AssessmentResultRow(Keyed, Base):
    """One unit's results in one run."""

    __tablename__ = "assessment_result"

    run_id: Mapped[int] = owned_by("assessment_run")
    unit_code: Mapped[str] = mapped_column(String(64))
    unit_name: Mapped[str] = mapped_column(String(200))
    score: Mapped[float | None] = mapped_column(Float)
    rank: Mapped[int | None] = mapped_column(Integer)
    group_name: Mapped[str | None] = mapped_column(String(60))
    coverage: Mapped[float | None] = mapped_column(Float)
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    pillars: Mapped[Any] = mapped_column(JSON)
    indicators: Mapped[Any] = mapped_column(JSON)
    imputed: Mapped[Any] = mapped_column(JSON)
    median_rank: Mapped[float | None] = mapped_column(Float)
    rank_p05: Mapped[float | None] = mapped_column(Float)
    rank_p95: Mapped[float | None] = mapped_column(Float)
    group_probabilities: Mapped[Any | None] = mapped_column(JSON)

    run: Mapped[AssessmentRun] = relationship(back_populates="results")

    __table_args__ = (
        UniqueConstraint("run_id", "unit_code"),
        CheckConstraint("rank IS NULL OR rank >= 1", name="rank_positive"),
        CheckConstraint("coverage IS NULL OR (coverage >= 0 AND coverage <= 1)", name="coverage"),
    )


class AssessmentArtifact(Keyed, Base):
    """A table a run keeps whole: its input snapshot (to regenerate it), the design and the
    per-replication scores and ranks of its Monte Carlo, the convergence of its indices.

    `content` is compressed (gzip of JSON for tables, numpy's compressed npz for replication
    arrays), `media_type` says which.
    """

    __tablename__ = "assessment_artifact"

    run_id: Mapped[int] = owned_by("assessment_run")
    kind: Mapped[str] = mapped_column(String(32))
    media_type: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer, default=0)
    content: Mapped[bytes] = mapped_column(LargeBinary)

    run: Mapped[AssessmentRun] = relationship(back_populates="artifacts")

    __table_args__ = (
        UniqueConstraint("run_id", "kind"),
        CheckConstraint(
            "kind IN ('input', 'design', 'replications', 'convergence')", name="kind_known"
        ),
    )
