"""Imports through the web and the API: preview an uploaded file (every problem against its row),
then write it as one batch, for indicator values (CSV, XLSX, DHIS2) and for program records.

The checking and writing belong to the data and program capabilities; this module picks the
right one and shapes their answers alike. Both check, once names are resolved and before writing,
that a regional editor's file touches only settlements of the editor's regions
(`registry.access`).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import distinct, select
from sqlalchemy.orm import Session

from monotown.accounts.roles import Principal
from monotown.data import import_file as import_values_file
from monotown.data.importer import Progress
from monotown.data.models import IndicatorValue
from monotown.data.uploads import Upload
from monotown.errors import ImportProblems, InputError, MonotownError
from monotown.program.entities import ENTITIES, get_entity
from monotown.program.fields import Lookups
from monotown.program.importer import import_tables, parse_table
from monotown.program.models import Project
from monotown.program.snapshots import TOWN_CODES
from monotown.program.tabular import table_from_bytes
from monotown.records.imports import ImportReport, Problem
from monotown.records.provenance import AuditEntry
from monotown.registry import find_settlement
from monotown.registry.models import Settlement

VALUES_KIND = "values"
VALUE_LAYOUTS = ("auto", "long", "wide", "dhis2")
IMPORT_KINDS = (VALUES_KIND, *ENTITIES)
ISSUES_SHOWN = 1000
# The status of an upload refused for its problems (nothing written).
REJECTED = "rejected"


# The names the answer had before it took the records layer's one shape, kept as aliases so that
# clients reading them keep working: alias -> field of `ImportReport.to_dict()`.
LEGACY_ALIASES = {
    "file_name": "file",
    "rows_total": "rows",
    "n_new": "created",
    "n_changed": "updated",
    "n_unchanged": "unchanged",
    "n_invalid": "skipped",
}


def import_answer(report: ImportReport) -> dict[str, Any]:
    """The JSON (and page data) of an upload's report: the one shape, `ImportReport.to_dict()`,
    plus the older names as aliases: `n_issues` (every problem, even beyond those listed) and
    `issues` (row, column, value, reason of each problem listed)."""
    data = report.to_dict()
    data.update({alias: data[name] for alias, name in LEGACY_ALIASES.items()})
    data["n_issues"] = int(report.details.get("issues", len(report.problems)))
    data["issues"] = [
        {"row": one.row, "column": one.field, "value": one.value, "reason": one.reason}
        for one in report.problems
    ]
    return data


def check_kind(kind: str, layout: str = "auto") -> None:
    if kind not in IMPORT_KINDS:
        raise InputError(f"use one of {', '.join(IMPORT_KINDS)}", field="kind", value=kind)
    if layout not in VALUE_LAYOUTS:
        raise InputError(f"use one of {', '.join(VALUE_LAYOUTS)}", field="layout", value=layout)


def _values(
    session: Session,
    upload: Upload,
    principal: Principal,
    *,
    dry_run: bool,
    skip_invalid: bool,
    origin: str,
    progress: Progress | None = None,
) -> ImportReport:
    suffix = "." + upload.format
    with tempfile.TemporaryDirectory(prefix="monotown-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(upload.content)
        values = import_values_file(
            session,
            path,
            format=upload.layout,
            file_name=upload.file_name,
            update=upload.replace_values,
            skip_invalid=skip_invalid,
            dry_run=dry_run,
            user=principal.username,
            origin=origin,
            error_limit=ISSUES_SHOWN,
            scope=principal,
            progress=progress,
        )
    return values.as_records_report(VALUES_KIND)


def _program(
    session: Session, upload: Upload, principal: Principal, *, dry_run: bool, origin: str
) -> ImportReport:
    entity = get_entity(upload.kind)
    if upload.format not in ("csv", "xlsx"):
        raise InputError("program records come in .csv or .xlsx files", file=upload.file_name)
    table = table_from_bytes(upload.content, upload.file_name, upload.format, sheet=entity.name)
    report = ImportReport(
        kind=entity.name, file=upload.file_name, status="dry-run", rows=len(table.rows),
        dry_run=dry_run,
    )  # fmt: skip
    try:
        parsed = parse_table(session, entity, table, Lookups(session))
    except ImportProblems as problems:
        report.status = "dry-run" if dry_run else REJECTED
        report.skipped = len({problem.row for problem in problems.problems})
        report.problems = [
            Problem.of(problem, upload.file_name) for problem in problems.problems[:ISSUES_SHOWN]
        ]
        report.details["issues"] = len(problems.problems)
        return report
    existing = {entity.key_of(entity.read(record)) for record in entity.records(session)}
    report.created = sum(1 for row in parsed if entity.key_of(row.values) not in existing)
    report.updated = len(parsed) - report.created  # new or changed; exact counts after writing
    if dry_run:
        return report
    result = import_tables(
        session,
        [(entity, table)],
        user=principal.username,
        origin=origin,
        note=f"{entity.name} from {table.file_name}",
        fingerprint=(table.file_name, table.format, table.sha256),
        scope=principal,
    )
    total = result.total
    report.status = "committed" if total.n_new + total.n_changed else "no-op"
    report.created, report.updated = total.n_new, total.n_changed
    report.unchanged = total.n_unchanged
    report.batch_id = result.batch_id
    return report


def run_upload(
    session: Session,
    upload: Upload,
    principal: Principal,
    *,
    dry_run: bool,
    skip_invalid: bool = False,
    origin: str = "web",
    progress: Progress | None = None,
) -> ImportReport:
    """Preview (`dry_run`) or import an uploaded file as `principal`, answered in the records
    layer's one report shape; status `rejected` (besides committed, no-op and dry-run) says the
    file had problems and nothing was written. A regional editor's import must write only to
    settlements of their regions (else PermissionDeniedError, nothing kept)."""
    if upload.kind == VALUES_KIND:
        return _values(
            session, upload, principal, dry_run=dry_run, skip_invalid=skip_invalid, origin=origin,
            progress=progress,
        )  # fmt: skip
    return _program(session, upload, principal, dry_run=dry_run, origin=origin)


def batch_region_ids(session: Session, batch_id: int, kind: str) -> set[int] | None:
    """Regions of every settlement a batch wrote or changed; None if it touched a record tied to
    no settlement (program-wide records, which regional editors may not change)."""
    if kind == VALUES_KIND:
        return set(
            session.scalars(
                select(Settlement.region_id)
                .join(IndicatorValue, IndicatorValue.settlement_id == Settlement.id)
                .where(IndicatorValue.batch_id == batch_id)
                .distinct()
            )
        )
    if kind == "standards":
        return standards_batch_region_ids(session, batch_id)
    regions: set[int] = set()
    entries = session.scalars(select(AuditEntry).where(AuditEntry.batch_id == batch_id))
    for entry in entries:
        if not entry.entity.startswith("program."):
            continue
        for snapshot in (entry.old, entry.new):
            if not isinstance(snapshot, dict):
                continue
            towns = snapshot_region_ids(session, snapshot)
            if towns is None:
                return None
            regions |= towns
    return regions


def snapshot_region_ids(session: Session, snapshot: dict[str, Any]) -> set[int] | None:
    """Regions of the towns an exported program record names (directly, in a list, or through
    its project); None if it names none. Towns are found by the codes the snapshot kept when it
    has them (a name can have become ambiguous since)."""
    kept = snapshot.get(TOWN_CODES)
    if isinstance(kept, dict):
        codes = [code for value in kept.values()
                 for code in (value if isinstance(value, list) else [value])]  # fmt: skip
        found = set(
            session.scalars(
                select(Settlement.region_id).where(Settlement.code.in_([str(c) for c in codes]))
            )
        )
        if codes and found:
            return found
    labels: list[str] = []
    if snapshot.get("town"):
        labels.append(str(snapshot["town"]))
    if isinstance(snapshot.get("towns"), list):
        labels += [str(label) for label in snapshot["towns"]]
    if not labels and snapshot.get("project"):
        town = session.scalar(
            select(Settlement.region_id)
            .join(Project, Project.settlement_id == Settlement.id)
            .where(Project.code == str(snapshot["project"]))
        )
        return {town} if town is not None else None
    if not labels:
        return None
    regions = set()
    for label in labels:
        try:
            regions.add(find_settlement(session, label).region_id)
        except MonotownError:
            return None
    return regions


def standards_batch_region_ids(session: Session, batch_id: int) -> set[int]:
    """Regions of the settlements a provision batch wrote or replaced."""
    from monotown.registry.territory import TerritorialUnit
    from monotown.standards.models import ReplacedProvision, StandardProvision

    regions: set[int] = set()
    for model, column in (
        (StandardProvision, StandardProvision.batch_id),
        (ReplacedProvision, ReplacedProvision.replaced_by),
    ):
        regions |= set(
            session.scalars(
                select(distinct(TerritorialUnit.region_id))
                .join(model, model.unit_id == TerritorialUnit.id)
                .where(column == batch_id)
            )
        )
    return regions
