"""The assessment capability's kind of record: stored assessment runs.

Deleting a run is one undoable batch (`records.deletion`): the run with its results and
uncertainty rows (removed with it by the database), all put back when the batch is undone.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from monotown.assess import store
from monotown.records.deletion import delete_record
from monotown.records.kinds import Actor, Kind, columns


def run_rows(session: Session) -> list[dict[str, Any]]:
    frame = store.list_runs(session)
    rows: list[dict[str, Any]] = []
    for record in frame.to_dict(orient="records"):
        row = {str(name): value for name, value in record.items()}
        row["run"] = int(row["run"])
        for name in ("units", "indicators", "replications"):
            row[name] = None if row[name] is None or row[name] != row[name] else int(row[name])
        rows.append(row)
    return rows


def _delete_run(session: Session, reference: str, actor: Actor, force: bool) -> int:
    found = store.resolve_run(session, reference)
    old = {"methodology": found.methodology_name, "period": found.period, "units": found.n_units}
    return delete_record(
        session, found, kind="runs", key=str(found.id), audit_entity="assessment_run", old=old,
        actor=actor,
    )  # fmt: skip


RUNS_KIND = Kind(
    key="runs", title="Assessment runs", capability="assess", key_column="run",
    columns=columns(
                """
    run                    integer  The run's number.
    created_at             text     When it ran (UTC).
    user                   text     Who ran it.
    period                 text     The period it assessed.
    methodology            text     The methodology's name.
    methodology_hash       text     Start of the methodology file's SHA-256.
    input_snapshot         text     Start of the input data's SHA-256.
    units                  integer  Towns assessed.
    indicators             integer  Indicators used.
    replications           integer  Monte Carlo replications.
    """
            ),
    rows=run_rows, table="assessment_run",
    description="Stored runs of the composite index, each with its recipe and inputs.",
    default_sort="-run", group_bys=("methodology", "period"),
    search_columns=("methodology", "user", "period"), delete=_delete_run,
    not_importable="a run is made by `monotown assess run` from the stored values and a "
    "methodology, so that its inputs and recipe are known; it is never read from a file",
    aliases={"assessment_runs": "runs", "run": "runs"},
)  # fmt: skip


def kinds() -> list[Kind]:
    """The assessment capability's kinds, for `monotown.catalog`."""
    return [RUNS_KIND]
