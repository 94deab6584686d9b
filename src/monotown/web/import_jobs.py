"""Confirmed imports run in a thread of their own, so a long file can show its progress.

The confirming request starts the job and waits a moment: a small file is done by then and the
answer is as if it had run in the request. A long one answers with a page that polls (htmx) the
job's phase and count until it ends. The thread runs in the process that took the confirmation;
what it reports is kept where every server process sees it (`import_board`), so a poll that
reaches another worker shows the same progress and the same end.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from monotown.accounts.roles import Principal
from monotown.data.import_board import ImportBoard, JobState, Reporter
from monotown.data.uploads import discard_upload, get_upload
from monotown.errors import MonotownError
from monotown.records.imports import ImportReport
from monotown.web.importing import REJECTED, run_upload

WAIT_SECONDS = 2.0


@dataclass
class ImportJob:
    """A job running in this process."""

    token: str
    username: str
    reporter: Reporter
    outcome: ImportReport | None = None
    error: MonotownError | None = None
    done: threading.Event = field(default_factory=threading.Event)

    def state(self) -> JobState:
        status = "failed" if self.error else self.outcome.status if self.outcome else "running"
        batch = self.outcome.batch_id if self.outcome else None
        return JobState("ended" if self.done.is_set() else "running", 0, status, batch, self.error)


_running: dict[str, ImportJob] = {}
_lock = threading.Lock()


def find_job(board: ImportBoard, token: str, username: str) -> JobState | None:
    """The job of this upload, wherever it runs (None: none was started)."""
    return board.find(token, username)


def start_import(
    sessions: sessionmaker[Session],
    board: ImportBoard,
    token: str,
    principal: Principal,
    *,
    skip_invalid: bool,
    origin: str,
) -> ImportJob:
    """Run the upload's import in a thread (its own transaction); the same upload twice at once
    in this process is one job."""
    with _lock:
        running = _running.get(token)
        if running is not None and not running.done.is_set():
            return running
        board.start(token, principal.username)
        job = _running[token] = ImportJob(token, principal.username, board.reporter(token))
    thread = threading.Thread(
        target=_run,
        args=(sessions, board, job, principal, skip_invalid, origin),
        name=f"import-{token[:8]}",
        daemon=True,
    )
    thread.start()
    job.done.wait(WAIT_SECONDS)
    return job


def _run(
    sessions: sessionmaker[Session],
    board: ImportBoard,
    job: ImportJob,
    principal: Principal,
    skip_invalid: bool,
    origin: str,
) -> None:
    session = sessions()
    try:
        upload = get_upload(session, job.token, principal.username)
        outcome = run_upload(
            session, upload, principal, dry_run=False, skip_invalid=skip_invalid,
            origin=origin, progress=job.reporter,
        )  # fmt: skip
        if outcome.status == REJECTED:
            session.rollback()
        else:
            discard_upload(session, upload)
            session.commit()
        job.outcome = outcome
    except MonotownError as error:
        session.rollback()
        job.error = error
    except Exception as error:
        session.rollback()
        job.error = MonotownError(f"the import failed: {type(error).__name__}")
        raise
    finally:
        session.close()
        state = job.state()
        try:
            board.finish(job.token, state.status, state.batch_id, job.error)
        finally:
            with _lock:
                _running.pop(job.token, None)
            job.done.set()


def job_state(state: JobState) -> dict[str, Any]:
    return {"phase": state.phase, "count": state.count, "done": state.done}
