"""Every program entity imports, validates, exports and round-trips, on both databases."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from monotown.db import session_scope
from monotown.errors import ImportProblems
from monotown.program import export_file, export_rows, import_file
from monotown.program.entities import ENTITIES
from monotown.records.provenance import AuditEntry, ImportBatch
from tests.program.conftest import write_csv
from tests.program.samples import SAMPLES, bad_row

ENTITY_NAMES = list(SAMPLES)


def load_needs(engine: Engine, tmp_path: Path, name: str) -> None:
    for needed in SAMPLES[name].needs:
        load_sample(engine, tmp_path, needed)


def load_sample(engine: Engine, tmp_path: Path, name: str, *, needs: bool = True) -> int:
    """Import an entity's sample (after what it needs); returns the batch of the sample itself."""
    sample = SAMPLES[name]
    if needs:
        load_needs(engine, tmp_path, name)
    path = write_csv(tmp_path / f"{name}.csv", sample.header, sample.rows)
    with session_scope(engine) as session:
        return import_file(session, name, path).batch_id


def snapshot(engine: Engine, name: str) -> list[dict[str, object]]:
    with session_scope(engine) as session:
        return export_rows(session, name)


def assert_audited(engine: Engine, name: str, batch_id: int) -> None:
    """The batch is recorded, each record knows it, and each write has an audit entry."""
    entity = ENTITIES[name]
    with session_scope(engine) as session:
        batch = session.get_one(ImportBatch, batch_id)
        assert (batch.kind, batch.status, batch.n_new) == ("program", "committed", 2)
        assert batch.file_name == f"{name}.csv" and batch.sha256
        records = session.scalars(select(entity.model)).all()
        assert sum(record.batch_id == batch_id for record in records) == 2
        entries = session.scalars(
            select(AuditEntry).where(
                AuditEntry.batch_id == batch_id, AuditEntry.entity == f"program.{name}"
            )
        ).all()
        assert len(entries) == 2
        assert all(entry.action == "create" and entry.old is None for entry in entries)
        assert all(entry.origin == "import" for entry in entries)


def test_every_entity_has_a_sample() -> None:
    assert set(SAMPLES) == set(ENTITIES)


@pytest.mark.parametrize("name", ENTITY_NAMES)
def test_bad_rows_are_refused_then_good_ones_audited_and_round_tripped_in_csv_and_xlsx(
    name: str, reference_engine: Engine, tmp_path: Path
) -> None:
    sample = SAMPLES[name]
    load_needs(reference_engine, tmp_path, name)
    before = snapshot(reference_engine, name)
    with session_scope(reference_engine) as session:
        batches_before = session.scalar(select(func.count()).select_from(ImportBatch))

    # A file with one good and one bad row: one clear line for the bad cell, nothing written.
    path = write_csv(tmp_path / "bad.csv", sample.header, [sample.rows[1], bad_row(sample)])
    column, value, reason = sample.bad
    with pytest.raises(ImportProblems) as raised, session_scope(reference_engine) as session:
        import_file(session, name, path)
    first_line = raised.value.message.splitlines()[0]
    assert first_line.startswith(f"bad.csv:3: field '{column}' value '{value}': ")
    assert reason in first_line
    assert raised.value.message.endswith("nothing was imported")
    assert snapshot(reference_engine, name) == before
    with session_scope(reference_engine) as session:
        assert session.scalar(select(func.count()).select_from(ImportBatch)) == batches_before

    # The good file: stored, audited, and export -> import changes nothing in either format.
    batch_id = load_sample(reference_engine, tmp_path, name, needs=False)
    stored = snapshot(reference_engine, name)
    assert len(stored) == len(before) + len(sample.rows)
    assert_audited(reference_engine, name, batch_id)
    for suffix in ("csv", "xlsx"):
        path = tmp_path / f"export.{suffix}"
        with session_scope(reference_engine) as session:
            assert export_file(session, name, path) == len(stored)
        with session_scope(reference_engine) as session:
            result = import_file(session, name, path)
        counts = result.counts[name]
        assert (counts.n_new, counts.n_changed, counts.n_unchanged) == (0, 0, len(stored))
        assert snapshot(reference_engine, name) == stored


def test_many_problems_are_listed_one_a_line(reference_engine: Engine, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "projects.csv",
        ["code", "name", "kind", "town", "value_kzt", "status", "start_on"],
        [
            ["x-1", "Plant", "anchor", "Temirtaw", "-5", "operating", "2024-13-01"],
            ["x-2", "", "factory", "Temirtau", "1,5", "paused", ""],
            ["x-1", "Plant", "anchor", "Temirtau", "5", "operating", ""],
            ["x-1", "Plant", "anchor", "Temirtau", "5", "operating", ""],
        ],
    )
    with pytest.raises(ImportProblems) as raised, session_scope(reference_engine) as session:
        import_file(session, "projects", path)
    lines = raised.value.message.splitlines()
    assert lines == [
        "projects.csv:2: field 'town' value 'Temirtaw': no town named 'Temirtaw' "
        "(did you mean 'Temirtau'?)",
        "projects.csv:2: field 'value_kzt' value '-5': must be at least 0",
        "projects.csv:2: field 'start_on' value '2024-13-01': is not a date: write YYYY-MM-DD "
        "(or DD.MM.YYYY)",
        "projects.csv:3: field 'name' value '': is required",
        "projects.csv:3: field 'kind' value 'factory': must be one of anchor, investment",
        "projects.csv:3: field 'value_kzt' value '1,5': is not a number: use a dot for decimals "
        "and no thousands commas",
        "projects.csv:3: field 'status' value 'paused': must be one of planned, "
        "under_implementation, operating, idle, cancelled",
        "projects.csv:5: repeats the key (code) of row 4",
        "projects.csv: 8 problem(s) in 3 row(s); nothing was imported",
    ]


def test_a_wrong_header_is_rejected_with_suggestions(
    reference_engine: Engine, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "zones.csv", ["code", "nmae", "town"], [["z", "Z", "Saran"]])
    with pytest.raises(ImportProblems) as raised, session_scope(reference_engine) as session:
        import_file(session, "zones", path)
    message = raised.value.message
    assert "zones.csv:1: unknown column 'nmae' (did you mean 'name'?)" in message
    assert "zones.csv:1: missing required column 'name'" in message
    assert "zones.csv:1: missing required column 'status'" in message


def test_a_file_may_update_only_some_columns(reference_engine: Engine, tmp_path: Path) -> None:
    load_sample(reference_engine, tmp_path, "budget")
    path = write_csv(
        tmp_path / "disbursed.csv",
        ["plan", "town", "year", "budget_source", "purpose", "disbursed_kzt"],
        [["p-2", "Balkhash", "2023", "national", "water supply", "899"]],
    )
    with session_scope(reference_engine) as session:
        result = import_file(session, "budget", path)
    assert result.counts["budget"].n_changed == 1
    row = next(r for r in snapshot(reference_engine, "budget") if r["town"] == "Balkhash")
    assert (row["planned_kzt"], row["allocated_kzt"], row["disbursed_kzt"]) == (1000, 900, 899)


def test_semicolon_csv_with_bom_and_dotted_dates_is_read(
    reference_engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "contracts.csv"
    path.write_text(
        "\ufeffcode;kind;buyer;producer;town;signed_on\n"
        "c-9;offtake;Qarmet;Temirtau Bolt;Теміртау;15.03.2025\n",
        encoding="utf-8",
    )
    with session_scope(reference_engine) as session:
        import_file(session, "contracts", path)
    (row,) = snapshot(reference_engine, "contracts")
    assert (row["town"], row["signed_on"]) == ("Temirtau", "2025-03-15")


def test_unsupported_and_empty_files_are_clear_errors(
    reference_engine: Engine, tmp_path: Path
) -> None:
    (tmp_path / "x.txt").write_text("a,b\n")
    (tmp_path / "empty.csv").write_text("")
    with session_scope(reference_engine) as session:
        with pytest.raises(Exception, match=r"unsupported file type '\.txt'"):
            import_file(session, "zones", tmp_path / "x.txt")
        with pytest.raises(Exception, match="the file is empty"):
            import_file(session, "zones", tmp_path / "empty.csv")
        with pytest.raises(Exception, match="no program entity 'zone'; choose one of facts"):
            import_file(session, "zone", tmp_path / "empty.csv")


def test_directive_lists_round_trip_in_order(reference_engine: Engine, tmp_path: Path) -> None:
    load_sample(reference_engine, tmp_path, "directives")
    first = snapshot(reference_engine, "directives")[0]
    assert first["responsible"] == ["Akimat of Karaganda Region", "Akimat of Atyrau Region"]
    assert first["towns"] == ["Balkhash", "Kulsary"]
    path = tmp_path / "out.csv"
    with session_scope(reference_engine) as session:
        export_file(session, "directives", path)
    with path.open(encoding="utf-8") as handle:
        row = next(csv.DictReader(handle))
    assert row["responsible"] == "Akimat of Karaganda Region; Akimat of Atyrau Region"
