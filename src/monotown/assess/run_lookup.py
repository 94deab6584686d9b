"""Finding a stored run: by number, the latest, the one before it, or from a reference a user
typed ('latest' or a number), with the one message for a run that is not there."""

from __future__ import annotations

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session, aliased, load_only

from monotown.assess.models import AssessmentRun
from monotown.errors import InputError, or_not_found

MAX_ID = 2**31 - 1  # ids are 32-bit integers on every backend


def _no_run(run_id: int) -> str:
    return f"no assessment run {run_id} (see 'monotown assess show --list')"


NO_RUN_YET = "no assessment run is stored yet; run 'monotown assess run'"


def get_run(session: Session, run_id: int) -> AssessmentRun:
    # A number no id can be (20 digits from a URL) is simply not a run; the database would
    # refuse to compare with it.
    run = session.get(AssessmentRun, run_id) if 1 <= run_id <= MAX_ID else None
    return or_not_found(run, _no_run(run_id))


def latest_run(session: Session) -> AssessmentRun | None:
    return session.scalars(select(AssessmentRun).order_by(AssessmentRun.id.desc()).limit(1)).first()


def previous_run(session: Session, run: AssessmentRun) -> AssessmentRun | None:
    """The run stored before `run` (the same source), to say what changed."""
    query = (
        select(AssessmentRun)
        .where(AssessmentRun.id < run.id, AssessmentRun.source == run.source)
        .order_by(AssessmentRun.id.desc())
        .limit(1)
    )
    return session.scalars(query).first()


def _run_number(reference: str | int) -> int | None:
    """The run a reference names: its number, or None for 'latest'."""
    if isinstance(reference, str) and reference.strip().lower() == "latest":
        return None
    try:
        return int(reference)
    except ValueError:
        raise InputError("a run is a number or 'latest'", field="run", value=reference) from None


def resolve_run(session: Session, reference: str | int) -> AssessmentRun:
    """A run by number, or the latest with 'latest'."""
    number = _run_number(reference)
    if number is None:
        return or_not_found(latest_run(session), NO_RUN_YET)
    return get_run(session, number)


def _identified_run_query() -> Select[AssessmentRun, int | None]:
    """A run with only the columns that identify it, and the id of the run stored before it."""
    run, earlier = AssessmentRun, aliased(AssessmentRun)
    previous = (
        select(func.max(earlier.id))
        .where(earlier.id < run.id, earlier.source == run.source)
        .scalar_subquery()
    )
    identity = (run.created_at, run.methodology_hash, run.input_snapshot, run.n_units, run.source)
    return select(run, previous).options(load_only(*identity))


# Built once: a statement made per request costs more CPU than running it.
_LATEST_IDENTIFIED = _identified_run_query().order_by(AssessmentRun.id.desc()).limit(1)
_IDENTIFIED = _identified_run_query().where(AssessmentRun.id == bindparam("run"))


def resolve_run_and_previous(
    session: Session, reference: str | int
) -> tuple[AssessmentRun, int | None]:
    """`resolve_run` in one select that also finds the id of the run before it (as
    `previous_run`), loading only the columns that identify the run: its methodology, weights
    and other large columns load when first read. What a request for one town's result reads."""
    number = _run_number(reference)
    if number is None:
        found = session.execute(_LATEST_IDENTIFIED).first()
        run, previous = or_not_found(found, NO_RUN_YET)
    else:
        in_range = 1 <= number <= MAX_ID
        found = session.execute(_IDENTIFIED, {"run": number}).first() if in_range else None
        run, previous = or_not_found(found, _no_run(number))
    return run, previous
