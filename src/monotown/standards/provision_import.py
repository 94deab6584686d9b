"""Importing provision records from CSV or XLSX: check every row, then write all or nothing.

Columns: `settlement` (tree key, KATO code, or registry town code), `standard` (catalog code),
`year`, and `met` (yes/no) or `value` (a measured value, judged against the standard's norm), with
optional `flag`, `source`, `note`. Every problem of every row is reported as
`file:row: field 'f' value 'v': reason`; with any problem nothing is written. A record differing
from a stored official/estimate/derived one is a problem unless `update`; synthetic records are
replaced. Replaced records are kept so that undoing the batch restores them exactly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from monotown.data.importer import file_sha256
from monotown.data.readers import open_table
from monotown.errors import InputError, format_location
from monotown.records import imports as records_imports
from monotown.records.provenance import (
    ImportBatch,
    current_user,
    finish_batch,
    utcnow,
)
from monotown.registry.models import Settlement
from monotown.registry.territory import TerritorialUnit
from monotown.standards.bulk import insert_tuples
from monotown.standards.models import (
    PROVISION_FLAGS,
    RegionalStandard,
    ReplacedProvision,
    StandardProvision,
)

KIND = "standards"
REQUIRED = ("settlement", "standard", "year")
OPTIONAL = ("met", "value", "flag", "source", "note")
YES = {"yes", "y", "true", "1", "met", "да", "иә"}
NO = {"no", "n", "false", "0", "not met", "нет", "жоқ"}
# A provision record's stored columns; a replaced record keeps them all (undo puts it back).
RECORD_COLUMNS = (
    "unit_id",
    "standard_id",
    "year",
    "met",
    "value",
    "flag",
    "source",
    "note",
    "batch_id",
)


@dataclass
class ProvisionReport:
    file_name: str
    status: str
    rows_total: int = 0
    n_new: int = 0
    n_changed: int = 0
    n_unchanged: int = 0
    issues: list[str] = field(default_factory=list)
    batch_id: int | None = None

    def summary(self) -> str:
        return f"{self.n_new} new, {self.n_changed} changed, {self.n_unchanged} unchanged"

    def as_records_report(self) -> records_imports.ImportReport:
        """The records layer's one report shape (the issues, which carry their row in their
        text, as problems of the file)."""
        return records_imports.ImportReport(
            kind=KIND, file=self.file_name,
            status="committed" if self.status == "rejected" else self.status,
            rows=self.rows_total, created=self.n_new, updated=self.n_changed,
            unchanged=self.n_unchanged, batch_id=self.batch_id, dry_run=self.status == "dry-run",
            problems=[records_imports.Problem(self.file_name, None, None, issue)
                      for issue in self.issues],
            details={"status": self.status},
        )  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        return {
            "file_name": self.file_name,
            "status": self.status,
            "rows_total": self.rows_total,
            "new": self.n_new,
            "changed": self.n_changed,
            "unchanged": self.n_unchanged,
            "issues": self.issues,
            "batch_id": self.batch_id,
            "summary": self.summary(),
        }


def met_by_norm(standard: RegionalStandard, value: float) -> bool:
    """Whether a measured value meets the standard: presence means value > 0."""
    if standard.measure == "presence" or standard.norm is None:
        return value > 0
    if standard.comparison == "at_most":
        return value <= standard.norm
    return value >= standard.norm


class _Lookup:
    """Settlement and standard names to ids, loaded once per import."""

    def __init__(self, session: Session) -> None:
        self.units: dict[str, int] = {}
        for unit_id, key, kato, code in session.execute(
            select(TerritorialUnit.id, TerritorialUnit.key, TerritorialUnit.kato, Settlement.code)
            .outerjoin(Settlement, Settlement.id == TerritorialUnit.settlement_id)
            .where(TerritorialUnit.level == "settlement")
        ):
            for name in (key, kato, code):
                if name:
                    self.units.setdefault(name.lower(), unit_id)
        self.standards = {s.code: s for s in session.scalars(select(RegionalStandard))}


def _check_row(
    raw: dict[str, str], lookup: _Lookup, *, file: str, row: int, issues: list[str]
) -> tuple[Any, ...] | None:
    def problem(column: str, value: str, reason: str) -> None:
        issues.append(format_location(reason, file=file, row=row, field=column, value=value))

    before = len(issues)
    unit_id = lookup.units.get(raw["settlement"].lower())
    if not raw["settlement"]:
        problem("settlement", "", "is empty")
    elif unit_id is None:
        problem("settlement", raw["settlement"], "no settlement of the tree has this key or code")
    standard = lookup.standards.get(raw["standard"])
    if standard is None:
        problem("standard", raw["standard"], "no standard with this code in the catalog")
    year = None
    try:
        year = int(raw["year"])
        if not 1990 <= year <= 2100:
            problem("year", raw["year"], "must be between 1990 and 2100")
    except ValueError:
        problem("year", raw["year"], "is not a year")
    value = None
    if raw.get("value"):
        try:
            value = float(raw["value"].replace(",", "."))
            if not math.isfinite(value):
                raise ValueError
        except ValueError:
            problem("value", raw["value"], "is not a finite number")
    met_text = raw.get("met", "").lower()
    met: bool | None = None
    if met_text:
        if met_text in YES:
            met = True
        elif met_text in NO:
            met = False
        else:
            problem("met", raw["met"], "must be yes or no")
    elif value is None:
        problem("met", "", "give met (yes/no) or a value")
    flag = raw.get("flag") or "official"
    if flag not in PROVISION_FLAGS:
        problem("flag", flag, f"must be one of {', '.join(PROVISION_FLAGS)}")
    if len(issues) > before or standard is None:
        return None
    if met is None and value is not None:
        met = met_by_norm(standard, value)
    elif (
        met is not None
        and value is not None
        and standard.norm is not None
        and met != met_by_norm(standard, value)
    ):
        problem("met", raw["met"], f"contradicts value {value:g} against norm {standard.norm:g}")
        return None
    return (
        unit_id,
        standard.id,
        year,
        met,
        value,
        flag,
        raw.get("source") or None,
        raw.get("note") or None,
    )


def _read_rows(
    path: Path, file: str, sheet: str | None
) -> tuple[list[tuple[int, dict[str, str]]], list[str]]:
    table = open_table(path, file=file, sheet=sheet)
    header = [name.strip().lower() for name in table.header]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)}", file=file, row=1)
    if "met" not in header and "value" not in header:
        raise InputError("needs a 'met' or a 'value' column", file=file, row=1)
    ignored = [name for name in header if name and name not in REQUIRED + OPTIONAL]
    positions = {name: header.index(name) for name in REQUIRED + OPTIONAL if name in header}
    rows: list[tuple[int, dict[str, str]]] = []
    for chunk in table.chunks:
        numbers = chunk["row"].tolist()
        columns = {
            name: chunk[index].astype(str).str.strip().tolist() for name, index in positions.items()
        }
        for i, number in enumerate(numbers):
            record = {name: columns[name][i] for name in positions}
            if any(record.values()):
                rows.append((int(number), record))
    return rows, ignored


def import_provision(
    session: Session,
    path: str | Path,
    *,
    sheet: str | None = None,
    update: bool = False,
    dry_run: bool = False,
    user: str | None = None,
    origin: str = "cli",
    file_name: str | None = None,
) -> ProvisionReport:
    """Check a provision file and (unless rejected or a dry run) write it as one batch."""
    path = Path(path)
    name = file_name or path.name
    if not path.is_file():
        raise InputError("no such file", file=str(path))
    rows, _ignored = _read_rows(path, name, sheet)
    lookup = _Lookup(session)
    issues: list[str] = []
    records: dict[tuple[int, int, int], tuple[Any, ...]] = {}
    first_row: dict[tuple[int, int, int], int] = {}
    for number, raw in rows:
        for column in REQUIRED + OPTIONAL:
            raw.setdefault(column, "")
        record = _check_row(raw, lookup, file=name, row=number, issues=issues)
        if record is None:
            continue
        key = (record[0], record[1], record[2])
        if key in records:
            issues.append(
                format_location(
                    f"the same settlement, standard and year as row {first_row[key]}",
                    file=name,
                    row=number,
                    field="standard",
                    value=raw["standard"],
                )
            )
            continue
        records[key] = record
        first_row[key] = number
    stored = _stored(session, list(records))
    report = ProvisionReport(file_name=name, status="dry-run", rows_total=len(rows))
    new, changed = [], []
    for key, record in records.items():
        old = stored.get(key)
        if old is None:
            new.append(record)
        elif (old.met, old.value, old.flag) == (record[3], record[4], record[5]):
            report.n_unchanged += 1
        elif old.flag != "synthetic" and not update:
            issues.append(
                format_location(
                    f"differs from the stored {old.flag} record "
                    f"(met={'yes' if old.met else 'no'}); import with --update to replace it",
                    file=name,
                    row=first_row[key],
                    field="met",
                    value="yes" if record[3] else "no",
                )
            )
        else:
            changed.append((record, old))
    report.n_new, report.n_changed = len(new), len(changed)
    report.issues = issues
    if not rows:
        issues.append(format_location("holds no record", file=name))
    if issues:
        report.status = "rejected"
        return report
    if dry_run:
        return report
    if not new and not changed:
        report.status = "no-op"
        return report
    report.batch_id = _write(session, path, name, report, new, changed, user, origin)
    report.status = "committed"
    return report


def _stored(session: Session, keys: list[tuple[int, int, int]]) -> dict[tuple[int, int, int], Any]:
    found: dict[tuple[int, int, int], Any] = {}
    for start in range(0, len(keys), 500):
        part = keys[start : start + 500]
        for record in session.scalars(
            select(StandardProvision).where(
                tuple_(
                    StandardProvision.unit_id, StandardProvision.standard_id, StandardProvision.year
                ).in_(part)
            )
        ):
            found[(record.unit_id, record.standard_id, record.year)] = record
    return found


def _write(
    session: Session,
    path: Path,
    name: str,
    report: ProvisionReport,
    new: list[tuple[Any, ...]],
    changed: list[tuple[tuple[Any, ...], StandardProvision]],
    user: str | None,
    origin: str,
) -> int:
    user = user or current_user()
    batch = ImportBatch(
        kind=KIND,
        file_name=name,
        sha256=file_sha256(path),
        format=path.suffix.lstrip(".") or "csv",
        user=user,
        started_at=utcnow(),
        status="committed",
        rows_total=report.rows_total,
        n_new=report.n_new,
        n_changed=report.n_changed,
        n_unchanged=report.n_unchanged,
    )
    session.add(batch)
    session.flush()
    for _record, old in changed:
        session.add(
            ReplacedProvision(
                replaced_by=batch.id, **{name: getattr(old, name) for name in RECORD_COLUMNS}
            )
        )
        session.delete(old)
    session.flush()
    rows = [(*record[:6], record[6] or name, record[7], batch.id) for record in new]
    rows += [(*record[:6], record[6] or name, record[7], batch.id) for record, _old in changed]
    insert_tuples(session, "standard_provision", RECORD_COLUMNS, rows)
    finish_batch(
        session,
        batch,
        user=user,
        origin=origin,
        summary={
            "kind": KIND,
            "file": name,
            "new": report.n_new,
            "changed": report.n_changed,
            "unchanged": report.n_unchanged,
        },
    )
    session.flush()
    return batch.id
