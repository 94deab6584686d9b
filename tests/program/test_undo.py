"""Undoing a program import restores exactly the state before it, including replaced records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine

from monotown.db import session_scope
from monotown.errors import ConflictError
from monotown.program import import_file
from monotown.program.entities import ENTITIES
from monotown.records.provenance import ImportBatch, undo_batch
from tests.conftest import Cli
from tests.program.conftest import write_csv
from tests.program.samples import SAMPLES
from tests.program.test_import_export import load_needs, load_sample, snapshot

ENTITY_NAMES = list(SAMPLES)


def import_change(engine: Engine, tmp_path: Path, name: str) -> int:
    """Import the sample again with one cell changed; returns its batch."""
    sample = SAMPLES[name]
    index, column, value = sample.change
    header = list(sample.header)
    rows = [list(row) for row in sample.rows]
    if column not in header:
        header.append(column)
        for row in rows:
            row.append("")
    rows[index][header.index(column)] = value
    path = write_csv(tmp_path / f"{name}-changed.csv", header, rows)
    with session_scope(engine) as session:
        result = import_file(session, name, path)
    assert result.counts[name].n_changed == 1
    assert result.counts[name].n_unchanged == len(rows) - 1
    return result.batch_id


def undo(engine: Engine, batch_id: int) -> None:
    with session_scope(engine) as session:
        undo_batch(session, batch_id, user="tester")


def batch_ids(engine: Engine, name: str) -> list[int | None]:
    entity = ENTITIES[name]
    with session_scope(engine) as session:
        return [record.batch_id for record in entity.records(session)]


@pytest.mark.parametrize("name", ENTITY_NAMES)
def test_undo_restores_replaced_records_then_removes_created_ones(
    name: str, reference_engine: Engine, tmp_path: Path
) -> None:
    load_needs(reference_engine, tmp_path, name)
    empty = snapshot(reference_engine, name)
    first = load_sample(reference_engine, tmp_path, name, needs=False)
    loaded, loaded_batches = snapshot(reference_engine, name), batch_ids(reference_engine, name)
    second = import_change(reference_engine, tmp_path, name)
    assert snapshot(reference_engine, name) != loaded

    undo(reference_engine, second)
    assert snapshot(reference_engine, name) == loaded
    assert batch_ids(reference_engine, name) == loaded_batches

    undo(reference_engine, first)
    assert snapshot(reference_engine, name) == empty


def test_a_batch_changed_later_cannot_be_undone_first(
    reference_engine: Engine, tmp_path: Path
) -> None:
    first = load_sample(reference_engine, tmp_path, "targets")
    second = import_change(reference_engine, tmp_path, "targets")
    with pytest.raises(ConflictError, match=f"changed since by import batch {second}"):
        undo(reference_engine, first)
    undo(reference_engine, second)
    undo(reference_engine, first)
    assert snapshot(reference_engine, "targets") == []


def test_records_referred_to_by_a_later_import_block_undo(
    reference_engine: Engine, tmp_path: Path
) -> None:
    plans = load_sample(reference_engine, tmp_path, "plans")
    path = write_csv(
        tmp_path / "m.csv", ["code", "plan", "action", "status"], [["m", "p-2", "Act", "planned"]]
    )
    with session_scope(reference_engine) as session:
        measures = import_file(session, "measures", path).batch_id
    with pytest.raises(ConflictError, match="referred to by records another import added"):
        undo(reference_engine, plans)
    assert len(snapshot(reference_engine, "plans")) == 2
    undo(reference_engine, measures)
    undo(reference_engine, plans)
    assert snapshot(reference_engine, "plans") == []


def test_a_project_status_change_is_history_and_undo_removes_it(
    reference_engine: Engine, tmp_path: Path
) -> None:
    load_sample(reference_engine, tmp_path, "projects")
    change = import_change(reference_engine, tmp_path, "projects")
    history = [r for r in snapshot(reference_engine, "project_statuses") if r["project"] == "a-1"]
    # Same date given in the file: the new status is a second entry of that day.
    assert [(r["status"], r["status_on"]) for r in history] == [
        ("under_implementation", "2022-03-01"),
        ("operating", "2022-03-01"),
    ]
    (project,) = [r for r in snapshot(reference_engine, "projects") if r["code"] == "a-1"]
    assert project["status"] == "operating"
    undo(reference_engine, change)
    history = [r for r in snapshot(reference_engine, "project_statuses") if r["project"] == "a-1"]
    assert [r["status"] for r in history] == ["under_implementation"]
    (project,) = [r for r in snapshot(reference_engine, "projects") if r["code"] == "a-1"]
    assert project["status"] == "under_implementation"


def test_cli_import_batches_and_undo(cli: Cli, tmp_path: Path) -> None:
    sample = SAMPLES["zones"]
    path = write_csv(tmp_path / "zones.csv", sample.header, sample.rows)
    imported = cli("program", "import", "zones", str(path), "--source", "akimat letter")
    assert imported.exit_code == 0, imported.stderr
    assert "2 rows, 2 new, 0 changed, 0 unchanged" in imported.stdout
    batches = json.loads(cli("program", "batches", "--format", "json").stdout)
    assert batches[0]["file"] == "zones.csv" and batches[0]["status"] == "committed"
    batch = batches[0]["batch"]
    undone = cli("program", "undo", str(batch))
    assert undone.exit_code == 0, undone.stderr
    assert f"undid import batch {batch}" in undone.stdout
    again = cli("program", "undo", str(batch))
    assert again.exit_code == 1
    assert f"error: import batch {batch} was already undone" in again.stderr
    assert len(cli("program", "export", "zones").stdout.splitlines()) == 1  # the header only


def test_cli_import_reports_every_problem_and_exits_1(cli: Cli, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "directives.csv",
        ["code", "text", "responsible", "towns", "deadline", "status"],
        [["d", "Zones", "Akimat", "Kulsari", "2025-12-01", "overdue"]],
    )
    result = cli("program", "import", "directives", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: directives.csv:2: field 'towns' value 'Kulsari': no town named 'Kulsari' "
        "(did you mean 'Kulsary'?)",
        "directives.csv:2: field 'status' value 'overdue': 'overdue' is derived from the "
        "deadline and today's date, never typed in; record open or extended",
        "directives.csv: 2 problem(s) in 1 row(s); nothing was imported",
    ]


def test_cli_export_to_file_and_stdout(facts_cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "directives.xlsx"
    result = facts_cli("program", "export", "directives", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert "exported 16 directives rows" in result.stdout
    again = facts_cli("program", "import", "directives", str(out))
    assert "16 rows, 0 new, 0 changed, 16 unchanged" in again.stdout
    stdout = facts_cli("program", "export", "targets")
    assert stdout.stdout.splitlines()[0].startswith("code,name,unit,scope,baseline_year")


def test_cli_lists_entities_and_columns(calc_cli: Cli) -> None:
    entities = json.loads(calc_cli("program", "entities", "--format", "json").stdout)
    assert [row["entity"] for row in entities] == list(ENTITIES)
    columns = json.loads(calc_cli("program", "columns", "directives", "--format", "json").stdout)
    status = next(row for row in columns if row["column"] == "status")
    assert "never typed in" in status["meaning"]


def test_undo_audits_each_restored_record(reference_engine: Engine, tmp_path: Path) -> None:
    from monotown.records.provenance import AuditEntry

    batch = load_sample(reference_engine, tmp_path, "contracts")
    undo(reference_engine, batch)
    with session_scope(reference_engine) as session:
        entries = session.scalars(
            select(AuditEntry).where(
                AuditEntry.batch_id == batch, AuditEntry.note == f"undo of import batch {batch}"
            )
        ).all()
        assert sorted(entry.entity_key for entry in entries) == ["c-1", "c-2"]
        assert {entry.action for entry in entries} == {"delete"}
        assert session.get_one(ImportBatch, batch).status == "undone"
