"""Where every server process sees how an import confirmed on the page is doing.

With several workers (`monotown serve --workers 2`) the page's progress poll may reach a process
other than the one running the import, so the state is kept in the database: a row per upload in
`web_import_job`, written in short transactions of its own (when the import starts, at most every
REPORT_EVERY seconds while it runs, and when it ends). On PostgreSQL those writes take no writers'
lock and go through while the import holds it. SQLite has one writer at a time and the import
holds it to the end, so there the running counts go to a small file beside the database instead
(replaced atomically, removed at the end) and only the start and the end are rows.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import DateTime, Integer, String, Text, delete, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from monotown.data.uploads import UserToken
from monotown.db import Base, is_sqlite, read_only, row_writes
from monotown.errors import MonotownError, StoredJobError
from monotown.records.provenance import utcnow

REPORT_EVERY = 0.5
KEEP = dt.timedelta(days=1)
RUNNING = "running"


class ImportJobRow(UserToken, Base):
    """An import confirmed on the page (its upload's token): phase, count and, once ended, how."""

    __tablename__ = "web_import_job"

    phase: Mapped[str] = mapped_column(String(16))
    count: Mapped[int] = mapped_column(Integer)
    # running, then committed / no-op / rejected (the import's status) or failed
    status: Mapped[str] = mapped_column(String(16))
    batch_id: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    error_status: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


@dataclass(frozen=True)
class JobState:
    """What any process knows of a job."""

    phase: str
    count: int
    status: str
    batch_id: int | None = None
    error: MonotownError | None = None

    @property
    def done(self) -> bool:
        return self.status != RUNNING


class ImportBoard:
    """Reads and writes the jobs of one database (call from worker threads: it blocks)."""

    def __init__(self, engine: Engine) -> None:
        self.writes = sessionmaker(bind=row_writes(engine), expire_on_commit=False)
        self.reads = sessionmaker(bind=read_only(engine), expire_on_commit=False)
        database = engine.url.database if is_sqlite(engine) else None
        self.folder = Path(f"{database}.imports") if database and database != ":memory:" else None

    def _file(self, token: str) -> Path | None:
        return self.folder / f"{token}.json" if self.folder is not None else None

    def _write(self, token: str, **values: object) -> None:
        session: Session = self.writes()
        try:
            values["updated_at"] = utcnow()
            session.execute(
                update(ImportJobRow).where(ImportJobRow.token == token).values(**values)
            )
            session.commit()
        finally:
            session.close()

    def start(self, token: str, username: str) -> None:
        """A new run of the upload's import (replacing an earlier, ended one); jobs ended long
        ago are forgotten."""
        session: Session = self.writes()
        try:
            session.execute(
                delete(ImportJobRow).where(
                    ImportJobRow.status != RUNNING, ImportJobRow.updated_at < utcnow() - KEEP
                )
            )
            row = session.scalars(
                select(ImportJobRow).where(ImportJobRow.token == token)
            ).one_or_none()
            if row is None:
                row = ImportJobRow(token=token)
                session.add(row)
            row.username, row.phase, row.count, row.status = username, "starting", 0, RUNNING
            row.batch_id = row.error = row.error_status = None
            row.updated_at = utcnow()
            session.commit()
        finally:
            session.close()

    def reporter(self, token: str) -> Reporter:
        return Reporter(self, token)

    def report(self, token: str, phase: str, count: int) -> None:
        path = self._file(token)
        if path is None:
            self._write(token, phase=phase, count=count)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".tmp")
        partial.write_text(json.dumps({"phase": phase, "count": count}), encoding="utf-8")
        os.replace(partial, path)

    def finish(
        self, token: str, status: str, batch_id: int | None, error: MonotownError | None
    ) -> None:
        self._write(
            token, status=status, batch_id=batch_id, phase="ended",
            error=error.message if error else None,
            error_status=error.http_status if error else None,
        )  # fmt: skip
        path = self._file(token)
        if path is not None:
            path.unlink(missing_ok=True)

    def find(self, token: str, username: str) -> JobState | None:
        """The job of this upload and user, as the process running it last recorded it."""
        session: Session = self.reads()
        try:
            row = session.scalars(
                select(ImportJobRow).where(
                    ImportJobRow.token == token, ImportJobRow.username == username
                )
            ).one_or_none()
            session.commit()
        finally:
            session.close()
        if row is None:
            return None
        error = StoredJobError(row.error, row.error_status or 500) if row.error else None
        phase, count = row.phase, row.count
        path = self._file(token)
        if row.status == RUNNING and path is not None:
            try:
                live = json.loads(path.read_text(encoding="utf-8"))
                phase, count = str(live["phase"]), int(live["count"])
            except (OSError, ValueError, KeyError, TypeError):
                pass  # not reported yet, or just ended
        return JobState(phase, count, row.status, row.batch_id, error)


class Reporter:
    """The import's progress callback: phase changes at once, counts at most every
    REPORT_EVERY seconds (a report never fails the import)."""

    def __init__(self, board: ImportBoard, token: str) -> None:
        self.board, self.token = board, token
        self.phase: str | None = None
        self.reported_at = float("-inf")

    def __call__(self, phase: str, count: int) -> None:
        now = time.monotonic()
        if phase == self.phase and now - self.reported_at < REPORT_EVERY:
            return
        self.phase, self.reported_at = phase, now
        # A failed report never fails the import: the next one tries again, the end is kept apart.
        with contextlib.suppress(OSError, SQLAlchemyError):
            self.board.report(self.token, phase, count)
