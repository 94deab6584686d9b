"""Confirmed imports run in a thread of their own, so a long file can show its progress.

The confirming request starts the job and waits a moment: a small file is done by then and the
answer is as if it had run in the request. A long one answers with a page that polls (htmx) the
job's phase and count until it ends. Jobs live in the server process that runs them; a poll that
reaches another process (several workers) is told to look at the import history instead.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from monotown.accounts.roles import Principal
from monotown.data.uploads import discard_upload, get_upload
from monotown.errors import MonotownError
from monotown.web.importing import ImportOutcome, run_upload

WAIT_SECONDS = 2.0
KEEP_SECONDS = 3600.0


@dataclass
class ImportJob:
    token: str
    username: str
    phase: str = "starting"
    count: int = 0
    outcome: ImportOutcome | None = None
    error: MonotownError | None = None
    finished_at: float | None = None
    done: threading.Event = field(default_factory=threading.Event)

    def report(self, phase: str, count: int) -> None:
        self.phase, self.count = phase, count


_jobs: dict[str, ImportJob] = {}
_lock = threading.Lock()


def find_job(token: str, username: str) -> ImportJob | None:
    with _lock:
        job = _jobs.get(token)
    return job if job is not None and job.username == username else None


def start_import(
    sessions: sessionmaker[Session],
    token: str,
    principal: Principal,
    *,
    skip_invalid: bool,
    origin: str,
) -> ImportJob:
    """Run the upload's import in a thread (its own transaction); the same upload twice at once
    is one job."""
    with _lock:
        _forget_old()
        running = _jobs.get(token)
        if running is not None and not running.done.is_set():
            return running
        job = _jobs[token] = ImportJob(token, principal.username)
    thread = threading.Thread(
        target=_run,
        args=(sessions, job, principal, skip_invalid, origin),
        name=f"import-{token[:8]}",
        daemon=True,
    )
    thread.start()
    job.done.wait(WAIT_SECONDS)
    return job


def _run(
    sessions: sessionmaker[Session],
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
            origin=origin, progress=job.report,
        )  # fmt: skip
        if outcome.status == "rejected":
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
        job.finished_at = time.monotonic()
        job.done.set()


def _forget_old() -> None:
    now = time.monotonic()
    for token, job in list(_jobs.items()):
        if job.finished_at is not None and now - job.finished_at > KEEP_SECONDS:
            del _jobs[token]


def job_state(job: ImportJob) -> dict[str, Any]:
    return {"phase": job.phase, "count": job.count, "done": job.done.is_set()}
