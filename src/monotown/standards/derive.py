"""Provision derived from indicator values: a standard with an `indicator_code` is met where the
settlement's value of that indicator for the year meets the standard's norm.

Only tree settlements linked to a registry town have indicator values. Derived records are
written as one batch (undoable) with flag 'derived', or 'synthetic' where the value behind them is
synthetic; stored official or estimate records are never replaced, derived and synthetic ones are.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown.data.models import Indicator, IndicatorValue
from monotown.records.provenance import (
    ImportBatch,
    current_user,
    finish_batch,
    utcnow,
)
from monotown.registry.territory import TerritorialUnit
from monotown.standards.bulk import insert_tuples
from monotown.standards.inputs import load_standards, load_units, pairs_applying
from monotown.standards.models import RegionalStandard, ReplacedProvision, StandardProvision
from monotown.standards.provision_import import KIND, RECORD_COLUMNS, met_by_norm

PROTECTED_FLAGS = ("official", "estimate")


@dataclass(frozen=True)
class DeriveReport:
    year: int
    derived: int
    replaced: int
    kept: int
    batch_id: int | None

    def summary(self) -> str:
        batch = f" as batch {self.batch_id}" if self.batch_id else ""
        return (
            f"{self.year}: {self.derived} records derived from indicator values{batch} "
            f"({self.replaced} replaced, {self.kept} stored official records kept)"
        )


def derive_from_indicators(
    session: Session, year: int, *, user: str | None = None, origin: str = "cli"
) -> DeriveReport:
    standards = [
        s for s in session.scalars(select(RegionalStandard)) if s.indicator_code is not None
    ]
    codes = {s.indicator_code for s in standards}
    values = session.execute(
        select(TerritorialUnit.id, Indicator.code, IndicatorValue.value, IndicatorValue.flag,
               IndicatorValue.batch_id)
        .join(IndicatorValue, IndicatorValue.settlement_id == TerritorialUnit.settlement_id)
        .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
        .where(IndicatorValue.year == year, IndicatorValue.period_type == "year",
               Indicator.code.in_(codes))
    ).all()  # fmt: skip
    by_code: dict[str, list[tuple[int, float, str, int | None]]] = {}
    for unit_id, code, value, flag, batch_id in values:
        by_code.setdefault(code, []).append((unit_id, value, flag, batch_id))
    units = load_units(session, year)
    catalog = load_standards(session)
    candidates: list[tuple[int, RegionalStandard, float, str, int | None]] = []
    for standard in standards:
        for unit_id, value, flag, batch_id in by_code.get(str(standard.indicator_code), []):
            candidates.append((unit_id, standard, value, flag, batch_id))
    if candidates:
        unit_pos = units.positions(np.array([c[0] for c in candidates], dtype=np.int64))
        std_pos = catalog.positions(np.array([c[1].id for c in candidates], dtype=np.int64))
        known = (unit_pos >= 0) & (std_pos >= 0)
        applies = np.zeros(len(candidates), dtype=bool)
        applies[known] = pairs_applying(units, catalog, unit_pos[known], std_pos[known])
        candidates = [c for c, keep in zip(candidates, applies.tolist(), strict=True) if keep]
    stored = {
        (r.unit_id, r.standard_id): r
        for r in session.scalars(select(StandardProvision).where(StandardProvision.year == year))
    }
    rows, replaced_rows, kept = [], [], 0
    for unit_id, standard, value, flag, value_batch in candidates:
        old = stored.get((unit_id, standard.id))
        if old is not None and old.flag in PROTECTED_FLAGS:
            kept += 1
            continue
        if old is not None:
            replaced_rows.append(old)
        record_flag = "synthetic" if flag == "synthetic" else "derived"
        source = f"indicator {standard.indicator_code} (value batch {value_batch})"
        rows.append((unit_id, standard.id, year, met_by_norm(standard, value), value,
                     record_flag, source, None))  # fmt: skip
    if not rows:
        return DeriveReport(year, 0, 0, kept, None)
    user = user or current_user()
    batch = ImportBatch(
        kind=KIND, file_name=f"derived from indicator values {year}", format="derived",
        user=user, started_at=utcnow(), status="committed", rows_total=len(rows),
        n_new=len(rows) - len(replaced_rows), n_changed=len(replaced_rows),
    )  # fmt: skip
    session.add(batch)
    session.flush()
    for old in replaced_rows:
        session.add(ReplacedProvision(
            replaced_by=batch.id, unit_id=old.unit_id, standard_id=old.standard_id, year=old.year,
            met=old.met, value=old.value, flag=old.flag, source=old.source, note=old.note,
            batch_id=old.batch_id,
        ))  # fmt: skip
        session.delete(old)
    session.flush()
    insert_tuples(session, "standard_provision", RECORD_COLUMNS,
                  [(*row, batch.id) for row in rows])  # fmt: skip
    finish_batch(
        session, batch, user=user, origin=origin,
        summary={"kind": KIND, "derived_from": "indicator values", "year": year,
                 "records": len(rows), "replaced": len(replaced_rows)},
    )  # fmt: skip
    return DeriveReport(year, len(rows), len(replaced_rows), kept, batch.id)
