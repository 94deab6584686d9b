"""`monotown import` and `monotown imports list|show|undo` as a user runs them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from tests.conftest import Cli
from tests.data.conftest import WriteFile

HEADER = "settlement,indicator,period,value\n"


def test_import_rejects_a_bad_file_listing_every_problem(
    data_cli: Cli, write_file: WriteFile
) -> None:
    path = write_file(
        "bad.csv",
        HEADER
        + "Temirtau,pop_total,2023,180000\nTemirtua,pop_total,2023,1\nRudny,pop_total,2023,x\n",
    )
    result = data_cli("import", str(path))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert (
        lines[0]
        == "bad.csv:3: field 'settlement' value 'Temirtua': unknown town (did you mean 'Temirtau'?)"
    )
    assert lines[1] == "bad.csv:4: field 'value' value 'x': is not a number"
    assert lines[2].startswith(
        "error: bad.csv (long CSV): 3 values read; 2 problem(s), nothing was written"
    )
    assert "--skip-invalid to write the 1 valid values" in lines[2]
    assert "Traceback" not in result.output
    assert json.loads(data_cli("imports", "list", "--format", "json").stdout) == []


def test_import_then_reimport_then_update_then_undo(data_cli: Cli, write_file: WriteFile) -> None:
    path = write_file(
        "a.csv", HEADER + "Temirtau,pop_total,2023,180000\nRudny,pop_total,2023,123100\n"
    )
    first = data_cli("import", str(path), "--source", "BNS 2024")
    assert first.exit_code == 0
    assert "values: a.csv: 2 created, 0 updated, 0 unchanged as batch 1" in first.stdout
    assert "undo: monotown records undo 1" in first.stdout
    again = data_cli("import", str(path))
    assert again.exit_code == 0
    assert "a.csv: nothing to change (0 created, 0 updated, 2 unchanged)" in again.stdout
    assert "warning: the same file was imported before as batch 1" in again.stdout

    newer = write_file("b.csv", HEADER + "Temirtau,pop_total,2023,181000\n")
    conflict = data_cli("import", str(newer))
    assert (
        conflict.exit_code == 1
        and "--update to replace the differing stored values" in conflict.stderr
    )
    assert "conflicts with the stored official value 180000, batch 1" in conflict.stderr
    updated = data_cli("import", str(newer), "--update")
    assert "b.csv: 0 created, 1 updated, 0 unchanged as batch 2" in updated.stdout

    listed = json.loads(data_cli("imports", "list", "--format", "json").stdout)
    assert [(b["id"], b["file_name"], b["n_changed"]) for b in listed] == [
        (2, "b.csv", 1),
        (1, "a.csv", 0),
    ]
    assert listed[1]["source"] == "BNS 2024"
    shown = json.loads(data_cli("imports", "show", "1", "--format", "json").stdout)
    assert shown["values_stored"] == 1 and shown["replaced_later_by"] == {"2": 1}
    table = data_cli("imports", "show", "2")
    assert "values it replaced: 1" in table.stdout and "b.csv" in table.stdout

    refused = data_cli("imports", "undo", "1")
    assert refused.exit_code == 1 and "undo them first" in refused.stderr
    assert "removed 1 values, restored 1" in data_cli("imports", "undo", "2").stdout
    assert "removed 2 values, restored 0" in data_cli("imports", "undo", "1").stdout
    statuses = json.loads(data_cli("imports", "list", "--format", "json").stdout)
    assert {b["status"] for b in statuses} == {"undone"}
    missing = data_cli("imports", "show", "9")
    assert missing.exit_code == 1 and "no import batch 9" in missing.stderr


def test_skip_invalid_dry_run_and_errors_file(
    data_cli: Cli, write_file: WriteFile, tmp_path: Path
) -> None:
    path = write_file(
        "mixed.csv", HEADER + "Temirtau,pop_total,2023,180000\nTemirtau,pop_total,2024,-1\n"
    )
    dry = data_cli("import", str(path), "--dry-run")
    assert dry.exit_code == 1
    assert (
        "values: mixed.csv: dry run, nothing stored: would be 1 created, 0 updated, 0 unchanged, "
        "1 skipped" in dry.stdout
    )
    assert "skipped: mixed.csv:3: field 'value' value '-1': is outside the range" in dry.stdout
    errors = tmp_path / "errors.csv"
    result = data_cli("import", str(path), "--skip-invalid", "--errors", str(errors))
    assert result.exit_code == 0
    assert "mixed.csv: 1 created, 0 updated, 0 unchanged, 1 skipped as batch 1" in result.stdout
    with errors.open(encoding="utf-8") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["row"] == "3" and row["reason"].startswith("is outside the range of pop_total")


def test_import_of_a_missing_file(data_cli: Cli, tmp_path: Path) -> None:
    result = data_cli("import", str(tmp_path / "nope.csv"))
    assert result.exit_code == 1 and "nope.csv: no such file" in result.stderr


def test_export_command_round_trips(data_cli: Cli, write_file: WriteFile, tmp_path: Path) -> None:
    source = write_file(
        "a.csv", HEADER + "Temirtau,pop_total,2023,180000\nRudny,pop_total,2023,123100\n"
    )
    assert data_cli("import", str(source)).exit_code == 0
    for fmt, name in (
        ("csv", "o.csv"),
        ("xlsx", "o.xlsx"),
        ("dhis2-json", "o.json"),
        ("dhis2-csv", "d.csv"),
    ):
        out = tmp_path / name
        exported = data_cli("export", "--format", fmt, "-o", str(out))
        assert exported.exit_code == 0 and f"2 values written to {out}" in exported.stdout
        again = data_cli("import", str(out))
        assert "nothing to change (0 created, 0 updated, 2 unchanged)" in again.stdout, again.output
    subset = tmp_path / "s.csv"
    result = data_cli(
        "export",
        "-o",
        str(subset),
        "--towns",
        "Рудный,Temirtau",
        "--from",
        "2023",
        "--to",
        "2023",
        "--indicators",
        "pop_total",
    )
    assert "2 values written" in result.stdout
    wide = data_cli("export", "--wide", "-o", str(tmp_path / "w.csv"))
    assert "2 values written" in wide.stdout and "(csv, wide)" in wide.stdout
    bad = data_cli("export", "--format", "dhis2-json", "--wide", "-o", str(tmp_path / "x.json"))
    assert bad.exit_code == 1 and "the wide layout exists for csv and xlsx only" in bad.stderr
    unknown = data_cli("export", "-o", str(tmp_path / "y.csv"), "--towns", "Nowhere")
    assert unknown.exit_code == 1 and "no town named 'Nowhere'" in unknown.stderr


def test_dhis2_org_units_command_maps_settlements(data_cli: Cli, write_file: WriteFile) -> None:
    mapping = write_file("ou.csv", "settlement,org_unit\nТемиртау,OU_TMT\nrudny,OU_RDN\n")
    result = data_cli("data", "dhis2-org-units", str(mapping))
    assert result.exit_code == 0 and "set for 2 settlement(s)" in result.stdout
    values = write_file(
        "dv.json",
        '{"orgUnit": "OU_TMT", "dataValues": [{"dataElement": "MT_POP_TOTAL", "period": "2023",'
        ' "value": "180000"}]}',
    )
    assert "1 created" in data_cli("import", str(values)).stdout
    bad = write_file("bad.csv", "settlement,org_unit\nTemirtau,OU_X\nRudny,OU_X\n")
    refused = data_cli("data", "dhis2-org-units", str(bad))
    assert refused.exit_code == 1
    assert "bad.csv:3: field 'org_unit' value 'OU_X': is already given to another settlement" in (
        refused.stderr
    )
    unknown = write_file("unknown.csv", "settlement,org_unit\nTemirtua,OU_Y\n")
    failed = data_cli("data", "dhis2-org-units", str(unknown))
    assert "unknown.csv:2: field 'settlement' value 'Temirtua': no town named 'Temirtua'" in (
        failed.stderr
    )


def test_import_into_a_database_without_tables_says_to_upgrade(
    empty_cli: Cli, write_file: WriteFile
) -> None:
    result = empty_cli("import", str(write_file("a.csv", HEADER + "Temirtau,pop_total,2023,1\n")))
    assert result.exit_code == 1 and "run 'monotown db upgrade' first" in result.stderr


def test_import_prints_the_report_as_records_import_does(
    data_cli: Cli, write_file: WriteFile
) -> None:
    path = write_file(
        "mixed.csv", HEADER + "Temirtau,pop_total,2023,180000\nTemirtau,pop_total,2024,-1\n"
    )
    options = ("--dry-run", "--skip-invalid")
    values = data_cli("import", str(path), *options)
    records = data_cli("records", "import", "values", str(path), *options)
    assert values.exit_code == records.exit_code == 0, values.output
    assert values.stdout.splitlines() == records.stdout.replace(str(path), path.name).splitlines()
    assert values.stdout.splitlines()[1].startswith("skipped: mixed.csv:3: field 'value'")
    written = data_cli("import", str(path), "--skip-invalid")
    assert written.exit_code == 0
    batch = json.loads(data_cli("imports", "list", "--format", "json").stdout)[0]["id"]
    assert written.stdout.splitlines()[-1] == f"undo: monotown records undo {batch}"
