"""Importing indicator values: check everything, then write all of it or nothing, as one batch.

The whole import runs in the caller's transaction: staging, checks, the batch record, the copies of
replaced values and the writes. A process killed at any point leaves the database as it was, since
nothing is committed before the end. Validation never stops at the first problem: every problem of
every row is collected (file, row, column, value, reason) and reported together.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from monotown.data.bulk_references import begin_without_foreign_keys
from monotown.data.import_report import ImportReport
from monotown.data.issues import read_issues, write_issues
from monotown.data.layouts import RECORD_COLUMNS, Layout, find_fields
from monotown.data.models import FLAGS
from monotown.data.resolve import Resolver
from monotown.data.staging import Stage
from monotown.data.value_files import open_layout
from monotown.db import session_scope
from monotown.errors import ConflictError, DatabaseNotReadyError, InputError
from monotown.planner_statistics import keep_statistics
from monotown.records.kinds import Actor
from monotown.records.provenance import ImportBatch, audit, current_user, utcnow
from monotown.registry.access import WriteScope, require_settlements

ERROR_LIMIT = 10_000
Progress = Callable[[str, int], None]
T = TypeVar("T")
__all__ = ["ImportReport", "import_file", "import_frame", "run_import"]


def _with_session(target: Session | Engine, work: Callable[[Session], T]) -> T:
    if isinstance(target, Session):
        return work(target)
    with session_scope(target) as session:
        return work(session)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def import_file(
    target: Session | Engine,
    path: str | Path,
    *,
    format: str = "auto",
    sheet: str | None = None,
    source: str | None = None,
    flag: str = "official",
    skip_invalid: bool = False,
    update: bool = False,
    dry_run: bool = False,
    user: str | None = None,
    origin: str = "cli",
    file_name: str | None = None,
    errors_path: str | Path | None = None,
    error_limit: int = ERROR_LIMIT,
    progress: Progress | None = None,
    scope: WriteScope | None = None,
) -> ImportReport:
    """Check a CSV, XLSX or DHIS2 JSON/CSV file of indicator values and write it as one batch.

    `format`: auto, long, wide or dhis2. `source` is stored on values whose row gives none (default:
    the file name); `flag` on values whose row gives none. With problems, nothing is written unless
    `skip_invalid` (then the good values are). A value differing from a stored official/estimate
    value is a problem unless `update`; synthetic values are always replaced, and every replaced
    value is kept so that `undo_batch` restores it. `dry_run` checks only. The report holds the
    first `error_limit` problems; `errors_path` receives all of them as CSV. `file_name` names an
    uploaded file whose bytes sit at `path`. `scope` (a regional editor) must cover every
    settlement the file writes to. Raises InputError when the file cannot be read at all.
    """
    path = Path(path)
    name = file_name or path.name
    if not path.is_file():
        raise InputError("no such file", file=str(path))
    sha = file_sha256(path)

    def work(session: Session) -> ImportReport:
        layout = open_layout(path, file=name, layout=format, sheet=sheet)
        return run_import(
            session,
            layout,
            sha256=sha,
            source=source,
            flag=flag,
            conflicts="replace" if update else "error",
            skip_invalid=skip_invalid,
            dry_run=dry_run,
            user=user,
            origin=origin,
            errors_path=errors_path,
            error_limit=error_limit,
            progress=progress,
            scope=scope,
        )

    return _with_session(target, work)


def frame_layout(frame: pd.DataFrame, *, name: str, chunk_rows: int = 100_000) -> Layout:
    """A long-form DataFrame (settlement, indicator, period, value[, note, flag, source]) as a
    record stream; row numbers are 1-based positions in the frame."""
    header = [str(column) for column in frame.columns]
    fields = find_fields(header)
    missing = [
        name for name in ("settlement", "indicator", "period", "value") if name not in fields
    ]
    if missing:
        raise InputError(f"the data frame needs column(s) {', '.join(missing)}", file=name)

    def records() -> Iterator[pd.DataFrame]:
        for start in range(0, len(frame), chunk_rows):
            chunk = frame.iloc[start : start + chunk_rows]
            records = pd.DataFrame({"row": range(start + 1, start + 1 + len(chunk))})
            records["col"] = fields["value"]
            for field_name in RECORD_COLUMNS[2:]:
                if field_name in fields:
                    column = chunk.iloc[:, fields[field_name]]
                    texts = column.astype(object).where(column.notna(), "").astype(str)
                    records[field_name] = texts.str.strip(" ").to_numpy()
                else:
                    records[field_name] = ""
            yield records

    return Layout(name, "long", "frame", header, fields, records())


def import_frame(
    target: Session | Engine,
    frame: pd.DataFrame,
    *,
    name: str = "data frame",
    source: str | None = None,
    flag: str = "official",
    skip_invalid: bool = False,
    update: bool = False,
    dry_run: bool = False,
    user: str | None = None,
    origin: str = "api",
    batch_format: str | None = None,
    keep_stored: bool = False,
    scope: WriteScope | None = None,
) -> ImportReport:
    """Import a long-form DataFrame with the same checks as a file (for notebooks and loaders).

    `keep_stored` leaves differing stored official/estimate values alone instead of reporting them.
    """

    def work(session: Session) -> ImportReport:
        layout = frame_layout(frame, name=name)
        if batch_format:
            layout.container = batch_format
        return run_import(
            session,
            layout,
            sha256=None,
            source=source,
            flag=flag,
            conflicts="keep" if keep_stored else ("replace" if update else "error"),
            skip_invalid=skip_invalid,
            dry_run=dry_run,
            user=user,
            origin=origin,
            scope=scope,
        )

    return _with_session(target, work)


def run_import(
    session: Session,
    layout: Layout,
    *,
    sha256: str | None,
    source: str | None,
    flag: str,
    conflicts: str,
    skip_invalid: bool,
    dry_run: bool,
    user: str | None,
    origin: str,
    errors_path: str | Path | None = None,
    error_limit: int = ERROR_LIMIT,
    progress: Progress | None = None,
    scope: WriteScope | None = None,
) -> ImportReport:
    """Stage, check and (unless rejected or a dry run) write one layout's records."""
    if flag not in FLAGS:
        raise InputError(f"flag must be one of {', '.join(FLAGS)}", field="flag", value=flag)
    notify = progress or (lambda _phase, _count: None)
    begin_without_foreign_keys(session)
    started = utcnow()
    resolver = Resolver(session)
    if not resolver.indicator_codes:
        raise DatabaseNotReadyError(
            "the indicator catalog is empty; run 'monotown indicators load' first"
        )
    stage = Stage(session, layout, resolver)
    try:
        for chunk in layout.records:
            stage.add(chunk)
            notify("reading", stage.values_read)
        notify("checking", stage.values_read)
        stage.check(conflicts=conflicts, default_flag=flag)
        counts = stage.counts(default_flag=flag)
        report = ImportReport(
            file=layout.file,
            sha256=sha256,
            format=layout.description,
            status="dry-run",
            rows=stage.values_read,
            created=counts["new"],
            updated=counts["changed"],
            unchanged=counts["unchanged"],
            skipped=counts["invalid"],
            n_issues=counts["issues"],
            warnings=_warnings(session, layout, sha256),
        )
        if counts["issues"]:
            report.issues = list(read_issues(session, stage, layout, limit=error_limit))
            if errors_path is not None:
                write_issues(Path(errors_path), read_issues(session, stage, layout, limit=None))
        if dry_run:
            pass
        elif report.n_issues and not skip_invalid:
            report.status = "rejected"
        elif report.n_new + report.n_changed == 0:
            report.status = "no-op"
        else:
            require_settlements(session, scope, stage.settlement_ids(), f"'{layout.file}'")
            try:
                report.batch_id = _write(
                    session, stage, report, layout, source, flag, user, origin, started
                )
            except IntegrityError:
                # Only a concurrent import of the same keys can get here: ours were all checked.
                raise ConflictError(
                    "another import wrote some of the same values at the same time; "
                    "nothing was written, run the import again"
                ) from None
            report.status = "committed"
            notify("written", report.n_new + report.n_changed)
    except BaseException:
        # If the transaction is failing anyway, its rollback drops the tables.
        with contextlib.suppress(SQLAlchemyError):
            stage.close()
        raise
    stage.close()
    if report.status == "committed":
        # In the import's transaction: the planner's statistics commit with the values.
        keep_statistics(session)
    return report


def _write(
    session: Session,
    stage: Stage,
    report: ImportReport,
    layout: Layout,
    source: str | None,
    flag: str,
    user: str | None,
    origin: str,
    started: Any,
) -> int:
    user = user or current_user()
    batch = ImportBatch(
        kind="values",
        file_name=layout.file,
        sha256=report.sha256,
        format=layout.description,
        source=source,
        user=user,
        started_at=started,
        status="committed",
        rows_total=report.rows_total,
        n_new=report.n_new,
        n_changed=report.n_changed,
        n_unchanged=report.n_unchanged,
        n_invalid=report.n_invalid,
        note="; ".join(report.warnings) or None,
    )
    session.add(batch)
    session.flush()
    stage.write(
        batch_id=batch.id,
        source=source or layout.file,
        default_flag=flag,
        now=utcnow(),
        counts={"new": report.n_new, "changed": report.n_changed, "unchanged": report.n_unchanged},
    )
    batch.finished_at = utcnow()
    audit(
        session,
        Actor(user, origin),
        "import",
        "import_batch",
        str(batch.id),
        new={
            "file": layout.file,
            "sha256": report.sha256,
            "format": layout.description,
            "new": report.n_new,
            "changed": report.n_changed,
            "unchanged": report.n_unchanged,
            "invalid": report.n_invalid,
        },
        batch_id=batch.id,
    )
    session.flush()
    return batch.id


def _warnings(session: Session, layout: Layout, sha256: str | None) -> list[str]:
    warnings = []
    if layout.ignored:
        warnings.append(f"column(s) ignored: {', '.join(layout.ignored)}")
    if layout.skipped.get("deleted"):
        warnings.append(f"{layout.skipped['deleted']} value(s) marked deleted were skipped")
    if sha256:
        earlier = session.scalars(
            select(ImportBatch)
            .where(ImportBatch.sha256 == sha256, ImportBatch.status == "committed")
            .order_by(ImportBatch.id.desc())
        ).first()
        if earlier is not None:
            when = earlier.started_at.strftime("%Y-%m-%d %H:%M")
            warnings.append(f"the same file was imported before as batch {earlier.id} ({when})")
    return warnings
